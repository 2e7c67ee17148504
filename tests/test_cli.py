"""The `vnews` command as a user types it (Click's runner, exact output and exit codes)."""

import json
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.processes import holding_open
from tests.warehouse_queries import snapshot
from vnews.cli import main
from vnews.defaults import DEFAULT_CRON, NEWSROOM_TIMEZONE


@pytest.fixture
def data_dir(sample_run):
    return sample_run


PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PREFECT_YAML = PYPROJECT.with_name("prefect.yaml")


def vnews(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_sql_table_output(data_dir):
    result = vnews("sql", "select count(*) as n from documents", "--data-dir", str(data_dir))
    assert (result.exit_code, result.output) == (0, "n\n-\n5\n(1 row)\n")


def test_sql_csv_and_json_output(data_dir):
    query = "select type, count(*) > 0 as seen from entities where type in ('PER', 'LOC') group by type order by type"
    csv_result = vnews("sql", query, "--data-dir", str(data_dir), "--format", "csv")
    assert (csv_result.exit_code, csv_result.output) == (0, "type,seen\nLOC,True\nPER,True\n")
    json_result = vnews("sql", query, "--data-dir", str(data_dir), "--format", "json")
    assert json.loads(json_result.output) == [{"type": "LOC", "seen": True}, {"type": "PER", "seen": True}]


def test_data_dir_from_environment(data_dir):
    result = vnews(
        "sql", "select count(*) as n from documents", "--format", "csv", env={"VNEWS_DATA_DIR": str(data_dir)}
    )
    assert (result.exit_code, result.output) == (0, "n\n5\n")


@pytest.mark.parametrize("variable", ["VNEWS_SQL_FORMAT", "VNEWS_FORMAT"])
def test_sql_format_from_environment_and_its_old_name(data_dir, variable):
    result = vnews("sql", "select count(*) as n from documents", env={"VNEWS_DATA_DIR": str(data_dir), variable: "csv"})
    assert (result.exit_code, result.output) == (0, "n\n5\n")


def test_sql_refuses_writes_and_changes_nothing(data_dir):
    before = snapshot(data_dir)
    result = vnews("sql", "DROP TABLE documents", "--data-dir", str(data_dir))
    assert result.exit_code == 1
    assert result.output.startswith("Error: `vnews sql` reads only the warehouse, with queries")
    assert result.output.endswith(": DROP refused, nothing was run\n")
    assert vnews("sql", "delete from sentences", "--data-dir", str(data_dir)).exit_code == 1
    assert snapshot(data_dir) == before


def test_sql_reports_bad_sql_with_duckdbs_hint_and_where(data_dir):
    result = vnews("sql", "selec nothing", "--data-dir", str(data_dir))
    assert (result.exit_code, result.output) == (
        1,
        'Error: Parser Error: syntax error at or near "selec"\nLINE 1: selec nothing\n        ^\n',
    )
    result = vnews("sql", "select count(*) from entitie", "--data-dir", str(data_dir))
    assert result.exit_code == 1 and 'Did you mean "entities"?' in result.output.splitlines()


def test_run_on_an_unchanged_folder_prints_a_summary_of_a_quiet_night(sample_run, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    result = vnews("run", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  files      5 seen: 0 loaded, 0 duplicate, 5 unchanged, 0 quarantined" in lines
    assert "  documents  0 new" in lines and "  validation nothing new to validate" in lines
    assert lines[-1] == f"  warehouse  {data_dir / 'warehouse.duckdb'} (+0 rows)"


def test_sql_names_the_process_that_holds_the_warehouse_read_write(data_dir):
    warehouse = data_dir / "warehouse.duckdb"
    with holding_open(warehouse) as pid:
        result = vnews("sql", "select 1", "--data-dir", str(data_dir))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: sql failed: {warehouse} is held open read-write by process {pid} (")
    assert vnews("sql", "select 1", "--data-dir", str(data_dir)).exit_code == 0


@pytest.mark.slow
def test_runs_publish_while_a_client_holds_the_warehouse_read_write(sample_run, sample_input, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    count = ("sql", "select count(*) as n from documents", "--data-dir", str(data_dir), "--format", "csv")
    with holding_open(data_dir / "warehouse.duckdb"):
        quiet = vnews("run", "--input", str(sample_input), "--data-dir", str(data_dir))
        assert quiet.exit_code == 0, quiet.output
        (sample_input / "new.txt").write_text(
            "Hà Nội mưa lớn suốt đêm qua, nhiều tuyến phố ngập sâu.\n", encoding="utf-8"
        )
        with holding_open(data_dir / "warehouse.duckdb"):  # the file the quiet night published
            night = vnews("run", "--input", str(sample_input), "--data-dir", str(data_dir))
        assert night.exit_code == 0, night.output
        assert "  documents  1 new" in night.output.splitlines()
    assert (vnews(*count).exit_code, vnews(*count).output) == (0, "n\n6\n")


def test_sql_without_a_warehouse(tmp_path):
    result = vnews("sql", "select 1", "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == f"Error: no warehouse at {tmp_path / 'warehouse.duckdb'}; run `vnews run` first\n"


def test_run_reports_a_missing_input_in_one_line(tmp_path):
    result = vnews("run", "--input", str(tmp_path / "nope"), "--data-dir", str(tmp_path / "data"))
    assert result.exit_code == 1
    assert (
        result.output.strip().splitlines()[-1] == f"Error: run failed: input directory not found: {tmp_path / 'nope'}"
    )


@pytest.mark.parametrize("command", ["run", "sql", "retag"])
def test_every_command_has_help_with_an_example(command):
    result = vnews(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.output


@pytest.mark.parametrize(
    "escape",
    [
        "COPY (select 1 as x) TO '{tmp}/written.csv'",
        "EXPORT DATABASE '{tmp}/exported'",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/hostname')",
        "select * from glob('/etc/*')",
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "LOAD spatial",
        "INSTALL httpfs",
    ],
)
def test_sql_cannot_reach_other_files_databases_or_settings(data_dir, tmp_path, escape):
    result = vnews("sql", escape.format(tmp=tmp_path), "--data-dir", str(data_dir))
    assert result.exit_code == 1 and "reads only the warehouse" in result.output
    assert len(result.output.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []


def test_allow_files_lets_a_query_read_a_file(data_dir, tmp_path):
    (tmp_path / "ids.csv").write_text("doc_id\nnone\n", encoding="utf-8")
    query = f"select count(*) as n from read_csv('{tmp_path}/ids.csv') join documents using (doc_id)"
    assert vnews("sql", query, "--data-dir", str(data_dir)).exit_code == 1
    result = vnews("sql", query, "--data-dir", str(data_dir), "--allow-files")
    assert (result.exit_code, result.output) == (0, "n\n-\n0\n(1 row)\n")


def test_version_is_the_installed_distributions_and_pyprojects():
    """A release check: the `vnews` on PATH says the version it was installed as, which is pyproject's."""
    command = Path(sys.executable).with_name("vnews")
    result = subprocess.run([command, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout == f"vnews {version('vnews')}\n"
    assert version("vnews") == tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


def test_prefect_yaml_schedules_the_nightly_run_like_vnews_serve():
    """prefect.yaml cannot import vnews/defaults.py: it repeats the default cron and the newsroom's time zone."""
    [deployment] = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))["deployments"]
    assert [(s["cron"], s["timezone"]) for s in deployment["schedules"]] == [(DEFAULT_CRON, NEWSROOM_TIMEZONE)]
    serve = {option.name: option.default for option in main.commands["serve"].params}
    assert (serve["cron"], serve["timezone"]) == (DEFAULT_CRON, NEWSROOM_TIMEZONE)
