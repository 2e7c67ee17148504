"""Crawler exports as input (issue 31): JSON arrays and JSON Lines, gzipped or not, a record per article.

Every record is accounted for in `source_files` (`<file>#<line>` or `<file>#<index>`); a broken one is
quarantined alone; a grown feed loads only its new records. Records are invented from the sample's sentences.
"""

import gzip
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.nightly_ingest import nightly_ingest
from tests.corpus import sample_sentences
from tests.warehouse_queries import query, snapshot
from transforms.normalize import clean_document_text
from transforms.records import ARRAY, LINES, parse_fields, read_export
from vnews.cli import main

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
OUTLETS = ("vnexpress.net", "tuoitre.vn", "thanhnien.vn", "dantri.com.vn", "vietnamnet.vn")
PLACES = ("Hà Nội", "Đà Nẵng", "Huế", "Cần Thơ", "Hải Phòng", "Nha Trang", "Vinh", "Quy Nhơn")
VOLATILE = ("run_id", "ingested_at")


def make_records(n: int, seed: int = 31) -> list[dict]:
    """n news-please-like records, each body distinct: a sample sentence and one of its own."""
    rng, pool = random.Random(seed), sample_sentences()
    start = datetime(2024, 3, 1, 6, 0)
    records = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        own = (
            f"Sáng nay, {place} đón {i + 3:,} lượt khách đến tham quan hội chợ lần thứ {i + 1}, "
            f"tăng {i % 40 + 2} phần trăm so với năm trước."
        )
        records.append(
            {
                "title": f"Hội chợ {place} lần thứ {i + 1} thu hút đông khách",
                "maintext": f"{rng.choice(pool)}\n\n{own}",
                "date_publish": (start + timedelta(minutes=17 * i)).isoformat(sep=" "),
                "source_domain": OUTLETS[i % len(OUTLETS)],
                "url": f"https://{OUTLETS[i % len(OUTLETS)]}/hoi-cho-{i + 1}.html",
                "authors": [f"Phóng viên {i % 9 + 1}"],
            }
        )
    return records


def write_jsonl(path: Path, records: list, gz: bool = False) -> None:
    lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
    path.write_bytes(gzip.compress(lines.encode(), mtime=0) if gz else lines.encode())


def publications(data_dir: Path) -> dict[str, tuple]:
    """source_path -> (title, published_at epoch, source_name, url, author, document text)."""
    return {
        row[0]: row[1:]
        for row in query(
            data_dir,
            """
        select p.source_path, p.title, epoch(p.published_at), p.source_name, p.url, p.author, d.text
        from publications as p join documents as d using (doc_id)""",
        )
    }


def expected(record: dict) -> tuple:
    published = datetime.fromisoformat(record["date_publish"]).replace(tzinfo=VIETNAM)
    return (
        record["title"],
        published.timestamp(),
        record["source_domain"],
        record["url"],
        ", ".join(record["authors"]),
        clean_document_text(record["maintext"]),
    )


@pytest.mark.slow
def test_ten_thousand_records_of_a_gzipped_feed_load_with_every_field(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    records = make_records(10_000)
    write_jsonl(folder / "day.jsonl.gz", records, gz=True)
    data_dir = tmp_path / "data"
    summary = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    assert (summary.files_seen, summary.files_loaded, summary.files_quarantined) == (1, 10_000, 0)
    found = publications(data_dir)
    path = str(folder / "day.jsonl.gz")
    assert found == {f"{path}#{i + 1}": expected(record) for i, record in enumerate(records)}
    assert query(
        data_dir,
        "select distinct published_at_source, export_path from publications join source_files using (source_path)",
    ) == [("sidecar", path)]


BROKEN = {  # line -> (what replaces the record, the start of its quarantine reason)
    7: ('{"title": "Tin hỏng", "maintext": "Thiếu dấu ngoặc', "record at line 7: not valid JSON"),
    120: ({"title": "Không có nội dung", "url": "https://x.vn/1"}, "record at line 120: no body"),
    233: ({"maintext": 42, "title": "Nội dung là số"}, "record at line 233: its body 'maintext' is a number"),
    300: (["một", "mảng"], "record at line 300: not a JSON object (an array)"),
    452: ({"maintext": "Câu rất dài về kinh tế. " * 400}, "record at line 452: larger than the 8,000-byte limit"),
}


def test_broken_records_are_quarantined_alone_and_the_rest_of_the_file_loads(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    records: list = make_records(500)
    for line, (replacement, _) in BROKEN.items():
        records[line - 1] = replacement
    records[9]["title"] = 12345  # wrong type: loads without a title
    records[19]["date_publish"] = "2024-02-30 08:00:00"  # impossible date: loads without a date
    records[29]["source_domain"] = {"name": "VnExpress"}
    records.insert(40, "")  # a blank line is no record, but it counts in line numbers
    write_jsonl(folder / "day.jsonl.gz", records, gz=True)
    data_dir = tmp_path / "data"
    summary = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir), max_bytes=8_000)

    path = str(folder / "day.jsonl.gz")
    lines = {line if line < 41 else line + 1: case for line, case in BROKEN.items()}
    reasons = dict(query(data_dir, "select source_path, reason from quarantine"))
    assert sorted(reasons) == sorted(f"{path}#{line}" for line in lines)
    for line, (_, reason) in lines.items():
        assert reasons[f"{path}#{line}"].startswith(reason.replace(f"line {line - (line > 41)}", f"line {line}"))
    statuses = dict(query(data_dir, "select status, count(*) from source_files group by 1"))
    assert statuses == {"loaded": 495, "quarantined": 5} and summary.files_loaded == 495
    [(kept,)] = query(data_dir, "select quarantine_path from quarantine where source_path like '%#7'")
    assert Path(kept).read_bytes() == BROKEN[7][0].encode()

    found = publications(data_dir)
    assert len(found) == 495
    title, published, source = (found[f"{path}#10"][0], found[f"{path}#20"][1], found[f"{path}#30"][2])
    assert (title, published, source) == (None, None, None)
    notes = dict(
        query(data_dir, "select source_path, reason from source_files where status = 'loaded' and reason is not null")
    )
    assert notes == {
        f"{path}#10": "record field 'title' is a number, not text; title left empty",
        f"{path}#20": "record field 'date_publish' '2024-02-30 08:00:00' is not a valid date; published_at left empty",
        f"{path}#30": "record field 'source_domain' is an object, not text; source left empty",
    }
    good = [i for i in range(500) if i + 1 not in BROKEN and i not in (9, 19, 29)]
    sample = make_records(500)
    for i in good[::37]:
        line = i + 1 if i < 40 else i + 2
        assert found[f"{path}#{line}"] == expected(sample[i])


