"""The `vnews` command: a thin shell over the flow and the warehouse."""

import csv
import functools
import json
import sys
from contextlib import ExitStack
from pathlib import Path

import click

from transforms.decode import DEFAULT_MAX_BYTES
from vnews.defaults import (
    DEFAULT_CRON,
    DEFAULT_DATA_DIR,
    DEFAULT_FILES_PER_BATCH,
    DEFAULT_GLOB,
    DEFAULT_SENTENCES_PER_BATCH,
    DEFAULT_TASK_RUNNER,
    NEWSROOM_TIMEZONE,
    TASK_RUNNERS,
    bundled_sample,
)
from vnews.errors import ActionableError
from vnews.paths import DUCKDB_FILE, DataPaths

MAX_CELL_WIDTH = 60
DEFAULT_SQL_TIMEOUT = 300  # seconds
DEFAULT_SQL_MEMORY_LIMIT = "2GB"


FOLDER = click.Path(file_okay=False, path_type=Path)


def _option(*names, **settings):
    """A click option that can also be set by its environment variable (`envvar`); --help shows both, and the
    default."""
    return click.option(*names, show_envvar=True, show_default=True, **settings)


def data_dir_option(command):
    """--data-dir, --warehouse and --data-path, handed to the command as `paths`."""

    @functools.wraps(command)
    def with_paths(*args, data_dir: Path, warehouse: str, data_path: Path | None, **kwargs):
        return command(*args, paths=DataPaths.of(data_dir, warehouse, data_path), **kwargs)

    for option in reversed(
        [
            _option(
                "--data-dir",
                type=FOLDER,
                default=DEFAULT_DATA_DIR,
                envvar="VNEWS_DATA_DIR",
                help="Where the warehouse, lake, quarantine and docs live.",
            ),
            _option(
                "--warehouse",
                default=DUCKDB_FILE,
                envvar="VNEWS_WAREHOUSE",
                help="duckdb: one DuckDB file in --data-dir; ducklake:sqlite:PATH or "
                "ducklake:postgres:CONNINFO: a DuckLake catalog (docs/scaling.md).",
            ),
            _option(
                "--data-path",
                type=FOLDER,
                default=None,
                envvar="VNEWS_DATA_PATH",
                help="DuckLake's data files [default: the catalog's own, or DATA_DIR/lake/ducklake for a new one].",
            ),
        ]
    ):
        with_paths = option(with_paths)
    return with_paths


def as_of_option(command):
    return _option(
        "--as-of",
        envvar="VNEWS_AS_OF",
        help="Read the DuckLake snapshot a run (its id) committed, or the last one at a time "
        "(2026-11-30T02:00, UTC unless an offset is given).",
    )(command)


