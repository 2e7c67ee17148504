"""Sentence-boundary precision/recall of vnews's splitter vs underthesea's sent_tokenize alone.

Usage: uv run python -m bench.eval_sentences [annotated-file]
The file has one paragraph per line with " ‖ " at every true boundary.
"""

import sys
from pathlib import Path

from underthesea import sent_tokenize

from transforms.sentences import split_sentences

ANNOTATED = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentence_boundaries.txt"
MARK = " ‖ "


def read_annotated(path: Path = ANNOTATED) -> list[tuple[str, set[int]]]:
    """(paragraph text, true boundary offsets): a boundary is where a sentence that is not the last one ends."""
    paragraphs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sentences = line.split(MARK)
        boundaries, offset = set(), 0
        for sentence in sentences[:-1]:
            offset += len(sentence)
            boundaries.add(offset)
            offset += 1  # the space the mark replaced
        paragraphs.append((" ".join(sentences), boundaries))
    return paragraphs


def sent_tokenize_boundaries(text: str) -> set[int]:
    ends, cursor = [], 0
    for piece in sent_tokenize(text):
        cursor = text.find(piece, cursor) + len(piece)
        ends.append(cursor)
    return set(ends[:-1])


def vnews_boundaries(text: str) -> set[int]:
    return {s.char_end for s in split_sentences(text)[:-1]}


def score(splitter, paragraphs) -> dict[str, float]:
    true_positives = predicted = actual = 0
    for text, truth in paragraphs:
        found = splitter(text)
        true_positives += len(found & truth)
        predicted += len(found)
        actual += len(truth)
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / actual if actual else 1.0
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall or 1)}


def main() -> None:
    paragraphs = read_annotated(Path(sys.argv[1]) if len(sys.argv) > 1 else ANNOTATED)
    n_boundaries = sum(len(b) for _, b in paragraphs)
    print(f"{len(paragraphs)} paragraphs, {n_boundaries} true boundaries\n")
    print("| splitter | precision | recall | F1 |\n|---|---|---|---|")
    for name, splitter in (("underthesea sent_tokenize", sent_tokenize_boundaries), ("vnews split_sentences", vnews_boundaries)):
        s = score(splitter, paragraphs)
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")


if __name__ == "__main__":
    main()
