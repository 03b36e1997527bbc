"""pROC's ``coords``: the points of a ROC curve and every quantity pROC derives
from them (accuracy, predictive values, Youden's index, ...), at given
thresholds or values of any monotone coordinate, at the best threshold or at
the curve's local maxima.

Names are matched as R's ``match.arg`` matches them (an exact name, else a
unique prefix: ``"spec"`` is ``"specificity"``), with pROC's aliases ``"t"``
(threshold), ``"topleft"`` (closest.topleft), ``"npe"`` (1-npv) and ``"ppe"``
(1-ppv).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

_X_WORDS = ("all", "local maximas", "best")
_BEST_METHODS = ("youden", "closest.topleft", "topleft")
# roc.utils.valid.coords, in its order (ret="all" is "threshold" and these).
_VALID = (
    "specificity",
    "sensitivity",
    "accuracy",
    "tn",
    "tp",
    "fn",
    "fp",
    "npv",
    "ppv",
    "fdr",
    "fpr",
    "tpr",
    "tnr",
    "fnr",
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
_COORDS = ("threshold", *_VALID)
_ALIASES = {"topleft": "closest.topleft", "t": "threshold", "npe": "1-npv", "ppe": "1-ppv"}
# coord.is.monotone / coord.is.decreasing (along the curve, specificity increasing).
_DECREASING = {
    "sensitivity": True,
    "specificity": False,
    "tn": False,
    "tp": True,
    "fn": False,
    "fp": True,
    "tpr": True,
    "tnr": False,
    "fpr": True,
    "fnr": False,
    "1-specificity": True,
    "1-sensitivity": False,
    "recall": True,
}
_INPUTS = ("threshold", *_DECREASING)


def _arg_matches(value: str, choices) -> list[str]:
    """R's match.arg's candidates for one string: the exact choice, else the choices
    it begins (one: the match; several: ambiguous)."""
    if value in choices:
        return [value]
    return [c for c in choices if c.startswith(value)] if value else []


def _match_arg(value, choices, what: str) -> str:
    """R's match.arg for one string: the exact choice, else the unique one it begins."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string, one of {list(choices)}; got {value!r}.")
    hits = _arg_matches(value, choices)
    if len(hits) == 1:
        return hits[0]
    how = f"is ambiguous ({hits})" if hits else "is unknown"
    raise ValueError(f"{what} {value!r} {how}; choose from {list(choices)}.")


def _curve_coords(
    curve, x, input, ret, best_method, best_weights, transpose=False, drop=None
) -> pd.DataFrame | pd.Series:
    """pROC's coords of ``curve`` (:meth:`ROCCurve.coords` documents it)."""
    scale = 100.0 if getattr(curve, "percent", False) else 1.0
    input = _check_input(input)
    ret = _check_ret(ret)
    weights = _check_weights(best_weights)
    se, sp, thr = curve.sensitivities, curve.specificities, curve.thresholds
    n_cases, n_controls = curve.cases.size, curve.controls.size
    best_column = None  # coords(x="best") adds the criterion as a 4th column
    if x is None:
        x = "all"
    if isinstance(x, str):
        x = _match_arg(x, _X_WORDS, "x")
        if x == "all":
            rows = (thr, se, sp)
        elif x == "local maximas":
            keep = _local_maximas(thr, sp, se)
            rows = (thr[keep], se[keep], sp[keep])
        else:
            method = _match_arg(best_method, _BEST_METHODS, "best_method")
            method = _ALIASES.get(method, method)
            crit = _optim_crit(se, sp, weights, method, scale)
            best = crit == np.max(crit)
            rows = (thr[best], se[best], sp[best])
            sign = 1.0 if method == "youden" else -1.0
            best_column = (method, sign * crit[best])
    else:
        values = np.atleast_1d(np.asarray(x, dtype=float))
        if values.ndim != 1:
            raise ValueError(f"x must be a 1-D sequence of numbers, got shape {values.shape}.")
        if values.size == 0:
            raise ValueError("Numeric x has length 0; pass at least one value.")
        if input == "threshold":
            idx = _threshold_index(curve, values)
            rows = (values, se[idx], sp[idx])
        else:
            rows = _at_input(curve, values, input, weights, scale)
    table = _calc_coords(*rows, n_cases, n_controls, weights, scale)
    own = {"threshold", "specificity", "sensitivity"}
    if best_column is not None and set(ret) <= own | {best_column[0]}:
        # pROC returns its own columns when ret asks for nothing more; its
        # closest.topleft column is then not divided by 100 for a percent curve.
        table[best_column[0]] = best_column[1]
    frame = pd.DataFrame({name: table[name] for name in ret})
    return _shape(frame, transpose, drop)


def _shape(frame: pd.DataFrame, transpose: bool, drop) -> pd.DataFrame | pd.Series:
    """pROC's transpose and drop, as far as a DataFrame has them."""
    if drop is None:
        drop = bool(transpose)  # pROC: drop = TRUE, but FALSE for a data.frame unless given
    if transpose:
        out = frame.T
        if drop and out.shape[1] == 1:
            return out.iloc[:, 0].rename(None)
        if drop and out.shape[0] == 1:
            return out.iloc[0]
        return out
    if drop and frame.shape[1] == 1:
        return frame.iloc[:, 0]
    if drop and frame.shape[0] == 1:
        return frame.iloc[0].rename(None)
    return frame


