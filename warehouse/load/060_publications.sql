-- Where and when documents appeared: one row per document and source path, the first time it is seen.
insert into publications by name
select new.* from stg_publications as new
anti join publications as old using (publication_id);
