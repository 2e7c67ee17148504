"""The data-quality page, <data-dir>/docs/index.html: what the gate checked in the last runs, and what failed.

It is built from the lake's `runs` and `validation_results` files (the rows `v_data_quality` shows, and a
failed run's at once), with plotly's JavaScript embedded: it opens offline, from wherever the data directory is.
"""

import html
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go

from vnews.paths import DataPaths
from vnews.report import LAST_RUNS, write_page

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>vnews data quality</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}}
h2{{margin-top:2.5rem}} .note{{color:#666}} table{{border-collapse:collapse}}
td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}}
td{{overflow-wrap:anywhere}} td:nth-child(-n+4){{white-space:nowrap}} .failed{{color:crimson;font-weight:600}}
pre{{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;min-width:16rem}}</style>
{plotly}</head><body>
<h1>vnews data quality</h1><p class="note">{subtitle}</p>
{sections}
</body></html>
"""


def _lake_rows(paths: DataPaths) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the lake's `runs` (the last LAST_RUNS) and their `validation_results`."""
    con = duckdb.connect()
    runs = sorted(str(path) for path in paths.lake.glob("runs/run-*.parquet"))
    con.execute(
        f"""create table runs as select * from read_parquet(?, union_by_name = true)
                    order by started_at desc limit {LAST_RUNS}""",
        [runs],
    )
    results = [
        str(path)
        for (run_id,) in con.execute("select run_id from runs").fetchall()
        if (path := paths.lake_file("validation_results", run_id)).exists()
    ]
    con.execute(
        "create table validation_results (run_id varchar, batch int, table_name varchar, expectation varchar,"
        " severity varchar, success boolean, details varchar)"
    )
    if results:
        con.execute(
            """insert into validation_results select run_id, batch, table_name, expectation, severity,
                       success, details from read_parquet(?, union_by_name = true)""",
            [results],
        )
    return con


def _table(columns: list[str], rows: list[list[str]]) -> str:
    """A table of cells that are already HTML."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    return (
        f"<table><tr>{head}</tr>"
        + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
        + "</table>"
    )


def _text(value) -> str:
    return html.escape("–" if value is None else str(value))


def _flagged(value, ok: bool) -> str:
    """The value, in red unless `ok`."""
    return f'<span class="{"ok" if ok else "failed"}">{_text(value)}</span>'


def _when(started_at: datetime | None) -> str:
    return "–" if started_at is None else f"{started_at:%Y-%m-%d %H:%M:%S}"


def _runs(con: duckdb.DuckDBPyConnection) -> tuple[go.Figure, str]:
    """A chart of each run's passed and failed expectations, and the table of the runs."""
    rows = con.execute("""
        select r.run_id, r.started_at, r.status, r.files_new, r.files_quarantined, count(v.run_id),
               count(*) filter (where not v.success and v.severity = 'critical'),
               count(*) filter (where not v.success and v.severity <> 'critical'), r.message
        from runs as r left join validation_results as v using (run_id)
        group by all order by r.started_at""").fetchall()
    started = [_when(row[1]) for row in rows]
    figure = go.Figure()
    for name, counts, color in (
        ("passed", [n - c - w for *_, n, c, w, _ in rows], "seagreen"),
        ("warnings", [w for *_, w, _ in rows], "orange"),
        ("critical failures", [c for *_, c, _, _ in rows], "crimson"),
    ):
        figure.add_bar(x=started, y=counts, name=name, marker_color=color)
    figure.update_layout(
        barmode="stack",
        xaxis={"type": "category", "title": "run started (UTC)"},
        yaxis_title="expectations",
        height=360,
    )
    cells = [
        [
            _text(_when(when)),
            _flagged(status, status == "completed"),
            _text(new),
            _text(quarantined),
            _text(n),
            f'<a href="#failed-{_text(run_id)}">{critical} critical, {warnings} warning</a>'
            if critical or warnings
            else "none",
            _text(message),
        ]
        for run_id, when, status, new, quarantined, n, critical, warnings, message in rows[::-1]
    ]
    return figure, _table(
        ["run started (UTC)", "status", "new files", "quarantined", "expectations", "failed", "message"], cells
    )


def _by_table(con: duckdb.DuckDBPyConnection) -> str:
    """The last run's expectations, suite by suite."""
    rows = con.execute("""
        select table_name, severity, count(*), count(*) filter (where success) from validation_results
        where run_id = (select max_by(run_id, started_at) from runs) group by all order by 1, 2""").fetchall()
    cells = [
        [_text(table), _text(severity), _text(n), _flagged(passed, passed == n)] for table, severity, n, passed in rows
    ]
    return _table(["table", "severity", "expectations", "passed"], cells)


def _failures(con: duckdb.DuckDBPyConnection) -> str:
    """Every failed expectation of the runs shown, with what it found (observed values, unexpected rows)."""
    rows = con.execute("""
        select v.run_id, r.started_at, v.batch, v.table_name, v.severity, v.expectation, v.details
        from validation_results as v join runs as r using (run_id)
        where not v.success order by r.started_at desc, v.batch, v.table_name, v.expectation""").fetchall()
    if not rows:
        return '<p class="note">No expectation failed in these runs.</p>'
    cells, anchored = [], set()
    for run_id, when, batch, table, severity, expectation, details in rows:
        anchor = "" if run_id in anchored else f' id="failed-{_text(run_id)}"'
        anchored.add(run_id)
        cells.append(
            [
                f"<span{anchor}>{_text(_when(when))}</span>",
                _text(batch),
                _text(table),
                _flagged(severity, severity != "critical"),
                _text(expectation),
                f"<pre>{_text(_pretty(details))}</pre>",
            ]
        )
    return _table(["run started (UTC)", "batch", "table", "severity", "expectation", "what it found"], cells)


def _pretty(details: str | None) -> str:
    """The details GX recorded, one `key: value` a line."""
    try:
        found = json.loads(details)
    except (TypeError, ValueError):
        return details or ""
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in found.items())


def _section(title: str, explanation: str, body: str) -> str:
    return f"<section><h2>{html.escape(title)}</h2><p>{html.escape(explanation)}</p>{body}</section>"


def write_quality_page(paths: DataPaths) -> Path:
    """Write <data-dir>/docs/index.html from the lake; return its path."""
    from plotly.offline import get_plotlyjs

    with _lake_rows(paths) as con:
        figure, runs = _runs(con)
        sections = [
            _section(
                "Expectations per run",
                "Each run's expectations: passed, failed warnings, failed critical "
                "expectations (a failed critical one fails the run).",
                figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False}),
            ),
            _section("Runs", f"The last {LAST_RUNS} runs, the latest first.", runs),
            _section("The last run, table by table", "What each suite checked.", _by_table(con)),
            _section(
                "Failed expectations", "Each failed expectation of these runs, with what it found.", _failures(con)
            ),
        ]
    subtitle = f"{paths.root.name} · written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    page = _PAGE.format(
        plotly=f'<script type="text/javascript">{get_plotlyjs()}</script>',
        subtitle=html.escape(subtitle),
        sections="\n".join(sections),
    )
    return write_page(page, paths.docs_index)