class _Commands(click.Group):
    """Failures a user can act on (a damaged warehouse, a held lock, a full or read-only disk) in one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (ActionableError, OSError) as error:
            raise click.ClickException(f"{ctx.invoked_subcommand} failed: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@click.group(cls=_Commands)
@click.version_option(package_name="vnews", message="%(prog)s %(version)s")
def main():
    """vnews: Vietnamese news articles into a DuckDB warehouse, every night."""


def ingest_options(command):
    """--input, --data-dir, --glob, --max-bytes and --files-per-batch: what a run reads, how, and where it writes."""
    for option in reversed(
        [
            _option(
                "--input",
                "input_dir",
                type=FOLDER,
                default=None,
                envvar="VNEWS_INPUT",
                help="Folder of raw article files [default: the bundled sample].",
            ),
            data_dir_option,
            _option(
                "--glob",
                "pattern",
                default=DEFAULT_GLOB,
                envvar="VNEWS_GLOB",
                help="Which files under --input are articles or crawler exports (.json, .jsonl, .ndjson, each "
                "maybe .gz); several patterns separated by commas (hidden files and backups~ are always "
                "skipped).",
            ),
            _option(
                "--max-bytes",
                type=click.IntRange(min=1),
                default=DEFAULT_MAX_BYTES,
                envvar="VNEWS_MAX_BYTES",
                help="Larger files are quarantined, not read.",
            ),
            _option(
                "--files-per-batch",
                type=click.IntRange(min=1),
                default=DEFAULT_FILES_PER_BATCH,
                envvar="VNEWS_FILES_PER_BATCH",
                help="Files read, transformed, validated and loaded at a time (bounds a run's memory).",
            ),
        ]
    ):
        command = option(command)
    return command


@main.command()
@ingest_options
@_option(
    "--task-runner",
    type=click.Choice(TASK_RUNNERS),
    default=DEFAULT_TASK_RUNNER,
    envvar="VNEWS_TASK_RUNNER",
    help="Where the entity-tagging batches run: in this process, in one process per core, or on Dask; "
    "auto: one process per core when there is enough new text to tag, else this process.",
)
@_option(
    "--dask-address",
    envvar="VNEWS_DASK_ADDRESS",
    help="Scheduler of an existing Dask cluster (tcp://host:8786); without it, --task-runner dask starts a local one.",
)
@_option(
    "--follow-symlinks",
    is_flag=True,
    envvar="VNEWS_FOLLOW_SYMLINKS",
    help="Read symlinks that point outside --input (by default they are quarantined, unread).",
)
@_option(
    "--retry-quarantined",
    is_flag=True,
    envvar="VNEWS_RETRY_QUARANTINED",
    help="Read again the files earlier runs quarantined (once the rule that failed on them is fixed); "
    "by default an unchanged quarantined file is not read again.",
)
@_option(
    "--fields",
    envvar="VNEWS_FIELDS",
    callback=lambda ctx, param, value: _fields(value),
    help="Field names of crawler export records, where they are not the defaults: "
    "title=…,body=…,published_at=…,source=…,url=…,author=… (NAME|NAME tries each in turn).",
)
def run(
    input_dir: Path,
    paths: DataPaths,
    pattern: str,
    max_bytes: int,
    files_per_batch: int,
    task_runner: str,
    dask_address: str | None,
    follow_symlinks: bool,
    retry_quarantined: bool,
    fields: str | None,
):
    """Run the nightly-ingest flow once and print a summary.

    Example: vnews run --input ./articles --data-dir ./vnews-data --task-runner process
    """
    from vnews import progress
    from vnews.night import InputFolder, night_ahead

    progress.quiet_prefect()
    _stop_cleanly_on_sigterm()
    folder = InputFolder.of(input_dir or bundled_sample(), follow_symlinks)
    try:
        ahead, may_be_quiet = night_ahead(folder, paths, pattern, max_bytes, retry_quarantined)
    except FileNotFoundError as error:  # no input folder: the flow fails, and records the failed run
        ahead, may_be_quiet = str(error), False
    click.echo(f"vnews run: {ahead}", err=True)
    _refuse_an_unwritable_data_dir(paths)
    # a night with work ahead is not asked again (each ask reads every source_files row of the warehouse)
    quiet = _record_if_quiet_without_a_server(folder, paths, pattern, max_bytes) if may_be_quiet else None
    if quiet:
        click.echo("Nothing new to read: the night is recorded without starting Prefect.")
        _print_summary(quiet)
        return
    summary = _run_flow(
        _nightly_ingest_flow,
        input_dir=str(input_dir or bundled_sample()),
        glob=pattern,
        max_bytes=max_bytes,
        files_per_batch=files_per_batch,
        task_runner=task_runner,
        dask_address=dask_address,
        follow_symlinks=follow_symlinks,
        retry_quarantined=retry_quarantined,
        fields=fields,
        **_flow_paths(paths),
    )
    _print_summary(summary)


def _fields(value: str | None) -> str | None:
    """--fields, checked (transforms.records.parse_fields says what is wrong with it)."""
    from transforms.records import parse_fields

    try:
        parse_fields(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--fields") from None
    return value


def _refuse_an_unwritable_data_dir(paths: DataPaths) -> None:
    """A data directory the run could not write (read-only disk, no permission) is refused in one line,
    before Prefect starts."""
    import os

    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        os.close(os.open(paths.lock, os.O_WRONLY | os.O_CREAT, 0o644))
    except OSError as error:
        raise click.ClickException(f"run failed: {error}") from None


def _stop_cleanly_on_sigterm() -> None:
    """SIGTERM (systemd stop, `kill`) unwinds the run like Ctrl-C: the candidate is discarded, the lock
    released; the published warehouse stays the old one or, if the swap already happened, the new one."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _nightly_ingest_flow():
    from flows.nightly_ingest import nightly_ingest

    return nightly_ingest


