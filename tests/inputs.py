"""Inputs shared by several test modules: an extra article of our own, generated article folders, and the sample's
folder as a first night left it."""

import random
import shutil
from pathlib import Path

from tests.corpus import sample_sentences
from vnews.defaults import bundled_sample

# A new article of our own (not from the sample), for incremental runs.
EXTRA_ARTICLE = (
    "Ngày 12/3/2024, Bộ Ngoại giao Việt Nam tổ chức họp báo thường kỳ tại Hà Nội.\n"
    "Người phát ngôn cho biết Việt Nam hoan nghênh mọi nỗ lực đối thoại vì hòa bình.\n"
)


def write_articles(folder: Path, n_files: int, seed: int = 13) -> None:
    """n distinct articles of 3-6 paragraphs, each three sample sentences drawn at random (seeded)."""
    rng = random.Random(seed)
    pool = sample_sentences()
    for i in range(n_files):
        paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(rng.randint(3, 6))]
        (folder / f"article_{i:05d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def first_sample_night(sample_input_run, data_dir: Path) -> Path:
    """Puts a writable copy of `sample_input_run`'s data directory at `data_dir`, and its input folder back as it was
    (the sample: the same paths, sizes and modification times, so the warehouse knows every file as unchanged);
    returns the input folder, which the caller may then change."""
    input_dir, published, _ = sample_input_run
    shutil.rmtree(input_dir)
    shutil.copytree(bundled_sample(), input_dir)
    shutil.copytree(published, data_dir)
    return input_dir
