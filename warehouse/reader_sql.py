"""Which statements `vnews sql` runs: queries that read the warehouse, judged by DuckDB's own parser before
anything runs.

A query is a SELECT as DuckDB parses it (WITH, FROM-first, VALUES, SHOW, DESCRIBE, SUMMARIZE, PIVOT … IN and
PRAGMA table_info all parse as one), or EXPLAIN [ANALYZE] of one. Everything else (ATTACH, DETACH, USE, SET,
CREATE, CREATE SECRET, INSTALL, LOAD, CALL, PRAGMA, …) is refused; with --allow-files COPY and EXPORT run too.
Inside a query, the table functions that run SQL given as text or read another database by name, DuckLake's
functions that change the lake, and the DuckLake catalog's own tables are refused; so are the functions that read
files, unless --allow-files (DuckDB lets them read the files of the databases it attached, the DuckLake catalog's
among them).
"""

import json
from collections.abc import Iterator

import duckdb

from vnews.errors import ActionableError

FILE_STATEMENTS = {duckdb.StatementType.COPY, duckdb.StatementType.EXPORT}  # run with --allow-files
# DuckLake's functions that only read its snapshots and files; its others change the lake (delete files, expire
# snapshots), even on a catalog attached read-only.
DUCKLAKE_READS = {
    "ducklake_snapshots",
    "ducklake_current_snapshot",
    "ducklake_last_committed_snapshot",
    "ducklake_table_info",
    "ducklake_table_changes",
    "ducklake_table_insertions",
    "ducklake_table_deletions",
    "ducklake_list_files",
    "ducklake_options",
}
# Functions that run SQL given as text, read a database by name, or change what a reader must not.
REFUSED_FUNCTIONS = {
    "query",
    "query_table",
    "checkpoint",
    "force_checkpoint",
    "enable_logging",
    "disable_logging",
    "truncate_duckdb_logs",
}
REFUSED_PREFIXES = ("sqlite_", "postgres_")
FILE_FUNCTIONS = {
    "glob",
    "sniff_csv",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "parquet_bloom_probe",
}  # and every read_*: run with --allow-files
METADATA_CATALOG = "__ducklake_metadata_"  # how DuckLake names the catalog's own database


class StatementRefused(ActionableError):
    """A statement `vnews sql` does not run; nothing of the query was run."""

    def __init__(self, what: str):
        super().__init__(
            f"`vnews sql` reads only the warehouse, with queries (SELECT, WITH, SHOW, DESCRIBE, "
            f"SUMMARIZE, EXPLAIN): {what} refused, nothing was run"
        )


def refuse_all_but_queries(con: duckdb.DuckDBPyConnection, query: str, allow_files: bool) -> int:
    """Raise StatementRefused unless every statement of `query` is a query (or, with `allow_files`, a COPY or
    EXPORT); return how many statements there are."""
    statements = con.extract_statements(query)
    for statement in statements:
        if statement.type == duckdb.StatementType.EXPLAIN:
            _refuse_unless_select(con, _explained(statement.query), allow_files)
        elif statement.type == duckdb.StatementType.SELECT:
            _refuse_what_it_reaches(con, statement.query, allow_files)
        elif not (allow_files and statement.type in FILE_STATEMENTS):
            raise StatementRefused(statement.type.name)
    return len(statements)


def _explained(text: str) -> str:
    """The statement an EXPLAIN statement explains: what follows EXPLAIN, ANALYZE and an option list."""
    tokens = [position for position, _ in duckdb.tokenize(text)][1:]  # the first is EXPLAIN
    words = [text[start:end].strip().lower() for start, end in zip(tokens, tokens[1:] + [len(text)])]
    skip = 1 if words and words[0] in ("analyze", "analyse") else 0
    if skip < len(words) and words[skip] == "(":
        skip = words.index(")", skip) + 1 if ")" in words[skip:] else len(words)
    return text[tokens[skip] :] if skip < len(tokens) else ""


def _refuse_unless_select(con: duckdb.DuckDBPyConnection, text: str, allow_files: bool) -> None:
    try:
        statements = con.extract_statements(text)
    except duckdb.Error:
        statements = []
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise StatementRefused(f"EXPLAIN of {statements[0].type.name if statements else 'this statement'}")
    _refuse_what_it_reaches(con, statements[0].query, allow_files)


def _refuse_what_it_reaches(con: duckdb.DuckDBPyConnection, select: str, allow_files: bool) -> None:
    """Refuse a SELECT that calls a refused function (or, unless `allow_files`, one that reads files) or names the
    DuckLake catalog's own database."""
    tree = json.loads(con.execute("select json_serialize_sql(?)", [select]).fetchone()[0])
    if tree.get("error"):
        raise StatementRefused(f"a query DuckDB cannot inspect ({tree.get('error_message', '')})")
    for node in _nodes(tree):
        function = node.get("function_name")
        if isinstance(function, str) and _refused(function.lower()):
            raise StatementRefused(f"{function}() (it runs other SQL, reads another database or changes the lake)")
        if isinstance(function, str) and not allow_files and _reads_files(function.lower()):
            raise StatementRefused(f"{function}() without --allow-files")
        if node.get("type") == "BASE_TABLE":
            for name in (node.get("catalog_name") or "", node.get("schema_name") or ""):
                if name.lower().startswith(METADATA_CATALOG):
                    raise StatementRefused(f"{name} (the DuckLake catalog's own tables)")


def _refused(function: str) -> bool:
    return (
        function in REFUSED_FUNCTIONS
        or function.startswith(REFUSED_PREFIXES)
        or (function.startswith("ducklake_") and function not in DUCKLAKE_READS)
    )


def _reads_files(function: str) -> bool:
    return function in FILE_FUNCTIONS or function.startswith("read_")


def _nodes(tree) -> Iterator[dict]:
    """Every object of a json_serialize_sql tree, depth first."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _nodes(value)
