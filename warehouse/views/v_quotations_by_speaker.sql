-- Who is quoted: quotations per known speaker, in how many documents, how many distinct quotes.
create or replace view v_quotations_by_speaker as
select
    q.speaker_entity_id,
    e.name as speaker_name,
    count(*) as n_quotations,
    count(distinct q.doc_id) as n_documents,
    count(distinct q.quote_key) as n_distinct_quotes,
    count(*) filter (where q.is_direct) as n_direct
from quotations as q
join entities as e on e.entity_id = q.speaker_entity_id
group by all;
