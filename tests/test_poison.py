"""No poison file: one odd input never stops a night; every other article loads and every file is accounted for.

Each input below stopped every night of 0.9.0 (issue 34's fault table); here they share one night.
"""

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.nightly_ingest import nightly_ingest
from tests.warehouse_queries import query
from vnews.defaults import bundled_sample

MARKET_REPORT = (
    "Chứng khoán Mỹ tăng điểm\n"
    "Chỉ số Dow Jones đóng cửa ở mức 20,090.29 điểm, tăng 0.19% so với phiên trước. "
    "Khối lượng giao dịch đạt 1,234,567 cổ phiếu trong phiên chiều nay.\n"
)
IMPOSSIBLE_DATELINE = (
    "Mưa lớn ở miền Trung\n"
    "Huế, ngày 31/11/2026 - Mưa lớn kéo dài khiến nhiều tuyến đường ở Huế bị ngập sâu. "
    "Chính quyền địa phương đã sơ tán hàng trăm hộ dân.\n"
)
ODD_NAME = (
    "Giá lúa tăng ở đồng bằng\n"
    "Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng mạnh trong tuần qua. "
    "Nông dân phấn khởi vì vụ mùa bội thu.\n"
)
NESTED_SIDECAR = (
    "Khánh thành cây cầu mới\n"
    "Cây cầu mới bắc qua sông Hồng được khánh thành vào sáng nay. "
    "Công trình giúp giảm ùn tắc cho khu vực phía bắc thành phố.\n"
)
YEAR_ONE_SIDECAR = (
    "Lễ hội hoa xuân khai mạc\n"
    "Lễ hội hoa xuân năm nay thu hút hàng nghìn du khách đến tham quan. "
    "Ban tổ chức dự kiến lễ hội kéo dài đến hết tháng.\n"
)
FIFO_SIDECAR = (
    "Đội tuyển giành chiến thắng\n"
    "Đội tuyển quốc gia đã giành chiến thắng thuyết phục trong trận đấu tối qua. "
    "Huấn luyện viên khen ngợi tinh thần thi đấu của các cầu thủ.\n"
)
LINKED_INSIDE = (
    "Trường học mở cửa trở lại\n"
    "Các trường học trên địa bàn đã mở cửa đón học sinh trở lại sau kỳ nghỉ. "
    "Phụ huynh yên tâm khi con em được đến lớp.\n"
)
SECRET = "Mật khẩu quản trị viên của máy chủ là một bí mật không được đọc.\n"


@pytest.fixture
def poisoned_folder(tmp_path) -> Path:
    """The bundled sample with every poison input of issue 34 beside it."""
    folder = tmp_path / "input"
    shutil.copytree(bundled_sample(), folder)
    (folder / "market.txt").write_text(MARKET_REPORT)
    (folder / "dateline.txt").write_text(IMPOSSIBLE_DATELINE)
    with open(os.path.join(os.fsencode(folder), b"bad_\xff.txt"), "wb") as odd:
        odd.write(ODD_NAME.encode())
    (folder / "nested.txt").write_text(NESTED_SIDECAR)
    (folder / "nested.meta.json").write_text("[" * 1000 + "]" * 1000)
    (folder / "year-one.txt").write_text(YEAR_ONE_SIDECAR)
    (folder / "year-one.meta.json").write_text('{"published_at": "0001-01-01"}')
    (folder / "fifo-sidecar.txt").write_text(FIFO_SIDECAR)
    os.mkfifo(folder / "fifo-sidecar.meta.json")
    os.mkfifo(folder / "a-fifo.txt")
    with open(folder / "huge.txt", "wb") as huge:  # sparse: 64 MB on paper, nothing on disk
        huge.truncate(64 << 20)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "linked.txt").symlink_to(folder / "linked-target.txt")
    (folder / "linked-target.txt").write_text(LINKED_INSIDE)
    return folder


@pytest.mark.slow
def test_a_night_of_poison_inputs_loads_every_other_article(poisoned_folder, tmp_path):
    data_dir = tmp_path / "data"
    summary = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)

    rows = {
        Path(path).name: (status, reason)
        for path, status, reason in query(data_dir, "select source_path, status, reason from source_files")
    }
    assert len(rows) == summary.files_seen == 16  # every input file is accounted for
    loaded = {name for name, (status, _) in rows.items() if status in ("loaded", "duplicate")}
    assert loaded == {
        *os.listdir(bundled_sample()),
        "market.txt",
        "dateline.txt",
        "bad_\\xff.txt",
        "nested.txt",
        "year-one.txt",
        "fifo-sidecar.txt",
        "linked.txt",
        "linked-target.txt",
    }
    assert "FIFO" in rows["a-fifo.txt"][1] and rows["a-fifo.txt"][0] == "quarantined"
    assert "outside the input folder" in rows["leak.txt"][1] and rows["leak.txt"][0] == "quarantined"
    assert "larger than the 1,048,576-byte limit (67,108,864 bytes)" in rows["huge.txt"][1]
    assert "not valid JSON (RecursionError" in rows["nested.txt"][1]
    assert "before 1900" in rows["year-one.txt"][1]
    assert "FIFO" in rows["fifo-sidecar.txt"][1]

    assert query(data_dir, "select count(*) from documents where text like '%bí mật%'") == [(0,)]
    assert query(data_dir, "select value, unit from amounts where surface like '20,090.29%'") == [(20090.29, "điểm")]
    dateline_day = query(
        data_dir, "select published_at_source from publications where source_path like '%dateline.txt'"
    )
    assert dateline_day == [("none",)]  # 31/11 is no date: the article loads undated
    odd = query(data_dir, "select count(*) from publications where source_path like '%bad\\_\\\\xff.txt' escape '\\'")
    assert odd == [(1,)]

    (huge_copy,) = (data_dir / "quarantine").glob("*_huge.txt")
    assert huge_copy.stat().st_size == 1 << 20  # a bounded copy, the whole file's size and hash in source_files
    assert query(
        data_dir, "select size_bytes, content_sha256 is not null from source_files where source_path like '%huge.txt'"
    ) == [(64 << 20, True)]


