"""Variances, covariances, ROC tests and power calculations of curves in percent
(``roc(..., percent=True)``), measured against pROC 1.18.0.

The fixtures in tests/r/proc_percent_fixtures.json were written by
tests/r/make_proc_percent_fixtures.R, data included. pROC computes var.roc on the
unpercented curve and multiplies by 100^2, cov.roc likewise (its bootstrap in
percent), reports roc.test's estimates in percent while its statistics and DeLong's
interval stay on fractions, reads sensitivity = / specificity = in percent, and
unpercents the curves in power.roc.test. Deterministic results must agree to 1e-9
relative and prints line for line; bootstrap and permutation results within the
Monte-Carlo error of both runs, as in test_roc_tests.py.
"""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn.metrics import PowerROCTest, ROCTest, power_roc_test, roc, roc_cov, roc_test, roc_var

HERE = Path(__file__).parent.parent / "r"
FIXTURES = json.loads((HERE / "proc_percent_fixtures.json").read_text("utf-8"))
FRACTIONS = json.loads((HERE / "proc_test_fixtures.json").read_text("utf-8"))
DATA = FIXTURES["data"]
TESTS = {case["name"]: case for case in FIXTURES["tests"]}
MIXED = "Different AUC specifications in the ROC curves"
Z = 5.0  # standard errors of Monte-Carlo error allowed
N_BOOT = 2000


def _values(name):
    values = DATA[name]
    if name in ("outcome", "design_y"):
        return values
    return [float(v) for v in values]


def _curve(args, percent=None):
    y, x = _values(args["y"]), _values(args["x"])
    if "rows" in args:
        lo, hi = args["rows"]
        y, x = y[lo - 1 : hi], x[lo - 1 : hi]
    return roc(
        pd.Series(y, name=args["y"]),
        pd.Series(x, name=args["x"]),
        levels=args.get("levels"),
        percent=args["percent"] if percent is None else percent,
    )


CURVES = {name: _curve(args) for name, args in FIXTURES["curves"].items()}
FRACTION_CURVES = {name: _curve(args, False) for name, args in FIXTURES["curves"].items()}


def _partial(spec):
    if spec is None:
        return {}
    return dict(
        partial_auc=tuple(spec["range"]),
        partial_focus=spec["focus"],
        partial_correct=spec["correct"],
    )


def _close(ours, theirs, what, rel=1e-9):
    assert math.isclose(ours, theirs, rel_tol=rel, abs_tol=1e-15), (
        f"{what}: R has {theirs!r}, we have {ours!r}"
    )


def _within_mc(ours, theirs, se, what):
    assert abs(ours - theirs) <= Z * se, (
        f"{what}: R has {theirs!r}, we have {ours!r}; allowed {Z} x {se:.3g}"
    )


def _id(case):
    partial = case["partial"]
    tail = "" if partial is None else f"-pauc-{partial['focus']}-{partial['correct']}"
    strat = "" if case["stratified"] else "-nonstratified"
    curves = case.get("curve") or f"{case['curve1']}-{case['curve2']}"
    return f"{curves}-{case['method']}{tail}{strat}"


def test_the_curves_are_in_percent():
    assert all(CURVES[name].percent for name in CURVES if name != "ndka_fraction")
    assert not CURVES["ndka_fraction"].percent
    _close(float(CURVES["s100b"].auc), TESTS["delong_paired"]["estimate"][0], "auc")


# --------------------------------------------------------------------------
# var.roc / cov.roc
# --------------------------------------------------------------------------

EXACT_VARS = [c for c in FIXTURES["variances"] if c["method"] != "bootstrap"]
BOOT_VARS = [c for c in FIXTURES["variances"] if c["method"] == "bootstrap"]
EXACT_COVS = [
    c for c in FIXTURES["covariances"] if c["method"] != "bootstrap" and c["value"] is not None
]
BOOT_COVS = [c for c in FIXTURES["covariances"] if c["method"] == "bootstrap"]


