-- Index tonight's sentences for future matching, and merge the groups they joined.
insert into _near_dup_bands by name select * from stg__near_dup_bands;

insert into near_dup_relabels by name select * from stg_near_dup_relabels;

update sentences
set near_dup_group = relabels.new_group
from stg_near_dup_relabels as relabels
where sentences.near_dup_group = relabels.old_group;
