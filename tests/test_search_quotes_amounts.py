"""Quotations, amounts and full-text search: the rules, the annotated sets' floors, the flow's tables, the command."""

import shutil

import pytest
from click.testing import CliRunner

from flows.nightly_ingest import nightly_ingest
from tests.annotated import amount_scores, quotation_scores, read_amounts, read_quotations
from tests.conftest import MULTI_DAY_SAMPLE
from tests.warehouse_queries import query
from transforms.amounts import find_amounts, parse_number
from transforms.quotations import Person, find_quotations
from vnews.cli import main


def test_vietnamese_number_formats():
    assert [parse_number(t) for t in ("1.550", "1,2", "1.234.567,5", "15", "1.2.3,4,5", "12.34.5")] == [
        1550,
        1.2,
        1234567.5,
        15,
        None,
        None,
    ]
    found = find_amounts("Kim ngạch đạt 18,5 tỷ USD, tăng 9,2%; hàng trăm người dân và 1.550 đầu đạn trong 15 năm.")
    assert [(a.value, a.unit, a.kind, a.approximate) for a in found] == [
        (18.5e9, "USD", "money", False),
        (9.2, "%", "percent", False),
        (100, "người dân", "count", True),
        (1550, "đầu đạn", "count", False),
        (15, "năm", "duration", False),
    ]


def test_english_number_formats_of_market_reports():
    """Real market and sports reports write English numbers: read where the form says so, never an error."""
    assert [parse_number(t) for t in ("20,090.29", "1,234,567", "0.19", "12.34", "1,234", "0.190")] == [
        20090.29,
        1234567,
        0.19,
        12.34,
        1.234,
        0.19,
    ]  # '1,234' stays Vietnamese: 1.234
    assert [(a.surface, a.value, a.unit) for a in find_amounts("VN-Index đạt 20,090.29 điểm, tăng 0.19%.")] == [
        ("20,090.29 điểm", 20090.29, "điểm"),
        ("0.19%", 0.19, "%"),
    ]


def test_dates_times_scores_and_identifiers_are_not_amounts():
    assert (
        find_amounts("Ngày 22/1/2026, lúc 10 giờ 30, tuyển Việt Nam thắng Lào 3-0 ở sân số 2, lớp 12 nghỉ học.") == []
    )


def _found(text):
    return [(a.surface, a.value, a.unit, a.kind) for a in find_amounts(text)]


def test_dash_ranges_share_the_unit_and_scale_of_their_second_end():
    assert _found("Lãi suất cho vay phổ biến ở mức 1,5-2%/tháng.") == [
        ("1,5", 1.5, "%", "percent"),
        ("2%", 2, "%", "percent"),
    ]
    assert _found("Giá vàng miếng được niêm yết ở mức 41,20 - 41,45 triệu đồng/lượng.") == [
        ("41,20", 41.2e6, "đồng", "money"),
        ("41,45 triệu đồng", 41.45e6, "đồng", "money"),
    ]
    assert _found("Mỗi hộ được hỗ trợ 10-15 triệu đồng và từ 90 đến 140 nghìn đồng tiền điện.")[:3] == [
        ("10", 10e6, "đồng", "money"),
        ("15 triệu đồng", 15e6, "đồng", "money"),
        ("90", 90e3, "đồng", "money"),
    ]


def test_scores_dashed_dates_minutes_and_drawn_numbers_are_not_amounts():
    assert find_amounts("Đội khách thắng 2-1 sau khi bị dẫn 0-1, các set đấu kết thúc 6-2, 6-3.") == []
    assert find_amounts("Hôm 18-4 và ngày 21.3, tiền đạo Minh (45’) ghi bàn ở phút 45, bộ số 05 - 11 - 23 - 38.") == []
    assert find_amounts("Nghị định 12 áp dụng cho mùa giải 2018-2019.") == []


