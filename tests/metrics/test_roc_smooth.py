"""Tests for skcnn.metrics' smoothed ROC curves, measured against pROC 1.18.0.

The fixtures in tests/r/proc_smooth_fixtures.json were written by
tests/r/make_proc_smooth_fixtures.R (R, pROC, jsonlite), data included: pROC's aSAH
data set, simulated normal scores, tied integer scores, both directions, a curve in
percent, densities given as numbers, and curves pROC refuses to smooth. The binormal
curves, every AUC and the binormal model agree to a relative tolerance of 1e-9; the
density curves to 1e-9 relative or 1e-14 absolute (times 100 in percent): numpy's FFT
is not R's, their round-off differs at about 1e-15 of the peak density, which only
the far tails of the curve see. The printed output agrees line for line (the "Call:"
line names the Python call instead of R's). R's density() and bandwidth rules, which
the density method calls (skcnn._rstats), are checked on their own too.
"""

from __future__ import annotations

import copy
import inspect
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn._rstats import density
from skcnn.metrics import roc
from skcnn.metrics._roc_smooth import SmoothROC, smooth_roc

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "proc_smooth_fixtures.json").read_text("utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
SMOOTHINGS = [(case["name"], k) for case in FIXTURES["cases"] for k in range(len(case["smooth"]))]
CALL_LINE = 2  # the line of print.smooth.roc that shows R's call
_ARGS = {"method": "method", "n": "n", "bw": "bw", "adjust": "adjust", "kernel": "kernel"}


def _numbers(values) -> np.ndarray:
    if not isinstance(values, list):
        values = [values]
    return np.array([float(v) for v in values], dtype=float)


def _lines(value) -> list:
    """A JSON array as a list (jsonlite writes a length-one vector as a scalar)."""
    return value if isinstance(value, list) else [value]


def _close(ours, theirs, what: str, atol: float = 0.0) -> None:
    ours = np.atleast_1d(np.asarray(ours, dtype=float))
    theirs = np.atleast_1d(np.asarray(theirs, dtype=float))
    assert ours.shape == theirs.shape, f"{what}: R has {theirs.shape}, we have {ours.shape}"
    for k, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=atol or 1e-300), (
            f"{what}[{k}]: R has {b!r}, we have {a!r}"
        )


def _curve(case):
    """The case's curve; a curve in percent as pROC's (values in percent)."""
    kwargs = {}
    if case["direction_arg"] is not None:
        kwargs["direction"] = case["direction_arg"]
    y = pd.Series(case["response"], name=case["response_name"], dtype=object)
    x = pd.Series(_numbers(case["predictor"]), name=case["predictor_name"])
    curve = roc(y, x, **kwargs)
    if case["percent"]:
        # roc(percent=True) is another change: until it lands, the same curve with
        # pROC's percent values stands in for it
        curve = copy.copy(curve)
        curve.sensitivities = _numbers(case["roc_sensitivities_exact"])
        curve.specificities = _numbers(case["roc_specificities_exact"])
        curve.percent = True
    return curve


def _kwargs(entry) -> dict:
    args = dict(entry["args"]) if isinstance(entry["args"], dict) else {}
    kwargs = {_ARGS.get(k, k): v for k, v in args.items()}
    if entry["density_controls"] is not None:
        kwargs["density_controls"] = _numbers(entry["density_controls"])
        kwargs["density_cases"] = _numbers(entry["density_cases"])
    return kwargs


@pytest.fixture(scope="module")
def curves():
    return {name: _curve(case) for name, case in CASES.items()}


@pytest.fixture(scope="module")
def smoothed(curves):
    out = {}
    for name, k in SMOOTHINGS:
        out[name, k] = smooth_roc(curves[name], **_kwargs(CASES[name]["smooth"][k]))
    return out


def test_fixtures_cover_the_brief():
    assert FIXTURES["proc_version"] == "1.18.0"
    assert {case["direction"] for case in CASES.values()} == {"<", ">"}
    assert any(case["percent"] for case in CASES.values())
    methods = {
        (entry["args"].get("method", "binormal") if isinstance(entry["args"], dict) else "binormal")
        for case in CASES.values()
        for entry in case["smooth"]
    }
    assert methods == {"binormal", "density"}
    assert len(CASES["asah_s100b"]["predictor"]) == 113
    assert len(set(CASES["ties"]["predictor"])) == 5  # heavy ties
    assert {f["name"] for f in FIXTURES["failures"]} == {"perfect", "one_sensitivity", "one_point"}


