"""pROC's ``power.roc.test``: sample size, power or significance level of the test
of one ROC curve's AUC against 0.5 or of two paired curves' AUCs against each
other (Obuchowski and McClish's formulas), printed as R prints a ``power.htest``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .._rprint import r_format
from ._roc_pairing import _are_paired, _complete_pair
from ._roc_var import (
    _check_curve,
    _check_n_boot,
    _check_obuchowski,
    _cov_delong,
    _cov_obuchowski,
    _obuchowski_cov_params,
    _obuchowski_var_params,
    _pair_spec,
    _replicates,
    _var_delong,
    _var_obuchowski,
)

__all__ = ["PowerROCTest", "power_roc_test"]

_ONE = "One ROC curve power calculation"
_TWO = "Two ROC curves power calculation"
_V0_ONE = 0.0792  # Obuchowski's variance of the AUC under the null, per (1 + 1/kappa)
_PARAMS = ("A1", "B1", "A2", "B2", "rn", "ra", "delta")


@dataclass(frozen=True)
class PowerROCTest:
    """pROC's ``power.roc.test`` result: an R ``power.htest`` that prints like one.

    Attributes
    ----------
    ncases, ncontrols : float
        The sample sizes (solved, or as given).
    sig_level : float
        The significance level (two-sided unless ``alternative="one.sided"``).
    power : float
    auc : float or None
        The AUC of the one-curve calculation.
    auc1, auc2 : float or None
        The AUCs of the two-curve calculation from curves.
    alternative : str or None
        Shown by the two-curve calculation from curves, as pROC shows it.
    method : str
        "One ROC curve power calculation" or "Two ROC curves power calculation".

    Examples
    --------
    >>> from skcnn.metrics import power_roc_test
    >>> p = power_roc_test(auc=0.8, power=0.9)
    >>> round(p.ncases, 4), round(p.ncontrols, 4)
    (16.6192, 16.6192)
    """

    ncases: float
    ncontrols: float
    sig_level: float
    power: float
    method: str
    auc: float | None = None
    auc1: float | None = None
    auc2: float | None = None
    alternative: str | None = None

    def _fields(self) -> list[tuple[str, object]]:
        rows = [("ncases", self.ncases), ("ncontrols", self.ncontrols)]
        if self.auc is not None:
            rows.append(("auc", self.auc))
        if self.auc1 is not None:
            rows += [("auc1", self.auc1), ("auc2", self.auc2)]
        rows += [("sig.level", self.sig_level), ("power", self.power)]
        if self.alternative is not None:
            rows.append(("alternative", self.alternative))
        return rows

    def to_string(self) -> str:
        """The result as R's ``print(power.htest)`` shows it.

        Returns
        -------
        str
        """
        lines = ["", f"     {self.method} ", ""]
        for name, value in self._fields():
            shown = value if isinstance(value, str) else r_format([value], 7)[0].strip()
            lines.append(f"{name:>15} = {shown}")
        lines.append("")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


# ---- Obuchowski's closed forms (solve.nd, solve.zbeta, solve.zalpha) -------------------


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x >= 0 else math.nan


def _solve_nd(zalpha, zbeta, v0, va, delta) -> float:
    return (zalpha * _sqrt(v0) + zbeta * _sqrt(va)) ** 2 / delta**2


def _solve_zbeta(nd, zalpha, v0, va, delta) -> float:
    return (_sqrt(nd * delta**2) - zalpha * _sqrt(v0)) / _sqrt(va)


def _solve_zalpha(nd, zbeta, v0, va, delta) -> float:
    return (_sqrt(nd * delta**2) - zbeta * _sqrt(va)) / _sqrt(v0)


def _var_theta(theta: float, kappa: float) -> float:
    """var.theta.obuchowski: the binormal variance of an AUC theta (times the cases)."""
    a = stats.norm.ppf(theta) * 1.414
    return (0.0099 * math.exp(-(a**2) / 2)) * ((5 * a**2 + 8) + (a**2 + 8) / kappa)


def _z(p: float) -> float:
    return float(stats.norm.ppf(p))


def _solve(nd, sig, power, v0, va, delta):
    """The unknown among ncases (nd None), power (None) and sig (None), one-sided."""
    if nd is None:
        return _solve_nd(_z(1 - sig), _z(power), v0, va, delta), sig, power
    if power is None:
        return nd, sig, float(stats.norm.cdf(_solve_zbeta(nd, _z(1 - sig), v0, va, delta)))
    return nd, float(1 - stats.norm.cdf(_solve_zalpha(nd, _z(power), v0, va, delta))), power


# ---- argument checks ------------------------------------------------------------------


def _check_prob(name: str, value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number within [0, 1] or None, got {value!r}.")
    return float(value)


def _check_positive(name: str, value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a positive number or None, got {value!r}.")
    return float(value)


def _check_alternative(alternative: str) -> str:
    if alternative not in ("two.sided", "one.sided"):
        raise ValueError(f"alternative must be 'two.sided' or 'one.sided', got {alternative!r}.")
    return alternative


def _sizes(ncontrols, ncases, kappa):
    if ncontrols is None and ncases is not None and kappa is not None:
        ncontrols = kappa * ncases
    elif ncases is None and ncontrols is not None and kappa is not None:
        ncases = ncontrols / kappa
    return ncontrols, ncases


def _one_unknown_error() -> ValueError:
    return ValueError(
        "Exactly one of power, sig_level, auc or the sample size (ncases and ncontrols) "
        "must be None: it is the one that power_roc_test solves for."
    )


# ---- the three forms ------------------------------------------------------------------


def power_roc_test(
    roc1=None,
    roc2=None,
    *,
    auc=None,
    ncontrols=None,
    ncases=None,
    sig_level=0.05,
    power=None,
    kappa=None,
    alternative="two.sided",
    method="delong",
    params=None,
    partial_auc=None,
    partial_focus="specificity",
    n_boot=2000,
    random_state=None,
) -> PowerROCTest:
    """Power, sample size or significance level of a ROC test, as pROC's ``power.roc.test``.

    Leave the unknown as None (``sig_level=None`` to solve for the level); the
    others must be given. pROC's forms:

    - ``power_roc_test(roc1)``: the test of one curve's AUC against 0.5, with
      the curve's (full) AUC and sizes. Its power at ``sig_level``; given ``power``,
      the number of cases (controls: ``kappa`` times that, by default the
      curve's ratio); given ``power`` and ``sig_level=None``, the level.
    - ``power_roc_test(roc1, roc2)``: the test of two paired curves' AUCs
      (partial AUCs with ``partial_auc``), with their variances and covariance
      by ``method`` ("delong", "obuchowski" or "bootstrap"). Power, number of
      cases (given ``power``) or level (given ``power``, ``sig_level=None``).
    - ``power_roc_test(auc=..., ncontrols=..., ncases=..., ...)``: the one-curve
      test with Obuchowski's binormal variance of an AUC; any one of ``auc``,
      the sample size (``ncases``/``ncontrols``, with ``kappa``, default 1),
      ``power`` and ``sig_level`` is solved for (the AUC by Brent's method on
      pROC's bracket, 0.5 to 1).
    - ``power_roc_test(params={...}, ...)``: the two-curve test from binormal
      parameters ``A1, B1, A2, B2, rn, ra, delta`` (and optionally ``FPR11,
      FPR12, FPR21, FPR22`` for a partial AUC), as pROC's list form.

    Parameters
    ----------
    roc1, roc2 : ROCCurve, optional
    auc : float, optional
    ncontrols, ncases : float, optional
    sig_level : float or None, default=0.05
    power : float or None, optional
    kappa : float, optional
        ncontrols / ncases. Defaults: the curves' ratio, 1 without curves.
    alternative : {"two.sided", "one.sided"}, default="two.sided"
    method : {"delong", "obuchowski", "bootstrap"}, default="delong"
        The variances of the two-curve form.
    params : dict, optional
        The binormal parameters of the two-curve form without curves.
    partial_auc, partial_focus
        A partial AUC for the two-curve form (see :func:`roc_var`), in percent
        for curves in percent.
    n_boot : int, default=2000
    random_state : int, numpy.random.Generator or None
        Bootstrap settings of ``method="bootstrap"``.

    Returns
    -------
    PowerROCTest
        Prints as R's ``print(power.roc.test(...))``. Curves in percent are
        read as fractions, as pROC unpercents them: ``auc``, ``auc1`` and
        ``auc2`` are fractions.

    Raises
    ------
    ValueError
        Out-of-range values, unpaired curves, too many or too few unknowns, or an
        AUC that cannot be solved for.

    See Also
    --------
    roc_test : The tests whose power this computes.
    roc_var, roc_cov : The variances it uses.

    Notes
    -----
    Differences from R: the AUC is solved to full precision (``brentq``), where
    R's ``uniroot`` stops within about 1.2e-4. Corrected partial AUCs have no
    argument here (pROC refuses them too). A ``partial_auc`` for two curves of
    which one is in percent and the other not is a ValueError (pROC gives each
    curve its own bounds; one ``partial_auc`` cannot be in both units).

    Examples
    --------
    >>> from skcnn.metrics import power_roc_test
    >>> print(power_roc_test(auc=0.8, ncontrols=20, ncases=30))  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
         One ROC curve power calculation
    <BLANKLINE>
             ncases = 30
          ncontrols = 20
                auc = 0.8
          sig.level = 0.05
              power = 0.9794791
    <BLANKLINE>
    >>> round(power_roc_test(ncontrols=40, ncases=30, power=0.9).auc, 6)
    0.716523
    """
    sig_level = _check_prob("sig_level", sig_level)
    power = _check_prob("power", power)
    alternative = _check_alternative(alternative)
    ncases = _check_positive("ncases", ncases)
    ncontrols = _check_positive("ncontrols", ncontrols)
    kappa = _check_positive("kappa", kappa)
    if roc1 is not None:
        _check_curve("roc1", roc1)
        if roc2 is None:
            return _one_curve(roc1, sig_level, power, kappa, alternative)
        _check_curve("roc2", roc2)
        spec = _pair_spec(roc1, roc2, partial_auc, partial_focus, False, warn=False)
        return _two_curves(
            roc1, roc2, sig_level, power, kappa, alternative, method, spec, n_boot,
            random_state,
        )  # fmt: skip
    if roc2 is not None:
        raise ValueError("roc2 needs roc1: pass the first curve as roc1.")
    if kappa is None:
        kappa = 1.0
    if params is not None:
        return _from_params(params, ncontrols, ncases, sig_level, power, kappa, alternative)
    return _numeric(auc, ncontrols, ncases, sig_level, power, kappa, alternative)


def _one_curve(curve, sig_level, power, kappa, alternative) -> PowerROCTest:
    ncontrols, ncases = float(curve.controls.size), float(curve.cases.size)
    if sig_level is not None and power is not None:
        if kappa is None:
            kappa = ncontrols / ncases
        ncontrols = ncases = None
    auc = float(curve.auc) / 100 if curve.percent else float(curve.auc)  # unpercent
    return _numeric(auc, ncontrols, ncases, sig_level, power, kappa, alternative)


def _numeric(auc, ncontrols, ncases, sig, power, kappa, alternative) -> PowerROCTest:
    """power.roc.test.numeric."""
    ncontrols, ncases = _sizes(ncontrols, ncases, kappa)
    if sig is not None and alternative == "two.sided":
        sig = sig / 2
    unknowns = [auc is None, ncases is None and ncontrols is None, power is None, sig is None]
    if sum(unknowns) != 1 or (not unknowns[1] and (ncases is None or ncontrols is None)):
        raise _one_unknown_error()
    if auc is None:
        auc = _solve_auc(ncontrols, ncases, _z(1 - sig), _z(power))
    else:
        auc = _check_prob("auc", auc)
        if ncases is not None:
            kappa = ncontrols / ncases
        v0 = _V0_ONE * (1 + 1 / kappa)
        ncases, sig, power = _solve(ncases, sig, power, v0, _var_theta(auc, kappa), auc - 0.5)
        if ncontrols is None:
            ncontrols = kappa * ncases
    if alternative == "two.sided":
        sig = sig * 2
    return PowerROCTest(
        ncases=float(ncases), ncontrols=float(ncontrols), auc=float(auc),
        sig_level=float(sig), power=float(power), method=_ONE,
    )  # fmt: skip


def _solve_auc(ncontrols, ncases, zalpha, zbeta) -> float:
    """uniroot(power.roc.test.optimize.auc.function, c(0.5, 1 - 1e-16))."""
    kappa = ncontrols / ncases
    v0 = _V0_ONE * (1 + 1 / kappa)

    def f(x):
        return (zalpha * math.sqrt(v0) + zbeta * math.sqrt(_var_theta(x, kappa))) ** 2 / (
            x - 0.5
        ) ** 2 - ncases

    low, high = np.nextafter(0.5, 1.0), 1 - 1e-16
    try:
        return float(optimize.brentq(f, low, high, xtol=1e-15, rtol=4 * np.finfo(float).eps))
    except ValueError as exc:
        raise ValueError(
            f"The AUC could not be solved for: no AUC within (0.5, 1) reaches power with "
            f"{ncases:g} cases and {ncontrols:g} controls ({exc})."
        ) from None


def _two_curves(roc1, roc2, sig, power, kappa, alternative, method, spec, n_boot, rs):
    """power.roc.test.roc with two curves."""
    if not _are_paired(roc1, roc2):
        raise ValueError(
            "The sample size for a difference in AUC cannot be computed for unpaired ROC "
            "curves (they must come from the same labels and levels)."
        )
    roc1, roc2 = _complete_pair(roc1, roc2)
    if method not in ("delong", "bootstrap", "obuchowski"):
        raise ValueError(f"method must be 'delong', 'bootstrap' or 'obuchowski', got {method!r}.")
    if sig is not None and alternative == "two.sided":
        sig = sig / 2
    ncontrols, ncases = float(roc1.controls.size), float(roc1.cases.size)
    if kappa is None:
        kappa = ncontrols / ncases
    if power is None and sig is None:
        raise ValueError("sig_level or power must be given (one of them can be None).")
    auc1, auc2 = spec.fraction_of(roc1), spec.fraction_of(roc2)  # unpercented
    var1, var2, cov12 = _covvar(roc1, roc2, method, spec, n_boot, rs)
    v0 = 2 * var1 - 2 * cov12
    va = var1 + var2 - 2 * cov12
    if power is not None and sig is not None:
        ncases, sig, power = _solve(None, sig, power, v0, va, auc1 - auc2)
        ncontrols = kappa * ncases
    else:
        ncases, sig, power = _solve(ncases, sig, power, v0, va, auc1 - auc2)
    if alternative == "two.sided":
        sig = sig * 2
    return PowerROCTest(
        ncases=float(ncases), ncontrols=float(ncontrols), auc1=auc1, auc2=auc2,
        sig_level=float(sig), power=float(power), alternative=alternative, method=_TWO,
    )  # fmt: skip


def _covvar(roc1, roc2, method, spec, n_boot, random_state):
    """covvar: both variances and the covariance, times the cases."""
    m = roc1.cases.size
    if method == "bootstrap":
        values = _replicates(
            [roc1, roc2], None, spec=spec, paired=True, stratified=True,
            n_boot=_check_n_boot(n_boot), rng=np.random.default_rng(random_state),
        )  # fmt: skip
        values = values[~np.isnan(values).any(axis=1)]
        c = np.cov(values[:, 0], values[:, 1])
        return c[0, 0] * m, c[1, 1] * m, c[0, 1] * m
    if method == "delong":
        if spec.partial:
            raise ValueError(
                "DeLong's method does not support a partial AUC; use method='obuchowski' "
                "or 'bootstrap'."
            )
        return _var_delong(roc1) * m, _var_delong(roc2) * m, _cov_delong(roc1, roc2) * m
    _check_obuchowski(spec)
    return (
        _var_obuchowski(roc1, spec),
        _var_obuchowski(roc2, spec),
        _cov_obuchowski(roc1, roc2, spec),
    )


def _from_params(params, ncontrols, ncases, sig, power, kappa, alternative) -> PowerROCTest:
    """power.roc.test.list: the two-curve test from binormal parameters."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict, got {type(params).__name__}.")
    missing = [k for k in _PARAMS if k not in params]
    if missing:
        raise ValueError(f"params misses {', '.join(missing)} (needs {', '.join(_PARAMS)}).")
    ncontrols, ncases = _sizes(ncontrols, ncases, kappa)
    if sig is not None and alternative == "two.sided":
        sig = sig / 2
    p = {k: float(v) for k, v in params.items()}
    unknowns = [ncases is None and ncontrols is None, power is None, sig is None]
    if sum(unknowns) != 1 or (not unknowns[0] and (ncases is None or ncontrols is None)):
        raise _one_unknown_error()
    if ncases is not None:
        kappa = ncontrols / ncases
    fpr1 = (p["FPR11"], p["FPR12"]) if "FPR11" in p and "FPR12" in p else None
    fpr2 = (p["FPR21"], p["FPR22"]) if "FPR21" in p and "FPR22" in p else None
    if fpr1 is None or fpr2 is None:
        fpr1 = fpr2 = None
    var1 = _obuchowski_var_params(p["A1"], p["B1"], kappa, fpr1)
    var2 = _obuchowski_var_params(p["A2"], p["B2"], kappa, fpr2)
    cov12 = _obuchowski_cov_params(
        p["A1"], p["B1"], p["A2"], p["B2"], p["rn"], p["ra"], kappa, fpr1, fpr2
    )
    v0 = 2 * var1 - 2 * cov12
    va = var1 + var2 - 2 * cov12
    ncases, sig, power = _solve(ncases, sig, power, v0, va, p["delta"])
    if ncontrols is None:
        ncontrols = kappa * ncases
    if alternative == "two.sided":
        sig = sig * 2
    return PowerROCTest(
        ncases=float(ncases), ncontrols=float(ncontrols), sig_level=float(sig),
        power=float(power), method=_TWO,
    )  # fmt: skip
