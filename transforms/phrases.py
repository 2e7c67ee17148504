"""Names built around a head word, on underthesea's word segmentation: places, facilities, bodies, people.

The CRF chain segments a sentence into words with parts of speech ("Trung tâm" "Y tế" "huyện"
"Lý Nhân" "đã" ...). A head word opens a name that runs over the words after it while they are
capitalized, numbers, or lowercase nouns, and ends at its last capitalized word or number:

- administrative units and addresses (tỉnh, quận, phường, xã, thôn, đường, số 1A …) are LOC,
  prefix included ("quận Bắc Từ Liêm", "đường Nguyễn Khắc Nhu");
- places people go (sân bay, chợ, khách sạn, chùa …) are LOC;
- institutions (bệnh viện, trường, trung tâm, khoa …) are LOC where the sentence puts someone
  or something in them ("tại/đến/vào Bệnh viện Bạch Mai"), ORG where they act;
- bodies (Bộ, Sở, Cục, UBND, Ban, Công ty, Hãng …) are ORG.

A person is a segmented proper noun that begins with a Vietnamese surname ("Lê Văn Tùng"), or a
proper noun or initials after a person cue ("chị Nhung", "bệnh nhân N.T.H."). The conventions are
written down in data/eval/CONVENTIONS.md.
"""

import re
from dataclasses import dataclass
from functools import cache

from transforms.gazetteer import admin_unit_names, known_places, listed_organizations, ministries, not_names
from transforms.names import Span

