"""Tests for skcnn.metrics' ci_se, ci_sp, ci_thresholds and ci_coords against pROC 1.18.0.

tests/r/proc_ci_rates_fixtures.json was written by tests/r/make_proc_ci_rates_fixtures.R.
Three kinds of check:

- one bootstrap replicate: pROC's own internal function on a resample that R drew,
  and ours on the very same resample: equal to 1e-9 (R is deterministic there);
- the intervals: pROC's, from 10000 replicates, must lie within the Monte-Carlo error
  of ours, from a few hundred replicates of our own random numbers. The error of a
  sample quantile is distribution-free: the p-quantile of the replicates' distribution
  lies between the order statistics B*p -+ z*sqrt(B*p*(1-p)) of B replicates with
  the normal probability of z (z = 4.5 here; R's own error, from 10000 replicates, is
  far smaller than ours). The seeds are fixed, so the tests cannot flake;
- the print: ours, of pROC's numbers, line for line as pROC's.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn._rstats import quantile7
from skcnn.metrics import roc
from skcnn.metrics._roc_bootstrap import (
    _replicate_rates,
    _replicate_thresholds,
    _resamples,
)
from skcnn.metrics._roc_ci_coords import (
    CoordsInterval,
    ThresholdsInterval,
    _coords_replicates,
    _replicate_coords,
    _thresholds_replicates,
    ci_coords,
    ci_thresholds,
)
from skcnn.metrics._roc_ci_rates import RateInterval, _rates_replicates, ci_se, ci_sp
from skcnn.metrics._roc_utils import _build, _trapezoid

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "proc_ci_rates_fixtures.json").read_text("utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
Z = 4.5
N_BOOT = 600  # ours: a few hundred replicates keep each test well under a second or two


def _number(value) -> float:
    if value is None or value == "NA":
        return math.nan
    return {"Inf": math.inf, "-Inf": -math.inf}.get(value, None) or float(value)


def _numbers(values) -> np.ndarray:
    if not isinstance(values, list):
        values = [values]
    return np.array([_number(v) for v in values], dtype=float)


def _lines(value) -> list:
    return value if isinstance(value, list) else [value]


def _curve(case):
    y, x = case["response"], _numbers(case["predictor"])
    if case["percent"]:
        try:
            r = roc(y, x, percent=True)
        except TypeError:  # before roc() takes percent: the attribute the functions read
            r = roc(y, x)
            r.percent = True
    else:
        r = roc(y, x)
    assert r.direction == case["direction"]
    assert list(r.levels) == case["levels"]
    return r


@pytest.fixture(scope="module")
def curves():
    return {name: _curve(case) for name, case in CASES.items()}


def _matrix(record) -> np.ndarray:
    return np.column_stack([_numbers(record[k]) for k in ("lower", "median", "upper")])


def _within_mc_error(replicates: np.ndarray, theirs: np.ndarray, level: float, what: str):
    """R's quantiles (k x 3) inside the order-statistic interval of our replicates (B x k)."""
    probs = [(1 - level) / 2, 0.5, 1 - (1 - level) / 2]
    b = replicates.shape[0]
    for j in range(replicates.shape[1]):
        column = np.sort(replicates[:, j][~np.isnan(replicates[:, j])])
        n = column.size
        for k, p in enumerate(probs):
            half = Z * math.sqrt(n * p * (1 - p))
            lo = column[max(0, math.floor(n * p - half) - 1)]
            hi = column[min(n - 1, math.ceil(n * p + half))]
            value = theirs[j, k]
            assert lo - 1e-12 <= value <= hi + 1e-12, (
                f"{what}[{j}, {probs[k]}]: R has {value!r}, outside our Monte-Carlo "
                f"interval [{lo!r}, {hi!r}] from {b} replicates"
            )


def _check_frame(frame: pd.DataFrame, record, what: str) -> None:
    if record["rownames"] is not None:
        assert frame.index.tolist() == _lines(record["rownames"]), what
    assert frame.columns.tolist() == record["colnames"], what


