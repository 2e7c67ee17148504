"""Entity-mention precision/recall/F1 per type (exact spans): raw underthesea vs vnews.

Usage: uv run python -m bench.eval_ner [gold-file]   (default data/eval/ner_gold.txt)
Also reports tagging speed (sentences/s) of both.
"""

import sys
from pathlib import Path

from tests.annotated import GOLD, read_gold, scores
from transforms.entities import EntityTagger, bio_spans


def raw_underthesea(text: str) -> set[tuple[int, int, str]]:
    from underthesea import ner

    return {(m.char_start, m.char_end, m.type) for m in bio_spans(text, ner(text))}


def main() -> None:
    examples = read_gold(Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD)
    raw_underthesea(examples[0][0])  # load the models before timing
    tagger = EntityTagger()
    tagger.tag(examples[0][0])
    results = {
        "raw underthesea ner()": scores(examples, raw_underthesea),
        "vnews": scores(examples, lambda t: {(m.char_start, m.char_end, m.type) for m in tagger.tag(t)}),
    }
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
