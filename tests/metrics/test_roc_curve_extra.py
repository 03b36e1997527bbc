"""The rest of pROC 1.18.0's curve API, measured against R: percent curves, the
printable AUC, coords' local maxima, ret="all", every monotone input, transpose
and drop, and multiclass.roc of one numeric score.

The fixtures in tests/r/proc_curve_fixtures.json were written by
tests/r/make_proc_curve_fixtures.R (R, pROC, jsonlite), data included. Numbers
must agree to a relative tolerance of 1e-9, NaN exactly where R has NA, and the
printed output line for line (the "Call:" line names the Python call instead of
R's).
"""

from __future__ import annotations

import json
import math
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn._rprint import r_label
from skcnn.metrics import multiclass_roc, roc
from skcnn.metrics._roc import AUC
from skcnn.metrics._roc_utils import _unpercent

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "proc_curve_fixtures.json").read_text("utf-8")
)
CURVES = {case["name"]: case for case in FIXTURES["curves"]}
UNIVARIATE = {case["name"]: case for case in FIXTURES["univariate"]}
MULTIVARIATE = {case["name"]: case for case in FIXTURES["multivariate"]}
CALL_LINE = 2  # the line of the print that shows R's call


def _lines(value) -> list:
    """A JSON array as a list (jsonlite writes a length-one vector as a scalar)."""
    return value if isinstance(value, list) else [value]


def _number(value) -> float:
    if value is None or value == "NA":
        return math.nan
    return {"Inf": math.inf, "-Inf": -math.inf}.get(value, None) or float(value)


def _numbers(values) -> np.ndarray:
    return np.array([_number(v) for v in _lines(values)], dtype=float)


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


def _check_frame(ours: pd.DataFrame, theirs: dict, what: str) -> None:
    assert list(ours.columns) == list(theirs), f"{what}: columns differ"
    for column, values in theirs.items():
        _close(ours[column].to_numpy(), values, f"{what} {column}")


def _check_print(ours: str, theirs, what: str) -> None:
    ours_lines, theirs_lines = ours.split("\n"), _lines(theirs)
    assert len(ours_lines) == len(theirs_lines), f"{what}: {ours_lines} vs {theirs_lines}"
    for k, (a, b) in enumerate(zip(ours_lines, theirs_lines, strict=True)):
        if not (b.startswith(("roc", "multiclass.roc")) and k == CALL_LINE):
            assert a == b, f"{what} line {k}: R has {b!r}, we have {a!r}"


def _curve(case):
    kwargs = {"percent": case["percent"]}
    if case["direction_arg"] is not None:
        kwargs["direction"] = case["direction_arg"]
    y = pd.Series(case["response"], name=case["response_name"], dtype=object)
    x = pd.Series(_numbers(case["predictor"]), name=case["predictor_name"])
    return roc(y, x, **kwargs)


@pytest.fixture(scope="module")
def curves():
    return {name: _curve(case) for name, case in CURVES.items()}


# --------------------------------------------------------------------------
# percent = TRUE and the printable AUC
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CURVES)
def test_curve_and_auc_match_proc(curves, name):
    case, r = CURVES[name], curves[name]
    assert r.percent is case["percent"]
    assert r.direction == case["direction"]
    _close(r.thresholds, case["thresholds"], "thresholds")
    _close(r.sensitivities, case["sensitivities"], "sensitivities")
    _close(r.specificities, case["specificities"], "specificities")
    _close(r.auc, [case["auc"]], "auc")
    assert isinstance(r.auc, AUC) and isinstance(r.auc, float)
    assert str(r.auc) == _lines(case["auc_printed"])[0]
    _check_print(str(r), case["printed"], "print(roc)")
    assert ("percent=True" in r.call) is case["percent"]


