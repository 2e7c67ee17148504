"""General-knowledge name lists for entity rules: countries, cities, provinces, organizations, treaties, titles.

Vietnamese spellings as the Vietnamese press writes them. Lists are general
knowledge, not names taken from any corpus; Vietnamese provinces come from the
address mapping that ships with underthesea.
"""

import json
import re
from functools import cache
from pathlib import Path

from transforms.normalize import new_style_tone_marks, old_style_tone_marks

# Country names as the Vietnamese press writes them that CLDR's Vietnamese names (below) lack.
PRESS_COUNTRIES = """Mỹ|Liên bang Nga|Anh|Ý|Thuỵ Sĩ|Thuỵ Điển|Ukraine|Lithuania|Gruzia|Palestine|Liban|Saudi Arabia|
Ả Rập Xê Út|UAE|Các Tiểu vương quốc Ả Rập Thống nhất|Đông Timor|Australia|Maroc|Liên Xô|Liên bang Xô viết|Scotland|
Congo|CHDC Congo|Cộng hòa Dân chủ Congo|Nhật""".replace("\n", "")
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO"}  # CLDR territory codes that are unions or regions

CITIES_AND_REGIONS = """Hà Nội|TP.HCM|TP HCM|TP. Hồ Chí Minh|Thành phố Hồ Chí Minh|Sài Gòn|Washington|Moskva|Matxcơva|Bắc Kinh|Tokyo|Seoul|
Bình Nhưỡng|Paris|London|Berlin|Rome|Madrid|Brussels|Geneva|Vienna|Kiev|Kyiv|Minsk|Warsaw|Praha|Budapest|Ankara|Istanbul|Tehran|
Baghdad|Damascus|Jerusalem|Tel Aviv|Cairo|Riyadh|Doha|Dubai|Abu Dhabi|New Delhi|Mumbai|Islamabad|Kabul|Bangkok|Viêng Chăn|Phnom Penh|
Kuala Lumpur|Jakarta|Manila|Canberra|Sydney|Melbourne|Ottawa|New York|Los Angeles|San Francisco|Chicago|Thượng Hải|Hồng Kông|
Quảng Châu|Thâm Quyến|Đài Bắc|Osaka|Sochi|St. Petersburg|Vilnius|Helsinki|Stockholm|Oslo|Copenhagen|Amsterdam|Lisbon|Athens|
Johannesburg|Pretoria|Brasilia|Buenos Aires|Havana|Caracas|Singapore|Gaza|Dải Gaza|Bờ Tây|Crimea|Donbass|Fukushima|Hiroshima|
Biển Đông|Biển Đen|Đông Âu|Tây Âu|Trung Đông|Bắc Cực|Nam Cực|Đông Nam Á|Bắc Mỹ|Mỹ Latinh|châu Âu|châu Á|châu Phi|Vũ Hán|Đồng bằng sông Cửu Long|
Tây Nguyên|Đông Bắc Á|Hoàng Sa|Trường Sa|Nha Trang|Hạ Long|Vũng Tàu|Đà Lạt|Huế|Hội An|Thừa Thiên Huế|Thừa Thiên - Huế|
Đăk Lăk|Đắc Lắc|Đăk Nông|Thái Bình Dương|Đại Tây Dương|Ấn Độ Dương|Bắc Băng Dương|châu Á - Thái Bình Dương|châu Á – Thái Bình Dương|
Châu Á - Thái Bình Dương|Châu Á – Thái Bình Dương|Bắc Bộ|Trung Bộ|Nam Bộ|Tây Bắc Bộ|Đông Bắc Bộ|Bắc Trung Bộ|Nam Trung Bộ|
Đồng bằng Bắc Bộ|Đồng bằng sông Hồng|Tây Nam Bộ|Đông Nam Bộ|New South Wales|Queensland|Victoria|Tasmania|California|Texas|Florida|Alaska|Hawaii|Siberia""".replace(
    "\n", ""
)

