"""underthesea's default `ner()`, with the CRF features built in one pass: same models, same tags, faster.

`underthesea.ner(text)` chains word segmentation and three CRF models from its wheel (POS, chunking,
NER). Before each CRF it builds string features in Python, and for every token and every template
entry it re-parses the template with a regex and rebuilds every column of the sentence (quadratic
in sentence length); that, not the CRF, is most of its time (see docs/benchmarks.md, "Tagging": the profile).
`CrfChain` parses each model's own template once and computes each column's values once per
sentence, then feeds the very same compiled models. The tags are byte-identical to `ner()`'s;
tests/test_crf_chain.py checks that on 2,000 sentences.
"""

import re
from collections.abc import Callable
from functools import cache, lru_cache

_TEMPLATE = re.compile(r"T\[(?P<index1>-?\d+)(,(?P<index2>-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


@cache
def _as_text(function: Callable[[str], object]) -> Callable[[str], str]:
    """A feature function's value as the string the template writes, remembered per word (words repeat)."""
    return lru_cache(maxsize=1 << 16)(lambda word: str(function(word)))


class _Feature:
    """One parsed template entry, e.g. "T[-1,0][1]": rows -1..0 of column 1, joined by a space."""

    def __init__(self, syntax: str, functions: dict[str, Callable[[str], object]]):
        match = _TEMPLATE.match(syntax)
        self.prefix = f"{syntax}="
        self.first = int(match["index1"])
        self.last = int(match["index2"]) if match["index2"] else None
        self.column = int(match["column"]) if match["column"] else 0
        self.function = _as_text(functions[match["function"]]) if match["function"] else None
        self.width = self.last - self.first + 1 if self.last is not None else 1
        self.values_key = (self.column, self.function, self.width)  # features sharing their values per token


class _Stage:
    """One CRF stage: the model underthesea loaded, and its template parsed once."""

    def __init__(self, predictor, functions: dict[str, Callable[[str], object]]):
        self.model = predictor.model
        self.features = [_Feature(syntax, functions) for syntax in predictor.transformer.template]

    def tag(self, columns: list[list[str]]) -> list[str]:
        """Tags for a sentence given as columns (words, then earlier tags; the stage's own column is "X")."""
        n = len(columns[0])
        values: dict[tuple, list[str]] = {}
        for feature in self.features:  # each column, function and n-gram computed once per sentence
            if feature.values_key in values:
                continue
            column, width = columns[feature.column], feature.width
            if width > 1:
                column = [" ".join(column[i : i + width]) for i in range(n - width + 1)]
            values[feature.values_key] = column if feature.function is None else [feature.function(w) for w in column]
        feature_columns = []  # one list per feature, a value per token: BOS/EOS where it reaches outside
        for feature in self.features:
            before = min(n, max(0, -feature.first))  # tokens whose window starts before the sentence
            inside = max(0, min(n, n - feature.width - feature.first + 1) - before)
            first = before + feature.first
            prefix = feature.prefix
            feature_columns.append(
                [prefix + "BOS"] * before
                + [prefix + value for value in values[feature.values_key][first : first + inside]]
                + [prefix + "EOS"] * (n - before - inside)
            )
        rows = list(zip(*feature_columns))
        return self.model.tag(rows)


class CrfChain:
    """`underthesea.ner(text)` without `deep`: (word, POS, chunk, NER) tuples, the same as underthesea's."""

    def __init__(self) -> None:
        from underthesea import word_tokenize
        from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
        from underthesea.pipeline.ner import tagged_feature
        from underthesea.pipeline.ner.model_crf import CRFNERPredictor
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        functions = {
            "lower": tagged_feature.text_lower,
            "istitle": tagged_feature.text_istitle,
            "isallcap": tagged_feature.text_isallcap,
            "isdigit": tagged_feature.text_isdigit,
            "is_in_dict": tagged_feature.text_is_in_dict,
        }
        self._word_tokenize = word_tokenize
        self._pos = _Stage(CRFPOSTagPredictor.Instance(), functions)
        self._chunk = _Stage(CRFChunkingPredictor.Instance(), functions)
        self._ner = _Stage(CRFNERPredictor.Instance(), functions)

    def __call__(self, text: str) -> list[tuple[str, str, str, str]]:
        words = self._word_tokenize(text)
        if not words:
            return []
        unknown = ["X"] * len(words)
        pos = self._pos.tag([words, unknown])
        chunks = self._chunk.tag([words, pos, unknown])
        entities = self._ner.tag([words, pos, chunks, unknown])
        return list(zip(words, pos, chunks, entities))
