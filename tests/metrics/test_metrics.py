"""Tests for skcnn.metrics: R's table() and caret's confusionMatrix(), measured against R.

The fixtures in tests/r/caret_fixtures.json were written by
tests/r/make_caret_fixtures.R (R, caret, e1071); R's NA is stored as "NA" and NaN
as "NaN". Numbers must agree to a relative tolerance of 1e-9, NaN exactly where R
has NA or NaN, and the printed reports character for character.
"""

from __future__ import annotations

import dataclasses
import doctest
import json
import math
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn import metrics as sk

from skcnn import _rprint as rprint
from skcnn import metrics
from skcnn.metrics import (
    ConfusionMatrixReport,
    classification_report,
    confusion_matrix_report,
    table,
    top_k_accuracy,
)
from skcnn.metrics import _caret as caret
from skcnn.metrics import _reports as reports
from skcnn.metrics import _table as table_module

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "caret_fixtures.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
MODES = ("sens_spec", "prec_recall", "everything")


def _r_number(value) -> float:
    return math.nan if value in ("NA", "NaN") else float(value)


def _assert_same(ours: float, r_value, what: str) -> None:
    expected = _r_number(r_value)
    if math.isnan(expected):
        assert math.isnan(ours), f"{what}: R has {r_value}, we have {ours}"
    else:
        assert math.isclose(ours, expected, rel_tol=1e-9, abs_tol=0), (
            f"{what}: R has {expected!r}, we have {ours!r}"
        )


def _labels_of(case) -> tuple[list, list]:
    """y_true, y_pred of a fixture case (tables of counts expand row by row, as in R)."""
    if case["counts"] is None:
        return list(case["y_true"]), list(case["y_pred"])
    levels = case["count_levels"]
    truth, pred = [], []
    for i, row in enumerate(case["counts"]):
        for j, count in enumerate(row):
            truth += [levels[i]] * count
            pred += [levels[j]] * count
    return truth, pred


def _report(case, mode="sens_spec") -> ConfusionMatrixReport:
    y_true, y_pred = _labels_of(case)
    return confusion_matrix_report(
        y_true, y_pred, positive=case["positive"], labels=case["labels"], mode=mode
    )


def _strings(index) -> list[str]:
    return [rprint.r_label(v) for v in index]


# --------------------------------------------------------------------------
# Against R: caret's confusionMatrix
# --------------------------------------------------------------------------


def test_fixtures_cover_the_brief():
    names = set(CASES)
    for required in (
        "mnist_lab",
        "binary_caret_example",
        "binary_caret_example_positive",
        "binary_never_predicted_positive",
        "multi_never_predicted",
        "binary_empty_level",
        "multi_empty_level",
        "binary_perfect",
        "multi_perfect",
        "binary_imbalance",
        "multi_imbalance",
        "multi_strings",
        "binary_int",
    ):
        assert required in names
    assert FIXTURES["caret_version"]
    assert {c["label_type"] for c in FIXTURES["cases"]} == {"int", "str"}


@pytest.mark.parametrize("name", CASES)
def test_overall_matches_caret(name):
    case = CASES[name]
    report = _report(case)
    assert list(report.overall.index) == list(case["overall"])
    for stat, r_value in case["overall"].items():
        _assert_same(float(report.overall[stat]), r_value, f"{name} {stat}")


@pytest.mark.parametrize("name", CASES)
def test_by_class_matches_caret(name):
    case = CASES[name]
    report = _report(case)
    assert _strings(report.by_class.index) == list(case["by_class"])
    assert list(report.by_class.columns) == list(caret.BY_CLASS_NAMES)
    for label, r_row in zip(report.by_class.index, case["by_class"].values(), strict=True):
        assert list(r_row) == list(caret.BY_CLASS_NAMES)
        for stat, r_value in r_row.items():
            ours = float(report.by_class.loc[label, stat])
            _assert_same(ours, r_value, f"{name} class {label} {stat}")