# ---- one replicate: exactly pROC's on the same resample ------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_one_replicate_is_procs(curves, name):
    case, r = CASES[name], curves[name]
    scale = 100.0 if case["percent"] else 1.0
    for rep in case["replicates"]:
        for kind, measure, rates in (
            ("se", "sensitivity", case["ci_se"]["specificities"]),
            ("sp", "specificity", case["ci_sp"]["sensitivities"]),
        ):
            record = rep[kind]
            ours = _replicate_rates(
                _numbers(record["controls"]),
                _numbers(record["cases"]),
                r.direction,
                _numbers(rates) / scale,
                measure,
            )
            np.testing.assert_allclose(
                ours * scale, _numbers(record["value"]), rtol=1e-9, err_msg=f"{name} {kind}"
            )
        record = rep["thresholds"]
        ours = _replicate_thresholds(
            _numbers(record["controls"]),
            _numbers(record["cases"]),
            r.direction,
            _numbers(case["ci_thresholds"]["values"]),
        )
        # R's 2 x k matrix (sp, se per threshold) comes column by column.
        np.testing.assert_allclose(
            ours.T.ravel(), _numbers(record["value"]), rtol=1e-9, err_msg=f"{name} thresholds"
        )


@pytest.mark.parametrize("name", ["asah_s100b", "ties_gt"])
def test_one_coords_replicate_is_procs(curves, name):
    case, r = CASES[name], curves[name]
    spec = case["ci_coords"]
    checked = 0
    for rep in case["replicates"]:
        for key, x, input_, ret, method in (
            ("coords", _numbers(spec["x"]), spec["input"], _lines(spec["ret"]), "youden"),
            (
                "coords_best_topleft",
                "best",
                "threshold",
                ["threshold", "specificity", "sensitivity", "accuracy"],
                "closest.topleft",
            ),
        ):
            if key not in rep:  # tied best thresholds: pROC stopped
                continue
            record = rep[key]
            ours = _replicate_coords(
                r,
                _numbers(record["controls"]),
                _numbers(record["cases"]),
                x,
                input_,
                ret,
                method,
                (1, 0.5),
            )
            np.testing.assert_allclose(
                ours.ravel(), _numbers(record["value"]), rtol=1e-9, err_msg=f"{name} {key}"
            )
            checked += 1
    assert checked >= 8


# ---- the intervals: pROC's within our Monte-Carlo error -------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_ci_se_and_ci_sp_agree_with_proc(curves, name):
    case, r = CASES[name], curves[name]
    for func, measure, key, rates_key in (
        (ci_se, "sensitivity", "ci_se", "specificities"),
        (ci_sp, "specificity", "ci_sp", "sensitivities"),
    ):
        rates = _numbers(case[key][rates_key])
        ci = func(r, rates, n_boot=N_BOOT, random_state=1)
        assert isinstance(ci, RateInterval) and ci.measure == measure
        np.testing.assert_array_equal(ci.rates, rates)
        _check_frame(ci.to_frame(), case[key]["matrix"], f"{name} {key}")
        reps = _rates_replicates(r, rates, measure, N_BOOT, True, 1)
        # the interval is the quantiles of exactly these replicates
        np.testing.assert_allclose(ci.median, np.quantile(reps, 0.5, axis=0), rtol=1e-12)
        _within_mc_error(reps, _matrix(case[key]["matrix"]), 0.95, f"{name} {key}")


def test_ci_se_nonstratified_agrees_with_proc(curves):
    case, r = CASES["asah_s100b"], curves["asah_s100b"]
    record = case["ci_se_nonstratified"]
    rates = _numbers(record["specificities"])
    ci = ci_se(r, rates, n_boot=N_BOOT, stratified=False, random_state=2)
    assert ci.stratified is False
    theirs = _rate_interval(
        record, "sensitivity", record["specificities"], 0.95, case["boot_n"], False
    )
    theirs = RateInterval(**{**theirs.__dict__, "stratified": False})
    assert theirs.to_string().splitlines() == _lines(record["printed"])
    reps = _rates_replicates(r, rates, "sensitivity", N_BOOT, False, 2)
    _within_mc_error(reps, _matrix(record["matrix"]), 0.95, "non-stratified ci_se")
    stratified = _rates_replicates(r, rates, "sensitivity", N_BOOT, True, 2)
    assert not np.array_equal(reps, stratified)


