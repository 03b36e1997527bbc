"""R's ``cor(x, method, use)`` of a matrix's columns, as caret's ``modelCor``
calls it: Pearson's, Spearman's or Kendall's (tau-b) correlation, R's three ways
of treating missing values, and R's NA where a column has no spread."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

__all__ = ["r_cor"]

COR_METHODS = ("pearson", "spearman", "kendall")
COR_USES = ("everything", "all.obs", "complete.obs", "na.or.complete", "pairwise.complete.obs")


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """R's two-pass correlation of complete vectors; NaN (R's NA) for no spread."""
    xm = x - math.fsum(x) / len(x)
    ym = y - math.fsum(y) / len(y)
    sxx, syy = math.fsum(xm * xm), math.fsum(ym * ym)
    if sxx == 0 or syy == 0:
        return math.nan
    r = math.fsum(xm * ym) / math.sqrt(sxx) / math.sqrt(syy)
    return min(1.0, max(-1.0, r))


def _kendall(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b, as R's cor(method = "kendall") computes it."""
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    sxx, syy = float(np.sum(sx * sx)), float(np.sum(sy * sy))
    if sxx == 0 or syy == 0:
        return math.nan
    return min(1.0, max(-1.0, float(np.sum(sx * sy)) / math.sqrt(sxx) / math.sqrt(syy)))


def _pair(x: np.ndarray, y: np.ndarray, method: str) -> float:
    if len(x) == 0 or np.isnan(x).any() or np.isnan(y).any():
        return math.nan
    if method == "spearman":
        x, y = stats.rankdata(x), stats.rankdata(y)
    return _kendall(x, y) if method == "kendall" else _pearson(x, y)


def r_cor(data: np.ndarray, method: str = "pearson", use: str = "everything"):
    """R's cor(data, method = method, use = use) of the columns of ``data``.

    Returns ``(matrix, no_spread)``: the correlation matrix, NaN where R
    answers NA, and whether a column had no spread (R warns "the standard
    deviation is zero"). Except for ``use="pairwise.complete.obs"``, the
    diagonal is 1, as in R.
    """
    data = np.asarray(data, dtype=float)
    missing = np.isnan(data)
    if use == "all.obs" and missing.any():
        raise ValueError(
            "use='all.obs' does not allow missing scores, and some are NaN (R: \"missing "
            "observations in cov/cor\"); use 'complete.obs' or 'pairwise.complete.obs'."
        )
    if use in ("complete.obs", "na.or.complete"):
        complete = ~missing.any(axis=1)
        if not complete.any():
            if use == "complete.obs":
                raise ValueError(
                    "use='complete.obs' finds no resample where every model has a score "
                    "(R: \"no complete element pairs\"); use 'pairwise.complete.obs'."
                )
            return np.full((data.shape[1], data.shape[1]), math.nan), False
        data = data[complete]
    k = data.shape[1]
    result = np.empty((k, k))
    pairwise = use == "pairwise.complete.obs"
    for i in range(k):
        for j in range(i, k):
            x, y = data[:, i], data[:, j]
            if pairwise:
                both = ~(np.isnan(x) | np.isnan(y))
                x, y = x[both], y[both]
            result[i, j] = result[j, i] = _pair(x, y, method)
    no_spread = bool(np.any([_no_spread(data[:, i], pairwise) for i in range(k)]))
    if not pairwise:
        np.fill_diagonal(result, 1.0)
    return result, no_spread


def _no_spread(column: np.ndarray, pairwise: bool) -> bool:
    if np.isnan(column).any():
        if not pairwise:
            return False
        column = column[~np.isnan(column)]
    return len(column) > 0 and bool(np.all(column == column[0]))
