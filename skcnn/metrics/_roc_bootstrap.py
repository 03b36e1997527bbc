"""The bootstrap that pROC's ``ci.se``, ``ci.sp``, ``ci.thresholds`` and
``ci.coords`` share: argument checks, the resamples, R's type-7 quantiles, the
curve rebuilt from one resample and read as ``coords`` reads it, and the lines
of pROC's prints.

Every replicate follows pROC 1.18.0's ``stratified.ci.se`` (and its
siblings): the controls and the cases are resampled separately (or, with
``stratified=False``, all the samples together), the curve is rebuilt from the
resample and read at the given points exactly as ``coords`` reads it; the
interval holds R's type-7 quantiles of the replicated values. The resamples are
drawn as :meth:`ROCCurve.ci_auc`'s bootstrap draws them (controls, then cases,
from ``numpy.random.default_rng(random_state)``), so one seed gives every
interval the same resamples. R's random numbers are not reproduced: the tests
check the intervals against pROC's within their Monte-Carlo error, and each
replicate against pROC's on the same resample exactly
(``tests/r/make_proc_ci_rates_fixtures.R``).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .._rprint import NA, cat, matrix_lines, r_format, r_signif
from .._rstats import quantile7
from ._roc_utils import _DIGITS, _build, _is_perfect

# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------


def _check_level(level) -> float:
    if (
        isinstance(level, bool)
        or not isinstance(level, int | float | np.floating | np.integer)
        or not 0 < level < 1
    ):
        raise ValueError(
            f"level must be a number within (0, 1), e.g. 0.95 for a 95% interval, got {level!r}."
        )
    return float(level)


def _check_n_boot(n_boot) -> int:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive int, e.g. 2000, got {n_boot!r}.")
    return int(n_boot)


def _check_rates(values, name: str, percent: bool) -> np.ndarray:
    try:
        rates = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {values!r}.") from None
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers, got {values!r}.")
    top = 100.0 if percent else 1.0
    bad = rates[~((rates >= 0) & (rates <= top))]
    if bad.size:
        if percent:
            unit, example = "percentages within [0, 100] (the curve has percent=True)", "80, 90"
        else:
            unit, example = "proportions within [0, 1]", "0.8, 0.9"
        raise ValueError(f"{name} must be {unit}, got {bad.tolist()}; e.g. {name}=[{example}].")
    return rates


def _warn_perfect(curve, name: str) -> None:
    _, se, sp = _build(curve.controls, curve.cases, curve.direction)
    if _is_perfect(se, sp):
        warnings.warn(
            f"{name}() of a ROC curve with AUC == 1 is always a null interval and can be "
            "misleading.",
            UserWarning,
            stacklevel=3,
        )


# --------------------------------------------------------------------------
# The bootstrap
# --------------------------------------------------------------------------


def _resamples(curve, n_boot: int, stratified: bool, rng):
    """(controls, cases) of each replicate, as pROC's (non)stratified.ci.* draw them.

    A non-stratified resample that misses a class yields ``None`` (pROC's NA).
    """
    controls, cases = curve.controls, curve.cases
    if stratified:
        for _ in range(n_boot):
            yield (
                rng.choice(controls, controls.size, replace=True),
                rng.choice(cases, cases.size, replace=True),
            )
        return
    scores = np.concatenate((controls, cases))
    is_case = np.concatenate((np.zeros(controls.size, bool), np.ones(cases.size, bool)))
    for _ in range(n_boot):
        idx = rng.integers(0, scores.size, scores.size)
        case = is_case[idx]
        if case.all() or not case.any():
            yield None
        else:
            yield scores[idx[~case]], scores[idx[case]]


def _quantile_names(level: float) -> list[str]:
    """names(quantile(x, probs)): formatC(100 * probs, format = "fg", digits = 7)."""
    names = []
    for p in _probs(level):
        text = np.format_float_positional(
            float(r_signif(100 * p, 7)), precision=7, unique=True, fractional=False, trim="-"
        )
        names.append(f"{text}%")
    return names


def _probs(level: float) -> list[float]:
    return [0 + (1 - level) / 2, 0.5, 1 - (1 - level) / 2]


def _quantiles(perfs: np.ndarray, level: float, *, na_rm: bool = False) -> np.ndarray:
    """t(apply(perfs, 2, quantile, probs)): one row (lower, median, upper) per column.

    Replicates with a NaN anywhere are dropped (pROC warns: ``_drop_missing``);
    with ``na_rm`` each column drops its own, as ci.coords does.
    """
    out = np.full((perfs.shape[1], 3), np.nan)
    for j in range(perfs.shape[1]):
        column = perfs[:, j]
        column = column[~np.isnan(column)]
        if column.size:
            out[j] = quantile7(column, _probs(level))
    return out


def _drop_missing(perfs: np.ndarray, message: str) -> np.ndarray:
    """Replicates (first axis) with a NaN anywhere dropped, with pROC's warning."""
    flat = perfs.reshape(perfs.shape[0], -1)
    missing = np.isnan(flat).any(axis=1)
    if missing.any():
        warnings.warn(message, UserWarning, stacklevel=4)
    return perfs[~missing]


# --------------------------------------------------------------------------
# One replicate, as pROC reads a rebuilt curve
# --------------------------------------------------------------------------


def _se_at_sp(se: np.ndarray, sp: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """coords(roc, rates, input = "specificity", ret = "sensitivity") on a sorted curve.

    ``sp`` increases: at an exact match the first point (the highest
    sensitivity), else the interpolation from the first point above.
    """
    first = np.searchsorted(sp, rates, side="left")
    exact = (first < sp.size) & (sp[np.minimum(first, sp.size - 1)] == rates)
    out = np.empty(rates.size)
    out[exact] = se[first[exact]]
    nxt = first[~exact]
    if nxt.size:
        v = rates[~exact]
        proportion = (v - sp[nxt]) / (sp[nxt - 1] - sp[nxt])
        out[~exact] = se[nxt] + proportion * (se[nxt - 1] - se[nxt])
    return out


def _sp_at_se(se: np.ndarray, sp: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """coords(roc, rates, input = "sensitivity", ret = "specificity") on a sorted curve.

    ``se`` decreases: at an exact match the last point (the highest
    specificity), else the interpolation from the first point below.
    """
    n = se.size
    rev = se[::-1]  # increasing
    lo = np.searchsorted(rev, rates, side="left")
    hi = np.searchsorted(rev, rates, side="right")
    exact = hi > lo
    out = np.empty(rates.size)
    out[exact] = sp[n - 1 - lo[exact]]  # the last index of se == value
    v = rates[~exact]
    nxt = n - lo[~exact]  # the first index of se < value
    if nxt.size:
        proportion = (v - se[nxt]) / (se[nxt - 1] - se[nxt])
        out[~exact] = sp[nxt] + proportion * (sp[nxt - 1] - sp[nxt])
    return out


def _replicate_rates(controls, cases, direction, rates, measure) -> np.ndarray:
    """pROC's stratified.ci.se / .sp on one resample: the curve read at ``rates``."""
    _, se, sp = _build(controls, cases, direction)
    if measure == "sensitivity":
        return _se_at_sp(se, sp, rates)
    return _sp_at_se(se, sp, rates)


def _replicate_thresholds(controls, cases, direction, thresholds) -> np.ndarray:
    """roc.utils.perfs at each threshold: (specificities, sensitivities), 2 x k."""
    t = thresholds[:, None]
    if direction == ">":
        tp = np.sum(cases[None, :] <= t, axis=1)
        tn = np.sum(controls[None, :] > t, axis=1)
    else:
        tp = np.sum(cases[None, :] >= t, axis=1)
        tn = np.sum(controls[None, :] < t, axis=1)
    return np.vstack((tn / controls.size, tp / cases.size))


# --------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------


def _head(level: float, n_boot: int, stratified: bool) -> str:
    kind = "stratified" if stratified else "non-stratified"
    return f"{cat(level * 100)}% CI ({n_boot} {kind} bootstrap replicates):"


def _frame_lines(columns: list[tuple[str, list]], row_labels: list[str] | None = None) -> list[str]:
    """print(data.frame(...), row.names = FALSE) (or with ``row_labels``), digits 7."""
    cells = []
    for _, values in columns:
        if values and isinstance(values[0], str):
            cells.append(list(values))
        else:
            cells.append(r_format([v if v is NA else float(v) for v in values], 7))
    n = len(columns[0][1])
    labels = [""] * n if row_labels is None else row_labels
    return matrix_lines(cells, labels, [name for name, _ in columns], right=True)


def _signif(values) -> list:
    """signif(x, 4), R's NA where an interval had no replicate."""
    return [
        NA if math.isnan(v) else r_signif(float(v), _DIGITS) if math.isfinite(v) else float(v)
        for v in values
    ]
