-- Threads (issue 31, point 3): stories that follow one another. document_stories.thread_id is the smallest story
-- id of the thread; a document placed before threads existed is in a thread of its own story.
alter table document_stories add column if not exists thread_id varchar;
update document_stories set thread_id = story_id where thread_id is null;

-- The log of threads merged when a later article linked them.
create table if not exists thread_relabels (
    run_id     varchar,
    old_thread varchar,
    new_thread varchar
);