@pytest.mark.parametrize("name", CASES)
def test_table_and_positive_match_caret(name):
    case = CASES[name]
    report = _report(case)
    assert report.table.index.name == "Prediction"
    assert report.table.columns.name == "Reference"
    assert _strings(report.table.index) == case["levels"]
    assert _strings(report.table.columns) == case["levels"]
    np.testing.assert_array_equal(report.table.to_numpy(), np.array(case["table"]))
    expected = case["caret_positive"] if len(case["levels"]) == 2 else None
    assert (None if report.positive is None else rprint.r_label(report.positive)) == expected


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", CASES)
def test_print_matches_caret_exactly(name, mode):
    case = CASES[name]
    expected = "\n".join(case["print"][mode])
    assert str(_report(case, mode=mode)) == expected
    assert _report(case).to_string(mode=mode) == expected


def test_mnist_lab_headline_numbers():
    report = _report(CASES["mnist_lab"])
    assert report.overall["Accuracy"] == 0.9851
    assert report.overall["AccuracyNull"] == 0.1135
    assert int(report.table.to_numpy().trace()) == 9851
    # Digit 0 predicted as 9 fourteen times: column 0 (truth), row 9 (prediction).
    assert report.table.loc[9, 0] == 14
    text = str(report)
    assert "P-Value [Acc > NIR] : < 2.2e-16" in text
    assert "Mcnemar's Test P-Value : NA" in text
    assert "Class: 0 Class: 1" in text


# --------------------------------------------------------------------------
# Against R: table()
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_table_matches_r(name):
    case = CASES[name]
    y_true, y_pred = _labels_of(case)
    result = table(y_true, y_pred)
    expected = case["r_table"]
    assert _strings(result.index) == expected["rows"]
    assert _strings(result.columns) == expected["cols"]
    np.testing.assert_array_equal(result.to_numpy(), np.array(expected["counts"]))
    assert repr(result) == "\n".join(expected["print"])


@pytest.mark.parametrize("name", CASES)
def test_table_with_levels_matches_r(name):
    case = CASES[name]
    y_true, y_pred = _labels_of(case)
    levels = case["labels"] or case["count_levels"] or sorted(set(y_true) | set(y_pred))
    result = table(y_true, y_pred, labels=levels)
    expected = case["r_table_levels"]
    assert _strings(result.index) == expected["rows"] == case["levels"]
    np.testing.assert_array_equal(result.to_numpy(), np.array(expected["counts"]))
    assert str(result) == "\n".join(expected["print"])


# --------------------------------------------------------------------------
# Against R: the number formatting the reports rely on
# --------------------------------------------------------------------------


def _r_values(raw) -> list:
    return [rprint.NA if v == "NA" else _r_number(v) for v in raw]


@pytest.mark.parametrize("index", range(len(FIXTURES["format"])))
def test_r_number_formatting(index):
    case = FIXTURES["format"][index]
    x = _r_values(case["x"])
    assert rprint.r_format(x, 4) == case["format4"]
    assert rprint.r_format(x, 7) == case["format7"]
    pvalues = [math.nan if v is rprint.NA else v for v in x]
    assert rprint.r_format_pval(pvalues, 4) == case["format_pval4"]
    rounded = [rprint.r_round(v, 4) for v in x]
    for ours, r_value in zip(rounded, case["round4"], strict=True):
        _assert_same(math.nan if ours is rprint.NA else ours, r_value, "round")
    assert [rprint.r_as_character(v) for v in rounded] == case["as_character_round4"]
    assert [rprint.r_as_character(v) for v in x] == case["as_character"]


def test_r_round_breaks_ties_like_r_not_like_python():
    # 5e-05 is a hair above the tie in binary; Python rounds it up, R 4 down.
    assert round(5e-05, 4) == 0.0001
    assert rprint.r_round(5e-05, 4) == 0.0
    assert rprint.r_round(0.96875, 4) == 0.9688
    assert rprint.r_round(-0.01234, 4) == -0.0123


def test_format_pval_edges():
    assert rprint.r_format_pval([1e-20], 4) == ["< 2.2e-16"]
    assert rprint.r_format_pval([1e-20, 0.6025], 4) == ["<2e-16", "0.6025"]
    assert rprint.r_format_pval([math.nan, 1e-20], 4) == ["NA", "< 2.2e-16"]
    assert rprint.r_format_pval([0.0003097, 0.602537], 4) == ["0.0003097", "0.6025370"]


# --------------------------------------------------------------------------
# table(): behaviour
# --------------------------------------------------------------------------


def test_table_prints_like_r():
    result = table([0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1, 1])
    assert repr(result) == "      predicted\nactual 0 1\n     0 5 1\n     1 0 1"
    assert str(result) == repr(result)


