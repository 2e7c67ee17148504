"""Prefect flows of vnews."""

import os

# vnews runs offline: the local Prefect server must not try to send usage telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
