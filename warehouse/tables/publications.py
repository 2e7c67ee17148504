"""publications: one row per appearance of a document at a source path."""

from vnews.contract import PUBLISHED_AT_SOURCES
from warehouse.tables.spec import Check, Column, Suite, TableSpec, in_set, not_null, resolves

SPEC = TableSpec(
    name="publications",
    role="derived",
    grain="appearance of a document at a source path (or a record of a crawler export)",
    description="One row per appearance of a document at a source path: its title, date, source, url and author.",
    key=("publication_id",),
    columns=(
        Column("publication_id", "varchar", "Hash of the source path and the document.", contract=True),
        Column("doc_id", "varchar", "The document.", contract=True),
        Column("source_path", "varchar", "The input path (an export's record: file#line).", contract=True),
        Column("title", "varchar", "The headline.", contract=True),
        Column("published_at", "timestamp with time zone", "When; a date alone is 00:00 in Vietnam.", contract=True),
        Column("published_day", "date", "The calendar day in Asia/Ho_Chi_Minh.", contract=True),
        Column("published_at_source", "varchar", "Where the date is from: sidecar, path, text, none.", contract=True),
        Column("source_name", "varchar", "The outlet.", contract=True),
        Column("url", "varchar", "The article's address.", contract=True),
        Column("author", "varchar", "The byline.", contract=True),
        Column("run_id", "varchar", "The run that read it."),
    ),
    staged="batch",
    suite=Suite(
        """
        select p.*, d.doc_id as parent_doc_id
        from (select * from publications semi join stg_publications using (publication_id)) as p
        left join documents as d using (doc_id)""",
        (
            *resolves("doc_id"),
            in_set("published_at_source", PUBLISHED_AT_SOURCES),
            not_null("published_day", ("published_at_source", "!=", "none")),
            Check("ExpectColumnValuesToBeNull", {"column": "published_at"}, ("published_at_source", "==", "none")),
        ),
    ),
    notes="Its title, publication date, source, url and author (see [Articles, stories and days]"
    "(querying.md#articles-stories-and-days)).",
)