ORGANIZATIONS = """CDC|HCDC|NATO|LHQ|Liên hợp quốc|Liên Hợp Quốc|EU|Liên minh châu Âu|ASEAN|WTO|IMF|WHO|UNESCO|UNICEF|OPEC|OPEC+|BRICS|APEC|
TTXVN|Reuters|AFP|AP|Bloomberg|CNN|BBC|Tân Hoa xã|Sputnik|TASS|Fed|ECB|Quốc hội|Chính phủ|Điện Kremlin|Kremlin|Nhà Trắng|
Lầu Năm Góc|Thượng viện|Hạ viện|Hội đồng Bảo an|Hội đồng An ninh|Ủy ban châu Âu|Uỷ ban châu Âu|Nghị viện châu Âu|Ngân hàng Thế giới|
Quỹ Tiền tệ Quốc tế|Tổ chức Y tế Thế giới|Tổ chức Thương mại Thế giới|Ngân hàng Nhà nước|Tổng cục Thống kê|Hamas|Hezbollah|
Taliban|Viettel|FPT|Vingroup|Vietnam Airlines|Vietcombank|Petrovietnam|EVN|Samsung|Apple|Microsoft|Google|Tesla|Twitter|Facebook|
Meta|Toyota|Huawei|Amazon|Boeing|Airbus|Gazprom|UBND|Cục Dự trữ Liên bang Mỹ|Cục Dự trữ Liên bang|Cơ quan Năng lượng Nguyên tử Quốc tế|
IAEA|Ngân hàng Trung ương châu Âu|Ủy ban Thường vụ Quốc hội|Uỷ ban Thường vụ Quốc hội|Bộ Chính trị|Ban Bí thư|Quân đội nhân dân Việt Nam|
Trung ương Đảng|T.Ư Đảng|Ban Chấp hành Trung ương|Ban Tổ chức Trung ương|Ban Nội chính Trung ương|Ban Tuyên giáo Trung ương|
Ban Kinh tế Trung ương|Ban Dân vận Trung ương|Ban Đối ngoại Trung ương|Ủy ban Kiểm tra Trung ương|Uỷ ban Kiểm tra Trung ương|
Mặt trận Tổ quốc Việt Nam|MTTQ|HĐND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Đảng Cộng sản Việt Nam|
Dân Trí|VietNamNet|Vietnamnet|VietnamNet|Vietnam+|VietnamPlus|VnMedia|Kenh14|Người Lao Động|VTC|THX|Tân Hoa Xã|
Hội đồng bảo an|MU|Man Utd|Man United|Manchester United|Man City|Manchester City|Real Madrid|Real|Barcelona|Barca|
Juventus|Chelsea|Arsenal|Liverpool|Tottenham|Bayern Munich|PSG|AC Milan|Inter Milan|Atletico Madrid|Sevilla|
IPU|Liên minh Nghị viện Thế giới|Liên minh Nghị viện thế giới|APPF|Diễn đàn Nghị viện châu Á - Thái Bình Dương|
Diễn đàn Nghị viện Châu Á – Thái Bình Dương|Diễn đàn Nghị viện châu Á – Thái Bình Dương|Diễn đàn Nghị viện Châu Á - Thái Bình Dương|
Tổ chức Giáo dục, Khoa học và Văn hóa Liên Hợp Quốc|Tổ chức Giáo dục, Khoa học và Văn hóa Liên hợp quốc|Ủy ban châu Âu|EC|
Nhà nước Hồi giáo|IS|ISIS|Al-Qaeda|FIFA|UEFA|AFC|AFF|VFF|IOC|OCA|EPA|EIA|FBI|CIA|NASA|Interpol|Europol|OECD|ADB|
Liên đoàn Bóng đá Việt Nam|Arsenal|Chelsea|Liverpool|Manchester United|Man Utd|Man United|Manchester City|Man City|Tottenham|
Everton|Sunderland|Newcastle|West Ham|Leicester City|Southampton|Aston Villa|Real Madrid|Barcelona|Barca|Atletico Madrid|
Bayern Munich|Borussia Dortmund|Dortmund|Juventus|AC Milan|Inter Milan|AS Roma|Napoli|PSG|Paris Saint-Germain|Ajax|Porto|Benfica|
Hoàng Anh Gia Lai|HAGL|SHB Đà Nẵng|Becamex Bình Dương|Sông Lam Nghệ An|SLNA|Hà Nội FC|Viettel FC|
VnExpress|Tuổi Trẻ|Thanh Niên|Dân trí|VietnamNet|Infonet|Zing|VTV|VOV|VGP|Nhân Dân|Lao Động|Tiền Phong|Vietnam News|
CNA|NHK|Kyodo|Yonhap|Xinhua|Al Jazeera|The Guardian|New York Times|The New York Times|Washington Post|The Washington Post|
Wall Street Journal|The Wall Street Journal|Financial Times|Forbes|CNBC|Fox News|NBC|CBS|ABC News|Daily Mail|Nikkei|RT|
Expedia|Uber|Grab|Alibaba|Tencent|Netflix|Intel|Sony|LG|Nokia|IBM|Oracle|Yahoo""".replace("\n", "")

