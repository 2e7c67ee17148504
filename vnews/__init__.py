"""vnews: nightly ETL of Vietnamese news text into a DuckDB warehouse."""

import os

# vnews runs offline, so neither Prefect's local server nor its client may try to send usage telemetry (the client
# would also print its first-run telemetry notice into a run on a terminal). Set before anything imports Prefect.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
