"""Full-text search on 10,000 generated articles with planted relevant ones: precision@10 and query time,
beside a `LIKE '%…%'` scan in the same run.

Usage: uv run python -m bench.search [N_ARTICLES]      (default 10,000)

The background articles come from tests/corpus.py (real and derived Vietnamese news sentences).
For each of the queries below, 10 articles are planted that report it (its words in a sentence
of their own, among background sentences) and 10 distractors that hold only some of its words
(the same place, another event). A query is asked with its tone marks and without them. The
warehouse here is a DuckDB file with the `documents` table and the index `vnews run` builds
(warehouse/search.py), not a whole pipeline run: this measures search, not loading.
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from tests.corpus import generate
from transforms.normalize import fold
from warehouse import search
from warehouse.loader import LOAD_DIR
from warehouse.schema import apply_migrations, create_macros

# (query, a sentence reporting it, a distractor sentence sharing some of its words)
QUERIES = [
    (
        "lũ quét Lào Cai",
        "Trận lũ quét ở Lào Cai đêm qua cuốn trôi nhiều ngôi nhà ven suối.",
        "Mưa lớn ở Yên Bái khiến nhiều tuyến đường bị sạt lở.",
    ),
    (
        "giá vàng miếng SJC",
        "Giá vàng miếng SJC sáng nay tăng thêm một triệu đồng mỗi lượng.",
        "Giá xăng dầu trong nước giữ ổn định trong kỳ điều hành này.",
    ),
    (
        "xét xử vụ Vạn Thịnh Phát",
        "Tòa án tiếp tục phiên xét xử vụ Vạn Thịnh Phát với hàng chục bị cáo.",
        "Tòa án tuyên án một vụ lừa đảo bán đất nền tại Đồng Nai.",
    ),
    (
        "sốt xuất huyết Hà Nội",
        "Số ca sốt xuất huyết ở Hà Nội tăng mạnh trong tuần qua.",
        "Hà Nội khánh thành thêm một tuyến xe buýt điện.",
    ),
    (
        "cao tốc Bắc Nam",
        "Dự án cao tốc Bắc Nam đoạn qua Nghệ An đã thông xe kỹ thuật.",
        "Quốc lộ 1 đoạn qua Hà Tĩnh được nâng cấp mặt đường.",
    ),
    (
        "điện gió ngoài khơi",
        "Việt Nam xây dựng khung pháp lý cho điện gió ngoài khơi.",
        "Nhà máy nhiệt điện Vĩnh Tân tăng công suất phát điện.",
    ),
    (
        "tuyển Việt Nam vô địch",
        "Tuyển Việt Nam vô địch giải đấu sau chiến thắng trên sân Mỹ Đình.",
        "Câu lạc bộ Hà Nội thua trận thứ hai liên tiếp tại giải quốc nội.",
    ),
    (
        "học phí đại học",
        "Học phí đại học công lập năm học mới tăng trung bình 15%.",
        "Các trường phổ thông chuẩn bị cho năm học mới.",
    ),
    (
        "bão số 3 Yagi",
        "Bão số 3 Yagi gây thiệt hại nặng nề cho các tỉnh phía Bắc.",
        "Áp thấp nhiệt đới trên Biển Đông có khả năng mạnh lên.",
    ),
    (
        "xuất khẩu sầu riêng",
        "Xuất khẩu sầu riêng sang Trung Quốc đạt kỷ lục trong quý này.",
        "Giá thanh long tại Bình Thuận giảm mạnh vì ùn ứ.",
    ),
]
PLANTED, DISTRACTORS = 10, 10


def _corpus(n_articles: int, seed: int = 5) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """(doc_id, text) rows and, per query, the ids of the articles planted for it."""
    rng = random.Random(seed)
    background = [
        " ".join(o.text for o in article[:6])
        for article in generate(n_articles, seed=seed, sentences_per_article=(4, 8))
    ]
    rows, relevant = [(f"bg{i:06d}", text) for i, text in enumerate(background)], {}
    for q, (query, report, distractor) in enumerate(QUERIES):
        relevant[query] = set()
        for i in range(PLANTED + DISTRACTORS):
            doc_id = f"q{q:02d}-{'hit' if i < PLANTED else 'miss'}{i:02d}"
            filler = rng.sample(background, 2)
            rows.append((doc_id, f"{filler[0]} {report if i < PLANTED else distractor} {filler[1]}"))
            if i < PLANTED:
                relevant[query].add(doc_id)
    return rows, relevant


def _timed(run) -> tuple[float, list]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows, relevant = _corpus(n_articles)
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "search.duckdb"))
        apply_migrations(con)
        con.executemany("insert into documents (doc_id, text) values (?, ?)", rows)
        create_macros(con)
        con.execute("create temp view stg_documents as select * from documents")
        index_s, _ = _timed(lambda: con.execute((LOAD_DIR / "070_search.sql").read_text(encoding="utf-8")))
        search.search(con, "khởi động", 10)  # warm the cache
        report = []
        for query in relevant:
            for asked in (query, fold(query)):
                seconds, (_, found) = _timed(lambda asked=asked: search.search(con, asked, 10))
                precision = sum(row[2] in relevant[query] for row in found) / 10
                like_s, _ = _timed(
                    lambda query=query: con.execute(
                        "select doc_id from documents where "
                        + " and ".join(["lower(text) like ?"] * len(query.split())),
                        [f"%{w.lower()}%" for w in query.split()],
                    ).fetchall()
                )
                report.append((asked, precision, seconds, like_s))
    print(
        f"\n{len(rows):,} articles ({len(QUERIES) * PLANTED} planted for {len(QUERIES)} queries, "
        f"{len(QUERIES) * DISTRACTORS} distractors); words counted in {index_s:.1f} s\n"
    )
    print("| query | precision@10 | search ms | LIKE scan ms |\n|---|---|---|---|")
    for asked, precision, seconds, like_s in report:
        print(f"| {asked} | {precision:.1f} | {seconds * 1000:.0f} | {like_s * 1000:.0f} |")
    times = [r[2] for r in report]
    print(
        f"\nmean precision@10 {statistics.mean(r[1] for r in report):.3f}; search median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; LIKE scan median "
        f"{statistics.median(r[3] for r in report) * 1000:.0f} ms (search / LIKE "
        f"{statistics.median(times) / statistics.median(r[3] for r in report):.2f})"
    )


if __name__ == "__main__":
    main()
