"""A real PostgreSQL server on 127.0.0.1 for the tests, from Debian's postgresql package (`make postgres`)."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _server_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        pytest.fail("no PostgreSQL server here: `make postgres` installs Debian's postgresql package")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as Debian's postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away cluster (trust authentication, loopback only); yield the conninfo of its database."""
    bin_dir, port = _server_binaries(), _free_port()
    home = Path(tempfile.mkdtemp(prefix="vnews-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    data = home / "data"
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"host=127.0.0.1 port={port} user=postgres dbname=postgres"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
        )
        shutil.rmtree(home, ignore_errors=True)


def create_database(conninfo: str, name: str) -> str:
    """A new, empty database on the server; its conninfo."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as session:
        session.execute(f'create database "{name}"')
    return conninfo.replace("dbname=postgres", f"dbname={name}")
