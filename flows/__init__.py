"""Prefect flows of vnews."""

import os

# vnews runs offline: the local Prefect server must not try to send usage telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from prefect.cache_policies import NO_CACHE  # noqa: E402  (after the setting above)

# Tasks pass whole batches; Prefect's default input-hash cache key would serialize them all.
TASK_OPTIONS = {"cache_policy": NO_CACHE}
