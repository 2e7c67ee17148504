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

from transforms.align import align_tokens
from transforms.gazetteer import admin_unit_names, known_places, not_names
from transforms.names import Span

# Heads, by what the name they open is. Lowercase; matched on the lowercased segmented word.
ADMIN_UNITS = {"tỉnh", "thành phố", "tp.", "tp", "quận", "huyện", "thị xã", "thị trấn", "phường", "xã", "đặc khu",
               "thôn", "ấp", "bản", "xóm", "làng", "khu phố", "tổ dân phố", "khu dân cư", "khu"}
STREETS = {"đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "đại lộ", "quốc lộ", "tỉnh lộ", "ql", "số"}
PLACES = {"sân bay", "cảng hàng không", "cảng", "ga", "bến xe", "bến tàu", "chợ", "siêu thị", "trung tâm thương mại",
          "khách sạn", "nhà hàng", "quán", "tiệm", "chùa", "nhà thờ", "đền", "công viên", "sân vận động", "svđ",
          "khu công nghiệp", "kcn", "khu chế xuất", "chung cư", "tòa nhà", "toà nhà", "cửa khẩu", "bãi biển", "đảo",
          "vịnh", "sông", "hồ", "núi", "đèo", "bãi cạn", "khu du lịch", "khu cách ly", "nhà máy"}
INSTITUTIONS = {"bệnh viện", "bv", "bvđk", "phòng khám", "trạm y tế", "khoa", "trường", "trường đại học", "đại học",
                "học viện", "trung tâm"}
BODIES = {"bộ", "sở", "cục", "tổng cục", "ủy ban", "uỷ ban", "ubnd", "ban", "công ty", "tổng công ty", "tập đoàn",
          "hãng", "ngân hàng", "viện", "tòa án", "toà án", "viện kiểm sát", "công an", "đảng", "hội", "hiệp hội",
          "liên đoàn", "quỹ", "clb", "câu lạc bộ", "thành ủy", "thành uỷ", "tỉnh ủy", "tỉnh uỷ", "huyện ủy",
          "quân khu", "bộ tư lệnh", "bộ chỉ huy", "văn phòng", "tổ chức", "cơ quan", "hãng tin", "đài", "báo",
          "tờ", "kênh", "tạp chí"}
# Generic words before the name of a news outlet or a carrier, left outside its span.
MEDIA_HEADS = {"hãng tin", "hãng", "báo", "tờ", "đài", "kênh", "tạp chí"}
# Words before a facility that place something in it.
LOCATIVES = {"tại", "ở", "đến", "tới", "vào", "từ", "về", "ra", "trong", "khỏi", "qua", "sang", "đi", "trú",
             "quanh", "gần", "cạnh", "trước"}
# Words before a person's name: kinship and address terms, roles.
PERSON_CUES = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "cháu", "bé", "dì", "thím", "mợ", "cậu",
               "bệnh nhân", "bn", "ca sĩ", "nhạc sĩ", "diễn viên", "nghệ sĩ", "cầu thủ", "tiền đạo", "tiền vệ",
               "hậu vệ", "thủ môn", "hlv", "huấn luyện viên", "vận động viên", "vđv", "bác sĩ", "bs", "y tá",
               "điều dưỡng", "luật sư", "kỹ sư", "nhà báo", "phóng viên", "giáo viên", "thầy", "học sinh",
               "sinh viên", "bị cáo", "bị can", "nghi phạm", "đối tượng", "nữ sinh", "nam sinh", "tỷ phú",
               "doanh nhân", "giám đốc", "chủ tịch", "trưởng", "phó", "thượng tá", "đại tá", "trung tá", "thiếu tá",
               "đại úy", "đại uý", "thượng úy", "thượng uý", "trung úy", "trung uý", "thiếu úy", "thiếu uý",
               "nsnd", "nsưt", "gs", "pgs", "ts", "ths", "mc", "bạn", "vợ", "chồng", "con"}
# Vietnamese family names (general knowledge): a proper noun of two or more syllables beginning
# with one of these is a person's full name.
SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trịnh Trương
Lâm Mai Cao Tạ Lưu Tô Chu Quách Lương Lục Vương Kiều Châu Phùng Tăng Mạc Đàm Triệu Hứa Khúc Nghiêm Tôn Thân
Lại Doãn Âu Ông Văn Hà Thái Giang Kim La Diệp Khổng Khương Lã Lò Lộc Mẫn Nông Quan Tống Từ Ung Viên Hầu
Đồng Đào Phí Phó Bạch Cù Lư Ninh Trình Thạch Ma Hoàng Bế Sầm Tiêu Ân Cấn Chế Quang""".split())
# Words that end a name: time words, linking words.
STOP_WORDS = {"ngày", "tháng", "năm", "sáng", "trưa", "chiều", "tối", "đêm", "hôm", "lúc", "tuần", "giờ", "là", "và",
              "của", "với", "cho", "để", "này", "đó", "khi", "nhưng", "thì", "mà", "các", "những", "một", "hai", "ba"}
_INITIAL = re.compile(r"[A-ZĐ]\.?")
_DOTTED_INITIALS = re.compile(r"[A-ZĐ]\.(?:[A-ZĐ][a-z]?\.)+(?:[A-ZĐ]\b)?|[A-ZĐ](?:\.[A-ZĐ])+\.?")
_NUMBER = re.compile(r"\d[\w/.-]*")
_MAX_WORDS = 10
_ALL_HEADS = (ADMIN_UNITS, STREETS, PLACES, INSTITUTIONS, BODIES)


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


def tokens(text: str, tagged: list[tuple[str, ...]]) -> list[Token]:
    """underthesea's words with their part of speech and offsets in `text` (words it rewrote beyond recognition dropped)."""
    spans = align_tokens(text, [word[0] for word in tagged])
    return [Token(text[s:e], word[1], s, e) for word, (s, e) in ((w, sp) for w, sp in zip(tagged, spans) if sp)]


