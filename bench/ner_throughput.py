"""Entity-tagging throughput: one process vs the flow's process task runner, on the same sentences.

Usage: uv run python -m bench.ner_throughput [N_SENTENCES]   (default 2,000 real sentences from bench/corpus.py)
The parallel run is a real nightly-ingest tag stage: `tag_entities` under ProcessPoolTaskRunner(2).
"""

import sys
import time

from prefect import flow

from bench.corpus import real_sentences
from flows.nightly_ingest import make_task_runner, tag_entities
from transforms.entities import EntityTagger, mention_rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sentences = [{"sentence_id": f"s{i}", "text": t} for i, t in enumerate(real_sentences()[:n])]
    tagger = EntityTagger()
    tagger.tag(sentences[0]["text"])  # load the models before timing

    start = time.perf_counter()
    serial = mention_rows(sentences, tagger)[0]
    serial_seconds = time.perf_counter() - start

    @flow(task_runner=make_task_runner("process"))
    def tag_in_parallel():  # no parameters: Prefect stores a flow's parameters, and these are large
        return tag_entities(sentences)

    start = time.perf_counter()
    parallel = tag_in_parallel()[0]
    parallel_seconds = time.perf_counter() - start
    assert parallel == serial, "the process runner must give the same mentions"
    print(f"\n{len(sentences):,} sentences, {len(serial):,} mentions (identical both ways)\n")
    print("| runner | seconds | sentences/s |\n|---|---|---|")
    print(f"| one process | {serial_seconds:.1f} | {len(sentences) / serial_seconds:.0f} |")
    print(f"| process task runner, 2 workers (incl. worker start) | {parallel_seconds:.1f} | {len(sentences) / parallel_seconds:.0f} |")
    print(f"\nspeed-up {serial_seconds / parallel_seconds:.2f}x")


if __name__ == "__main__":
    main()