@pytest.mark.parametrize("case", EXACT_VARS, ids=_id)
def test_var_in_percent_matches_proc(case):
    curve = CURVES[case["curve"]]
    value = roc_var(curve, case["method"], **_partial(case["partial"]))
    _close(value, case["value"], "var")
    # and is 100^2 times the variance of the same curve in fractions
    kwargs = _partial(case["partial"])
    if kwargs:
        kwargs["partial_auc"] = tuple(v / 100 for v in kwargs["partial_auc"])
    fraction = roc_var(FRACTION_CURVES[case["curve"]], case["method"], **kwargs)
    _close(value, fraction * 100**2, "var / fraction")


@pytest.mark.parametrize("case", BOOT_VARS, ids=_id)
def test_bootstrap_var_in_percent_within_monte_carlo_error(case):
    value = roc_var(
        CURVES[case["curve"]],
        "bootstrap",
        n_boot=N_BOOT,
        stratified=case["stratified"],
        random_state=11,
        **_partial(case["partial"]),
    )
    se = case["value"] * math.sqrt(2 / (N_BOOT - 1) + 2 / (case["boot_n"] - 1))
    _within_mc(value, case["value"], se, "bootstrap var")


def test_bootstrap_var_in_percent_is_the_fraction_one_scaled():
    a, b = CURVES["s100b"], FRACTION_CURVES["s100b"]
    for kwargs, fraction in (
        ({}, {}),
        ({"partial_auc": (100, 80)}, {"partial_auc": (1, 0.8)}),
        (
            {"partial_auc": (90, 60), "partial_correct": True},
            {"partial_auc": (0.9, 0.6), "partial_correct": True},
        ),
    ):
        ours = roc_var(a, "bootstrap", n_boot=200, random_state=4, **kwargs)
        theirs = roc_var(b, "bootstrap", n_boot=200, random_state=4, **fraction)
        _close(ours, theirs * 100**2, f"bootstrap var {kwargs}")


