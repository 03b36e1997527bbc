"""caret on tables, prevalence, caret's single statistics and R's mcnemar.test, against R.

The fixtures in tests/r/caret_extra_fixtures.json were written by
tests/r/make_caret_extra_fixtures.R (R, caret). R's NA is stored as "NA" and
NaN as "NaN"; both are float NaN in skcnn. Numbers must agree to a relative
tolerance of 1e-9, NaN exactly where R has NA or NaN, and printed output line
for line.
"""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn._rprint import r_label
from skcnn.metrics import (
    ConfusionMatrixReport,
    confusion_matrix_report,
    f_meas,
    mcnemar_test,
    neg_pred_value,
    pos_pred_value,
    precision,
    recall,
    sensitivity,
    specificity,
    table,
)
from skcnn.metrics import _caret as caret
from skcnn.metrics import _statistics as statistics

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "caret_extra_fixtures.json").read_text(encoding="utf-8")
)
TABLES = {case["name"]: case for case in FIXTURES["tables"]}
VECTORS = {case["name"]: case for case in FIXTURES["vectors"]}
STATS = {case["name"]: case for case in FIXTURES["statistics"]}
MCNEMAR = {case["name"]: case for case in FIXTURES["mcnemar"]}
ERRORS = FIXTURES["errors"]
MODES = ("sens_spec", "prec_recall", "everything")
FUNCTIONS = {
    "sensitivity": sensitivity,
    "specificity": specificity,
    "pos_pred_value": pos_pred_value,
    "neg_pred_value": neg_pred_value,
    "precision": precision,
    "recall": recall,
    "f_meas": f_meas,
}
STAT_CALLS = [(name, i) for name, case in STATS.items() for i in range(len(case["calls"]))]


def _r_number(value) -> float:
    return math.nan if value in ("NA", "NaN") else float(value)


def _assert_same(ours: float, r_value, what: str) -> None:
    expected = _r_number(r_value)
    assert isinstance(ours, float), f"{what}: {ours!r} is not a float"
    if math.isnan(expected):
        assert math.isnan(ours), f"{what}: R has {r_value}, we have {ours}"
    else:
        assert math.isclose(ours, expected, rel_tol=1e-9, abs_tol=0), (
            f"{what}: R has {expected!r}, we have {ours!r}"
        )


def _prevalence(case):
    given = case["prevalence"]
    if given is None:
        return None
    return dict(given) if case["named_prevalence"] else given[0]


def _table_input(case):
    """What a user passes: a nested list (R's as.table levels) or a named DataFrame."""
    if case["levels"] is None:
        return case["counts"]
    dnn = case.get("dnn") or [None, None]
    return pd.DataFrame(
        case["counts"],
        index=pd.Index(case["levels"], name=dnn[0]),
        columns=pd.Index(case["levels"], name=dnn[1]),
    )


def _from_table(case, mode="sens_spec") -> ConfusionMatrixReport:
    return ConfusionMatrixReport.from_table(
        _table_input(case), positive=case["positive"], prevalence=_prevalence(case), mode=mode
    )


def _expand(counts, levels) -> tuple[list, list]:
    """y_true, y_pred whose caret table (rows = prediction) is ``counts``."""
    y_true, y_pred = [], []
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            y_pred += [levels[i]] * count
            y_true += [levels[j]] * count
    return y_true, y_pred


def _assert_report_matches(report: ConfusionMatrixReport, case, what: str) -> None:
    assert list(report.overall.index) == list(case["overall"])
    for stat, r_value in case["overall"].items():
        _assert_same(float(report.overall[stat]), r_value, f"{what} {stat}")
    assert [r_label(v) for v in report.by_class.index] == list(case["by_class"])
    for label, r_row in zip(report.by_class.index, case["by_class"].values(), strict=True):
        assert list(r_row) == list(caret.BY_CLASS_NAMES)
        for stat, r_value in r_row.items():
            _assert_same(float(report.by_class.loc[label, stat]), r_value, f"{what} {stat}")
    if len(case["by_class"]) == 1:
        assert r_label(report.positive) == case["caret_positive"]


