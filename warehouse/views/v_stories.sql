-- Stories with their span in time, reach and outlets: the contract's other name for `stories`, one definition
-- (warehouse/views/stories.sql), the same columns.
create or replace view v_stories as
select * from stories;