def _retag_flow():
    from flows.retag import retag_entities

    return retag_entities


def _run_flow(load_flow, **parameters):
    """Run the flow `load_flow()` returns against the configured Prefect API, or a temporary server started
    first (the flow's modules import while it starts); its result, or its error in one line."""
    from vnews import progress
    from vnews.prefect_api import PrefectServerError, prefect_api

    progress.quiet_prefect()
    with progress.shown(), ExitStack() as api:
        with progress.stage("start"):
            server = api.enter_context(prefect_api())
            flow = load_flow()
            try:
                if server:
                    server.wait_until_ready()
            except PrefectServerError as error:
                raise click.ClickException(str(error)) from None
        state = flow(**parameters, return_state=True)
    if not state.is_completed():
        try:
            state.result()
        except Exception as error:  # the flow's own error, turned into one line (DuckDB adds a stack trace)
            raise click.ClickException(f"run failed: {_first_line(error)}") from None
        raise click.ClickException(f"run ended {state.name}: {state.message}")
    return state.result()


def _flow_paths(paths: DataPaths) -> dict:
    """The flow parameters that name the data directory and the warehouse."""
    return {
        "data_dir": str(paths.root),
        "warehouse": paths.warehouse_option,
        "data_path": str(paths.ducklake_data) if paths.ducklake_data else None,
    }


def _record_if_quiet_without_a_server(folder, paths: DataPaths, pattern: str, max_bytes: int):
    """With no Prefect server configured, a night with nothing to read is recorded without starting one.

    Whether a server is configured is asked only of a quiet night: it imports Prefect (about 1 s), which
    a night with work imports while its temporary server starts.
    """
    from vnews.night import record_if_quiet
    from vnews.prefect_api import prefect_api_configured

    return record_if_quiet(folder, paths, pattern, max_bytes, may_record=lambda: not prefect_api_configured())


def _print_summary(summary) -> None:
    click.echo(f"vnews run {summary.run_id} finished in {summary.duration_s:.1f} s")
    for label, text in summary.lines():
        click.echo(f"  {label:<10} {text}")
        if label == "validation":
            for warning in summary.warnings:
                click.echo(f"    warning: {warning}")


@main.command()
@data_dir_option
@_option(
    "--sentences-per-batch",
    type=click.IntRange(min=1),
    default=DEFAULT_SENTENCES_PER_BATCH,
    envvar="VNEWS_SENTENCES_PER_BATCH",
    help="Sentences re-tagged, validated and loaded at a time (rounded up to whole articles).",
)
@_option(
    "--task-runner",
    type=click.Choice(TASK_RUNNERS),
    default=DEFAULT_TASK_RUNNER,
    envvar="VNEWS_TASK_RUNNER",
    help="Where the tagging batches run (as for `vnews run`).",
)
@_option(
    "--dask-address",
    envvar="VNEWS_DASK_ADDRESS",
    help="Scheduler of an existing Dask cluster; without it, --task-runner dask starts a local one.",
)
def retag(paths: DataPaths, sentences_per_batch: int, task_runner: str, dask_address: str | None):
    """Re-tag the sentences whose entity mentions an older extractor produced, through the same validation
    gate, and swap the result in at the end (all or nothing). Entities, aliases and counters follow.

    Example: vnews retag --data-dir ./vnews-data
    """
    summary = _run_flow(
        _retag_flow,
        sentences_per_batch=sentences_per_batch,
        task_runner=task_runner,
        dask_address=dask_address,
        **_flow_paths(paths),
    )
    if not summary.sentences_retagged:
        click.echo(f"every sentence is tagged by extractor version {summary.extractor_version}; nothing to do")
        return
    click.echo(
        f"vnews retag {summary.run_id} finished in {summary.duration_s:.1f} s\n"
        f"  sentences  {summary.sentences_retagged} re-tagged by extractor version {summary.extractor_version} "
        f"in {summary.batches} batch(es)\n"
        f"  mentions   {summary.mentions_before} before, {summary.mentions_after} after\n"
        f"  warehouse  {summary.warehouse}"
    )


