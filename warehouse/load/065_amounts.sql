-- Amounts of tonight's new sentences.
insert into amounts by name
select new.* from stg_amounts as new
anti join amounts as old using (sentence_id, char_start, char_end);
