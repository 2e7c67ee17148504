"""One real thing, one entity: the key a name is counted under, and people's short forms linked to their full names.

Four steps, each from what it can see:
0. `repeat_within_documents`: a name an article's sentences carry, and the last words a person's full name is
   called by ("Rodman" of "Dennis Rodman", "Trọng Đại" of "Nguyễn Trọng Đại"), is a mention wherever else the
   article writes it alone (the tagger misses a name in one sentence it finds in another).
1. `name_key`: variants of a name give one key (case, hyphens and spacing, "TP"/"thành phố"/"tỉnh"
   before a listed city or province, "Ủy ban nhân dân"/"UBND", listed abbreviations and official forms);
   the entity id is made from the key alone, so one name has one entity whatever type a mention guessed.
2. `link_within_documents`: in an article, a person's short form ("Trump", "ông Tập", "Hữu Thắng",
   "Thắng") is the one full name of the same article it abbreviates; a one-word short form no full
   name of its article explains stays an entity of that article alone ("Minh" in ten articles is ten).
3. `links_across_documents`: a short form joins a full name from another article only when the
   warehouse holds exactly one candidate; a bare Vietnamese given name never does.
"""

import re
import unicodedata
from collections import defaultdict
from functools import cache

from transforms import gazetteer as gz
from transforms.ids import stable_id
from transforms.names import is_title
from transforms.normalize import new_style_tone_marks
from transforms.phrases import SURNAMES

# Spellings of the administrative "city" prefix, and of bodies that are abbreviated in names.
_CITY_PREFIX = re.compile(r"(?<!\w)(?:[Tt]hành phố|TP\.?|Tp\.?)(?=\s|[A-ZĐ])\s*")
_PROVINCE_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s*(?=\S)", re.IGNORECASE)
_BODIES = (
    (re.compile(r"(?<!\w)[ỦUủu][ỷy] ban nhân dân(?!\w)"), "UBND"),
    (re.compile(r"(?<!\w)[Hh]ội đồng nhân dân(?!\w)"), "HĐND"),
)
# Letters and tone marks (after NFD) of Vietnamese spelling.
_VIETNAMESE_MARKS = re.compile("[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")
_HO_CHI_MINH_CITY = re.compile(r"^(?:TP\s*\.?\s*(?:HCM|Hồ Chí Minh)|TPHCM|HCMC|[Tt]hành phố Hồ Chí Minh)$")


@cache
def _places() -> frozenset[str]:
    return gz.known_places() | gz.admin_unit_names()


@cache
def _listed_spellings() -> dict[str, str]:
    """{case-folded name: its spelling} for the listed organizations and places that the lists spell one way only
    ("chính phủ" -> "Chính phủ", "facebook" -> "Facebook"; not "Dân trí"/"Dân Trí", listed both ways)."""
    spellings = defaultdict(set)
    for name in gz.listed_organizations() | _places():
        spellings[new_style_tone_marks(name).casefold()].add(new_style_tone_marks(name))
    return {folded: names.pop() for folded, names in spellings.items() if len(names) == 1}


def display_name(name: str) -> str:
    """The name an entity is shown under: the listed name ("Hoa Kỳ" -> "Mỹ"; "CHÍNH PHỦ" -> "Chính phủ", as the lists
    spell it), "Ho Chi Minh City" in one
    spelling, a listed place without "TP"/"thành phố"/"tỉnh" ("thành phố Đà Nẵng" -> "Đà Nẵng"), and inside
    a name "TP" for "thành phố" and "UBND" for "Ủy ban nhân dân" ("UBND thành phố Hà Nội" -> "UBND TP Hà Nội");
    tone marks in the new style, spaces folded."""
    name = new_style_tone_marks(" ".join(name.split()))
    name = _listed_spellings().get(name.casefold(), name)
    name = gz.ALIASES.get(name, name)
    if _HO_CHI_MINH_CITY.match(name):
        return "TP.HCM"
    prefix_end = len(name) - len(_PROVINCE_PREFIX.sub("", name))
    bare = _listed_spellings().get(name[prefix_end:].casefold(), name[prefix_end:])  # "TP HÀ NỘI": Hà Nội
    if prefix_end and (bare in _places() or _HO_CHI_MINH_CITY.match(f"TP {bare}")):
        return display_name(bare) if bare != "Hồ Chí Minh" else "TP.HCM"
    if " " not in name:
        return name
    for pattern, abbreviation in _BODIES:
        name = pattern.sub(abbreviation, name)
    return re.sub(r"(?<!\w)TP (?:HCM|Hồ Chí Minh)(?!\w)", "TP.HCM", _CITY_PREFIX.sub("TP ", name))


