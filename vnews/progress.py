"""A run's progress, stage by stage, as events on the `vnews.progress` logger; `vnews run` shows them.

The flow reports its stages (start, prepare, read, tag, load, validate, publish) with `stage()`. Without a
handler (a deployment, the tests) the events go nowhere; `shown()` renders them on stderr: live bars on a
terminal, otherwise one plain line per stage and one a minute while a long stage runs (cron, CI, logs).
"""

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

LOGGER = logging.getLogger("vnews.progress")
LOGGER.propagate = False  # not Prefect's console or its API: what a person watches, nothing else
PLAIN_LINE_EVERY_S = 60.0


@dataclass(frozen=True)
class Event:
    kind: str  # "start", "total", "advance", "end" or "fail"
    stage: str
    n: int = 0  # for "total" and "advance"
    unit: str = ""  # for "start"


def _emit(event: Event) -> None:
    LOGGER.info("%s %s %d", event.kind, event.stage, event.n, extra={"progress": event})


class Stage:
    """A stage under way: `expect(n)` more units of work, `advance(n)` done."""

    def __init__(self, name: str) -> None:
        self.name = name

    def expect(self, n: int) -> None:
        _emit(Event("total", self.name, n))

    def advance(self, n: int = 1) -> None:
        _emit(Event("advance", self.name, n))

    def each(self, items: Iterable) -> Iterator:
        """The items, each advancing the stage once the caller is done with it (and asks for the next)."""
        for item in items:
            yield item
            self.advance()


@contextmanager
def stage(name: str, total: int | None = None, unit: str = "") -> Iterator[Stage]:
    """Report the body as stage `name` of `total` `unit`s (more can be expected as the stage learns of them)."""
    _emit(Event("start", name, unit=unit))
    under_way = Stage(name)
    if total is not None:
        under_way.expect(total)
    try:
        yield under_way
    except BaseException:
        _emit(Event("fail", name))  # the error says what happened
        raise
    _emit(Event("end", name))


def quiet_prefect() -> None:
    """Before Prefect is imported: its console shows warnings and errors only (VNEWS_LOG_LEVEL, e.g. INFO, shows
    more); everything still goes to its API, so the server's UI keeps every log line."""
    if level := os.environ.get("VNEWS_LOG_LEVEL"):  # it wins over a level an earlier command of the process set
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = level.upper()
    else:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


@contextmanager
def shown(stream=None) -> Iterator[None]:
    """Render progress events on `stream` (stderr) during the body: bars on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    handler = _Bars(stream) if stream.isatty() else _Lines(stream)
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)
        handler.finish()


def _count(n: float, unit: str) -> str:
    return f"{n:,.0f} {unit}".rstrip()


class _Lines(logging.Handler):
    """One line per stage when it ends (what it did, how fast), and one a minute while it runs (time left)."""

    def __init__(self, stream) -> None:
        super().__init__()
        self.stream = stream
        self.stages: dict[str, dict] = {}

    def emit(self, record: logging.LogRecord) -> None:
        event: Event = record.progress
        now = time.monotonic()
        if event.kind == "start":
            self.stages[event.stage] = {"unit": event.unit, "total": None, "done": 0, "started": now, "said": now}
            return
        state = self.stages.get(event.stage)
        if state is None:  # a stage shown before this handler was, or not at all
            return
        if event.kind == "total":
            state["total"] = (state["total"] or 0) + event.n
        elif event.kind == "advance":
            state["done"] += event.n
            if now - state["said"] >= PLAIN_LINE_EVERY_S:
                state["said"] = now
                self._say(event.stage, self._under_way(state, now))
        elif self.stages.pop(event.stage) and event.kind == "end":
            self._say(event.stage, self._finished(state, now))

    @staticmethod
    def _under_way(state: dict, now: float) -> str:
        elapsed, done, total = now - state["started"], state["done"], state["total"]
        text = _count(done, state["unit"]) if total is None else f"{done:,} of {_count(total, state['unit'])}"
        text += f" in {elapsed:.0f} s"
        if total and done:
            text += f" ({done / total:.0%}; about {elapsed * (total - done) / done:.0f} s left)"
        return text

    @staticmethod
    def _finished(state: dict, now: float) -> str:
        elapsed = now - state["started"]
        text = f"{_count(state['done'], state['unit'])} in {elapsed:.1f} s" if state["unit"] else f"{elapsed:.1f} s"
        if state["unit"] and state["done"] and elapsed >= 1:
            text += f" ({state['done'] / elapsed:,.0f}/s)"
        return text

    def finish(self) -> None:
        pass

    def _say(self, stage: str, text: str) -> None:
        self.stream.write(f"{stage:<9} {text}\n")
        self.stream.flush()


class _Rate(ProgressColumn):
    """Units per second while the stage runs, and over all of it once done (if it took a second or more)."""

    def render(self, task) -> Text:
        unit, took = task.fields["unit"], task.finished_time
        speed = (task.completed / took if took >= 1 else None) if task.finished else task.speed
        return Text(f"{speed:,.0f} {unit}/s" if speed and unit else "", style="progress.data.speed")


class _Bars(logging.Handler):
    """A live bar per stage (count, rate, time left), drawn with rich as Prefect's console is."""

    def __init__(self, stream) -> None:
        super().__init__()
        self.progress = Progress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("{task.description:<9}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[count]}"),
            _Rate(),
            TimeRemainingColumn(elapsed_when_finished=True),
            console=Console(file=stream),
        )
        self.tasks: dict[str, TaskID] = {}
        self.progress.start()

    def emit(self, record: logging.LogRecord) -> None:
        event: Event = record.progress
        if event.kind == "start":
            if event.stage not in self.tasks:
                self.tasks[event.stage] = self.progress.add_task(event.stage, total=None, unit=event.unit, count="")
            else:  # a later batch's stage: the same bar, from zero
                self.progress.reset(self.tasks[event.stage], total=None, completed=0)
            return
        task_id = self.tasks.get(event.stage)
        if task_id is None:
            return
        task = next(task for task in self.progress.tasks if task.id == task_id)
        done = task.completed
        if event.kind == "total":
            self.progress.update(task_id, total=(task.total or 0) + event.n)
        elif event.kind == "advance":
            self.progress.advance(task_id, event.n)
            done += event.n
        elif event.kind == "end":
            self.progress.update(task_id, total=done or 1, completed=done or 1)
        else:
            self.progress.stop_task(task_id)
        total = f"/{task.total:,.0f}" if task.total and event.kind != "end" else ""
        unit = task.fields["unit"]
        self.progress.update(task_id, count=f"{done:,.0f}{total} {unit}" if unit else "")

    def finish(self) -> None:
        """Stop drawing (not in `close`: logging closes every handler when Prefect or underthesea configure it)."""
        self.progress.stop()