MINISTRIES = """Ngoại giao|Quốc phòng|Công an|Tài chính|Công Thương|Xây dựng|Giao thông vận tải|Nông nghiệp và Phát triển nông thôn|
Nông nghiệp và Môi trường|Tư pháp|Y tế|Giáo dục và Đào tạo|Kế hoạch và Đầu tư|Lao động - Thương binh và Xã hội|Tài nguyên và Môi trường|
Thông tin và Truyền thông|Văn hóa, Thể thao và Du lịch|Khoa học và Công nghệ|Nội vụ|Thương mại|Năng lượng|Ngoại thương|Tư lệnh|
Khẩn cấp|Dân tộc và Tôn giáo|Kinh tế|An ninh Nội địa""".replace("\n", "")

# Heads of organization names: "<head> <Capitalized words>" is an organization.
ORG_HEADS = """Ủy ban|Uỷ ban|Ngân hàng|Tổng cục|Cục|Viện|Tòa án|Toà án|Tập đoàn|Công ty|Tổng công ty|
Liên đoàn|Hội đồng|Quân đội|Hải quân|Không quân|Lục quân|Công an|Sở|Thành ủy|Thành uỷ|Tỉnh ủy|Tỉnh uỷ|UBND|HĐND|Quỹ|Tổ chức|
Liên minh|Nghị viện|Quốc hội|Đảng|Văn phòng|Hãng|Cơ quan|Bộ Tư lệnh|Hiệp hội|Đại sứ quán|Tổng lãnh sự quán|
Lãnh sự quán""".replace("\n", "")

# The last word of a foreign-language name that says what it names ("Turkish Airlines", "Charm Spa").
FOREIGN_ORG_ENDINGS = (
    "Airlines|Airways|Airway|Group|Corp|Corporation|Company|Bank|JSC|FC|Club|Inc|Ltd|Advisors|Partners|"
    "Holdings|Capital|Securities|Motors|Images|Agency|Foundation|Institute|University"
)
FOREIGN_PLACE_ENDINGS = "Hotel|Resort|Spa|Coffee|Cafe|Café|Mall|Plaza|Center|Centre|Tower|Bar|Restaurant"

TREATIES_AND_EVENTS = """START|START mới|New START|START-3|INF|CFE|SALT|SALT-2|ABM|EVFTA|CPTPP|RCEP|JCPOA|Bầu trời mở|
Chiến tranh Lạnh|Chiến tranh thế giới thứ hai|Chiến tranh thế giới thứ nhất|G7|G-7|G20|G-20|G8|Asian Cup|SEA Games|World Cup|
Olympic|ASIAD|COP26|COP27|COP28|COP29|EURO|U20 World Cup|U17 World Cup|U23 châu Á|AFF Cup|AFF Suzuki Cup|
Champions League|Europa League|Premier League|Ngoại hạng Anh|La Liga|Serie A|Bundesliga|V-League|Copa America|Tokyo Motor Show|
Geneva Motor Show|Paris Motor Show|Triển lãm Ô tô Việt Nam|Paralympic""".replace("\n", "")
TREATY_HEADS = (
    "Hiệp ước|Hiệp định|Công ước|Nghị định thư|Thỏa thuận|Thoả thuận|Kế hoạch Hành động Chung Toàn diện|Hội nghị|Tuyên bố"
    "|Giải thưởng|Giải bóng đá|Giải vô địch|Cúp"
)

