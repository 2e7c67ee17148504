"""Quotations (exact span, speaker) on the annotated set data/eval/quotations.tsv, with vnews's own entity
tagger giving the people the speakers are resolved to.

Usage: uv run python -m bench.eval_quotations [tuning|heldout|both] [--errors]
"""

import sys

from tests.annotated import quotation_scores, read_quotations
from transforms.entities import EntityTagger, canonical_name
from transforms.quotations import Person, find_quotations

TAGGER = EntityTagger()


def quotations_with_people(paragraph: str):
    people = [Person(m.char_start, m.char_end, canonical_name(m)) for m in TAGGER.tag(paragraph) if m.type == "PER"]
    return find_quotations(paragraph, people)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    halves = ("tuning", "heldout") if (args or ["both"])[0] == "both" else tuple(args[:1])
    print("| half | quotations | precision | recall | span F1 | speaker accuracy |\n|---|---|---|---|---|---|")
    for half in halves:
        s = quotation_scores(read_quotations(half), quotations_with_people)
        print(
            f"| {half} | {s['quotations']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
            f"| {s['speaker_accuracy']:.3f} |"
        )
    if "--errors" in sys.argv:
        for paragraph, expected in read_quotations(halves[0]):
            got = [(q.text, q.speaker, q.cue, q.is_direct) for q in quotations_with_people(paragraph)]
            if sorted((t, s) for t, s, _, _ in got) != sorted((t, s) for t, s, _, _ in expected):
                print(f"\n{paragraph}\n  gold {expected}\n  got  {got}")


if __name__ == "__main__":
    main()
