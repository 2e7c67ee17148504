"""Property tests of every parser of text and metadata: no input makes them raise (issue 34).

Inputs are drawn from what real news writes, shaken: numbers in Vietnamese and English forms, dates
possible and impossible, quotes, datelines, headlines, odd bytes and JSON of any shape.
"""

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.amounts import find_amounts, parse_number
from transforms.articles import date_in_path, parse_sidecar, publication_row, text_metadata
from transforms.dates import find_dates
from transforms.decode import DecodeError, decode_article
from transforms.dedup import sentence_occurrences
from transforms.ingest import Document
from transforms.normalize import clean_document_text, sentence_key
from transforms.quotations import document_quotations
from transforms.sentences import split_sentences
from transforms.stories import fingerprint
from vnews.night import storable_path

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 12, 7, tzinfo=UTC)

WORDS = (
    "Hà Nội",
    "ngày",
    "tháng",
    "năm",
    "điểm",
    "triệu",
    "tỷ",
    "USD",
    "đồng",
    "%",
    "người",
    "Theo",
    "ông",
    "Nguyễn Văn An",
    "nói",
    "cho biết",
    "TP.HCM",
    "(TTXVN)",
    "-",
    "–",
    "/",
    ":",
    "“",
    "”",
    '"',
    "…",
    ".",
    ",",
    "?",
    "!",
    "\n",
    "\n\n",
    " ",
    "hàng trăm",
    "từ",
    "đến",
    "Sáng",
    "Nguồn:",
    "Tin, ảnh:",
    "VN-Index",
)
NUMBER = st.from_regex(r"\A[0-9]{1,7}(?:[.,][0-9]{1,4}){0,4}\Z")
DATE = st.builds(
    lambda d, m, y, sep: f"ngày {d}{sep}{m}{sep}{y}",
    st.integers(0, 40),
    st.integers(0, 14),
    st.integers(0, 3000),
    st.sampled_from(["/", "-", " tháng ", "/ "]),
)
FRAGMENT = st.one_of(st.sampled_from(WORDS), NUMBER, DATE, st.text(max_size=8))
NEWS_TEXT = st.lists(FRAGMENT, max_size=60).map(" ".join)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
SIDECAR_FIELD = st.sampled_from(["title", "published_at", "source", "url", "author", "other"])
SIDECAR = st.dictionaries(
    SIDECAR_FIELD,
    st.one_of(
        JSON_VALUE,
        st.dates().map(str),
        st.datetimes().map(str),
        st.from_regex(r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?\Z"),
    ),
)


@FUZZ
@given(NUMBER)
def test_numbers_parse_or_are_left_out(text):
    value = parse_number(text)
    assert value is None or value >= 0


@FUZZ
@given(NEWS_TEXT)
def test_amounts_dates_and_metadata_of_any_text(text):
    for amount in find_amounts(text):
        assert text[amount.char_start : amount.char_end] == amount.surface
    for found in find_dates(text):
        if len(found.iso) == 10:
            date.fromisoformat(found.iso)  # a full date is a real one
    metadata = text_metadata(text)
    split_sentences(text, metadata.not_body)
    sentence_key(text)


@FUZZ
@given(NEWS_TEXT)
def test_a_document_of_any_text_splits_into_sentences_and_a_story_fingerprint(text):
    text = clean_document_text(text)
    occurrences = sentence_occurrences(Document("d", "p", "s", "utf-8", text))
    for occ in occurrences:
        assert text[occ.char_start : occ.char_end] == occ.text
    body = [(occ.sentence_id, occ.text) for occ in occurrences]
    fingerprint("d", None, date(2026, 12, 7), body, [("PER", "Nguyễn Văn An"), ("LOC", "Hà Nội")])
    document_quotations("d", text, [], [(occ.char_start, occ.char_end, occ.sentence_id) for occ in occurrences])


@FUZZ
@given(
    st.one_of(
        SIDECAR.map(lambda fields: json.dumps(fields).encode()),
        st.binary(max_size=200),
        st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    )
)
def test_sidecars_of_any_shape_give_fields_or_problems(raw):
    sidecar = parse_sidecar(raw, NOW)
    row = publication_row("a/b.txt", "b.txt", "d", text_metadata("Tiêu đề\nNội dung."), sidecar, NOW)
    assert row["published_at"] is None or row["published_day"] is not None


@FUZZ
@given(st.text(max_size=40))
def test_dates_in_any_path(path):
    date_in_path(path)


@FUZZ
@given(st.binary(max_size=400))
def test_decoding_any_bytes_gives_text_or_a_reason(raw):
    try:
        decoded = decode_article(raw)
    except DecodeError as error:
        assert str(error)
    else:
        assert decoded.text


@FUZZ
@given(st.binary(min_size=1, max_size=30).filter(lambda name: b"/" not in name and b"\0" not in name))
def test_any_file_name_is_storable(name):
    stored = storable_path(Path(os.fsdecode(name)))
    stored.encode("utf-8")  # what Parquet and DuckDB hold


@pytest.fixture(scope="module")
def tagger():
    from transforms.entities import EntityTagger

    return EntityTagger()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(NEWS_TEXT)
def test_entities_of_any_text(tagger, text):
    text = clean_document_text(text)
    for mention in tagger.tag(text):
        assert text[mention.char_start : mention.char_end] == mention.surface