@main.command()
@_option(
    "--cron",
    default=DEFAULT_CRON,
    envvar="VNEWS_CRON",
    help="When to run, as a cron expression.",
)
@_option(
    "--timezone",
    default=NEWSROOM_TIMEZONE,
    envvar="VNEWS_TIMEZONE",
    help="IANA time zone the cron expression is read in.",
)
@ingest_options
def serve(
    cron: str, timezone: str, input_dir: Path, paths: DataPaths, pattern: str, max_bytes: int, files_per_batch: int
):
    """Serve the nightly-ingest deployment so it runs on schedule (until stopped with Ctrl-C).

    Needs a Prefect server: start one with `prefect server start` and set PREFECT_API_URL
    (see docs/operations.md, "Run it every night").

    Example: vnews serve --cron "0 2 * * *" --timezone Asia/Ho_Chi_Minh --input /srv/articles
    """
    from flows.deployment import serve_nightly

    serve_nightly(
        cron,
        timezone,
        {
            "input_dir": str((input_dir or bundled_sample()).resolve()),
            **_flow_paths(paths),
            "glob": pattern,
            "max_bytes": max_bytes,
            "files_per_batch": files_per_batch,
        },
    )


def _published(
    paths: DataPaths,
    allow_files: bool = False,
    as_of: str | None = None,
    timezone: str | None = NEWSROOM_TIMEZONE,
    memory_limit: str | None = None,
    writes_into: Path | None = None,
):
    """A read-only connection to the warehouse (or an earlier DuckLake snapshot), or a one-line error if there is
    none yet.

    It is locked down (Warehouse.connect_reader): no files but the warehouse's and `writes_into` (unless
    `allow_files`), no extensions, no temp directory, settings fixed; time-zoned values show in `timezone`.
    """
    from warehouse.backends import Warehouse

    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        raise click.ClickException(f"no warehouse at {warehouse.name}; run `vnews run` first")
    return warehouse.connect_reader(allow_files, timezone, as_of, memory_limit, writes_into)


def _cell(value) -> str:
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL_WIDTH else text[: MAX_CELL_WIDTH - 1] + "…"


def _print_table(columns: list[str], rows: list[tuple]) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