# --------------------------------------------------------------------------
# ConfusionMatrixReport.from_table against caret's confusionMatrix(table)
# --------------------------------------------------------------------------


def test_fixtures_cover_the_brief():
    assert FIXTURES["caret_version"]
    assert {"t2_letters", "t3_letters", "t3_empty_level", "t2_letters_positive_b"} <= set(TABLES)
    assert any(c["prevalence"] and not c["named_prevalence"] for c in TABLES.values())
    assert any(c["named_prevalence"] for c in TABLES.values())
    functions = {call["function"] for case in STATS.values() for call in case["calls"]}
    assert functions == set(FUNCTIONS)
    assert {c["kind"] for c in STATS.values()} == {"vectors", "table"}
    assert any(call["value"] == "NA" for c in STATS.values() for call in c["calls"])
    assert any(c["statistic"] == "NaN" for c in MCNEMAR.values())


@pytest.mark.parametrize("name", TABLES)
def test_from_table_matches_caret(name):
    case = TABLES[name]
    report = _from_table(case)
    _assert_report_matches(report, case, name)
    assert [r_label(v) for v in report.table.index] == case["r_levels"]
    np.testing.assert_array_equal(report.table.to_numpy(), np.array(case["counts"]))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", TABLES)
def test_from_table_prints_like_caret(name, mode):
    case = TABLES[name]
    expected = case["print"][mode]
    assert str(_from_table(case, mode=mode)).split("\n") == expected
    assert _from_table(case).to_string(mode=mode).split("\n") == expected


@pytest.mark.parametrize("name", TABLES)
def test_from_table_equals_the_report_on_label_vectors(name):
    case = TABLES[name]
    levels = case["r_levels"]
    y_true, y_pred = _expand(case["counts"], levels)
    from_labels = confusion_matrix_report(
        y_true, y_pred, positive=case["positive"], labels=levels, prevalence=_prevalence(case)
    )
    from_counts = _from_table(case)
    pd.testing.assert_series_equal(from_counts.overall, from_labels.overall, rtol=0, atol=0)
    pd.testing.assert_frame_equal(from_counts.by_class, from_labels.by_class, rtol=0, atol=0)
    assert from_counts.to_dict() == from_labels.to_dict()
    # Same table, same names: the same print.
    again = ConfusionMatrixReport.from_table(
        from_labels.table, positive=case["positive"], prevalence=_prevalence(case)
    )
    assert str(again) == str(from_labels)


@pytest.mark.parametrize("name", VECTORS)
def test_prevalence_on_label_vectors_matches_caret(name):
    case = VECTORS[name]
    for mode in MODES:
        report = confusion_matrix_report(
            case["y_true"],
            case["y_pred"],
            positive=case["positive"],
            labels=case["levels"],
            mode=mode,
            prevalence=_prevalence(case),
        )
        _assert_report_matches(report, case, name)
        assert str(report).split("\n") == case["print"][mode]


def test_prevalence_changes_only_what_caret_changes():
    case = TABLES["t3_named"]
    plain = _from_table(case)
    rare = ConfusionMatrixReport.from_table(
        _table_input(case), prevalence=pd.Series({"eel": 0.01, "dog": 0.19, "cat": 0.8})
    )
    changed = ["Pos Pred Value", "Neg Pred Value", "Prevalence"]
    kept = [c for c in caret.BY_CLASS_NAMES if c not in changed]
    pd.testing.assert_frame_equal(rare.by_class[kept], plain.by_class[kept])
    pd.testing.assert_series_equal(rare.overall, plain.overall)
    assert rare.by_class["Prevalence"].tolist() == [0.8, 0.19, 0.01]
    assert rare.prevalence == {"cat": 0.8, "dog": 0.19, "eel": 0.01}
    assert rare.to_dict()["prevalence"] == {"cat": 0.8, "dog": 0.19, "eel": 0.01}
    assert plain.prevalence is None and plain.to_dict()["prevalence"] is None
    # With the sample's own shares as prevalence nothing changes at all.
    shares = dict(zip(plain.by_class.index, plain.by_class["Prevalence"], strict=True))
    same = ConfusionMatrixReport.from_table(_table_input(case), prevalence=shares)
    pd.testing.assert_frame_equal(same.by_class, plain.by_class)


