"""Scale-out: the tagging batches on a real Dask cluster (2 worker processes) give the same warehouse."""

import pytest
from distributed import Client, LocalCluster

from flows.nightly_ingest import nightly_ingest
from flows.tagging import make_task_runner
from tests.warehouse_queries import snapshot

VOLATILE = ("run_id", "ingested_at")


@pytest.fixture
def default_run(sample_run):
    return sample_run


def _ner_model_loaded() -> bool:
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor

    return hasattr(CRFNERPredictor, "_instance")


@pytest.mark.slow
def test_sample_on_a_local_dask_cluster_gives_the_same_warehouse(default_run, tmp_path):
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        summary = nightly_ingest(
            data_dir=str(tmp_path / "data"), task_runner="dask", dask_address=cluster.scheduler_address
        )
        # The sample is one tagging batch, yet every worker loaded the models while the files were read.
        with Client(cluster) as client:
            assert set(client.run(_ner_model_loaded).values()) == {True}
    assert summary.mentions_new > 0
    assert snapshot(tmp_path / "data", drop=VOLATILE) == snapshot(default_run, drop=VOLATILE)


@pytest.mark.slow
def test_process_pool_gives_the_same_warehouse(default_run, tmp_path):
    nightly_ingest(data_dir=str(tmp_path / "data"), task_runner="process")
    assert snapshot(tmp_path / "data", drop=VOLATILE) == snapshot(default_run, drop=VOLATILE)


def test_unknown_task_runner_is_refused():
    with pytest.raises(ValueError, match="unknown task runner 'spark'"):
        make_task_runner("spark")
