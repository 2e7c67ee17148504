import os
import shutil
import socket
from pathlib import Path

import pytest

import flows  # noqa: F401  (configures Prefect for offline use before it is imported)
from prefect.testing.utilities import prefect_test_harness

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
def sample_run(tmp_path_factory, prefect_server) -> Path:
    """The data directory of one nightly-ingest run of the bundled sample, shared by every test that only reads it."""
    from flows.nightly_ingest import nightly_ingest

    data_dir = tmp_path_factory.mktemp("sample-run") / "data"
    nightly_ingest(data_dir=str(data_dir))
    return data_dir


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