def test_prevalence_names_match_printed_levels():
    counts = [[5, 1, 0], [1, 6, 2], [0, 1, 7]]
    frame = pd.DataFrame(counts, index=[0, 1, 2], columns=[0, 1, 2])
    by_int = ConfusionMatrixReport.from_table(frame, prevalence={0: 0.2, 1: 0.3, 2: 0.5})
    by_str = ConfusionMatrixReport.from_table(frame, prevalence={"0": 0.2, "1": 0.3, "2": 0.5})
    pd.testing.assert_frame_equal(by_int.by_class, by_str.by_class)
    assert by_int.to_dict()["prevalence"] == {"0": 0.2, "1": 0.3, "2": 0.5}


def test_from_table_reads_arrays_dataframes_and_float_counts_alike():
    counts = np.array([[20, 5], [10, 65]])
    as_list = ConfusionMatrixReport.from_table(counts.tolist())
    as_float = ConfusionMatrixReport.from_table(counts.astype(float))
    as_frame = ConfusionMatrixReport.from_table(pd.DataFrame(counts, ["A", "B"], ["A", "B"]))
    for other in (as_float, as_frame):
        assert str(other) == str(as_list)
        assert other.table.dtypes.tolist() == [np.int64, np.int64]
    report = confusion_matrix_report(["a", "b", "b"], ["a", "b", "a"], mode="everything")
    again = ConfusionMatrixReport.from_table(report.table, mode="everything")
    assert str(again) == str(report) and again.positive == "a"


# --------------------------------------------------------------------------
# caret's single statistics
# --------------------------------------------------------------------------


def _vector(values, missing, label_type):
    out = [int(v) if label_type == "int" else v for v in values]
    for i in missing:
        out[i] = None
    return out


def _stat_inputs(case) -> tuple[tuple, dict]:
    if case["kind"] == "table":
        return (_table_input(case),), {}
    data = _vector(case["data"], case["data_missing"], case["label_type"])
    reference = _vector(case["reference"], case["reference_missing"], case["label_type"])
    levels = [int(v) for v in case["levels"]] if case["label_type"] == "int" else case["levels"]
    return (data, reference), {"labels": levels}


def _call_kwargs(call, label_type) -> dict:
    kwargs = dict(call["args"])
    for key in ("positive", "negative", "relevant"):
        if key in kwargs and label_type == "int":
            kwargs[key] = int(kwargs[key])
    return kwargs


@pytest.mark.parametrize(("name", "index"), STAT_CALLS)
def test_single_statistic_matches_caret(name, index):
    case = STATS[name]
    call = case["calls"][index]
    args, kwargs = _stat_inputs(case)
    kwargs.update(_call_kwargs(call, case.get("label_type")))
    ours = FUNCTIONS[call["function"]](*args, **kwargs)
    _assert_same(ours, call["value"], f"{name}: {call['r_function']}({call['args']})")
    if call["explicit_default"]:
        # caret's own default call on a table of more than two classes is NA (a
        # lazily evaluated default), except F_meas, which forces it first; R's
        # value is that of the level the default means.
        lazy = call["lazy_default"]
        assert lazy == (call["value"] if call["function"] == "f_meas" else "NA")


@pytest.mark.parametrize("name", [n for n, c in STATS.items() if c["kind"] == "table"])
def test_single_statistics_agree_with_the_report(name):
    case = STATS[name]
    data = _table_input(case)
    report = ConfusionMatrixReport.from_table(data)
    levels = list(report.table.index)
    for level in levels[: 1 if len(levels) == 2 else None]:
        row = report.by_class.loc[level]
        rest = [v for v in levels if v != level]
        pairs = {
            "Sensitivity": sensitivity(data, positive=level),
            "Specificity": specificity(data, negative=rest),
            "Pos Pred Value": pos_pred_value(data, positive=level),
            "Neg Pred Value": neg_pred_value(data, negative=rest),
            "Precision": precision(data, relevant=level),
            "Recall": recall(data, relevant=level),
            "F1": f_meas(data, relevant=level),
        }
        for stat, ours in pairs.items():
            expected = float(row[stat])
            assert ours == expected or (math.isnan(ours) and math.isnan(expected)), (
                f"{name} {level} {stat}"
            )


