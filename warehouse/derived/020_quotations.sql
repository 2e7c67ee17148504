-- Quotations of tonight's documents, and the sentences each consists of.
insert into quotations by name
select new.* from stg_quotations as new
anti join quotations as old using (quotation_id);

insert into quotation_sentences by name
select new.* from stg_quotation_sentences as new
anti join quotation_sentences as old using (quotation_id, sentence_id);
