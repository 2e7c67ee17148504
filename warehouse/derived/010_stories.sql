-- Tonight's documents join their stories and threads, and the stories and threads they linked merge.
insert into internal._document_fingerprints by name
select new.* from stg__document_fingerprints as new
anti join internal._document_fingerprints as old using (doc_id);

insert into internal._story_features by name
select new.* from stg__story_features as new
anti join internal._story_features as old using (doc_id, feature);

insert into story_relabels by name select * from stg_story_relabels;

insert into thread_relabels by name select * from stg_thread_relabels;

insert into document_stories by name
select new.* from stg_document_stories as new
anti join document_stories as old using (doc_id);

-- The stories and threads tonight merged, relabelled; a row a vnews before threads staged (replayed by `vnews
-- rebuild`) becomes a thread of its own story. One update: a DuckLake run is one transaction, and each further
-- update of a table in it adds delete files that a long run (a year loaded at once) failed to clean up ("Could not
-- remove file …-delete.parquet").
update document_stories
set story_id = coalesce(relabels.new_story, document_stories.story_id),
    thread_id = coalesce(relabels.new_thread, document_stories.thread_id, relabels.new_story, document_stories.story_id)
from (
    select old.doc_id, stories.new_story, threads.new_thread
    from document_stories as old
    left join stg_story_relabels as stories on old.story_id = stories.old_story
    left join stg_thread_relabels as threads on old.thread_id = threads.old_thread
    where stories.old_story is not null or threads.old_thread is not null or old.thread_id is null
) as relabels
where document_stories.doc_id = relabels.doc_id;
