"""pROC's ``coords``: the points of a ROC curve and every quantity pROC derives
from them (accuracy, predictive values, Youden's index, ...), at given
thresholds, specificities or sensitivities, or at the best threshold.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

_BEST_METHODS = ("youden", "closest.topleft")
_INPUTS = ("threshold", "specificity", "sensitivity")
# roc.utils.calc.coords's columns, in its order.
_COORDS = (
    "threshold",
    "sensitivity",
    "specificity",
    "accuracy",
    "tn",
    "tp",
    "fn",
    "fp",
    "npv",
    "ppv",
    "tpr",
    "tnr",
    "fpr",
    "fnr",
    "fdr",
    "1-specificity",
    "1-sensitivity",
    "1-accuracy",
    "1-npv",
    "1-ppv",
    "precision",
    "recall",
    "youden",
    "closest.topleft",
)


def _curve_coords(curve, x, input, ret, best_method, best_weights) -> pd.DataFrame:
    """pROC's coords of ``curve`` (:meth:`ROCCurve.coords` documents it)."""
    ret = _check_ret(ret)
    weights = _check_weights(best_weights)
    se, sp, thr = curve.sensitivities, curve.specificities, curve.thresholds
    if isinstance(x, str):
        if x == "all":
            rows = (thr, se, sp)
        elif x == "best":
            if best_method not in _BEST_METHODS:
                raise ValueError(
                    f"best_method must be one of {list(_BEST_METHODS)}, got {best_method!r}."
                )
            crit = _optim_crit(se, sp, weights, best_method)
            best = crit == np.max(crit)
            rows = (thr[best], se[best], sp[best])
        else:
            raise ValueError(f"x must be 'best', 'all' or numbers, got {x!r}.")
    else:
        values = np.atleast_1d(np.asarray(x, dtype=float))
        if values.size == 0:
            raise ValueError("x is empty; pass at least one value.")
        if input not in _INPUTS:
            raise ValueError(f"input must be one of {list(_INPUTS)}, got {input!r}.")
        if input == "threshold":
            idx = _threshold_index(curve, values)
            rows = (values, se[idx], sp[idx])
        else:
            rows = _at_rates(curve, values, input)
    table = _calc_coords(*rows, curve.cases.size, curve.controls.size, weights)
    return pd.DataFrame({name: table[name] for name in ret})


def _threshold_index(curve, values):
    """roc.utils.thr.idx: the curve point that each threshold falls on."""
    cut = np.unique(np.concatenate((curve.controls, curve.cases)))
    if curve.direction == "<":
        return np.searchsorted(np.concatenate((cut, [np.inf])), values, side="left")
    return cut.size - np.searchsorted(cut, values, side="right")


def _at_rates(curve, values, input):
    se, sp, thr = curve.sensitivities, curve.specificities, curve.thresholds
    given = se if input == "sensitivity" else sp
    decreasing = input == "sensitivity"
    out_thr, out_se, out_sp = [], [], []
    for value in values:
        if not given.min() <= value <= given.max():
            raise ValueError(
                f"x holds {input} {value!r}, outside the curve's range "
                f"({given.min()!r}-{given.max()!r})."
            )
        idx = np.flatnonzero(given == value)
        if idx.size:
            k = idx[-1] if decreasing else idx[0]
            out_thr.append(thr[k])
            out_se.append(se[k])
            out_sp.append(sp[k])
            continue
        nxt = int(np.argmax(given < value)) if decreasing else int(np.argmax(given > value))
        proportion = (value - given[nxt]) / (given[nxt - 1] - given[nxt])
        out_thr.append(math.nan)
        out_se.append(se[nxt] + proportion * (se[nxt - 1] - se[nxt]))
        out_sp.append(sp[nxt] + proportion * (sp[nxt - 1] - sp[nxt]))
    return np.array(out_thr), np.array(out_se), np.array(out_sp)


def _check_ret(ret) -> list[str]:
    names = [ret] if isinstance(ret, str) else list(ret)
    unknown = [r for r in names if r not in _COORDS]
    if unknown or not names:
        raise ValueError(f"ret has unknown coordinate(s) {unknown}; choose from {list(_COORDS)}.")
    return names


def _check_weights(weights) -> float:
    """pROC's best.weights as its ratio r = (1 - prevalence) / (cost * prevalence)."""
    try:
        cost, prevalence = (float(v) for v in weights)
    except (TypeError, ValueError):
        raise ValueError(f"best_weights must be two numbers, got {weights!r}.") from None
    if not 0 < prevalence < 1:
        raise ValueError(
            f"best_weights[1] is the prevalence and must be within (0, 1), got {prevalence!r}."
        )
    return (1 - prevalence) / (cost * prevalence)


def _optim_crit(se, sp, r, method):
    if method == "youden":
        return se + r * sp
    return -((1 - se) ** 2 + r * (1 - sp) ** 2)


def _calc_coords(thr, se, sp, n_cases, n_controls, r) -> dict:
    """roc.utils.calc.coords: every coordinate pROC derives from se and sp."""
    thr, se, sp = (np.asarray(v, dtype=float) for v in (thr, se, sp))
    tp = se * n_cases
    fn = n_cases - tp
    tn = sp * n_controls
    fp = n_controls - tn
    with np.errstate(divide="ignore", invalid="ignore"):
        npv = tn / (tn + fn)
        ppv = tp / (tp + fp)
        accuracy = (tp + tn) / (n_cases + n_controls)
        fnr = fn / (tp + fn)
        fdr = fp / (tp + fp)
    return {
        "threshold": thr,
        "sensitivity": se,
        "specificity": sp,
        "accuracy": accuracy,
        "tn": tn,
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "npv": npv,
        "ppv": ppv,
        "tpr": se,
        "tnr": sp,
        "fpr": 1 - sp,
        "fnr": fnr,
        "fdr": fdr,
        "1-specificity": 1 - sp,
        "1-sensitivity": 1 - se,
        "1-accuracy": 1 - accuracy,
        "1-npv": 1 - npv,
        "1-ppv": 1 - ppv,
        "precision": ppv,
        "recall": se,
        "youden": _optim_crit(se, sp, r, "youden"),
        "closest.topleft": -_optim_crit(se, sp, r, "closest.topleft"),
    }
