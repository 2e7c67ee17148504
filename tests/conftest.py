import os
import shutil
import socket
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

import flows  # noqa: F401  (configures Prefect for offline use before it is imported)
from tests.inputs import first_sample_night
from tests.processes import run_vnews_plainly
from vnews.defaults import bundled_sample

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
        raise RuntimeError(f"tests must not use the network (tried {address!r})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection outside loopback fails the test: vnews must work offline."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session", autouse=True)
def prefect_server():
    """One real (temporary, local) Prefect server for the whole test run; yields its API URL."""
    from prefect.settings import PREFECT_API_URL

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture
def subprocess_env(prefect_server) -> dict[str, str]:
    """Environment for `vnews` subprocesses: they report to the test run's Prefect server."""
    return {**os.environ, "PREFECT_API_URL": prefect_server}


@pytest.fixture(scope="session")
def plain_sample_run(tmp_path_factory, prefect_server) -> tuple[Path, tuple[float, list[str], str]]:
    """One `vnews run` of the bundled sample as cron or CI starts it (a subprocess, stderr not a terminal, reporting
    to the test run's Prefect server): (its data directory, what `run_vnews_plainly` returns). Its output is what
    tests/test_progress.py checks; its data directory is `sample_run`."""
    data_dir = tmp_path_factory.mktemp("sample-run") / "data"
    return data_dir, run_vnews_plainly(data_dir, {**os.environ, "PREFECT_API_URL": prefect_server})


@pytest.fixture(scope="session")
def sample_run(plain_sample_run) -> Path:
    """The data directory of one nightly-ingest run of the bundled sample, shared by every test that only reads it
    (copy it with shutil.copytree to change it)."""
    return plain_sample_run[0]


@pytest.fixture(scope="session")
def sample_input_run(tmp_path_factory, prefect_server):
    """(the input folder, the data directory, the run's summary) of one nightly-ingest run over a copy of the
    bundled sample. Read only: tests that change the input or the warehouse use `sample_night`."""
    from flows.nightly_ingest import nightly_ingest

    base = tmp_path_factory.mktemp("sample-input-run")
    input_dir, data_dir = base / "input", base / "data"
    shutil.copytree(bundled_sample(), input_dir)
    summary = nightly_ingest(input_dir=str(input_dir), data_dir=str(data_dir))
    return input_dir, data_dir, summary


@pytest.fixture
def sample_night(sample_input_run, tmp_path) -> tuple[Path, Path]:
    """(input folder, data directory) just after a first night over a copy of the sample, both the test's to change:
    a cheap copy of `sample_input_run` instead of a run of its own."""
    data_dir = tmp_path / "data"
    return first_sample_night(sample_input_run, data_dir), data_dir


@pytest.fixture
def sample_input(tmp_path) -> Path:
    """A writable copy of the bundled sample corpus."""
    target = tmp_path / "input"
    shutil.copytree(bundled_sample(), target)
    return target


MULTI_DAY_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_days"


@pytest.fixture(scope="session")
def days_run(tmp_path_factory, prefect_server) -> Path:
    """The data directory of one run over the bundled multi-day sample (ten articles, seven outlets, with sidecars)."""
    from flows.nightly_ingest import nightly_ingest

    data_dir = tmp_path_factory.mktemp("days-run") / "data"
    nightly_ingest(input_dir=str(MULTI_DAY_SAMPLE), data_dir=str(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server on 127.0.0.1 for the whole test run (DuckLake catalogs); yields its conninfo."""
    from tests.postgres import postgres_server

    with postgres_server() as conninfo:
        yield conninfo