@pytest.mark.slow
def test_quarantined_files_wait_until_they_change_or_are_retried(poisoned_folder, tmp_path):
    data_dir = tmp_path / "data"
    nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)
    again = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)
    assert again.files_quarantined == 3 and again.rows_loaded == 0  # not read again: a quiet night
    reasons = query(
        data_dir, "select reason from source_files where run_id = ? and status = 'quarantined'", [again.run_id]
    )
    assert all(reason.startswith("still quarantined") for (reason,) in reasons) and len(reasons) == 3
    assert query(data_dir, "select count(*) from quarantine") == [(3,)]  # one row and one copy per rejection

    retried = nightly_ingest(
        input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20, retry_quarantined=True
    )
    assert retried.files_quarantined == 3
    assert query(data_dir, "select count(*) from quarantine where run_id = ?", [retried.run_id]) == [(3,)]
    followed = nightly_ingest(
        input_dir=str(poisoned_folder),
        data_dir=str(data_dir),
        max_bytes=1 << 20,
        retry_quarantined=True,
        follow_symlinks=True,
    )
    assert query(
        data_dir, "select status from source_files where run_id = ? and source_path like '%leak.txt'", [followed.run_id]
    ) == [("loaded",)]


BUGS = {
    marker: f"Bài viết thử lỗi {marker}\nĐây là câu đầu tiên có dấu hiệu {marker} của bài viết thử. "
    f'Ông Nguyễn Văn An nói: "Chúng tôi đã làm xong {marker} trong 3 ngày".\n'
    for marker in ("SPLITBUG", "METABUG", "TAGBUG", "AMOUNTBUG", "STORYBUG", "QUOTEBUG")
}


def _fails_on(marker: str, rule):
    """`rule`, with a bug: it raises on any input that holds `marker` (a crash no real input gives any more)."""

    def buggy(*args, **kwargs):
        if marker in repr(args):
            raise RuntimeError(f"a bug in a rule, on {marker}")
        return rule(*args, **kwargs)

    return buggy


@pytest.mark.slow
def test_a_rule_that_crashes_on_one_article_costs_only_that_article_or_field(tmp_path, monkeypatch):
    import flows.nightly_ingest as flow_module
    from transforms import amounts, entities, stories

    folder, data_dir = tmp_path / "input", tmp_path / "data"
    shutil.copytree(bundled_sample(), folder)
    for marker, text in BUGS.items():
        (folder / f"{marker.lower()}.txt").write_text(text)
    monkeypatch.setattr(flow_module, "sentence_occurrences", _fails_on("SPLITBUG", flow_module.sentence_occurrences))
    monkeypatch.setattr(flow_module, "text_metadata", _fails_on("METABUG", flow_module.text_metadata))
    monkeypatch.setattr(entities.EntityTagger, "tag", _fails_on("TAGBUG", entities.EntityTagger.tag))
    monkeypatch.setattr(amounts, "find_amounts", _fails_on("AMOUNTBUG", amounts.find_amounts))
    monkeypatch.setattr(stories, "fingerprint", _fails_on("STORYBUG", stories.fingerprint))
    monkeypatch.setattr(flow_module, "document_quotations", _fails_on("QUOTEBUG", flow_module.document_quotations))

    summary = nightly_ingest(input_dir=str(folder), data_dir=str(data_dir), task_runner="thread")

    rows = {
        Path(path).stem: (status, reason)
        for path, status, reason in query(data_dir, "select source_path, status, reason from source_files")
    }
    assert summary.files_seen == len(rows) == 11
    assert rows["splitbug"][0] == "quarantined" and "sentences failed: RuntimeError" in rows["splitbug"][1]
    assert "--retry-quarantined" in rows["splitbug"][1]
    assert list((data_dir / "quarantine").glob("*_splitbug.txt"))[0].read_text() == BUGS["SPLITBUG"]  # byte for byte
    for marker, stage, what in (
        ("METABUG", "metadata", "loaded without its title"),
        ("TAGBUG", "entities", "loaded without its entities"),
        ("AMOUNTBUG", "amounts", "loaded without its amounts"),
        ("STORYBUG", "stories", "a story of its own"),
        ("QUOTEBUG", "quotations", "loaded without quotations"),
    ):
        status, reason = rows[marker.lower()]
        assert status == "loaded" and f"{stage} failed: RuntimeError" in reason and what in reason, (marker, reason)
    assert sum(status == "loaded" for status, _ in rows.values()) == 10  # the sample and five of six articles
    untagged = query(data_dir, "select extractor_version from sentences where text like '%TAGBUG%'")
    assert untagged and {version for (version,) in untagged} == {"0"}  # `vnews retag` will try them again
    assert query(data_dir, "select count(*) from document_stories") == query(data_dir, "select count(*) from documents")
    assert lake_and_warehouse_agree(data_dir)


