"""Tests for pROC's variances, covariances, power calculations and the
non-DeLong ROC tests in skcnn.metrics, measured against pROC 1.18.0.

The fixtures in tests/r/proc_test_fixtures.json were written by
tests/r/make_proc_test_fixtures.R, data included (pROC's aSAH and a designed
case with ties). Deterministic results (DeLong's and Obuchowski's variances,
the power calculations, Venkatraman's E) must agree to 1e-9 relative; the
bootstrap and permutation results are random, so they must agree with R's
(computed with 10,000 to 20,000 replicates) within a few standard errors of the
Monte-Carlo error of both runs, derived from the numbers of replicates.
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

from skcnn.metrics import (
    PowerROCTest,
    ROCTest,
    power_roc_test,
    roc,
    roc_cov,
    roc_test,
    roc_var,
)

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "proc_test_fixtures.json").read_text("utf-8")
)
DATA = FIXTURES["data"]
TESTS = {case["name"]: case for case in FIXTURES["tests"]}
Z = 5.0  # standard errors of Monte-Carlo error allowed
N_BOOT = 2000  # our replicates in the Monte-Carlo comparisons


def _values(name):
    values = DATA[name]
    if all(isinstance(v, str) for v in values) and name not in ("outcome", "design_y"):
        return [float(v) for v in values]
    return values


def _curve(name):
    args = FIXTURES["curves"][name]
    y, x = _values(args["y"]), _values(args["x"])
    if "rows" in args:
        lo, hi = args["rows"]
        y, x = y[lo - 1 : hi], x[lo - 1 : hi]
    return roc(
        pd.Series(y, name=args["y"]), pd.Series(x, name=args["x"]), levels=args.get("levels")
    )


CURVES = {name: _curve(name) for name in FIXTURES["curves"]}


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


def _case_id(case):
    partial = case["partial"]
    tail = "" if partial is None else f"-pauc-{partial['focus']}-{partial['correct']}"
    strat = "" if case["stratified"] else "-nonstratified"
    return f"{case.get('curve', case.get('curve1'))}-{case['method']}{tail}{strat}"


# --------------------------------------------------------------------------
# var.roc / cov.roc
# --------------------------------------------------------------------------

EXACT_VARS = [c for c in FIXTURES["variances"] if c["method"] != "bootstrap"]
BOOT_VARS = [c for c in FIXTURES["variances"] if c["method"] == "bootstrap"]
EXACT_COVS = [c for c in FIXTURES["covariances"] if c["method"] != "bootstrap"]
BOOT_COVS = [c for c in FIXTURES["covariances"] if c["method"] == "bootstrap"]


@pytest.mark.parametrize("case", EXACT_VARS, ids=_case_id)
def test_var_matches_proc(case):
    value = roc_var(CURVES[case["curve"]], case["method"], **_partial(case["partial"]))
    _close(value, case["value"], "var")


@pytest.mark.parametrize("case", BOOT_VARS, ids=_case_id)
def test_bootstrap_var_within_monte_carlo_error(case):
    value = roc_var(
        CURVES[case["curve"]],
        "bootstrap",
        n_boot=N_BOOT,
        stratified=case["stratified"],
        random_state=11,
        **_partial(case["partial"]),
    )
    # a sample variance's relative standard error is about sqrt(2 / n)
    se = case["value"] * math.sqrt(2 / (N_BOOT - 1) + 2 / (case["boot_n"] - 1))
    _within_mc(value, case["value"], se, "bootstrap var")


@pytest.mark.parametrize("case", EXACT_COVS, ids=_case_id)
def test_cov_matches_proc(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the unpaired case warns
        value = roc_cov(
            CURVES[case["curve1"]],
            CURVES[case["curve2"]],
            case["method"],
            **_partial(case["partial"]),
        )
    _close(value, case["value"], "cov")


@pytest.mark.parametrize("case", BOOT_COVS, ids=_case_id)
def test_bootstrap_cov_within_monte_carlo_error(case):
    a, b = CURVES[case["curve1"]], CURVES[case["curve2"]]
    kwargs = _partial(case["partial"])
    value = roc_cov(
        a, b, "bootstrap", n_boot=N_BOOT, stratified=case["stratified"], random_state=5, **kwargs
    )
    v1 = roc_var(a, "bootstrap", n_boot=N_BOOT, random_state=6, **kwargs)
    v2 = roc_var(b, "bootstrap", n_boot=N_BOOT, random_state=7, **kwargs)
    # a sample covariance's variance is about (var1 var2 + cov^2) / n
    per_draw = math.sqrt(v1 * v2 + case["value"] ** 2)
    se = per_draw * math.sqrt(1 / (N_BOOT - 1) + 1 / (case["boot_n"] - 1))
    _within_mc(value, case["value"], se, "bootstrap cov")


def test_var_and_cov_are_consistent_and_seeded():
    a, b = CURVES["s100b"], CURVES["ndka"]
    # the covariance of a curve with itself is its variance (DeLong's); pROC's
    # Obuchowski formulas are not consistent that way, and ours follow pROC's
    _close(roc_cov(a, a, "delong"), roc_var(a, "delong"), "delong")
    self_case = FIXTURES["obuchowski_self"]
    assert not math.isclose(self_case["cov"], self_case["var"], rel_tol=0.1)
    _close(roc_cov(a, a, "obuchowski"), self_case["cov"], "obuchowski cov(a, a)")
    _close(roc_var(a, "obuchowski"), self_case["var"], "obuchowski var(a)")
    boot = roc_var(a, "bootstrap", n_boot=300, random_state=3)
    assert boot == roc_var(a, "bootstrap", n_boot=300, random_state=3)
    assert boot != roc_var(a, "bootstrap", n_boot=300, random_state=4)
    same = roc_cov(a, a, "bootstrap", n_boot=300, random_state=3)
    _close(same, roc_var(a, "bootstrap", n_boot=300, random_state=3), "cov(a, a) bootstrap")
    # default methods follow pROC: delong, bootstrap for a partial AUC
    _close(roc_var(a), roc_var(a, "delong"), "default")
    assert roc_var(a, partial_auc=(1, 0.8), n_boot=200, random_state=0) == roc_var(
        a, "bootstrap", partial_auc=(1, 0.8), n_boot=200, random_state=0
    )
    _close(roc_cov(a, b), roc_cov(a, b, "delong"), "default cov")


def test_var_and_cov_errors():
    a, b = CURVES["s100b"], CURVES["ndka"]
    with pytest.raises(ValueError, match="DeLong's method does not support a partial AUC"):
        roc_var(a, "delong", partial_auc=(1, 0.8))
    with pytest.raises(ValueError, match="sensitivity range"):
        roc_var(a, "obuchowski", partial_auc=(1, 0.8), partial_focus="sensitivity")
    with pytest.raises(ValueError, match="method must be one of"):
        roc_var(a, "jackknife")
    with pytest.raises(ValueError, match="must be a ROCCurve"):
        roc_var([0.1, 0.2])
    with pytest.raises(ValueError, match="n_boot must be an int"):
        roc_var(a, "bootstrap", n_boot=1)
    with pytest.raises(ValueError, match="partial_focus"):
        roc_cov(a, b, partial_auc=(1, 0.8), partial_focus="ppv")
    with pytest.warns(UserWarning, match="unpaired"):
        assert roc_cov(CURVES["s100b_first"], CURVES["ndka_last"]) == 0.0
    tiny = roc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])
    with pytest.warns(UserWarning, match="AUC == 1"), pytest.raises(ValueError, match="binormal"):
        roc_var(tiny, "obuchowski")


# --------------------------------------------------------------------------
# power.roc.test
# --------------------------------------------------------------------------

_ARG_NAMES = {"sig.level": "sig_level"}


def _call(case):
    call = case["args"]["call"]
    return call if isinstance(call, dict) else {}  # R's empty list() is a JSON []


def _power_call(case):
    kwargs = {_ARG_NAMES.get(k, k): v for k, v in _call(case).items()}
    form = case["form"]
    if form == "one":
        return power_roc_test(CURVES[case["args"]["curve"]], **kwargs)
    if form == "two":
        return power_roc_test(
            CURVES[case["args"]["curve1"]], CURVES[case["args"]["curve2"]], **kwargs
        )
    if form == "params":
        return power_roc_test(params=case["args"]["params"], **kwargs)
    return power_roc_test(**kwargs)


def _power_id(case):
    call = ",".join(f"{k}={v}" for k, v in _call(case).items())
    return f"{case['form']}({call})"


@pytest.mark.parametrize("case", FIXTURES["powers"], ids=_power_id)
def test_power_roc_test_matches_proc(case):
    result = _power_call(case)
    assert isinstance(result, PowerROCTest)
    assert result.method == case["method"]
    solves_auc = case["form"] == "numeric" and "auc" not in _call(case)
    for key, theirs in case["values"].items():
        ours = getattr(result, _ARG_NAMES.get(key, key))
        if isinstance(theirs, str):
            assert ours == theirs
        elif key == "auc" and solves_auc:
            # R's uniroot stops within its tolerance; ours is solved to full precision
            assert abs(ours - theirs) < 2e-4
        else:
            _close(ours, theirs, key)
    lines = str(result).split("\n")
    assert len(lines) == len(case["printed"])
    for ours, theirs in zip(lines, case["printed"], strict=True):
        if not (solves_auc and theirs.strip().startswith("auc =")):
            assert ours == theirs


def test_power_auc_solved_to_full_precision():
    ref = FIXTURES["auc_exact"]
    result = power_roc_test(
        ncontrols=ref["ncontrols"], ncases=ref["ncases"], power=ref["power"],
        sig_level=ref["sig_level"],
    )  # fmt: skip
    _close(result.auc, ref["auc"], "auc", rel=1e-12)
    # and that AUC gives back the power it was solved for
    again = power_roc_test(auc=result.auc, ncontrols=ref["ncontrols"], ncases=ref["ncases"])
    _close(again.power, ref["power"], "power")


def test_power_bootstrap_close_to_delong():
    a, b = CURVES["s100b"], CURVES["ndka"]
    delong = power_roc_test(a, b, method="delong")
    boot = power_roc_test(a, b, method="bootstrap", n_boot=N_BOOT, random_state=1)
    assert abs(boot.power - delong.power) < 0.1
    assert boot == power_roc_test(a, b, method="bootstrap", n_boot=N_BOOT, random_state=1)


def test_power_roc_test_errors():
    a = CURVES["s100b"]
    with pytest.raises(ValueError, match="Exactly one of"):
        power_roc_test(auc=0.8)
    with pytest.raises(ValueError, match="Exactly one of"):
        power_roc_test(auc=0.8, ncases=20, ncontrols=20, power=0.9)
    with pytest.raises(ValueError, match="power must be"):
        power_roc_test(a, power=1.5)
    with pytest.raises(ValueError, match="unpaired"):
        power_roc_test(CURVES["s100b_first"], CURVES["ndka_last"])
    with pytest.raises(ValueError, match="params misses ra"):
        power_roc_test(params={"A1": 1, "B1": 1, "A2": 1, "B2": 1, "rn": 0.5, "delta": 0.1})
    with pytest.raises(ValueError, match="could not be solved"):
        power_roc_test(ncontrols=2, ncases=2, power=0.99)
    with pytest.raises(ValueError, match="alternative"):
        power_roc_test(a, alternative="less")


# --------------------------------------------------------------------------
# roc.test: bootstrap, sensitivity, specificity, Venkatraman
# --------------------------------------------------------------------------


def _run(case, n_boot, random_state=0):
    extra = case["extra"] if isinstance(case["extra"], dict) else {}
    kwargs = {{"boot.stratified": "stratified"}.get(k, k): v for k, v in extra.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
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
    assert result.pvalue == result.p_value
    if case["estimate"] is None:
        assert result.estimate is None
    else:
        assert list(result.estimate.index) == case["estimate_names"]
        for ours, theirs in zip(result.estimate, case["estimate"], strict=True):
            _close(ours, theirs, "estimate")
    # the print, with R's own random numbers in place of ours
    shown = dataclasses.replace(
        result,
        statistic=case["statistic"],
        p_value=case["p_value"],
        parameter={k: case["parameter"][k] for k in result.parameter},
    )
    assert str(shown).split("\n") == case["printed"]


BOOT_TESTS = [c for c in FIXTURES["tests"] if c["method_arg"] != "venkatraman"]
VENK_TESTS = [c for c in FIXTURES["tests"] if c["method_arg"] == "venkatraman"]


@pytest.mark.parametrize("case", BOOT_TESTS, ids=lambda c: c["name"])
def test_bootstrap_tests_within_monte_carlo_error(case):
    result = _run(case, N_BOOT)
    _check_structure(result, case)
    assert result.parameter["boot.n"] == N_BOOT
    # D = difference / sd(replicates): a sample sd's relative error is about 1/sqrt(2n)
    d = case["statistic"]
    se = abs(d) * math.sqrt(1 / (2 * N_BOOT) + 1 / (2 * case["boot_n"]))
    _within_mc(result.statistic, d, se, "D")


@pytest.mark.parametrize("case", VENK_TESTS, ids=lambda c: c["name"])
def test_venkatraman_matches_proc(case):
    n_perm = N_BOOT if "unpaired" not in case["name"] else 500
    result = _run(case, n_perm)
    _check_structure(result, case)
    _close(result.statistic, case["statistic"], "E")  # deterministic
    p = case["p_value"]
    se = math.sqrt(max(p * (1 - p), 1e-4) * (1 / n_perm + 1 / case["boot_n"]))
    _within_mc(result.p_value, p, se, "p-value")


def test_random_tests_are_seeded():
    case = TESTS["boot_paired"]
    a, b = _run(case, 200, 1), _run(case, 200, 1)
    assert a.statistic == b.statistic and a.p_value == b.p_value
    assert _run(case, 200, 2).statistic != a.statistic
    v = TESTS["venkatraman_paired"]
    assert _run(v, 200, 1).p_value == _run(v, 200, 1).p_value


def test_bootstrap_test_of_identical_curves_is_zero():
    a = CURVES["s100b"]
    result = roc_test(a, a, method="bootstrap", n_boot=50, random_state=0)
    assert result.statistic == 0 and result.p_value == 1


def test_default_method_follows_proc():
    a, b = CURVES["s100b"], CURVES["ndka"]
    assert roc_test(a, b).method.startswith("DeLong")
    partial = roc_test(a, b, partial_auc=(1, 0.8), n_boot=100, random_state=0)
    assert partial.method == "Bootstrap test for two correlated ROC curves"
    assert list(partial.estimate.index) == [
        "pAUC (1-0.8 specificity) of roc1",
        "pAUC (1-0.8 specificity) of roc2",
    ]


def test_roc_test_method_errors():
    a, b = CURVES["s100b"], CURVES["ndka"]
    with pytest.raises(ValueError, match="DeLong's test does not support a partial AUC"):
        roc_test(a, b, method="delong", partial_auc=(1, 0.8))
    with pytest.raises(ValueError, match="Venkatraman's test does not support"):
        roc_test(a, b, method="venkatraman", partial_auc=(1, 0.8))
    with pytest.raises(ValueError, match="two-sided only"):
        roc_test(a, b, method="venkatraman", alternative="less")
    with pytest.raises(ValueError, match="needs specificity="):
        roc_test(a, b, method="specificity")
    with pytest.raises(ValueError, match="needs sensitivity="):
        roc_test(a, b, method="sensitivity", sensitivity=1.5)
    with pytest.raises(ValueError, match="n_boot"):
        roc_test(a, b, method="bootstrap", n_boot=0)


def test_bootstrap_replicates_are_vectorized_consistently():
    # the fast Mann-Whitney path and the curve-rebuilding path agree replicate for replicate
    from skcnn.metrics._roc_var import _AUCSpec, _replicates

    a, b = CURVES["design_a"], CURVES["design_b"]
    kwargs = dict(spec=_AUCSpec(), paired=True, n_boot=50)
    for stratified in (True, False):
        fast = _replicates(
            [a, b], None, stratified=stratified, rng=np.random.default_rng(0), **kwargs
        )
        slow = _replicates(
            [a, b],
            lambda se, sp: float(np.sum((se[1:] + se[:-1]) / 2 * (sp[1:] - sp[:-1]))),
            stratified=stratified,
            rng=np.random.default_rng(0),
            **kwargs,
        )
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12)
