"""The Prefect API a `vnews` command reports to: the configured server, or a temporary local one.

Without PREFECT_API_URL, Prefect starts a temporary server on first use and waits 20 s for it.
On a new machine that server first creates its database (about 20 s, longer when the CPU is
busy), so a first run could time out. `vnews run` starts the same server itself (the command
Prefect uses), before the flow's modules are imported, and waits as long as a busy machine needs.
"""

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

# How long to wait for the temporary server; a first start on a busy 2-core machine took 60 s.
STARTUP_TIMEOUT_S = float(os.environ.get("VNEWS_PREFECT_STARTUP_TIMEOUT", "600"))
_PORT_IN_USE_EXIT_CODE = 3  # uvicorn's exit code when the port was taken after we chose it
_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent dies


class PrefectServerError(RuntimeError):
    """The temporary Prefect server did not start; the message says why and what to do."""


def _stop_when_parent_dies() -> None:
    """In the server's process, before it starts: on Linux, SIGTERM it when vnews ends, even by kill -9."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_is_healthy(api_url: str) -> bool:
    """True when the Prefect API at `api_url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class TemporaryServer:
    """Prefect's API server in a child process on 127.0.0.1, stopped when this process exits."""

    def __init__(self) -> None:
        self.log = tempfile.TemporaryFile()
        self._spawn()
        atexit.register(self.stop)  # after Prefect's log and event workers have drained (they run first)

    def _spawn(self) -> None:
        self.api_url = f"http://127.0.0.1:{_free_port()}/api"
        port = self.api_url.split(":")[-1].removesuffix("/api")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                port,
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=_stop_when_parent_dies,
        )

    def wait_until_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Block until the server answers; raise PrefectServerError if it exits or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while not api_is_healthy(self.api_url):
            code = self.process.poll()
            if code == _PORT_IN_USE_EXIT_CODE:
                self._spawn()
            elif code is not None:
                raise PrefectServerError(
                    f"Prefect's temporary API server exited with code {code}: {self._last_log_line()}"
                )
            elif time.monotonic() > deadline:
                self.stop()
                raise PrefectServerError(
                    f"Prefect's temporary API server did not answer within {timeout:g} s "
                    "(its first start creates its database, slower on a busy machine); "
                    "raise VNEWS_PREFECT_STARTUP_TIMEOUT, or run `prefect server start` and set PREFECT_API_URL"
                )
            time.sleep(0.1)

    def _last_log_line(self) -> str:
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "no output"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def prefect_api_configured() -> bool:
    """True when Prefect has a server to report to (PREFECT_API_URL in the environment or the Prefect profile)."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())


@contextmanager
def prefect_api():
    """Run the body against the configured Prefect API, or else a temporary server; yields that server or None.

    The server is spawned before Prefect is imported, so that it starts (about 4 s) while the
    command imports Prefect and the flow; call `wait_until_ready` before the first flow run.
    Every thread of the command (Prefect forwards the workers' logs and events from threads of
    its own, which would otherwise start a second temporary server) and every worker process
    reports to it until the command exits; it is stopped then, after Prefect's log and event
    workers have drained.
    """
    server = None if os.environ.get("PREFECT_API_URL") else TemporaryServer()
    from prefect.context import refresh_global_settings_context
    from prefect.settings import PREFECT_API_URL

    if server and PREFECT_API_URL.value():  # the Prefect profile names a server: use that one
        server.stop()
        server = None
    if server is not None:
        os.environ["PREFECT_API_URL"] = server.api_url
        refresh_global_settings_context()
    yield server
