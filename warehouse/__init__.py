"""The DuckDB warehouse: schema migrations, the Parquet lake, and all-or-nothing loads."""
