"""The content tables of the bundled sample's warehouse, as counts and hashes, kept in tests/data/.

A refactor must leave them as they are (tests/test_pipeline.py checks). After an intended change
of the content (new rules, new columns), record them again from a fresh run:
    uv run python -m tests.golden ./vnews-data     (after `vnews run` into an empty ./vnews-data)
"""

import hashlib
import json
import sys
from pathlib import Path

from tests.warehouse_queries import snapshot

GOLDEN = Path(__file__).parent / "data" / "sample_warehouse.json"
VOLATILE = ("run_id", "ingested_at", "source_path")


def content_digest(data_dir: Path) -> dict[str, dict]:
    """Per content table: its row count and a SHA-256 of its sorted rows, volatile columns left out."""
    return {
        table: {"rows": len(rows), "sha256": hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()}
        for table, rows in snapshot(data_dir, drop=VOLATILE).items()
    }


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(content_digest(Path(sys.argv[1])), indent=1) + "\n", encoding="utf-8")
    print(f"recorded {GOLDEN}")
