"""No poison file: one odd input never stops a night; every other article loads and every file is accounted for.

Each input below stopped every night of 0.9.0 (issue 34's fault table); here they share one night.
"""

import os
import shutil
from pathlib import Path

import pytest

from flows.nightly_ingest import nightly_ingest
from tests.warehouse_queries import query
from vnews.defaults import bundled_sample

MARKET_REPORT = ("Chứng khoán Mỹ tăng điểm\n"
                 "Chỉ số Dow Jones đóng cửa ở mức 20,090.29 điểm, tăng 0.19% so với phiên trước. "
                 "Khối lượng giao dịch đạt 1,234,567 cổ phiếu trong phiên chiều nay.\n")
IMPOSSIBLE_DATELINE = ("Mưa lớn ở miền Trung\n"
                       "Huế, ngày 31/11/2026 - Mưa lớn kéo dài khiến nhiều tuyến đường ở Huế bị ngập sâu. "
                       "Chính quyền địa phương đã sơ tán hàng trăm hộ dân.\n")
ODD_NAME = ("Giá lúa tăng ở đồng bằng\n"
            "Giá lúa tại các tỉnh đồng bằng sông Cửu Long tăng mạnh trong tuần qua. "
            "Nông dân phấn khởi vì vụ mùa bội thu.\n")
NESTED_SIDECAR = ("Khánh thành cây cầu mới\n"
                  "Cây cầu mới bắc qua sông Hồng được khánh thành vào sáng nay. "
                  "Công trình giúp giảm ùn tắc cho khu vực phía bắc thành phố.\n")
YEAR_ONE_SIDECAR = ("Lễ hội hoa xuân khai mạc\n"
                    "Lễ hội hoa xuân năm nay thu hút hàng nghìn du khách đến tham quan. "
                    "Ban tổ chức dự kiến lễ hội kéo dài đến hết tháng.\n")
FIFO_SIDECAR = ("Đội tuyển giành chiến thắng\n"
                "Đội tuyển quốc gia đã giành chiến thắng thuyết phục trong trận đấu tối qua. "
                "Huấn luyện viên khen ngợi tinh thần thi đấu của các cầu thủ.\n")
LINKED_INSIDE = ("Trường học mở cửa trở lại\n"
                 "Các trường học trên địa bàn đã mở cửa đón học sinh trở lại sau kỳ nghỉ. "
                 "Phụ huynh yên tâm khi con em được đến lớp.\n")
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


def test_a_night_of_poison_inputs_loads_every_other_article(poisoned_folder, tmp_path):
    data_dir = tmp_path / "data"
    summary = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)

    rows = {Path(path).name: (status, reason) for path, status, reason in
            query(data_dir, "select source_path, status, reason from source_files")}
    assert len(rows) == summary.files_seen == 16  # every input file is accounted for
    loaded = {name for name, (status, _) in rows.items() if status in ("loaded", "duplicate")}
    assert loaded == {*os.listdir(bundled_sample()), "market.txt", "dateline.txt", "bad_\\xff.txt", "nested.txt",
                      "year-one.txt", "fifo-sidecar.txt", "linked.txt", "linked-target.txt"}
    assert "FIFO" in rows["a-fifo.txt"][1] and rows["a-fifo.txt"][0] == "quarantined"
    assert "outside the input folder" in rows["leak.txt"][1] and rows["leak.txt"][0] == "quarantined"
    assert "larger than the 1,048,576-byte limit (67,108,864 bytes)" in rows["huge.txt"][1]
    assert "not valid JSON (RecursionError" in rows["nested.txt"][1]
    assert "before 1900" in rows["year-one.txt"][1]
    assert "FIFO" in rows["fifo-sidecar.txt"][1]

    assert query(data_dir, "select count(*) from documents where text like '%bí mật%'") == [(0,)]
    assert query(data_dir, "select value, unit from amounts where surface like '20,090.29%'") == [(20090.29, "điểm")]
    dateline_day = query(data_dir, "select published_at_source from publications where source_path like '%dateline.txt'")
    assert dateline_day == [("none",)]  # 31/11 is no date: the article loads undated
    odd = query(data_dir, "select count(*) from publications where source_path like '%bad\\_\\\\xff.txt' escape '\\'")
    assert odd == [(1,)]

    huge_copy, = (data_dir / "quarantine").glob("*_huge.txt")
    assert huge_copy.stat().st_size == 1 << 20  # a bounded copy, the whole file's size and hash in source_files
    assert query(data_dir, "select size_bytes, content_sha256 is not null from source_files "
                           "where source_path like '%huge.txt'") == [(64 << 20, True)]


@pytest.mark.slow
def test_quarantined_files_wait_until_they_change_or_are_retried(poisoned_folder, tmp_path):
    data_dir = tmp_path / "data"
    nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)
    again = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20)
    assert again.files_quarantined == 3 and again.rows_loaded == 0  # not read again: a quiet night
    reasons = query(data_dir, "select reason from source_files where run_id = ? and status = 'quarantined'",
                    [again.run_id])
    assert all(reason.startswith("still quarantined") for reason, in reasons) and len(reasons) == 3
    assert query(data_dir, "select count(*) from quarantine") == [(3,)]  # one row and one copy per rejection

    retried = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20,
                             retry_quarantined=True)
    assert retried.files_quarantined == 3
    assert query(data_dir, "select count(*) from quarantine where run_id = ?", [retried.run_id]) == [(3,)]
    followed = nightly_ingest(input_dir=str(poisoned_folder), data_dir=str(data_dir), max_bytes=1 << 20,
                              retry_quarantined=True, follow_symlinks=True)
    assert query(data_dir, "select status from source_files where run_id = ? and source_path like '%leak.txt'",
                 [followed.run_id]) == [("loaded",)]
