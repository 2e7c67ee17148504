"""Ingestion of real-world files: encodings, repairs, quarantine, accounting, incremental runs."""

import codecs
import gzip
import hashlib
import os
import unicodedata
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from flows.nightly_ingest import nightly_ingest
from tests.encodings import to_cp1258, to_mojibake
from tests.warehouse_queries import query
from transforms.decode import DecodeError, decode_article
from transforms.normalize import clean_document_text
from transforms.sentences import split_sentences
from vnews.defaults import bundled_sample

ARTICLE = (bundled_sample() / "000_6a6f241a610094f0.txt").read_text(encoding="utf-8")
OTHER_ARTICLE = (bundled_sample() / "001_a1df7eda6ec539bb.txt").read_text(encoding="utf-8")
SHORT = "Bộ Ngoại giao Việt Nam họp báo ngày 5/2."

ENCODED = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "cp1258": to_cp1258,
}
REPAIRED = {
    "nfd": (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8"),
    "crlf": (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    "cr": (lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    "nbsp-and-zero-width": (lambda t: t.replace(" ", "\u00a0", 3).replace("Nga", "N\u200bga").encode("utf-8"), "utf-8"),
    "mojibake": (lambda t: to_mojibake(t), "utf-8+repaired-mojibake"),
}


@pytest.mark.parametrize("text", [ARTICLE, SHORT], ids=["article", "short"])
@pytest.mark.parametrize("encoding", ENCODED)
def test_every_encoding_decodes_to_the_same_nfc_text(encoding, text):
    decoded = decode_article(ENCODED[encoding](text))
    assert decoded.text == clean_document_text(text)
    assert decoded.encoding == encoding
    assert unicodedata.is_normalized("NFC", decoded.text)


@pytest.mark.parametrize("text", [ARTICLE, SHORT], ids=["article", "short"])
@pytest.mark.parametrize("case", REPAIRED)
def test_damaged_text_is_repaired(case, text):
    damage, encoding = REPAIRED[case]
    decoded = decode_article(damage(text))
    assert decoded.text == clean_document_text(text)
    assert decoded.encoding == encoding


def test_mojibake_example_from_the_issue():
    assert decode_article("Viá»‡t Nam".encode()).text == "Việt Nam"


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "file is empty"),
        (b" \n\t\n", "file holds only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file: looks like a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file: looks like a PDF document"),
        (gzip.compress(ARTICLE.encode()), "binary file: looks like a gzip archive"),
        (bytes(range(128, 256)) * 8, "not readable text"),
        (b"abc\x00def\x00" * 10, "binary file: contains NUL bytes"),
    ],
)
def test_undecodable_bytes_get_a_reason(raw, reason):
    with pytest.raises(DecodeError, match="^" + reason.replace("(", r"\(").replace(")", r"\)")):
        decode_article(raw)


def test_size_limit():
    with pytest.raises(DecodeError, match="larger than the 100-byte limit"):
        decode_article(ARTICLE.encode(), max_bytes=100)


def test_every_decodable_variant_yields_the_original_sentences():
    original = [s.text for s in split_sentences(clean_document_text(ARTICLE))]
    variants = [make(ARTICLE) for make in ENCODED.values()] + [damage(ARTICLE) for damage, _ in REPAIRED.values()]
    for raw in variants:
        assert [s.text for s in split_sentences(decode_article(raw).text)] == original


