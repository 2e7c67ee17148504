"""`vnews report`: a static page with plots, rendered in a real headless Chromium, offline."""

import html as markup
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_queries import query
from vnews.report import (
    OTHERS,
    UNKNOWN_SOURCE,
    _shortened,
    articles_per_day,
    data_quality,
    largest_stories,
    trending_entities,
)

VNEWS = str(Path(sys.executable).with_name("vnews"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine's notes advise: no background connections (the network is closed), a fresh profile.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
REMOTE_RESOURCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.IGNORECASE)
DAY = re.compile(r"\d{4}-\d\d-\d\d")
WHOLE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})*")
# Invented provinces for invented fairs: one outlet each, the first ones publishing more.
PROVINCES = (
    "Cà Mau",
    "Bạc Liêu",
    "Sóc Trăng",
    "Trà Vinh",
    "Bến Tre",
    "Long An",
    "Tây Ninh",
    "Bình Phước",
    "Đồng Nai",
    "Lâm Đồng",
    "Gia Lai",
    "Kon Tum",
    "Phú Yên",
    "Bình Định",
    "Quảng Nam",
    "Hà Tĩnh",
    "Nghệ An",
    "Thanh Hóa",
    "Ninh Bình",
    "Thái Bình",
    "Hải Dương",
    "Bắc Ninh",
)
UNTITLED_LEAD = "Sáng 21/11/2026, cầu Sông Hàn ở Đà Nẵng tạm đóng cửa hai tuần để thay khe co giãn trên mặt cầu."
HEADLINE = "Khánh thành cầu Mỹ Thuận 3 nối Tiền Giang và Vĩnh Long"