def lake_and_warehouse_agree(data_dir: Path) -> bool:
    """`vnews check` finds nothing wrong (a note a stage added after the load is in the lake too)."""
    from click.testing import CliRunner

    from vnews.cli import main

    result = CliRunner().invoke(main, ["check", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    return True


# One test per finding of issue 34's fault table, at the stage it broke (the night above has them all).


def test_a_fifo_is_refused_without_being_opened_for_blocking_reads(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from vnews import night
    from warehouse import loader

    os.mkfifo(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "b.meta.json")
    (tmp_path / "b.txt").write_text(FIFO_SIDECAR)
    folder = night.InputFolder.of(tmp_path)
    with ThreadPoolExecutor(1) as pool:  # a hang fails the test instead of stopping it
        read = pool.submit(night.read_source_file, tmp_path / "a.txt", loader.KnownState({}, set(), {}), 1000, folder)
        assert "not a regular file (a FIFO)" in read.result(timeout=10).read_error
        sidecar = pool.submit(night.read_sidecar, tmp_path / "b.txt", datetime.now(UTC), folder)
        assert "FIFO" in sidecar.result(timeout=10).problems[0]


def test_a_symlink_out_of_the_input_folder_is_not_read_unless_followed(tmp_path):
    from vnews import night
    from warehouse import loader

    (tmp_path / "in").mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "in" / "x.txt").symlink_to(tmp_path / "secret.txt")
    known = loader.KnownState({}, set(), {})
    refused = night.read_source_file(tmp_path / "in" / "x.txt", known, 1000, night.InputFolder.of(tmp_path / "in"))
    assert refused.raw is None and "outside the input folder" in refused.read_error
    followed = night.InputFolder.of(tmp_path / "in", follow_symlinks=True)
    assert night.read_source_file(tmp_path / "in" / "x.txt", known, 1000, followed).raw == SECRET.encode()


def test_a_file_name_that_is_not_utf8_is_kept_escaped(tmp_path):
    from vnews import night
    from warehouse import loader

    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"bad_\xff.txt")))
    path.write_text(ODD_NAME)
    read = night.read_source_file(path, loader.KnownState({}, set(), {}), 1000, night.InputFolder.of(tmp_path))
    assert read.source_path.endswith("bad_\\xff.txt") and read.raw == ODD_NAME.encode()


@pytest.mark.slow
def test_a_file_larger_than_memory_allows_is_hashed_in_pieces_and_kept_in_part(tmp_path):
    """A 4 GB file read by a process that may map only 3 GB (0.9.0 read it whole: MemoryError)."""
    import resource
    import subprocess
    import sys

    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as out:
        out.truncate(4 << 30)  # sparse
    script = (
        "import sys; from pathlib import Path; from vnews import night; from warehouse import loader; "
        "read = night.read_source_file(Path(sys.argv[1]), loader.KnownState({}, set(), {}), 5 << 20, "
        "night.InputFolder.of(Path(sys.argv[1]).parent)); "
        "print(len(read.raw), read.size_bytes, read.sha256, read.read_error, sep='|')"
    )
    limit = 3 << 30
    done = subprocess.run(
        [sys.executable, "-c", script, str(huge)],
        capture_output=True,
        text=True,
        timeout=900,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    assert done.returncode == 0, done.stderr
    kept, size, sha, reason = done.stdout.strip().split("|")
    assert int(kept) == 1 << 20 and int(size) == 4 << 30 and len(sha) == 64
    assert "larger than the 5,242,880-byte limit (4,294,967,296 bytes)" in reason


def test_impossible_dates_and_year_one_sidecars_are_no_dates():
    from transforms.articles import parse_sidecar, publication_row, text_metadata

    assert text_metadata(IMPOSSIBLE_DATELINE).dateline is None
    sidecar = parse_sidecar(b'{"published_at": "0001-01-01"}', datetime.now(UTC))
    assert "before 1900" in sidecar.problems[0]
    row = publication_row("a.txt", "a.txt", "d", text_metadata(YEAR_ONE_SIDECAR), sidecar, datetime.now(UTC))
    assert row["published_at"] is None


def test_a_sidecar_of_nested_brackets_is_ignored_with_the_reason():
    from transforms.articles import parse_sidecar

    assert "RecursionError" in parse_sidecar(b"[" * 1000 + b"]" * 1000, datetime.now(UTC)).problems[0]
