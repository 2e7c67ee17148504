"""Whether one real thing is one entity, on a warehouse of real news (issue 30's corpus targets).

Usage: uv run python -m bench.real_entities DATA_DIR [DATA_DIR_BEFORE]
DATA_DIR is the data directory of `vnews run --input <real articles>` (for issue 30: the 1,000 baomoi
articles of bench.real_news, never committed). With a second data directory (the same articles loaded
by an older vnews), both are measured side by side. Prints:
- alias groups: name variants of one thing (general knowledge below, the kinds the issue lists) of
  which at least two were mentioned; merged when all their mentions count for one entity; and the share
  of the group's mentions in its largest entity;
- one type per name: over surfaces mentioned 10 times or more, the share of mentions with the surface's
  usual type;
- spans that start or end with a word that starts sentences (Theo, Nhưng …): their share of mentions;
- people named by one bare word counted in several articles ("Minh" in ten articles as one person);
- the top entities per type.
"""

import sys
from pathlib import Path

import duckdb

# Variants of one real thing: world knowledge (administrative prefixes, abbreviations, short forms of
# people in the news of 2017), not lists drawn from the corpus.
ALIAS_GROUPS = [
    ["Donald Trump", "Trump"],
    ["Shinzo Abe", "Abe"],
    ["Emmanuel Macron", "Macron"],
    ["Vladimir Putin", "Putin"],
    ["Barack Obama", "Obama"],
    ["Angela Merkel", "Merkel"],
    ["Rodrigo Duterte", "Duterte"],
    ["James Comey", "Comey"],
    ["Rex Tillerson", "Tillerson"],
    ["Theresa May", "May"],
    ["Kim Jong-un", "Kim Jong Un", "Kim Jong-Un"],
    ["Moon Jae-in", "Moon Jae In", "Moon Jae-In"],
    ["Tập Cận Bình", "Tập"],
    ["Nguyễn Hữu Thắng", "Hữu Thắng"],
    ["Nguyễn Công Phượng", "Công Phượng"],
    ["Nguyễn Quang Hải", "Quang Hải"],
    ["Nguyễn Xuân Phúc", "Xuân Phúc"],
    ["Hà Nội", "TP Hà Nội", "TP. Hà Nội", "thành phố Hà Nội", "Thành phố Hà Nội"],
    [
        "TP.HCM",
        "TP. HCM",
        "TP HCM",
        "TPHCM",
        "TP Hồ Chí Minh",
        "TP. Hồ Chí Minh",
        "thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
    ],
    ["Đà Nẵng", "TP Đà Nẵng", "TP. Đà Nẵng", "thành phố Đà Nẵng", "Thành phố Đà Nẵng"],
    ["Hải Phòng", "TP Hải Phòng", "thành phố Hải Phòng"],
    ["Cần Thơ", "TP Cần Thơ", "thành phố Cần Thơ"],
    ["Quảng Nam", "tỉnh Quảng Nam", "Tỉnh Quảng Nam"],
    ["Nghệ An", "tỉnh Nghệ An", "Tỉnh Nghệ An"],
    ["UBND TP Hà Nội", "UBND thành phố Hà Nội", "UBND TP. Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"],
    ["UBND TP.HCM", "UBND TP HCM", "UBND TP. HCM", "UBND thành phố Hồ Chí Minh", "UBND TP Hồ Chí Minh"],
    ["Mỹ", "Hoa Kỳ"],
    ["Liên hợp quốc", "LHQ", "Liên Hợp Quốc"],
]
# Words that start a sentence when capitalized mid-line, and that no name starts or ends with (chosen apart from
# the tagger's own list, gazetteer.SENTENCE_START_WORDS, so that the measure is not the rule).
SENTENCE_START_WORDS = {
    "Theo",
    "Việc",
    "Nhưng",
    "Trong",
    "Khi",
    "Về",
    "Vị",
    "Còn",
    "Tuy nhiên",
    "Sau",
    "Trước",
    "Ngoài",
    "Với",
    "Cũng",
    "Đây",
    "Nếu",
    "Để",
    "Bên",
    "Cùng",
    "Trên",
    "Dù",
    "Vì",
    "Bởi",
    "Lúc",
    "Riêng",
    "Qua",
    "Ở",
    "Đó",
    "Mặc",
    "Chỉ",
    "Hôm",
    "Mới",
    "Ngay",
}


