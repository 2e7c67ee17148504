-- How an entity's name is written, for choosing among the spellings of one name key: 0 for a usual spelling,
-- 1 for text set in capitals ("NGUYỄN XUÂN PHÚC", "HÀN QUỐC", "FACEBOOK": a headline's; marked letters, a word of
-- seven letters, or two words one of which has two vowels: not "UBND TP.HCM") or with a word whose first
-- letters are all capitals before lowercase ones ("VIệt Nam", "Triều TIên": a typing slip). The load names an entity
-- by the least of (spelling_rank(name), name) over its spellings, whatever the order the articles came in. Its Python
-- twin is transforms.canonical.spelling_rank (tests/test_canonical.py checks they agree).
create or replace macro spelling_rank(name) as
case
    when regexp_matches(name, '(^|\s)\p{Lu}{2,}\p{Ll}') then 1
    when name = upper(name) and name <> lower(name)
         and (name <> strip_accents(name) or regexp_matches(name, '\p{L}{7,}')
              or (contains(name, ' ') and regexp_matches(name, '[AEIOUY]\p{L}*[AEIOUY]'))) then 1
    else 0
end;