def test_signs_slashes_and_glued_units():
    assert _found("Chỉ số tăng 4,3 điểm (+0,5%), cổ phiếu A giảm -1.2%, lãi suất 6,5%/năm.") == [
        ("4,3 điểm", 4.3, "điểm", "count"),
        ("+0,5%", 0.5, "%", "percent"),
        ("-1.2%", -1.2, "%", "percent"),
        ("6,5%", 6.5, "%", "percent"),
    ]
    assert _found("Giá vàng lên 1.830,5 USD/ounce, tuyến ống dài 25km.") == [
        ("1.830,5 USD", 1830.5, "USD", "money"),
        ("25km", 25, "km", "count"),
    ]
    assert _found("Tập đoàn rót US$ 5 tỷ vào dự án.") == [("US$ 5 tỷ", 5e9, "USD", "money")]


def test_a_lone_comma_group_is_read_by_its_unit_and_its_sentence():
    assert _found("Khu nghỉ dưỡng có 1,200 căn hộ, mỗi đêm giá 1,250 USD.") == [
        ("1,200 căn hộ", 1200, "căn hộ", "count"),
        ("1,250 USD", 1250, "USD", "money"),
    ]
    assert _found("Cảnh sát thu giữ 12,345 gram heroin, trị giá 2,015 tỷ đồng.") == [
        ("12,345 gram", 12.345, "gram", "count"),
        ("2,015 tỷ đồng", pytest.approx(2.015e9), "đồng", "money"),
    ]
    assert _found("Cổ phiếu giảm 2.41%, còn 1,750 điểm.")[1][1] == 1750  # the sentence writes English numbers


def test_odd_numbers_do_not_crash():
    for text in ("1.2.3.4,5,6 người", "100.000.000.000.000.000 tỷ tỷ đồng", "%%% 5%% ,,, 3,,4", "." * 500):
        find_amounts(text)


def test_amounts_meet_their_floor_on_the_held_out_half():
    assert amount_scores(read_amounts("heldout"), find_amounts)["value_and_unit_recall"] >= 0.90


def test_a_quotation_with_its_speaker_cue_and_kind():
    text = (
        "Ông Nguyễn Hoàng Giang, Chủ tịch UBND tỉnh, cho biết: “Chúng tôi đã cấm tàu thuyền ra khơi.” "
        "Ông nói thêm rằng lực lượng đã sẵn sàng."
    )
    quotes = find_quotations(text, [Person(4, 22, "Nguyễn Hoàng Giang")])
    assert [(q.text, q.speaker, q.cue, q.is_direct) for q in quotes] == [
        ("Chúng tôi đã cấm tàu thuyền ra khơi.", "Nguyễn Hoàng Giang", "cho biết", True),
        ("lực lượng đã sẵn sàng", "Nguyễn Hoàng Giang", "nói", False),
    ]  # "Ông": the speaker before
    assert text[quotes[0].char_start : quotes[0].char_end] == quotes[0].text


def test_quoted_words_without_a_cue_and_unbalanced_marks_are_not_quotations():
    assert find_quotations("Các cuộc đàm phán sẽ mang “tính chất xây dựng” như kỳ vọng.") == []
    assert find_quotations("Ông A nói: “câu không đóng ngoặc. Và thêm nữa") == []


def test_quotations_meet_their_floor_on_the_held_out_half():
    from bench.eval_quotations import quotations_with_people

    scores = quotation_scores(read_quotations("heldout"), quotations_with_people)
    assert scores["f1"] >= 0.90 and scores["speaker_accuracy"] >= 0.85


def test_the_sample_has_the_ambassadors_quotation_and_the_treaty_amounts(sample_run):
    [(speaker, cue, is_direct, entity)] = query(
        sample_run,
        """
        select q.speaker_surface, q.cue, q.is_direct, e.name from quotations as q
        left join entities as e on e.entity_id = q.speaker_entity_id
        where q.text like 'Nga không hứng thú chạy đua vũ trang.%'""",
    )
    assert (speaker, cue, is_direct, entity) == ("Anatoly Antonov", "cho biết", True, "Anatoly Antonov")
    assert ("đầu đạn", "count", 1550.0) in query(sample_run, "select unit, kind, value from amounts")
    assert query(sample_run, "select count(*) from v_quotations_by_speaker where n_quotations > 0")[0][0] > 0


