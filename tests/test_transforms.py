"""Small given/expect tests of the pure transforms."""

import unicodedata

import pytest

from transforms.align import align_tokens
from transforms.dates import find_dates
from transforms.dedup import deduplicate, sentence_occurrences
from transforms.ids import stable_id
from transforms.ingest import Document, document_id
from transforms.normalize import clean_document_text, new_style_tone_marks, old_style_tone_marks, sentence_key
from transforms.sentences import line_kind, split_sentences


def test_stable_id_is_a_fixed_function_of_content():
    assert stable_id("sentence", "Hà Nội") != stable_id("sentence", "Hà  Nội")
    assert stable_id("a", "b") == "0473ef2dc0d324ab"  # pinned: ids must not change across releases


@pytest.mark.parametrize("space", ["\t", "\n", "\r\n", "\u00a0", "\u2009", "\u2028", "\u3000", "  ", " \t "])
def test_sentence_key_folds_every_kind_of_whitespace(space):
    assert sentence_key(f"Nga{space}và Mỹ") == "Nga và Mỹ"


def test_sentence_key_folds_only_typography():
    assert sentence_key("  “Nga  không hứng thú”. ") == sentence_key('"Nga không hứng thú"')
    assert sentence_key("Nga – Mỹ…") == "Nga - Mỹ"
    assert sentence_key("Bộ Ngoại giao") != sentence_key("Bộ Ngoai giao")  # diacritics carry meaning
    assert sentence_key("ngày 22/6") != sentence_key("ngày 23/6")


@pytest.mark.parametrize(
    "old, new",
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Uỷ ban", "Ủy ban"),
        ("Thuỵ Sĩ", "Thụy Sĩ"),
        ("khoẻ", "khỏe"),
        ("Hoàn Kiếm", "Hoàn Kiếm"),
        ("Quý", "Quý"),
    ],
)
def test_tone_marks_move_between_old_and_new_style(old, new):
    assert new_style_tone_marks(old) == new and old_style_tone_marks(new) == old


def test_clean_document_text_normalizes_lines_and_spaces():
    raw = unicodedata.normalize("NFD", "Việt\u00a0 Nam\r\nHà\u200b Nội\rxong")
    assert clean_document_text(raw) == "Việt Nam\nHà Nội\nxong"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Tổng thống Biden nói: "Chúng tôi đề xuất." Nga phản đối.',
            ['Tổng thống Biden nói: "Chúng tôi đề xuất."', "Nga phản đối."],
        ),
        ('Ông nói: "Không!" Rồi đi.', ['Ông nói: "Không!"', "Rồi đi."]),
        ("Ông H.T.P cho biết LHQ. sẽ họp.", ["Ông H.T.P cho biết LHQ. sẽ họp."]),
        ("Tp. Hồ Chí Minh có 1.550 đầu đạn, tăng 2.5 lần.", ["Tp. Hồ Chí Minh có 1.550 đầu đạn, tăng 2.5 lần."]),
        ("Ký ngày 31/7/ 1991. Hết hạn năm 2006.", ["Ký ngày 31/7/ 1991.", "Hết hạn năm 2006."]),
    ],
)
def test_split_sentences_keeps_quotes_and_abbreviations(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.char_start : s.char_end] == s.text for s in sentences)


@pytest.mark.parametrize(
    "line, kind",
    [
        ("usrussia1.jpg", "image"),
        ("Nga - Mỹ sẽ bàn thảo về các vướng mắc (Ảnh: Fotolia/ viperagp)", "caption"),
        ("Theo TTXVN", "byline"),
        ("Nga và Mỹ đàm phán tại Geneva.", "prose"),
    ],
)
def test_line_kind(line, kind):
    assert line_kind(line) == kind


def test_a_scraped_paragraph_that_ends_on_a_photo_credit_is_prose_and_each_credit_closes_its_sentence():
    paragraph = (
        "Đội chủ nhà thắng 2-1 trong trận giao hữu trên sân tập chiều nay. (Ảnh: Minh An/TTXVN) Tiền đạo số 10 "
        "có một ngày thi đấu thất vọng trước lứa đàn em tỏa sáng rực rỡ ở hai cánh. Anh ra sân với băng đội "
        "trưởng nhưng không thể hiện được gì. (Ảnh: Bình) Sang hiệp hai, đội khách gỡ hòa sau một tình huống "
        "phạt góc và đội nhà phải thay người. (Ảnh: Hoà/TTXVN)"
    )
    assert len(paragraph) > 300 and line_kind(paragraph) == "prose"
    assert [s.text for s in split_sentences(paragraph)] == [
        "Đội chủ nhà thắng 2-1 trong trận giao hữu trên sân tập chiều nay. (Ảnh: Minh An/TTXVN)",
        "Tiền đạo số 10 có một ngày thi đấu thất vọng trước lứa đàn em tỏa sáng rực rỡ ở hai cánh.",
        "Anh ra sân với băng đội trưởng nhưng không thể hiện được gì. (Ảnh: Bình)",
        "Sang hiệp hai, đội khách gỡ hòa sau một tình huống phạt góc và đội nhà phải thay người. (Ảnh: Hoà/TTXVN)",
    ]


