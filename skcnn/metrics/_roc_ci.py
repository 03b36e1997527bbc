"""pROC's ``ci.auc``: confidence intervals of the AUC, DeLong's or a stratified
bootstrap.

DeLong's placements are those of pROC's ``delongPlacementsCpp``;
:mod:`._roc_test` compares two curves with them too.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._rprint import cat, r_signif
from ._roc_utils import _DIGITS, _build, _is_perfect, _trapezoid

__all__ = ["AUCInterval"]


@dataclass(frozen=True, eq=False)
class AUCInterval:
    """pROC's ``ci.auc``: a confidence interval for the AUC.

    Iterating gives ``(lower, median, upper)`` as pROC's three values; for
    DeLong's method the median is the AUC itself. ``print(ci)`` reads like pROC's.

    Attributes
    ----------
    lower, median, upper : float
        NaN where pROC answers NA (fewer than two controls or cases).
    level : float
        The confidence level.
    method : {"delong", "bootstrap"}
    n_boot : int
        The number of bootstrap replicates (pROC records 2000 for DeLong too).
    percent : bool
        Whether the bounds are in percent, as the curve's AUC (pROC's
        ``percent = TRUE``); the print then reads "95% CI: 63.01%-83.26% (DeLong)".

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
    >>> ci = r.ci_auc()
    >>> print(ci)
    95% CI: 0.2908-1 (DeLong)
    >>> lower, median, upper = ci
    >>> round(median, 4) == round(r.auc, 4)
    True
    """

    lower: float
    median: float
    upper: float
    level: float = 0.95
    method: str = "delong"
    n_boot: int = 2000
    percent: bool = False

    def __iter__(self):
        return iter((self.lower, self.median, self.upper))

    def __str__(self) -> str:
        unit = "%" if self.percent else ""
        low, high = (cat(r_signif(v, _DIGITS)) + unit for v in (self.lower, self.upper))
        if self.method == "delong":
            how = "DeLong"
        else:
            how = f"{self.n_boot} stratified bootstrap replicates"
        return f"{cat(self.level * 100)}% CI: {low}-{high} ({how})"

    __repr__ = __str__


def _ci_auc(curve, level, method, n_boot, random_state) -> AUCInterval:
    """pROC's ci.auc of ``curve`` (:meth:`ROCCurve.ci_auc` documents it)."""
    level = _check_level(level)
    if method not in ("delong", "bootstrap"):
        raise ValueError(f"method must be 'delong' or 'bootstrap', got {method!r}.")
    percent = bool(getattr(curve, "percent", False))
    if _is_perfect(curve.sensitivities, curve.specificities, percent):
        warnings.warn(
            "ci_auc() of a ROC curve with AUC == 1 is always 1-1 and can be misleading.",
            UserWarning,
            stacklevel=3,
        )
    if method == "delong":
        values = _ci_delong(curve, level)
    else:
        if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 1:
            raise ValueError(f"n_boot must be a positive int, got {n_boot!r}.")
        values = _ci_bootstrap(curve, level, int(n_boot), random_state)
    if percent:  # ci.auc.roc: computed on the unpercented curve, then ci * 100
        values = tuple(v * 100 for v in values)
    return AUCInterval(*values, level=level, method=method, n_boot=int(n_boot), percent=percent)


def _ci_delong(curve, level):
    m, n = curve.cases.size, curve.controls.size
    if m <= 1 or n <= 1:
        return (math.nan, math.nan, math.nan)
    theta, x, y = _placements(curve.controls, curve.cases, curve.direction)
    s = np.sum((x - theta) ** 2) / (m - 1) / m + np.sum((y - theta) ** 2) / (n - 1) / n
    probs = np.array([(1 - level) / 2, 0.5, 1 - (1 - level) / 2])
    if s == 0:
        ci = np.full(3, theta)
    else:
        ci = stats.norm.ppf(probs, loc=theta, scale=math.sqrt(s))
    return tuple(float(v) for v in np.clip(ci, 0, 1))


def _ci_bootstrap(curve, level, n_boot, random_state):
    rng = np.random.default_rng(random_state)
    aucs = np.empty(n_boot)
    for b in range(n_boot):
        controls = rng.choice(curve.controls, curve.controls.size, replace=True)
        cases = rng.choice(curve.cases, curve.cases.size, replace=True)
        _, se, sp = _build(controls, cases, curve.direction)
        aucs[b] = _trapezoid(se, sp)
    probs = [(1 - level) / 2, 0.5, 1 - (1 - level) / 2]
    return tuple(float(v) for v in np.quantile(aucs, probs))


def _placements(controls: np.ndarray, cases: np.ndarray, direction: str):
    """delongPlacementsCpp: theta, the cases' X and the controls' Y placements."""
    if direction == ">":
        controls, cases = -controls, -cases
    m, n = cases.size, controls.size
    sc, sk = np.sort(controls), np.sort(cases)
    below = np.searchsorted(sc, cases, side="left")
    ties = np.searchsorted(sc, cases, side="right") - below
    xy_cases = below + ties / 2.0
    below = np.searchsorted(sk, controls, side="left")
    ties = np.searchsorted(sk, controls, side="right") - below
    xy_controls = below + ties / 2.0
    theta = float(np.sum(xy_cases)) / m / n
    return theta, xy_cases / n, 1.0 - xy_controls / m


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 <= level <= 1:
        raise ValueError(f"level must be a number within [0, 1], e.g. 0.95, got {level!r}.")
    return float(level)