def measure(data_dir: Path) -> dict:
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    mentions = con.execute("""
        select regexp_replace(trim(m.surface), '\\s+', ' ', 'g') as surface, m.type, m.entity_id
        from entity_mentions as m join document_sentences as o using (sentence_id)
        where m.type <> 'DATE'""").fetchall()
    by_surface: dict[str, list[tuple[str, str]]] = {}
    for surface, entity_type, entity_id in mentions:
        by_surface.setdefault(surface, []).append((entity_type, entity_id))
    groups = []
    for variants in ALIAS_GROUPS:
        present = [v for v in variants if v in by_surface]
        if len(present) < 2:
            continue
        ids = [entity_id for v in present for _, entity_id in by_surface[v]]
        largest = max(ids.count(i) for i in set(ids))
        groups.append((variants[0], len(present), len(set(ids)), largest / len(ids)))
    seen_often = [rows for rows in by_surface.values() if len(rows) >= 10]
    usual = sum(max([t for t, _ in rows].count(t) for t in {t for t, _ in rows}) for rows in seen_often)
    often_total = sum(len(rows) for rows in seen_often)
    starts = sum(
        len(rows)
        for surface, rows in by_surface.items()
        if surface.split()[0] in SENTENCE_START_WORDS
        or surface.split()[-1] in SENTENCE_START_WORDS
        or " ".join(surface.split()[:2]) in SENTENCE_START_WORDS
    )
    bare = con.execute("""
        select name, n_documents from entities
        where type = 'PER' and not contains(name, ' ') and n_documents > 1 order by n_documents desc""").fetchall()
    top = {
        t: con.execute(
            "select name, n_mentions, n_documents from entities where type = ? order by n_mentions desc, name limit 10",
            [t],
        ).fetchall()
        for t in ("PER", "LOC", "ORG", "MISC")
    }
    counts = con.execute(
        "select count(*), count(distinct entity_id) from entity_mentions where type <> 'DATE'"
    ).fetchone()
    return {
        "groups": groups,
        "usual": usual,
        "often_total": often_total,
        "n_often": len(seen_often),
        "starts": starts,
        "mentions": len(mentions),
        "bare": bare,
        "top": top,
        "distinct_mentions": counts,
    }


def report(label: str, m: dict) -> None:
    merged = sum(1 for g in m["groups"] if g[2] == 1)
    print(f"## {label}\n")
    print(
        f"{m['distinct_mentions'][0]:,} name mentions in distinct sentences ({m['mentions']:,} counted per article), "
        f"{m['distinct_mentions'][1]:,} entities\n"
    )
    print(
        f"- alias groups present: {len(m['groups'])}, merged into one entity: **{merged}** "
        f"({merged / max(len(m['groups']), 1):.0%}); mentions in the group's largest entity: "
        f"{sum(g[3] for g in m['groups']) / max(len(m['groups']), 1):.1%} (mean over groups)"
    )
    print(
        f"- one type per name: {m['usual'] / max(m['often_total'], 1):.2%} of the {m['often_total']:,} mentions "
        f"of the {m['n_often']} surfaces seen ≥ 10 times carry the surface's usual type"
    )
    print(
        f"- spans starting or ending with a sentence-start word: {m['starts']:,} of {m['mentions']:,} "
        f"({m['starts'] / max(m['mentions'], 1):.2%})"
    )
    print(
        f"- one-word person names counted in more than one article: {len(m['bare'])} "
        f"(top: {', '.join(f'{n} {d}' for n, d in m['bare'][:8])})\n"
    )
    print("| alias group (first variant) | variants present | entities | mentions in the largest |\n|---|---|---|---|")
    for name, present, entities, share in m["groups"]:
        print(f"| {name} | {present} | {entities} | {share:.0%} |")
    print()
    for entity_type, rows in m["top"].items():
        print(f"- top {entity_type}: " + ", ".join(f"{n} ({k}/{d})" for n, k, d in rows))
    print()


def main() -> None:
    dirs = [Path(a) for a in sys.argv[1:]]
    for label, data_dir in zip(("this vnews", "before"), dirs):
        report(f"{label}: {data_dir}", measure(data_dir))


if __name__ == "__main__":
    main()
