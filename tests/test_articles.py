"""Publications, their metadata, resolved dates and stories: the rules, then the flow on the multi-day sample."""

import json
import random
import shutil
from datetime import UTC, date, datetime

import pytest

from flows.nightly_ingest import nightly_ingest
from tests.conftest import MULTI_DAY_SAMPLE
from tests.warehouse_queries import columns, query
from transforms.articles import date_in_path, parse_sidecar, publication_row, text_metadata
from transforms.sentences import split_sentences
from transforms.stories import Fingerprint, assign_stories, assign_threads, fingerprint, same_event, story_key
from vnews.defaults import bundled_sample

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
ARTICLE = (
    "Cháy xưởng ở Đà Nẵng, 3 người bị thương\n"
    "Đà Nẵng, ngày 12/3/2026\n"
    "Sáng 12/3, một đám cháy lớn bùng phát tại xưởng gỗ. Lực lượng cứu hỏa đã có mặt.\n"
    "Bài: Minh Anh\n"
    "Theo báo Tuổi Trẻ\n"
)


def test_headline_dateline_credit_and_author_come_from_the_text_and_the_headline_is_the_first_sentence():
    meta = text_metadata(ARTICLE)
    assert (meta.headline, meta.dateline, meta.credit, meta.author) == (
        "Cháy xưởng ở Đà Nẵng, 3 người bị thương",
        date(2026, 3, 12),
        "Tuổi Trẻ",
        "Minh Anh",
    )
    assert [s.text for s in split_sentences(ARTICLE, meta.not_body)] == [
        "Cháy xưởng ở Đà Nẵng, 3 người bị thương",
        "Sáng 12/3, một đám cháy lớn bùng phát tại xưởng gỗ.",
        "Lực lượng cứu hỏa đã có mặt.",
    ]


def test_the_headline_line_ends_where_its_first_line_does_and_a_text_of_one_line_has_none():
    assert text_metadata(ARTICLE).headline_end == ARTICLE.index("\n")
    one_line = "Cháy xưởng ở Đà Nẵng, 3 người bị thương"  # its only sentence is body: stories read it
    assert text_metadata(one_line).headline is None and text_metadata(one_line).headline_end == 0


def test_a_dateline_before_the_first_paragraph_is_cut_from_its_sentence():
    text = "TP.HCM (VOV) - Sáng 30/11, trời mưa to. Nhiều tuyến đường ngập.\n(VOV)\n"
    meta = text_metadata(text)
    assert meta.credit == "VOV" and meta.headline is None
    assert [s.text for s in split_sentences(text, meta.not_body)] == [
        "Sáng 30/11, trời mưa to.",
        "Nhiều tuyến đường ngập.",
    ]
    assert text_metadata("Hà Nội, ngày 30/11/2026 - Sáng nay trời mưa. Gió to.").dateline == date(2026, 11, 30)


def test_the_sample_articles_have_no_headline_so_their_sentences_are_unchanged():
    for path in sorted(bundled_sample().glob("*.txt")):
        assert text_metadata(path.read_text(encoding="utf-8")).not_body == ()


def test_dates_in_paths():
    assert date_in_path("vnexpress/2026-11-30/bai.txt") == date(2026, 11, 30)
    assert date_in_path("2026/11/30/bai.txt") == date(2026, 11, 30)
    assert date_in_path("tuoitre/20261130_bai.txt") == date(2026, 11, 30)
    assert date_in_path("tuoitre/2026-02-30/bai.txt") is None  # no such day
    assert date_in_path("bai-20261.txt") is None


def test_a_bad_sidecar_is_reported_field_by_field_and_never_raises():
    assert parse_sidecar(b"{not json", NOW).fields == {}
    assert "not valid JSON" in parse_sidecar(b"{not json", NOW).problems[0]
    assert "not a JSON object" in parse_sidecar(b"[1, 2]", NOW).problems[0]
    mixed = parse_sidecar(
        json.dumps({"title": "Tiêu đề", "published_at": "2026-02-30", "source": 7, "tags": ["x"]}).encode(), NOW
    )
    assert mixed.fields == {"title": "Tiêu đề"}
    assert len(mixed.problems) == 3  # unknown key, impossible date, source not a string
    assert parse_sidecar(b'{"published_at": "2027-01-01"}', NOW).problems[0].endswith("is in the future; ignored")
    assert (
        parse_sidecar(b'{"published_at": "2026-12-01T10:00"}', NOW).fields["published_at"].utcoffset().seconds
        == 7 * 3600
    )


