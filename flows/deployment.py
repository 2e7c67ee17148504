"""The scheduled deployment of nightly-ingest, served by a long-running `vnews serve` process."""

from prefect.deployments.runner import EntrypointType
from prefect.schedules import Cron

from flows.nightly_ingest import nightly_ingest

DEPLOYMENT_NAME = "nightly"


def serve_nightly(cron: str, timezone: str, parameters: dict) -> None:
    """Register nightly-ingest/nightly with its schedule and run its flow runs, one at a time."""
    nightly_ingest.serve(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters,
        global_limit=1,
        tags=["vnews"],
        description="Ingest the day's article files into the vnews warehouse.",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
