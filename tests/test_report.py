"""`vnews report`: a static page with plots, rendered in a real headless Chromium, offline."""

import re
import shutil
import subprocess
import sys
from pathlib import Path


from tests.warehouse_queries import query

VNEWS = str(Path(sys.executable).with_name("vnews"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine's notes advise: no background connections (the network is closed), a fresh profile.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
REMOTE_RESOURCE = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.IGNORECASE)


def _report(data_dir, out_dir, subprocess_env) -> str:
    result = subprocess.run([VNEWS, "report", "--out", str(out_dir), "--data-dir", str(data_dir)],
                            capture_output=True, text=True, env=subprocess_env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _rendered_dom(page: str, profile) -> str:
    assert CHROMIUM, "Chromium is missing: `make test` installs Debian's chromium package (as root)"
    result = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                             "--dump-dom", f"file://{page}"], capture_output=True, text=True, timeout=180)
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
    result = subprocess.run([VNEWS, "report", "--data-dir", str(tmp_path / "nothing-here")], capture_output=True,
                            text=True, env=subprocess_env, timeout=120)
    assert result.returncode != 0 and "run `vnews run` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_data_quality_page_draws_every_table_and_chart_offline(sample_run, tmp_path, subprocess_env):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    result = subprocess.run([VNEWS, "docs", "--data-dir", str(data_dir)], capture_output=True, text=True,
                            env=subprocess_env, timeout=120)
    assert result.returncode == 0, result.stderr
    page = result.stdout.strip()
    assert page == str(data_dir / "docs" / "index.html")
    html = Path(page).read_text(encoding="utf-8")
    assert not REMOTE_RESOURCE.search(html)  # nothing to fetch: opens offline
    dom = _rendered_dom(page, tmp_path / "profile")
    assert dom.count("<table") == html.count("<table") == 2  # the runs and the last run's suites
    assert dom.count('class="plot-container plotly"') == 1 and 'class="main-svg"' in dom
    assert "No expectation failed in these runs." in dom and "run_statistics" in dom
