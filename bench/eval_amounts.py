"""Amounts (value, unit, kind) on the annotated set data/eval/amounts.tsv.

Usage: uv run python -m bench.eval_amounts [tuning|heldout|both]
"""

import sys

from tests.annotated import amount_scores, read_amounts
from transforms.amounts import find_amounts


def main() -> None:
    halves = ("tuning", "heldout") if (sys.argv[1:] or ["both"])[0] == "both" else tuple(sys.argv[1:2])
    print("| half | amounts | value and unit: recall | precision | with kind: recall |\n|---|---|---|---|---|")
    for half in halves:
        s = amount_scores(read_amounts(half), find_amounts)
        print(
            f"| {half} | {s['amounts']} | {s['value_and_unit_recall']:.3f} | {s['value_and_unit_precision']:.3f} "
            f"| {s['with_kind_recall']:.3f} |"
        )


if __name__ == "__main__":
    main()
