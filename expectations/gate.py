"""Run the suites with Great Expectations, keep the results as rows and as Data Docs.

The GX project lives in <data-dir>/gx/ (suites, validation definitions, checkpoints
and stored results); its Data Docs site is <data-dir>/docs/gx/. Every path in the project is
relative to it, so a data directory can be copied or moved.
"""

import json
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.loader import run_filter
from warehouse.runs import RecordedFailure, utc_now

if TYPE_CHECKING:
    from expectations.suites import Suite
    from vnews.progress import Stage

DOCS_SITE = "vnews"


@dataclass(frozen=True)
class ExpectationResult:
    table_name: str
    expectation: str
    success: bool
    severity: str
    details: str
    batch: int  # the batch of input files it was evaluated on


class ValidationFailed(RecordedFailure):
    """A critical expectation failed; the message names the tables and expectations (the run is recorded
    with its results by the task that validated)."""


@contextmanager
def _without_gx_deprecations() -> Iterator[None]:
    """Silence deprecations we cannot act on: Great Expectations 1.x's use of `sre_parse`, and pandas 3's
    Pandas4Warning about calls DuckDB's `.df()` and GX make (`drop(inplace=True)`, `Series.values`)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"module 'sre_(constants|parse)' is deprecated", DeprecationWarning)
        warnings.filterwarnings("ignore", "The inplace keyword in DataFrame.drop is deprecated", DeprecationWarning)
        warnings.filterwarnings("ignore", "Series.values returning an ndarray that drops timezone", DeprecationWarning)
        yield


def open_context(gx_dir: Path, docs_dir: Path):
    """The file-backed GX project of a data directory, with its Data Docs site at docs_dir (recorded relative to
    the project, as all its paths: a site recorded elsewhere, as before 0.10, is moved there)."""
    with _without_gx_deprecations():
        import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(gx_dir.parent))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    site_config = {
        "class_name": "SiteBuilder",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": os.path.relpath(docs_dir.resolve(), gx_dir.resolve()),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.variables.data_docs_sites or {}
    if DOCS_SITE not in sites:
        context.add_data_docs_site(site_name=DOCS_SITE, site_config=site_config)
    elif sites[DOCS_SITE]["store_backend"]["base_directory"] != site_config["store_backend"]["base_directory"]:
        context.update_data_docs_site(site_name=DOCS_SITE, site_config=site_config)
    return context


def build_docs(context, run_id: str | None = None) -> Path:
    """(Re)build the Data Docs site and return the path of its index.html: the pages of one run's validations and
    the index, or with no `run_id` every page (a night's work then follows the night, not the runs before it)."""
    pages = None
    if run_id is not None:
        pages = [key for key in context.validation_results_store.list_keys() if key.run_id.run_name == run_id]
    url = context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=pages)[DOCS_SITE]
    return Path(url.removeprefix("file://")).resolve()


def _checkpoint(context, suite: "Suite"):
    """The suite's checkpoint, created or updated from the code in expectations/suites.py."""
    import great_expectations as gx

    try:
        source = context.data_sources.get("warehouse")
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas("warehouse")
    try:
        asset = source.get_asset(suite.table)
    except LookupError:
        asset = source.add_dataframe_asset(suite.table)
    try:
        batch = asset.get_batch_definition(suite.table)
    except (KeyError, ValueError):
        batch = asset.add_batch_definition_whole_dataframe(suite.table)
    gx_suite = context.suites.add_or_update(
        gx.ExpectationSuite(name=suite.table, expectations=list(suite.expectations))
    )
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.table, data=batch, suite=gx_suite)
    )
    return context.checkpoints.add_or_update(gx.Checkpoint(name=suite.table, validation_definitions=[definition]))


def _describe(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    arguments = ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items()))
    return f"{config.type}({arguments})"


def _details(result) -> str:
    keep = ("observed_value", "element_count", "unexpected_count", "unexpected_percent", "partial_unexpected_list")
    found = {k: v for k, v in (result.result or {}).items() if k in keep}
    if "partial_unexpected_list" in found:
        found["partial_unexpected_list"] = found["partial_unexpected_list"][:5]
    if result.exception_info and result.exception_info.get("raised_exception"):
        found["exception"] = result.exception_info.get("exception_message")
    return json.dumps(found, ensure_ascii=False, default=str)


def validate_suites(
    con: duckdb.DuckDBPyConnection,
    suites: "list[Suite]",
    context,
    run_id: str,
    batch: int,
    runs: dict[str, str],
    stage: "Stage | None" = None,
) -> list[ExpectationResult]:
    """Run each suite's checkpoint on its frame from `con` (its query formatted with the `runs` filters); results
    are stored in the GX project too. Each suite run advances `stage` (vnews.progress)."""
    from great_expectations.core.run_identifier import RunIdentifier

    results = []
    for suite in suites:
        with _without_gx_deprecations():
            frame = con.execute(suite.query.format(**runs)).df()
            outcome = _checkpoint(context, suite).run(
                batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_id)
            )
        for validation in outcome.run_results.values():
            for result in validation.results:
                config = result.expectation_config
                results.append(
                    ExpectationResult(
                        table_name=suite.table,
                        expectation=_describe(config),
                        success=bool(result.success),
                        severity=str(getattr(config.severity, "value", config.severity) or "critical"),
                        details=_details(result),
                        batch=batch,
                    )
                )
        if stage:
            stage.advance()
    return results


@contextmanager
def _batch_rows(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, str]]:
    """The run filters (`BATCH_RUNS`) and the temp tables the suites share (`BATCH_ROWS`), dropped after them: a
    DuckLake run is one transaction, and what it holds in memory adds up over its batches."""
    from expectations.suites import BATCH_ROWS, BATCH_RUNS

    runs = {name: run_filter(con, query) for name, query in BATCH_RUNS.items()}
    for table, query in BATCH_ROWS.items():
        con.execute(f"create or replace temp table {table} as {query.format(**runs)}")
    try:
        yield runs
    finally:
        for table in BATCH_ROWS:
            con.execute(f"drop table if exists {table}")


def validate_batch(
    con: duckdb.DuckDBPyConnection, context, run_id: str, batch: int, stage: "Stage | None" = None
) -> list[ExpectationResult]:
    """Validate what one batch (the loader's stg_ views on `con`) added to the candidate warehouse; `stage`
    (vnews.progress) expects its suites and advances by each."""
    from expectations.suites import contract_suites  # Great Expectations loads only for a night with rows

    expect_documents, expect_sentences = con.sql("""
        select (select count(*) from stg_source_files where status = 'loaded') > 0,
               (select coalesce(sum(n_sentences), 0) from stg_documents) > 0""").fetchone()
    suites = contract_suites(expect_documents, expect_sentences)
    if stage:
        stage.expect(len(suites))
    with _batch_rows(con) as runs:
        return validate_suites(con, suites, context, run_id, batch, runs, stage)


def raise_on_critical(results: list[ExpectationResult]) -> None:
    failed = [r for r in results if not r.success and r.severity == "critical"]
    if failed:
        named = "; ".join(f"{r.table_name}: {r.expectation}" for r in failed[:5])
        more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
        raise ValidationFailed(f"{len(failed)} critical expectation(s) failed: {named}{more}")


def result_rows(results: list[ExpectationResult]) -> list[dict]:
    """The `validation_results` rows of the results, evaluated now (the run stamps its id when it stages them)."""
    now = utc_now()
    return [{**r.__dict__, "evaluated_at": now} for r in results]