def spelling_rank(name: str) -> int:
    """0 for a usual spelling of a name, 1 for one set in capitals ("NGUYỄN XUÂN PHÚC", "HÀN QUỐC", "FACEBOOK": a
    headline's: marked letters, a word of seven letters, or two words one of which has two vowels) or with a word whose
    first letters are all capitals before lowercase ones ("VIệt Nam": a slip). An
    entity is named by the least (spelling_rank, name) of its spellings; warehouse/macros/spelling_rank.sql is the
    SQL twin the load uses."""
    for word in name.split():
        capitals = next((k for k, c in enumerate(word) if not c.isupper()), len(word))
        if capitals >= 2 and capitals < len(word) and word[capitals].islower():
            return 1
    return int(
        name == name.upper()
        and name != name.lower()
        and (
            any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", name))  # SQL: strip_accents changes it
            or re.search(r"[^\W\d_]{7,}", name) is not None
            or " " in name
            and re.search(r"[AEIOUY][^\W\d_]*[AEIOUY]", name) is not None  # a word, not an acronym ("UBND TP.HCM")
        )
    )


def preferred_spelling(a: str, b: str) -> str:
    """The spelling an entity is named by, of two of one name key (see `spelling_rank`)."""
    return min(a, b, key=lambda name: (spelling_rank(name), name))


def name_key(name: str) -> str:
    """The key every variant of a name shares: its display name, case-folded, hyphens as spaces
    ("Kim Jong-un" and "Kim Jong Un")."""
    return " ".join(display_name(name).replace("-", " ").replace("‐", " ").casefold().split())


def entity_id(name: str, date_iso: str | None = None) -> str:
    """A date's id from its ISO form; a name's from its key alone (one name, one entity, one type)."""
    return stable_id("entity", "DATE", date_iso) if date_iso else stable_id("entity", name_key(name))


def scoped_entity_id(name: str, doc_id: str) -> str:
    """The id of a short form that stays an entity of one article."""
    return stable_id("entity", name_key(name), doc_id)


def _words(name: str) -> list[str]:
    return name_key(name).split()


def _is_vietnamese(words: list[str]) -> bool:
    """A Vietnamese full name starts with a surname and is referred to by its last words (its given name)."""
    return words[0].title() in SURNAMES and len(words) >= 2


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is a short form of the person `full`: its last words ("Trump" of "Donald Trump",
    "Hữu Thắng"/"Thắng" of "Nguyễn Hữu Thắng"), its surname after initials ("V. Putin" of "Vladimir Putin"),
    or, for a name written family name first that is not Vietnamese, its first word ("Tập" of "Tập Cận Bình",
    "Moon" of "Moon Jae-in")."""
    s, f = _words(short), _words(full)
    if not s or len(s) > len(f) or s == f:
        return False
    if len(s) == len(f):
        return s[-1] == f[-1] and all(a.rstrip(".") == b[0] for a, b in zip(s[:-1], f) if a != b)
    if len(s) > 2:
        return False
    if f[-len(s) :] == s:
        return True
    family_first = "-" in full or not _is_vietnamese(f)
    return len(s) == 1 and f[0] == s[0] and family_first and len(f) <= 3


def is_short_form(name: str) -> bool:
    """A person named by one word, or by two that could be the end of a longer name."""
    return len(_words(name)) <= 2


def _listed(name: str) -> bool:
    """A country, city, province or body the lists know: a "person" of that name is a tagger's slip ("TP.HCM")."""
    return name in gz.known_places() or name in gz.listed_organizations() or bool(_HO_CHI_MINH_CITY.match(name))


def may_name_a_person(name: str, entity_type: str) -> bool:
    """A name no place or organization list knows: a person's mention, or a one-word name a tagger typed
    otherwise ("Macron" as a place)."""
    listed = name in _places() or name in gz.listed_organizations() or _HO_CHI_MINH_CITY.match(name)
    return not listed and (entity_type == "PER" or " " not in name)


