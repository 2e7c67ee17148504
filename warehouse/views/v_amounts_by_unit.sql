-- What is counted: amounts per unit and kind, with their range.
create or replace view v_amounts_by_unit as
select unit, kind, count(*) as n_amounts, min(value) as min_value, max(value) as max_value,
       count(distinct sentence_id) as n_sentences
from amounts
group by all;