@pytest.mark.parametrize("name", list(CASES))
def test_ci_thresholds_agrees_with_proc(curves, name):
    case, r = CASES[name], curves[name]
    record = case["ci_thresholds"]
    values = _numbers(record["values"])
    wanted = record["thresholds"]
    if isinstance(wanted, str) and wanted == "best":
        ci = ci_thresholds(r, "best", n_boot=N_BOOT, random_state=3)
    else:  # R's local maximas or numbers: given as numbers
        ci = ci_thresholds(r, values, n_boot=N_BOOT, random_state=3)
    assert isinstance(ci, ThresholdsInterval)
    np.testing.assert_array_equal(ci.thresholds, values)
    _check_frame(ci.specificity, record["specificity"], f"{name} sp")
    _check_frame(ci.sensitivity, record["sensitivity"], f"{name} se")
    scale = 100.0 if case["percent"] else 1.0
    reps = _thresholds_replicates(r, values, N_BOOT, True, 3) * scale
    _within_mc_error(reps[:, 0, :], _matrix(record["specificity"]), 0.95, f"{name} sp")
    _within_mc_error(reps[:, 1, :], _matrix(record["sensitivity"]), 0.95, f"{name} se")


def test_ci_thresholds_local_maximas_keyword(curves):
    r = curves["asah_s100b"]
    try:
        r.coords("local maximas", ret=("threshold",))
    except ValueError:
        pytest.skip("ROCCurve.coords has no 'local maximas' yet")
    record = CASES["asah_s100b"]["ci_thresholds"]
    ci = ci_thresholds(r, n_boot=50, random_state=0)
    np.testing.assert_allclose(ci.thresholds, _numbers(record["values"]), rtol=1e-12)


@pytest.mark.parametrize("name", ["asah_s100b", "ties_gt"])
def test_ci_coords_agrees_with_proc(curves, name):
    case, r = CASES[name], curves[name]
    for key, kwargs, seed in (
        ("ci_coords_best", {"x": "best", "best_policy": "random"}, 4),
        (
            "ci_coords",
            {
                "x": _numbers(case["ci_coords"]["x"]),
                "input": case["ci_coords"]["input"],
                "ret": case["ci_coords"]["ret"],
            },
            5,
        ),
    ):
        record = case[key]
        n_boot = 300
        ci = ci_coords(r, n_boot=n_boot, random_state=seed, **kwargs)
        assert isinstance(ci, CoordsInterval)
        assert ci.ret == _lines(record["ret"])
        x, input_ = kwargs["x"], kwargs.get("input", "threshold")
        reps = _coords_replicates(
            r,
            x,
            input_,
            ci.ret,
            "youden",
            (1, 0.5),
            kwargs.get("best_policy", "stop"),
            n_boot,
            True,
            seed,
        )
        for j, ret in enumerate(ci.ret):
            # R names the rows 1, 2, ... (raply's); ours are named as the print's, by x
            assert ci[ret].columns.tolist() == record["matrices"][ret]["colnames"]
            assert ci[ret].index.tolist() == ci._row_names()
            theirs = _matrix(record["matrices"][ret])
            _within_mc_error(reps[:, :, j], theirs, 0.95, f"{name} {key} {ret}")


# ---- prints: ours of pROC's numbers, line for line ------------------------------------


def _rate_interval(record, measure, rates, level, n_boot, percent):
    m = _matrix(record["matrix"])
    return RateInterval(
        rates=_numbers(rates),
        lower=m[:, 0],
        median=m[:, 1],
        upper=m[:, 2],
        measure=measure,
        level=level,
        n_boot=n_boot,
        percent=percent,
    )


@pytest.mark.parametrize("name", list(CASES))
def test_prints_match_proc(curves, name):
    case = CASES[name]
    n, pct = case["boot_n"], case["percent"]
    se = _rate_interval(case["ci_se"], "sensitivity", case["ci_se"]["specificities"], 0.95, n, pct)
    assert se.to_string().splitlines() == _lines(case["ci_se"]["printed"])
    assert str(se) == se.to_string() == repr(se)
    _check_frame(se.to_frame(), case["ci_se"]["matrix"], "ci_se rows")
    sp = _rate_interval(case["ci_sp"], "specificity", case["ci_sp"]["sensitivities"], 0.95, n, pct)
    assert sp.to_string().splitlines() == _lines(case["ci_sp"]["printed"])
    record = case["ci_thresholds"]
    frames = {
        k: pd.DataFrame(_matrix(record[k]), columns=["2.5%", "50%", "97.5%"])
        for k in ("specificity", "sensitivity")
    }
    th = ThresholdsInterval(
        thresholds=_numbers(record["values"]), level=0.95, n_boot=n, percent=pct, **frames
    )
    assert th.to_string().splitlines() == _lines(record["printed"])
    for key in ("ci_coords_best", "ci_coords"):
        if key not in case:
            continue
        record = case[key]
        x = "best" if key == "ci_coords_best" else _numbers(record["x"])
        ret = _lines(record["ret"])
        intervals = {
            k: pd.DataFrame(_matrix(record["matrices"][k]), columns=["2.5%", "50%", "97.5%"])
            for k in ret
        }
        co = CoordsInterval(
            x=x,
            input=record.get("input", "threshold"),
            ret=ret,
            intervals=intervals,
            level=0.95,
            n_boot=n,
        )
        assert co.to_string().splitlines() == _lines(record["printed"]), key