def _name_after(words: list[Token], i: int, kind: str, taken: set[int]) -> int | None:
    """Index of the last word of the name starting at words[i]; None if no capitalized word or number comes.

    Administrative units and addresses take capitalized words and numbers only ("quận Bắc Từ Liêm",
    "phường 5"); other names also take lowercase nouns, as Vietnamese names are written in sentence
    case ("Trung tâm Kiểm soát bệnh tật Bình Thuận"); institutions and bodies may end on one
    ("Viện Vệ sinh dịch tễ trung ương"). A name stops before a time word, a person word or a
    person's full name ("UBND thành phố Hà Nội | Nguyễn Đức Chung").
    """
    last = None
    for j in range(i, min(len(words), i + _MAX_WORDS)):
        word = words[j]
        if word.start in taken or not any(c.isalnum() for c in word.text) or word.lower in STOP_WORDS:
            break
        if j > i and kind != "street" and _is_full_name(word):  # streets are named after people
            break
        if word.is_named:
            last = j
        elif kind in ("admin", "street") or word.pos not in ("N", "Nc", "Nu", "A") or word.lower in PERSON_CUES:
            break
        elif kind in ("institution", "body") and last is not None:
            last = j
    return last


def _is_full_name(word: Token) -> bool:
    """A proper noun of two or more syllables that begins with a surname and is no known place ("Hà Nội")."""
    syllables = word.text.split()
    return (word.pos == "Np" and len(syllables) >= 2 and syllables[0] in SURNAMES
            and word.text not in admin_unit_names() and word.text not in known_places())


def is_head_word(surface: str) -> bool:
    """A head word alone, or with lowercase words only ("Bệnh viện", "Bệnh viện đa khoa tỉnh"): no name in it."""
    words = surface.split()
    return any(" ".join(words[:n]).lower() in heads for heads in _ALL_HEADS for n in (1, 2, 3)) and not any(
        w[:1].isupper() or w[:1].isdigit() for w in words[1:])


def _head_kind(word: Token) -> str | None:
    lower = word.lower
    for kind, heads in (("admin", ADMIN_UNITS), ("street", STREETS), ("place", PLACES),
                        ("institution", INSTITUTIONS), ("body", BODIES)):
        if lower in heads:
            return kind
    return None


def headed_names(words: list[Token], taken: set[int]) -> list[Span]:
    """Administrative units, addresses, facilities and bodies: head word + name (see the module docstring)."""
    spans = []
    for i, word in enumerate(words):
        kind = _head_kind(word)
        if kind is None or i + 1 == len(words):
            continue
        if kind == "street" and word.lower == "số" and not (
                _NUMBER.fullmatch(words[i + 1].text) and i + 2 < len(words) and (
                    words[i + 2].text[:1].isupper() or _head_kind(words[i + 2]) == "street")):
            continue  # "số 5" alone is a count; "số 1A Phạm Ngọc Thạch" is an address
        last = _name_after(words, i + 1, kind, taken)
        if last is None:
            continue
        if kind in ("admin", "street", "place"):
            entity_type = "LOC"
        elif kind == "institution":
            entity_type = "LOC" if i and words[i - 1].lower in LOCATIVES else "ORG"
        else:
            entity_type = "ORG"
        first = i
        if word.lower in MEDIA_HEADS:  # "hãng tin | Reuters": the name only
            first = next(j for j in range(i + 1, last + 1) if words[j].is_named) - 1
        spans.append(Span(words[first].start if first == i else words[first + 1].start, words[last].end, entity_type))
    return spans


def people(words: list[Token], taken: set[int]) -> list[Span]:
    """Full Vietnamese names (surname first), dotted initials ("N.T.H."), and a name or a single
    initial after a person cue ("chị Nhung", "anh T.")."""
    spans = []
    for i, word in enumerate(words):
        if word.start in taken or word.text in not_names():
            continue
        after_cue = i > 0 and words[i - 1].lower in PERSON_CUES
        if _DOTTED_INITIALS.fullmatch(word.text) or after_cue and _INITIAL.fullmatch(word.text):
            spans.append(Span(word.start, word.end, "PER"))
        elif word.pos == "Np" and word.is_named and not word.text.isupper() and not any(c.isdigit() for c in word.text) \
                and (_is_full_name(word) or after_cue):
            spans.append(Span(word.start, word.end, "PER"))
    return spans
