"""A generated multi-day, multi-outlet news corpus with known truth: titles, publication dates, stories.

Each event (a fire, a flood, a court ruling, export figures, …) has a type, a place, a day, a
figure and a person. One to four outlets report it over up to three days: the first copy is
the wire text, the others copy it or rewrite it from the same press release (other sentence
variants, some shared detail sentences). Hard negatives are events of the same type that
differ in one fact (another day, place or figure), reported in the same words: they must not
join the story. Some articles add a "Trước đó, …" background sentence about an earlier event.

Each article states its metadata in one way: a sidecar, a date in its path, a dateline in
its text, or not at all; most have a headline line. `write_corpus` returns the truth.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

OUTLETS = ("VnExpress", "Tuổi Trẻ", "Thanh Niên", "Dân trí", "VOV", "TTXVN", "Lao Động", "Nhân Dân")
PLACES = (
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Huế",
    "Cần Thơ",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Gia Lai",
    "Đắk Lắk",
    "An Giang",
    "Cà Mau",
    "Lào Cai",
    "Sơn La",
    "Quảng Ngãi",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Đức", "Hữu", "Ngọc")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
)

# Per event type: headlines, leads (the event's day, place and figure), details (from the press release), a quote.
TEMPLATES = {
    "fire": (
        ("Cháy xưởng sản xuất ở {place}, {n} người bị thương", "{n} công nhân bị thương trong vụ cháy tại {place}"),
        (
            "Ngày {d}/{m}, một vụ cháy lớn đã xảy ra tại một xưởng sản xuất ở {place} khiến {n} người bị thương.",
            "Vụ cháy xưởng sản xuất tại {place} sáng {d}/{m} làm {n} công nhân bị thương.",
            "{n} người bị thương trong vụ cháy xưởng sản xuất ở {place} ngày {d}/{m}.",
        ),
        (
            "Lực lượng cảnh sát phòng cháy chữa cháy đã điều nhiều xe chữa cháy đến hiện trường.",
            "Đám cháy được khống chế sau khoảng hai giờ, toàn bộ nhà xưởng bị thiêu rụi.",
            "Nguyên nhân vụ cháy đang được cơ quan chức năng điều tra làm rõ.",
            "Các nạn nhân đã được đưa đến bệnh viện gần nhất để cấp cứu kịp thời.",
        ),
        "Ông {person}, chỉ huy lực lượng cứu hỏa, cho biết: “Chúng tôi đã tiếp cận đám cháy từ nhiều hướng.”",
    ),
    "flood": (
        ("Mưa lũ ở {place}, {n} hộ dân phải sơ tán", "{place} sơ tán {n} hộ dân vì lũ dâng cao"),
        (
            "Ngày {d}/{m}, mưa lớn kéo dài khiến nước lũ dâng cao ở {place}, {n} hộ dân phải sơ tán.",
            "Lũ dâng cao tại {place} ngày {d}/{m} buộc chính quyền sơ tán {n} hộ dân.",
            "{n} hộ dân ở {place} đã được đưa đến nơi an toàn trong ngày {d}/{m} khi nước lũ lên nhanh.",
        ),
        (
            "Nhiều tuyến đường liên xã bị ngập sâu, giao thông bị chia cắt.",
            "Chính quyền địa phương đã huy động lực lượng quân đội hỗ trợ người dân di dời tài sản.",
            "Cơ quan khí tượng dự báo mưa lớn còn kéo dài trong những ngày tới.",
            "Hàng trăm héc-ta lúa và hoa màu bị ngập úng, thiệt hại đang được thống kê.",
        ),
        "Bà {person}, Chủ tịch UBND xã, nói: “Chúng tôi ưu tiên bảo đảm an toàn tính mạng cho người dân.”",
    ),
    "court": (
        ("Tuyên án {n} năm tù cho bị cáo {person}", "Bị cáo {person} lĩnh {n} năm tù"),
        (
            "Ngày {d}/{m}, Tòa án nhân dân tỉnh {place} tuyên phạt bị cáo {person} {n} năm tù "
            "về tội lừa đảo chiếm đoạt tài sản.",
            "Tòa án nhân dân tỉnh {place} ngày {d}/{m} đã tuyên bị cáo {person} mức án {n} năm tù.",
            "Bị cáo {person} bị Tòa án nhân dân tỉnh {place} phạt {n} năm tù trong phiên xử ngày {d}/{m}.",
        ),
        (
            "Theo cáo trạng, bị cáo đã dựng lên nhiều dự án không có thật để huy động vốn.",
            "Hội đồng xét xử nhận định hành vi của bị cáo gây thiệt hại lớn cho nhiều người.",
            "Tại phiên tòa, bị cáo thừa nhận hành vi phạm tội như cáo trạng truy tố.",
            "Bị cáo còn phải bồi thường toàn bộ số tiền đã chiếm đoạt cho các bị hại.",
        ),
        "Luật sư bào chữa cho bị cáo cho biết: “Thân chủ của tôi sẽ cân nhắc việc kháng cáo.”",
    ),
    "export": (
        ("Xuất khẩu của {place} đạt {n} triệu USD", "{place}: kim ngạch xuất khẩu tháng {m} đạt {n} triệu USD"),
        (
            "Ngày {d}/{m}, Sở Công Thương {place} cho biết kim ngạch xuất khẩu của tỉnh trong tháng đạt {n} triệu USD.",
            "Kim ngạch xuất khẩu của {place} trong tháng {m} đạt {n} triệu USD, theo số liệu công bố ngày {d}/{m}.",
            "{place} xuất khẩu được {n} triệu USD hàng hóa trong tháng {m}, Sở Công Thương thông báo ngày {d}/{m}.",
        ),
        (
            "Các mặt hàng chủ lực gồm thủy sản, dệt may, gỗ và sản phẩm từ gỗ.",
            "Thị trường xuất khẩu lớn nhất vẫn là Hoa Kỳ, tiếp theo là Liên minh châu Âu và Nhật Bản.",
            "Nhiều doanh nghiệp cho biết đơn hàng cho quý tới đã được ký kết ổn định.",
            "Sở Công Thương khuyến nghị doanh nghiệp đa dạng hóa thị trường để giảm rủi ro.",
        ),
        "Ông {person}, Giám đốc Sở Công Thương, khẳng định: “Đà tăng trưởng xuất khẩu sẽ được duy trì.”",
    ),
    "health": (
        ("{place} ghi nhận {n} ca sốt xuất huyết trong một ngày", "Sốt xuất huyết tăng nhanh ở {place}: {n} ca mới"),
        (
            "Ngày {d}/{m}, Sở Y tế {place} ghi nhận {n} ca mắc sốt xuất huyết mới, tăng mạnh so với tuần trước.",
            "Sở Y tế {place} cho biết trong ngày {d}/{m} có thêm {n} người mắc sốt xuất huyết.",
            "{n} ca sốt xuất huyết mới được ghi nhận tại {place} ngày {d}/{m}.",
        ),
        (
            "Phần lớn bệnh nhân được điều trị ngoại trú, một số ca nặng phải nhập viện.",
            "Ngành y tế đã triển khai phun hóa chất diệt muỗi tại các ổ dịch.",
            "Người dân được khuyến cáo diệt lăng quăng, loại bỏ dụng cụ chứa nước đọng.",
            "Các bệnh viện tuyến tỉnh đã chuẩn bị thêm giường bệnh để tiếp nhận bệnh nhân.",
        ),
        "Bác sĩ {person} nhấn mạnh: “Người bệnh cần đến cơ sở y tế ngay khi có dấu hiệu sốt cao.”",
    ),
    "traffic": (
        ("Tai nạn giao thông ở {place}, {n} người tử vong", "Xe khách lật ở {place}, {n} người chết"),
        (
            "Ngày {d}/{m}, một xe khách lật trên quốc lộ đoạn qua {place} khiến {n} người tử vong.",
            "Vụ lật xe khách tại {place} ngày {d}/{m} làm {n} người chết tại chỗ.",
            "{n} người đã tử vong khi xe khách bị lật trên quốc lộ qua {place} ngày {d}/{m}.",
        ),
        (
            "Nhiều hành khách bị thương đã được đưa đi cấp cứu tại bệnh viện đa khoa tỉnh.",
            "Lực lượng cảnh sát giao thông đã phong tỏa hiện trường để điều tra nguyên nhân.",
            "Tuyến quốc lộ bị ùn tắc kéo dài nhiều giờ sau vụ tai nạn.",
            "Tài xế xe khách đã bị tạm giữ để phục vụ công tác điều tra.",
        ),
        "Ông {person}, một hành khách, kể lại: “Xe chạy rất nhanh rồi bất ngờ lao ra khỏi đường.”",
    ),
}
# The figure each kind of event counts: its plausible range.
FIGURES = {
    "fire": (1, 15),
    "flood": (50, 3000),
    "court": (2, 20),
    "export": (20, 2000),
    "health": (5, 400),
    "traffic": (1, 12),
}
BACKGROUND = "Trước đó, ngày {d}/{m}, {place} cũng ghi nhận một sự việc tương tự với {n} người bị ảnh hưởng."


@dataclass
class Event:
    event_id: int
    kind: str
    place: str
    day: date
    figure: int
    person: str


@dataclass
class Article:
    path: str  # relative to the corpus folder
    event_id: int
    outlet: str
    published: date
    title: str | None  # the headline line, if the text has one
    date_from: str  # sidecar | path | text | none
    text: str
    sidecar: dict | None = None


@dataclass
class Truth:
    articles: list[Article] = field(default_factory=list)
    hard_negative_pairs: set[tuple[int, int]] = field(default_factory=set)  # (event, event) told apart only by a fact


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _facts(event: Event) -> tuple:
    return event.kind, event.place, event.day, event.figure


def _events(rng: random.Random, n_events: int, start: date, hard_negative_share: float) -> tuple[list[Event], set]:
    """Events with distinct facts (two with the same kind, place, day and figure would be one event to
    any reader), each hard negative differing from its event in one of them."""
    events, pairs, seen = [], set(), set()
    while len(events) < n_events:
        kind = rng.choice(sorted(TEMPLATES))
        event = Event(
            len(events),
            kind,
            rng.choice(PLACES),
            start + timedelta(days=rng.randrange(30)),
            rng.randint(*FIGURES[kind]),
            _person(rng),
        )
        if _facts(event) in seen:
            continue
        seen.add(_facts(event))
        events.append(event)
        if rng.random() < hard_negative_share and len(events) < n_events:
            changed = rng.choice(("place", "day", "figure"))
            sibling = Event(len(events), event.kind, event.place, event.day, event.figure, _person(rng))
            if changed == "place":
                sibling.place = rng.choice([p for p in PLACES if p != event.place])
            elif changed == "day":
                sibling.day = event.day + timedelta(days=rng.choice((-2, -1, 1, 2)))
            else:
                sibling.figure = event.figure + rng.randint(1, max(2, event.figure // 2))
            if _facts(sibling) in seen:
                continue
            seen.add(_facts(sibling))
            events.append(sibling)
            pairs.add((event.event_id, sibling.event_id))
    return events, pairs


def _body(
    rng: random.Random, event: Event, variant: int, shared_details: list[str], earlier: Event | None
) -> list[str]:
    headlines, leads, details, quote = TEMPLATES[event.kind]
    facts = {"place": event.place, "d": event.day.day, "m": event.day.month, "n": event.figure, "person": event.person}
    own = [d for d in details if d not in shared_details]
    body = [leads[variant % len(leads)].format(**facts), *shared_details, *rng.sample(own, rng.randrange(0, 2))]
    if rng.random() < 0.6:
        body.append(quote.format(**facts))
    if earlier is not None:
        body.append(BACKGROUND.format(d=earlier.day.day, m=earlier.day.month, place=earlier.place, n=earlier.figure))
    return body


def _article(rng: random.Random, event: Event, outlet: str, number: int, body: list[str]) -> Article:
    """The article's text and path, its metadata stated in one of the four ways."""
    published = event.day + timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
    headline = (
        rng.choice(TEMPLATES[event.kind][0]).format(
            place=event.place, n=event.figure, m=event.day.month, person=event.person
        )
        if rng.random() < 0.85
        else None
    )
    date_from = rng.choices(("sidecar", "path", "text", "none"), (3, 3, 3, 1))[0]
    slug = outlet.lower().replace(" ", "-")
    folder = f"{slug}/{published.isoformat()}" if date_from == "path" else slug
    lines = [headline] if headline else []
    if date_from == "text":  # a dateline, in one of the ways newsrooms write it
        d, m, y = published.day, published.month, published.year
        style = rng.randrange(3)
        if style == 0:
            lines.append(f"{event.place}, ngày {d}/{m}/{y}")
        elif style == 1:
            lines.append(f"{event.place}, ngày {d} tháng {m} năm {y}")
        else:
            body = [f"{event.place}, ngày {d:02d}/{m:02d}/{y} - {body[0]}", *body[1:]]
    lines += body
    credit = rng.random()
    if credit < 0.3:
        lines.append(f"Theo {outlet}")
    elif credit < 0.5:
        lines.append(f"({outlet})")
    sidecar = None
    if date_from == "sidecar":
        sidecar = {
            "published_at": f"{published.isoformat()}T{rng.randrange(6, 22):02d}:{rng.randrange(60):02d}:00",
            "source": outlet,
            "url": f"https://{slug}.example.vn/{number}.html",
        }
    return Article(
        f"{folder}/bai-{number:05d}.txt",
        event.event_id,
        outlet,
        published,
        headline,
        date_from,
        "\n".join(lines) + "\n",
        sidecar,
    )


def generate(n_events: int, seed: int = 1, start: date = date(2026, 10, 1), hard_negative_share: float = 0.3) -> Truth:
    rng = random.Random(seed)
    events, pairs = _events(rng, n_events, start, hard_negative_share)
    truth = Truth(hard_negative_pairs=pairs)
    for event in events:
        details = TEMPLATES[event.kind][2]
        shared = rng.sample(details, 2)
        outlets = rng.sample(OUTLETS, rng.choice((1, 1, 2, 2, 3, 4)))
        earlier = rng.choice(events) if rng.random() < 0.3 else None
        wire = _body(rng, event, rng.randrange(3), shared, earlier)
        for i, outlet in enumerate(outlets):
            body = wire if i == 0 or rng.random() < 0.4 else _body(rng, event, rng.randrange(3), shared, earlier)
            truth.articles.append(_article(rng, event, outlet, len(truth.articles), body))
    return truth


def write_corpus(truth: Truth, folder: Path) -> None:
    for article in truth.articles:
        path = folder / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text, encoding="utf-8")
        if article.sidecar:
            path.with_name(path.stem + ".meta.json").write_text(
                json.dumps(article.sidecar, ensure_ascii=False), encoding="utf-8"
            )
