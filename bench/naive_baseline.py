"""The naive baseline the pipeline is measured against: no dedup, no cache, no warehouse.

Usage: uv run python -m bench.naive_baseline INPUT_DIR OUT.parquet [trivial]
Decodes every file (UTF-8, else charset-normalizer's best guess), splits it with underthesea's
`sent_tokenize`, runs `ner()` on every sentence, and writes every token with its tags to one
Parquet file. Prints a JSON line: stage seconds, counts and peak RSS. With `trivial`, `ner()` is
swapped for whitespace tokens tagged O (for bench.nightly_cost, whose vnews runs swap the CRF too).
"""

import json
import resource
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from charset_normalizer import from_bytes
from underthesea import ner, sent_tokenize


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return str(from_bytes(raw).best())


def trivial_ner(sentence: str) -> list[tuple[str, str, str, str]]:
    """`ner()`'s output shape without its cost: whitespace tokens, every tag O."""
    return [(token, "", "", "O") for token in sentence.split()]


def main(input_dir: Path, out: Path, tag=ner) -> dict:
    seconds = dict.fromkeys(("decode", "split", "ner", "write"), 0.0)
    rows = {"file": [], "sentence": [], "token": [], "pos": [], "chunk": [], "ner": []}
    n_files = n_sentences = 0
    for path in sorted(input_dir.glob("*.txt")):
        start = time.perf_counter()
        text = decode(path.read_bytes())
        decoded = time.perf_counter()
        sentences = sent_tokenize(text)
        split = time.perf_counter()
        for number, sentence in enumerate(sentences):
            for token, pos, chunk, entity in tag(sentence):
                for column, value in zip(rows, (path.name, number, token, pos, chunk, entity)):
                    rows[column].append(value)
        tagged = time.perf_counter()
        seconds["decode"] += decoded - start
        seconds["split"] += split - decoded
        seconds["ner"] += tagged - split
        n_files += 1
        n_sentences += len(sentences)
    start = time.perf_counter()
    pq.write_table(pa.table(rows), out)
    seconds["write"] = time.perf_counter() - start
    return {
        "files": n_files,
        "sentences": n_sentences,
        "tokens": len(rows["token"]),
        "stage_seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    input_dir, out, *mode = sys.argv[1:]
    if mode not in ([], ["trivial"]):
        sys.exit(__doc__)
    print(json.dumps(main(Path(input_dir), Path(out), trivial_ner if mode else ner)))
