"""`vnews report`: one static HTML page with plots of the warehouse, readable offline.

Plotly draws the charts; its JavaScript is embedded once in the page, so the file opens
without a network. The charts: publications per day and source, the entities trending most
over time, the largest stories as a timeline, and the data quality of the last runs.
"""

import html
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import plotly.graph_objects as go

TOP_ENTITIES = 8
TOP_STORIES = 15
LAST_RUNS = 30
REPORT_NAME = "report.html"

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>vnews report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}}
h2{{margin-top:2.5rem}} .note{{color:#666}} table{{border-collapse:collapse}}
td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}}</style>
{plotly}</head><body>
<h1>vnews report</h1><p class="note">{subtitle}</p>
{summary}
{sections}
</body></html>
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _section(title: str, explanation: str, figure: go.Figure | None, empty: str) -> str:
    body = (figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})
            if figure is not None else f'<p class="note">{html.escape(empty)}</p>')
    return f"<section><h2>{html.escape(title)}</h2><p>{html.escape(explanation)}</p>{body}</section>"


def articles_per_day(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    rows = _rows(con, """select day, coalesce(source_name, '(unknown source)'), n_publications
                         from v_articles_daily where day is not null order by 1, 2""")
    if not rows:
        return None
    figure = go.Figure()
    for source in sorted({source for _, source, _ in rows}):
        points = [(day, n) for day, s, n in rows if s == source]
        figure.add_bar(x=[d for d, _ in points], y=[n for _, n in points], name=source)
    return figure.update_layout(barmode="stack", xaxis_title="day", yaxis_title="publications", height=420)


def trending_entities(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    top = _rows(con, f"""select entity_id, any_value(entity_name || ' (' || type || ')') from v_trending_entities
                         group by entity_id order by max(score) desc, entity_id limit {TOP_ENTITIES}""")
    if not top:
        return None
    counts = dict(((entity_id, day), n) for entity_id, day, n in _rows(con, f"""
        select entity_id, day, n_publications from v_entity_daily
        where entity_id in ({", ".join(f"'{entity_id}'" for entity_id, _ in top)})"""))
    first, last = min(day for _, day in counts), max(day for _, day in counts)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    figure = go.Figure()
    for entity_id, label in top:
        figure.add_scatter(x=days, y=[counts.get((entity_id, day), 0) for day in days], mode="lines", name=label)
    return figure.update_layout(xaxis_title="day", yaxis_title="publications mentioning it", height=420)


def largest_stories(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    rows = _rows(con, f"""select coalesce(title, story_id), first_day, last_day, n_documents, n_sources from v_stories
                          where first_day is not null and n_documents > 1
                          order by n_documents desc, n_sources desc, story_id limit {TOP_STORIES}""")
    if not rows:
        return None
    labels = [f"{title[:70]} ({n_docs} articles, {n_sources} sources)" for title, _, _, n_docs, n_sources in rows]
    figure = go.Figure(go.Bar(
        y=labels[::-1], base=[str(first) for _, first, _, _, _ in rows][::-1], orientation="h",
        x=[((last - first).days + 1) * 86_400_000 for _, first, last, _, _ in rows][::-1]))
    return figure.update_layout(xaxis_type="date", xaxis_title="days the story ran", height=120 + 32 * len(rows),
                                margin={"l": 20})


def data_quality(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    rows = _rows(con, f"""select started_at, status, files_new, files_quarantined, n_critical_failures, n_warnings
                          from v_run_history order by started_at desc limit {LAST_RUNS}""")[::-1]
    if not rows:
        return None
    when = [started for started, *_ in rows]
    figure = go.Figure()
    for index, name in enumerate(("new files", "quarantined files", "critical failures", "warnings"), start=2):
        figure.add_scatter(x=when, y=[row[index] for row in rows], mode="lines+markers", name=name)
    failed = [started for started, status, *_ in rows if status != "completed"]
    figure.add_scatter(x=failed, y=[0] * len(failed), mode="markers", name="failed run",
                       marker={"symbol": "x", "size": 12, "color": "crimson"})
    return figure.update_layout(xaxis_title="run started (UTC)", yaxis_title="count", height=380)


def _summary(con: duckdb.DuckDBPyConnection) -> str:
    (documents, publications, sources, stories, first, last), = _rows(con, """
        select (select count(*) from documents), count(*), count(distinct source_name),
               (select count(*) from stories), min(published_day), max(published_day) from publications""")
    cells = {"documents": documents, "publications": publications, "sources": sources, "stories": stories,
             "dated from": first or "–", "to": last or "–"}
    return "<table><tr>" + "".join(f"<th>{k}</th>" for k in cells) + "</tr><tr>" + "".join(
        f"<td>{html.escape(str(v))}</td>" for v in cells.values()) + "</tr></table>"


def write_report(con: duckdb.DuckDBPyConnection, out_dir: Path, warehouse: str) -> Path:
    """Write `report.html` into out_dir from the warehouse behind `con`; return its path."""
    from plotly.offline import get_plotlyjs

    sections = [
        _section("Articles per day and source", "Publications per publication day, stacked by outlet.",
                 articles_per_day(con), "No publication has a date yet (give articles a sidecar, a dated path "
                                        "or a dateline)."),
        _section("Trending entities", f"The {TOP_ENTITIES} entities with the highest spike score: publications "
                                      "mentioning them per day.", trending_entities(con),
                 "No dated mentions yet."),
        _section("Largest stories", f"The {TOP_STORIES} stories reported by the most articles, from their first "
                                    "to their last day.", largest_stories(con),
                 "No story has more than one dated article yet."),
        _section("Data quality of the last runs", "Files each run added or quarantined, and its failed "
                                                  "expectations.", data_quality(con), "No runs yet."),
    ]
    subtitle = f"{warehouse} · written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    page = _PAGE.format(plotly=f'<script type="text/javascript">{get_plotlyjs()}</script>',
                        subtitle=html.escape(subtitle), summary=_summary(con), sections="\n".join(sections))
    return write_page(page, out_dir / REPORT_NAME)


def write_page(page: str, target: Path) -> Path:
    """Write an HTML page whole (through a temporary name) and return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
