"""caret's confusionMatrix of a table of zeros, and the SciPy spelling ``pvalue``
of the test results in skcnn.metrics.

The fixtures in tests/r/resamples_extra_fixtures.json were written by
tests/r/make_resamples_extra_fixtures.R (R 4.2.2, caret 6.0-93): each statistic
as a 17-digit string, "NA" and "NaN" kept apart; prints line for line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from skcnn.metrics import ConfusionMatrixReport, mcnemar_test

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "resamples_extra_fixtures.json").read_text(
        encoding="utf-8"
    )
)
ZERO = FIXTURES["zero_tables"]


def _zeros(levels) -> pd.DataFrame:
    frame = pd.DataFrame(0, index=levels, columns=levels)
    frame.index.name, frame.columns.name = "Prediction", "Reference"
    return frame


def _report(case) -> ConfusionMatrixReport:
    kwargs = {"mode": case["mode"]}
    if case["positive"] is not None:
        kwargs["positive"] = case["positive"]
    if case["prevalence"] is not None:
        kwargs["prevalence"] = float(case["prevalence"])
    return ConfusionMatrixReport.from_table(_zeros(case["levels"]), **kwargs)


def _same(ours, r_value, what) -> None:
    if r_value in ("NA", "NaN"):
        assert math.isnan(ours), f"{what}: R has {r_value}, we have {ours}"
    else:
        assert math.isclose(ours, float(r_value), rel_tol=1e-9), f"{what}: R {r_value}, us {ours}"


@pytest.mark.parametrize("name", sorted(ZERO))
def test_table_of_zeros_prints_as_caret(name):
    assert _report(ZERO[name]).to_string().split("\n") == ZERO[name]["print"]


@pytest.mark.parametrize("name", sorted(ZERO))
def test_table_of_zeros_statistics_are_carets(name):
    case = ZERO[name]
    report = _report(case)
    assert list(report.overall.index) == list(case["overall"])
    for key, value in case["overall"].items():
        _same(report.overall[key], value, f"overall {key}")
    assert len(report.by_class) == len(case["by_class"])
    for (level, row), r_row in zip(report.by_class.iterrows(), case["by_class"], strict=True):
        assert list(row.index) == list(r_row)
        for key, value in r_row.items():
            _same(row[key], value, f"{level} {key}")


def test_table_of_zeros_tells_na_from_nan_in_its_print():
    # R: Accuracy and Kappa are NaN (0/0), the interval and the no-information
    # rate NA; by class, Sensitivity is NA and Prevalence NaN.
    lines = _report(ZERO["two"]).to_string().split("\n")
    text = {
        line.split(" : ")[0].strip(): line.split(" : ")[1].strip()
        for line in lines
        if " : " in line
    }
    assert text["Accuracy"] == "NaN" and text["Kappa"] == "NaN"
    assert text["95% CI"] == "(NA, NA)" and text["No Information Rate"] == "NA"
    assert text["Sensitivity"] == "NA" and text["Prevalence"] == "NaN"


def test_table_of_zeros_round_trips_and_serialises():
    report = _report(ZERO["three"])
    again = ConfusionMatrixReport.from_table(report.table)
    assert again.to_string() == report.to_string()
    d = report.to_dict()
    assert d["overall"]["Accuracy"] is None and d["table"] == [[0, 0, 0]] * 3


def test_other_tables_still_refuse_what_is_not_counts():
    with pytest.raises(ValueError, match="negative counts"):
        ConfusionMatrixReport.from_table([[0, 0], [0, -1]])


def test_mcnemar_test_has_scipys_pvalue():
    res = mcnemar_test([0, 1, 1, 0, 1], [0, 1, 0, 0, 0], [1, 1, 1, 0, 1])
    assert res.pvalue == res.p_value
    assert 0 < res.pvalue <= 1
    empty = mcnemar_test([0, 1], [0, 1], [0, 1])  # nobody disagrees: 0/0
    assert math.isnan(empty.pvalue) and math.isnan(empty.p_value)
