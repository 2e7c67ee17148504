"""Lost periods in real scraped news (issue 30): the splitter on hand-annotated boundaries, and tagger mentions
that start or end with a sentence-start word, each with the code of a REV before beside the working tree.

Usage: uv run python -m bench.eval_real_boundaries [--before REV] [--mirror GIT_DIR] [--real DIR]
The boundaries are data/eval/real_boundaries.tsv (offsets only); the article texts come from the mirror's
vn_news/data/<id>.txt at run time. DIR (default /tmp/real1000) holds the 1,000 articles of bench.real_news.
"""

import argparse
import importlib.util
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from tests.annotated import EVAL_DIR
from transforms import entities, sentences
from transforms import gazetteer as gz

BOUNDARIES = EVAL_DIR / "real_boundaries.tsv"
MIRROR = "/work/.mirror/magizbox+scraper/repo/.git"
ROOT = Path(__file__).resolve().parents[1]
_END_MARK = re.compile(r"[.!?…:;,\-–—][\"”’')»\]]*$")


def _module_at(rev: str, path: str, name: str):
    """The module at `path` as it was at git revision `rev` (its imports resolve to the working tree)."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)
    return module


def read_boundaries(path: Path = BOUNDARIES) -> tuple[list[str], dict[str, dict[int, str]]]:
    """(annotated article ids, {id: {offset: label}})."""
    articles, labels = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# articles:"):
            articles = line.split(":", 1)[1].strip().split(",")
        elif line and not line.startswith(("#", "file_id")):
            file_id, offset, label = line.split("\t")
            labels.setdefault(file_id, {})[int(offset)] = label
    return articles, labels


def article_text(mirror: str, file_id: str) -> str:
    raw = subprocess.run(
        ["git", f"--git-dir={mirror}", "show", f"HEAD:vn_news/data/{file_id}.txt"], capture_output=True, check=True
    ).stdout
    return unicodedata.normalize("NFC", raw.decode("utf-8", errors="replace"))


def unpunctuated_starts(text: str, split) -> set[int]:
    """Where the splitter starts a sentence mid-line with no end mark before it."""
    return {
        s.char_start
        for s in split(text)
        if s.char_start and text[s.char_start - 1] != "\n" and not _END_MARK.search(text[: s.char_start].rstrip())
    }


def boundary_scores(texts: dict[str, str], labels: dict[str, dict[int, str]], split) -> dict[str, float]:
    found = right = gold = split_none = nones = 0
    for file_id, text in texts.items():
        predicted = unpunctuated_starts(text, split)
        truth = {o for o, label in labels.get(file_id, {}).items() if label == "boundary"}
        negatives = {o for o, label in labels.get(file_id, {}).items() if label == "none"}
        found, right, gold = found + len(predicted), right + len(predicted & truth), gold + len(truth)
        split_none, nones = split_none + len(predicted & negatives), nones + len(negatives)
    return {
        "predicted": found,
        "right": right,
        "gold": gold,
        "precision": right / max(found, 1),
        "recall": right / max(gold, 1),
        "none_split": split_none,
        "none": nones,
    }


def _listed_name(words: list[str]) -> bool:
    return len(words) > 1 and " ".join(words[:2]) in gz.admin_unit_names() | gz.known_places()


def opener_mentions(directory: Path, split, tagger) -> tuple[int, int, Counter]:
    """(mentions, mentions that start or end with a sentence-start word, which word) over the sentences of the
    articles in `directory`; a listed place that begins with one ("Tuy Hòa") does not count."""
    total, flagged, words, cache = 0, 0, Counter(), {}
    for path in sorted(directory.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8", errors="replace"))
        for sentence in split(text):
            if sentence.text not in cache:
                cache[sentence.text] = tagger.tag(sentence.text)
            for mention in cache[sentence.text]:
                if mention.type == "DATE":
                    continue
                total += 1
                parts = mention.surface.split()
                edge = {parts[-1]} | ({parts[0]} if not _listed_name(parts) else set())
                if edge & gz.SENTENCE_START_WORDS:
                    flagged += 1
                    words.update(edge & gz.SENTENCE_START_WORDS)
    return total, flagged, words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="eb68ba1", help="git revision of the code to compare with")
    parser.add_argument("--mirror", default=MIRROR)
    parser.add_argument("--real", default="/tmp/real1000")
    args = parser.parse_args()
    old_sentences = _module_at(args.before, "transforms/sentences.py", "_before_sentences")
    old_entities = _module_at(args.before, "transforms/entities.py", "_before_entities")
    articles, labels = read_boundaries()
    texts = {file_id: article_text(args.mirror, file_id) for file_id in articles}
    print(
        f"{len(texts)} articles, {sum(v == 'boundary' for d in labels.values() for v in d.values())} boundaries "
        f"without end punctuation, {sum(v == 'none' for d in labels.values() for v in d.values())} none rows\n"
    )
    print("| splitter | predicted | right | precision | recall | none rows split |\n|---|---|---|---|---|---|")
    for name, split in (
        (f"before ({args.before})", old_sentences.split_sentences),
        ("after", sentences.split_sentences),
    ):
        s = boundary_scores(texts, labels, split)
        print(
            f"| {name} | {s['predicted']} | {s['right']} | {s['precision']:.3f} | {s['recall']:.3f} "
            f"| {s['none_split']} of {s['none']} |"
        )
    print(
        f"\nMentions on {args.real} that start or end with a sentence-start word ({len(gz.SENTENCE_START_WORDS)} "
        "words, gazetteer.SENTENCE_START_WORDS):\n"
    )
    print("| code | mentions | starting or ending with one | share | words |\n|---|---|---|---|---|")
    for name, split, tagger in (
        (f"before ({args.before})", old_sentences.split_sentences, old_entities.EntityTagger()),
        ("after", sentences.split_sentences, entities.EntityTagger()),
    ):
        total, flagged, words = opener_mentions(Path(args.real), split, tagger)
        print(
            f"| {name} | {total} | {flagged} | {flagged / max(total, 1):.4%} | "
            f"{', '.join(f'{w} {n}' for w, n in words.most_common(12))} |"
        )


if __name__ == "__main__":
    main()
