"""Nightly operations on real parts: a real Prefect server, a served schedule, locks, run records."""

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
from prefect.deployments import run_deployment
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.nightly_ingest import nightly_ingest
from tests.inputs import EXTRA_ARTICLE, write_articles
from tests.warehouse_queries import query
from vnews.defaults import bundled_sample
from vnews.prefect_api import api_is_healthy

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.5)
    raise TimeoutError(f"timed out waiting for {what}")


@pytest.fixture
def real_prefect_server(tmp_path):
    """A real `prefect server start` on 127.0.0.1 with its own PREFECT_HOME; yields its API URL."""
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    server = subprocess.Popen(
        [BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until(lambda: api_is_healthy(api_url), 120, "the Prefect server")
        yield api_url, env
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


async def _deployment(name: str):
    async with get_client() as client:
        try:
            return await client.read_deployment_by_name(name)
        except Exception:
            return None


@pytest.mark.slow
def test_served_deployment_runs_on_a_real_prefect_server(real_prefect_server, tmp_path):
    api_url, env = real_prefect_server
    data_dir = tmp_path / "data"
    serve = subprocess.Popen(
        [BIN / "vnews", "serve", "--input", str(bundled_sample()), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with temporary_settings({PREFECT_API_URL: api_url}):
            deployment = _wait_until(lambda: asyncio.run(_deployment("nightly-ingest/nightly")), 120, "the deployment")
            [schedule] = deployment.schedules
            assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Asia/Ho_Chi_Minh")
            assert deployment.parameters["data_dir"] == str(data_dir)

            flow_run = run_deployment("nightly-ingest/nightly", timeout=300)
        assert flow_run.state.is_completed(), flow_run.state
        assert query(data_dir, "select count(*) from documents") == [(5,)]
        assert query(data_dir, "select run_id, status from runs") == [(str(flow_run.id), "completed")]
    finally:
        os.killpg(serve.pid, 15)
        serve.wait(timeout=60)


@pytest.mark.slow
def test_a_second_run_on_the_same_data_dir_exits_with_a_clear_message(tmp_path, subprocess_env):
    folder = tmp_path / "input"
    shutil.copytree(bundled_sample(), folder)
    write_articles(folder, 3000)  # seconds of work after the lock is taken, so the two runs overlap
    data_dir = tmp_path / "data"
    command = [BIN / "vnews", "run", "--input", str(folder), "--data-dir", str(data_dir)]
    runs = [
        subprocess.Popen(command, env=subprocess_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]  # started together: whichever takes the lock first runs, the other must refuse
    outputs = [run.communicate(timeout=600)[0] for run in runs]

    assert sorted(run.returncode for run in runs) == [0, 1], outputs
    refused = outputs[[run.returncode for run in runs].index(1)]
    assert f"Error: run failed: another vnews run is using {data_dir}" in refused
    assert query(data_dir, "select count(*) from documents") == [(3005,)]
    assert query(data_dir, "select count(*) from runs") == [(1,)]


@pytest.mark.slow
def test_a_run_that_fails_is_recorded_with_its_reason(tmp_path):
    data_dir = tmp_path / "data"
    missing = tmp_path / "not-mounted"
    state = nightly_ingest(input_dir=str(missing), data_dir=str(data_dir), return_state=True)
    assert state.is_failed()
    [run_file] = (data_dir / "lake" / "runs").glob("*.parquet")
    [run] = pq.read_table(run_file).to_pylist()
    assert run["status"] == "failed" and f"input directory not found: {missing}" in run["message"]

    summary = nightly_ingest(input_dir=str(bundled_sample()), data_dir=str(data_dir))  # the next night catches up
    assert summary.documents_new == 5
    assert query(data_dir, "select status, count(*) from runs group by 1 order by 1") == [
        ("completed", 1),
        ("failed", 1),
    ]


def test_each_run_publishes_a_markdown_summary_artifact(sample_input_run):
    summary = sample_input_run[2]  # a first night over the sample, on the test run's Prefect server

    async def of_the_run():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[summary.run_id]),
                    key=ArtifactFilterKey(any_=["nightly-ingest-summary"]),
                )
            )

    artifacts = asyncio.run(of_the_run())
    assert artifacts and artifacts[0].type == "markdown"
    assert "| documents | 5 new |" in artifacts[0].data and summary.run_id in artifacts[0].description


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under folder, with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _names_itself(folder: Path, *absolute: Path) -> list[str]:
    """The files under folder that hold any of these absolute paths."""
    return [
        str(path)
        for path in folder.rglob("*")
        if path.is_file() and any(str(a).encode() in path.read_bytes() for a in absolute)
    ]


def _works_in(data_dir: Path, input_dir: Path, article: str, env: dict[str, str]) -> None:
    """A run with one new article, then `vnews docs`, `check`, `sql` and `report`, all on data_dir."""
    (input_dir / f"{len(list(input_dir.iterdir())):03d}_new.txt").write_text(article, encoding="utf-8")
    commands = [
        ["run", "--input", str(input_dir)],
        ["docs"],
        ["check"],
        ["sql", "select count(*) as runs from runs"],
        ["report"],
    ]
    outputs = []
    for command in commands:
        result = subprocess.run(
            [BIN / "vnews", *command, "--data-dir", str(data_dir)], capture_output=True, text=True, env=env, timeout=300
        )
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        outputs.append(result.stdout)
    run, docs, check, sql, report = outputs
    assert f"report     {data_dir / 'docs' / 'index.html'}" in run and "documents  1 new" in run
    assert docs.strip() == str(data_dir / "docs" / "index.html") and check.startswith("ok:")
    assert report.strip() == str(data_dir / "report" / "report.html")
    page = (data_dir / "docs" / "index.html").read_text(encoding="utf-8")
    assert page.count('<span class="ok">completed</span>') == int(sql.split()[-3])  # every run is on the page


@pytest.mark.slow
def test_a_data_directory_can_be_copied_or_moved(sample_input, tmp_path, subprocess_env):
    """No absolute path inside: after `cp -r` and after `mv`, every command works on (and writes only in) the new
    place, and leaves the old one alone."""
    days = tmp_path / "days"
    assert nightly_ingest(input_dir=str(sample_input), data_dir=str(days)).documents_new == 5
    assert _names_itself(days, days) == []
    subprocess.run(["cp", "-r", str(days), str(tmp_path / "bigdata")], check=True)
    before = _listing(days)

    _works_in(tmp_path / "bigdata", sample_input, EXTRA_ARTICLE, subprocess_env)
    subprocess.run(["mv", str(tmp_path / "bigdata"), str(tmp_path / "moved")], check=True)
    _works_in(tmp_path / "moved", sample_input, EXTRA_ARTICLE.replace("12/3/2024", "13/3/2024"), subprocess_env)

    assert _listing(days) == before and not (tmp_path / "bigdata").exists()
    assert _names_itself(tmp_path / "moved", days, tmp_path / "bigdata", tmp_path / "moved") == []