def test_split_sentences_offsets_index_the_whole_document():
    text = "Dòng một. Câu hai.\nanh.jpg\n\nDòng ba có “trích dẫn”."
    sentences = split_sentences(text)
    assert [(s.char_start, s.char_end) for s in sentences] == [(0, 9), (10, 18), (28, 51)]
    assert all(text[s.char_start : s.char_end] == s.text for s in sentences)


def test_align_tokens_survives_rewritten_characters():
    text = unicodedata.normalize("NFD", "Hoà bình ở Thuỵ Sĩ, “xin chào”")
    tokens = ["Hòa", "bình", "ở", "Thụy Sĩ", ",", '"', "xin", "chào", "”"]
    spans = align_tokens(text, tokens)
    assert [unicodedata.normalize("NFC", text[a:b]) for a, b in spans] == [
        "Hoà",
        "bình",
        "ở",
        "Thuỵ Sĩ",
        ",",
        "“",
        "xin",
        "chào",
        "”",
    ]


def test_align_tokens_marks_unknown_tokens():
    assert align_tokens("Hà Nội", ["Hà", "XYZ", "Nội"]) == [(0, 2), None, (3, 6)]


@pytest.mark.parametrize(
    "text, surface, iso",
    [
        ("ký vào ngày 31/7/ 1991 với", "ngày 31/7/ 1991", "1991-07-31"),
        ("từ ngày 5/2/2026.", "ngày 5/2/2026", "2026-02-05"),
        ("Đến tháng 2/2026, hai", "tháng 2/2026", "2026-02"),
        ("Ngày 9/8, Bộ", "Ngày 9/8", "--08-09"),
        ("vào năm 2022.", "năm 2022", "2022"),
        ("ngày 5 tháng 2 năm 2026", "ngày 5 tháng 2 năm 2026", "2026-02-05"),
        ("Tối 12/3, tại", "12/3", "--03-12"),
        ("vụ việc hôm 8-4 gây", "8-4", "--04-08"),
        ("Tối qua 2.9, lễ hội", "2.9", "--09-02"),
        ("sinh nhật của cô (24/10) tại", "24/10", "--10-24"),
        ("áp dụng từ 1/7 tới", "1/7", "--07-01"),
        ("lễ khánh thành (3.2.1999) đã", "3.2.1999", "1999-02-03"),
        ("Ngày 3-2-1999, ông", "Ngày 3-2-1999", "1999-02-03"),
        ("hợp đồng giao tháng Chín tăng", "tháng Chín", "--09"),
    ],
)
def test_find_dates(text, surface, iso):
    [date] = find_dates(text)
    assert (text[date.char_start : date.char_end], date.iso) == (surface, iso)


@pytest.mark.parametrize(
    "text",
    [
        "có 1.550 đầu đạn",
        "tỷ lệ 2/3 số",
        "bản 3.5.1",
        "ngày 45/13",
        "thắng (3/5 trận)",
        "tỷ số 3-0 hôm",
        "giá 1.550.2017 đồng",
    ],
)
def test_find_dates_ignores_numbers_that_are_not_dates(text):
    assert find_dates(text) == []


def _doc(text: str) -> Document:
    return Document(document_id(text), "x.txt", "sha", "utf-8", text)


def test_deduplicate_keeps_first_occurrence_and_records_all():
    a, b = _doc("Câu chung. Câu A."), _doc("Câu riêng của bài hai. “Câu chung”.")
    table, new = deduplicate(sentence_occurrences(a) + sentence_occurrences(b), known_sentence_ids=set())
    rows = table.to_pylist()
    assert [s["text"] for s in new] == ["Câu chung.", "Câu A.", "Câu riêng của bài hai."]
    assert [(r["doc_id"], r["position"], r["is_first_occurrence"]) for r in rows] == [
        (a.doc_id, 0, True),
        (a.doc_id, 1, True),
        (b.doc_id, 0, True),
        (b.doc_id, 1, False),
    ]
    assert rows[0]["sentence_id"] == rows[3]["sentence_id"]


def test_deduplicate_skips_sentences_the_warehouse_has():
    doc = _doc("Câu cũ. Câu mới.")
    occurrences = sentence_occurrences(doc)
    table, new = deduplicate(occurrences, known_sentence_ids={occurrences[0].sentence_id})
    rows = table.to_pylist()
    assert [s["text"] for s in new] == ["Câu mới."]
    assert [r["is_first_occurrence"] for r in rows] == [False, True]


def test_paused_gc_restores_the_collector_as_it_was():
    import gc

    from transforms.gc_pause import paused_gc

    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