@pytest.mark.parametrize("record", FIXTURES["levels"], ids=lambda rec: str(rec["level"]))
def test_print_and_names_at_other_levels(record):
    measure, key = (
        ("sensitivity", "specificities")
        if "specificities" in record
        else ("specificity", "sensitivities")
    )
    ci = _rate_interval(record, measure, record[key], record["level"], record["boot_n"], False)
    assert ci.to_string().splitlines() == _lines(record["printed"])
    _check_frame(ci.to_frame(), record["matrix"], "quantile names")


def test_single_ret_coords_print_has_no_row_names(curves):
    r = curves["asah_s100b"]
    ci = ci_coords(
        r, [0.2, 0.5], input="specificity", ret=["sensitivity"], n_boot=30, random_state=0
    )
    lines = ci.to_string().splitlines()
    assert lines[1].split() == [
        "specificity",
        "sensitivity.low",
        "sensitivity.median",
        "sensitivity.high",
    ]
    assert lines[2].split()[0] == "0.2" and len(lines[2].split()) == 4


# ---- seeds, defaults, errors ----------------------------------------------------------


def test_random_state_reproduces(curves):
    r = curves["ties_gt"]
    a = ci_se(r, n_boot=100, random_state=7)
    b = ci_se(r, n_boot=100, random_state=7)
    c = ci_se(r, n_boot=100, random_state=8)
    assert a.to_string() == b.to_string()
    np.testing.assert_array_equal(a.lower, b.lower)
    assert not (
        np.array_equal(a.lower, c.lower)
        and np.array_equal(a.upper, c.upper)
        and np.array_equal(a.median, c.median)
    )
    t1 = ci_thresholds(r, [2.5, 4.5], n_boot=100, random_state=np.random.default_rng(3))
    t2 = ci_thresholds(r, [2.5, 4.5], n_boot=100, random_state=np.random.default_rng(3))
    pd.testing.assert_frame_equal(t1.to_frame(), t2.to_frame())


def test_defaults_are_procs(curves):
    r = curves["asah_s100b"]
    ci = ci_sp(r, n_boot=20, random_state=0)
    np.testing.assert_allclose(ci.rates, np.arange(11) / 10)
    assert ci.to_frame().index.tolist() == [
        "0",
        "0.1",
        "0.2",
        "0.3",
        "0.4",
        "0.5",
        "0.6",
        "0.7",
        "0.8",
        "0.9",
        "1",
    ]
    assert (ci.level, ci.n_boot, ci.stratified) == (0.95, 20, True)
    pct = curves["asah_s100b_percent"]
    ci = ci_se(pct, n_boot=20, random_state=0)
    np.testing.assert_allclose(ci.rates, np.arange(11) * 10.0)
    assert ci.to_frame().index[-1] == "100%"
    assert 50 < ci.median[5] <= 100


def test_argument_errors_name_the_fix(curves):
    r = curves["asah_s100b"]
    with pytest.raises(ValueError, match=r"specificities must be proportions within \[0, 1\]"):
        ci_se(r, [0.5, 1.2])
    with pytest.raises(ValueError, match=r"sensitivities must be proportions .*-0.1"):
        ci_sp(r, [-0.1])
    with pytest.raises(ValueError, match=r"percentages within \[0, 100\]"):
        ci_se(curves["asah_s100b_percent"], [150])
    for bad in (0, 1, 1.5, "0.95", True):
        with pytest.raises(ValueError, match=r"level must be a number within \(0, 1\)"):
            ci_se(r, level=bad)
    with pytest.raises(ValueError, match="n_boot must be a positive int"):
        ci_sp(r, n_boot=0)
    with pytest.raises(ValueError, match=r"thresholds must be one of \['local maximas'"):
        ci_thresholds(r, "bestest")
    with pytest.raises(ValueError, match="one entry per curve threshold"):
        ci_thresholds(r, [True, False])
    with pytest.raises(ValueError, match="not available for confidence intervals"):
        ci_coords(r, "all")
    with pytest.raises(ValueError, match="only available at the best point"):
        ci_coords(r, [0.5], input="specificity", ret=["threshold", "sensitivity"])
    with pytest.raises(ValueError, match="best_policy must be one of"):
        ci_coords(r, "best", best_policy="first")


