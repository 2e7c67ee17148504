"""Entity mentions on real news: raw underthesea `ner()` beside vnews's EntityTagger, per half and per type.

Usage: uv run python -m bench.eval_real_ner [tuning|heldout|both]   (default both)
The "vnews run" rows load each half's whole articles with `vnews run` and score what the warehouse holds for the
gold sentences: the tagger's rows see one sentence at a time, the run sees the article (short forms, the CRF's
one-word persons its article confirms, one type per entity).
       uv run python -m bench.eval_real_ner tuning --errors   (vnews's false positives and negatives, tuning half only)
       uv run python -m bench.eval_real_ner more [--errors]   (the second tuning set, data/eval/real_mentions_more.tsv)

Gold: data/eval/real_mentions.tsv (418 sentences of 48 baomoi articles of 2017, 12 categories, split in halves by
article before anything was tuned on it). The file holds offsets only; the sentences are read at run time from a bare
git mirror of github magizbox/scraper (default /work/.mirror/magizbox+scraper/repo/.git, or VNEWS_SCRAPER_MIRROR);
the bench stops with a message if it is absent. Scores: exact spans (`tests.annotated.scores`), and overlap (a
predicted span counts if it overlaps a gold span of the same type, a gold span is found if a predicted span of the
same type overlaps it). Tune on the tuning half only; the held-out half is for the targets (micro exact F1 >= 0.85,
ORG >= 0.80).
"""

import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

from bench.eval_canonical import article_bytes, run_vnews, system_mentions
from bench.eval_ner import raw_underthesea
from tests.annotated import (
    REAL_MENTIONS,
    REAL_MENTIONS_MORE,
    REAL_SPLITS,
    SCRAPER_MIRROR,
    read_real_mentions,
    read_real_table,
    real_articles,
    scores,
)
from transforms.entities import EntityTagger
from vnews.contract import ENTITY_TYPES

GROUPS = (*ENTITY_TYPES, "all")


def _overlaps(span, others) -> bool:
    return any(span[2] == o[2] and span[0] < o[1] and o[0] < span[1] for o in others)


def overlap_scores(examples, predictions) -> dict[str, dict[str, float]]:
    found, right_found, gold, right_gold = Counter(), Counter(), Counter(), Counter()
    for (_, expected), predicted in zip(examples, predictions):
        for span in predicted:
            found[span[2]] += 1
            right_found[span[2]] += _overlaps(span, expected)
        for span in expected:
            gold[span[2]] += 1
            right_gold[span[2]] += _overlaps(span, predicted)
    table = {}
    for group in GROUPS:
        types = ENTITY_TYPES if group == "all" else (group,)
        p_num, p_den, r_num, r_den = (sum(c[t] for t in types) for c in (right_found, found, right_gold, gold))
        precision, recall = (p_num / p_den if p_den else 0.0), (r_num / r_den if r_den else 0.0)
        table[group] = {
            "precision": precision,
            "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        }
    return table


def print_errors(tagger: EntityTagger, path: Path = REAL_MENTIONS) -> None:
    """vnews's errors on the tuning half, one a line: FP/FN, file:start-end (article offsets), type, and the surface
    read from the mirror at run time (never stored); a span tagged with the wrong type shows as one FP and one FN."""
    sentences, mentions = read_real_table(path)
    sentences = [s for s in sentences if s[2] == "tuning"]
    texts = real_articles({s[0] for s in sentences})
    for file_id, _, _, a, b in sentences:
        text = texts[file_id][a:b]
        gold = {(s - a, e - a, t) for f, s, e, t in mentions if f == file_id and a <= s and e <= b}
        found = {(m.char_start, m.char_end, m.type) for m in tagger.tag(text)}
        for label, spans in (("FP", found - gold), ("FN", gold - found)):
            for s, e, t in sorted(spans):
                print(f"{label}\t{file_id}:{a + s}-{a + e}\t{t}\t{text[s:e]}")


def end_to_end(split: str, path: Path = REAL_MENTIONS) -> list[set[tuple[int, int, str]]]:
    """The mentions `vnews run` loads for the half's articles (whole articles in one warehouse: short forms linked,
    CRF guesses confirmed by their article, one type per entity), per gold sentence, as `scores` reads them."""
    sentences = [s for s in read_real_table(path)[0] if s[2] == split]
    with tempfile.TemporaryDirectory(prefix="vnews-real-ner-") as tmp:
        input_dir, texts = Path(tmp) / "articles", {}
        input_dir.mkdir()
        for file_id in sorted({s[0] for s in sentences}):
            raw = article_bytes(str(file_id))
            (input_dir / f"{file_id}.txt").write_bytes(raw)
            texts[str(file_id)] = unicodedata.normalize("NFC", raw.decode("utf-8"))
        print(f"vnews run --input <{len(texts)} articles of the {split} half>: ", end="", flush=True)
        run_vnews(str(input_dir), str(Path(tmp) / "data"))
        system, problems = system_mentions(str(Path(tmp) / "data"), texts)
    for problem, n in problems.items():
        print(f"warning: {n} × {problem}")
    return [
        {(start - a, end - a, kind) for start, end, kind, _ in system[str(file_id)] if a <= start and end <= b}
        for file_id, _, _, a, b in sentences
    ]


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--errors"]
    which = args[0] if args else "both"
    if which not in (*REAL_SPLITS, "both", "more"):
        raise SystemExit(f"usage: python -m bench.eval_real_ner [tuning|heldout|both|more] (not {which!r})")
    path = REAL_MENTIONS_MORE if which == "more" else REAL_MENTIONS
    if not SCRAPER_MIRROR.exists():
        raise SystemExit(
            f"the scraper mirror {SCRAPER_MIRROR} is absent: data/eval/real_mentions.tsv holds offsets only "
            "and the sentences are read from it (set VNEWS_SCRAPER_MIRROR to a bare clone of "
            "github magizbox/scraper)"
        )
    tagger = EntityTagger()
    if "--errors" in sys.argv:
        if which not in ("tuning", "more"):
            raise SystemExit("--errors lists tuning sentences only: python -m bench.eval_real_ner tuning --errors")
        return print_errors(tagger, path)
    taggers = {
        "raw ner()": raw_underthesea,
        "vnews": lambda text: {(m.char_start, m.char_end, m.type) for m in tagger.tag(text)},
    }
    splits = {"both": REAL_SPLITS, "more": ("tuning",)}.get(which, (which,))  # "more" is tuning sentences only
    for split in splits:
        examples = read_real_mentions(split, path)
        runs = {name: [tag(text) for text, _ in examples] for name, tag in taggers.items()}
        runs["vnews run (whole articles)"] = end_to_end(split, path)
        print(f"\n## {split}: {len(examples)} sentences, {sum(len(g) for _, g in examples)} gold mentions\n")
        print("| tagger | type | gold | precision | recall | exact F1 | overlap F1 |\n|---|---|---|---|---|---|---|")
        for name, predictions in runs.items():
            cached = iter(predictions)
            exact, _ = scores(examples, lambda _text, cached=cached: next(cached))
            overlap = overlap_scores(examples, predictions)
            for group in GROUPS:
                s = exact[group]
                label = "**micro (all)**" if group == "all" else group
                print(
                    f"| {name} | {label} | {s['gold']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
                    f"| {overlap[group]['f1']:.3f} |"
                )


if __name__ == "__main__":
    main()
