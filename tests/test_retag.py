"""Better rules reach history: `vnews retag` brings a warehouse tagged by older rules up to the current ones."""

import pytest

import transforms.entities
import vnews.run
from flows.nightly_ingest import nightly_ingest
from flows.retag import retag_entities
from tests.warehouse_queries import query, snapshot
from transforms.crf_chain import CrfChain
from transforms.entities import EXTRACTOR_VERSION, EntityTagger, bio_spans

VOLATILE = ("run_id", "ingested_at")


def _older_rules(self: EntityTagger, text: str, with_unconfirmed: bool = False) -> list[transforms.entities.Mention]:
    """Stand-in for an older extractor: underthesea's CRF alone."""
    self._ner = self._ner or CrfChain()
    return [m for m in bio_spans(text, self._ner(text)) if m.type != "MISC"]


@pytest.mark.slow
def test_retag_upgrades_a_warehouse_built_with_older_rules(sample_run, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    with monkeypatch.context() as older:
        older.setattr(transforms.entities, "EXTRACTOR_VERSION", "1")
        older.setattr(vnews.run, "EXTRACTOR_VERSION", "1")
        older.setattr(EntityTagger, "tag", _older_rules)
        nightly_ingest(data_dir=str(data_dir), task_runner="thread")
    assert query(data_dir, "select distinct extractor_version from entity_mentions") == [("1",)]
    assert snapshot(data_dir)["entity_mentions"] != snapshot(sample_run)["entity_mentions"]

    night = nightly_ingest(data_dir=str(data_dir))  # the newer vnews says how far behind the warehouse is
    assert night.sentences_behind == 87

    summary = retag_entities(data_dir=str(data_dir), sentences_per_batch=30)  # whole articles: 37, 33, 17
    assert (summary.sentences_retagged, summary.batches, summary.extractor_version) == (87, 3, EXTRACTOR_VERSION)
    upgraded, fresh = snapshot(data_dir, drop=VOLATILE), snapshot(sample_run, drop=VOLATILE)
    assert upgraded["entity_mentions"] == fresh["entity_mentions"]
    assert upgraded["entities"] == fresh["entities"]  # names, types and counters follow; no orphans left
    assert upgraded["sentences"] == fresh["sentences"]
    assert query(
        data_dir, "select count(distinct batch) from validation_results where run_id = ?", [summary.run_id]
    ) == [(3,)]  # every batch went through the gate
    assert retag_entities(data_dir=str(data_dir)).sentences_retagged == 0