def _threshold_index(curve, values):
    """roc.utils.thr.idx: the curve point that each threshold falls on."""
    cut = np.unique(np.concatenate((curve.controls, curve.cases)))
    if curve.direction == "<":
        return np.searchsorted(np.concatenate((cut, [np.inf])), values, side="left")
    return cut.size - np.searchsorted(cut, values, side="right")


def _local_maximas(thr, sp, se) -> np.ndarray:
    """roc.utils.max.thresholds.idx: the points no other point dominates locally."""
    n_all = thr.size
    seen, keep_idx = set(), []
    for k in range(n_all):  # duplicated(data.frame(sp, se))
        key = (float(sp[k]), float(se[k]))
        if key not in seen:
            seen.add(key)
            keep_idx.append(k)
    sp_u, se_u = sp[keep_idx], se[keep_idx]
    n = len(keep_idx)
    if n == 1:
        maxima = [True]
    elif n == 2:
        maxima = [se_u[0] > se_u[1], sp_u[1] > sp_u[0]]
    else:
        maxima = [se_u[0] > se_u[1]]
        for i in range(1, n - 1):
            maxima.append(
                bool(
                    (sp_u[i] > sp_u[i - 1] and se_u[i] > se_u[i + 1])
                    or (sp_u[i] > sp_u[i - 1] and se_u[i] == 0)
                    or (se_u[i] > se_u[i - 1] and sp_u[i] == 1)
                )
            )
        maxima.append(sp_u[n - 1] > sp_u[n - 2])
    out = np.zeros(n_all, dtype=bool)
    out[keep_idx] = maxima
    return out


def _at_input(curve, values, input, weights, scale):
    """coords with a numeric x of ``input``: exact points, else interpolated se and sp."""
    se, sp = curve.sensitivities, curve.specificities
    if input in ("sensitivity", "specificity"):
        thr = curve.thresholds
        given = se if input == "sensitivity" else sp
    else:  # pROC computes the other coordinates with thresholds NA
        n = se.size
        table = _calc_coords(
            np.full(n, np.nan), se, sp, curve.cases.size, curve.controls.size, weights, scale
        )
        given, thr = table[input], table["threshold"]
    decreasing = _DECREASING[input]
    low, high = float(np.min(given)), float(np.max(given))
    out_thr, out_se, out_sp = [], [], []
    for value in values:
        if not low <= value <= high:
            raise ValueError(
                f"Input {input} ({_r_num(value)}) not in range ({_r_num(low)}-{_r_num(high)}); "
                f"x holds a value outside the curve's range of {input}."
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
    return np.array(out_thr, dtype=float), np.array(out_se), np.array(out_sp)


def _r_num(value: float) -> str:
    """A number as R's sprintf("%s") writes it (15 significant digits)."""
    return f"{value:.15g}"


def _check_input(input) -> str:
    """roc.utils.match.coords.input.args: a monotone coordinate."""
    name = _ALIASES.get(input, input) if isinstance(input, str) else input
    name = _match_arg(name, _COORDS, "input")
    if name not in _INPUTS:
        raise ValueError(
            f"Coordinate '{name}' is not monotone and cannot be used as input; "
            f"choose one of {list(_INPUTS)}."
        )
    return name


def _check_ret(ret) -> list[str]:
    """roc.utils.match.coords.ret.args: ``"all"`` or coordinate names."""
    names = [ret] if isinstance(ret, str) else list(ret)
    if not names:
        raise ValueError(f"ret is empty; choose from {list(_COORDS)} or 'all'.")
    if "all" in names:
        if len(names) > 1:
            raise ValueError("ret='all' can't be used with other 'ret' options.")
        return list(_COORDS)
    names = [_ALIASES.get(r, r) if isinstance(r, str) else r for r in names]
    return [_match_arg(r, _COORDS, "ret") for r in names]


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


def _optim_crit(se, sp, r, method, scale=1.0):
    """roc.utils.optim.crit (``scale``: 100 for a curve in percent)."""
    if method == "youden":
        return se + r * sp
    return -((scale - se) ** 2 + r * (scale - sp) ** 2)


def _calc_coords(thr, se, sp, n_cases, n_controls, r, scale=1.0) -> dict:
    """roc.utils.calc.coords: every coordinate pROC derives from se and sp."""
    thr, se, sp = (np.asarray(v, dtype=float) for v in (thr, se, sp))
    tp = se * n_cases / scale
    fn = n_cases - tp
    tn = sp * n_controls / scale
    fp = n_controls - tn
    with np.errstate(divide="ignore", invalid="ignore"):
        npv = scale * tn / (tn + fn)
        ppv = scale * tp / (tp + fp)
        accuracy = scale * (tp + tn) / (n_cases + n_controls)
        fnr = scale * fn / (tp + fn)
        fdr = scale * fp / (tp + fp)
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
        "fpr": scale - sp,
        "fnr": fnr,
        "fdr": fdr,
        "1-specificity": scale - sp,
        "1-sensitivity": scale - se,
        "1-accuracy": scale - accuracy,
        "1-npv": scale - npv,
        "1-ppv": scale - ppv,
        "precision": ppv,
        "recall": se,
        "youden": _optim_crit(se, sp, r, "youden", scale),
        "closest.topleft": -_optim_crit(se, sp, r, "closest.topleft", scale) / scale,
    }