def _most_complete(candidates: set[str], names: dict[str, str]) -> set[str]:
    """The candidates no other candidate completes ("V. Putin" gives way to "Vladimir Putin")."""
    return {c for c in candidates if not any(abbreviates(names[c], names[o]) for o in candidates if o != c)}


def link_within_documents(
    mentions: list[dict], names: dict[str, str], document_of: dict[str, str]
) -> tuple[list[dict], dict[str, str]]:
    """Mentions with each person's short form moved to the one full name of its article it abbreviates;
    a one-word person none explains (and no list knows as a place or body) gets an id of its article
    (`scoped_entity_id`). A guess of the CRF's (`needs_full_name`) stays when its article names that person in full
    or a rule finds them there too ("HLV Mourinho" confirms "Mourinho" alone); else it is dropped. And the names of
    the ids given.

    `names` maps entity ids to names; `document_of` maps a sentence to the article it was first seen in.
    """
    in_document, full_names = defaultdict(set), defaultdict(set)
    for m in mentions:
        if m["type"] == "PER" or may_name_a_person(names[m["entity_id"]], m["type"]):
            doc_id = document_of.get(m["sentence_id"])
            in_document[doc_id].add((m["entity_id"], m["type"]))
            if m["type"] == "PER" and len(_words(names[m["entity_id"]])) >= 2:
                full_names[doc_id].add(m["entity_id"])
    moved, scoped_names = {}, {}
    for doc_id, found in in_document.items():
        for short_id, entity_type in found:
            short = names[short_id]
            if not is_short_form(short):
                continue
            fulls = (  # a person tagged by a name some commune also has ("Thắng") is still that person
                _most_complete({f for f in full_names[doc_id] if abbreviates(short, names[f])}, names)
                if may_name_a_person(short, entity_type) or entity_type == "PER" and not _listed(short)
                else set()
            )
            if len(fulls) == 1:
                moved[(doc_id, short_id)] = fulls.pop()
            elif entity_type == "PER" and len(_words(short)) == 1 and doc_id is not None and not _listed(short):
                moved[(doc_id, short_id)] = scoped_entity_id(short, doc_id)
                scoped_names[moved[(doc_id, short_id)]] = short
    targets = [moved.get((document_of.get(m["sentence_id"]), m["entity_id"]), m["entity_id"]) for m in mentions]
    named = defaultdict(set)  # per article, the people it names in full or a rule vouches for ("HLV Mourinho")
    for m, target in zip(mentions, targets):
        if m["type"] == "PER" and not m.get("needs_full_name"):
            named[document_of.get(m["sentence_id"])].add(target)
    linked = []
    for m, target in zip(mentions, targets):
        if not m.get("needs_full_name") or target in named[document_of.get(m["sentence_id"])]:
            linked.append({key: value for key, value in {**m, "entity_id": target}.items() if key != "needs_full_name"})
    return linked, scoped_names


def links_across_documents(short_forms: dict[str, str], full_names: dict[str, str]) -> dict[str, str]:
    """{short entity id: full entity id} for the short forms that abbreviate exactly one full name (the most
    complete of those they abbreviate) among `full_names`, the people named in more than one article. A one-word
    short form joins only a name written the foreign way (no Vietnamese surname, letter or tone mark), or the
    family name of a three-word name without a Vietnamese surname ("Tập" of "Tập Cận Bình"):
    Vietnamese given names, and names of two syllables ("Minh Tú"), are shared by too many people, and an article
    that means one names them in full."""
    by_last, by_first = defaultdict(set), defaultdict(set)
    for full_id, full in full_names.items():
        words = _words(full)
        if len(words) < 2:
            continue
        by_last[tuple(words[-2:])].add(full_id)
        if not (_is_vietnamese(words) or _VIETNAMESE_MARKS.search(unicodedata.normalize("NFD", full))):
            by_last[(words[-1],)].add(full_id)
            by_first[words[0]].add(full_id)
        # a Chinese name read the Vietnamese way: "Tập Cận Bình"
        elif len(full.split()) == 3 and not _is_vietnamese(words):
            by_first[words[0]].add(full_id)
    links = {}
    for short_id, short in short_forms.items():
        words = tuple(_words(short))
        candidates = by_last[words[-1:]] if len(words) == 2 and "." in words[0] else by_last[words]
        candidates = {f for f in candidates | by_first[words[0]] if f != short_id and abbreviates(short, full_names[f])}
        candidates = _most_complete(candidates, full_names)
        if len({name_key(full_names[f]) for f in candidates}) == 1:
            links[short_id] = min(candidates)
    return _followed(links)


