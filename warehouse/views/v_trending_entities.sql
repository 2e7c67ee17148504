-- Who is rising in the news: an entity's publications on a day against its daily average over the
-- previous 7 days (days without any count as 0). score = (n - baseline) / sqrt(baseline + 1), a
-- Poisson-style surprise: 0 as usual, 3 or more a spike.
create or replace view v_trending_entities as
with daily as (
    select day, entity_id, entity_name, type, n_publications from v_entity_daily where type <> 'DATE'
),
with_baseline as (
    select *, coalesce(sum(n_publications) over (
        partition by entity_id order by day
        range between interval 7 days preceding and interval 1 day preceding), 0) / 7.0 as baseline
    from daily
)
select day, entity_id, entity_name, type, n_publications, round(baseline, 3) as baseline,
       round((n_publications - baseline) / sqrt(baseline + 1), 3) as score
from with_baseline;