# --------------------------------------------------------------------------
# The curves, their AUCs and prints
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "k"), SMOOTHINGS, ids=[f"{n}-{k}" for n, k in SMOOTHINGS])
def test_smoothed_curve_matches_proc(smoothed, name, k):
    entry, s = CASES[name]["smooth"][k], smoothed[name, k]
    scale = 100 if CASES[name]["percent"] else 1
    atol = 0 if s.method == "binormal" else 1e-14 * scale  # FFT round-off in the tails
    _close(s.sensitivities, entry["sensitivities"], "sensitivities", atol)
    _close(s.specificities, entry["specificities"], "specificities", atol)
    _close(s.auc, entry["auc"], "auc")
    assert isinstance(s.auc, float)
    assert str(s.auc) == _lines(entry["printed"])[-1]  # pROC's print.auc
    if entry["coefficients"] is not None:
        # a flat line's slope is R's least-squares round-off (-2e-16) and our exact 0
        _close(s.coefficients, entry["coefficients"], "coefficients", 1e-14)
    else:
        assert s.coefficients is None


@pytest.mark.parametrize(("name", "k"), SMOOTHINGS, ids=[f"{n}-{k}" for n, k in SMOOTHINGS])
def test_partial_auc_matches_proc(smoothed, name, k):
    s = smoothed[name, k]
    scale = 100 if CASES[name]["percent"] else 1
    for p in CASES[name]["smooth"][k]["partial"]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = s.auc_partial(p["range"], focus=p["focus"], correct=p["correct"])
        what = f"auc_partial({p['range']}, {p['focus']}, correct={p['correct']})"
        if p["value"] is None:
            assert math.isnan(ours), what
        else:
            atol = 0 if s.method == "binormal" else 1e-14 * scale
            _close(ours, p["value"], what, atol)
        assert [str(ours)] == _lines(p["printed"]), what


@pytest.mark.parametrize(("name", "k"), SMOOTHINGS, ids=[f"{n}-{k}" for n, k in SMOOTHINGS])
def test_print_matches_proc(smoothed, name, k):
    printed = _lines(CASES[name]["smooth"][k]["printed"])
    ours = str(smoothed[name, k]).split("\n")
    assert len(ours) == len(printed)
    assert (
        ours[:CALL_LINE] + ours[CALL_LINE + 1 :] == printed[:CALL_LINE] + printed[CALL_LINE + 1 :]
    )
    assert ours[CALL_LINE].startswith("smooth_roc(roc(")
    assert repr(smoothed[name, k]) == smoothed[name, k].to_string()


def test_smoothed_curve_carries_what_a_plot_needs(smoothed, curves):
    s = smoothed["asah_ndka_gt", 0]
    r = curves["asah_ndka_gt"]
    assert isinstance(s, SmoothROC) and s.roc is r
    assert (s.method, s.percent, s.direction) == ("binormal", False, ">")
    assert s.levels == r.levels == ("Good", "Poor")
    assert (s.response_name, s.predictor_name) == ("outcome", "ndka")
    assert s.sensitivities.shape == s.specificities.shape == (52,)  # n = 50 and the two ends
    assert (s.specificities[0], s.sensitivities[0]) == (0.0, 1.0)
    assert (s.specificities[-1], s.sensitivities[-1]) == (1.0, 0.0)
    assert np.all(np.diff(s.specificities) >= 0)  # pROC's order
    with pytest.raises(ValueError):
        s.sensitivities[0] = 0.5  # read-only
    d = smoothed["asah_s100b", 2]
    assert (d.method, d.bw, d.adjust, d.kernel, d.n) == ("density", "nrd0", 2, "gaussian", 100)
    assert d.coefficients is None
    p = smoothed["asah_wfns_percent", 1]
    assert p.percent and p.specificities[-1] == 100.0 and p.sensitivities[0] == 100.0


def test_density_bandwidth_is_r_rule_on_all_scores_times_adjust(curves, smoothed):
    r = curves["asah_s100b"]
    scores = np.concatenate((r.controls, r.cases))
    bw = density(scores).bw  # R's bw.nrd0 of every score, as pROC takes it
    assert math.isclose(smoothed["asah_s100b", 1].bandwidth, bw, rel_tol=1e-15)
    assert math.isclose(smoothed["asah_s100b", 2].bandwidth, 2 * bw, rel_tol=1e-15)
    assert smoothed["asah_ndka_gt", 1].bandwidth == 3.5
    assert smoothed["given_densities", 0].bandwidth is None


def test_binormal_auc_is_the_model_and_density_auc_the_trapezoids(smoothed):
    s = smoothed["normal_auto_gt", 0]
    a, b = s.coefficients
    from scipy.stats import norm

    assert math.isclose(s.auc, norm.cdf(a / math.sqrt(1 + b * b)), rel_tol=1e-12)
    d = smoothed["normal_auto_gt", 1]
    x, y = d.specificities, d.sensitivities
    assert math.isclose(d.auc, float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2)))


