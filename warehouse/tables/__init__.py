"""The warehouse's tables, one spec each: a module of this folder named after its table, holding `SPEC` (see
spec.py). The specs are the one list of tables and columns: the Great Expectations suites, the contract test, the
export manifest, docs/tables.md (page.py) and the warehouse's COMMENTs are made from them."""

import importlib
import pkgutil
from functools import cache

from warehouse.tables.spec import ROLES, TableSpec

NOT_TABLES = ("spec", "page")  # the modules of this folder that describe no table


@cache
def all_specs() -> tuple[TableSpec, ...]:
    """Every table's spec, by role (content first), then name."""
    names = [m.name for m in pkgutil.iter_modules(__path__) if m.name not in NOT_TABLES]
    specs = [importlib.import_module(f"{__name__}.{name}").SPEC for name in names]
    assert [spec.name for spec in specs] == names, "a spec named not as its module"
    return tuple(sorted(specs, key=lambda s: (list(ROLES).index(s.role), s.name)))


def spec(table: str) -> TableSpec:
    return {s.name: s for s in all_specs()}[table]


def tables(role: str | None = None, staged: str | None = None) -> tuple[str, ...]:
    """The names of the tables of a role, or staged as `staged` says (spec.STAGES); all of them with neither."""
    return tuple(
        s.name for s in all_specs() if (role is None or s.role == role) and (staged is None or s.staged == staged)
    )


def qualified(table: str) -> str:
    """How SQL names a table: `internal.<name>` for an internal one, the name alone in main."""
    return spec(table).qualified_name


# The tables that hold the news itself: the same input gives the same rows in them.
CONTENT_TABLES = tables("content")
# The tables the interface contract names (CONTRACT.md): those with a column it promises.
CONTRACT_TABLES = tuple(s.name for s in all_specs() if any(c.contract for c in s.columns))