def test_statistics_on_vectors_equal_those_on_their_table():
    pred = ["b", "a", "b", "b", "a", "b", "a"]
    truth = ["b", "b", "a", "b", "a", "b", "b"]
    counts = table(pred, truth, dnn=("Prediction", "Reference"))
    for f in FUNCTIONS.values():
        assert f(pred, truth) == f(counts)
        assert f(pd.Categorical(pred), pd.Categorical(truth)) == f(counts)
    assert sensitivity(pred, truth, "b") == sensitivity(counts, positive="b")


def test_statistics_return_nan_for_caret_na():
    # Nothing of the positive class in the reference: caret's NA.
    assert math.isnan(sensitivity(["a", "b"], ["b", "b"], labels=["a", "b"]))
    assert math.isnan(pos_pred_value(["a", "b"], ["b", "b"], labels=["a", "b"]))
    # Never predicted: precision NA; sensitivity 0 and specificity 1 make PPV 0/0.
    assert math.isnan(precision(["b", "b"], ["a", "b"]))
    assert math.isnan(pos_pred_value(["b", "b"], ["a", "b"]))
    assert specificity(["b", "b"], ["a", "b"]) == 1.0


def test_missing_labels_follow_caret():
    pred = ["a", None, "b", "a", "b"]
    truth = ["a", "a", "b", "b", None]
    # na_rm=True drops the pairs; na_rm=False counts a missing prediction as a miss.
    assert sensitivity(pred, truth) == 1 / 1
    assert sensitivity(pred, truth, na_rm=False) == 1 / 2
    # caret's posPredValue takes the prevalence from the whole reference: NA.
    assert math.isnan(pos_pred_value(pred, truth))
    assert pos_pred_value(pred, truth, prevalence=0.5) == pytest.approx(2 / 3)
    assert precision(pred, truth) == precision(pred, truth, na_rm=False) == 1 / 2


