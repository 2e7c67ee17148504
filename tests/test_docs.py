"""The manual: README.md and docs/ (an MkDocs site). The site builds with --strict (no broken link or anchor), the
README stays short, no page links to a missing file, the tables page is made from the table specs, and every `vnews …`
command the pages show in a code block runs (exit 0) against one warehouse of the bundled samples, as
sqlite-utils tests its documentation."""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vnews.cli import main
from warehouse.tables.page import PAGE, render

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))
MANUAL = [README, *PAGES, ROOT / "CHANGELOG.md", ROOT / "bench" / "README.md"]
README_MAX_LINES = 150

# Commands shown but not run here, each with the reason:
SKIP_SUBCOMMANDS = {
    # registers a deployment and runs it on a cron schedule until stopped; needs a Prefect server of its own
    "serve": "runs nightly-ingest on a schedule until stopped (needs a Prefect server)",
}
SKIP_ENVIRONMENTS = {
    # the "Scaling out" example's block exports a PostgreSQL catalog on another host and data files on a mount;
    # tests/test_ducklake.py runs the same commands against a PostgreSQL cluster of its own
    "VNEWS_WAREHOUSE": ("ducklake:postgres:", "a PostgreSQL catalog on another host (tests/test_ducklake.py)"),
}

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}


def test_site_builds_strictly(tmp_path):
    """`mkdocs build --strict`: any broken link, missing anchor, page left out of the nav or missing include fails."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "-f",
            "mkdocs.yml",
            "-d",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert {p.stem for p in PAGES} <= {p.stem for p in site.glob("*.html")}
    index = (site / "index.html").read_text()
    # offline: no web fonts or analytics; file:// links (use_directory_urls: false)
    assert "fonts.googleapis" not in index and "googletagmanager" not in index
    assert 'href="getting-started.html"' in index
    assert "Entity annotation conventions" in (site / "conventions.html").read_text()


def test_readme_is_short():
    lines = README.read_text().count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; the rest belongs in docs/"


@pytest.mark.parametrize("page", MANUAL, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_link_to_a_missing_file(page):
    text = FENCE.sub("", page.read_text())
    missing = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#")[0]
        if not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


def test_tables_page_is_made_from_the_specs():
    """docs/tables.md's tables section is the specs' (`python -m warehouse.tables.page` rewrites it)."""
    assert PAGE.read_text(encoding="utf-8") == render(PAGE.read_text(encoding="utf-8")), (
        "docs/tables.md differs from the table specs: run `python -m warehouse.tables.page`"
    )


def shown_commands() -> list[tuple[str, list[str], dict[str, str]]]:
    """(where, argv after `vnews`, the block's `export`s) of every `vnews …` line in a code block: `$ vnews …`
    in any block, `vnews …` at the start of a line in a shell block; a quoted query may run over several lines."""
    found = []
    for page in [README, *PAGES]:
        text = page.read_text()
        for block in FENCE.finditer(text):
            language, body = block.group(1), block.group(2)
            first_line = text[: block.start(2)].count("\n") + 1
            lines, exports, i = body.split("\n"), {}, 0
            while i < len(lines):
                line = lines[i]
                if language in SHELL_LANGUAGES and line.startswith("export "):
                    name, _, value = line[len("export ") :].partition("=")
                    exports[name] = shlex.split(value)[0] if value else ""
                match = re.match(r"(\$ )?vnews ", line)
                if match and (match.group(1) or language in SHELL_LANGUAGES):
                    command, start = line[len(match.group(1) or "") :], i
                    while True:
                        try:
                            words = shlex.split(command, comments=True)
                            break
                        except ValueError:  # a quoted query goes on on the next line
                            i += 1
                            command += "\n" + lines[i]
                    for stop in (">", "|", "2>", "&&", ";"):
                        if stop in words:
                            words = words[: words.index(stop)]
                    found.append((f"{page.relative_to(ROOT)}:{first_line + start}", words[1:], dict(exports)))
                i += 1
    return found


COMMANDS = shown_commands()


def skip_reason(args: list[str], exports: dict[str, str]) -> str | None:
    if args and args[0] in SKIP_SUBCOMMANDS:
        return SKIP_SUBCOMMANDS[args[0]]
    for name, (prefix, reason) in SKIP_ENVIRONMENTS.items():
        if exports.get(name, "").startswith(prefix):
            return reason
    return None


def test_the_pages_show_the_tour():
    shown = {args[0] for _, args, _ in COMMANDS if args}
    assert {"run", "sql", "search", "report", "check", "export", "docs", "retag", "rebuild"} <= shown


@pytest.fixture(scope="module")
def shown_warehouse(tmp_path_factory, prefect_server):
    """One `vnews run` over both bundled samples; every shown command reads (or quietly re-runs) this data
    directory."""
    base = tmp_path_factory.mktemp("docs")
    inputs = base / "input"
    shutil.copytree(ROOT / "data" / "sample", inputs / "sample")
    shutil.copytree(ROOT / "data" / "sample_days", inputs / "days")
    data_dir = base / "data"
    result = CliRunner().invoke(main, ["run", "--input", str(inputs), "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return base, inputs, data_dir


def in_place(args: list[str], base: Path, inputs: Path, data_dir: Path, n: int) -> list[str]:
    """The command with its paths in the test's folders: any --input is the samples (so a run is a quiet night),
    --data-dir the shared data directory, --out a folder of its own, a DuckLake catalog file under tmp."""
    replaced, options = [], {"--input": str(inputs), "--data-dir": str(data_dir), "--out": str(base / f"out-{n}")}
    it = iter(args)
    for word in it:
        if word in options:
            replaced += [word, options[word]]
            next(it, None)
        elif word == "--warehouse":
            value = next(it)
            if value.startswith("ducklake:sqlite:"):
                value = f"ducklake:sqlite:{base / f'catalog-{n}.sqlite'}"
            replaced += [word, value]
        else:
            replaced.append(word)
    return replaced


@pytest.mark.parametrize("where,args,exports", COMMANDS, ids=[where for where, _, _ in COMMANDS])
def test_shown_command_runs(where, args, exports, shown_warehouse):
    reason = skip_reason(args, exports)
    if reason:
        pytest.skip(reason)
    base, inputs, data_dir = shown_warehouse
    n = COMMANDS.index((where, args, exports))
    argv = in_place(args, base, inputs, data_dir, n)
    env = {"VNEWS_DATA_DIR": str(data_dir), "VNEWS_INPUT": str(inputs), **exports}
    result = CliRunner().invoke(main, argv, env=env)
    assert result.exit_code == 0, f"{where}: vnews {shlex.join(argv)}\n{result.output}"