@pytest.mark.slow
def test_a_json_array_an_ndjson_feed_and_field_names_of_our_own(tmp_path, prefect_server):
    folder, data_dir = tmp_path / "exports", tmp_path / "data"
    folder.mkdir()
    records = make_records(30)
    (folder / "week.json").write_text(json.dumps(records[:10], ensure_ascii=False, indent=2), encoding="utf-8")
    write_jsonl(folder / "today.ndjson", records[10:20])
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    renamed = [
        {
            "headline": r["title"],
            "article": r["maintext"],
            "pubDate": r["date_publish"],
            "site": r["source_domain"],
            "href": r["url"],
            "byline": r["authors"][0],
        }
        for r in records[20:]
    ]
    write_jsonl(folder / "other.jsonl", renamed)
    mapping = "title=headline,body=article,published_at=pubDate,source=site,url=href,author=byline"
    result = CliRunner().invoke(
        main,
        ["run", "--input", str(folder), "--data-dir", str(data_dir)],
        env={"VNEWS_FIELDS": mapping, "PREFECT_API_URL": prefect_server},
    )
    assert result.exit_code == 0, result.output
    assert "  files      3 seen: 10 loaded, 0 duplicate, 2 unchanged, 0 quarantined" in result.output.splitlines()
    assert publications(data_dir) == {
        **{f"{folder / 'week.json'}#{i}": expected(records[i]) for i in range(10)},  # indices from 0
        **{f"{folder / 'today.ndjson'}#{i + 1}": expected(records[10 + i]) for i in range(10)},  # lines from 1
        **{f"{folder / 'other.jsonl'}#{i + 1}": expected(records[20 + i]) for i in range(10)},
    }


@pytest.mark.slow
def test_a_grown_feed_loads_only_its_new_records_and_the_same_input_gives_the_same_warehouse(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    records = make_records(60)
    feed = folder / "nightly.jsonl"
    write_jsonl(feed, records[:40])
    data_dir = tmp_path / "data"
    first = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    assert (first.files_loaded, first.documents_new) == (40, 40)

    again = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))  # unchanged: not read at all, one row
    assert (again.files_unchanged, again.documents_new, again.sentence_occurrences) == (1, 0, 0)
    assert query(data_dir, f"select status, doc_id from source_files where run_id = '{again.run_id}'") == [
        ("unchanged", None)
    ]

    with open(feed, "a", encoding="utf-8") as appended:
        appended.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[40:]))
    grown = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    assert (grown.files_unchanged, grown.files_loaded, grown.documents_new, grown.publications_new) == (40, 20, 20, 20)
    assert query(data_dir, "select count(*), count(distinct source_path) from publications") == [(60, 60)]

    once, twice = tmp_path / "once", tmp_path / "twice"
    nightly_ingest(input_dir=str(folder), data_dir=str(once))
    for _ in range(2):
        nightly_ingest(input_dir=str(folder), data_dir=str(twice))
    assert snapshot(twice, VOLATILE) == snapshot(once, VOLATILE)
    assert publications(twice) == publications(once) == publications(data_dir)
    loaded = "select source_path, doc_id, content_sha256 from source_files where status = 'loaded' order by all"
    assert query(twice, loaded) == query(once, loaded) == query(data_dir, loaded)


