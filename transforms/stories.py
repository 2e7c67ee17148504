"""Stories: the articles that report one event, across outlets and days.

Candidates are articles that share a body sentence or a named entity (PER, ORG, LOC) that is
not everywhere in their days. Two candidates are linked when they appeared within WINDOW_DAYS
of each other; their contents are alike (the MinHash estimate of the Jaccard similarity of
their folded word bigrams is at least MIN_SIMILARITY: wire copies, rewrites and shared
sentences all raise it) or one opens with a sentence of the other's lead (a wire report;
shared background paragraphs come later); and their leads do not state different facts:
where both leads give a day, a place, a person or a figure, they share one. Same topic,
another date, place, person or count is another event. A story is a connected group of
linked articles; its id is the smallest story key of its members, so stories do not depend
on the order or the nights in which the articles arrived.

Threads: stories that follow one another (an arrest, then the trial; a follow-up that recaps the
earlier event). Two candidates are thread-linked when they appeared within WINDOW_DAYS of each
other, their contents are alike at the lower THREAD_SIMILARITY (a recap repeats some of the
other's words) or one opens with a sentence of the other's lead, and their leads name no other
place (the same topic elsewhere is unrelated); their days, people and figures may differ. Every
linked pair is thread-linked. A thread is a connected group of thread-linked articles, and so of
stories; its id is the smallest story id among them (a story alone: its own id).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from rensa import RMinHash

from transforms.dates import find_dates
from transforms.gazetteer import known_places
from transforms.ids import stable_id
from transforms.near_dup import UnionFind, folded_words

WINDOW_DAYS = 3
MIN_SIMILARITY = 0.25
THREAD_SIMILARITY = 0.15  # alike enough to follow one another (a recap), not to be one event
LEAD_SENTENCES = 2  # the sentences whose day, places, people and figures state the event
NUM_PERM = 64
SEED = 20261130
_FIGURE = re.compile(r"(?<![\w/])\d+(?:[.,]\d+)*(?![\w/])")
MAX_FEATURE_DOCUMENTS = 100  # a sentence or entity in more articles of the window ("Hà Nội") pairs no one


@dataclass(frozen=True)
class Fingerprint:
    """What story matching needs of an article: when, what it says (MinHash), and the facts of its lead."""

    doc_id: str
    day: date
    signature: tuple[int, ...]
    lead_days: frozenset[str]  # "MM-DD" of the dates the lead names to the day
    lead_places: frozenset[str]
    lead_people: frozenset[str]
    lead_figures: frozenset[str]
    lead_sentences: tuple[str, ...]  # ids of the lead's sentences, in order

    def row(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "story_day": self.day,
            "signature": list(self.signature),
            **{name: sorted(getattr(self, name)) for name in FACTS},
            "lead_sentences": list(self.lead_sentences),
        }

    def shares_lead(self, other: "Fingerprint") -> bool:
        """Whether either article opens with a sentence of the other's lead: the same wire report."""
        return bool(
            self.lead_sentences[:1]
            and self.lead_sentences[0] in other.lead_sentences
            or other.lead_sentences[:1]
            and other.lead_sentences[0] in self.lead_sentences
        )


FACTS = ("lead_days", "lead_places", "lead_people", "lead_figures")


def story_key(doc_id: str) -> str:
    return stable_id("story", doc_id)


