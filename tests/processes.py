"""The processes a test's subprocess left: those of its session (start it with `start_new_session=True`)."""

import time
from pathlib import Path


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
