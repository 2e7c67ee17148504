"""Canonical entities (issue 30): B-cubed precision/recall/F1 of `vnews run` against data/eval/real_canonical.tsv.

Usage: PYTHONPATH=. python -m bench.eval_canonical [--gold data/eval/real_canonical.tsv] [--surfaces] [--worst N]

The gold names articles of github magizbox/scraper (vn_news/data/<id>.txt) by id and offsets only; the articles
are read at run time from the local mirror (VNEWS_SCRAPER_MIRROR, default /work/.mirror/magizbox+scraper/repo/.git),
written to a temporary folder as <id>.txt and ingested by the real CLI (`vnews run --input TMP --data-dir TMP2`,
a fresh data directory). Each system mention is placed in its document (document_sentences.char_start +
entity_mentions.char_start, per doc_id through documents.source_path), mapped back from vnews's cleaned document
text to the file's NFC text, and matched to the gold mentions by exact offsets (an overlap fallback is reported
separately). B-cubed is computed over the gold mentions: a gold mention's system cluster is the entity_id of its
matched system mention; an unmatched gold mention is a singleton of its own. --surfaces prints the words of the
worst clusters read from the articles at run time (printed, never written to the repository).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "data" / "eval" / "real_canonical.tsv"
MIRROR = os.environ.get("VNEWS_SCRAPER_MIRROR", "/work/.mirror/magizbox+scraper/repo/.git")
TYPES = ("PER", "LOC", "ORG", "MISC", "DATE")


def read_gold(path: Path = GOLD) -> list[tuple[str, int, int, str, str]]:
    """(file_id, char_start, char_end, type, cluster) per row.

    '#' lines are comments, the first other line the header."""
    rows, header = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if header != ["file_id", "char_start", "char_end", "type", "cluster"]:
                raise ValueError(f"{path}: unexpected header {header}")
            continue
        file_id, start, end, kind, cluster = fields
        rows.append((file_id, int(start), int(end), kind, cluster))
    return rows


def article_bytes(file_id: str, mirror: str = MIRROR) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", "show", f"HEAD:vn_news/data/{file_id}.txt"], capture_output=True, check=True
    ).stdout


def article_text(file_id: str, mirror: str = MIRROR) -> str:
    """The file's text as the gold offsets count it: UTF-8, NFC."""
    return unicodedata.normalize("NFC", article_bytes(file_id, mirror).decode("utf-8"))


def align(clean: str, raw: str) -> list[int]:
    """offset in `raw` of every character of `clean` (and len(raw) at the end): vnews's cleaning only drops
    characters (CR, invisible ones, repeated spaces, line-edge spaces) and turns space-like ones into a space."""
    mapping, j = [], 0
    for char in clean:
        while j < len(raw) and not (
            raw[j] == char or (char == " " and raw[j].isspace() and raw[j] != "\n") or (char == "\n" and raw[j] == "\r")
        ):
            j += 1
        if j >= len(raw):
            raise ValueError("cleaned text does not align with the file text")
        mapping.append(j)
        j += 1
    mapping.append(j if not clean else mapping[-1] + 1)
    return mapping


def run_vnews(input_dir: str, data_dir: str) -> float:
    script = Path(sys.executable).with_name("vnews")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from vnews.cli import main; main()"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    start = time.perf_counter()
    done = subprocess.run(
        command + ["run", "--input", input_dir, "--data-dir", data_dir], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"vnews run failed:\n{done.stderr[-3000:]}")
    print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(vnews run printed nothing)")
    return time.perf_counter() - start


def system_mentions(data_dir: str, texts: dict[str, str]) -> tuple[dict, Counter]:
    """{file_id: [(start, end, type, entity_id)]} in file-text offsets; and a counter of alignment problems."""
    import duckdb

    from transforms.normalize import clean_document_text

    con = duckdb.connect(str(Path(data_dir) / "warehouse.duckdb"), read_only=True)
    docs = dict(con.execute("SELECT doc_id, source_path FROM documents").fetchall())
    rows = con.execute("""
        SELECT ds.doc_id, ds.char_start + em.char_start, ds.char_start + em.char_end, em.type, em.entity_id,
               ds.char_start, ds.char_end, s.text
        FROM document_sentences ds JOIN entity_mentions em USING (sentence_id) JOIN sentences s USING (sentence_id)
    """).fetchall()
    con.close()
    problems, out, maps, cleaned = Counter(), defaultdict(set), {}, {}
    for doc_id, path in docs.items():
        file_id = Path(path).stem
        if file_id in texts:
            cleaned[doc_id] = clean_document_text(texts[file_id])
            maps[doc_id] = (file_id, align(cleaned[doc_id], texts[file_id]))
    for doc_id, start, end, kind, entity_id, s_start, s_end, s_text in rows:
        if doc_id not in maps:
            problems["mention in a document that is no gold file"] += 1
            continue
        file_id, mapping = maps[doc_id]
        if cleaned[doc_id][s_start:s_end] != s_text:
            problems["sentence text differs from the cleaned document at its offsets"] += 1
        out[file_id].add((mapping[start], mapping[end - 1] + 1, kind, entity_id))
    return out, problems


