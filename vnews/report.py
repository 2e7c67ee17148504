"""`vnews report`: one static HTML page with plots of the warehouse, readable offline.

Plotly draws the charts; its JavaScript is embedded once in the page, so the file opens
without a network. The charts: publications per day and source, the entities trending most
over time, the largest stories as a timeline, and the data quality of the last runs.
Day-level series are drawn on whole days with whole-number counts; runs are categories.
"""

import html
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.colors import qualitative

TOP_ENTITIES = 8
TOP_STORIES = 15
LAST_RUNS = 30
REPORT_NAME = "report.html"
OUTLET_COLOURS = qualitative.Dark24[:20]  # one colour per outlet; the outlets past these are "others"
OTHERS, OTHERS_COLOUR = "others", "#BBBBBB"
UNKNOWN_SOURCE = "(unknown source)"
DAY_FORMAT = "%Y-%m-%d"
MAX_TICKS = 10  # per axis, about: day ticks step by several days, count ticks by 2, 5, 10, …
STORY_LABEL_CHARS = 70

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>vnews report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}}
h2{{margin-top:2.5rem}} .note{{color:#666}} table{{border-collapse:collapse}}
td,th{{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}}</style>
{plotly}</head><body>
<h1>vnews report</h1><p class="range">{date_range}</p><p class="note">{subtitle}</p>
{summary}
{sections}
</body></html>
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _section(title: str, explanation: str, figure: go.Figure | None, empty: str) -> str:
    body = (
        figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})
        if figure is not None
        else f'<p class="note">{html.escape(empty)}</p>'
    )
    return f"<section><h2>{html.escape(title)}</h2><p>{html.escape(explanation)}</p>{body}</section>"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _day_axis(first: date, last: date) -> dict:
    """An x axis of whole days, first to last: a tick at each (or each n-th) day's midnight, labelled by date,
    with half a day of room either side so a day's bar or point sits on its tick."""
    step = -(-((last - first).days + 1) // MAX_TICKS)
    return {
        "type": "date",
        "title": "day",
        "tickformat": DAY_FORMAT,
        "hoverformat": DAY_FORMAT,
        "tick0": _midnight(first).isoformat(),
        "dtick": step * 86_400_000,
        "range": [
            (_midnight(first) - timedelta(hours=12)).isoformat(),
            (_midnight(last) + timedelta(hours=12)).isoformat(),
        ],
    }


def _count_axis(title: str, top: int) -> dict:
    """A y axis of whole numbers from 0, in steps of 1, 2, 5, 10, 20, … so that about MAX_TICKS cover `top`."""
    step = next(
        step for power in count() for step in (10**power, 2 * 10**power, 5 * 10**power) if top <= step * MAX_TICKS
    )
    return {"title": title, "tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


def _outlet_groups(rows: list[tuple]) -> dict[str, str]:
    """Outlet -> the series it is drawn in: its own for the len(OUTLET_COLOURS) outlets with the most
    publications (ties by name), OTHERS for the rest."""
    totals = Counter()
    for _, source, n in rows:
        totals[source] += n
    ranked = sorted(totals, key=lambda source: (-totals[source], source))
    return {source: source if rank < len(OUTLET_COLOURS) else OTHERS for rank, source in enumerate(ranked)}


def articles_per_day(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    rows = _rows(
        con,
        f"""select day, coalesce(source_name, '{UNKNOWN_SOURCE}'), n_publications
                          from v_articles_daily where day is not null order by 1, 2""",
    )
    if not rows:
        return None
    group = _outlet_groups(rows)
    per_series, per_day = Counter(), Counter()
    for day, source, n in rows:
        per_series[group[source], day] += n
        per_day[day] += n
    figure = go.Figure()
    for series, colour in zip(dict.fromkeys(group.values()), [*OUTLET_COLOURS, OTHERS_COLOUR]):
        days = sorted(day for name, day in per_series if name == series)
        figure.add_bar(x=days, y=[per_series[series, day] for day in days], name=series, marker_color=colour)
    return figure.update_layout(
        barmode="stack",
        height=460,
        legend={"traceorder": "normal"},
        xaxis=_day_axis(min(per_day), max(per_day)),
        yaxis=_count_axis("publications", max(per_day.values())),
    )


def trending_entities(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    top = _rows(
        con,
        f"""select entity_id, any_value(entity_name || ' (' || type || ')') from v_trending_entities
                         group by entity_id order by max(score) desc, entity_id limit {TOP_ENTITIES}""",
    )
    if not top:
        return None
    counts = dict(
        ((entity_id, day), n)
        for entity_id, day, n in _rows(
            con,
            f"""
        select entity_id, day, n_publications from v_entity_daily
        where entity_id in ({", ".join(f"'{entity_id}'" for entity_id, _ in top)})""",
        )
    )
    first, last = min(day for _, day in counts), max(day for _, day in counts)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    figure = go.Figure()
    for entity_id, label in top:
        figure.add_scatter(
            x=days, y=[counts.get((entity_id, day), 0) for day in days], mode="lines+markers", name=label
        )
    return figure.update_layout(
        height=420, xaxis=_day_axis(first, last), yaxis=_count_axis("publications mentioning it", max(counts.values()))
    )


def _shortened(text: str, limit: int = STORY_LABEL_CHARS) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (an ellipsis marks the cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:–-") + "…"


def _story_label(name: str, n_documents: int, n_sources: int, n_thread_stories: int) -> str:
    outlets = f", {n_sources} outlet{'s' * (n_sources != 1)}" if n_sources else ""
    thread = f", a thread of {n_thread_stories} stories" if n_thread_stories > 1 else ""
    return f"{_shortened(name)} ({n_documents} articles{outlets}{thread})"


def largest_stories(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    """The largest stories as bars over their days, each labelled by its title or else the first sentence of
    its earliest article, and the number of stories of its thread when it follows or is followed by others."""
    rows = _rows(
        con,
        f"""
        with top as (select * from v_stories where first_day is not null and n_documents > 1
                     order by n_documents desc, n_sources desc, story_id limit {TOP_STORIES}),
        leads as (select ds.story_id,
                         arg_min(se.text, (coalesce(p.published_at, timestamptz '9999-12-31'), ds.doc_id)) as lead
                  from top join document_stories as ds using (story_id)
                  join document_sentences as dse on dse.doc_id = ds.doc_id and dse.position = 0
                  join sentences as se using (sentence_id)
                  left join publications as p on p.doc_id = ds.doc_id
                  where top.title is null group by ds.story_id)
        select coalesce(top.title, leads.lead, '(no title, no text)'), first_day, last_day, n_documents, n_sources,
               n_thread_stories
        from top left join leads using (story_id)
        order by n_documents desc, n_sources desc, story_id""",
    )
    if not rows:
        return None
    figure = go.Figure(
        go.Bar(
            y=list(range(len(rows))),
            orientation="h",
            hovertext=[name for name, *_ in rows],
            hovertemplate="%{hovertext}<extra></extra>",
            base=[(_midnight(first) - timedelta(hours=12)).isoformat() for _, first, *_ in rows],
            x=[((last - first).days + 1) * 86_400_000 for _, first, last, *_ in rows],
        )
    )
    axis = _day_axis(min(first for _, first, *_ in rows), max(last for _, _, last, *_ in rows))
    return figure.update_layout(
        xaxis={**axis, "title": "days the story ran"},
        height=140 + 30 * len(rows),
        margin={"l": 20, "t": 30},
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(rows))),
            "autorange": "reversed",
            "automargin": True,
            "ticktext": [_story_label(name, *counts) for name, _, _, *counts in rows],
        },
    )


def _run_label(number: int, started: datetime) -> str:
    return f"#{number} · {started:%Y-%m-%d %H:%M}"


def data_quality(con: duckdb.DuckDBPyConnection) -> go.Figure | None:
    """The last runs, one category each (its number and start), with what each added, quarantined and failed."""
    rows = _rows(
        con,
        f"""select row_number() over (order by started_at, run_id), started_at, status, files_new,
                                 files_quarantined, n_critical_failures, n_warnings
                          from v_run_history order by started_at desc, run_id desc limit {LAST_RUNS}""",
    )[::-1]
    if not rows:
        return None
    runs = [_run_label(number, started) for number, started, *_ in rows]
    figure = go.Figure()
    for index, name in enumerate(("new files", "quarantined files", "critical failures", "warnings"), start=3):
        figure.add_scatter(x=runs, y=[row[index] for row in rows], mode="lines+markers", name=name)
    failed = [run for run, (_, _, status, *_) in zip(runs, rows) if status != "completed"]
    figure.add_scatter(
        x=failed,
        y=[0] * len(failed),
        mode="markers",
        name="failed run",
        marker={"symbol": "x", "size": 12, "color": "crimson"},
    )
    return figure.update_layout(
        height=380,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": runs,
            "title": "run (number · started, UTC)",
        },
        yaxis=_count_axis("count", max(n or 0 for row in rows for n in row[3:])),
    )  # a failed run may lack counts


def _date_range(con: duckdb.DuckDBPyConnection) -> str:
    ((first, last),) = _rows(con, "select min(published_day), max(published_day) from publications")
    if first is None:
        return "No article has a publication date yet."
    days = (last - first).days + 1
    return f"Articles published {first:{DAY_FORMAT}} to {last:{DAY_FORMAT}} ({days} day{'s' * (days != 1)})."


def _summary(con: duckdb.DuckDBPyConnection) -> str:
    ((documents, publications, sources, stories, first, last),) = _rows(
        con,
        """
        select (select count(*) from documents), count(*), count(distinct source_name),
               (select count(*) from stories), min(published_day), max(published_day) from publications""",
    )
    cells = {
        "documents": documents,
        "publications": publications,
        "sources": sources,
        "stories": stories,
        "dated from": first or "–",
        "to": last or "–",
    }
    return (
        "<table><tr>"
        + "".join(f"<th>{k}</th>" for k in cells)
        + "</tr><tr>"
        + "".join(f"<td>{html.escape(str(v))}</td>" for v in cells.values())
        + "</tr></table>"
    )


def write_report(con: duckdb.DuckDBPyConnection, out_dir: Path, warehouse: str) -> Path:
    """Write `report.html` into out_dir from the warehouse behind `con`; return its path."""
    from plotly.offline import get_plotlyjs

    sections = [
        _section(
            "Articles per day and source",
            "Publications per publication day, stacked by outlet.",
            articles_per_day(con),
            "No publication has a date yet (give articles a sidecar, a dated path or a dateline).",
        ),
        _section(
            "Trending entities",
            f"The {TOP_ENTITIES} entities with the highest spike score: publications mentioning them per day.",
            trending_entities(con),
            "No dated mentions yet.",
        ),
        _section(
            "Largest stories",
            f"The {TOP_STORIES} stories reported by the most articles, from their first to their last day.",
            largest_stories(con),
            "No story has more than one dated article yet.",
        ),
        _section(
            "Data quality of the last runs",
            "Files each run added or quarantined, and its failed expectations.",
            data_quality(con),
            "No runs yet.",
        ),
    ]
    subtitle = f"{warehouse} · written {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    page = _PAGE.format(
        plotly=f'<script type="text/javascript">{get_plotlyjs()}</script>',
        date_range=html.escape(_date_range(con)),
        subtitle=html.escape(subtitle),
        summary=_summary(con),
        sections="\n".join(sections),
    )
    return write_page(page, out_dir / REPORT_NAME)


def write_page(page: str, target: Path) -> Path:
    """Write an HTML page whole (through a temporary name) and return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return target