# Heads, by what the name they open is. Lowercase; matched on the lowercased segmented word.
ADMIN_UNITS = {
    "tỉnh",
    "thành phố",
    "tp.",
    "tp",
    "quận",
    "huyện",
    "thị xã",
    "thị trấn",
    "phường",
    "xã",
    "đặc khu",
    "thôn",
    "ấp",
    "bản",
    "xóm",
    "làng",
    "khu phố",
    "tổ dân phố",
    "khu dân cư",
}
STREETS = {
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "đại lộ",
    "xa lộ",
    "quốc lộ",
    "tỉnh lộ",
    "ql",
    "cao tốc",
    "đường cao tốc",
    "số",
}
PLACES = {
    "sân bay",
    "cảng hàng không",
    "cảng",
    "ga",
    "bến xe",
    "bến tàu",
    "chợ",
    "siêu thị",
    "trung tâm thương mại",
    "khách sạn",
    "nhà hàng",
    "quán",
    "tiệm",
    "chùa",
    "nhà thờ",
    "đền",
    "công viên",
    "sân vận động",
    "svđ",
    "khu công nghiệp",
    "kcn",
    "khu chế xuất",
    "chung cư",
    "tòa nhà",
    "toà nhà",
    "cửa khẩu",
    "bãi biển",
    "đảo",
    "vịnh",
    "sông",
    "hồ",
    "núi",
    "đèo",
    "bãi cạn",
    "quần đảo",
    "cầu",
    "sân",
    "hoàng thành",
    "phố cổ",
    "khu công nghệ cao",
    "khu kinh tế",
    "nhà văn hóa",
    "nhà văn hoá",
    "làng",
    "khu du lịch",
    "khu cách ly",
    "nhà máy",
    "quảng trường",
    "bán đảo",
    "miếu",
    "đình",
    "hầm",
    "nút giao",
    "nút giao thông",
}
INSTITUTIONS = {
    "bệnh viện",
    "bv",
    "bvđk",
    "phòng khám",
    "trạm y tế",
    "trạm",
    "khoa",
    "trường",
    "trường đại học",
    "đại học",
    "học viện",
    "trung tâm",
    "bảo tàng",
    "nhà hát",
    "thư viện",
}
BODIES = {
    "bộ",
    "sở",
    "cục",
    "tổng cục",
    "chi cục",
    "ủy ban",
    "uỷ ban",
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "hội đồng",
    "hội đồng nhân dân",
    "hđnd",
    "đại sứ quán",
    "tổng lãnh sự quán",
    "lãnh sự quán",
    "tòa án nhân dân",
    "toà án nhân dân",
    "viện kiểm sát nhân dân",
    "ban",
    "công ty",
    "tổng công ty",
    "tập đoàn",
    "hãng",
    "ngân hàng",
    "viện",
    "tòa án",
    "toà án",
    "viện kiểm sát",
    "công an",
    "đảng",
    "hội",
    "hiệp hội",
    "liên đoàn",
    "quỹ",
    "clb",
    "câu lạc bộ",
    "thành ủy",
    "thành uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "huyện ủy",
    "quân khu",
    "bộ tư lệnh",
    "bộ chỉ huy",
    "văn phòng",
    "tổ chức",
    "cơ quan",
    "hãng tin",
    "đài",
    "báo",
    "tờ",
    "kênh",
    "tạp chí",
    "vụ",
    "phòng",
    "phong trào",
    "diễn đàn",
    "nghị viện",
    "liên minh",
}
# Generic words, lowercase, before the name of a news outlet, a carrier, an agency or a party: left outside its span,
# and the name must follow at once ("đảng | Cộng hòa", not "đảng cực hữu | Marine Le Pen").
GENERIC_HEADS = {"hãng tin", "hãng", "báo", "tờ", "đài", "kênh", "tạp chí", "cơ quan", "đảng"}
_OUTLET_WORDS = {"báo", "tờ", "hãng tin"}  # generic even capitalized ("Báo Dân trí" is the outlet Dân trí)
# Heads that, lowercase, are mostly verbs or common nouns ("tổ chức Lễ kỷ niệm", "vụ án", "phòng họp", "liên minh
# đảng …"): a name only when capitalized.
VERB_HEADS = {"tổ chức", "vụ", "phòng", "phong trào", "diễn đàn", "liên minh"}
# Bodies whose name is often all in sentence case after the head ("Quỹ bảo hiểm y tế", "Phong trào dân chủ"): the
# capitalized head, not first in its sentence, makes the lowercase nouns after it a name (conventions rule 5).
SENTENCE_CASE_HEADS = {
    "quỹ",
    "phong trào",
    "vụ",
    "phòng",
    "ủy ban",
    "uỷ ban",
    "hội đồng",
    "viện",
    "cục",
    "tổng cục",
    "hiệp hội",
    "liên minh",
}
_SENTENCE_ENDS = {".", "!", "?", ":", '"', "“", "”", "(", "-", "–", "…"}
# Words before a facility that place something in it.
LOCATIVES = {
    "tại",
    "ở",
    "đến",
    "tới",
    "vào",
    "từ",
    "về",
    "ra",
    "trong",
    "khỏi",
    "qua",
    "sang",
    "đi",
    "trú",
    "quanh",
    "gần",
    "cạnh",
    "trước",
}
# Words before a person's name: kinship and address terms, roles.
PERSON_CUES = {
    "ông",
    "bà",
    "anh",
    "chị",
    "em",
    "cô",
    "chú",
    "bác",
    "cụ",
    "cháu",
    "bé",
    "dì",
    "thím",
    "mợ",
    "cậu",
    "bệnh nhân",
    "bn",
    "ca sĩ",
    "nhạc sĩ",
    "diễn viên",
    "nghệ sĩ",
    "cầu thủ",
    "tiền đạo",
    "tiền vệ",
    "hậu vệ",
    "thủ môn",
    "hlv",
    "huấn luyện viên",
    "vận động viên",
    "vđv",
    "bác sĩ",
    "bs",
    "y tá",
    "điều dưỡng",
    "luật sư",
    "kỹ sư",
    "nhà báo",
    "phóng viên",
    "giáo viên",
    "thầy",
    "học sinh",
    "sinh viên",
    "bị cáo",
    "bị can",
    "nghi phạm",
    "đối tượng",
    "nữ sinh",
    "nam sinh",
    "tỷ phú",
    "doanh nhân",
    "thượng tá",
    "đại tá",
    "trung tá",
    "thiếu tá",
    "đại úy",
    "đại uý",
    "thượng úy",
    "thượng uý",
    "trung úy",
    "trung uý",
    "thiếu úy",
    "thiếu uý",
    "nsnd",
    "nsưt",
    "gs",
    "pgs",
    "ts",
    "ths",
    "mc",
    "bạn",
    "vợ",
    "chồng",
    "con",
    "nhạc sỹ",
    "ca sỹ",
    "nghệ sỹ",
    "bác sỹ",
    "diva",
    "pgs.ts",
    "gs.ts",
    "ts.bs",
    "ths.bs",
    "pgs.ts.bs",
    "gs.tskh",
    "bs.ckii",
    "bs.cki",
}
# Vietnamese family names (general knowledge): a proper noun of two or more syllables beginning
# with one of these is a person's full name.
SURNAMES = set(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh Trương
Lâm Mai Cao Tạ Lưu Tô Chu Quách Lương Lục Vương Kiều Châu Phùng Tăng Mạc Đàm Triệu Hứa Khúc Nghiêm Tôn Thân
Lại Doãn Âu Ông Văn Hà Thái Giang Kim La Diệp Khổng Khương Lã Lò Lộc Mẫn Nông Quan Tống Từ Ung Viên Hầu
Đồng Đào Phí Phó Bạch Cù Lư Ninh Trình Thạch Ma Hoàng Bế Sầm Tiêu Ân Cấn Chế Quang""".split()
)
# Words that end a name: time words, linking words.
STOP_WORDS = {
    "ngày",
    "tháng",
    "năm",
    "sáng",
    "trưa",
    "chiều",
    "tối",
    "đêm",
    "hôm",
    "lúc",
    "tuần",
    "giờ",
    "là",
    "và",
    "của",
    "với",
    "cho",
    "để",
    "này",
    "đó",
    "khi",
    "nhưng",
    "thì",
    "mà",
    "các",
    "những",
    "một",
    "hai",
    "ba",
    "hiện",  # "currently", which the tagger reads as a noun ("Bệnh viện … Trung ương | hiện điều trị …")
}
_INITIAL = re.compile(r"[A-ZĐ]\.?")
_ABBREVIATION = re.compile(r"[BCDĐGHKLMNPQRSTVX][bcdđghklmnpqrstvx]*")  # "V", "Th", "Ng": no vowel
_DOTTED_INITIALS = re.compile(r"[A-ZĐ]\.(?:[A-ZĐ][a-z]?\.)+(?:[A-ZĐ]\b)?|[A-ZĐ](?:\.[A-ZĐ])+\.?")
_NUMBER = re.compile(r"\d[\w/.-]*")
_HOUSE_NUMBER = re.compile(r"\d+[A-Z]?(?:/\d+[A-Z]?)*")
_MAX_WORDS = 10
_HEAD_KINDS = {
    head: kind
    for kind, heads in reversed(
        (
            ("admin", ADMIN_UNITS),
            ("street", STREETS),
            ("place", PLACES),
            ("institution", INSTITUTIONS),
            ("body", BODIES),
        )
    )
    for head in heads
}
_HEAD_FIRST_WORDS = {head.split(" ", 1)[0] for head in _HEAD_KINDS}


@dataclass(frozen=True)
class Token:
    text: str
    pos: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_named(self) -> bool:
        """Capitalized, or a number (as in "phường 5", "Bệnh viện 108")."""
        return self.text[:1].isupper() or bool(_NUMBER.fullmatch(self.text))


def tokens(text: str, tagged: list[tuple[str, ...]], spans: list[tuple[int, int] | None]) -> list[Token]:
    """underthesea's words with their part of speech, at their `spans` in `text` (from `align_tokens`; words it
    rewrote beyond recognition dropped), each split where capitalization changes (see `_split_by_case`)."""
    return [
        name
        for word, span in zip(tagged, spans)
        if span
        for piece in _split_by_case(Token(text[span[0] : span[1]], word[1], *span))
        for part in _split_title_from_head(piece)
        for name in _split_place_from_person(part)
    ]


def _split_title_from_head(word: Token) -> list[Token]:
    """The segmenter glues a role to the body it heads ("Trưởng Khoa", "Phó Trưởng ban"): cut before the head word;
    and the word "số" of an address to the word before it ("địa chỉ số")."""
    lower = word.lower
    if lower.endswith(" số") and word.pos == "N":  # "địa chỉ số" "5E" "đường …": the house number's word
        cut = word.end - 2
        return [Token(word.text[:-3], "N", word.start, cut - 1), Token(word.text[-2:], "N", cut, word.end)]
    for role in ("phó trưởng ", "trưởng ", "phó "):
        if lower.startswith(role) and lower[len(role) :] in _HEAD_KINDS:
            cut = word.start + len(role)
            return [
                Token(word.text[: len(role) - 1], "N", word.start, cut - 1),
                Token(word.text[len(role) :], "N", cut, word.end),
            ]
    return [word]


def _split_place_from_person(word: Token) -> list[Token]:
    """The segmenter may glue a place to the person named after it ("Sở Y tế Lâm Đồng Lương Minh Tuấn"): a proper
    noun that begins with a listed place of two or three syllables and goes on with a full name is cut in two."""
    if word.pos != "Np" or word.text.count(" ") < 3:  # cheap first: most words are no long proper noun
        return [word]
    syllables = [(m.start(), m.end()) for m in re.finditer(r"\S+", word.text)]
    for n in (3, 2) if len(syllables) >= 4 else ():
        place, rest = word.text[: syllables[n - 1][1]], word.text[syllables[n][0] :]
        if (
            (place in known_places() or place in admin_unit_names())
            and len(syllables) - n >= 2
            and rest.split()[0] in SURNAMES
        ):
            return [
                Token(place, "Np", word.start, word.start + len(place)),
                Token(rest, "Np", word.start + syllables[n][0], word.end),
            ]
    return [word]


def _split_by_case(word: Token) -> list[Token]:
    """The segmenter glues a name to the words around it ("Nguyễn Khánh Linh đoạt", "Cầu thủ Quang Hải",
    "Thầy Văn Như"): cut it into runs of capitalized and of lowercase syllables, the capitalized runs proper
    nouns. A capitalized first syllable stays with the lowercase ones after it ("Cầu thủ"), unless it is
    a person cue ("Thầy")."""
    if len(word.text.split(maxsplit=1)) < 2:  # cheap first: most words are one syllable
        return [word]
    syllables = [(m.start(), m.end()) for m in re.finditer(r"\S+", word.text)]
    upper = [word.text[a].isupper() for a, _ in syllables]
    cuts = [
        i for i in range(1, len(syllables)) if upper[i] != upper[i - 1] and not (i == 1 and upper[0] and not upper[1])
    ]
    first = word.text[: syllables[0][1]]
    if upper[0] and (
        upper[1]
        and first.lower() in PERSON_CUES
        or not upper[1]
        and (_is_initials(first) or word.pos.startswith("V") and first in known_places())
    ):
        cuts = [1, *cuts]  # "Thầy | Văn Như", "N.M. | động viên", "Mỹ | cáo buộc" (a verb glued to a country)
    if not cuts:
        return [word]
    pieces = []
    for a, b in zip([0, *cuts], [*cuts, len(syllables)]):
        start, end = syllables[a][0], syllables[b - 1][1]
        piece = word.text[start:end]
        if piece.lower() in PERSON_CUES:
            pos = "Nc"
        elif all(upper[a:b]) or a == 0 and _is_initials(piece):
            pos = "Np"
        else:
            pos = word.pos
        pieces.append(Token(piece, pos, word.start + start, word.start + end))
    return pieces


# Words that point back ("nước này", "cơ quan đó"): the lowercase noun before one is no part of a name.
_DEMONSTRATIVES = {"này", "đó", "kia", "ấy", "nọ"}


def _name_after(words: list[Token], i: int, kind: str, taken: set[int], sentence_case: bool = False) -> int | None:
    """Index of the last word of the name starting at words[i]; None if no capitalized word or number comes.

    Administrative units and addresses take capitalized words and numbers only ("quận Bắc Từ Liêm",
    "phường 5"); other names also take lowercase nouns, as Vietnamese names are written in sentence
    case ("Trung tâm Kiểm soát bệnh tật Bình Thuận"); institutions and bodies may end on one
    ("Viện Vệ sinh dịch tễ trung ương"). With `sentence_case` (a capitalized body head inside a sentence) the
    lowercase nouns right after the head are the name ("Quỹ bảo hiểm y tế"). A listed organization after lowercase
    words only is the body's owner, part of its name ("Ủy ban di sản UNESCO"). A school's number after its name is
    part of it ("Trường THPT Diễn Châu 3."). A name stops before a time word, a person word or a person's full name
    ("UBND tỉnh Quảng Nam | Lê Văn Dũng").
    """
    last, complete, lowercase_end, last_named = None, False, None, None
    for j in range(i, min(len(words), i + _MAX_WORDS)):
        word = words[j]
        if (
            kind in ("institution", "body")
            and last_named is not None
            and last != last_named
            and (_NUMBER.fullmatch(word.text) or word.lower in _DEMONSTRATIVES)
        ):
            return last_named  # "Ngân hàng Vietcombank | khoảng 500 m", "Tòa án Tối cao | nước này"
        if (
            word.lower == "và"
            and kind in ("institution", "body")
            and last is not None
            and not complete
            and j + 1 < len(words)
            and words[j + 1].text[:1].isupper()
            and _head_at(words, j + 1) is None
            and words[j + 1].text not in known_places()
            and not _is_full_name(words[j + 1])
        ):
            continue  # "Tổng công ty Đầu tư và Kinh doanh vốn nhà nước"
        if word.start in taken or not any(c.isalnum() for c in word.text) or word.lower in STOP_WORDS:
            break
        named_after = kind == "street" or kind == "institution" and all(w.text.isupper() for w in words[i:j])
        if j > i and word.text in listed_organizations() and last is None and kind == "body":
            return j  # "Ủy ban di sản UNESCO"
        if j > i and (not named_after and _is_full_name(word) or word.text in listed_organizations()):
            break  # streets and schools are named after people; "Hội đồng Bảo an | LHQ" are two bodies
        if (
            complete
            and kind == "institution"
            and last == j - 1
            and re.fullmatch(r"\d{1,2}", word.text)
            and (j + 1 == len(words) or not words[j + 1].text[:1].isalnum())
        ):
            return j  # "Trường THPT Thanh Chương 1."
        if complete and not (word.text[:1].isupper() or word.lower in ADMIN_UNITS):
            break  # "Bộ Y tế | ghi nhận 24 ca", "Trung tâm Kiểm soát bệnh tật Hà Nội | âm tính"
        if word.is_named:
            last = last_named = j
        elif (
            kind == "street"
            and last == j - 1
            and _NUMBER.fullmatch(words[last].text)
            and (_head_at(words, j) or ("",))[0] == "street"
            and word.lower != "số"
        ):
            continue  # "số 5E | đường Nguyễn Siêu"
        elif kind in ("admin", "street") or word.pos not in ("N", "Nc", "Nu", "A") or word.lower in PERSON_CUES:
            break
        elif kind in ("institution", "body") and last is not None:
            last = j
        elif sentence_case and j == (i if lowercase_end is None else lowercase_end + 1):
            lowercase_end = j  # "Quỹ | bảo hiểm y tế"
        complete = complete or _ends_a_name(words, i, j)
    if (
        last is None
        and lowercase_end is not None
        and sum(len(w.text.split()) for w in words[i : lowercase_end + 1]) >= 2
    ):
        return lowercase_end
    if last is not None and last > i and words[last].lower in ADMIN_UNITS:
        return last - 1  # "Sở Y tế | tỉnh": an administrative unit with no name after it ends no name
    return last


# Verbs that follow a body's name as its predicate ("Trung tâm Y tế | thông báo …"): never inside a sentence-case name.
_PREDICATE_VERBS = {"thông báo", "báo cáo", "công bố", "yêu cầu", "đề nghị", "gửi", "tiếp nhận", "xác nhận", "cho biết"}
_MAX_SENTENCE_CASE_WORDS = 6
_SCOPES = {"trung ương", "quốc gia"}  # a body's scope ends its name ("Viện Vệ sinh dịch tễ trung ương")


def _is_place(text: str) -> bool:
    return text in known_places() or text in admin_unit_names()


def _in_sentence_case(word: Token) -> bool:
    """A lowercase noun, verb or adjective that can be inside a sentence-case name ("kiểm soát bệnh tật")."""
    return (
        word.text.replace(" ", "").isalpha()
        and word.text.islower()
        and word.pos in ("N", "V", "A")
        and not {word.lower} & (STOP_WORDS | PERSON_CUES | LOCATIVES | _PREDICATE_VERBS)
    )


def _admin_unit_at(words: list[Token], j: int, taken: set[int]) -> int | None:
    """Index of the last word of an administrative unit and its name starting at words[j] ("quận Bắc Từ Liêm")."""
    if words[j].lower in ADMIN_UNITS and j + 1 < len(words) and words[j + 1].is_named:
        return _name_after(words, j + 1, "admin", taken)
    return None


def _closed_by_place(words: list[Token], i: int, taken: set[int]) -> int | None:
    """Index of the last word of a sentence-case name that runs from words[i], right after its head, through lowercase
    words to a place ("Trung tâm | kiểm soát bệnh tật Hà Nội", "Chi cục | kiểm lâm tỉnh Quảng Nam", "UBND | quận Bắc
    Từ Liêm"); None if no place ends it within a few words (conventions rule 5: names run to their end, sentence case
    included). A listed place right after the head is the name itself, left to `_name_after`."""
    for j in range(i, min(len(words), i + _MAX_SENTENCE_CASE_WORDS)):
        if words[j].start in taken:
            return None
        if j > i and _is_place(words[j].text):
            return j
        admin_end = _admin_unit_at(words, j, taken)
        if admin_end is not None:
            return admin_end
        if not _in_sentence_case(words[j]):
            return None
    return None


def _closed_by_scope(words: list[Token], i: int, taken: set[int]) -> int | None:
    """Index of "trung ương" or "quốc gia" ending a sentence-case name that runs from words[i] through lowercase
    content words ("Viện Vệ sinh | dịch tễ trung ương"); None if none ends it within a few words."""
    for j in range(i, min(len(words), i + _MAX_SENTENCE_CASE_WORDS)):
        if words[j].start in taken or not _in_sentence_case(words[j]):
            return None
        if words[j].lower in _SCOPES:
            return j
    return None


def _run_to_a_place(words: list[Token], head_end: int, last: int | None, taken: set[int]) -> int | None:
    """A capitalized head's name (`last`: where `_name_after` ends it) runs on through lowercase words to a place or
    scope that closes it right after the head ("Trung tâm | kiểm soát bệnh tật Hà Nội", "Hội đồng | chuyên môn quốc
    gia"). After capitalized words that end on no place, a place or administrative unit right after them is part of
    the name ("Trung tâm Y tế | quận 8"), and so are lowercase words up to the body's scope unless the name is a
    ministry's ("Viện Vệ sinh | dịch tễ trung ương", not "Bộ Tài chính | chuyển ngân sách trung ương")."""
    closed = None
    if last is None and head_end + 1 < len(words):
        closed = _closed_by_place(words, head_end + 1, taken)
        if closed is None:
            closed = _closed_by_scope(words, head_end + 1, taken)  # "Hội đồng | chuyên môn quốc gia"
    elif last is not None and last + 1 < len(words) and not _is_place(words[last].text):
        following = words[last + 1]
        if following.start not in taken:
            closed = last + 1 if _is_place(following.text) else _admin_unit_at(words, last + 1, taken)
        if closed is None and not _ends_a_name(words, head_end + 1, last):
            closed = _closed_by_scope(words, last + 1, taken)
    return closed if closed is not None else last


@cache
def _ministries_lowercase() -> frozenset[str]:
    return frozenset(name.lower() for name in ministries())


def _ministry_end(words: list[Token], i: int) -> int | None:
    """Index of the last word of a ministry's field starting at words[i], however it is capitalized ("Bộ | Kế hoạch và
    đầu tư"); None if none starts there."""
    for j in range(min(len(words), i + 6) - 1, i - 1, -1):
        if " ".join(w.lower for w in words[i : j + 1]) in _ministries_lowercase():
            return j
    return None


def _ends_a_name(words: list[Token], i: int, j: int) -> bool:
    """A place ("… Hà Nội", "… tỉnh Quảng Trị") or a ministry's field ("Bộ Y tế") completes a body's name: only an
    administrative unit or capitalized words may follow it ("Sở Y tế tỉnh Quảng Nam"), no lowercase words."""
    syllables = words[j].text.split()
    return (
        any(" ".join(syllables[k:]) in known_places() for k in range(len(syllables)))  # "Pasteur TP.HCM", one word
        or words[j].text in admin_unit_names()
        or " ".join(w.text for w in words[i : j + 1]) in ministries()
    )


def _is_full_name(word: Token) -> bool:
    """A proper noun of two or more syllables that begins with a surname and is no known place ("Hà Nội")."""
    syllables = word.text.split()
    return (
        word.pos == "Np"
        and len(syllables) >= 2
        and syllables[0] in SURNAMES
        and word.text not in admin_unit_names()
        and word.text not in known_places()
    )


def is_head_word(surface: str) -> bool:
    """A head word alone, or with lowercase words only ("Bệnh viện", "Bệnh viện đa khoa tỉnh"): no name in it."""
    words = surface.split()
    return any(" ".join(words[:n]).lower() in _HEAD_KINDS for n in (1, 2, 3)) and not any(
        w[:1].isupper() or w[:1].isdigit() for w in words[1:]
    )


def _head_at(words: list[Token], i: int) -> tuple[str, int] | None:
    """(kind, index of the head's last word) for the longest head word starting at words[i]; the segmenter
    may cut a head in two ("Ủy" "ban nhân dân")."""
    if words[i].lower.split(" ", 1)[0] not in _HEAD_FIRST_WORDS:
        return None
    for n in (3, 2, 1):
        kind = _HEAD_KINDS.get(" ".join(w.lower for w in words[i : i + n])) if i + n <= len(words) else None
        if kind:
            return kind, i + n - 1
    return None


def headed_names(words: list[Token], taken: set[int]) -> list[Span]:
    """Administrative units, addresses, facilities and bodies: head word + name (see the module docstring)."""
    spans = []
    for i, word in enumerate(words):
        head = _head_at(words, i)
        if head is None or head[1] + 1 == len(words) or words[head[1] + 1].lower in ("trưởng", "phó"):
            continue  # "Vụ trưởng", "Cục phó": a title
        kind, head_end = head
        following = words[head_end + 1]
        if word.text == "trung tâm" and (_is_place(following.text) or following.lower in ADMIN_UNITS):
            continue  # "ở trung tâm | Hà Nội": the middle of the city, no institution
        if (
            kind == "street"
            and word.lower == "số"
            and not (
                _NUMBER.fullmatch(words[i + 1].text)
                and i + 2 < len(words)
                and (words[i + 2].text[:1].isupper() or (_head_at(words, i + 2) or ("",))[0] == "street")
            )
        ):
            continue  # "số 5" alone is a count; "số 1A Phạm Ngọc Thạch" is an address
        sentence_case = (
            word.lower in SENTENCE_CASE_HEADS
            and word.text[:1].isupper()
            and i > 0
            and words[i - 1].text not in _SENTENCE_ENDS
            and word.lower not in GENERIC_HEADS
        )
        last = _name_after(words, head_end + 1, kind, taken, sentence_case)
        if (
            last is not None
            and word.text[:1].islower()
            and not following.is_named
            and (words[last].text.isupper() or words[last].text in listed_organizations())
        ):
            spans.append(Span(words[last].start, words[last].end, "ORG"))  # "hội đồng thành viên | VNPT": a common
            continue  # noun before an organization's name is no name of its own
        ministry = _ministry_end(words, head_end + 1) if kind == "body" and word.text[:1].isupper() else None
        if ministry is not None and (last is None or ministry > last):
            last = ministry
        if kind in ("institution", "body") and word.text[:1].isupper() and word.lower not in GENERIC_HEADS:
            last = _run_to_a_place(words, head_end, last, taken)
        if last is None:
            continue
        if kind in ("admin", "street", "place"):
            entity_type = "LOC"
        elif kind == "institution":
            entity_type = "LOC" if i and words[i - 1].lower in LOCATIVES else "ORG"
        else:
            entity_type = "ORG"
        start = word.start
        if word.text in VERB_HEADS:
            continue
        if word.lower in GENERIC_HEADS and (word.text[:1].islower() or word.lower in _OUTLET_WORDS):
            # "hãng tin | Reuters", "Báo | Dân trí": the name only
            if not words[head_end + 1].is_named:
                continue
            start = words[head_end + 1].start
        spans.append(Span(start, words[last].end, entity_type))
    return spans


def places_with_a_cue_word(words: list[Token], taken: set[int]) -> list[Span]:
    """Administrative units whose name holds a form of address before another word ("Hai Bà Trưng", "Bà Rịa"):
    places, not the person the cue would announce."""
    return [
        Span(w.start, w.end, "LOC")
        for w in words
        if w.start not in taken
        and w.pos == "Np"
        and " " in w.text
        and w.text in admin_unit_names()
        and any(syllable.lower() in PERSON_CUES for syllable in w.text.split()[:-1])
    ]


def _is_initials(syllable: str) -> bool:
    return bool(_DOTTED_INITIALS.fullmatch(syllable) or _INITIAL.fullmatch(syllable) and syllable.endswith("."))


def _with_abbreviation_dot(words: list[Token], last: int) -> int:
    """The end of a name, with the period right after it when its last syllable is an abbreviation ("ông V.",
    "bà Ng.", "Trần Ngọc Th."): a capital letter and consonants, no vowel."""
    dot = words[last + 1] if last + 1 < len(words) else None
    abbreviated = _ABBREVIATION.fullmatch(words[last].text.split()[-1])
    return dot.end if abbreviated and dot and dot.text == "." and dot.start == words[last].end else words[last].end


def people(words: list[Token], taken: set[int]) -> list[Span]:
    """Full Vietnamese names (surname first), dotted initials ("N.T.H."), and a name or a single
    initial after a person cue ("chị Nhung", "anh T.")."""
    spans = []
    for i, word in enumerate(words):
        if word.start in taken or word.text in not_names():
            continue
        after_cue = i > 0 and words[i - 1].lower in PERSON_CUES
        if _DOTTED_INITIALS.fullmatch(word.text) or after_cue and _INITIAL.fullmatch(word.text):
            spans.append(Span(word.start, _with_abbreviation_dot(words, i), "PER"))
        elif (
            word.pos == "Np"
            and word.is_named
            and not word.text.isupper()
            and not any(c.isdigit() for c in word.text)
            and (_is_full_name(word) or after_cue and word.text not in known_places())
        ):
            last = i  # the segmenter may cut a name in two: "Văn Như" "Cương", "Lionel" "Messi"
            while (
                last + 1 < len(words)
                and words[last + 1].pos == "Np"
                and words[last + 1].start == words[last].end + 1
                and words[last + 1].text[:1].isupper()
                and words[last + 1].text not in known_places()
            ):
                last += 1
            number = _house_number_before(words, i, taken)
            start = words[0].start if _is_a_byline(words, i, last) else word.start
            spans.append(
                Span(number.start, words[last].end, "LOC")
                if number and not after_cue
                else Span(start, _with_abbreviation_dot(words, last), "PER")
            )
    return spans


def _is_a_byline(words: list[Token], i: int, last: int) -> bool:
    """ "Anh Dũng" on a line of its own (an article's byline): "Anh" is the name's first syllable, not "brother"."""
    return i == 1 and words[0].text == "Anh" and all(not w.text[:1].isalnum() for w in words[last + 1 :])


def _house_number_before(words: list[Token], i: int, taken: set[int]) -> Token | None:
    """ "106 Trần Thái Tông": a house number right before a name makes it a street (named after a person);
    "bệnh nhân 54 Hà Văn Tính" is a patient's number."""
    if i == 0 or not _HOUSE_NUMBER.fullmatch(words[i - 1].text) or words[i - 1].start in taken:
        return None
    return None if i > 1 and words[i - 2].lower in PERSON_CUES else words[i - 1]