def test_each_field_comes_from_the_first_place_that_gives_it():
    meta = text_metadata(ARTICLE)
    sidecar = parse_sidecar(b'{"source": "VnExpress"}', NOW)
    by_path = publication_row("/in/a/2026-03-13/x.txt", "a/2026-03-13/x.txt", "d1", meta, sidecar, NOW)
    assert (by_path["published_day"], by_path["published_at_source"], by_path["source_name"], by_path["title"]) == (
        date(2026, 3, 13),
        "path",
        "VnExpress",
        "Cháy xưởng ở Đà Nẵng, 3 người bị thương",
    )
    by_text = publication_row("/in/x.txt", "x.txt", "d1", meta, None, NOW)
    assert (by_text["published_day"], by_text["published_at_source"], by_text["source_name"]) == (
        date(2026, 3, 12),
        "text",
        "Tuổi Trẻ",
    )
    nothing = publication_row("/in/x.txt", "x.txt", "d1", text_metadata("Một câu. Hai câu."), None, NOW)
    assert (nothing["published_at"], nothing["published_at_source"], nothing["title"]) == (None, "none", None)


def _fingerprint(doc_id, day, signature, days=(), places=(), figures=(), people=()) -> Fingerprint:
    return Fingerprint(doc_id, day, tuple(signature), *map(frozenset, (days, places, people, figures)), ())


def test_same_topic_with_another_day_place_person_or_figure_is_another_event():
    base = _fingerprint("a", date(2026, 3, 12), [1] * 64, ["03-12"], ["Đà Nẵng"], ["3"], ["Lê Văn Tùng"])
    assert same_event(base, _fingerprint("b", date(2026, 3, 13), [1] * 64, ["03-12"], ["Đà Nẵng", "Huế"], []))
    assert not same_event(base, _fingerprint("c", date(2026, 3, 12), [1] * 64, ["03-11"], ["Đà Nẵng"], ["3"]))
    assert not same_event(base, _fingerprint("d", date(2026, 3, 12), [1] * 64, ["03-12"], ["Huế"], ["3"]))
    assert not same_event(base, _fingerprint("e", date(2026, 3, 12), [1] * 64, ["03-12"], ["Đà Nẵng"], ["5"]))
    assert not same_event(
        base, _fingerprint("f", date(2026, 3, 12), [1] * 64, ["03-12"], ["Đà Nẵng"], ["3"], ["Trần Minh An"])
    )


def test_listed_places_count_inside_organization_names_not_inside_person_names():
    body = [("s1", "Ngày 15/10, Tòa án nhân dân tỉnh Nghệ An tuyên phạt bị cáo Nguyễn Đức Phong 14 năm tù.")]
    found = fingerprint(
        "a", None, date(2026, 10, 20), body, [("ORG", "Tòa án nhân dân tỉnh Nghệ An"), ("PER", "Nguyễn Đức Phong")]
    )
    assert (found.lead_places, found.lead_people, found.lead_figures, found.lead_days) == (
        {"Nghệ An"},
        {"Nguyễn Đức Phong"},
        {"14"},
        {"10-15"},
    )
    assert found.day == date(2026, 10, 15)  # undated: the day its lead names