# Words before a name that a repeated name may follow although they are capitalized: honorifics and titles.
_HONORIFICS = frozenset("ông bà anh chị ngài cô em cậu thầy".split())
_REPEATABLE_TYPES = ("PER",)


def _called_by(full: str) -> str | None:
    """The words a person's full name is called by alone: a foreign name's last word ("Rodman"), the last two
    words of a Vietnamese name of three or more ("Trọng Đại" of "Nguyễn Trọng Đại")."""
    words = full.split()
    if len(words) < 2 or any(not w[:1].isupper() for w in words):
        return None
    if _is_vietnamese(_words(full)):
        return " ".join(words[-2:]) if len(words) >= 3 else None
    if _VIETNAMESE_MARKS.search(unicodedata.normalize("NFD", full)) or len(words[-1]) < 3 or "." in words[-1]:
        return None
    return words[-1]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is a whole name: no capitalized word glued after it, and none before it but a
    title, an honorific, an acronym or a place ("HLV Hữu Thắng", "Ông Trump", "ngôi sao Mỹ Dennis Rodman")."""
    after = text[end:].lstrip(" ")
    if after[:1].isupper() and len(after) < len(text[end:]):
        return False
    before = text[:start].rstrip(" ")
    if len(before) == start or not before:
        return True
    previous = before.split()[-1]
    return (
        not previous[:1].isupper()
        or previous.isupper()
        or previous.lower() in _HONORIFICS
        or is_title(previous)
        or previous in _places()
    )


def _repeatable(m: dict) -> str | None:
    """A mention's name as it may be repeated: a person's, capitalized, no acronym, figure or place in it."""
    surface = " ".join(m["surface"].split())
    if m["type"] not in _REPEATABLE_TYPES or m.get("needs_full_name") or not surface[:1].isupper():
        return None
    if surface.isupper() or any(c.isdigit() for c in surface):  # "BHYT", "THPT": an acronym is often a noun
        return None
    if any(part.strip() in _places() for part in surface.split("-")):  # "Nga-Mỹ": a tagger's slip
        return None
    return surface


def _tag_forms(forms: dict, sentence_ids: list[str], texts: dict[str, str], covered: dict) -> list[dict]:
    """Mentions of `forms` ({name: template mention}) wherever the sentences write one as a whole name no mention
    (in `covered`, updated) holds."""
    if not forms:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f)))) + r")(?!\w)"
    )
    added = []
    for sentence_id in sentence_ids:
        text = texts[sentence_id]
        for found in pattern.finditer(text):
            start, end = found.span()
            if any(start < b and a < end for a, b in covered[sentence_id]) or not _stands_alone(text, start, end):
                continue
            surface = found.group()
            added.append(
                {**forms[surface], "sentence_id": sentence_id, "char_start": start, "char_end": end, "surface": surface}
            )
            covered[sentence_id].append((start, end))
    return added


def repeat_within_documents(
    mentions: list[dict], texts: dict[str, str], document_of: dict[str, str]
) -> tuple[list[dict], dict[str, str]]:
    """The mentions plus the names the tagger missed where it found them elsewhere: a person named in full in two
    articles of the batch, in every article that writes that name; then in each article its people's names, and
    the words their full names are called by alone, wherever else it writes them as a whole name no mention
    covers. And the names of the new short forms' ids. `texts` maps the batch's sentences to their text."""
    sentences_of = defaultdict(list)  # a sentence of no known article has no article to repeat names in
    for sentence_id in sorted(texts):
        if (doc_id := document_of.get(sentence_id)) is not None:
            sentences_of[doc_id].append(sentence_id)
    in_articles = [sentence_id for doc_id in sorted(sentences_of) for sentence_id in sentences_of[doc_id]]
    covered = defaultdict(list)
    for m in mentions:
        covered[m["sentence_id"]].append((m["char_start"], m["char_end"]))
    ordered = sorted(mentions, key=lambda m: (m["sentence_id"], m["char_start"]))
    articles, templates = defaultdict(set), {}
    for m in ordered:
        if (surface := _repeatable(m)) and len(surface.split()) >= 2:
            articles[surface].add(document_of.get(m["sentence_id"]))
            templates.setdefault(surface, m)
    known = {surface: templates[surface] for surface, docs in articles.items() if len(docs) >= 2}
    mentions = mentions + _tag_forms(known, in_articles, texts, covered)
    people_called = defaultdict(set)  # "Macron": "Emmanuel Macron" and "Brigitte Macron" are called so alone
    for m in mentions:
        if (surface := _repeatable(m)) and (called := _called_by(surface)):
            people_called[called].add(name_key(surface))
    forms_of, called_alone = defaultdict(dict), set()
    for m in sorted(mentions, key=lambda m: (m["sentence_id"], m["char_start"])):
        if not (surface := _repeatable(m)):
            continue
        forms = forms_of[document_of.get(m["sentence_id"])]
        forms.setdefault(surface, m)
        called = _called_by(surface)
        if (
            called
            and called not in forms
            and len(people_called[called]) == 1
            and not _listed(called)
            and called not in gz.not_names()
        ):
            forms[called] = {**m, "entity_id": entity_id(called), "surface": called}
            called_alone.add(called)
    added = [
        m for doc_id in sorted(sentences_of) for m in _tag_forms(forms_of[doc_id], sentences_of[doc_id], texts, covered)
    ]
    new_names = {m["entity_id"]: m["surface"] for m in added if m["surface"] in called_alone}
    return mentions + added, new_names


def resolve_batch(
    mentions: list[dict], names: dict[str, str], document_of: dict[str, str], texts: dict[str, str]
) -> tuple[list[dict], list[dict], list[dict]]:
    """(mentions, entities, entity_aliases) of a batch once names are repeated and short forms linked within
    their articles. An entity's type is the one most of its mentions carry (the load decides again with every
    mention it has); n_documents counts the batch's articles only (the load counts them all)."""
    mentions, short_names = repeat_within_documents(mentions, texts, document_of)
    mentions, scoped_names = link_within_documents(mentions, {**short_names, **names}, document_of)
    names = {**short_names, **names, **scoped_names}
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    aliases = {}
    for m in mentions:
        votes[m["entity_id"]][m["type"]] += 1
        alias = " ".join(m["surface"].split())
        aliases.setdefault((alias, m["entity_id"]), {"alias": alias, "entity_id": m["entity_id"], "type": m["type"]})
    documents = defaultdict(set)
    for m in mentions:
        documents[m["entity_id"]].add(document_of.get(m["sentence_id"]))
    entities = [
        {"entity_id": eid, "name": names[eid], "type": majority_type(counts), "n_documents": len(documents[eid])}
        for eid, counts in votes.items()
    ]
    return mentions, entities, list(aliases.values())