def test_a_feed_that_cannot_be_read_whole_keeps_the_records_before_the_damage(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    records = make_records(12)
    (folder / "cut.jsonl.gz").write_bytes(
        gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode())[:-400]
    )
    (folder / "broken.json").write_text(json.dumps(records[:3], ensure_ascii=False)[:-40], encoding="utf-8")
    (folder / "object.json").write_text(json.dumps(records[0], ensure_ascii=False), encoding="utf-8")
    data_dir = tmp_path / "data"
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    rows = query(data_dir, "select regexp_replace(source_path, '.*/feeds/', ''), status, reason from source_files")
    quarantined = {path: reason for path, status, reason in rows if status == "quarantined"}
    loaded = sorted(path for path, status, _ in rows if status == "loaded")
    assert quarantined["cut.jsonl.gz"].startswith("gzip stream is damaged")
    assert quarantined["broken.json"].startswith("not valid JSON at index 2")
    assert quarantined["object.json"] == "file is not a JSON array of records (it starts with '{'); no record is read"
    assert {"broken.json#0", "broken.json#1"} <= set(loaded)
    assert any(path.startswith("cut.jsonl.gz#") for path in loaded) and len(quarantined) == 3

    again = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))  # nothing read: what stopped each file
    tonight = (
        f"select regexp_replace(source_path, '.*/feeds/', ''), status from source_files where run_id = '{again.run_id}'"
    )
    assert sorted(query(data_dir, tonight)) == [(name, "quarantined") for name in sorted(quarantined)]


def test_field_mapping_is_checked():
    assert parse_fields("body=article|summary")["body"] == ("article", "summary")
    for wrong in ("body", "colour=red", "title="):
        with pytest.raises(ValueError):
            parse_fields(wrong)
    result = CliRunner().invoke(main, ["run", "--fields", "colour=red"])
    assert result.exit_code == 2 and "Invalid value for --fields" in result.output
    # a field --fields names is looked up under its names only
    line = json.dumps({"title": "Tin", "text": "Nội dung.", "headline": "Tin khác", "url": "https://x.vn"}).encode()
    [record] = read_export(line, LINES, False, 1000, parse_fields("title=headline,url=href"), datetime.now(UTC)).records
    assert (record.body, record.metadata.fields) == ("Nội dung.", {"title": "Tin khác"})


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
FIELD = st.sampled_from(
    [
        "title",
        "maintext",
        "content",
        "text",
        "summary",
        "date_publish",
        "published",
        "source",
        "source_domain",
        "url",
        "link",
        "authors",
        "author",
        "other",
    ]
)
RECORD = st.dictionaries(
    FIELD,
    st.one_of(
        JSON_VALUE,
        st.datetimes().map(str),
        st.just("Tue, 05 Mar 2024 08:00:00 +0700"),
        st.from_regex(r"\A\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?\Z"),
    ),
)
LINE = st.one_of(
    RECORD.map(lambda r: json.dumps(r).encode()),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=40),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=8), st.booleans(), st.booleans(), st.integers(0, 60))
def test_no_export_makes_the_reader_raise(lines, as_array, gzipped, cut):
    """Any bytes, as a feed or an array, whole or cut short: every record is read or has a reason."""
    raw = (b"[" + b",".join(lines) + b"]") if as_array else b"\n".join(lines)
    raw = gzip.compress(raw) if gzipped else raw
    raw = raw[: len(raw) - cut] if cut < len(raw) else raw
    export = read_export(raw, ARRAY if as_array else LINES, gzipped, 300, parse_fields(None), datetime.now(UTC))
    for record in export.records:
        assert (record.body is None) == (record.error is not None) and record.size_bytes >= len(record.raw) > 0
        assert record.error is None or record.error.startswith(f"record at {export.numbering} {record.number}: ")


@pytest.mark.slow
def test_a_broken_record_waits_like_a_quarantined_file(tmp_path):
    """An unchanged feed is not read: its broken record is `still quarantined`; --retry-quarantined reads it again."""
    folder, data_dir = tmp_path / "feeds", tmp_path / "data"
    folder.mkdir()
    write_jsonl(folder / "day.jsonl", [*make_records(3), {"title": "Không có nội dung"}])
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    quiet = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    retried = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir), retry_quarantined=True)
    # quiet: the feed's one row and its broken record's; retried: the feed read again, record by record
    assert [(s.files_unchanged, s.files_quarantined, s.documents_new) for s in (quiet, retried)] == [
        (1, 1, 0),
        (3, 1, 0),
    ]
    reasons = [
        reason
        for (reason,) in query(
            data_dir,
            "select reason from source_files join runs using (run_id) where source_path like '%#4' order by started_at",
        )
    ]
    assert reasons[0].startswith("record at line 4: no body") and reasons[2] == reasons[0]
    assert reasons[1] == "still quarantined: " + reasons[0]
    assert query(data_dir, "select count(*) from quarantine") == [(2,)]  # the first night's and the retry's