def test_stories_do_not_depend_on_the_order_articles_arrive_in():
    day = date(2026, 3, 12)
    articles = [_fingerprint(f"doc{i}", day, [i // 3] * 64, ["03-12"], [f"place{i // 3}"]) for i in range(9)]
    pairs = [(b.doc_id, a.doc_id) for i, a in enumerate(articles) for b in articles[i + 1 :]]
    at_once, _ = assign_stories(articles, [], {}, pairs)
    assert len(set(at_once.values())) == 3
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    first, second = shuffled[:5], shuffled[5:]
    first_night, _ = assign_stories(
        first, [], {}, [(b.doc_id, a.doc_id) for i, a in enumerate(first) for b in first[i + 1 :]]
    )
    later, merged = assign_stories(
        second, first, first_night, [(a.doc_id, b.doc_id) for a in second for b in [*first, *second] if a is not b]
    )
    final = {doc: merged.get(story, story) for doc, story in {**first_night, **later}.items()}
    assert final == at_once


def test_a_follow_up_on_another_day_threads_with_the_event_but_same_topic_elsewhere_does_not():
    day = date(2026, 3, 12)
    arrest = _fingerprint("arrest", day, [1] * 64, ["03-12"], ["Đà Nẵng"], ["3"], ["Lê Văn Tùng"])
    rewrite = _fingerprint("rewrite", day, [1] * 48 + [7] * 16, ["03-12"], ["Đà Nẵng"], ["3"])
    # two days on, recapping the arrest: another day and figure, the same place and person
    trial = _fingerprint(
        "trial", day.replace(day=14), [1] * 16 + [2] * 48, ["03-14"], ["Đà Nẵng"], ["5"], ["Lê Văn Tùng"]
    )
    elsewhere = _fingerprint("elsewhere", day, [1] * 64, ["03-12"], ["Huế"], ["3"])  # the same words, another city
    unlike = _fingerprint("unlike", day, [9] * 64, ["03-13"], ["Đà Nẵng"], ["4"])  # the same city, nothing alike
    articles = [arrest, rewrite, trial, elsewhere, unlike]
    pairs = [(b.doc_id, a.doc_id) for i, a in enumerate(articles) for b in articles[i + 1 :]]
    stories, _ = assign_stories(articles, [], {}, pairs)
    threads, _ = assign_threads(articles, [], {}, pairs)
    assert stories["arrest"] == stories["rewrite"] != stories["trial"]
    assert threads["arrest"] == threads["rewrite"] == threads["trial"] == min(stories["arrest"], stories["trial"])
    assert threads["elsewhere"] == stories["elsewhere"] == story_key("elsewhere")  # a thread of its own story
    assert threads["unlike"] == story_key("unlike")

    # night by night, in any order: the same threads, an earlier thread relabelled when a later article links it
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        first, second = shuffled[:2], shuffled[2:]
        first_pairs = [(b.doc_id, a.doc_id) for i, a in enumerate(first) for b in first[i + 1 :]]
        first_night, _ = assign_threads(first, [], {}, first_pairs)
        later, merged = assign_threads(
            second, first, first_night, [(a.doc_id, b.doc_id) for a in second for b in [*first, *second] if a is not b]
        )
        assert {doc: merged.get(thread, thread) for doc, thread in {**first_night, **later}.items()} == threads


def test_publications_and_their_metadata_on_the_multi_day_sample(days_run):
    rows = dict(query(days_run, "select published_at_source, count(*) from publications group by 1"))
    assert rows == {"sidecar": 4, "path": 3, "text": 3}
    assert query(days_run, "select count(distinct source_name), count(title) from publications") == [(7, 10)]
    [(reason, status)] = query(days_run, "select reason, status from source_files where reason is not null")
    assert reason.startswith("sidecar is not valid JSON") and status == "loaded"  # the article still loads
    headlines = {
        doc_id: text_metadata(text).headline for doc_id, text in query(days_run, "select doc_id, text from documents")
    }
    first_sentences = dict(
        query(
            days_run,
            "select doc_id, text from document_sentences join sentences using (sentence_id) where position = 0",
        )
    )
    assert sum(h is not None for h in headlines.values()) >= 3
    for doc_id, headline in headlines.items():  # a headline line is the document's first sentence, so it is tagged
        if headline is not None:
            assert first_sentences[doc_id] == headline


def test_stories_group_one_event_across_outlets_and_days_but_not_the_same_topic_elsewhere(days_run):
    stories = query(
        days_run, "select title, n_documents, n_sources, first_day, last_day from stories order by 2 desc, 1"
    )
    assert [row[1] for row in stories] == [4, 2, 2, 1, 1]
    assert stories[0][3:] == (date(2026, 11, 25), date(2026, 11, 26))  # the storm, reported over two days
    storm = query(
        days_run,
        """select count(*) from publications p join document_stories using (doc_id)
                               where story_id = (select story_id from document_stories join publications using (doc_id)
                                                 where source_path like '%lu-khanh-hoa.txt')""",
    )
    assert storm == [(1,)]  # the flood in Khánh Hòa shares a background sentence, not the event


def test_stories_and_v_stories_are_one_view_under_the_contracts_two_names(days_run):
    assert (
        columns(days_run, "stories")
        == columns(days_run, "v_stories")
        == [
            "story_id",
            "title",
            "first_published_at",
            "last_published_at",
            "first_day",
            "last_day",
            "n_documents",
            "n_sources",
            "n_publications",
            "sources",
            "thread_id",
            "n_thread_stories",
        ]
    )
    assert query(days_run, "select * from stories order by all") == query(
        days_run, "select * from v_stories order by all"
    )
    assert query(days_run, "select sources from stories order by n_documents desc, story_id limit 1") == [
        (["TTXVN", "Tuổi Trẻ", "VnExpress"],)
    ]


def test_a_date_without_a_year_is_resolved_against_its_publication(days_run):
    rows = query(
        days_run,
        """select distinct date_iso, date_resolved, date_resolution from v_entity_timeline
                              where date_surface = 'ngày 19/11'""",
    )
    assert rows == [("--11-19", date(2026, 11, 19), "day")]


def test_the_views_for_bi_answer_on_the_multi_day_sample(days_run):
    daily = query(
        days_run, "select day, sum(n_publications), sum(n_new_documents) from v_articles_daily group by 1 order by 1"
    )
    assert daily == [(date(2026, 11, 25), 3, 3), (date(2026, 11, 26), 3, 3), (date(2026, 11, 27), 4, 4)]
    lags = query(days_run, "select first_source, later_source, lag_hours from v_copy_lag order by 3 desc limit 1")
    assert lags and lags[0][2] > 0
    assert query(days_run, "select count(*) from v_trending_entities where score > 0")[0][0] > 0


@pytest.mark.slow
def test_stories_matched_night_by_night_equal_stories_matched_at_once(days_run, tmp_path):
    folder, data_dir = tmp_path / "input", tmp_path / "data"
    for night in ("2026-11-25", "2026-11-26", "2026-11-27"):
        day_of = dict(query(days_run, "select source_path, published_day::varchar from publications"))
        for path, day in day_of.items():
            if day == night:
                relative = path.split("sample_days/")[1]
                for source in (MULTI_DAY_SAMPLE / relative, (MULTI_DAY_SAMPLE / relative).with_suffix(".meta.json")):
                    if source.exists():
                        (folder / source.relative_to(MULTI_DAY_SAMPLE)).parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy(source, folder / source.relative_to(MULTI_DAY_SAMPLE))
        nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    sql = "select doc_id, story_id from document_stories order by 1"
    assert query(data_dir, sql) == query(days_run, sql)


RECAP = "Ông Hùng bị cáo buộc lừa hơn 200 người mua đất nền tại một dự án khu đô thị ven biển."
CHARGES = "Vụ án được chuyển sang giai đoạn truy tố, dự kiến xét xử trong quý tới."
CASE = {  # an arrest, the charges two days on (recapping it), the victims' protest two days later (recapping those)
    "arrest": (
        "2026-11-10",
        f"Ngày 10/11, cơ quan công an bắt giữ ông Nguyễn Văn Hùng. {RECAP} "
        "Số tiền chiếm đoạt lên tới 120 tỷ đồng. Nhiều nạn nhân đã gửi đơn tố cáo từ đầu năm.",
    ),
    "charges": (
        "2026-11-12",
        f"Ngày 12/11, viện kiểm sát phê chuẩn quyết định khởi tố ông Nguyễn Văn Hùng. {RECAP} "
        f"Số tiền chiếm đoạt lên tới 120 tỷ đồng. Nhiều nạn nhân đã gửi đơn tố cáo từ đầu năm. {CHARGES}",
    ),
    "protest": (
        "2026-11-14",
        f"Ngày 14/11, hàng trăm nạn nhân của ông Nguyễn Văn Hùng tập trung đòi lại tiền. "
        f"{CHARGES} Họ đề nghị cơ quan chức năng sớm thu hồi tài sản. {RECAP}",
    ),
}


@pytest.mark.slow
def test_a_later_follow_up_threads_two_earlier_stories_and_a_rebuild_keeps_the_thread(tmp_path):
    from click.testing import CliRunner

    from vnews.cli import main

    folder, data_dir = tmp_path / "input", tmp_path / "data"
    folder.mkdir()

    def write(name: str) -> None:
        day, text = CASE[name]
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published_at": day, "source": "VnExpress"}))

    write("arrest"), write("protest")  # four days apart: neither a story nor a thread
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    first = dict(query(data_dir, "select doc_id, thread_id from document_stories"))
    assert len(set(first.values())) == 2
    write("charges")  # follows the arrest, is followed by the protest: one thread of three stories
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    rows = query(data_dir, "select story_id, thread_id, n_thread_stories from stories order by all")
    thread = min(story for story, *_ in rows)  # the smallest story id of the three
    assert len(rows) == 3 and {(t, n) for _, t, n in rows} == {(thread, 3)}
    assert query(data_dir, "select old_thread, new_thread from thread_relabels order by all") == [
        (old, thread) for old in sorted(set(first.values()) - {thread})
    ]
    before = query(data_dir, "select * exclude (run_id) from document_stories order by all")
    (data_dir / "warehouse.duckdb").unlink()
    assert CliRunner().invoke(main, ["rebuild", "--data-dir", str(data_dir)]).exit_code == 0
    assert query(data_dir, "select * exclude (run_id) from document_stories order by all") == before


@pytest.mark.slow
def test_an_article_of_one_line_is_body_and_one_story_with_its_rewrite(tmp_path):
    folder, data_dir = tmp_path / "input", tmp_path / "data"
    folder.mkdir()
    texts = {  # two outlets, one line each, no final period: no headline, the line is what stories read
        "a": "Cháy lớn tại xưởng gỗ ở Đà Nẵng sáng 12/3 làm ba công nhân bị thương nặng",
        "b": "Cháy lớn tại xưởng gỗ ở Đà Nẵng sáng 12/3 làm ba công nhân bị thương",
    }
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps({"published_at": "2026-03-12", "source": name}))
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    assert query(data_dir, "select count(*), count(distinct story_id) from document_stories") == [(2, 1)]
