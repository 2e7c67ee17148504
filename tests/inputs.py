"""Inputs shared by several test modules: an extra article of our own and generated article folders."""

import random
from pathlib import Path

from transforms.normalize import clean_document_text
from transforms.sentences import split_sentences
from vnews.defaults import bundled_sample

# A new article of our own (not from the sample), for incremental runs.
EXTRA_ARTICLE = (
    "Ngày 12/3/2024, Bộ Ngoại giao Việt Nam tổ chức họp báo thường kỳ tại Hà Nội.\n"
    "Người phát ngôn cho biết Việt Nam hoan nghênh mọi nỗ lực đối thoại vì hòa bình.\n"
)


def write_articles(folder: Path, n_files: int, seed: int = 13) -> None:
    """n distinct articles of 3-6 paragraphs, each three sample sentences drawn at random (seeded)."""
    rng = random.Random(seed)
    pool = [s.text for p in sorted(bundled_sample().glob("*.txt"))
            for s in split_sentences(clean_document_text(p.read_text(encoding="utf-8")))]
    for i in range(n_files):
        paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(3, 6))]
        (folder / f"article_{i:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