def test_pooled_levels_on_a_table():
    counts = pd.DataFrame(
        [[30, 4, 2], [5, 25, 6], [1, 3, 24]], index=list("xyz"), columns=list("xyz")
    )
    pooled = [[30 + 4 + 5 + 25, 2 + 6], [1 + 3, 24]]
    assert sensitivity(counts, positive=["x", "y"]) == sensitivity(pooled)
    assert specificity(counts, negative=("y", "z")) == specificity(
        [[30, 4 + 2], [5 + 1, 25 + 6 + 3 + 24]]
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sensitivity(["a", "b"]), "reference is missing"),
        (lambda: sensitivity([[1, 2], [3, 4]], ["a", "b"]), "reference must be left out"),
        (lambda: sensitivity([[1, 2], [3, 4]], positive="Z"), "positive='Z' is not one"),
        (lambda: sensitivity([[1, 2], [3, 4]], labels=["a", "b"]), "labels is for label"),
        (lambda: specificity([[1, 2], [3, 4]], negative=["A", "B"]), "leave at least one"),
        (lambda: sensitivity(["a", "b"], ["a", "b", "a"]), "different lengths"),
        (lambda: sensitivity(["a", "a"], ["a", "a"]), "the same two levels"),
        (lambda: sensitivity(["a", "b"], ["a", "b"], na_rm="yes"), "na_rm must be"),
        (lambda: f_meas([[1, 2], [3, 4]], beta=-1), "beta must be"),
        (lambda: f_meas([[1, 2], [3, 4]], beta="2"), "beta must be"),
        (lambda: pos_pred_value([[1, 2], [3, 4]], prevalence=1.5), "in [0, 1]"),
        (lambda: pos_pred_value([[1, 2], [3, 4]], prevalence="0.1"), "prevalence must be"),
    ],
)
def test_statistic_errors_say_what_to_do(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert message in str(err.value)


# --------------------------------------------------------------------------
# caret's errors
# --------------------------------------------------------------------------

_T3 = [[30, 4, 2], [5, 25, 6], [1, 3, 24]]

# name -> (the call, a phrase of ours, whether caret's own message is quoted).
# caret's message is quoted where it says something; "invalid argument type"
# (a bug in caret's check of a non-square table) and "subscript out of bounds"
# are not; caret accepts fractional counts and unknown prevalence names.
ERROR_CALLS = {
    "cm_not_square": (
        lambda: ConfusionMatrixReport.from_table([[1, 2, 3], [4, 5, 6]]),
        "must be square",
        False,
    ),
    "cm_three_dimensions": (
        lambda: ConfusionMatrixReport.from_table(np.ones((2, 2, 2))),
        "2-D table",
        True,
    ),
    "cm_one_level": (lambda: ConfusionMatrixReport.from_table([[5]]), "single level", True),
    "cm_different_names": (
        lambda: ConfusionMatrixReport.from_table(
            pd.DataFrame([[1, 3], [2, 4]], list("ab"), list("ba"))
        ),
        "reorder the columns",
        True,
    ),
    "cm_prevalence_two_numbers": (
        lambda: ConfusionMatrixReport.from_table([[20, 5], [10, 65]], prevalence=[0.1, 0.2]),
        "one number",
        True,
    ),
    "cm_prevalence_wrong_length": (
        lambda: ConfusionMatrixReport.from_table(_T3, prevalence={"A": 0.5, "B": 0.5}),
        "one probability per level",
        True,
    ),
    "cm_prevalence_no_names": (
        lambda: ConfusionMatrixReport.from_table(_T3, prevalence=[0.2, 0.3, 0.5]),
        "pass a dict",
        True,
    ),
    "cm_prevalence_unknown_name": (
        lambda: ConfusionMatrixReport.from_table(_T3, prevalence={"A": 0.2, "B": 0.3, "X": 0.5}),
        "but not the levels ['C']",
        False,
    ),
    "cm_negative_count": (
        lambda: ConfusionMatrixReport.from_table([[5, -1], [2, 7]]),
        "negative counts (row 'A', column 'B')",
        True,
    ),
    "cm_fractional_count": (
        lambda: ConfusionMatrixReport.from_table([[5, 1.5], [2, 7]]),
        "not whole numbers",
        False,
    ),
    "cm_positive_not_level": (
        lambda: ConfusionMatrixReport.from_table([[20, 5], [10, 65]], positive="Z"),
        "is not one of the levels",
        False,
    ),
    "stat_three_levels": (
        lambda: sensitivity(["a", "b", "c"], ["a", "b", "c"]),
        "name both with `labels`",
        True,
    ),
    "stat_table_not_square": (lambda: sensitivity([[1, 2, 3], [4, 5, 6]]), "must be square", False),
}


def test_every_r_error_is_checked():
    assert set(ERROR_CALLS) == set(ERRORS)


@pytest.mark.parametrize("name", ERROR_CALLS)
def test_errors_where_caret_errs(name):
    call, phrase, quotes_caret = ERROR_CALLS[name]
    with pytest.raises(ValueError) as err:
        call()
    message = str(err.value)
    assert phrase in message
    if quotes_caret:
        assert ERRORS[name] in message
    else:
        assert ERRORS[name] not in message


def test_unknown_prevalence_name_is_na_in_caret():
    # What the ValueError above replaces: caret's silent NA for the level it misses.
    assert FIXTURES["unknown_name_by_class"]["prevalence"] == [0.2, 0.3, "NA"]


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        ([[True, False], [False, True]], "got booleans"),
        ([[1, np.nan], [2, 3]], "missing or infinite"),
        ([["a", "b"], ["c", "d"]], "must hold counts"),
        (pd.DataFrame([[1, 2], [3, 4]], index=["a", "a"], columns=["a", "a"]), "twice"),
        (table([0, 1, 1], [0, 1, 0]), "transpose (.T)"),
        ([[]], "must be square"),
    ],
)
def test_from_table_rejects_what_is_not_a_table_of_counts(data, phrase):
    with pytest.raises(ValueError) as err:
        ConfusionMatrixReport.from_table(data)
    assert phrase in str(err.value)


