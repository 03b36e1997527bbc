"""R's ``p.adjust``: p-values adjusted for multiple comparisons, as
:meth:`~skcnn.model_selection.Resamples.diff` adjusts the tests of every pair
of models."""

from __future__ import annotations

import numpy as np

__all__ = ["p_adjust"]

_P_ADJUST_METHODS = ("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "fdr", "none")


def p_adjust(p, method="bonferroni"):
    """Adjust p-values for multiple comparisons, as R's ``p.adjust(p, method)``.

    Parameters
    ----------
    p : array-like of float
        The p-values; NaN (R's NA) stays NaN and does not count as a comparison.
    method : {"bonferroni", "holm", "hochberg", "hommel", "BH", "BY", "fdr", "none"}
        R's methods: Bonferroni and Holm control the family-wise error rate
        (Holm is uniformly more powerful), Hochberg and Hommel do too under
        independence or positive dependence; ``"BH"`` (alias ``"fdr"``) and
        ``"BY"`` control the false discovery rate.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given.

    Examples
    --------
    >>> from skcnn.model_selection import p_adjust
    >>> p_adjust([0.01, 0.02, 0.04], "bonferroni").tolist()
    [0.03, 0.06, 0.12]
    >>> p_adjust([0.01, 0.02, 0.04], "holm").round(4).tolist()
    [0.03, 0.04, 0.04]
    """
    method = _check_adjustment(method)
    p0 = np.array(p, dtype=float).ravel()
    present = ~np.isnan(p0)
    values = p0[present]
    n = len(values)
    if n <= 1:
        return p0
    if method == "hommel" and n == 2:
        method = "hochberg"
    p0[present] = _ADJUSTERS[method](values, n)
    return p0


def _bonferroni(p, n):
    return np.minimum(1.0, n * p)


def _holm(p, n):
    i = np.arange(1, n + 1)
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate((n + 1 - i) * p[order]))
    return adjusted[np.argsort(order, kind="stable")]


def _step_up(p, n, factor):
    """hochberg, BH and BY: cumulative minimum over the p-values in decreasing order."""
    i = np.arange(n, 0, -1)
    order = np.argsort(-p, kind="stable")
    adjusted = np.minimum(1.0, np.minimum.accumulate(factor(i) * p[order]))
    return adjusted[np.argsort(order, kind="stable")]


def _hommel(p, n):
    order = np.argsort(p, kind="stable")
    p = p[order]
    i = np.arange(1, n + 1)
    q = np.full(n, np.min(n * p / i))
    pa = q.copy()
    for j in range(n - 1, 1, -1):
        ij = np.arange(0, n - j + 1)
        i2 = np.arange(n - j + 1, n)
        q1 = np.min(j * p[i2] / np.arange(2, j + 1))
        q[ij] = np.minimum(j * p[ij], q1)
        q[i2] = q[n - j]
        pa = np.maximum(pa, q)
    return np.maximum(pa, p)[np.argsort(order, kind="stable")]


_ADJUSTERS = {
    "bonferroni": _bonferroni,
    "holm": _holm,
    "hochberg": lambda p, n: _step_up(p, n, lambda i: n + 1 - i),
    "hommel": _hommel,
    "BH": lambda p, n: _step_up(p, n, lambda i: n / i),
    "fdr": lambda p, n: _step_up(p, n, lambda i: n / i),
    "BY": lambda p, n: _step_up(p, n, lambda i: np.sum(1.0 / np.arange(1, n + 1)) * n / i),
    "none": lambda p, n: p,
}


def _check_adjustment(method) -> str:
    if method is None:
        return "none"
    if method not in _P_ADJUST_METHODS:
        raise ValueError(
            f"adjustment={method!r} is not one of R's p.adjust methods {list(_P_ADJUST_METHODS)}."
        )
    return method