def majority_type(counts: dict[str, int]) -> str:
    """The type most mentions carry; a tie goes to the first in ORG, LOC, PER, MISC, DATE."""
    order = ("ORG", "LOC", "PER", "MISC", "DATE")
    return max(counts, key=lambda t: (counts[t], -order.index(t)))


def people_links(known: list[tuple[str, str, str, int]]) -> dict[str, str]:
    """`links_across_documents` over (entity id, name, type, articles) rows: the short forms that may name a person,
    and the people the warehouse names in full in two articles or more ("Macron" is not "Brigitte Macron" of one
    article, "Văn Toàn" not the one "Nông Văn Toàn" a single article names)."""
    short_forms = {i: name for i, name, t, _ in known if is_short_form(name) and may_name_a_person(name, t)}
    full_names = {i: name for i, name, t, n in known if t == "PER" and len(_words(name)) >= 2 and n >= 2}
    return links_across_documents(short_forms, full_names)


def _followed(links: dict[str, str]) -> dict[str, str]:
    """Each link to the end of its chain: "Trump" -> "Donald Trump" -> "Donald John Trump"."""
    ends = {}
    for short_id, full_id in links.items():
        seen = {short_id}
        while full_id in links and full_id not in seen:
            seen.add(full_id)
            full_id = links[full_id]
        ends[short_id] = full_id
    return ends
