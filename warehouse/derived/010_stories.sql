-- Tonight's documents join their stories and threads, and the stories and threads they linked merge.
insert into internal._document_fingerprints by name
select new.* from stg__document_fingerprints as new
anti join internal._document_fingerprints as old using (doc_id);

insert into internal._story_features by name
select new.* from stg__story_features as new
anti join internal._story_features as old using (doc_id, feature);

insert into story_relabels by name select * from stg_story_relabels;

update document_stories
set story_id = relabels.new_story
from stg_story_relabels as relabels
where document_stories.story_id = relabels.old_story;

insert into thread_relabels by name select * from stg_thread_relabels;

update document_stories
set thread_id = relabels.new_thread
from stg_thread_relabels as relabels
where document_stories.thread_id = relabels.old_thread;

insert into document_stories by name
select new.* from stg_document_stories as new
anti join document_stories as old using (doc_id);

-- Rows a vnews before threads staged (replayed by `vnews rebuild`): a thread of their own story.
update document_stories set thread_id = story_id where thread_id is null;
