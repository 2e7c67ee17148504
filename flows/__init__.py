"""Prefect flows of vnews."""

import vnews  # noqa: F401  (its telemetry settings must precede Prefect's import)

# isort: split
import prefect.main  # noqa: E402, F401  (Prefect's logging set-up, which underthesea's import must follow)

# underthesea reconfigures logging when imported (logging.config.dictConfig flushes every handler);
# imported later, inside a run, that flush deadlocks with the thread sending Prefect's logs. So it is
# imported here, once, before any run logs (about 0.3 s; Great Expectations and pandas stay lazy).
import underthesea  # noqa: E402, F401
from prefect.cache_policies import NO_CACHE  # noqa: E402  (after the setting above)

# Tasks pass whole batches; Prefect's default input-hash cache key would serialize them all.
TASK_OPTIONS = {"cache_policy": NO_CACHE}