def test_table_rows_are_the_first_argument():
    result = table(["a", "a", "b"], ["b", "b", "b"])
    assert list(result.index) == ["a", "b"]
    assert list(result.columns) == ["b"]
    assert result.loc["a", "b"] == 2
    assert result.index.name == "actual" and result.columns.name == "predicted"


def test_table_is_a_dataframe_and_derived_objects_are_plain():
    result = table([0, 1, 1], [0, 1, 0])
    assert isinstance(result, pd.DataFrame)
    assert isinstance(result, table_module.RTable)
    for derived in (result + 1, result * 2, result.iloc[:1], result.loc[[0, 1]], result.T):
        assert type(derived) is pd.DataFrame
    assert type(result.copy()) is pd.DataFrame
    assert type(result[0]) is pd.Series
    assert type(result.sum()) is pd.Series
    assert int(result.to_numpy().sum()) == 3
    assert result.dtypes.map(pd.api.types.is_integer_dtype).all()
    assert (result / 3).iloc[1, 1] == pytest.approx(1 / 3)


def test_table_survives_pickle():
    result = table(["x", "y", "y"], ["x", "x", "y"])
    back = pickle.loads(pickle.dumps(result))
    pd.testing.assert_frame_equal(pd.DataFrame(back), pd.DataFrame(result))
    assert repr(back) == repr(result)


def test_table_keeps_empty_levels_named_by_labels():
    result = table([1, 1, 2], [1, 2, 2], labels=[1, 2, 3])
    assert list(result.index) == [1, 2, 3]
    assert list(result.columns) == [1, 2, 3]
    assert result.loc[3].sum() == 0 and result[3].sum() == 0


def test_table_keeps_categorical_categories_like_r_factors():
    actual = pd.Categorical(["lo", "hi", "hi"], categories=["lo", "mid", "hi"])
    result = table(actual, pd.Series(["lo", "lo", "hi"]))
    assert list(result.index) == ["lo", "mid", "hi"]
    assert list(result.columns) == ["hi", "lo"]
    assert result.loc["mid"].sum() == 0


def test_table_levels_sort_like_r():
    assert list(table([10, 9, 2], [1, 1, 1]).index) == [2, 9, 10]
    assert list(table(["10", "9", "2"], [1, 1, 1]).index) == ["10", "2", "9"]
    assert list(table(["b", "B", "a"], [1, 1, 1]).index) == ["B", "a", "b"]


def test_table_prints_levels_as_r_does():
    result = table([1.0, 0.5, 1.0], [True, False, True])
    assert repr(result).splitlines() == [
        "      predicted",
        "actual FALSE TRUE",
        "   0.5     1    0",
        "   1       0    2",
    ]


def test_table_custom_dnn_and_numpy_and_series_input():
    result = table(np.array(["a", "b"]), pd.Series(["a", "a"]), dnn=("truth", "guess"))
    assert repr(result).splitlines()[:2] == ["     guess", "truth a"]


def test_table_agrees_with_sklearn_confusion_matrix():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 5, 300)
    y_pred = rng.integers(0, 5, 300)
    ours = table(y_true, y_pred, labels=range(5)).to_numpy()
    np.testing.assert_array_equal(ours, sk.confusion_matrix(y_true, y_pred, labels=range(5)))


def test_table_wraps_wide_tables_like_r():
    levels = [f"level_{i:02d}" for i in range(12)]
    lines = repr(table(levels, levels)).splitlines()
    assert all(len(line) < 80 for line in lines)
    assert [line.strip() for line in lines].count("predicted") == 2


@pytest.mark.parametrize(
    ("actual", "predicted", "kwargs", "message"),
    [
        ([0, 1], [0], {}, "different lengths"),
        ([], [], {}, "empty"),
        ([0, np.nan], [0, 1], {}, "missing"),
        ([0, 1], [0, None], {}, "missing"),
        ([0, 1], ["0", "1"], {"labels": None}, None),
        ([0, 5], [0, 1], {"labels": [0, 1]}, "not among the levels"),
        ([0, 1], [0, 1], {"labels": [0, 1, 1]}, "duplicates"),
        ([0, 1], [0, 1], {"labels": []}, "empty"),
        ([0, 1], [0, 1], {"dnn": ("only one",)}, "dnn"),
        ([[0, 1]], [[0, 1]], {}, "1-D"),
        (pd.DataFrame({"a": [1]}), [1], {}, "DataFrame"),
    ],
)
def test_table_rejects_bad_input(actual, predicted, kwargs, message):
    if message is None:  # ints and strings are separate levels, which is fine
        assert table(actual, predicted, **kwargs).shape == (2, 2)
        return
    with pytest.raises(ValueError, match=message):
        table(actual, predicted, **kwargs)


