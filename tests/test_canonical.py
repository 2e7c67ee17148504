"""One real thing, one entity: name keys, short forms within an article and across the warehouse (invented text)."""

import duckdb
import pytest

from transforms.canonical import (
    abbreviates,
    display_name,
    entity_id,
    link_within_documents,
    majority_type,
    name_key,
    people_links,
    preferred_spelling,
    repeat_within_documents,
    resolve_batch,
    spelling_rank,
)
from warehouse.schema import MACROS_DIR


@pytest.mark.parametrize(
    "variants",
    [
        ["Hà Nội", "TP Hà Nội", "TP. Hà Nội", "thành phố Hà Nội", "Thành phố Hà Nội", "TP HÀ NỘI"],
        ["TP.HCM", "TP. HCM", "TP HCM", "TPHCM", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh"],
        ["Đà Nẵng", "TP Đà Nẵng", "thành phố Đà Nẵng"],
        ["Quảng Nam", "tỉnh Quảng Nam", "Tỉnh Quảng Nam", "TỈNH QUẢNG NAM"],
        ["UBND TP Hà Nội", "UBND thành phố Hà Nội", "Ủy ban nhân dân thành phố Hà Nội", "UBND TP. Hà Nội"],
        ["Sở Y tế TP.HCM", "Sở Y tế thành phố Hồ Chí Minh", "Sở Y tế TP HCM"],
        ["Kim Jong-un", "Kim Jong Un"],
        ["Mỹ", "Hoa Kỳ"],
        ["Liên hợp quốc", "LHQ", "Liên Hợp Quốc"],
        ["Thanh Hóa", "Thanh Hoá"],
    ],
)
def test_variants_of_a_name_share_one_key_and_one_entity(variants):
    assert len({name_key(v) for v in variants}) == 1
    assert len({entity_id(v) for v in variants}) == 1


def test_things_that_only_look_alike_keep_their_own_keys():
    assert name_key("Hồ Chí Minh") != name_key("TP Hồ Chí Minh")  # the person, the city
    assert name_key("UBND TP Hà Nội") != name_key("Hà Nội")  # the body, the city
    assert name_key("quận 1") != name_key("quận 10")
    assert display_name("thành phố Đà Nẵng") == "Đà Nẵng" and display_name("Hoa Kỳ") == "Mỹ"


def test_a_listed_name_is_shown_as_the_lists_spell_it():
    assert [display_name(n) for n in ("CHÍNH PHỦ", "Chính Phủ", "FaceBook", "TP HÀ NỘI")] == [
        "Chính phủ",
        "Chính phủ",
        "Facebook",
        "Hà Nội",
    ]
    assert display_name("Dân Trí") == "Dân Trí"  # listed both ways: left as written


@pytest.mark.parametrize("name", ["LIÊN BANG NGA", "Liên bang Nga", "NHẬT", "Mu", "TP HÀ NỘI", "Chính Phủ", "Hoa Kỳ"])
def test_a_shown_name_shows_as_itself(name):
    """An entity is named by the display name of a mention and keyed by the display name of that name: both agree."""
    assert display_name(display_name(name)) == display_name(name)


@pytest.mark.parametrize(
    "short, full, expected",
    [
        ("Trump", "Donald Trump", True),
        ("Hữu Thắng", "Nguyễn Hữu Thắng", True),
        ("Thắng", "Nguyễn Hữu Thắng", True),
        ("V. Putin", "Vladimir Putin", True),
        ("Tập", "Tập Cận Bình", True),
        ("Moon", "Moon Jae-in", True),
        ("Nguyễn", "Nguyễn Hữu Thắng", False),  # a Vietnamese is not called by the surname
        ("Hữu", "Nguyễn Hữu Thắng", False),
        ("Donald Trump", "Donald Trump", False),
        ("Biden", "Donald Trump", False),
    ],
)
def test_what_a_short_form_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


def _mention(sentence_id: str, name: str, entity_type: str = "PER") -> dict:
    return {
        "sentence_id": sentence_id,
        "entity_id": entity_id(name),
        "surface": name,
        "type": entity_type,
        "char_start": 0,
        "char_end": len(name),
    }


def test_a_short_form_is_the_full_name_its_article_gives_and_a_lone_given_name_stays_in_its_article():
    mentions = [
        _mention("s1", "Nguyễn Văn Minh"),
        _mention("s2", "Minh"),
        _mention("s3", "Minh"),
        _mention("s4", "Donald Trump"),
        _mention("s5", "Trump"),
        _mention("s6", "Trump", "LOC"),
    ]
    names = {m["entity_id"]: m["surface"] for m in mentions}
    document_of = {"s1": "a", "s2": "a", "s3": "b", "s4": "c", "s5": "c", "s6": "c"}
    linked, scoped = link_within_documents(mentions, names, document_of)
    ids = [m["entity_id"] for m in linked]
    assert ids[1] == ids[0]  # "Minh" in the article that names Nguyễn Văn Minh
    assert ids[2] not in (ids[0], entity_id("Minh")) and scoped == {ids[2]: "Minh"}  # "Minh" elsewhere: its own
    assert ids[3] == ids[4] == ids[5]  # the short form, whatever type the tagger guessed for it


def test_a_one_word_person_whose_name_is_also_a_place_stays_in_its_article():
    """ "Bác Hồ", "cháu Hồ": a person named by a word that is also the name of a ward joins no full name, and in
    each article it is that article's own entity, not one person across articles."""
    mentions = [
        _mention("s1", "Hồ"),
        _mention("s2", "Hồ"),
        _mention("s3", "Pháp Luật TP.HCM"),
        _mention("s4", "TP.HCM"),
    ]
    names = {m["entity_id"]: m["surface"] for m in mentions}
    linked, _ = link_within_documents(mentions, names, {"s1": "a", "s2": "b", "s3": "c", "s4": "c"})
    ids = [m["entity_id"] for m in linked]
    assert len({ids[0], ids[1], entity_id("Hồ")}) == 3
    assert ids[3] == entity_id("TP.HCM")  # a listed city the tagger called a person is the city


def test_a_guess_of_the_crf_stays_where_its_article_names_that_person_in_full_or_by_a_rule():
    guess = {"needs_full_name": True}
    mentions = [
        _mention("s1", "Mourinho"),  # a rule's: "HLV Mourinho"
        {**_mention("s2", "Mourinho"), **guess},
        _mention("s3", "Alexis Sanchez"),
        {**_mention("s4", "Sanchez"), **guess},
        {**_mention("s5", "Sanchez"), **guess},  # an article that names no Sanchez otherwise
        {**_mention("s6", "Zalo"), **guess},
    ]
    names = {m["entity_id"]: m["surface"] for m in mentions}
    document_of = {"s1": "a", "s2": "a", "s3": "a", "s4": "a", "s5": "b", "s6": "b"}
    linked, _ = link_within_documents(mentions, names, document_of)
    assert [m["sentence_id"] for m in linked] == ["s1", "s2", "s3", "s4"]
    assert linked[0]["entity_id"] == linked[1]["entity_id"] and linked[2]["entity_id"] == linked[3]["entity_id"]
    assert not any("needs_full_name" in m for m in linked)


def test_two_full_names_a_short_form_could_mean_leave_it_alone():
    mentions = [_mention("s1", "Donald Trump"), _mention("s2", "Ivanka Trump"), _mention("s3", "Trump")]
    names = {m["entity_id"]: m["surface"] for m in mentions}
    linked, _ = link_within_documents(mentions, names, {"s1": "a", "s2": "a", "s3": "a"})
    assert linked[2]["entity_id"] not in (linked[0]["entity_id"], linked[1]["entity_id"])


def test_across_articles_a_short_form_joins_the_one_full_name_of_the_warehouse():
    known = [
        ("trump-a", "Trump", "PER", 1),
        ("trump-b", "Trump", "LOC", 1),
        ("donald", "Donald Trump", "PER", 5),
        ("macron", "Macron", "PER", 1),
        ("emmanuel", "Emmanuel Macron", "PER", 9),
        ("brigitte", "Brigitte Macron", "PER", 1),  # named in one article only: no candidate
        ("minh", "Minh", "PER", 1),
        ("nvm", "Nguyễn Văn Minh", "PER", 4),  # a given name joins no one
        ("tu", "Tú", "PER", 1),
        ("minh-tu", "Minh Tú", "PER", 3),
        ("phuong", "Công Phượng", "PER", 2),
        ("ncp", "Nguyễn Công Phượng", "PER", 2),
        ("abe", "Abe", "PER", 1),
        ("shinzo", "Shinzo Abe", "PER", 2),
        ("akie", "Akie Abe", "PER", 2),
        ("toan", "Văn Toàn", "PER", 3),
        ("nvt", "Nông Văn Toàn", "PER", 1),  # one article is not enough
        ("thang", "Hữu Thắng", "PER", 3),
        ("nht", "Nguyễn Hữu Thắng", "PER", 2),
        ("tap", "Tập", "PER", 1),
        ("tcb", "Tập Cận Bình", "PER", 2),
        ("ria", "Rịa", "LOC", 1),
        ("brvt", "Rịa-Vũng Tàu", "PER", 3),
        ("hcm", "TP.HCM", "PER", 1),
        ("paper", "Pháp Luật TP.HCM", "PER", 2),
    ]  # a listed place is no short form
    assert people_links(known) == {
        "trump-a": "donald",
        "trump-b": "donald",
        "macron": "emmanuel",
        "phuong": "ncp",
        "thang": "nht",
        "tap": "tcb",
    }


def test_an_entity_has_the_type_most_of_its_mentions_carry():
    assert majority_type({"PER": 5, "LOC": 2}) == "PER"
    assert majority_type({"PER": 2, "ORG": 2}) == "ORG"
    mentions = [
        _mention("s1", "Real Madrid", "PER"),
        _mention("s2", "Real Madrid", "ORG"),
        _mention("s3", "Real Madrid", "ORG"),
    ]
    _, entities, aliases = resolve_batch(
        mentions, {m["entity_id"]: m["surface"] for m in mentions}, {"s1": "a", "s2": "b", "s3": "b"}, {}
    )
    assert [(e["type"], e["n_documents"]) for e in entities] == [("ORG", 2)] and len(aliases) == 1


def test_a_person_the_tagger_found_once_is_a_mention_wherever_else_their_article_writes_the_name():
    texts = {
        "s1": "Cựu ngôi sao Mỹ Dennis Roddy đã tới Bình Nhưỡng.",
        "s2": "Ông Roddy gặp nhà lãnh đạo. Roddy Town là tên một quán ăn.",
        "s3": "Bình Nhưỡng đón Roddy.",
        "s4": "Roddy ở một bài khác.",
    }
    mentions = [
        {**_mention("s1", "Dennis Roddy"), "char_start": 16, "char_end": 28},
        {**_mention("s1", "Bình Nhưỡng", "LOC"), "char_start": 36, "char_end": 47},
    ]
    document_of = {"s1": "a", "s2": "a", "s3": "a", "s4": "b"}
    repeated, names = repeat_within_documents(mentions, texts, document_of)
    found = sorted((m["sentence_id"], texts[m["sentence_id"]][m["char_start"] : m["char_end"]]) for m in repeated)
    # "Roddy" is what "Dennis Roddy" is called alone; "Roddy Town" is another name; another article is not this
    # one; places are not repeated (a place inside a body's name the tagger missed would become a wrong mention)
    assert found == [
        ("s1", "Bình Nhưỡng"),
        ("s1", "Dennis Roddy"),
        ("s2", "Roddy"),
        ("s3", "Roddy"),
    ]
    assert names == {entity_id("Roddy"): "Roddy"}
    linked, _ = link_within_documents(
        repeated, {**names, **{m["entity_id"]: m["surface"] for m in mentions}}, document_of
    )
    assert {m["entity_id"] for m in linked if m["type"] == "PER"} == {entity_id("Dennis Roddy")}


def test_a_person_named_in_full_in_two_articles_is_a_mention_in_a_third_and_an_ambiguous_surname_is_not_derived():
    texts = {
        "a1": "Ông Dennis Roddy tới Bình Nhưỡng.",
        "b1": "Dennis Roddy và Lena Roddy, vợ ông, đến sân bay.",
        "c1": "Cựu ngôi sao Mỹ Dennis Roddy lại lên tiếng.",  # the tagger found nothing here
        "c2": "Roddy nói ông sẽ trở lại.",
    }
    mentions = [
        {**_mention("a1", "Dennis Roddy"), "char_start": 4, "char_end": 16},
        {**_mention("b1", "Dennis Roddy"), "char_start": 0, "char_end": 12},
        {**_mention("b1", "Lena Roddy"), "char_start": 16, "char_end": 26},
    ]
    document_of = {"a1": "a", "b1": "b", "c1": "c", "c2": "c"}
    repeated, names = repeat_within_documents(mentions, texts, document_of)
    found = sorted((m["sentence_id"], texts[m["sentence_id"]][m["char_start"] : m["char_end"]]) for m in repeated)
    # "Roddy" alone is not derived: two people of the batch are called so
    assert ("c1", "Dennis Roddy") in found and not any(s == "c2" for s, _ in found)
    assert names == {}


def test_a_person_the_tagger_names_like_a_commune_is_the_full_name_of_their_article():
    mentions = [_mention("s1", "Nguyễn Hữu Thắng"), _mention("s2", "Thắng")]
    linked, _ = link_within_documents(
        mentions, {m["entity_id"]: m["surface"] for m in mentions}, {"s1": "a", "s2": "a"}
    )
    assert {m["entity_id"] for m in linked} == {entity_id("Nguyễn Hữu Thắng")}


SPELLINGS = [
    # (the spelling an entity is named by, another spelling of its key: a headline's capitals, a typing slip)
    ("Nguyễn Xuân Phúc", "NGUYỄN XUÂN PHÚC"),
    ("Hàn Quốc", "HÀN QUỐC"),
    ("Việt Nam", "VIệt Nam"),
    ("Triều Tiên", "Triều TIên"),
    ("Facebook", "FACEBOOK"),
    ("Donald Trump", "DONALD TRUMP"),
    # acronyms are usual spellings: the least of two then
    ("UBND TP.HCM", "Ubnd TP.HCM"),
    ("NATO", "Nato"),
]


@pytest.mark.parametrize("preferred, other", SPELLINGS)
def test_an_entity_is_named_by_its_usual_spelling_whatever_the_order(preferred, other):
    assert preferred_spelling(preferred, other) == preferred_spelling(other, preferred) == preferred


def test_spelling_rank_in_sql_is_its_python_twin():
    con = duckdb.connect()
    con.execute((MACROS_DIR / "spelling_rank.sql").read_text(encoding="utf-8"))
    names = [name for pair in SPELLINGS for name in pair] + [
        "HĐND",
        "TTXVN",
        "CLB HAGL",
        "U23 VIỆT NAM",
        "iPhone",
        "HLVs",
    ]
    assert [con.execute("select spelling_rank(?)", [n]).fetchone()[0] for n in names] == [
        spelling_rank(n) for n in names
    ]
    assert sum(map(spelling_rank, names)) == 8  # not all alike: the comparison means something