@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """Good articles in many encodings, bad files of every kind, and files that are not articles."""
    folder = tmp_path / "incoming"
    (folder / "sub").mkdir(parents=True)
    files = {
        "a_utf8.txt": ENCODED["utf-8"](ARTICLE),
        "a_bom.txt": ENCODED["utf-8-sig"](ARTICLE),
        "a_utf16le.txt": ENCODED["utf-16-le"](ARTICLE),
        "sub/a_utf16be.txt": ENCODED["utf-16-be"](ARTICLE),
        "a_cp1258.txt": to_cp1258(ARTICLE),
        "a_crlf_nfd.txt": unicodedata.normalize("NFD", ARTICLE).replace("\n", "\r\n").encode(),
        "a_mojibake.txt": to_mojibake(ARTICLE),
        "a_copy.txt": ENCODED["utf-8"](ARTICLE),
        "b.txt": OTHER_ARTICLE.encode(),
        "empty.txt": b"",
        "photo.txt": b"\xff\xd8\xff\xe0" + bytes(200),
        "report.txt": b"%PDF-1.4\n" + bytes(range(256)),
        "archive.txt": gzip.compress(OTHER_ARTICLE.encode()),
        "noise.txt": bytes(range(128, 256)) * 4,
        "huge.txt": ("Câu rất dài. " * 20_000).encode(),
        ".hidden.txt": ARTICLE.encode(),
        "draft.txt~": ARTICLE.encode(),
        "notes.md": ARTICLE.encode(),
    }
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    return folder


def test_mixed_folder_is_fully_accounted_for(mixed_folder, tmp_path):
    data_dir = tmp_path / "data"
    summary = nightly_ingest(input_dir=str(mixed_folder), data_dir=str(data_dir), max_bytes=200_000)

    status = dict(query(data_dir, "select regexp_replace(source_path, '.*/incoming/', ''), status from source_files"))
    assert sorted(status) == sorted(
        [
            "a_utf8.txt",
            "a_bom.txt",
            "a_utf16le.txt",
            "sub/a_utf16be.txt",
            "a_cp1258.txt",
            "a_crlf_nfd.txt",
            "a_mojibake.txt",
            "a_copy.txt",
            "b.txt",
            "empty.txt",
            "photo.txt",
            "report.txt",
            "archive.txt",
            "noise.txt",
            "huge.txt",
            "gone.txt",
        ]
    )  # hidden files, backups and .md are not articles by default
    a_variants = [name for name in status if name.startswith(("a_", "sub/a_"))]
    assert sorted(status[n] for n in a_variants) == ["duplicate"] * 7 + ["loaded"]
    assert status["b.txt"] == "loaded"
    [(n_docs,)] = query(data_dir, "select count(distinct doc_id) from source_files where doc_id is not null")
    assert n_docs == 2 == query(data_dir, "select count(*) from documents")[0][0]

    reasons = dict(query(data_dir, "select regexp_replace(source_path, '.*/incoming/', ''), reason from quarantine"))
    assert reasons["empty.txt"] == "file is empty"
    assert reasons["photo.txt"].startswith("binary file: looks like a JPEG image")
    assert reasons["report.txt"].startswith("binary file: looks like a PDF document")
    assert reasons["archive.txt"].startswith("binary file: looks like a gzip archive")
    assert reasons["noise.txt"].startswith("not readable text")
    assert reasons["huge.txt"].startswith("file is larger than the 200,000-byte limit")
    assert reasons["gone.txt"].startswith("file could not be read")
    assert summary.files_quarantined == 7 and summary.files_seen == 16

    kept = query(
        data_dir,
        "select source_path, quarantine_path, content_sha256 from quarantine where quarantine_path is not null",
    )
    assert len(kept) == 6
    for source, copy, sha in kept:
        raw = Path(copy).read_bytes()
        assert raw == Path(source).read_bytes() and hashlib.sha256(raw).hexdigest() == sha


def test_glob_is_configurable(mixed_folder, tmp_path):
    summary = nightly_ingest(input_dir=str(mixed_folder), data_dir=str(tmp_path / "data"), glob="*.md")
    assert (summary.files_seen, summary.files_loaded) == (1, 1)