def test_mixed_label_types_raise_with_a_fix():
    with pytest.raises(ValueError, match="mix types"):
        confusion_matrix_report([0, 1], ["0", "1"])


# --------------------------------------------------------------------------
# confusion_matrix_report(): behaviour
# --------------------------------------------------------------------------


def test_hand_computed_binary_report():
    # Prediction x Reference: [[5, 1], [1, 3]] with positive "a".
    y_true = ["a"] * 6 + ["b"] * 4
    y_pred = ["a"] * 5 + ["b"] + ["b"] * 3 + ["a"]
    report = confusion_matrix_report(y_true, y_pred)
    assert report.positive == "a"
    np.testing.assert_array_equal(report.table.to_numpy(), [[5, 1], [1, 3]])
    row = report.by_class.loc["a"]
    assert row["Sensitivity"] == 5 / 6
    assert row["Specificity"] == 3 / 4
    assert row["Precision"] == 5 / 6
    assert row["Prevalence"] == 0.6
    assert row["Detection Rate"] == 0.5
    assert row["Detection Prevalence"] == 0.6
    assert row["Balanced Accuracy"] == pytest.approx((5 / 6 + 3 / 4) / 2)
    assert row["F1"] == pytest.approx(5 / 6)
    assert report.overall["Accuracy"] == 0.8
    assert report.overall["Kappa"] == pytest.approx((0.8 - 0.52) / (1 - 0.52))
    assert report.overall["AccuracyNull"] == 0.6
    assert report.overall["McnemarPValue"] == 1.0  # off-diagonal cells equal
    ci = stats.binomtest(8, 10).proportion_ci(method="exact")
    assert report.overall["AccuracyLower"] == pytest.approx(ci.low, rel=1e-12)
    assert report.overall["AccuracyPValue"] == pytest.approx(stats.binom.sf(7, 10, 0.6))


def test_predictive_values_use_prevalence_as_caret_does():
    rng = np.random.default_rng(3)
    y_true = rng.choice(["pos", "neg"], 200, p=[0.3, 0.7])
    y_pred = np.where(rng.random(200) < 0.8, y_true, rng.choice(["pos", "neg"], 200))
    row = confusion_matrix_report(y_true, y_pred, positive="pos").by_class.iloc[0]
    sens, spec, prev = row["Sensitivity"], row["Specificity"], row["Prevalence"]
    assert row["Pos Pred Value"] == pytest.approx(
        sens * prev / (sens * prev + (1 - spec) * (1 - prev)), rel=1e-12
    )
    assert row["Neg Pred Value"] == pytest.approx(
        spec * (1 - prev) / ((1 - sens) * prev + spec * (1 - prev)), rel=1e-12
    )
    # With the sample's own prevalence they equal precision and its negative twin.
    assert row["Pos Pred Value"] == pytest.approx(row["Precision"], rel=1e-12)


def test_mcnemar_by_hand():
    # Two classes, off-diagonal 10 and 2: continuity-corrected chi-squared on 1 df.
    counts = np.array([[20, 10], [2, 30]])
    assert caret._mcnemar_pvalue(counts) == pytest.approx(stats.chi2.sf(49 / 12, 1))
    # Three classes: Bowker's symmetry test, no correction, 3 df.
    counts = np.array([[5, 4, 1], [2, 6, 3], [3, 1, 7]])
    statistic = (4 - 2) ** 2 / 6 + (1 - 3) ** 2 / 4 + (3 - 1) ** 2 / 4
    assert caret._mcnemar_pvalue(counts) == pytest.approx(stats.chi2.sf(statistic, 3))
    # An empty pair of cells is 0/0 in R: NA.
    assert math.isnan(caret._mcnemar_pvalue(np.array([[5, 0, 1], [0, 6, 3], [3, 1, 7]])))


