"""CrfChain gives byte-identical output to underthesea's ner(), and is faster (measured in bench.ner_throughput)."""

import pytest
from underthesea import ner

from tests.corpus import real_sentences, sample_sentences
from transforms.crf_chain import CrfChain

EDGE_CASES = [
    "",
    "Hà Nội",
    '"',
    "2/9/1945.",
    "NATO và EU họp tại Brussels ngày 12-13/7/2023 (giờ địa phương).",
    "Ông  Nguyễn   Văn A nói: “Tôi đồng ý”…",
    "ÔNG PUTIN TỚI BẮC KINH",
    "a b c d e f g h i k l m n o p q r s t u v x y",
]


@pytest.mark.parametrize("n_real", [100, pytest.param(2000, marks=pytest.mark.slow)])
def test_same_output_as_underthesea_ner_on_real_sentences_and_edge_cases(n_real):
    sentences = list(real_sentences()[:n_real]) + sample_sentences() + EDGE_CASES
    assert len(set(real_sentences()[:n_real])) == n_real
    chain = CrfChain()
    differing = [s for s in sentences if chain(s) != ner(s)]
    assert differing == []
