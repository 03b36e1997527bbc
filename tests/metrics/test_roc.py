"""Tests for skcnn.metrics' ROC analysis, measured against pROC 1.18.0.

The fixtures in tests/r/proc_fixtures.json were written by
tests/r/make_proc_fixtures.R (R, pROC, jsonlite), data included: pROC's aSAH
data set and designed cases (ties, near-ties, a perfect and an inverted
predictor, missing values, both directions, labels of several types, a few
multi-class cases). Numbers must agree to a relative tolerance of 1e-9, NaN
exactly where R has NA, and the printed output line for line (the "Call:" line
names the Python call instead of R's).
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn._rprint import r_label
from skcnn.metrics import ROCCurve, _roc, multiclass_roc, roc, roc_test

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "proc_fixtures.json").read_text("utf-8")
)
BINARY = {case["name"]: case for case in FIXTURES["binary"]}
TESTS = {case["name"]: case for case in FIXTURES["tests"]}
MULTICLASS = {case["name"]: case for case in FIXTURES["multiclass"]}
CALL_LINE = 2  # the line of print.roc that shows R's call


def _number(value) -> float:
    if value is None or value == "NA":
        return math.nan
    return {"Inf": math.inf, "-Inf": -math.inf}.get(value, None) or float(value)


def _numbers(values) -> np.ndarray:
    if not isinstance(values, list):
        values = [values]
    return np.array([_number(v) for v in values], dtype=float)


def _close(ours, theirs, what: str) -> None:
    ours = np.atleast_1d(np.asarray(ours, dtype=float))
    theirs = _numbers(theirs) if not isinstance(theirs, np.ndarray) else theirs
    assert ours.shape == theirs.shape, f"{what}: R has {theirs.shape}, we have {ours.shape}"
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if math.isnan(b):
            assert math.isnan(a), f"{what}[{k}]: R has NA, we have {a!r}"
        elif math.isinf(b):
            assert a == b, f"{what}[{k}]: R has {b}, we have {a!r}"
        else:
            assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300), (
                f"{what}[{k}]: R has {b!r}, we have {a!r}"
            )


def _lines(value) -> list:
    """A JSON array as a list (jsonlite writes a length-one vector as a scalar)."""
    return value if isinstance(value, list) else [value]


def _labels(values):
    return [None if v is None else v for v in values]


def _curve(case) -> ROCCurve:
    kwargs = {}
    if case["levels_arg"] is not None:
        kwargs["levels"] = case["levels_arg"]
    if case["direction_arg"] is not None:
        kwargs["direction"] = case["direction_arg"]
    y = pd.Series(_labels(case["response"]), name=case["response_name"], dtype=object)
    x = pd.Series(_numbers(case["predictor"]), name=case["predictor_name"])
    return roc(y, x, **kwargs)


@pytest.fixture(scope="module")
def curves():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {name: _curve(case) for name, case in BINARY.items()}


def test_fixtures_cover_the_brief():
    assert FIXTURES["proc_version"] == "1.18.0"
    directions = {case["direction"] for case in BINARY.values()}
    assert directions == {"<", ">"}
    assert {case["response_type"] for case in BINARY.values()} == {
        "character",
        "integer",
        "logical",
    }
    assert BINARY["perfect"]["auc"] == 1
    assert BINARY["inverted_forced_lt"]["auc"] < 0.5
    assert len(BINARY["asah_s100b"]["predictor"]) == 113
    assert None in BINARY["missing_values"]["response"]
    assert {"s100b_vs_ndka", "wfns_vs_s100b"} <= set(TESTS)


# --------------------------------------------------------------------------
# The curve
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", BINARY)
def test_curve_matches_proc(curves, name):
    case, r = BINARY[name], curves[name]
    assert r.direction == case["direction"]
    assert [r_label(v) for v in r.levels] == [str(v) for v in case["levels"]]
    assert (r.controls.size, r.cases.size) == (case["n_controls"], case["n_cases"])
    _close(r.thresholds, case["thresholds"], "thresholds")
    _close(r.sensitivities, case["sensitivities"], "sensitivities")
    _close(r.specificities, case["specificities"], "specificities")
    _close(r.auc, case["auc"], "auc")
    assert isinstance(r.auc, float)


@pytest.mark.parametrize("name", BINARY)
def test_curve_is_the_very_doubles_proc_computes(curves, name):
    case, r = BINARY[name], curves[name]
    for attr in ("thresholds", "sensitivities", "specificities"):
        expected = _numbers(case[f"{attr}_exact"])
        assert getattr(r, attr).tolist() == expected.tolist(), attr


def test_near_ties_are_repaired_as_proc_does(curves):
    # (1 + (1 + eps)) / 2 rounds onto 1, a score: pROC moves that threshold onto the
    # next score up for "<" and keeps it for ">"
    one, eps = 1.0, np.finfo(float).eps
    assert curves["near_ties_lt"].thresholds[1] == one + eps
    assert curves["near_ties_gt"].thresholds[-2] == one


@pytest.mark.parametrize("name", BINARY)
def test_print_matches_proc(curves, name):
    ours = str(curves[name]).split("\n")
    theirs = BINARY[name]["printed"]
    assert len(ours) == len(theirs)
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if k != CALL_LINE:
            assert a == b, f"line {k}: R has {b!r}, we have {a!r}"
    assert ours == repr(curves[name]).split("\n")


def test_call_line_names_the_python_call(curves):
    assert str(curves["asah_s100b"]).split("\n")[CALL_LINE] == "roc(outcome, s100b)"
    assert (
        str(curves["asah_s100b_levels_reversed"]).split("\n")[CALL_LINE]
        == "roc(outcome, s100b, levels=['Poor', 'Good'])"
    )
    assert str(curves["direction_gt"]).split("\n")[CALL_LINE] == "roc(outcome, ndka, direction='>')"


# --------------------------------------------------------------------------
# AUC, partial AUC, confidence intervals
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", BINARY)
def test_partial_auc_matches_proc(curves, name):
    r = curves[name]
    for entry in BINARY[name]["partial"]:
        bounds = tuple(entry["range"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = r.auc_partial(bounds, focus=entry["focus"], correct=entry["correct"])
        what = f"pAUC {bounds} {entry['focus']} correct={entry['correct']}"
        _close(value, [entry["value"]], what)
        assert bool(caught) == bool(entry["warnings"]), what
        line = _roc._auc_line(value, bounds, entry["focus"], entry["correct"])
        assert [line] == _lines(entry["printed"]), what


def test_partial_auc_bounds_in_either_order(curves):
    r = curves["asah_s100b"]
    assert r.auc_partial((0.9, 1)) == r.auc_partial((1, 0.9))


@pytest.mark.parametrize("name", BINARY)
def test_ci_delong_matches_proc(curves, name):
    case, r = BINARY[name], curves[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ci = r.ci_auc()
    _close(list(ci), case["ci_delong"], "ci.auc")
    assert bool(caught) == bool(case["ci_warnings"])
    assert [str(ci)] == _lines(case["ci_printed"])


def test_ci_level_and_bootstrap(curves):
    r = curves["asah_s100b"]
    wide, narrow = r.ci_auc(0.99), r.ci_auc(0.5)
    assert wide.lower < narrow.lower < r.auc < narrow.upper < wide.upper
    boot = r.ci_auc(method="bootstrap", n_boot=300, random_state=1)
    again = r.ci_auc(method="bootstrap", n_boot=300, random_state=1)
    assert list(boot) == list(again)
    assert boot.lower < boot.median < boot.upper
    delong = r.ci_auc()
    # both estimate the same sampling spread: DeLong's bounds within 0.03 of the bootstrap's
    assert abs(boot.lower - delong.lower) < 0.03 and abs(boot.upper - delong.upper) < 0.03
    assert abs(boot.median - r.auc) < 0.02
    assert str(boot).endswith("(300 stratified bootstrap replicates)")


def test_bootstrap_is_stratified(curves):
    # every replicate keeps all cases and controls, so a perfect curve stays perfect
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ci = curves["perfect"].ci_auc(method="bootstrap", n_boot=50, random_state=0)
    assert list(ci) == [1.0, 1.0, 1.0]


# --------------------------------------------------------------------------
# coords
# --------------------------------------------------------------------------


def _check_frame(frame: pd.DataFrame, expected: dict, what: str) -> None:
    assert list(frame.columns) == list(expected), what
    for column, values in expected.items():
        _close(frame[column].to_numpy(), values, f"{what} {column}")


@pytest.mark.parametrize("name", BINARY)
def test_coords_best_matches_proc(curves, name):
    case, r = BINARY[name], curves[name]
    _check_frame(r.coords("best"), case["best_youden"], "best youden")
    _check_frame(
        r.coords("best", best_method="closest.topleft"), case["best_topleft"], "best topleft"
    )


def test_coords_best_keeps_every_tie(curves):
    assert len(curves["inverted_forced_lt"].coords("best")) == 2
    assert len(curves["logical_response"].coords("best")) == 2


@pytest.mark.parametrize("name", BINARY)
def test_coords_at_values_match_proc(curves, name):
    case, r = BINARY[name], curves[name]
    ret = list(case["coords_thresholds"])
    _check_frame(
        r.coords(_numbers(case["at_thresholds"]), input="threshold", ret=ret),
        case["coords_thresholds"],
        "at thresholds",
    )
    _check_frame(
        r.coords(_numbers(case["at_specificities"]), input="specificity"),
        case["coords_specificities"],
        "at specificities",
    )
    _check_frame(
        r.coords(_numbers(case["at_sensitivities"]), input="sensitivity"),
        case["coords_sensitivities"],
        "at sensitivities",
    )
    _check_frame(r.coords("all", ret=ret), case["all_coords"], "all")


def test_coords_errors(curves):
    r = curves["asah_s100b"]
    with pytest.raises(ValueError, match="ret 'sensitivty' is unknown"):
        r.coords("best", ret=("threshold", "sensitivty"))
    with pytest.raises(ValueError, match="ret '1-s' is ambiguous"):
        r.coords("best", ret="1-s")
    with pytest.raises(ValueError, match=r"Input specificity \(1.5\) not in range \(0-1\)"):
        r.coords([1.5], input="specificity")
    with pytest.raises(ValueError, match="best_method"):
        r.coords("best", best_method="youdon")
    with pytest.raises(ValueError, match="Coordinate 'ppv' is not monotone"):
        r.coords([0.5], input="ppv")
    with pytest.raises(ValueError, match="input 'area' is unknown"):
        r.coords([0.5], input="area")
    with pytest.raises(ValueError, match="ret='all' can't be used with other"):
        r.coords("best", ret=("all", "threshold"))
    with pytest.raises(ValueError, match="Numeric x has length 0"):
        r.coords([])
    with pytest.raises(ValueError, match="x 'top' is unknown"):
        r.coords("top")


# --------------------------------------------------------------------------
# roc.test
# --------------------------------------------------------------------------


def _test_curves(case):
    if "response" in case:
        y1 = y2 = case["response"]
    else:
        y1, y2 = case["response1"], case["response2"]
    a = roc(
        pd.Series(_labels(y1), name=case["response_name"], dtype=object),
        pd.Series(_numbers(case["x1"]), name=case["name1"]),
    )
    b = roc(
        pd.Series(_labels(y2), name=case["response_name"], dtype=object),
        pd.Series(_numbers(case["x2"]), name=case["name2"]),
    )
    return a, b


@pytest.mark.parametrize("name", TESTS)
def test_roc_test_matches_proc(name):
    case = TESTS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = roc_test(*_test_curves(case))
    assert result.method == case["method"]
    assert result.statistic_name == case["statistic_name"]
    _close(result.statistic, [case["statistic"]], "statistic")
    _close(result.p_value, [case["p_value"]], "p-value")
    _close(result.estimate.to_numpy(), case["estimate"], "estimate")
    assert list(result.estimate.index) == case["estimate_names"]
    _close(result.difference, [case["estimate"][0] - case["estimate"][1]], "difference")
    if case["conf_int"] is None:
        assert result.conf_int is None
    else:
        _close(result.conf_int, case["conf_int"], "conf.int")
    if case["parameter"] is not None:
        _close(result.df, [case["parameter"]], "df")
    assert str(result).split("\n") == case["printed"]


def test_roc_test_paired_rebuilds_on_complete_cases():
    # the scores miss different samples: both curves are compared on the shared ones
    case = TESTS["missing_values"]
    a, b = _test_curves(case)
    result = roc_test(a, b)
    assert result.roc1.cases.size < a.cases.size + 1
    assert result.roc1.controls.size == result.roc2.controls.size
    assert result.roc1.cases.size == result.roc2.cases.size
    assert result.roc1.auc != a.auc


def test_roc_test_options_and_errors():
    a, b = _test_curves(TESTS["s100b_vs_ndka"])
    two = roc_test(a, b)
    greater = roc_test(a, b, alternative="greater")
    assert math.isclose(greater.p_value, two.p_value / 2, rel_tol=1e-12)
    assert "greater than 0" in str(greater)
    wide = roc_test(a, b, level=0.99)
    assert wide.conf_int[0] < two.conf_int[0] and "99 percent" in str(wide)
    with pytest.warns(UserWarning, match="seem to be paired"):
        unpaired = roc_test(a, b, paired=False)
    assert unpaired.statistic_name == "D"
    with pytest.raises(ValueError, match="must be a ROCCurve"):
        roc_test(a, 0.5)
    with pytest.raises(ValueError, match="method must be one of"):
        roc_test(a, b, method="wilcoxon")
    c, d = _test_curves(TESTS["unpaired_halves"])
    with pytest.raises(ValueError, match="cannot be applied to unpaired"):
        roc_test(c, d, paired=True)


# --------------------------------------------------------------------------
# multiclass.roc
# --------------------------------------------------------------------------


def _multiclass_inputs(case):
    y = pd.Series(case["response"], name=case["response_name"])
    columns = case["columns"]
    if case["response_type"] == "integer":
        columns = [int(c) for c in columns]
    proba = pd.DataFrame({c: _numbers(case["proba"][str(c)]) for c in columns})
    return y, proba


@pytest.mark.parametrize("name", MULTICLASS)
def test_multiclass_matches_proc(name):
    case = MULTICLASS[name]
    y, proba = _multiclass_inputs(case)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = multiclass_roc(y, proba, levels=case["levels_arg"])
    assert bool(caught) == bool(case["warnings"])
    _close(m.auc, [case["auc"]], "multi-class auc")
    assert [r_label(v) for v in m.levels] == [str(v) for v in case["levels"]]
    names = case["pair_names"] if isinstance(case["pair_names"], list) else [case["pair_names"]]
    assert list(m.rocs) == names
    assert list(case["pair_aucs"]) == names
    pairs = list(case["pair_aucs"].values())
    for (first, second), expected in zip(m.rocs.values(), pairs, strict=True):
        _close([first.auc, second.auc], expected, "pair aucs")
    ours = str(m).split("\n")
    assert len(ours) == len(case["printed"])
    for k, (a, b) in enumerate(zip(ours, case["printed"], strict=True)):
        if k != CALL_LINE:
            assert a == b, f"line {k}: R has {b!r}, we have {a!r}"


def test_multiclass_with_an_array_in_level_order():
    case = MULTICLASS["four_integer_classes"]
    y, proba = _multiclass_inputs(case)
    m = multiclass_roc(np.asarray(y), proba.to_numpy())
    _close(m.auc, [case["auc"]], "array input")
    with pytest.raises(ValueError, match="3 columns but there are 4 levels"):
        multiclass_roc(np.asarray(y), proba.to_numpy()[:, :3])
    with pytest.raises(ValueError, match="rows but y_true has"):
        multiclass_roc(np.asarray(y)[:-1], proba.to_numpy())
    with pytest.raises(ValueError, match="at least two classes"):
        multiclass_roc([1, 1, 1], np.ones((3, 2)))


# --------------------------------------------------------------------------
# Inputs: labels of any type, clear errors
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "classes",
    [np.array([0, 1]), np.array([False, True]), np.array(["cat", "dog"]), np.array([3.5, 7.0])],
)
def test_estimator_call_shape_with_any_label_type(classes):
    # CNNClassifier.roc calls roc(y, proba[:, 1], levels=classes_)
    rng = np.random.default_rng(0)
    y = classes[rng.integers(0, 2, 40)]
    proba = np.column_stack([1 - rng.random(40), rng.random(40)])
    proba[y == classes[1], 1] += 0.5
    r = roc(y, proba[:, 1], levels=classes)
    codes = (y == classes[1]).astype(int)
    reference = roc(codes, proba[:, 1], levels=[0, 1])
    assert r.auc == reference.auc > 0.5
    assert r.levels == tuple(v.item() for v in classes)
    assert f"controls (y_true {r_label(classes[0].item())})" in str(r)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="y_true must have two classes"):
        roc(["a", "a", "a"], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="different lengths"):
        roc(["a", "b", "a"], [0.1, 0.2])
    with pytest.raises(ValueError, match="infinite"):
        roc(["a", "b", "a"], [0.1, np.inf, 0.3])
    with pytest.raises(ValueError, match="no such label"):
        roc(["a", "b", "a"], [0.1, 0.2, 0.3], levels=("a", "c"))
    with pytest.raises(ValueError, match="length 2"):
        roc(["a", "b", "c"], [0.1, 0.2, 0.3], levels=("a", "b", "c"))
    with pytest.raises(ValueError, match="direction must be"):
        roc(["a", "b"], [0.1, 0.2], direction="up")
    with pytest.raises(ValueError, match=r"proba\[:, 1\]"):
        roc(["a", "b"], [[0.1, 0.9], [0.8, 0.2]])
    with pytest.raises(ValueError, match="numeric scores"):
        roc(["a", "b"], ["low", "high"])
    with pytest.raises(ValueError, match="bounds"):
        roc(["a", "b"], [0.1, 0.2]).auc_partial((1, 2))
    with pytest.raises(ValueError, match="level must be"):
        roc(["a", "b", "a", "b"], [0.1, 0.2, 0.3, 0.4]).ci_auc(level=95)


def test_missing_values_are_dropped_and_more_levels_warn():
    r = roc(["a", None, "b", "b", "a"], [0.1, 0.5, np.nan, 0.9, 0.2])
    assert (r.controls.size, r.cases.size) == (2, 1)
    nullable = pd.Series([0.1, None, 0.4, 0.9, 0.2], dtype="Float64")
    r = roc(["a", "a", "b", "b", "a"], nullable)
    assert (r.controls.size, r.cases.size) == (2, 2)
    with pytest.raises(ValueError, match="two classes, but it has 1"):
        roc(["a", "a", "b"], [0.1, 0.2, np.nan])
    unused = pd.Categorical(["a", "a", "c"], categories=["a", "b", "c"])
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="No case observation"):
        roc(unused, [0.1, 0.2, 0.3])
    with pytest.warns(UserWarning, match="more than two levels"):
        r = roc(["a", "b", "c", "a", "b"], [0.1, 0.8, 0.5, 0.2, 0.9])
    assert r.levels == ("a", "b") and r.cases.size == 2


def test_arrays_are_read_only(curves):
    with pytest.raises(ValueError):
        curves["ties"].sensitivities[0] = 0.5


# --------------------------------------------------------------------------
# CNNClassifier.roc
# --------------------------------------------------------------------------


def test_classifier_roc_is_proc_on_its_probabilities(small_digits):
    from skcnn import CNNClassifier

    X, y = small_digits
    binary = np.where(y < 5, "low", "high")
    clf = CNNClassifier(epochs=1, random_state=0).fit(X, binary)
    curve = clf.roc(X, binary)
    expected = roc(binary, clf.predict_proba(X)[:, 1], levels=clf.classes_)
    assert curve.auc == expected.auc
    np.testing.assert_array_equal(curve.thresholds, expected.thresholds)
    three = CNNClassifier(epochs=1, random_state=0).fit(X, y % 3)
    with pytest.raises(ValueError, match="multiclass_roc"):
        three.roc(X, y % 3)
