"""What a person sees of `vnews run` on stderr: a first line at once, progress per stage, nothing else when all
is well (real `vnews` subprocesses, real Prefect server)."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import run_vnews_plainly
from tests.test_startup import _without_prefect_api

VNEWS = str(Path(sys.executable).with_name("vnews"))
STAGES = ["start", "prepare", "read", "tag", "load", "validate", "publish"]
MAX_STDERR_LINES = 15
# The first line needs only the listing, a stat per file and the published warehouse's known files (about 0.5 s on
# an idle machine); 3 s leaves slack for a loaded one (2 cores shared with other test runs).
FIRST_LINE_WITHIN_S = 3.0


def _assert_quiet(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert len(lines) <= MAX_STDERR_LINES, text
    assert "Traceback" not in text and "Warning" not in text and "WARNING" not in text, text


@pytest.fixture
def plain_run(plain_sample_run) -> tuple[float, list[str], str]:
    """One run with stderr not a terminal (cron, CI), reporting to the test run's Prefect server: the session's run
    whose data directory is `sample_run` (tests/conftest.py)."""
    return plain_sample_run[1]


def test_the_first_line_comes_at_once_and_says_what_the_run_will_read(plain_run):
    first_after, lines, _ = plain_run
    assert first_after <= FIRST_LINE_WITHIN_S, f"first line after {first_after:.1f} s"
    assert "5 files in" in lines[0] and "5 new or changed (20.6 kB to read), 0 unchanged" in lines[0], lines[0]


def test_a_successful_run_prints_no_traceback_no_warning_and_few_lines(plain_run):
    _, lines, stdout = plain_run
    _assert_quiet(lines)
    assert "Finished in state" not in "\n".join(lines)
    assert stdout.startswith("vnews run ") and "validation passed" in stdout


def test_without_a_terminal_each_stage_is_one_plain_line_with_its_counts(plain_run):
    _, lines, _ = plain_run
    stages = [line.split()[0] for line in lines[1:]]
    assert stages == STAGES, lines
    counted = {line.split()[0]: line for line in lines[1:]}
    assert counted["read"].startswith("read      5 files in ")
    assert counted["tag"].startswith("tag       87 sentences in ")
    assert counted["load"].split()[2] == "rows" and counted["validate"].split()[2] == "suites"


def test_without_a_terminal_a_long_stage_says_how_far_it_is():
    """Once a minute (here: at every step) a stage under way prints its count, share and time left."""
    script = (
        "import sys, time; from vnews import progress; progress.PLAIN_LINE_EVERY_S = 0\n"
        "with progress.shown(sys.stdout), progress.stage('tag', 4, 'sentences') as tagging:\n"
        "    for _ in range(2): time.sleep(0.1); tagging.advance(2)\n"
    )
    lines = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert [line.split(" in ")[0] for line in lines.splitlines()] == [
        "tag       2 of 4 sentences",
        "tag       4 of 4 sentences",
        "tag       4 sentences",
    ], lines
    assert "(50%; about 0 s left)" in lines


def test_on_a_terminal_each_stage_is_a_live_bar():
    """The renderer under a pseudo-terminal, as `vnews run` uses it (a run under a pty: the slow test below)."""
    script = (
        "import time; from vnews import progress\n"
        "with progress.shown(), progress.stage('read', 4, 'files') as reading:\n"
        "    for _ in reading.each(range(4)): time.sleep(0.1)\n"
    )
    output = _on_a_terminal([sys.executable, "-c", script], dict(os.environ))
    assert "read" in output and "100%" in output and "━" in output and "/4 files" in output, output


@pytest.mark.parametrize("entry", ["vnews.cli", "flows.nightly_ingest"])
def test_prefects_client_telemetry_and_its_first_run_notice_are_off(entry):
    """Prefect's client prints a telemetry notice into the first run on a terminal unless DO_NOT_TRACK is set (or it
    sees CI): vnews sets it before Prefect is imported, by the command or by the flows alone."""
    env = {k: v for k, v in os.environ.items() if k not in ("DO_NOT_TRACK", "CI") and not k.startswith("GITHUB")}
    script = (
        f"import {entry}; from prefect._internal.analytics.enabled import is_telemetry_enabled; "
        "print(is_telemetry_enabled())"
    )
    answer = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == "False"


@pytest.mark.slow
def test_vnews_run_on_a_terminal_shows_bars(tmp_path, subprocess_env):
    output = _on_a_terminal([VNEWS, "run", "--data-dir", str(tmp_path / "data")], subprocess_env)
    assert "━" in output and "100%" in output and "87 sentences" in output, output
    assert "Traceback" not in output and "Warning" not in output


@pytest.mark.slow
def test_with_its_own_temporary_server_a_run_stays_quiet(tmp_path):
    """A new machine: no PREFECT_API_URL, an empty PREFECT_HOME; Prefect's server starts (and creates its database)
    without a word about it."""
    _, lines, _ = run_vnews_plainly(tmp_path / "data", _without_prefect_api(tmp_path), timeout=900)
    _assert_quiet(lines)
    assert "temporary server" not in "\n".join(lines).lower()


def _on_a_terminal(command: list[str], env: dict[str, str]) -> str:
    """What `command` writes to a pseudo-terminal (stdout and stderr), until it exits."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
        env={**env, "COLUMNS": "120", "TERM": "xterm-256color"},
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=300) == 0, b"".join(chunks)[-3000:]
    return b"".join(chunks).decode("utf-8", "replace")
