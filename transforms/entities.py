"""Entity mentions of a sentence, with exact offsets: dates, name rules, and underthesea's CRF."""

from dataclasses import dataclass

from transforms.align import align_tokens
from transforms.crf_chain import CrfChain
from transforms.dates import find_dates
from transforms.ids import stable_id
from transforms.names import Span, is_title, list_and_pattern_spans, people_after_titles

_EDGE_PUNCTUATION = " \"'“”‘’.,;:!?()[]«»-–—/"


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    surface: str
    type: str
    date_iso: str | None = None
    canonical: str | None = None  # the entity's name when a list knows it ("LHQ" -> "Liên hợp quốc")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return start, end


def bio_spans(text: str, tagged: list[tuple[str, ...]]) -> list[Mention]:
    """Turn (token, …, BIO-tag) tuples into mentions aligned to `text`; unalignable tokens are dropped."""
    spans = align_tokens(text, [token[0] for token in tagged])
    mentions: list[Mention] = []
    current: tuple[int, int, str] | None = None

    def close() -> None:
        if current:
            start, end = _trimmed(text, current[0], current[1])
            if start < end:
                mentions.append(Mention(start, end, text[start:end], current[2]))

    for token, span in zip(tagged, spans):
        tag = token[-1]
        if span is None or tag == "O":
            close()
            current = None
        elif tag.startswith("I-") and current and current[2] == tag[2:]:
            current = (current[0], span[1], current[2])
        else:
            close()
            current = (span[0], span[1], tag[2:])
    close()
    return mentions


def _outside(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) that no taken span covers."""
    parts = [(start, end)]
    for a, b in sorted(taken):
        parts = [piece for s, e in parts for piece in ((s, min(e, a)), (max(s, b), e)) if piece[0] < piece[1]]
    return parts


def crf_fill(text: str, crf: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """CRF names where no rule found anything: capitalized, trimmed, MISC dropped (it is mostly noise here)."""
    filled = []
    for mention in crf:
        if mention.type == "MISC":
            continue
        for start, end in _outside(mention.char_start, mention.char_end, taken):
            start, end = _trimmed(text, start, end)
            if end - start >= 2 and text[start].isupper() and not is_title(text[start:end]):
                filled.append(Mention(start, end, text[start:end], mention.type))
    return filled


class EntityTagger:
    """Tags sentences: dates, then list and pattern rules and title cues, then underthesea's CRF in the gaps.

    underthesea's models load on first use, once per process; `CrfChain` runs them with the
    same output as `underthesea.ner`, faster.
    """

    def __init__(self) -> None:
        self._ner = None

    def tag(self, text: str) -> list[Mention]:
        if self._ner is None:
            self._ner = CrfChain()
        mentions = [Mention(d.char_start, d.char_end, text[d.char_start:d.char_end], "DATE", d.iso) for d in find_dates(text)]
        taken = [(m.char_start, m.char_end) for m in mentions]
        rules = [s for s in list_and_pattern_spans(text) if not _overlaps_any(s.start, s.end, taken)]
        rules += people_after_titles(text, rules + [Span(a, b, "DATE") for a, b in taken])
        mentions += [Mention(s.start, s.end, text[s.start:s.end], s.type, canonical=s.canonical) for s in rules]
        taken += [(s.start, s.end) for s in rules]
        mentions += crf_fill(text, bio_spans(text, self._ner(text)), taken)
        return sorted(mentions, key=lambda m: (m.char_start, m.char_end))


def _overlaps_any(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps a taken span."""
    return _outside(start, end, taken) != [(start, end)]


def canonical_name(mention: Mention) -> str:
    """The name a mention is counted under: the ISO date, the listed name, or the surface with spaces folded."""
    return mention.date_iso or mention.canonical or " ".join(mention.surface.split())


def entity_id(entity_type: str, name: str) -> str:
    return stable_id("entity", entity_type, name)


def mention_rows(sentences: list[dict], tagger: EntityTagger) -> tuple[list[dict], list[dict], list[dict]]:
    """(entity_mentions, entities, entity_aliases rows) for distinct sentences, each tagged once."""
    mentions, entities, aliases = [], {}, {}
    for sentence in sentences:
        for mention in tagger.tag(sentence["text"]):
            name = canonical_name(mention)
            eid = entity_id(mention.type, name)
            entities.setdefault(eid, {"entity_id": eid, "name": name, "type": mention.type})
            alias = " ".join(mention.surface.split())
            aliases.setdefault((alias, eid), {"alias": alias, "entity_id": eid, "type": mention.type})
            mentions.append({
                "sentence_id": sentence["sentence_id"],
                "entity_id": eid,
                "surface": mention.surface,
                "type": mention.type,
                "char_start": mention.char_start,
                "char_end": mention.char_end,
                "date_iso": mention.date_iso,
            })
    return mentions, list(entities.values()), list(aliases.values())
