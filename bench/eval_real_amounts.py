"""Amounts in real articles (issue 30, point 3): spans, values and units against data/eval/real_amounts.tsv (tuning) and
real_amounts_heldout.tsv (annotated after the rules changed).

Usage: uv run python -m bench.eval_real_amounts [REAL1000_DIR]
The annotated articles are read at run time from the local mirror of github magizbox/scraper
(/work/.mirror/magizbox+scraper/repo/.git, `git show HEAD:vn_news/data/<id>.txt`); no article text is stored in
this repository. Scores exact-span precision, recall and F1 over the fully annotated sentences, and value
accuracy (relative error under 1e-9) and unit accuracy on the matched spans. With REAL1000_DIR (a folder of
.txt articles), also runs find_amounts over every sentence of every file there and counts exceptions.
"""

import math
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from transforms.amounts import find_amounts
from transforms.sentences import split_sentences

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"
GOLD = EVAL / "real_amounts.tsv"  # the rules were changed against it
HELDOUT = EVAL / "real_amounts_heldout.tsv"  # annotated afterwards, never used to change them
MIRROR = "/work/.mirror/magizbox+scraper/repo/.git"


def article_text(file_id: str) -> str:
    raw = subprocess.run(
        ["git", "--git-dir", MIRROR, "show", f"HEAD:vn_news/data/{file_id}.txt"], capture_output=True, check=True
    ).stdout
    return unicodedata.normalize("NFC", raw.decode("utf-8"))


def read_gold(path: Path = GOLD) -> tuple[list[tuple[str, int, int]], dict]:
    """The fully annotated sentences (file_id, start, end) and the amounts keyed by (file_id, start, end)."""
    sentences, amounts = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("row\t"):
            continue
        row, file_id, start, end, *rest = line.split("\t")
        if row == "sentence":
            sentences.append((file_id, int(start), int(end)))
        else:
            value, unit, kind = rest
            amounts[(file_id, int(start), int(end))] = (float(value), unit or None, kind)
    return sentences, amounts


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def score(find=find_amounts, path: Path = GOLD) -> dict:
    sentences, gold = read_gold(path)
    texts = {file_id: article_text(file_id) for file_id in {s[0] for s in sentences}}
    predicted = {}
    errors = 0
    for file_id, start, end in sentences:
        try:
            found = find(texts[file_id][start:end])
        except Exception:  # noqa: BLE001 - a bench counts them
            errors += 1
            continue
        for a in found:
            predicted[(file_id, start + a.char_start, start + a.char_end)] = (a.value, a.unit, a.kind)
    matched = set(predicted) & set(gold)
    precision, recall = len(matched) / max(len(predicted), 1), len(matched) / max(len(gold), 1)
    values = sum(same_value(predicted[k][0], gold[k][0]) for k in matched)
    units = sum(predicted[k][1] == gold[k][1] for k in matched)
    # Lenient: a gold amount whose value is found on an overlapping predicted span, whatever its edges.
    by_file = defaultdict(list)
    for key, amount in predicted.items():
        by_file[key[0]].append((key, amount))
    lenient = sum(
        any(k[1] < g[2] and g[1] < k[2] and same_value(a[0], gold[g][0]) for k, a in by_file[g[0]]) for g in gold
    )
    return {
        "sentences": len(sentences),
        "articles": len(texts),
        "gold": len(gold),
        "predicted": len(predicted),
        "matched": len(matched),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "value_accuracy": values / max(len(matched), 1),
        "unit_accuracy": units / max(len(matched), 1),
        "overlap_value_recall": lenient / max(len(gold), 1),
        "exceptions": errors,
    }


def exceptions_over(folder: Path, find=find_amounts) -> tuple[int, int, int]:
    """(files, sentences, exceptions) of find over every sentence of every .txt file in folder."""
    files = sentences = errors = 0
    for path in sorted(folder.glob("*.txt")):
        files += 1
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8", errors="replace"))
        for sentence in split_sentences(text):
            sentences += 1
            try:
                find(sentence.text)
            except Exception:  # noqa: BLE001 - a bench counts them
                errors += 1
    return files, sentences, errors


def main() -> None:
    for name, path in (("tuning", GOLD), ("held out", HELDOUT)):
        report(name, score(path=path))
    if sys.argv[1:]:
        files, sentences, errors = exceptions_over(Path(sys.argv[1]))
        print(f"{sys.argv[1]}: {files} files, {sentences} sentences, {errors} exceptions from find_amounts")


def report(name: str, s: dict) -> None:
    print(
        f"{name}: {s['sentences']} sentences of {s['articles']} articles, {s['gold']} annotated amounts, "
        f"{s['predicted']} found, {s['matched']} with exact spans, {s['exceptions']} exceptions"
    )
    print(
        "| span precision | recall | F1 | value accuracy (matched) | unit accuracy (matched) "
        "| value recall, overlapping span |\n|---|---|---|---|---|---|"
    )
    print(
        f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['value_accuracy']:.3f} "
        f"| {s['unit_accuracy']:.3f} | {s['overlap_value_recall']:.3f} |"
    )


if __name__ == "__main__":
    main()