def test_several_best_thresholds_stop_unless_told(curves):
    r = curves["ties_gt"]
    with pytest.raises(ValueError, match="best_policy='random'"):
        ci_coords(r, "best", n_boot=200, random_state=0)
    with pytest.warns(UserWarning, match=r"\d+ NA value\(s\) produced during bootstrap"):
        ci = ci_coords(r, "best", best_policy="omit", n_boot=200, random_state=0)
    assert np.isfinite(ci["sensitivity"].to_numpy()).all()


def test_perfect_curve_warns():
    r = roc([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6])
    with pytest.warns(UserWarning, match=r"ci_se\(\) of a ROC curve with AUC == 1"):
        ci = ci_se(r, [0.5], n_boot=20, random_state=0)
    assert ci.lower.tolist() == ci.upper.tolist() == [1.0]


def test_bool_mask_and_best_thresholds(curves):
    r = curves["ties_gt"]
    mask = np.zeros(r.thresholds.size, bool)
    mask[[1, 3]] = True
    ci = ci_thresholds(r, mask, n_boot=20, random_state=0)
    np.testing.assert_array_equal(ci.thresholds, r.thresholds[mask])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        best = ci_thresholds(r, "all", n_boot=20, random_state=0)
    assert best.to_frame().shape == (r.thresholds.size, 6)


def test_ci_coords_on_a_percent_curve_is_in_percent(curves):
    plain, pct = curves["asah_s100b"], curves["asah_s100b_percent"]
    kwargs = {"ret": ["sensitivity", "accuracy"], "n_boot": 40, "random_state": 5}
    ours = ci_coords(pct, [50, 90], input="specificity", **kwargs)
    base = ci_coords(plain, [0.5, 0.9], input="specificity", **kwargs)
    for name in kwargs["ret"]:
        np.testing.assert_allclose(ours[name].to_numpy(), 100 * base[name].to_numpy(), rtol=1e-9)
    best = ci_coords(pct, "best", best_policy="random", n_boot=40, random_state=4)
    base = ci_coords(plain, "best", best_policy="random", n_boot=40, random_state=4)
    pd.testing.assert_frame_equal(best["threshold"], base["threshold"])
    np.testing.assert_allclose(
        best["sensitivity"].to_numpy(), 100 * base["sensitivity"].to_numpy(), rtol=1e-9
    )


def test_resamples_are_ci_aucs(curves):
    """One seed, one set of resamples: ci_auc's bootstrap draws the same ones."""
    r = curves["ties_gt"]
    aucs = []
    for controls, cases in _resamples(r, 50, True, np.random.default_rng(3)):
        _, se, sp = _build(controls, cases, r.direction)
        aucs.append(_trapezoid(se, sp))
    theirs = r.ci_auc(method="bootstrap", n_boot=50, random_state=3)
    np.testing.assert_allclose(
        quantile7(np.array(aucs), [0.025, 0.5, 0.975]),
        [float(v) for v in theirs],
        rtol=1e-12,
    )


def test_nonstratified_resamples_missing_a_class_are_dropped():
    r = roc([0, 1, 0, 1], [0.1, 0.8, 0.4, 0.3])
    with pytest.warns(UserWarning, match=r"NA value\(s\) produced during bootstrap were ignored"):
        ci = ci_se(r, [0.5], n_boot=60, stratified=False, random_state=0)
    assert 0 <= ci.lower[0] <= ci.median[0] <= ci.upper[0] <= 1
    assert "non-stratified" in str(ci).splitlines()[0]


def test_an_interval_without_replicates_prints_na():
    ci = RateInterval(
        rates=np.array([0.5]),
        lower=np.array([np.nan]),
        median=np.array([np.nan]),
        upper=np.array([np.nan]),
        measure="sensitivity",
        n_boot=10,
    )
    assert ci.to_string().splitlines()[1:] == [
        "  sp se.low se.median se.high",
        " 0.5     NA        NA      NA",
    ]