def bcubed(gold_cluster: dict, system_cluster: dict) -> tuple[float, float, float]:
    by_gold, by_system = defaultdict(set), defaultdict(set)
    for mention, cluster in gold_cluster.items():
        by_gold[cluster].add(mention)
        by_system[system_cluster[mention]].add(mention)
    precision = recall = 0.0
    for mention in gold_cluster:
        g, s = by_gold[gold_cluster[mention]], by_system[system_cluster[mention]]
        both = len(g & s)
        precision += both / len(s)
        recall += both / len(g)
    n = len(gold_cluster)
    precision, recall = precision / n, recall / n
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def match(gold, system, overlap: bool) -> dict:
    """gold mention -> system entity_id (exact offsets; with overlap, the most-overlapping system mention next)."""
    found = {}
    for file_id, start, end, _, _ in gold:
        mentions = system.get(file_id, ())
        exact = [m for m in mentions if m[0] == start and m[1] == end]
        if exact:
            found[(file_id, start, end)] = exact[0][3]
        elif overlap:
            best = max(mentions, key=lambda m: min(end, m[1]) - max(start, m[0]), default=None)
            if best is not None and min(end, best[1]) - max(start, best[0]) > 0:
                found[(file_id, start, end)] = best[3]
    return found


def report(gold, system, texts, overlap: bool, worst: int, surfaces: bool) -> None:
    found = match(gold, system, overlap)
    gold_cluster = {(f, s, e): c for f, s, e, _, c in gold}
    system_cluster = {m: found.get(m, ("unmatched",) + m) for m in gold_cluster}
    p, r, f1 = bcubed(gold_cluster, system_cluster)
    label = "exact offsets, then overlap" if overlap else "exact offsets"
    print(f"\n## Matching by {label}\n")
    print(f"gold mentions matched: {len(found)} / {len(gold)} ({len(found) / len(gold):.1%})")
    print(f"B-cubed precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    lp, lr, lf1 = bcubed({m: c for m, c in gold_cluster.items() if m in found}, system_cluster)
    print(f"linking alone (over the {len(found)} matched mentions): precision {lp:.3f}  recall {lr:.3f}  F1 {lf1:.3f}")
    split, merged = defaultdict(set), defaultdict(set)
    for mention, cluster in gold_cluster.items():
        split[cluster].add(system_cluster[mention])
        merged[system_cluster[mention]].add(cluster)
    members = defaultdict(list)
    for mention, cluster in gold_cluster.items():
        members[cluster].append(mention)
    print("\nworst gold clusters (split across most system entities; unmatched mentions count one each):")
    print("| cluster | mentions | articles | system entities | unmatched |\n|---|---|---|---|---|")
    for cluster in sorted(split, key=lambda c: (-len(split[c]), c))[:worst]:
        ms = members[cluster]
        unmatched = sum(1 for m in ms if m not in found)
        words = ""
        if surfaces:
            words = "  " + "; ".join(sorted({texts[f][s:e] for f, s, e in ms}))[:120]
        print(f"| {cluster} | {len(ms)} | {len({m[0] for m in ms})} | {len(split[cluster])} | {unmatched} |{words}")
    print("\nworst system entities (merging most gold clusters):")
    print("| entity_id | gold clusters | gold mentions | example mentions (file:start-end) |\n|---|---|---|---|")
    real = {k: v for k, v in merged.items() if not (isinstance(k, tuple) and k[0] == "unmatched")}
    for entity in sorted(real, key=lambda k: (-len(real[k]), str(k)))[:worst]:
        if len(real[entity]) < 2:
            break
        ms = [m for m in gold_cluster if system_cluster[m] == entity]
        examples = ", ".join(f"{f}:{s}-{e}({gold_cluster[(f, s, e)]})" for f, s, e in ms[:4])
        words = ("  " + "; ".join(sorted({texts[f][s:e] for f, s, e in ms}))[:120]) if surfaces else ""
        print(f"| {entity} | {len(real[entity])} | {len(ms)} | {examples} |{words}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--surfaces", action="store_true", help="print the words of the worst clusters (never saved)")
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    gold = read_gold(args.gold)
    ids = sorted({row[0] for row in gold}, key=int)
    clusters = Counter(row[4] for row in gold)
    docs_per_cluster = defaultdict(set)
    for row in gold:
        docs_per_cluster[row[4]].add(row[0])
    print(
        f"gold: {len(gold)} mentions, {len(ids)} articles, {len(clusters)} clusters "
        f"({sum(len(d) > 1 for d in docs_per_cluster.values())} across articles), "
        f"types {dict(Counter(row[3] for row in gold))}"
    )
    with tempfile.TemporaryDirectory(prefix="vnews-canonical-") as tmp:
        input_dir, data_dir = Path(tmp) / "articles", Path(tmp) / "data"
        input_dir.mkdir()
        texts = {}
        for file_id in ids:
            raw = article_bytes(file_id)
            (input_dir / f"{file_id}.txt").write_bytes(raw)
            texts[file_id] = unicodedata.normalize("NFC", raw.decode("utf-8"))
        print(f"vnews run --input <{len(ids)} articles> --data-dir <fresh>: ", end="", flush=True)
        seconds = run_vnews(str(input_dir), str(data_dir))
        print(f"({seconds:.0f} s)")
        system, problems = system_mentions(str(data_dir), texts)
    for problem, n in problems.items():
        print(f"warning: {n} × {problem}")
    print(f"system mentions in the gold articles: {sum(len(v) for v in system.values())}")
    for overlap in (False, True):
        report(gold, system, texts, overlap, args.worst, args.surfaces)


if __name__ == "__main__":
    main()
