"""Sentence-boundary precision/recall of vnews's splitter vs underthesea's sent_tokenize alone.

Usage: uv run python -m bench.eval_sentences [annotated-file]
The file has one paragraph per line with " ‖ " at every true boundary.
"""

import sys
from pathlib import Path

from tests.annotated import ANNOTATED, read_annotated, score, sent_tokenize_boundaries, vnews_boundaries


def main() -> None:
    paragraphs = read_annotated(Path(sys.argv[1]) if len(sys.argv) > 1 else ANNOTATED)
    n_boundaries = sum(len(b) for _, b in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {n_boundaries} true boundaries\n")
    print("| splitter | precision | recall | F1 |\n|---|---|---|---|")
    for name, splitter in (
        ("underthesea sent_tokenize", sent_tokenize_boundaries),
        ("vnews split_sentences", vnews_boundaries),
    ):
        s = score(splitter, paragraphs)
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")


if __name__ == "__main__":
    main()