@pytest.mark.parametrize("seed", range(5))
def test_report_agrees_with_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    k = 2 + seed
    y_true = rng.integers(0, k, 400)
    y_pred = np.where(rng.random(400) < 0.7, y_true, rng.integers(0, k, 400))
    report = confusion_matrix_report(y_true, y_pred)
    assert report.overall["Accuracy"] == pytest.approx(sk.accuracy_score(y_true, y_pred))
    assert report.overall["Kappa"] == pytest.approx(sk.cohen_kappa_score(y_true, y_pred))
    np.testing.assert_array_equal(
        report.table.to_numpy(), sk.confusion_matrix(y_true, y_pred, labels=range(k)).T
    )
    precision, recall, f1, _ = sk.precision_recall_fscore_support(
        y_true, y_pred, labels=range(k), zero_division=np.nan
    )
    rows = report.by_class.loc[[0] if k == 2 else list(range(k))]
    take = slice(0, 1) if k == 2 else slice(None)
    np.testing.assert_allclose(rows["Precision"], precision[take], rtol=1e-12)
    np.testing.assert_allclose(rows["Recall"], recall[take], rtol=1e-12)
    np.testing.assert_allclose(rows["Sensitivity"], recall[take], rtol=1e-12)
    np.testing.assert_allclose(rows["F1"], f1[take], rtol=1e-12)


def test_positive_selects_the_row_and_matches_printed_labels():
    y_true, y_pred = [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]
    assert confusion_matrix_report(y_true, y_pred).positive == 0
    for positive in (1, "1", np.int64(1)):
        report = confusion_matrix_report(y_true, y_pred, positive=positive)
        assert report.positive == 1
        assert list(report.by_class.index) == [1]
    assert "'Positive' Class : 1" in str(report)


def test_multi_class_has_a_row_per_class_and_no_positive():
    report = confusion_matrix_report(["a", "b", "c", "c"], ["a", "c", "c", "b"])
    assert report.positive is None
    assert list(report.by_class.index) == ["a", "b", "c"]
    assert "'Positive'" not in str(report)
    assert "Class: a Class: b Class: c" in str(report)


def test_categorical_levels_and_empty_levels_give_nan():
    y_true = pd.Categorical(["x", "x", "y"], categories=["x", "y", "z"])
    report = confusion_matrix_report(y_true, ["x", "y", "y"])
    assert list(report.by_class.index) == ["x", "y", "z"]
    z = report.by_class.loc["z"]
    assert math.isnan(z["Sensitivity"]) and math.isnan(z["Precision"])
    assert z["Specificity"] == 1.0 and z["Prevalence"] == 0.0


def test_labels_fix_the_level_order():
    report = confusion_matrix_report([0, 1, 1], [0, 1, 0], labels=[1, 0])
    assert list(report.table.index) == [1, 0]
    assert report.positive == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y_true": [0, 1], "y_pred": [0]}, "different lengths"),
        ({"y_true": [], "y_pred": []}, "empty"),
        ({"y_true": [0.0, np.nan], "y_pred": [0.0, 1.0]}, "missing"),
        ({"y_true": ["a", "a"], "y_pred": ["a", "a"]}, "only one level"),
        ({"y_true": [0, 1], "y_pred": [0, 1], "positive": 2}, "not one of the levels"),
        ({"y_true": [0, 1, 2], "y_pred": [0, 1, 2], "positive": 1}, "two classes only"),
        ({"y_true": [0, 1], "y_pred": [0, 1], "mode": "sens"}, "mode must be one of"),
        ({"y_true": [0, 3], "y_pred": [0, 1], "labels": [0, 1]}, "not among the levels"),
    ],
)
def test_report_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        confusion_matrix_report(**kwargs)


def test_to_string_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        confusion_matrix_report([0, 1], [0, 1]).to_string(mode="all")


def test_mode_chooses_the_printed_rows_only():
    y_true, y_pred = [0, 0, 1, 1], [0, 1, 1, 1]
    sens = confusion_matrix_report(y_true, y_pred)
    prec = confusion_matrix_report(y_true, y_pred, mode="prec_recall")
    assert sens.mode == "sens_spec" and prec.mode == "prec_recall"
    assert "Sensitivity" in str(sens) and "Precision" not in str(sens)
    assert "Precision" in str(prec) and "Sensitivity" not in str(prec)
    pd.testing.assert_frame_equal(sens.by_class, prec.by_class)
    assert list(sens.by_class.columns) == list(caret.BY_CLASS_NAMES)