@main.command()
@click.argument("query")
@data_dir_option
@as_of_option
@_option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    envvar=["VNEWS_SQL_FORMAT", "VNEWS_FORMAT"],
    help="Output format (VNEWS_FORMAT is still read, for scripts written before 0.4).",
)
@_option(
    "--allow-files",
    is_flag=True,
    envvar="VNEWS_ALLOW_FILES",
    help="Let the query read and write files (read_csv, COPY … TO, EXPORT DATABASE).",
)
@_option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_SQL_TIMEOUT,
    metavar="SECONDS",
    envvar="VNEWS_TIMEOUT",
    help="Seconds the query may run before it is stopped.",
)
@_option(
    "--memory-limit",
    default=DEFAULT_SQL_MEMORY_LIMIT,
    metavar="SIZE",
    envvar="VNEWS_MEMORY_LIMIT",
    help="DuckDB's memory for the query (it never spills to disk); a query that needs more fails.",
)
def sql(
    query: str,
    paths: DataPaths,
    as_of: str | None,
    output_format: str,
    allow_files: bool,
    timeout: float,
    memory_limit: str,
):
    """Run QUERY on the warehouse through a read-only connection that cannot touch other files.

    QUERY is one or more queries: SELECT (WITH, FROM, VALUES), SHOW, DESCRIBE, SUMMARIZE, PRAGMA table_info or
    EXPLAIN of one; anything else is refused before anything runs.

    Example: vnews sql "select type, count(*) from entities group by type" --format csv
    """
    import duckdb

    from warehouse.reader_sql import StatementRefused, refuse_all_but_queries

    try:
        with _published(paths, allow_files, as_of, memory_limit=memory_limit) as con:
            if not refuse_all_but_queries(con, query, allow_files):
                raise click.UsageError("QUERY has no statement to run")
            columns, rows = _run_within(con, query, timeout)
    except StatementRefused as error:
        raise click.ClickException(str(error)) from None
    except duckdb.InterruptException:
        raise click.ClickException(f"the query ran longer than {timeout:g} s and was stopped (--timeout)") from None
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        if "read-only" in message:
            message = f"the warehouse is read-only through `vnews sql`; nothing was changed ({message})"
        elif isinstance(error, duckdb.OutOfMemoryException):
            message = f"{message}: the query needs more than --memory-limit {memory_limit}"
        elif isinstance(error, duckdb.PermissionException):
            message = (
                f"`vnews sql` reads only the warehouse: no other files, databases or settings "
                f"(--allow-files lets a query use files) ({message})"
            )
        elif isinstance(error, (duckdb.ParserException, duckdb.CatalogException, duckdb.BinderException)):
            # a mistake in the query: DuckDB's hint and place follow (Did you mean "entities"?, LINE 1: … ^)
            message = "\n".join(line for line in str(error).splitlines() if line.strip())
        raise click.ClickException(message) from None
    _print_rows(columns, rows, output_format)


def _run_within(con, query: str, timeout: float) -> tuple[list[str], list[tuple]]:
    """The columns and rows of `query`'s last statement; a query still running after `timeout` seconds is
    interrupted (DuckDB's InterruptException)."""
    import threading

    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        return columns, cursor.fetchall() if columns else []
    finally:
        timer.cancel()


def _print_rows(columns: list[str], rows: list[tuple], output_format: str) -> None:
    if output_format == "table":
        _print_table(columns, rows)
    elif output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        click.echo(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str, indent=1))


@main.command()
@data_dir_option
def docs(paths: DataPaths):
    """(Re)build the data-quality report, a page that opens offline (and Great Expectations' Data Docs in
    DATA_DIR/docs/gx/), and print the path of its index.html.

    Example: vnews docs --data-dir ./vnews-data && xdg-open ./vnews-data/docs/index.html
    """
    from expectations.gate import build_docs, open_context
    from vnews.quality import write_quality_page

    if not any(paths.lake.glob("runs/run-*.parquet")):
        raise click.ClickException(f"no runs recorded under {paths.lake}; run `vnews run` first")
    if paths.gx.is_dir():
        build_docs(open_context(paths.gx, paths.gx_docs))
    click.echo(write_quality_page(paths))


@main.command()
@_option(
    "--out",
    "out_dir",
    type=FOLDER,
    required=True,
    envvar="VNEWS_OUT",
    help="Folder to write the files and manifest.json into.",
)
@_option(
    "--format",
    "file_format",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    envvar="VNEWS_EXPORT_FORMAT",
)
@data_dir_option
@as_of_option
def export(out_dir: Path, file_format: str, paths: DataPaths, as_of: str | None):
    """Write every table and view of the warehouse as files, with a manifest (name, rows, columns, types, and the
    tables' descriptions), and print a line per file (name, rows, path), then the manifest's path. CSV timestamps
    are in Vietnam's time, with their offset.

    Example: vnews export --out ./bi --format parquet
    """
    from warehouse.export import export_warehouse

    with _published(paths, as_of=as_of, writes_into=out_dir) as con:
        manifest, relations = export_warehouse(con, out_dir.resolve(), file_format)
    name_width = max((len(r["name"]) for r in relations), default=0)
    rows_width = max((len(f"{r['rows']:,}") for r in relations), default=0)
    for relation in relations:
        click.echo(
            f"{relation['name']:<{name_width}}  {relation['rows']:>{rows_width},} rows  "
            f"{manifest.parent / relation['file']}"
        )
    click.echo(manifest)


