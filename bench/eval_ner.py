"""Entity-mention precision/recall/F1 per type (exact spans): raw underthesea vs vnews.

Usage: uv run python -m bench.eval_ner [gold-file]   (default data/eval/ner_gold.txt)
Also reports tagging speed (sentences/s) of both.
"""

import re
import sys
import time
from collections import Counter
from pathlib import Path

from transforms.entities import EntityTagger, bio_spans
from vnews.contract import ENTITY_TYPES

EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"
GOLD = EVAL_DIR / "ner_gold.txt"
_MARK = re.compile(r"\[(PER|LOC|ORG|MISC|DATE) ([^\]]+)\]")
_VERSION = re.compile(r"conventions(?:,|:)? (?:version )?(\d+)")


def conventions_version() -> str:
    """The version of data/eval/CONVENTIONS.md, which the rules follow and the gold files name."""
    return _VERSION.search((EVAL_DIR / "CONVENTIONS.md").read_text(encoding="utf-8").splitlines()[0]).group(1)


def read_gold(path: Path = GOLD) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(plain sentence, {(start, end, type)}) per annotated line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    named = _VERSION.search(lines[0]) if lines else None
    if not named or named.group(1) != conventions_version():
        raise ValueError(f"{path} is not annotated under conventions {conventions_version()} (first line: "
                         f"'# conventions: {conventions_version()}')")
    examples = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = [], set(), 0
        length = 0
        for match in _MARK.finditer(line):
            before = line[cursor:match.start()]
            text.append(before)
            length += len(before)
            spans.add((length, length + len(match.group(2)), match.group(1)))
            text.append(match.group(2))
            length += len(match.group(2))
            cursor = match.end()
        text.append(line[cursor:])
        examples.append(("".join(text), spans))
    return examples


def raw_underthesea(text: str) -> set[tuple[int, int, str]]:
    from underthesea import ner

    return {(m.char_start, m.char_end, m.type) for m in bio_spans(text, ner(text))}


def scores(examples, predict) -> tuple[dict[str, dict[str, float]], float]:
    tp, fp, fn = Counter(), Counter(), Counter()
    start = time.perf_counter()
    for text, gold in examples:
        predicted = predict(text)
        for span in predicted:
            (tp if span in gold else fp)[span[2]] += 1
        for span in gold - predicted:
            fn[span[2]] += 1
    speed = len(examples) / (time.perf_counter() - start)
    table = {}
    for group in (*ENTITY_TYPES, "PER+LOC+ORG", "all"):
        types = {"PER+LOC+ORG": ("PER", "LOC", "ORG"), "all": ENTITY_TYPES}.get(group, (group,))
        t, p, n = (sum(c[x] for x in types) for c in (tp, fp, fn))
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        table[group] = {"precision": precision, "recall": recall,
                        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "gold": t + n}
    return table, speed


def main() -> None:
    examples = read_gold(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
    raw_underthesea(examples[0][0])  # load the models before timing
    tagger = EntityTagger()
    tagger.tag(examples[0][0])
    results = {"raw underthesea ner()": scores(examples, raw_underthesea),
               "vnews": scores(examples, lambda t: {(m.char_start, m.char_end, m.type) for m in tagger.tag(t)})}
    print(f"{len(examples)} sentences\n")
    print("| tagger | type | gold | precision | recall | F1 |\n|---|---|---|---|---|---|")
    for name, (table, _) in results.items():
        for group, s in table.items():
            print(f"| {name} | {group} | {s['gold']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")
    print("\n| tagger | sentences/s |\n|---|---|")
    for name, (_, speed) in results.items():
        print(f"| {name} | {speed:.1f} |")


if __name__ == "__main__":
    main()
