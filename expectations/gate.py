"""Run the contract suites with Great Expectations and turn the results into rows."""

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from expectations.suites import Suite, contract_suites


@dataclass(frozen=True)
class ExpectationResult:
    table_name: str
    expectation: str
    success: bool
    severity: str
    details: str


class ValidationFailed(RuntimeError):
    """A critical expectation failed; the message names the tables and expectations."""


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


def validate_suites(con: duckdb.DuckDBPyConnection, suites: list[Suite]) -> list[ExpectationResult]:
    """Validate each suite's frame from `con` in an ephemeral GX context."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("warehouse")
    results = []
    for suite in suites:
        batch = source.add_dataframe_asset(suite.table).add_batch_definition_whole_dataframe(suite.table)
        gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.table))
        for expectation in suite.expectations:
            gx_suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite.table, data=batch, suite=gx_suite)
        )
        outcome = definition.run(batch_parameters={"dataframe": con.sql(suite.query).df()})
        for result in outcome.results:
            config = result.expectation_config
            results.append(ExpectationResult(
                table_name=suite.table,
                expectation=_describe(config),
                success=bool(result.success),
                severity=str(getattr(config.severity, "value", config.severity) or "critical"),
                details=_details(result),
            ))
    return results


def validate_warehouse(con: duckdb.DuckDBPyConnection) -> list[ExpectationResult]:
    expect_rows = con.sql("select count(*) from source_files where status = 'loaded'").fetchone()[0] > 0
    return validate_suites(con, contract_suites(expect_rows))


def raise_on_critical(results: list[ExpectationResult]) -> None:
    failed = [r for r in results if not r.success and r.severity == "critical"]
    if failed:
        named = "; ".join(f"{r.table_name}: {r.expectation}" for r in failed[:5])
        more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
        raise ValidationFailed(f"{len(failed)} critical expectation(s) failed: {named}{more}")


def result_rows(results: list[ExpectationResult], run_id: str) -> list[dict]:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return [{**r.__dict__, "run_id": run_id, "evaluated_at": now} for r in results]