@cache
def _place_names() -> re.Pattern:
    """Listed places (countries, cities, provinces) as whole words, the longest name first."""
    names = sorted(known_places(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def _resolved(iso: str, before: date) -> date | None:
    """A day-precision ISO date; one without a year ("--10-28") is the latest such day not after `before`."""
    try:
        if not iso.startswith("--"):
            return date.fromisoformat(iso)
        month, day = int(iso[2:4]), int(iso[5:7])
        resolved = date(before.year, month, day)
        return resolved if resolved <= before else date(before.year - 1, month, day)
    except ValueError:
        return None


def fingerprint(
    doc_id: str,
    published: date | None,
    ingested: date,
    body: list[tuple[str, str]],
    lead_entities: Iterable[tuple[str, str]],
) -> Fingerprint:
    """An article's fingerprint from its body sentences ((sentence_id, text), in order) and the (type, name)
    of the PER, LOC and ORG entities of its lead. Its places are the LOC names and the listed places
    inside ORG names ("Sở Y tế Đà Nẵng"); its people the PER names.

    Its day is its publication day; for an undated article, the first day its lead names (an event
    reported "ngày 28/10"), else the day it was ingested.
    """
    lead = " ".join(text for _, text in body[:LEAD_SENTENCES])
    dates = find_dates(lead)
    lead_days = [d.iso for d in dates if len(d.iso) == 10 or d.iso.startswith("--") and len(d.iso) == 7]
    stated = next((day for day in (_resolved(iso, ingested) for iso in lead_days) if day), None)
    without_dates = list(lead)
    for found in dates:
        without_dates[found.char_start : found.char_end] = " " * (found.char_end - found.char_start)
    words = [w for _, sentence in body for w in folded_words(sentence)]
    shingles = [" ".join(pair) for pair in zip(words, words[1:])] or words or [""]
    signature = RMinHash.digest_matrix_from_token_sets([shingles], NUM_PERM, SEED).to_rows()[0]
    entities = list(lead_entities)
    places = {name for kind, name in entities if kind == "LOC"}
    places |= {place for kind, name in entities if kind == "ORG" for place in _place_names().findall(name)}
    return Fingerprint(
        doc_id,
        published or stated or ingested,
        tuple(signature),
        frozenset(iso[-5:] for iso in lead_days),
        frozenset(places),
        frozenset(name for kind, name in entities if kind == "PER"),
        frozenset(f.replace(",", ".") for f in _FIGURE.findall("".join(without_dates))),
        tuple(sentence_id for sentence_id, _ in body[:LEAD_SENTENCES]),
    )


def _conflicts(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and not a & b)


def same_event(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether the leads of two similar articles are free of contradicting facts."""
    return not any(_conflicts(getattr(a, fact), getattr(b, fact)) for fact in FACTS)


def _close_pairs(
    fingerprints: dict[str, Fingerprint], candidates: Iterable[tuple[str, str]]
) -> list[tuple[str, str, float]]:
    """(a, b, estimated similarity) of the candidate pairs within WINDOW_DAYS of each other."""
    pairs = [
        (a, b) for a, b in sorted(candidates) if abs((fingerprints[a].day - fingerprints[b].day).days) <= WINDOW_DAYS
    ]
    if not pairs:
        return []
    firsts = np.array([fingerprints[a].signature for a, _ in pairs], dtype=np.uint32)
    seconds = np.array([fingerprints[b].signature for _, b in pairs], dtype=np.uint32)
    return [(a, b, float(similarity)) for (a, b), similarity in zip(pairs, (firsts == seconds).mean(axis=1))]


def linked_pairs(fingerprints: dict[str, Fingerprint], candidates: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidate pairs (articles sharing a sentence or a named entity) that are one event: close in
    time, alike in content or sharing a lead sentence, free of contradicting lead facts."""
    return [
        (a, b)
        for a, b, similarity in _close_pairs(fingerprints, candidates)
        if (similarity >= MIN_SIMILARITY or fingerprints[a].shares_lead(fingerprints[b]))
        and same_event(fingerprints[a], fingerprints[b])
    ]


def thread_pairs(fingerprints: dict[str, Fingerprint], candidates: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidate pairs that follow one another (or are one event): close in time, alike at THREAD_SIMILARITY
    or sharing a lead sentence, their leads naming no other place."""
    return [
        (a, b)
        for a, b, similarity in _close_pairs(fingerprints, candidates)
        if (similarity >= THREAD_SIMILARITY or fingerprints[a].shares_lead(fingerprints[b]))
        and not _conflicts(fingerprints[a].lead_places, fingerprints[b].lead_places)
    ]


def _groups(
    new: list[Fingerprint], known_group: dict[str, str], pairs: Iterable[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """(group of each new article, {old group id: the group it merged into}): the connected groups of `pairs`,
    each known article in its known group, a new one starting from its story key; a group's id is its smallest."""
    groups = UnionFind()
    node = {**{f.doc_id: story_key(f.doc_id) for f in new}, **known_group}
    for f in new:
        groups.find(node[f.doc_id])
    for a, b in pairs:
        groups.union(node[a], node[b])
    assigned = {f.doc_id: groups.find(node[f.doc_id]) for f in new}
    merged = {old: groups.find(old) for old in set(known_group.values()) if groups.find(old) != old}
    return assigned, merged


def assign_stories(
    new: list[Fingerprint], known: list[Fingerprint], known_story: dict[str, str], candidates: Iterable[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """(story of each new article, {old story id: the story it merged into}) for tonight's articles.

    `candidates` pairs a new article with a known one or another new one; `known_story` gives the
    story of each known article.
    """
    return _groups(new, known_story, linked_pairs({f.doc_id: f for f in [*known, *new]}, candidates))


def assign_threads(
    new: list[Fingerprint],
    known: list[Fingerprint],
    known_thread: dict[str, str],
    candidates: Iterable[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, str]]:
    """(thread of each new article, {old thread id: the thread it merged into}), as assign_stories does for
    stories; `known_thread` gives the thread of each known article. A new article's thread holds its story."""
    return _groups(new, known_thread, thread_pairs({f.doc_id: f for f in [*known, *new]}, candidates))