def test_edited_file_becomes_a_new_version_and_the_old_one_stays(sample_night):
    sample_input, data_dir = sample_night  # after a first night over the sample
    article = next(sample_input.glob("004_*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nBài viết được cập nhật lúc 10h.\n", encoding="utf-8")
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    assert (summary.files_loaded, summary.files_unchanged, summary.documents_new) == (1, 4, 1)
    versions = query(data_dir, "select count(*) from documents where source_path = ?", [str(article)])
    assert versions == [(2,)]
    # Only the added sentence is new: the rest of the edited article was already tagged.
    assert summary.sentences_new == 1


def _task_names(flow_run_id: str) -> set[str]:
    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return {task_run.name.rsplit("-", 1)[0] for task_run in task_runs}


def test_unchanged_folder_does_no_nlp_work(sample_input_run, sample_night):
    sample_input, data_dir = sample_night  # after the first night, sample_input_run's
    first = sample_input_run[2]
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    assert (summary.files_unchanged, summary.sentence_occurrences, summary.sentences_new, summary.mentions_new) == (
        5,
        0,
        0,
        0,
    )
    assert "load_tagger" in _task_names(first.run_id)  # the taggers start only when there are files to read
    assert "load_tagger" not in _task_names(summary.run_id)


@pytest.mark.slow
def test_unchanged_files_ride_along_and_do_not_fill_batches(sample_input, tmp_path):
    """A night adding one file to a big folder is one batch, however many unchanged files ride along."""
    data_dir = tmp_path / "data"
    nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir), files_per_batch=2)
    (sample_input / "005_extra.txt").write_text("Một bài mới về Hà Nội hôm nay.\n", encoding="utf-8")
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir), files_per_batch=2)
    assert (summary.files_unchanged, summary.files_loaded) == (5, 1)
    batches = query(data_dir, "select run_id, count(distinct batch) from validation_results group by 1 order by 2")
    assert [n for _, n in batches] == [1, 3]  # the second night: one batch; the first: 5 files to read, 2 a batch


def test_a_file_is_read_again_only_when_its_size_or_modification_time_changes(sample_night):
    """Same path, size and mtime as last night: unchanged, not even read (rsync's rule). Touched: read and hashed."""
    sample_input, data_dir = sample_night  # after a first night over the sample
    article = next(sample_input.glob("001_*.txt"))
    stat = article.stat()
    raw = article.read_bytes()
    article.write_bytes(raw.replace(b"Nga", b"NGA", 1))  # same size, different bytes
    assert article.stat().st_size == stat.st_size and article.read_bytes() != raw
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir)).files_unchanged == 5

    article.write_bytes(raw)  # the original bytes, with a new modification time: read, hashed, still unchanged
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    assert (summary.files_unchanged, summary.files_loaded) == (5, 0)
    [(mtimes,)] = query(
        data_dir, "select count(distinct mtime_ns) from source_files where source_path = ?", [str(article)]
    )
    assert mtimes == 2


def test_splitter_beats_sent_tokenize_on_the_annotated_paragraphs():
    from tests.annotated import ANNOTATED, read_annotated, score, sent_tokenize_boundaries, vnews_boundaries

    paragraphs = read_annotated(ANNOTATED)
    assert sum(len(b) for _, b in paragraphs) >= 50
    ours, baseline = score(vnews_boundaries, paragraphs), score(sent_tokenize_boundaries, paragraphs)
    assert ours["precision"] >= 0.98 and ours["recall"] >= 0.95
    assert ours["f1"] > baseline["f1"]
    heldout = score(vnews_boundaries, read_annotated(ANNOTATED.with_name("sentence_boundaries_heldout.txt")))
    assert heldout["f1"] >= 0.9


def test_sample_article_004_keeps_image_names_and_captions_out(sample_run):
    data_dir = sample_run
    assert query(data_dir, "select count(*) from documents where source_path like '%/004_%'") == [(1,)]
    texts = [t for (t,) in query(data_dir, "select text from sentences")]
    assert not any("usrussia1" in t or "(Ảnh:" in t for t in texts)
