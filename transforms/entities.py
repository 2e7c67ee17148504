"""Entity mentions of a sentence: underthesea's CRF tagger plus dates, with exact offsets."""

from dataclasses import dataclass

from transforms.align import align_tokens
from transforms.dates import find_dates
from transforms.ids import stable_id

ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC", "DATE")
_EDGE_PUNCTUATION = " \"'“”‘’.,;:!?()[]«»-–—/"


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    surface: str
    type: str
    date_iso: str | None = None


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


class EntityTagger:
    """Tags sentences with underthesea (loaded on first use, once per process) and a date finder."""

    def __init__(self) -> None:
        self._ner = None
        self.sentences_tagged = 0

    def tag(self, text: str) -> list[Mention]:
        if self._ner is None:
            from underthesea import ner

            self._ner = ner
        self.sentences_tagged += 1
        dates = [Mention(d.char_start, d.char_end, text[d.char_start:d.char_end], "DATE", d.iso) for d in find_dates(text)]
        names = [m for m in bio_spans(text, self._ner(text)) if not any(_overlaps(m, d) for d in dates)]
        return sorted(dates + names, key=lambda m: (m.char_start, m.char_end))


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.char_start < b.char_end and b.char_start < a.char_end


def canonical_name(mention: Mention) -> str:
    """The name a mention is counted under: the ISO date for dates, else the surface with spaces folded."""
    return mention.date_iso or " ".join(mention.surface.split())


def entity_id(entity_type: str, name: str) -> str:
    return stable_id("entity", entity_type, name)


def mention_rows(sentences: list[dict], tagger: EntityTagger) -> tuple[list[dict], list[dict]]:
    """(entity_mentions rows, entities rows) for distinct sentences, each tagged once."""
    mentions, entities = [], {}
    for sentence in sentences:
        for mention in tagger.tag(sentence["text"]):
            name = canonical_name(mention)
            eid = entity_id(mention.type, name)
            entities.setdefault(eid, {"entity_id": eid, "name": name, "type": mention.type})
            mentions.append({
                "sentence_id": sentence["sentence_id"],
                "entity_id": eid,
                "surface": mention.surface,
                "type": mention.type,
                "char_start": mention.char_start,
                "char_end": mention.char_end,
                "date_iso": mention.date_iso,
            })
    return mentions, list(entities.values())
