"""document_stories: the story each document belongs to, and the thread of that story."""

from warehouse.tables.spec import Column, Suite, TableSpec, not_null, resolves

SPEC = TableSpec(
    name="document_stories",
    role="content",
    grain="document in a story",
    description="One row per document: the story (event) it reports and the thread (stories that follow one another).",
    key=("doc_id",),
    columns=(
        Column("doc_id", "varchar", "The document.", contract=True),
        Column("story_id", "varchar", "The story: a hash of the document that started it.", contract=True),
        Column("run_id", "varchar", "The run that placed the document."),
        Column(
            "thread_id",
            "varchar",
            "The thread: stories that follow one another; the smallest story id among them.",
            contract=True,
        ),
    ),
    staged="derived",
    suite=Suite(
        """
        with touched as (
            select * from document_stories
            where doc_id in (select doc_id from stg_document_stories)
               or story_id in (select new_story from stg_story_relabels)
               or thread_id in (select new_thread from stg_thread_relabels)
        )
        select t.*, d.doc_id as parent_doc_id, s.story_id as parent_story_id
        from touched as t
        left join (select doc_id from documents where doc_id in (select doc_id from touched)) as d using (doc_id)
        left join (select story_id from stories where story_id in (select story_id from touched)) as s
            using (story_id)""",
        (*resolves("doc_id"), *resolves("story_id"), not_null("thread_id")),
    ),
    notes=(
        "`stories` is a view over it; the suite reads tonight's documents and those of the stories and threads "
        "merged tonight. A document placed before threads existed (migration 014) is in a thread of its own story."
    ),
)