@pytest.mark.parametrize("name", CURVES)
def test_partial_auc_matches_proc(curves, name):
    case, r = CURVES[name], curves[name]
    for entry in case["partial"]:
        bounds = tuple(entry["range"])
        what = f"{bounds} {entry['focus']} correct={entry['correct']}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = r.auc_partial(bounds, focus=entry["focus"], correct=entry["correct"])
        assert bool(caught) == bool(entry["warnings"]), what
        _close(value, [entry["value"]], what)
        assert str(value) == _lines(entry["printed"])[0], what
        assert value.partial == tuple(sorted(map(float, bounds), reverse=True))


@pytest.mark.parametrize("name", CURVES)
def test_ci_auc_matches_proc(curves, name):
    case, r = CURVES[name], curves[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ci = r.ci_auc()
    assert bool(caught) == bool(case["ci_warnings"])
    _close(list(ci), case["ci_delong"], "ci.auc")
    assert str(ci) == _lines(case["ci_printed"])[0]
    assert ci.percent is case["percent"]


def test_percent_is_the_fraction_times_100(curves):
    plain, pct = curves["asah_s100b"], curves["asah_s100b_percent"]
    np.testing.assert_allclose(pct.sensitivities, plain.sensitivities * 100, rtol=1e-12)
    assert math.isclose(pct.auc, plain.auc * 100, rel_tol=1e-12)
    se, sp = _unpercent(pct.sensitivities, pct.specificities, pct.percent)
    np.testing.assert_allclose(se, plain.sensitivities, rtol=1e-15)
    np.testing.assert_allclose(sp, plain.specificities, rtol=1e-15)
    assert _unpercent(se, sp, False)[0] is se
    boot = pct.ci_auc(method="bootstrap", n_boot=50, random_state=3)
    again = plain.ci_auc(method="bootstrap", n_boot=50, random_state=3)
    _close(list(boot), np.array(list(again)) * 100, "bootstrap in percent")
    assert str(boot).endswith("% (50 stratified bootstrap replicates)")
    assert str(pct.auc_partial()).startswith(
        "Partial area under the curve (specificity 100%-90%): "
    )
    with pytest.raises(ValueError, match=r"within \[0, 100\] \(the curve is in percent\)"):
        pct.auc_partial((100, 120))
    with pytest.raises(ValueError, match=r"within \[0, 1\]"):
        plain.auc_partial((100, 80))
    with pytest.raises(ValueError, match="percent must be True or False"):
        roc([0, 1], [0.1, 0.9], percent="yes")


def test_auc_is_a_float():
    r = roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    a = r.auc
    assert repr(a) == "0.75" and a == 0.75 and f"{a}" == "0.75" and f"{a:.2f}" == "0.75"
    assert type(a + 1) is float and type(a * 2) is float
    assert json.dumps({"auc": a}) == '{"auc": 0.75}'
    assert str(a) == "Area under the curve: 0.75"
    assert np.isclose(np.float64(a), 0.75) and pd.Series([a]).dtype == np.float64
    part = r.auc_partial((0.8, 1), focus="sensitivity", correct=True)
    assert str(part).startswith("Corrected partial area under the curve (sensitivity 1-0.8): ")
    assert (part.partial, part.focus, part.correct, part.percent) == (
        (1.0, 0.8),
        "sensitivity",
        True,
        False,
    )
    assert pickle.loads(pickle.dumps(part)).partial == (1.0, 0.8)


def test_auc_pickle_loads_in_a_fresh_process(tmp_path):
    r = roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], percent=True)
    path = tmp_path / "auc.pkl"
    path.write_bytes(pickle.dumps([r.auc, r.auc_partial((100, 80), correct=True)]))
    code = (
        "import pickle, sys; a, b = pickle.load(open(sys.argv[1], 'rb')); "
        "print(repr(a)); print(a); print(b)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == repr(float(r.auc))
    assert out[1] == "Area under the curve: 75%"
    assert out[2] == str(r.auc_partial((100, 80), correct=True))


# --------------------------------------------------------------------------
# coords
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CURVES)
def test_coords_words_match_proc(curves, name):
    case, r = CURVES[name], curves[name]
    _check_frame(r.coords("local maximas", ret="all"), case["local_maximas"], "local maximas")
    _check_frame(r.coords("all", ret="all"), case["all"], "all")
    _check_frame(r.coords(None, ret="all"), case["all"], "x=None")
    assert list(r.coords("all", ret="all").columns) == case["all_names"]
    _check_frame(r.coords("best", ret="all"), case["best_youden"], "best youden")
    _check_frame(
        r.coords("best", ret="all", best_method="closest.topleft"),
        case["best_topleft"],
        "best topleft",
    )
    _check_frame(
        r.coords("best", ret=("threshold", "closest.topleft"), best_method="topleft"),
        case["best_topleft_own"],
        "best topleft, pROC's own column",
    )
    _check_frame(
        r.coords("b", ret=("t", "youden")), case["best_youden_own"], "best youden, own column"
    )
    _check_frame(
        r.coords("best", ret="all", best_weights=(2, 0.3)), case["best_weighted"], "weighted"
    )