def test_report_object_api():
    report = _report(CASES["binary_empty_level"], mode="everything")
    assert list(report.overall.index) == list(caret.OVERALL_NAMES)
    assert repr(report) == str(report)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.mode = "sens_spec"
    as_dict = report.to_dict()
    json.dumps(as_dict)  # JSON-friendly
    assert as_dict["positive"] == "a"
    assert as_dict["levels"] == ["a", "b"]
    assert as_dict["table"] == [[10, 0], [0, 0]]
    assert as_dict["overall"]["Kappa"] is None
    assert as_dict["by_class"]["a"]["Specificity"] is None
    assert as_dict["by_class"]["a"]["Sensitivity"] == 1.0
    html = report._repr_html_()
    assert html.count("<table") == 3
    assert "Confusion Matrix and Statistics" in html and "Positive" in html


def test_to_dict_with_integer_labels_is_json_friendly():
    report = confusion_matrix_report(np.array([0, 1, 2, 2]), np.array([0, 2, 2, 1]))
    as_dict = report.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["levels"] == [0, 1, 2]
    assert set(as_dict["by_class"]) == {"0", "1", "2"}
    assert as_dict["positive"] is None


def test_kappa_is_exact():
    # A kappa that is exactly zero stays zero (no 1e-17 from floating point).
    report = confusion_matrix_report(["a", "a", "b", "b"], ["a", "b", "a", "b"])
    assert report.overall["Kappa"] == 0.0


# --------------------------------------------------------------------------
# classification_report() and top_k_accuracy()
# --------------------------------------------------------------------------


def test_classification_report_matches_sklearn():
    rng = np.random.default_rng(1)
    y_true = rng.choice(["cat", "dog", "eel", "owl"], 250)
    y_pred = np.where(rng.random(250) < 0.6, y_true, rng.choice(["cat", "dog", "eel"], 250))
    ours = classification_report(y_true, y_pred)
    theirs = sk.classification_report(y_true, y_pred, output_dict=True, zero_division=np.nan)
    for label in ["cat", "dog", "eel", "owl", "macro avg", "weighted avg"]:
        for column in ["precision", "recall", "f1-score", "support"]:
            mine, expected = ours.loc[label, column], theirs[label][column]
            assert mine == pytest.approx(expected, nan_ok=True), (label, column)
    assert ours.loc["accuracy", "f1-score"] == pytest.approx(theirs["accuracy"])
    assert ours.loc["accuracy", "support"] == 250
    assert list(ours.columns) == ["precision", "recall", "f1-score", "support"]
    assert ours["support"].dtype == np.int64


def test_classification_report_by_hand():
    report = classification_report([0, 0, 1, 2], [0, 0, 1, 1])
    assert list(report.index) == [0, 1, 2, "accuracy", "macro avg", "weighted avg"]
    assert report.loc[1, "precision"] == 0.5
    assert math.isnan(report.loc[2, "precision"])  # class 2 never predicted
    assert report.loc[2, "recall"] == 0.0
    assert report.loc["accuracy", "f1-score"] == 0.75
    assert math.isnan(report.loc["accuracy", "precision"])
    assert report.loc["macro avg", "precision"] == pytest.approx(0.75)  # NaN skipped
    assert report.loc["macro avg", "recall"] == pytest.approx(2 / 3)
    assert report.loc["weighted avg", "recall"] == pytest.approx(0.75)
    assert list(report["support"]) == [2, 1, 1, 4, 4, 4]


def test_classification_report_labels_and_digits():
    report = classification_report(["b", "a", "b"], ["b", "b", "b"], labels=["b", "a", "c"])
    assert list(report.index[:3]) == ["b", "a", "c"]
    assert report.loc["c", "support"] == 0
    rounded = classification_report([0, 0, 1], [0, 1, 1], digits=2)
    assert rounded.loc[0, "f1-score"] == 0.67
    with pytest.raises(ValueError, match="different lengths"):
        classification_report([0, 1], [0])


