"""vnews: nightly ETL of Vietnamese news text into a DuckDB warehouse."""
