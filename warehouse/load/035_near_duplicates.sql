-- Index tonight's sentences for future matching, and record the groups they merged (030 moved their sentences).
insert into internal._near_dup_bands by name select * from stg__near_dup_bands;

insert into near_dup_relabels by name select * from stg_near_dup_relabels;