def test_top_k_accuracy_by_hand_and_against_sklearn():
    proba = np.array(
        [
            [0.5, 0.2, 0.2, 0.1],
            [0.1, 0.2, 0.3, 0.4],
            [0.25, 0.35, 0.3, 0.1],
            [0.4, 0.3, 0.2, 0.1],
        ]
    )
    y_true = [0, 1, 2, 3]
    assert top_k_accuracy(y_true, proba, k=1) == 0.25
    assert top_k_accuracy(y_true, proba, k=2) == 0.5
    assert top_k_accuracy(y_true, proba, k=3) == 0.75
    rng = np.random.default_rng(2)
    proba = rng.dirichlet(np.ones(10), 300)
    y = rng.integers(0, 10, 300)
    for k in (1, 5):
        assert top_k_accuracy(y, proba, k=k) == pytest.approx(
            sk.top_k_accuracy_score(y, proba, k=k, labels=range(10))
        )


def test_top_k_accuracy_labels_name_the_columns():
    proba = [[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]]
    # Columns are "c", "a", "b": the first sample's top class is "c".
    assert top_k_accuracy(["c", "b"], proba, k=1, labels=["c", "a", "b"]) == 1.0
    assert top_k_accuracy(["a", "a"], proba, k=1, labels=["c", "a", "b"]) == 0.0


def test_top_k_accuracy_two_classes():
    proba = [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]
    assert top_k_accuracy([0, 1, 1], proba, k=1) == pytest.approx(2 / 3)
    assert top_k_accuracy([0, 1, 1], proba, k=2) == 1.0
    assert top_k_accuracy(["no", "yes", "yes"], proba, k=1) == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("y_true", "proba", "kwargs", "message"),
    [
        ([0, 1], [0.2, 0.8], {}, "2-D"),
        ([0, 1], [[0.2, 0.8]], {}, "different lengths"),
        ([0, 1], [[0.2, 0.8], [np.nan, 1.0]], {}, "NaN"),
        ([0, 1], [[0.2, 0.8], [0.5, 0.5]], {"k": 0}, "positive integer"),
        ([0, 1], [[0.2, 0.3, 0.5], [0.5, 0.4, 0.1]], {}, "labels=clf.classes_"),
        ([0, 3], [[0.2, 0.8], [0.5, 0.5]], {"labels": [0, 1]}, "not among the levels"),
    ],
)
def test_top_k_accuracy_rejects_bad_input(y_true, proba, kwargs, message):
    with pytest.raises(ValueError, match=message):
        top_k_accuracy(y_true, proba, **kwargs)


# --------------------------------------------------------------------------
# The module itself
# --------------------------------------------------------------------------


def test_public_names():
    assert metrics.__all__ == sorted(
        [
            "table",
            "confusion_matrix_report",
            "ConfusionMatrixReport",
            "classification_report",
            "top_k_accuracy",
            "sensitivity",
            "specificity",
            "pos_pred_value",
            "neg_pred_value",
            "precision",
            "recall",
            "f_meas",
            "mcnemar_test",
            "McNemarTest",
            "most_confused",
            "ROCCurve",
            "roc",
            "roc_test",
            "multiclass_roc",
            "AUCInterval",
            "ROCTest",
            "MulticlassROC",
            # pROC's variances, power and the tests beside DeLong
            "roc_var",
            "roc_cov",
            "power_roc_test",
            "PowerROCTest",
            # pROC's printable AUC, smoothing and bootstrap intervals of the curve
            "AUC",
            "smooth_roc",
            "SmoothROC",
            "ci_se",
            "ci_sp",
            "ci_thresholds",
            "ci_coords",
            "RateInterval",
            "ThresholdsInterval",
            "CoordsInterval",
            # caret's summary functions and their scorers
            "CaretSummary",
            "post_resample",
            "default_summary",
            "two_class_summary",
            "multi_class_summary",
            "pr_summary",
            "mn_log_loss",
            "caret_scoring",
        ]
    )
    for name in metrics.__all__:
        assert getattr(metrics, name).__name__ == name


def test_docstring_examples_run():
    for module in (table_module, caret, reports):
        result = doctest.testmod(module, verbose=False)
        assert result.attempted > 0
        assert result.failed == 0


def test_does_not_import_tensorflow_or_keras():
    code = (
        "import sys, skcnn.metrics; "
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules]; "
        "sys.exit(' '.join(heavy) or None)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr or result.stdout
