"""A period the scraper lost between sentences (issue 30): the splitter puts the boundary back, and no entity
mention takes the next sentence's first word. The sentences are invented."""

import pytest

from transforms.entities import EntityTagger
from transforms.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mẫu xe mới rộng hơn so với đời trước Về nội thất, hãng thay ghế da.",
            ["Mẫu xe mới rộng hơn so với đời trước", "Về nội thất, hãng thay ghế da."],
        ),
        (
            "Cuộc gặp diễn ra tại nhà ông Kevin Brown Theo đó hai bên ký biên bản.",
            ["Cuộc gặp diễn ra tại nhà ông Kevin Brown", "Theo đó hai bên ký biên bản."],
        ),
        (
            "Ảnh: Minh Khoa Đây là lần thứ ba nhà máy bị phạt trong năm 2020.",
            ["Ảnh: Minh Khoa", "Đây là lần thứ ba nhà máy bị phạt trong năm 2020."],
        ),
        (
            "Đội bóng thua trận cuối trên sân nhà 2-1 Nhưng huấn luyện viên vẫn hài lòng.",
            ["Đội bóng thua trận cuối trên sân nhà 2-1", "Nhưng huấn luyện viên vẫn hài lòng."],
        ),
    ],
)
def test_a_lost_period_before_a_sentence_start_word_is_a_boundary(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chị Lan sinh ra ở Tuy Hòa và lớn lên ở Vị Thanh.",
        "Nhiều người Do thái sống ở khu phố này từ lâu.",
        "Đội Điều tra tổng hợp và Ban Chỉ đạo huyện họp vào thứ Hai.",
        "Căn hộ nằm ở quận Nam Từ Liêm, gần phố Hai Bà Trưng cũ.",
        "Theo ông Hùng, trong năm nay sau khi sửa đường thì việc đi lại dễ hơn.",
        "Quy định nằm ở Khoản 7 Điều 30 của nghị định.",
    ],
)
def test_names_and_ordinary_sentences_are_not_split(text):
    assert [s.text for s in split_sentences(text)] == [text]


@pytest.fixture(scope="module")
def tagger():
    return EntityTagger()


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Phái đoàn gặp Tổng thống Donald Trump Theo đó hai bên ký thỏa thuận.", "Donald Trump"),
        ("Hôm qua anh Trần Văn Bình Nhưng sau đó anh rời đi.", "Trần Văn Bình"),
    ],
)
def test_a_name_does_not_take_the_next_sentences_first_word(tagger, sentence, name):
    surfaces = [m.surface for m in tagger.tag(sentence)]
    assert name in surfaces
    assert not any(s.split()[-1] in ("Theo", "Nhưng") for s in surfaces)


def test_a_place_that_begins_with_a_sentence_start_word_keeps_it(tagger):
    assert "Tuy Hòa" in [m.surface for m in tagger.tag("Anh ấy sinh ra ở Tuy Hòa và lớn lên ở Phú Yên.")]