@pytest.mark.parametrize("name", CURVES)
def test_coords_inputs_match_proc(curves, name):
    case, r = CURVES[name], curves[name]
    for input, entry in case["inputs"].items():
        ret = list(entry["coords"])
        ours = r.coords(_numbers(entry["x"]), input=input, ret=ret)
        _check_frame(ours, entry["coords"], f"input={input}")
    for input, message in case["not_monotone"].items():
        with pytest.raises(ValueError, match=message.rstrip(".")):
            r.coords([0.5], input=input)
    scale = 100 if case["percent"] else 1
    asked = {"specificity": 1.5 * scale, "fpr": -0.5, "tp": r.cases.size + 1}
    for input, message in case["out_of_range"].items():
        with pytest.raises(ValueError) as caught:
            r.coords([asked[input]], input=input)
        assert str(caught.value).startswith(message), (str(caught.value), message)


def _shaped(value: dict):
    kind = value["kind"]
    if kind == "matrix":
        return pd.DataFrame([_numbers(v) for v in value["values"]], index=_lines(value["rows"]))
    if kind == "data.frame":
        return pd.DataFrame({k: _numbers(v) for k, v in value["values"].items()})
    names = value["names"]
    return pd.Series(_numbers(value["values"]), index=None if names is None else _lines(names))


@pytest.mark.parametrize("k", range(len(FIXTURES["shapes"])))
def test_coords_transpose_and_drop_match_proc(curves, k):
    entry = FIXTURES["shapes"][k]
    r = curves["asah_s100b"]
    ours = r.coords(
        _numbers(entry["x"]),
        ret=_lines(entry["ret"]),
        transpose=entry["transpose"],
        drop=entry["drop"],
    )
    theirs = _shaped(entry["value"])
    if isinstance(theirs, pd.DataFrame):
        assert isinstance(ours, pd.DataFrame)
        if entry["value"]["kind"] == "matrix":
            rows = _lines(entry["value"]["rows"])
            assert list(ours.index) == rows
            assert ours.shape == (len(rows), entry["value"]["ncol"])
        else:
            assert list(ours.columns) == entry["value"]["names"]
        _close(ours.to_numpy().ravel(), theirs.to_numpy().ravel(), "values")
    else:
        assert isinstance(ours, pd.Series)
        if entry["value"]["names"] is not None:
            assert list(ours.index) == _lines(entry["value"]["names"])
        _close(ours.to_numpy(), theirs.to_numpy(), "values")


def test_coords_errors_match_proc(curves):
    r = curves["asah_s100b"]
    errors = FIXTURES["ret_errors"]
    with pytest.raises(ValueError) as caught:
        r.coords("best", ret=("all", "threshold"))
    assert str(caught.value) == errors["all_and_more"]
    with pytest.raises(ValueError) as caught:
        r.coords([])
    assert str(caught.value).startswith(errors["empty_x"].replace("'x'", "x"))


# --------------------------------------------------------------------------
# multiclass.roc of one numeric predictor; levels without observations
# --------------------------------------------------------------------------