def test_real_percent_curve_when_roc_takes_percent():
    if "percent" not in inspect.signature(roc).parameters:
        pytest.skip("roc(percent=True) has not landed yet")
    case = CASES["asah_wfns_percent"]
    y = pd.Series(case["response"], name=case["response_name"], dtype=object)
    x = pd.Series(_numbers(case["predictor"]), name=case["predictor_name"])
    curve = roc(y, x, percent=True)
    for k, entry in enumerate(case["smooth"]):
        s = smooth_roc(curve, **_kwargs(entry))
        atol = 0 if s.method == "binormal" else 1e-10
        _close(s.sensitivities, entry["sensitivities"], f"sensitivities {k}", atol)
        _close(s.specificities, entry["specificities"], f"specificities {k}", atol)
        _close(s.auc, entry["auc"], f"auc {k}")
        assert str(s).split("\n")[-1] == _lines(entry["printed"])[-1]


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


@pytest.mark.parametrize("failure", FIXTURES["failures"], ids=lambda f: f["name"])
def test_binormal_refuses_what_proc_refuses(failure):
    assert failure["error"] == "ROC curve not smoothable (not enough points)."
    curve = roc(failure["response"], _numbers(failure["predictor"]))
    with pytest.raises(ValueError, match="cannot be smoothed by the binormal method") as info:
        smooth_roc(curve)
    assert "method='density'" in str(info.value)
    assert smooth_roc(curve, method="density").method == "density"  # density still works


def test_clear_errors():
    r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
    with pytest.raises(ValueError, match=r"method must be one of \['binormal', 'density'\]"):
        smooth_roc(r, method="spline")
    with pytest.raises(ValueError, match="'fitdistr' is a pROC method that is not ported"):
        smooth_roc(r, method="fitdistr")
    with pytest.raises(ValueError, match="curve must be a ROCCurve"):
        smooth_roc([0.1, 0.2])
    with pytest.raises(ValueError, match="already smoothed"):
        smooth_roc(smooth_roc(r, method="density"))
    with pytest.raises(ValueError, match="n must be an int of at least 2"):
        smooth_roc(r, n=1)
    with pytest.raises(ValueError, match="n must be an int"):
        smooth_roc(r, n=10.5)
    with pytest.raises(ValueError, match="'ucv', 'bcv' and 'SJ' are not ported"):
        smooth_roc(r, method="density", bw="SJ")
    with pytest.raises(ValueError, match="kernel must be one of"):
        smooth_roc(r, method="density", kernel="epan")
    with pytest.raises(ValueError, match="bandwidth .* must be a positive number"):
        smooth_roc(r, method="density", bw=0.0)
    with pytest.raises(ValueError, match="adjust must be a number"):
        smooth_roc(r, method="density", adjust="2")
    with pytest.raises(ValueError, match="different lengths"):
        smooth_roc(r, method="density", density_controls=[0.1, 0.2], density_cases=[0.1])
    with pytest.raises(ValueError, match="apply to method='density' only"):
        smooth_roc(r, density_controls=[0.1, 0.2], density_cases=[0.1, 0.3])
    s = smooth_roc(r, method="density")
    with pytest.raises(ValueError, match=r"bounds must be two different numbers within \[0, 1\]"):
        s.auc_partial((1, 1))
    with pytest.raises(ValueError, match="focus must be one of"):
        s.auc_partial((1, 0.9), focus="both")


def test_call_line_names_the_python_arguments():
    r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.35, 0.6, 0.4, 0.5, 0.8, 0.9])
    assert smooth_roc(r).call == "smooth_roc(roc(y_true, y_score))"
    s = smooth_roc(r, method="density", n=64, bw=0.2, adjust=2, kernel="biweight")
    assert s.call == (
        "smooth_roc(roc(y_true, y_score), method='density', n=64, bw=0.2, adjust=2, "
        "kernel='biweight')"
    )
    assert s.to_string().split("\n")[5] == "Smoothing: density (bandwidth: 0.2; adjust: 2)"


# --------------------------------------------------------------------------
# R's density(), which the density method calls (skcnn._rstats)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("case", FIXTURES["densities"], ids=lambda c: c["name"])
def test_density_is_r_density(case):
    args = dict(case["args"] or {})
    if "from" in args:
        args["from_"] = args.pop("from")
    d = density(_numbers(case["x_data"]), **args)
    assert d.x.tolist() == _numbers(case["x"]).tolist()  # R's seq.int grid, to the bit
    _close(d.bw, case["bw"], "bw")
    r_y = _numbers(case["y"])
    _close(d.y, r_y, "y", 1e-14 * r_y.max())  # FFT round-off (~1e-15 of the peak) only


@pytest.mark.parametrize("case", FIXTURES["bandwidths"], ids=lambda c: str(len(c["x"])))
def test_bandwidth_rules_are_r_rules(case):
    from skcnn._rstats import bw_nrd, bw_nrd0

    x = _numbers(case["x"])
    _close(bw_nrd0(x), case["nrd0"], "bw.nrd0")
    _close(bw_nrd(x), case["nrd"], "bw.nrd", 1e-300)
