"""One article's (or one sentence's) failure in a stage, contained: recorded with the stage and the reason, never
raised, so that one odd input never stops a night. A failure is a bug in a rule; the input waits for its fix."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import pyarrow as pa

Item = TypeVar("Item")
Result = TypeVar("Result")

RETRY_HINT = "`vnews run --retry-quarantined` reads it again once fixed"


@dataclass(frozen=True)
class StageFailure:
    stage: str  # decode, sentences, metadata, entities, amounts, quotations, stories
    key: str  # the doc_id or sentence_id it failed on
    reason: str


def failure_reason(stage: str, error: BaseException) -> str:
    """'entities failed: ValueError: …' (the error's first line)."""
    message = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"{stage} failed: {type(error).__name__}" + (f": {message}" if message else "")


def contained(
    stage: str, items: Iterable[Item], key: Callable[[Item], str], work: Callable[[Item], Result]
) -> tuple[list[Result], list[StageFailure]]:
    """`work(item)` for each item, in order; an item it raises on is left out of the results and recorded."""
    results, failures = [], []
    for item in items:
        try:
            results.append(work(item))
        except Exception as error:  # noqa: BLE001 (any bug in a rule, on one input)
            failures.append(StageFailure(stage, key(item), failure_reason(stage, error)))
    return results, failures


def with_notes(source_files: list[dict], notes: dict[str, list[str]], by: str = "doc_id") -> list[dict]:
    """The source_files rows with each note about their document (or path: `by`) added to their reason."""
    noted = []
    for row in source_files:
        reasons = [row["reason"]] if row["reason"] else []
        reasons += [note for note in notes.get(row[by] or "", []) if note not in reasons]
        noted.append({**row, "reason": "; ".join(reasons) or None})
    return noted


def sentence_notes(document_sentences: pa.Table, failures: list[StageFailure]) -> dict[str, list[str]]:
    """Notes for the documents holding the sentences a stage failed on, by doc_id: the article loads without what
    that stage adds to the sentence."""
    reasons = {
        failure.key: f"{failure.reason} (sentence {failure.key}); loaded without its {failure.stage}"
        for failure in failures
    }
    notes: dict[str, list[str]] = {}
    if reasons:
        for doc_id, sentence_id in zip(
            document_sentences["doc_id"].to_pylist(), document_sentences["sentence_id"].to_pylist()
        ):
            if sentence_id in reasons:
                notes.setdefault(doc_id, []).append(reasons[sentence_id])
    return notes