def _response(case):
    if case["response_type"] in ("factor", "ordered"):
        ordered = case["response_type"] == "ordered"
        values = pd.Categorical(case["response"], categories=case["factor_levels"], ordered=ordered)
        return pd.Series(values, name=case["response_name"])
    return pd.Series(case["response"], name=case["response_name"], dtype=object)


@pytest.mark.parametrize("name", UNIVARIATE)
def test_univariate_multiclass_matches_proc(name):
    case = UNIVARIATE[name]
    y = _response(case)
    x = pd.Series(_numbers(case["predictor"]), name=case["predictor_name"])
    kwargs = {"percent": case["percent"]}
    if case["levels_arg"] is not None:
        kwargs["levels"] = case["levels_arg"]
    if case["direction_arg"] is not None:
        kwargs["direction"] = case["direction_arg"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = multiclass_roc(y, x, **kwargs)
    expected = _lines(case["warnings"]) if case["warnings"] else []
    assert len(caught) == len(expected)
    for ours, theirs in zip(caught, expected, strict=True):
        assert str(ours.message).startswith(theirs)
    assert not m.multivariate
    assert [r_label(v) for v in m.levels] == [str(v) for v in _lines(case["levels"])]
    _close(m.auc, [case["auc"]], "multi-class auc")
    assert str(m.auc) == _lines(case["auc_printed"])[0]
    curves = list(m.rocs.values())
    _close([c.auc for c in curves], case["pair_aucs"], "pair aucs")
    assert [c.direction for c in curves] == _lines(case["pair_directions"])
    pair_levels = case["pair_levels"]
    pair_levels = [pair_levels] if isinstance(pair_levels[0], str) else pair_levels
    assert [[r_label(v) for v in c.levels] for c in curves] == pair_levels
    _check_print(str(m), case["printed"], "print(multiclass.roc)")


@pytest.mark.parametrize("name", MULTIVARIATE)
def test_multivariate_drops_levels_without_observations(name):
    case = MULTIVARIATE[name]
    y = pd.Series(
        pd.Categorical(case["response"], categories=case["factor_levels"]),
        name=case["response_name"],
    )
    proba = pd.DataFrame({c: _numbers(case["proba"][c]) for c in case["columns"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = multiclass_roc(y, proba, percent=case["percent"])
    assert len(caught) == len(case["warnings"])
    assert str(caught[0].message).startswith(case["warnings"][0])
    assert "'2'" in str(caught[1].message)
    assert [r_label(v) for v in m.levels] == case["levels"]
    _close(m.auc, [case["auc"]], "multi-class auc")
    assert list(m.rocs) == list(case["pair_aucs"])
    for (first, second), expected in zip(m.rocs.values(), case["pair_aucs"].values(), strict=True):
        _close([first.auc, second.auc], expected, "pair aucs")
    _check_print(str(m), case["printed"], "print(mv.multiclass.roc)")
    # an array in the order of the categories: the empty level's column is dropped
    with pytest.warns(UserWarning, match="No observation for response level"):
        again = multiclass_roc(y, proba.to_numpy(), percent=case["percent"])
    _close(again.auc, [case["auc"]], "array input")


def test_multiclass_errors():
    y = ["a", "a", "b", "b", "c", "c"]
    with pytest.raises(ValueError, match="direction='auto' is not available"):
        multiclass_roc(y, np.eye(6)[:, :3], direction="auto")
    with pytest.raises(ValueError, match="at least two levels with samples"):
        with pytest.warns(UserWarning, match="No observation for response level"):
            multiclass_roc(y, [1, 2, 3, 4, 5, 6], levels=["a", "z"])
    with pytest.raises(ValueError, match="proba must be numeric"):
        multiclass_roc(y, ["x"] * 6)
    m = multiclass_roc(y, [1, 2, 3, 4, 5, 6], direction="<", percent=True)
    assert m.call == "multiclass_roc(y_true, y_score, direction='<', percent=True)"
    assert str(m.auc) == "Multi-class area under the curve: 100%"
    assert pickle.loads(pickle.dumps(m.auc)).to_string() == str(m.auc)
