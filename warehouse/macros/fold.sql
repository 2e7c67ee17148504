-- The accent fold, for comparing and searching (never for what is stored): lowercase, without tone or vowel
-- marks, đ as d: fold('Đà Nẵng') = 'da nang'. The one in SQL: the search words of migration 010 and
-- warehouse/load/070_search.sql, the search_articles macro and warehouse/search.py use it. Its Python twin is
-- transforms.normalize.fold (the same letters for Vietnamese text; tests/test_near_dup.py checks).
-- The migrations use it, so it is also made (for the session) before they run: it reads no table.
create or replace macro fold(t) as replace(strip_accents(lower(t)), 'đ', 'd');