@pytest.mark.parametrize(
    ("prevalence", "phrase"),
    [
        (-0.1, "in [0, 1]"),
        (math.nan, "in [0, 1]"),
        ({"A": 0.1}, "one number"),
        (True, "a probability"),
    ],
)
def test_two_class_prevalence_must_be_a_probability(prevalence, phrase):
    with pytest.raises(ValueError) as err:
        confusion_matrix_report([0, 1, 1], [0, 1, 0], prevalence=prevalence)
    assert phrase in str(err.value)


def test_multiclass_prevalence_errors():
    with pytest.raises(ValueError, match="prevalence\\['b'\\] must be a probability"):
        ConfusionMatrixReport.from_table(
            pd.DataFrame(_T3, list("abc"), list("abc")), prevalence={"a": 0.5, "b": 2, "c": 0}
        )
    with pytest.raises(ValueError, match="one probability per level"):
        ConfusionMatrixReport.from_table(_T3, prevalence=0.3)
    with pytest.raises(ValueError, match="mode must be one of"):
        ConfusionMatrixReport.from_table(_T3, mode="all")


# --------------------------------------------------------------------------
# mcnemar_test against R's mcnemar.test
# --------------------------------------------------------------------------


def _mcnemar(case, **kwargs):
    def labels(values):
        return [int(v) for v in values] if case["label_type"] == "int" else list(values)

    return mcnemar_test(
        labels(case["y_true"]),
        labels(case["pred_a"]),
        labels(case["pred_b"]),
        correct=case["correct"],
        **kwargs,
    )


@pytest.mark.parametrize("name", MCNEMAR)
def test_mcnemar_matches_r(name):
    case = MCNEMAR[name]
    result = _mcnemar(case)
    _assert_same(result.statistic, case["statistic"], f"{name} statistic")
    _assert_same(result.p_value, case["p_value"], f"{name} p-value")
    assert result.df == result.parameter == case["parameter"] == 1
    assert result.method == case["method"]
    assert result.data_name == case["data_name"]
    np.testing.assert_array_equal(result.table.to_numpy(), np.array(case["table"]))
    assert repr(result.table).split("\n") == case["table_print"]
    assert str(result).split("\n") == case["print"]
    assert repr(result) == str(result)


def test_mcnemar_names_label_the_table_and_data_line():
    case = MCNEMAR["typical"]
    result = _mcnemar(case, names=("lenet5", "resnet20"))
    assert result.data_name == "lenet5 and resnet20"
    assert "data:  lenet5 and resnet20" in str(result)
    assert result.table.index.name == "lenet5" and result.table.columns.name == "resnet20"


def test_mcnemar_is_symmetric_in_the_classifiers():
    case = MCNEMAR["typical"]
    forward = _mcnemar(case)
    backward = mcnemar_test(case["y_true"], case["pred_b"], case["pred_a"])
    assert forward.statistic == backward.statistic and forward.p_value == backward.p_value
    np.testing.assert_array_equal(forward.table.to_numpy().T, backward.table.to_numpy())


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"pred_b": [0, 1]}, "different lengths"),
        ({"correct": 1}, "correct must be True or False"),
        ({"names": ("a",)}, "names must be two"),
        ({"y_true": [0, None, 1]}, "missing label"),
    ],
)
def test_mcnemar_errors(kwargs, phrase):
    args = {"y_true": [0, 1, 1], "pred_a": [0, 1, 0], "pred_b": [1, 1, 1]} | kwargs
    with pytest.raises(ValueError) as err:
        mcnemar_test(**args)
    assert phrase in str(err.value)


def test_doctests_run():
    for module in (statistics, caret):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0
