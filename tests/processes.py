"""Processes of tests: those a test's subprocess left (start it with `start_new_session=True`), and a client
holding a warehouse open; `vnews run` as cron starts it."""

import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

VNEWS = str(Path(sys.executable).with_name("vnews"))


def run_vnews_plainly(data_dir: Path, env: dict[str, str], timeout: float = 300) -> tuple[float, list[str], str]:
    """`vnews run` on the bundled sample into `data_dir`, stderr a pipe: (seconds to the first stderr line, the
    stderr lines, stdout). Every Python warning is shown (PYTHONWARNINGS=default), as a careful user would."""
    started = time.monotonic()
    process = subprocess.Popen(
        [VNEWS, "run", "--data-dir", str(data_dir)],
        env={**env, "PYTHONWARNINGS": "default"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stderr.readline()
    first_after = time.monotonic() - started
    stdout, rest = process.communicate(timeout=timeout)
    assert process.returncode == 0, (first + rest)[-3000:]
    return first_after, (first + rest).splitlines(), stdout


def session_processes(session: int) -> list[str]:
    """`pid cmdline` of each live process (not a zombie) in `session`."""
    left = []
    for proc in Path("/proc").iterdir():
        try:
            state, _, _, sid = (proc / "stat").read_text().rsplit(")", 1)[1].split()[:4]
            if proc.name.isdigit() and int(sid) == session and state != "Z":
                left.append(f"{proc.name} {(proc / 'cmdline').read_text().replace(chr(0), ' ').strip()}")
        except (OSError, ValueError):  # ended meanwhile, or not a process
            continue
    return left


def left_in_session(session: int, grace_s: float = 10) -> list[str]:
    """The processes still in `session` after up to `grace_s` (a worker notices its run is gone within a second)."""
    deadline = time.monotonic() + grace_s
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@contextmanager
def holding_open(database: Path):
    """A second process with `database` open read-write, as a careless BI client has it; yields its PID."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(database)!r})\nprint('open', flush=True)\ntime.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "open\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()
