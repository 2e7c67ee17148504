"""What a table spec says (TableSpec, Column, Suite), and the checks a suite is made of, as plain data: Great
Expectations is imported only when a night validates (expectations/suites.py turns a Check into its expectation)."""

from dataclasses import dataclass, field

# What a table is for; internal tables live in schema `internal`, out of the list BI tools show.
ROLES = {
    "content": "the news itself: the same input gives the same rows",
    "derived": "follows from the content and where it was published; analysts read it beside the content",
    "audit": "what each run saw and did; grows with every run",
    "internal": "the pipeline's own state (indexes, matching features), in schema `internal`",
}
# When a night stages a table's rows in the lake and loads them: with each batch of input files (the scripts of
# warehouse/load/), after the batch's content is in (warehouse/derived/), or once per run, after validation
# (warehouse/record/). None: never staged; the load scripts compute it in the warehouse.
STAGES = ("batch", "derived", "run")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as DuckDB spells it in lowercase
    description: str  # one line; the column's COMMENT in the warehouse
    contract: bool = False  # the interface contract (CONTRACT.md) promises it


@dataclass(frozen=True)
class Check:
    """One Great Expectations expectation: its class in great_expectations.expectations and its arguments; `where`,
    (column, "==" or "!=", value), limits it to the rows that match."""

    expectation: str
    arguments: dict = field(default_factory=dict)
    where: tuple[str, str, object] | None = None


@dataclass(frozen=True)
class Suite:
    """The table's suite: `query` makes its frame (the rows the batch added or changed, with the columns a
    cross-table rule needs); the key's checks come first, then `checks`. `expect_rows`: "documents" or
    "sentences", the frame must hold rows when the batch loaded a document or a sentence."""

    query: str
    checks: tuple[Check, ...] = ()
    expect_rows: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    role: str  # a key of ROLES
    grain: str  # what one row is
    description: str  # the table's COMMENT in the warehouse
    key: tuple[str, ...]  # the columns that identify a row
    columns: tuple[Column, ...]
    staged: str | None  # one of STAGES, or None
    suite: Suite | None = None
    notes: str = ""  # more for docs/tables.md (Markdown)

    def __post_init__(self):
        names = [c.name for c in self.columns]
        assert self.role in ROLES and self.staged in (*STAGES, None), self.name
        assert len(set(names)) == len(names) and set(self.key) <= set(names), self.name

    @property
    def schema(self) -> str:
        return "internal" if self.role == "internal" else "main"

    @property
    def qualified_name(self) -> str:
        """How SQL names the table: schema and name for an internal table, the name alone in main."""
        return f"{self.schema}.{self.name}" if self.schema != "main" else self.name


# ---------- checks: the same minimum for every table (STYLE.md), and the rules that recur ----------
NEW = ("is_new", "==", True)  # the rows the batch wrote, whose text the frame holds


def key_checks(*columns: str) -> tuple[Check, ...]:
    not_null = tuple(Check("ExpectColumnValuesToNotBeNull", {"column": c}) for c in columns)
    if len(columns) == 1:
        return (*not_null, Check("ExpectColumnValuesToBeUnique", {"column": columns[0]}))
    return (*not_null, Check("ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)}))


def not_null(column: str, where: tuple | None = None) -> Check:
    return Check("ExpectColumnValuesToNotBeNull", {"column": column}, where)


def resolves(foreign_key: str) -> tuple[Check, ...]:
    """The foreign key is set and finds its parent: the joined parent key (parent_<column>) is not null."""
    return not_null(foreign_key), not_null(f"parent_{foreign_key}")


def in_set(column: str, values: tuple[str, ...]) -> Check:
    return Check("ExpectColumnValuesToBeInSet", {"column": column, "value_set": list(values)})


def between(column: str, min_value: float | None = None, max_value: float | None = None, **arguments) -> Check:
    bounds = {"min_value": min_value} | ({"max_value": max_value} if max_value is not None else {})
    return Check("ExpectColumnValuesToBeBetween", {"column": column, **bounds, **arguments})


def equal(column_a: str, column_b: str, where: tuple | None = None) -> Check:
    return Check("ExpectColumnPairValuesToBeEqual", {"column_A": column_a, "column_B": column_b}, where)


def at_least(column_a: str, column_b: str, or_equal: bool = True, where: tuple | None = None) -> Check:
    """column_a > column_b, or >= with `or_equal`."""
    arguments = {"column_A": column_a, "column_B": column_b} | ({"or_equal": True} if or_equal else {})
    return Check("ExpectColumnPairValuesAToBeGreaterThanB", arguments, where)


def offsets_inside(length_column: str, where: tuple | None = None) -> tuple[Check, ...]:
    """char_start/char_end a non-empty slice of a text `length_column` long (`where`: the rows holding it)."""
    return (
        between("char_start", 0),
        at_least("char_end", "char_start", or_equal=False),
        at_least(length_column, "char_end", where=where),
    )


def nfc_and_not_empty(column: str, where: tuple | None = None) -> tuple[Check, ...]:
    return (
        not_null(column, where),
        Check("ExpectColumnValueLengthsToBeBetween", {"column": column, "min_value": 1}, where),
        equal(column, f"{column}_nfc", where),
    )
