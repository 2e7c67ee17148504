"""The tables section of docs/tables.md, written from the specs: `python -m warehouse.tables.page` rewrites it
between its markers (tests/test_docs.py fails when the page and the specs differ)."""

from pathlib import Path

from warehouse.tables import all_specs
from warehouse.tables.spec import ROLES, TableSpec

PAGE = Path(__file__).parents[2] / "docs" / "tables.md"
BEGIN = "<!-- tables: made from warehouse/tables/ by `python -m warehouse.tables.page`; edit the specs -->"
END = "<!-- tables: end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table_section(table: TableSpec) -> list[str]:
    lines = [
        f"### `{table.name}`",
        "",
        f"{table.description} Key: {', '.join(f'`{c}`' for c in table.key)}.",
        *([f"\n{table.notes}"] if table.notes else []),
        "",
        "| column | type | description |",
        "|---|---|---|",
        *(f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in table.columns),
        "",
    ]
    return lines


def tables_section() -> str:
    """The summary of every table by role, then each table's columns."""
    lines = []
    for role, meaning in ROLES.items():
        specs = [s for s in all_specs() if s.role == role]
        lines += [f"## {role.capitalize()}: {meaning}", "", "| table | one row per |", "|---|---|"]
        lines += [f"| [`{s.qualified_name}`](#{s.name}) | {_cell(s.grain)} |" for s in specs]
        lines += [""]
    lines += ["## Columns", ""]
    for table in all_specs():
        lines += _table_section(table)
    return "\n".join(lines)


def render(page: str) -> str:
    """The page with the text between its markers made from the specs."""
    before, rest = page.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return f"{before}{BEGIN}\n\n{tables_section()}\n{END}{after}"


if __name__ == "__main__":
    PAGE.write_text(render(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {PAGE}")