# Words before a person's name, never part of it.
TITLES = """Tổng thống|Phó Tổng thống|Thủ tướng|Phó Thủ tướng|Chủ tịch nước|Phó Chủ tịch nước|Chủ tịch|Phó Chủ tịch|Tổng Bí thư|Bí thư|
Ngoại trưởng|Bộ trưởng|Thứ trưởng|Đại sứ|Người phát ngôn|người phát ngôn|Tổng thư ký|Phó Tổng thư ký|Thống đốc|Giáo sư|Tiến sĩ|
Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đô đốc|Huấn luyện viên|Vận động viên|Tỷ phú|tỷ phú|Nhà sáng lập|Lãnh đạo|lãnh đạo|
Cựu Tổng thống|Cựu Thủ tướng|cựu Tổng thống|cựu Thủ tướng|Thượng nghị sĩ|Hạ nghị sĩ|Nghị sĩ|Phóng viên|Nữ hoàng|Vua|Hoàng tử|
Giám đốc|Tổng giám đốc|Chủ nhiệm|Trưởng đoàn|Tư lệnh|Đặc phái viên|Quốc vương|Thái tử|Cố vấn|Tổng tư lệnh|ông|bà|Ông|Bà|
người đồng cấp|Người đồng cấp|Tân Thủ tướng|Tân Tổng thống|Phó Thủ tướng Thường trực|Trưởng|Phó Trưởng|Giáo hoàng|HLV|
Chánh án|Viện trưởng|Vụ trưởng|Cục trưởng|Phó Cục trưởng|Phó Vụ trưởng|Cảnh sát trưởng|Phó Cảnh sát trưởng|Hiệu trưởng|
Ủy viên|Uỷ viên""".replace("\n", "")
# Words that may follow a title before the name: "Bộ trưởng Quốc phòng Anh Ben Wallace", "Chủ tịch nước Võ Văn Thưởng".
TITLE_FIELDS = MINISTRIES + "|nước|Quốc hội|Thường trực|thường trực|An ninh Quốc gia|Ngoại vụ"
NAME_PARTICLES = ("von", "der", "van", "de", "da", "di", "bin", "al", "el", "la", "le", "du", "del", "dos")

# Function words that open a sentence. Capitalized after a word with no end punctuation and followed by a lowercase
# word, one starts a new sentence whose period the scraper lost ("… tiền nhiệm Về nội thất …"); a name never
# continues into one. Left out: words that also begin names or capitalized terms ("Do Thái", "Ban Điều hành",
# "Ban Chỉ đạo", "Trung tâm Dự báo", "Liên hiệp", "Đồng bằng", "Chính phủ", "Bà mẹ Việt Nam anh hùng", "Ông già Noel",
# "Giờ Trái đất") or given names ("Như", "Tính", "Thực", "Sáng", "anh Hai").
SENTENCE_START_WORDS = frozenset(
    """Theo Về Nhưng Trong Khi Việc Vị Còn Tuy Sau Trước Ngoài Với Tại Cũng Đây Hiện Từ Nếu
Để Bên Cùng Trên Dù Ngay Vì Bởi Nhờ Đến Lúc Hôm Qua Vào Mới Riêng Mặc Thậm Hơn Các Những Một Nhiều Tất Đó Hãy Được Bị
Vẫn Nói Kể Cuối Giữa Dưới""".split()
)

ALIASES = {
    "Hoa Kỳ": "Mỹ",
    "Nhật": "Nhật Bản",
    "LHQ": "Liên hợp quốc",
    "Liên Hợp Quốc": "Liên hợp quốc",
    "EU": "Liên minh châu Âu",
    "Matxcơva": "Moskva",
    "Kyiv": "Kiev",
    "TP HCM": "TP.HCM",
    "TP. Hồ Chí Minh": "TP.HCM",
    "Thành phố Hồ Chí Minh": "TP.HCM",
    "Sài Gòn": "TP.HCM",
    "Úc": "Australia",
    "Ý": "Italy",
    "Thuỵ Sĩ": "Thụy Sĩ",
    "Thuỵ Điển": "Thụy Điển",
    "Liên bang Xô viết": "Liên Xô",
    "Liên bang Nga": "Nga",
    "CHDC Congo": "Cộng hòa Dân chủ Congo",
    "Ả Rập Xê Út": "Saudi Arabia",
    "Timor-Leste": "Đông Timor",
    "Lithuania": "Litva",
    "Vương quốc Anh": "Anh",
    "Kremlin": "Điện Kremlin",
    "Hội đồng bảo an": "Hội đồng Bảo an",
    "MU": "Manchester United",
    "Man Utd": "Manchester United",
    "Man United": "Manchester United",
    "Man City": "Manchester City",
    "Real": "Real Madrid",
    "Barca": "Barcelona",
    "IMF": "Quỹ Tiền tệ Quốc tế",
    "WHO": "Tổ chức Y tế Thế giới",
    "WTO": "Tổ chức Thương mại Thế giới",
    "Fed": "Cục Dự trữ Liên bang Mỹ",
    "Cục Dự trữ Liên bang": "Cục Dự trữ Liên bang Mỹ",
    "ECB": "Ngân hàng Trung ương châu Âu",
    "IAEA": "Cơ quan Năng lượng Nguyên tử Quốc tế",
    "Uỷ ban châu Âu": "Ủy ban châu Âu",
    "Uỷ ban Thường vụ Quốc hội": "Ủy ban Thường vụ Quốc hội",
    "START mới": "New START",
    "START-3": "New START",
    "Hiệp ước START mới": "New START",
    "Hiệp ước New START": "New START",
    "G-20": "G20",
    "G-7": "G7",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
}