@main.command()
@_option(
    "--out",
    "out_dir",
    type=FOLDER,
    default=None,
    envvar="VNEWS_REPORT_OUT",
    help="Folder to write report.html into [default: DATA_DIR/report].",
)
@data_dir_option
def report(out_dir: Path | None, paths: DataPaths):
    """Write a static HTML report with plots (articles per day and source, trending entities, stories,
    data quality) that opens offline, and print its path.

    Example: vnews report && xdg-open ./vnews-data/report/report.html
    """
    from vnews.report import write_report
    from warehouse.backends import Warehouse

    with _published(paths) as con:
        click.echo(write_report(con, out_dir or paths.root / "report", Warehouse.of(paths).label))


@main.command(name="search")
@click.argument("query")
@_option(
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    envvar=["VNEWS_LIMIT", "VNEWS_SEARCH_LIMIT"],
)
@_option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    envvar="VNEWS_SEARCH_FORMAT",
)
@data_dir_option
def search_articles(query: str, limit: int, output_format: str, paths: DataPaths):
    """Full-text search over the articles, best first (BM25), with a snippet and where each was published.

    Tone marks are optional: "bao so 15" finds "bão số 15", and an exact match ranks first.
    Example: vnews search "bão số 15" --limit 5
    """
    from warehouse import search

    if not search.tokens(query):
        raise click.ClickException("the query has no words to search for")
    with _published(paths) as con:
        columns, rows = search.search(con, query, limit)
    _print_rows(columns, rows, output_format)


@main.command()
@data_dir_option
def check(paths: DataPaths):
    """Verify the warehouse against the lake (table by table, run by run) and its migrations; print what is
    wrong, one line each, and exit 1 if anything is. What killed or failed runs left, which the next run
    finishes or removes, is printed as a note (`note: …`) and is no failure.

    Example: vnews check || vnews rebuild
    """
    from warehouse.backends import Warehouse
    from warehouse.recovery import check_warehouse

    problems, notes = check_warehouse(paths)
    for line in [*problems, *(f"note: {note}" for note in notes)]:
        click.echo(line)
    if problems:
        raise SystemExit(1)
    click.echo(f"ok: {Warehouse.of(paths).name} holds what the lake holds")


@main.command()
@data_dir_option
def rebuild(paths: DataPaths):
    """Recreate the warehouse from the lake's Parquet files (every completed run, in order), validate each
    batch with the same suites as a run, and swap it in. The old file is kept beside it.

    Example: vnews rebuild --data-dir ./vnews-data
    """
    from expectations.gate import ValidationFailed, open_context, raise_on_critical, validate_batch
    from warehouse import recovery
    from warehouse.backends import Warehouse

    context = open_context(paths.gx, paths.gx_docs)
    try:
        replayed = recovery.rebuild(
            paths, lambda con, run_id, batch: raise_on_critical(validate_batch(con, context, run_id, batch))
        )
    except ValidationFailed as error:
        raise click.ClickException(f"rebuild failed, the warehouse is unchanged: {error}") from None
    click.echo(f"rebuilt {Warehouse.of(paths).name} from {replayed} batches of {paths.lake}")


@main.command()
@_option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    envvar=["VNEWS_SNAPSHOT_OUT", "VNEWS_OUT"],
    help="The DuckDB file to write (replaced whole when done).",
)
@data_dir_option
@as_of_option
def snapshot(out: Path, paths: DataPaths, as_of: str | None):
    """Write the warehouse (its last snapshot, or --as-of an earlier one) as one DuckDB 1.4 file, for BI tools
    that cannot load the DuckLake extension: the same tables, views and macros.

    Example: vnews snapshot --warehouse ducklake:postgres:"host=db dbname=vnews" --out ./bi/vnews.duckdb
    """
    from warehouse.backends import Warehouse
    from warehouse.export import write_snapshot

    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        raise click.ClickException(f"no warehouse at {warehouse.name}; run `vnews run` first")
    with warehouse.connect_beside(as_of) as con:
        tables = write_snapshot(con, out)
    click.echo(f"{out}: {len(tables)} tables with their views, from {warehouse.name}")
