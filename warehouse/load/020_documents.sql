insert into documents by name
select * from stg_documents
where doc_id not in (select doc_id from documents);

insert into document_sentences by name
select new.* from stg_document_sentences as new
anti join document_sentences as old using (doc_id, position);