def split(names: str) -> list[str]:
    return [n for n in names.split("|") if n]


# Terms that look like names but are diseases, tests, units or currencies: never a person or a place.
NOT_NAMES = """COVID|Covid|COVID-19|Covid-19|SARS|SARS-CoV-2|MERS|Corona|corona|Ebola|HIV|AIDS|H5N1|Zika|Omicron|Delta|PCR|
RT-PCR|ICU|ECMO|CT|X-quang|USD|VND|VNĐ|EUR|Euro|GDP|CPI|FDI|ODA|F0|F1|F2|F3|Online|online|Covax|COVAX|AstraZeneca|Pfizer|
Moderna|Vero Cell""".replace("\n", "")
_ADMIN_PREFIX = re.compile(r"^(?:Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã|Đặc khu)\s+")


@cache
def not_names() -> frozenset[str]:
    return frozenset(split(NOT_NAMES))


@cache
def _address_data() -> dict:
    """Vietnam's administrative units before and after the 2025 reorganisation: the mapping of the
    vietnamadminunits package that ships inside underthesea."""
    import underthesea

    return json.loads(
        (Path(underthesea.__file__).parent / "address" / "data" / "mapping.json").read_text(encoding="utf-8")
    )


@cache
def admin_unit_names() -> frozenset[str]:
    """Names of provinces, districts, wards and communes, old and new, without their prefix ("Ninh Kiều", "Bạch Mai")."""
    data = _address_data()
    names = {p["short"] for key in ("province_names", "old_province_names") for p in data[key].values()}
    for row in data["ward_mapping"]:
        for key in ("old_district", "old_ward", "new_ward"):
            name = _ADMIN_PREFIX.sub("", row.get(key) or "")
            if name and not name[0].isdigit():
                names.add(name)
    return frozenset(_both_spellings(names))


@cache
def countries() -> tuple[str, ...]:
    """Country and territory names in Vietnamese: CLDR's (Babel's `vi` locale), and the press's own forms.

    "Myanmar (Miến Điện)" gives both names; names with a comma (special regions) are left out.
    """
    from babel import Locale

    names = set(split(PRESS_COUNTRIES))
    for code, name in Locale("vi").territories.items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES and "," not in name:
            names.update(part.strip() for part in re.split(r"[()]", name) if part.strip())
    return tuple(sorted(names))


@cache
def listed_organizations() -> frozenset[str]:
    return frozenset(split(ORGANIZATIONS))


@cache
def ministries() -> frozenset[str]:
    """The fields of ministries ("Y tế", "Kế hoạch và Đầu tư"), which also name departments ("Sở Y tế")."""
    return frozenset(_both_spellings(split(MINISTRIES)))


@cache
def known_places() -> frozenset[str]:
    """Every listed place: countries, cities and regions, provinces; tone marks placed either way ("Thanh Hoá")."""
    return frozenset(_both_spellings(countries() + tuple(split(CITIES_AND_REGIONS)) + provinces()))


def _both_spellings(names) -> set[str]:
    return {spelling for name in names for spelling in (old_style_tone_marks(name), new_style_tone_marks(name))}


@cache
def provinces() -> tuple[str, ...]:
    """Short names of Vietnamese provinces and centrally-run cities, old and new (from underthesea)."""
    data = _address_data()
    names = {p["short"] for key in ("province_names", "old_province_names") for p in data[key].values()}
    return tuple(sorted(names))