def _report(data_dir, out_dir, subprocess_env) -> str:
    result = subprocess.run(
        [VNEWS, "report", "--out", str(out_dir), "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _rendered_dom(page: str, profile) -> str:
    assert CHROMIUM, "Chromium is missing: `make test` installs Debian's chromium package (as root)"
    result = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            f"file://{page}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_report_renders_every_plot_offline_in_a_real_browser(days_run, tmp_path, subprocess_env):
    page = _report(days_run, tmp_path / "report", subprocess_env)
    html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert page.endswith("report.html") and not REMOTE_RESOURCE.search(html)  # nothing to fetch: opens offline
    figures = html.count('class="plotly-graph-div"')
    assert figures == 4
    dom = _rendered_dom(page, tmp_path / "profile")
    assert dom.count('class="plot-container plotly"') == figures  # plotly.js ran and drew each figure
    assert dom.count('class="main-svg"') >= figures
    [(top_story,)] = query(days_run, "select title from v_stories order by n_documents desc, story_id limit 1")
    assert top_story[:40] in dom  # the largest story is labelled on the timeline


def test_a_warehouse_without_dates_gets_a_report_that_says_so(sample_run, tmp_path, subprocess_env):
    page = _report(sample_run, tmp_path / "report", subprocess_env)
    dom = _rendered_dom(page, tmp_path / "profile")
    assert "No publication has a date yet" in dom
    assert dom.count('class="plot-container plotly"') == 1  # only the runs' data quality


def test_report_without_a_warehouse_is_a_one_line_error(tmp_path, subprocess_env):
    result = subprocess.run(
        [VNEWS, "report", "--data-dir", str(tmp_path / "nothing-here")],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
    )
    assert result.returncode != 0 and "run `vnews run` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_data_quality_page_draws_every_table_and_chart_offline(sample_run, tmp_path, subprocess_env):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    result = subprocess.run(
        [VNEWS, "docs", "--data-dir", str(data_dir)], capture_output=True, text=True, env=subprocess_env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    page = result.stdout.strip()
    assert page == str(data_dir / "docs" / "index.html")
    html = Path(page).read_text(encoding="utf-8")
    assert not REMOTE_RESOURCE.search(html)  # nothing to fetch: opens offline
    dom = _rendered_dom(page, tmp_path / "profile")
    assert dom.count("<table") == html.count("<table") == 2  # the runs and the last run's suites
    assert dom.count('class="plot-container plotly"') == 1 and 'class="main-svg"' in dom
    assert "No expectation failed in these runs." in dom and "run_statistics" in dom


def _outlet(i: int) -> str:
    return f"Báo Thử {i + 1:02d}"


def _article(folder: Path, name: str, text: str, **sidecar) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    if sidecar:
        (folder / f"{name}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")


def _many_outlets(root: Path) -> Path:
    """22 outlets over 2026-11-20..24: a fair per province (3 articles at the first outlets, 1 at the last), a
    story told by three outlets without a title or headline, one told by two under a headline, and an article of
    no known outlet."""
    for i, province in enumerate(PROVINCES):
        for k in range(1 + (len(PROVINCES) - i) // 8):
            day, fair = 20 + (i + k) % 5, i * 10 + k + 3
            _article(
                root / f"o{i:02d}",
                f"hoi-cho-{k}",
                f"Hội chợ nông sản {province} lần {fair}\nSáng {day}/11/2026, hội chợ nông sản lần thứ {fair} "
                f"khai mạc tại {province} với {40 + 7 * i + k} gian hàng.\n"
                f"Ban tổ chức cho biết có {120 + 3 * i + k} doanh nghiệp tham gia.\n",
                source=_outlet(i),
                published_at=f"2026-11-{day}",
            )
    for j, extra in enumerate(
        (
            "Xe máy được đi qua cầu Rồng.",
            "Xe buýt đổi lộ trình sang cầu Trần Thị Lý.",
            "Người đi bộ vẫn qua cầu được vào buổi tối.",
        )
    ):
        _article(
            root / f"o{j:02d}",
            "cau-song-han",
            f"{UNTITLED_LEAD}\n{extra}\n",
            source=_outlet(j),
            published_at=f"2026-11-{21 + j}",
        )
    for j, extra in enumerate(("Cầu dài hơn 3 km.", "Tổng vốn đầu tư hơn 5.000 tỷ đồng.")):
        _article(
            root / f"o{3 + j:02d}",
            "my-thuan-3",
            f"{HEADLINE}\nSáng 23/11/2026, cầu Mỹ Thuận 3 nối Tiền Giang "
            f"với Vĩnh Long được khánh thành sau ba năm thi công.\n{extra}\n",
            source=_outlet(3 + j),
            published_at=f"2026-11-{23 + j}",
        )
    _article(
        root / "khac",
        "mua-can-tho",
        "Chiều 22/11/2026, mưa lớn gây ngập nhiều tuyến phố ở Cần Thơ.\n",
        published_at="2026-11-22",
    )
    return root


def _sections(dom: str) -> dict[str, str]:
    """The rendered page's sections by their heading."""
    return {markup.unescape(re.search(r"<h2>(.*?)</h2>", part)[1]): part for part in dom.split("<section>")[1:]}


def _texts(section: str, kind: str) -> list[str]:
    """The labels plotly.js drew: kind is xtick, ytick or legendtext."""
    return [
        markup.unescape(text)
        for text in re.findall(rf'class="{kind}"[^>]*?data-unformatted="([^"]*)"', section.replace("><text", " "))
    ]


@pytest.fixture(scope="module")
def outlets_report(tmp_path_factory, prefect_server) -> tuple[Path, str]:
    """Two runs over the invented 22 outlets (the second finds nothing new), reported and rendered in Chromium:
    (the data directory, the rendered DOM)."""
    from flows.nightly_ingest import nightly_ingest

    tmp = tmp_path_factory.mktemp("outlets")
    data_dir, env = tmp / "data", {**os.environ, "PREFECT_API_URL": prefect_server}
    for _ in range(2):  # in this process: `vnews run` as a subprocess is tested in test_progress.py and test_cli.py
        nightly_ingest(input_dir=str(_many_outlets(tmp / "input")), data_dir=str(data_dir))
    return data_dir, _rendered_dom(_report(data_dir, tmp / "report", env), tmp / "profile")


@pytest.fixture
def warehouse(outlets_report):
    with duckdb.connect(str(outlets_report[0] / "warehouse.duckdb"), read_only=True) as con:
        yield con


def _assert_day_and_count_axes(section: str, days: list[str]) -> None:
    assert _texts(section, "xtick") == days  # a tick per whole day, labelled by its date
    assert all(WHOLE_NUMBER.fullmatch(tick) for tick in _texts(section, "ytick"))


@pytest.mark.slow
def test_twenty_outlets_get_a_colour_each_and_the_rest_are_others(outlets_report, warehouse):
    figure = articles_per_day(warehouse)
    names = [trace.name for trace in figure.data]
    assert names == [*map(_outlet, range(15)), UNKNOWN_SOURCE, *map(_outlet, range(15, 19)), OTHERS]
    assert len({trace.marker.color for trace in figure.data}) == len(names)  # no two series share a colour
    assert figure.layout.xaxis.type == "date" and figure.layout.xaxis.dtick == 86_400_000
    assert figure.layout.xaxis.tickformat == "%Y-%m-%d" and figure.layout.yaxis.tickformat == ",d"
    section = _sections(outlets_report[1])["Articles per day and source"]
    assert _texts(section, "legendtext") == names
    _assert_day_and_count_axes(section, [f"2026-11-{day}" for day in range(20, 25)])
    assert "Articles published 2026-11-20 to 2026-11-24 (5 days)." in outlets_report[1]  # under the title


@pytest.mark.slow
def test_trending_entities_are_drawn_on_days_with_whole_counts(outlets_report, warehouse):
    figure = trending_entities(warehouse)
    assert figure.layout.xaxis.dtick == 86_400_000 and figure.layout.yaxis.dtick == 1
    section = _sections(outlets_report[1])["Trending entities"]
    assert _texts(section, "legendtext") == [trace.name for trace in figure.data]
    ticks = _texts(section, "xtick")
    assert ticks and all(DAY.fullmatch(tick) for tick in ticks)
    _assert_day_and_count_axes(section, ticks)


@pytest.mark.slow
def test_every_story_is_labelled_by_its_title_or_its_first_sentence(outlets_report, warehouse):
    labels = _texts(_sections(outlets_report[1])["Largest stories"], "ytick")
    assert labels == list(largest_stories(warehouse).layout.yaxis.ticktext)
    assert labels == [f"{_shortened(UNTITLED_LEAD)} (3 articles, 3 outlets)", f"{HEADLINE} (2 articles, 2 outlets)"]
    assert labels[0].startswith("Sáng 21/11/2026, cầu Sông Hàn") and "…" in labels[0]  # shortened
    assert _texts(_sections(outlets_report[1])["Largest stories"], "xtick") == [
        f"2026-11-{day}" for day in range(21, 25)
    ]


def test_runs_are_categories_labelled_by_number_and_start(outlets_report, warehouse):
    figure = data_quality(warehouse)
    assert figure.layout.xaxis.type == "category" and figure.layout.yaxis.tickformat == ",d"
    section = _sections(outlets_report[1])["Data quality of the last runs"]
    runs = _texts(section, "xtick")
    assert [run.split(" · ")[0] for run in runs] == ["#1", "#2"]
    assert all(re.fullmatch(r"#\d+ · \d{4}-\d\d-\d\d \d\d:\d\d", run) for run in runs)
    assert all(WHOLE_NUMBER.fullmatch(tick) for tick in _texts(section, "ytick"))
    assert _texts(section, "legendtext")[:4] == ["new files", "quarantined files", "critical failures", "warnings"]


def test_long_labels_are_cut_at_a_word_with_an_ellipsis():
    assert _shortened("Một  câu\nngắn.") == "Một câu ngắn."
    assert _shortened("một hai ba bốn năm", limit=12) == "một hai ba…"
    assert _shortened("x" * 20, limit=10) == "x" * 9 + "…"
