"""The arithmetic of a ROC curve that every ROC module shares, as pROC's
``roc.utils`` and ``auc.roc`` compute it.

The thresholds are the midpoints of the sorted unique scores plus -Inf and Inf
(with pROC's repair of near-ties, where a midpoint rounds onto a score),
sensitivities and specificities come from pROC's "fast" algorithm, the AUC is
its trapezoid sum and the partial AUC its interpolated one. :mod:`._roc` builds
the curve from these, :mod:`._roc_ci` rebuilds it for every bootstrap replicate;
they live one floor below both so that neither imports the other.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

_DIGITS = 4  # print.roc: max(3, getOption("digits") - 3)


def _thresholds(predictor: np.ndarray, direction: str) -> np.ndarray:
    """roc.utils.thresholds: midpoints of the sorted unique values, -Inf and Inf."""
    cand = np.unique(predictor)
    low = np.concatenate(([-np.inf], cand))
    high = np.concatenate((cand, [np.inf]))
    with np.errstate(invalid="ignore", over="ignore"):
        mid1 = (low + high) / 2
        mid2 = low / 2 + high / 2
    thresholds = np.where(np.abs(mid1) > 1e100, mid2, mid1)
    ties = np.flatnonzero(np.isin(thresholds, predictor))
    for t in ties:
        below, above = low[t], high[t]
        if thresholds[t] == below:
            if direction == "<":
                thresholds[t] = above
        elif thresholds[t] == above:
            if direction == ">":
                thresholds[t] = below
        else:  # pragma: no cover - pROC stops here too
            raise RuntimeError(f"Could not fix a near-tie at threshold {thresholds[t]!r}.")
    return thresholds


def _perfs(controls: np.ndarray, cases: np.ndarray, direction: str):
    """roc.utils.perfs.all.fast: sensitivities and specificities per threshold."""
    cand = np.unique(np.concatenate((controls, cases)))
    n_controls, n_cases = controls.size, cases.size
    sorted_controls, sorted_cases = np.sort(controls), np.sort(cases)
    if direction == "<":
        tp = n_cases - np.searchsorted(sorted_cases, cand, side="left")
        fp = n_controls - np.searchsorted(sorted_controls, cand, side="left")
        se = np.concatenate((tp / n_cases, [0.0]))
        sp = np.concatenate(((n_controls - fp) / n_controls, [1.0]))
    else:
        tp = np.searchsorted(sorted_cases, cand, side="right")
        fp = np.searchsorted(sorted_controls, cand, side="right")
        se = np.concatenate(([0.0], tp / n_cases))
        sp = np.concatenate(([1.0], (n_controls - fp) / n_controls))
    return se, sp


def _build(controls: np.ndarray, cases: np.ndarray, direction: str):
    """roc.cc.nochecks: thresholds, sensitivities, specificities, sorted as sort.roc."""
    thresholds = _thresholds(np.concatenate((controls, cases)), direction)
    se, sp = _perfs(controls, cases, direction)
    if np.any(np.diff(sp) < 0):  # sort.roc: is.unsorted(specificities)
        thresholds, se, sp = thresholds[::-1], se[::-1], sp[::-1]
    return thresholds.copy(), se.copy(), sp.copy()


def _trapezoid(se: np.ndarray, sp: np.ndarray) -> float:
    return float(np.sum((se[1:] + se[:-1]) / 2 * (sp[1:] - sp[:-1])))


def _partial_auc(se: np.ndarray, sp: np.ndarray, bounds, focus: str) -> float:
    """auc.roc with partial.auc: the area over ``bounds`` (high, low) of ``focus``."""
    hi, lo = bounds
    if focus == "sensitivity":
        x, y = se[::-1], sp[::-1]
    else:
        x, y = sp, se
    inside = (x <= hi) & (x >= lo)
    x_inc, y_inc = x[inside], y[inside]
    if x_inc.size == 0:
        idx_hi = int(np.argmax(~(x < hi)))
        idx_lo = idx_hi - 1
        span = x[idx_hi] - x[idx_lo]
        y_hi = y[idx_hi] + (x[idx_hi] - hi) / span * (y[idx_lo] - y[idx_hi])
        y_lo = y[idx_lo] - (lo - x[idx_lo]) / span * (y[idx_lo] - y[idx_hi])
        return float((y_hi + y_lo) / 2 * (hi - lo))
    auc = float(np.sum((y_inc[1:] + y_inc[:-1]) / 2 * (x_inc[1:] - x_inc[:-1])))
    if hi not in x_inc:
        idx_out = int(np.argmax(~(x < hi)))
        idx_in = idx_out - 1
        proportion = (hi - x[idx_out]) / (x[idx_in] - x[idx_out])
        y_interp = y[idx_out] + proportion * (y[idx_in] - y[idx_out])
        auc += (hi - x[idx_in]) * (y[idx_in] + y_interp) / 2
    if lo not in x_inc:
        idx_out = int(np.argmax(x > lo)) - 1
        idx_in = idx_out + 1
        proportion = (x[idx_in] - lo) / (x[idx_in] - x[idx_out])
        y_interp = y[idx_in] + proportion * (y[idx_out] - y[idx_in])
        auc += (x[idx_in] - lo) * (y[idx_in] + y_interp) / 2
    return float(auc)


def _mcclish(auc: float, bounds, percent: bool = False) -> float:
    """McClish's correction: 0.5 on the diagonal, 1 for a perfect curve (NaN below).

    With ``percent`` the AUC and the bounds are in percent and so is the result
    (50 on the diagonal, 100 for a perfect curve), as pROC's ``auc.roc``.
    """
    hi, lo = bounds
    scale = 100 if percent else 1
    low = ((scale - hi) + (scale - lo)) * abs(lo - hi) / 2 / scale
    high = abs(lo - hi)
    if auc < low:
        warnings.warn(
            "Partial AUC correction not defined for ROC curves below the diagonal; "
            "the corrected partial AUC is NaN (pROC's NA).",
            UserWarning,
            stacklevel=3,
        )
        return math.nan
    if percent:
        return (100 + (auc - low) * 100 / (high - low)) / 2
    return (1 + (auc - low) / (high - low)) / 2


def _is_perfect(se: np.ndarray, sp: np.ndarray, percent: bool = False) -> bool:
    """roc.utils.is.perfect.curve (``percent``: se and sp are in percent)."""
    best = float(np.max(se + sp)) / (100 if percent else 1)
    return abs(best - 2) < np.finfo(float).eps ** 0.5


def _unpercent(se: np.ndarray, sp: np.ndarray, percent: bool):
    """roc.utils.unpercent: sensitivities and specificities as fractions (/ 100 in percent)."""
    return (se / 100, sp / 100) if percent else (se, sp)
