-- A DATE mention's ISO form resolved against a publication day: a date without a year is the latest
-- such date not after the day ("ngày 22/1" in an article of 2026-03-05 is 2026-01-22; in one of
-- 2026-01-10 it is 2025-01-22). Months resolve to their first day. Null when it cannot be resolved.
create or replace macro resolve_date(iso, day) as
case
    when regexp_full_match(iso, '\d{4}-\d{2}-\d{2}') then try_cast(iso as date)
    when regexp_full_match(iso, '\d{4}-\d{2}') then try_cast(iso || '-01' as date)
    when regexp_full_match(iso, '\d{4}') then try_cast(iso || '-01-01' as date)
    when day is null then null
    when regexp_full_match(iso, '--\d{2}-\d{2}') then coalesce(
        case when try_cast(year(day) || substr(iso, 2) as date) <= day then try_cast(year(day) || substr(iso, 2) as date) end,
        try_cast((year(day) - 1) || substr(iso, 2) as date))
    when regexp_full_match(iso, '--\d{2}') then coalesce(
        case when try_cast(year(day) || substr(iso, 2) || '-01' as date) <= day
             then try_cast(year(day) || substr(iso, 2) || '-01' as date) end,
        try_cast((year(day) - 1) || substr(iso, 2) || '-01' as date))
end;

-- How precise a resolved date is: 'day', 'month' or 'year'.
create or replace macro date_resolution(iso) as
case when iso like '%-__-__' then 'day' when iso like '%-__' then 'month' else 'year' end;