def test_a_quote_repeated_across_articles_is_one_quote_key_linked_to_its_sentences(days_run):
    rows = query(
        days_run,
        """select quote_key, count(*), count(distinct doc_id) from quotations
                              group by 1 having count(*) > 1""",
    )
    for _, n, docs in rows:
        assert n == docs
    assert (
        query(days_run, "select count(*) from quotation_sentences")[0][0]
        >= query(days_run, "select count(*) from quotations")[0][0]
    )


@pytest.fixture
def search(days_run):
    def run(*args):
        return CliRunner().invoke(main, ["search", *args, "--data-dir", str(days_run)])

    return run


def test_search_ranks_the_articles_of_a_story_and_ignores_tone_marks(search):
    accented, bare = search("bão số 15", "--format", "csv"), search("bao so 15", "--format", "csv")
    assert accented.exit_code == 0 and bare.exit_code == 0
    titles = [line for line in accented.output.splitlines()[1:]][:3]
    assert all("15" in line for line in titles) and "**" in accented.output
    assert accented.output.splitlines()[1].split(",")[2] == bare.output.splitlines()[1].split(",")[2]


def test_an_exact_accented_match_ranks_above_an_unaccented_one(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "a.txt").write_text("Giá vàng tăng mạnh trong phiên sáng nay.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Giá vang tăng manh trong phiên sáng nay.\n", encoding="utf-8")
    nightly_ingest(input_dir=str(folder), data_dir=str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["search", "vàng", "--format", "csv", "--data-dir", str(tmp_path / "data")])
    lines = result.output.splitlines()
    assert len(lines) == 3 and "**vàng**" in lines[1] and "**vang**" in lines[2]
    assert lines[0].endswith(",snippet,source_path,url")  # articles without metadata: which file each is
    assert lines[1].endswith(f",{folder / 'a.txt'},") and lines[2].endswith(f",{folder / 'b.txt'},")


def test_search_syntax_and_sql_characters_are_plain_text(search):
    for text in ("'; drop table documents; --", 'a AND b OR "x"', "bão* OR (số:15)", "%_\\"):
        result = search(text)
        assert result.exit_code in (0, 1) and (result.exit_code == 0 or "no words" in result.output)
    assert search("…").exit_code == 1 and "no words to search for" in search("…").output


@pytest.mark.slow
def test_the_index_is_refreshed_by_a_run_that_adds_documents(days_run, tmp_path):
    data_dir, folder = tmp_path / "data", tmp_path / "input"
    shutil.copytree(days_run, data_dir)
    shutil.copytree(MULTI_DAY_SAMPLE, folder)
    (folder / "moi.txt").write_text("Nhà máy điện gió Bạc Liêu được khánh thành hôm qua.\n", encoding="utf-8")
    nightly_ingest(input_dir=str(MULTI_DAY_SAMPLE), data_dir=str(data_dir))  # an unchanged night first
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    result = CliRunner().invoke(main, ["search", "dien gio Bac Lieu", "--data-dir", str(data_dir)])
    assert result.exit_code == 0 and "**Bạc** **Liêu**" in result.output.splitlines()[2]


def test_search_is_usable_from_sql(days_run):
    result = CliRunner().invoke(
        main, ["sql", "select count(*) as n from search_articles('Quảng Ngãi')", "--data-dir", str(days_run)]
    )
    assert result.exit_code == 0 and int(result.output.splitlines()[2]) >= 3
    columns = (
        CliRunner()
        .invoke(
            main,
            [
                "sql",
                "select * from search_articles('Quảng Ngãi') limit 0",
                "--data-dir",
                str(days_run),
                "--format",
                "csv",
            ],
        )
        .output
    )
    assert columns == "doc_id,score,words_matched,text,source_path,url\n"


def test_quotation_marks_around_nothing_are_no_quotation():
    """Scraped text closes one quotation and opens the next with a space between ('…." "…'): the marks around the
    space are not an (empty) quotation, which would stop a night at the gate (char_end > char_start)."""
    paragraph = 'Ông Minh cho biết NATO sẽ không mở rộng." "Vì vậy, tôi không đề xuất giảm thuế nữa.'
    assert all(q.char_end > q.char_start and q.text.strip() for q in find_quotations(paragraph))
