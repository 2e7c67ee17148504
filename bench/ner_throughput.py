"""Entity-tagging throughput: raw underthesea `ner()` vs `CrfChain`, and the flow's tagging stage on 1 vs 2 cores.

Usage: uv run python -m bench.ner_throughput [N_SENTENCES]   (default 8,000 distinct generated sentences)
All rows tag the same sentences. Raw `ner()`, `CrfChain` and `EntityTagger.tag` (the chain and the rules, the
tagger per core) are timed in turns, 200 sentences each, so that the machine's drift falls on all three. The stage
rows are real nightly-ingest tagging stages (`tag_entities` inside a flow) under the thread runner (one process)
and the process runner (one worker per core). As in the flow, the workers start and load the models before the
stage (the flow does it while it reads the first files); that time is reported beside.
Set PREFECT_API_URL to measure against a running `prefect server`; without it the flow
uses a temporary local server, which shares the two cores.
"""

import os
import sys
import time

from prefect import flow
from underthesea import ner

from flows.tagging import load_tagger, started_taggers, tag_entities
from tests.corpus import generate
from transforms.crf_chain import CrfChain
from transforms.entities import EntityTagger

CHUNK = 200  # sentences timed at a time, raw `ner()`, `CrfChain` and `EntityTagger` in turns


def distinct_sentences(n: int) -> list[str]:
    texts = dict.fromkeys(o.text for article in generate(n // 5 + 10) for o in article if o.kind == "original")
    return list(texts)[:n]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def tagging_stage(kind: str, sentences: list[dict]) -> tuple[tuple, float, float]:
    """(mentions, entities and aliases; seconds of the stage; seconds before it to start the workers and load
    the models).

    As in nightly-ingest, the workers are started first (there, while the first files are read).
    """

    @flow(name=f"bench-tagging-{kind}")
    def stage():  # no parameters: Prefect stores a flow's parameters, and these are large
        start = time.perf_counter()
        with started_taggers(kind, None, bytes_to_read=1) as taggers:
            [taggers.submit(load_tagger, {}).result() for _ in range(os.cpu_count())]
            start_seconds = time.perf_counter() - start
            tagged, seconds = timed(tag_entities, taggers, sentences)
        return tagged, seconds, start_seconds

    return stage()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    texts = distinct_sentences(n)
    chain, tagger = CrfChain(), EntityTagger()
    ner(texts[0]), chain(texts[0]), tagger.tag(texts[0])  # load the models before timing
    raw, fast, seconds = [], [], {"raw": 0.0, "chain": 0.0, "tagger": 0.0}
    for start in range(0, n, CHUNK):  # in turns, chunk by chunk: the machine's drift falls on all three alike
        chunk = texts[start : start + CHUNK]
        for name, function, out in (("raw", ner, raw), ("chain", chain, fast), ("tagger", tagger.tag, [])):
            tagged, chunk_seconds = timed(lambda f, texts: [f(t) for t in texts], function, chunk)
            out += tagged
            seconds[name] += chunk_seconds
    raw_seconds, fast_seconds = seconds["raw"], seconds["chain"]
    differing = sum(a != b for a, b in zip(raw, fast))

    rows = [{"sentence_id": f"s{i}", "text": t} for i, t in enumerate(texts)]
    one, one_seconds, one_start = tagging_stage("thread", rows)
    two, two_seconds, two_start = tagging_stage("process", rows)
    assert two == one, "the process runner must give the same mentions"

    words = sum(len(t.split()) for t in texts)
    print(
        f"\n{len(texts):,} distinct sentences ({words / len(texts):.1f} words each), {os.cpu_count()} cores, "
        f"PREFECT_API_URL {'set' if os.environ.get('PREFECT_API_URL') else 'unset (temporary server)'}\n"
    )
    print("| what | seconds | sentences/s | ratio |\n|---|---|---|---|")
    print(f"| raw underthesea `ner()`, one process | {raw_seconds:.1f} | {n / raw_seconds:.0f} | 1.00 |")
    print(
        f"| `CrfChain` (same models), one process; {differing} of {n:,} outputs differ | {fast_seconds:.1f} "
        f"| {n / fast_seconds:.0f} | {raw_seconds / fast_seconds:.2f} × raw |"
    )
    print(
        f"| `EntityTagger.tag` (chain + rules), one process | {seconds['tagger']:.1f} | {n / seconds['tagger']:.0f} "
        f"| **{raw_seconds / seconds['tagger']:.2f} × raw** |"
    )
    print(
        f"| tagging stage (chain + rules), thread runner, 1 process | {one_seconds:.1f} "
        f"| {n / one_seconds:.0f} | 1.00 |"
    )
    print(
        f"| tagging stage, process runner, {os.cpu_count()} workers | {two_seconds:.1f} "
        f"| {n / two_seconds:.0f} | **{one_seconds / two_seconds:.2f} × 1 process** |"
    )
    both = (one_seconds + one_start) / (two_seconds + two_start)
    print(
        f"\nStarting the workers and loading the models before the stage: thread runner {one_start:.1f} s, "
        f"process runner {two_start:.1f} s; counting it in, the ratio is {both:.2f}."
    )


if __name__ == "__main__":
    main()