@pytest.mark.parametrize("case", EXACT_COVS, ids=_id)
def test_cov_in_percent_matches_proc(case):
    a, b = CURVES[case["curve1"]], CURVES[case["curve2"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = roc_cov(a, b, case["method"], **_partial(case["partial"]))
    _close(value, case["value"], "cov")
    messages = [str(w.message) for w in caught]
    if case["warnings"]:  # pROC's warning for one curve in percent and the other not
        assert [m for m in messages if m.startswith(MIXED)] == case["warnings"]
    else:
        assert not any(m.startswith(MIXED) for m in messages)


def test_obuchowski_cov_of_partial_aucs_in_percent_is_not_nan():
    # pROC 1.18.0 takes 1 - 100 as a false positive rate and returns NaN (a
    # deliberate difference): ours is 100^2 times the covariance in fractions
    case = next(
        c
        for c in FIXTURES["covariances"]
        if c["method"] == "obuchowski" and c["partial"] is not None
    )
    assert case["value"] is None and "NaNs produced" in case["warnings"]
    fraction = next(
        c
        for c in FRACTIONS["covariances"]
        if c["method"] == "obuchowski" and c["partial"] is not None
    )
    assert fraction["partial"]["range"] == [v / 100 for v in case["partial"]["range"]]
    value = roc_cov(CURVES["s100b"], CURVES["ndka"], "obuchowski", **_partial(case["partial"]))
    _close(value, fraction["value"] * 100**2, "obuchowski cov of pAUCs in percent")


@pytest.mark.parametrize("case", BOOT_COVS, ids=_id)
def test_bootstrap_cov_in_percent_within_monte_carlo_error(case):
    a, b = CURVES[case["curve1"]], CURVES[case["curve2"]]
    kwargs = _partial(case["partial"])
    value = roc_cov(
        a, b, "bootstrap", n_boot=N_BOOT, stratified=case["stratified"], random_state=5, **kwargs
    )
    v1 = roc_var(a, "bootstrap", n_boot=N_BOOT, random_state=6, **kwargs)
    v2 = roc_var(b, "bootstrap", n_boot=N_BOOT, random_state=7, **kwargs)
    per_draw = math.sqrt(v1 * v2 + case["value"] ** 2)
    se = per_draw * math.sqrt(1 / (N_BOOT - 1) + 1 / (case["boot_n"] - 1))
    _within_mc(value, case["value"], se, "bootstrap cov")


def test_bootstrap_cov_scales_with_each_curve():
    a, b, fa, fb = (
        CURVES["s100b"],
        CURVES["ndka"],
        FRACTION_CURVES["s100b"],
        FRACTION_CURVES["ndka"],
    )
    fraction = roc_cov(fa, fb, "bootstrap", n_boot=200, random_state=2)
    _close(roc_cov(a, b, "bootstrap", n_boot=200, random_state=2), fraction * 1e4, "both")
    with pytest.warns(UserWarning, match=MIXED):
        mixed = roc_cov(a, fb, "bootstrap", n_boot=200, random_state=2)
    _close(mixed, fraction * 100, "one in percent")  # pROC: each AUC in its own units


def test_perfect_curves_in_percent_warn():
    perfect = roc([0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.6, 0.7, 0.8], percent=True)
    with pytest.warns(UserWarning, match="AUC == 1"):
        assert roc_var(perfect) == 0
    with pytest.warns(UserWarning, match="AUC == 1"):
        assert roc_cov(perfect, perfect) == 0
    with pytest.warns(UserWarning, match="AUC == 1"):
        roc_test(perfect, perfect, method="bootstrap", n_boot=20, random_state=0)


def test_partial_auc_bounds_are_in_the_curves_units():
    a, b = CURVES["s100b"], CURVES["ndka"]
    with pytest.raises(ValueError, match=r"within \[0, 100\] \(the curve is in percent\)"):
        roc_var(a, partial_auc=(120, 80))
    with pytest.raises(ValueError, match=r"within \[0, 1\]"):
        roc_var(FRACTION_CURVES["s100b"], partial_auc=(100, 80))
    mixed = CURVES["ndka_fraction"]
    for call in (
        lambda: roc_cov(a, mixed, partial_auc=(100, 80)),
        lambda: roc_test(a, mixed, partial_auc=(100, 80), n_boot=20),
        lambda: power_roc_test(a, mixed, partial_auc=(100, 80), method="obuchowski"),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ValueError, match="same percent= argument"):
                call()
    assert roc_cov(a, b, "obuchowski", partial_auc=(100, 80)) > 0
    with pytest.raises(ValueError, match="sensitivity range"):
        power_roc_test(
            a, b, method="obuchowski", partial_auc=(100, 80), partial_focus="sensitivity"
        )


# --------------------------------------------------------------------------
# power.roc.test
# --------------------------------------------------------------------------

_ARG_NAMES = {"sig.level": "sig_level"}


def _call(case):
    call = case["args"]["call"]
    return call if isinstance(call, dict) else {}  # R's empty list() is a JSON []


def _power_call(case):
    kwargs = {_ARG_NAMES.get(k, k): v for k, v in _call(case).items()}
    partial = case["args"].get("partial")
    if partial is not None:
        kwargs.update(partial_auc=tuple(partial["range"]), partial_focus=partial["focus"])
    if case["form"] == "one":
        return power_roc_test(CURVES[case["args"]["curve"]], **kwargs)
    return power_roc_test(CURVES[case["args"]["curve1"]], CURVES[case["args"]["curve2"]], **kwargs)


def _power_id(case):
    args = case["args"]
    curves = args.get("curve") or f"{args['curve1']},{args['curve2']}"
    partial = args.get("partial")
    tail = "" if partial is None else f",pauc={partial['range']},correct={partial['correct']}"
    call = ",".join(f"{k}={v}" for k, v in _call(case).items())
    return f"{case['form']}({curves},{call}{tail})"


POWERS = [c for c in FIXTURES["powers"] if "error" not in c]


@pytest.mark.parametrize("case", POWERS, ids=_power_id)
def test_power_roc_test_of_curves_in_percent_matches_proc(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pROC warns of nothing here
        result = _power_call(case)
    assert isinstance(result, PowerROCTest)
    assert result.method == case["method"]
    for key, theirs in case["values"].items():
        ours = getattr(result, _ARG_NAMES.get(key, key))
        if isinstance(theirs, str):
            assert ours == theirs
        elif theirs is None:  # R's NaN (a negative variance under H0, as pROC's)
            assert math.isnan(ours), key
        else:
            _close(ours, theirs, key)
    assert str(result).split("\n") == case["printed"]


def test_power_of_corrected_partial_aucs_is_refused_as_proc_does():
    (case,) = [c for c in FIXTURES["powers"] if "error" in c]
    assert case["error"] == "Cannot compute power with corrected partial AUCs"
    with pytest.raises(TypeError, match="partial_correct"):
        power_roc_test(CURVES["s100b"], CURVES["ndka"], partial_auc=(100, 80), partial_correct=True)


def test_power_bootstrap_of_curves_in_percent_is_the_fraction_one():
    a, b = CURVES["s100b"], CURVES["ndka"]
    fa, fb = FRACTION_CURVES["s100b"], FRACTION_CURVES["ndka"]
    ours = power_roc_test(a, b, method="bootstrap", n_boot=200, random_state=3)
    theirs = power_roc_test(fa, fb, method="bootstrap", n_boot=200, random_state=3)
    _close(ours.power, theirs.power, "power")
    ours = power_roc_test(
        a, b, method="bootstrap", partial_auc=(100, 80), n_boot=200, random_state=3
    )
    theirs = power_roc_test(
        fa, fb, method="bootstrap", partial_auc=(1, 0.8), n_boot=200, random_state=3
    )
    _close(ours.power, theirs.power, "power of pAUCs")
    _close(ours.auc1, theirs.auc1, "auc1")


# --------------------------------------------------------------------------
# roc.test
# --------------------------------------------------------------------------


def _run(case, n_boot=N_BOOT, random_state=0):
    extra = case["extra"] if isinstance(case["extra"], dict) else {}
    names = {"boot.stratified": "stratified", "conf.level": "level"}
    kwargs = {names.get(k, k): v for k, v in extra.items()}
    return roc_test(
        CURVES[case["curve1"]],
        CURVES[case["curve2"]],
        method=case["method_arg"],
        n_boot=n_boot,
        random_state=random_state,
        **kwargs,
        **_partial(case["partial"]),
    )


def _check_structure(result, case):
    assert isinstance(result, ROCTest)
    assert result.method == case["method"]
    assert result.statistic_name == case["statistic_name"]
    assert result.alternative == case["alternative"]
    assert result.null_name == case["null_value_name"]
    if case["estimate"] is None:
        assert result.estimate is None
    else:
        assert list(result.estimate.index) == case["estimate_names"]
        for ours, theirs in zip(result.estimate, case["estimate"], strict=True):
            _close(ours, theirs, "estimate")


DELONG = [c for c in FIXTURES["tests"] if c["method_arg"] == "delong"]
BOOT = [c for c in FIXTURES["tests"] if c["method_arg"] not in ("delong", "venkatraman")]
VENK = [c for c in FIXTURES["tests"] if c["method_arg"] == "venkatraman"]


@pytest.mark.parametrize("case", DELONG, ids=lambda c: c["name"])
def test_delong_test_of_curves_in_percent_matches_proc(case):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _run(case)
    assert [str(w.message) for w in caught] == case["warnings"]
    _check_structure(result, case)
    _close(result.statistic, case["statistic"], "statistic")
    _close(result.p_value, case["p_value"], "p-value")
    if case["conf_int"] is None:
        assert result.conf_int is None
        _close(result.df, case["parameter"]["df"], "df")
    else:  # on fractions, as pROC's
        for ours, theirs in zip(result.conf_int, case["conf_int"], strict=True):
            _close(ours, theirs, "conf.int")
    assert str(result).split("\n") == case["printed"]


@pytest.mark.parametrize("case", BOOT, ids=lambda c: c["name"])
def test_bootstrap_tests_of_curves_in_percent_within_monte_carlo_error(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pROC warns of nothing here
        result = _run(case)
    _check_structure(result, case)
    d = case["statistic"]
    se = abs(d) * math.sqrt(1 / (2 * N_BOOT) + 1 / (2 * case["boot_n"]))
    _within_mc(result.statistic, d, se, "D")
    shown = dataclasses.replace(
        result,
        statistic=d,
        p_value=case["p_value"],
        parameter={k: case["parameter"][k] for k in result.parameter},
    )
    assert str(shown).split("\n") == case["printed"]


@pytest.mark.parametrize("case", BOOT, ids=lambda c: c["name"])
def test_bootstrap_tests_in_percent_equal_those_in_fractions(case):
    # the same resamples give the same D: pROC's D is a ratio of two percentages
    extra = case["extra"] if isinstance(case["extra"], dict) else {}
    kwargs = {k: v for k, v in extra.items() if k != "alternative"}
    fraction = {k: v / 100 for k, v in kwargs.items()}
    partial = _partial(case["partial"])
    fpartial = dict(partial)
    if partial:
        fpartial["partial_auc"] = tuple(v / 100 for v in partial["partial_auc"])
    args = dict(method=case["method_arg"], n_boot=300, random_state=9)
    ours = roc_test(CURVES[case["curve1"]], CURVES[case["curve2"]], **args, **kwargs, **partial)
    theirs = roc_test(
        FRACTION_CURVES[case["curve1"]], FRACTION_CURVES[case["curve2"]], **args, **fraction,
        **fpartial,
    )  # fmt: skip
    _close(ours.statistic, theirs.statistic, "D", rel=1e-7)
    _close(ours.difference, theirs.difference * 100, "difference")


@pytest.mark.parametrize("case", VENK, ids=lambda c: c["name"])
def test_venkatraman_of_curves_in_percent_matches_proc(case):
    result = _run(case)
    _check_structure(result, case)
    _close(result.statistic, case["statistic"], "E")
    p = case["p_value"]
    se = math.sqrt(max(p * (1 - p), 1e-4) * (1 / N_BOOT + 1 / case["boot_n"]))
    _within_mc(result.p_value, p, se, "p-value")
    shown = dataclasses.replace(result, p_value=p, parameter={"boot.n": case["boot_n"]})
    assert str(shown).split("\n") == case["printed"]
    # percent changes nothing in the ranks
    again = roc_test(
        FRACTION_CURVES[case["curve1"]], FRACTION_CURVES[case["curve2"]],
        method="venkatraman", n_boot=N_BOOT, random_state=0,
    )  # fmt: skip
    assert (again.statistic, again.p_value) == (result.statistic, result.p_value)


def test_operating_points_are_in_percent():
    a, b = CURVES["s100b"], CURVES["ndka"]
    with pytest.raises(ValueError, match=r"within \[0, 100\] \(the curves are in percent\)"):
        roc_test(a, b, method="specificity", specificity=150)
    with pytest.raises(ValueError, match=r"within \[0, 1\]"):
        roc_test(FRACTION_CURVES["s100b"], FRACTION_CURVES["ndka"], method="sensitivity",
                 sensitivity=80)  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match="same percent= argument"):
            roc_test(a, CURVES["ndka_fraction"], method="sensitivity", sensitivity=80)


def test_mixed_bootstrap_test_follows_proc_units():
    # pROC: D = (AUC1 in percent - AUC2 in fractions) / sd of those differences
    a, b = CURVES["s100b"], CURVES["ndka_fraction"]
    with pytest.warns(UserWarning, match=MIXED):
        result = roc_test(a, b, method="bootstrap", n_boot=300, random_state=1)
    assert result.estimate.tolist() == [float(a.auc), float(b.auc)]
    assert result.statistic > 10  # a 73 against a 0.61


def test_paired_curves_rebuilt_on_shared_samples_stay_in_percent():
    y = DATA["outcome"]
    s100b, ndka = _values("s100b"), _values("ndka")
    ndka[3] = ndka[40] = np.nan
    build = {
        p: (
            roc(pd.Series(y, name="outcome"), pd.Series(s100b, name="s100b"), percent=p),
            roc(pd.Series(y, name="outcome"), pd.Series(ndka, name="ndka"), percent=p),
        )
        for p in (True, False)
    }
    ours, theirs = roc_test(*build[True]), roc_test(*build[False])
    assert ours.roc1.percent and ours.roc2.percent
    np.testing.assert_allclose(ours.estimate.to_numpy(), theirs.estimate.to_numpy() * 100)
    _close(ours.statistic, theirs.statistic, "Z")
    _close(roc_cov(*build[True]), roc_cov(*build[False]) * 1e4, "cov")
    _close(power_roc_test(*build[True]).power, power_roc_test(*build[False]).power, "power")
