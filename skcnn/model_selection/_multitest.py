"""R's ``p.adjust``: p-values adjusted for multiple comparisons, as
:meth:`~skcnn.model_selection.Resamples.diff` adjusts the tests of every pair
of models."""

from __future__ import annotations

import numpy as np

__all__ = ["p_adjust"]

_P_ADJUST_METHODS = ("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "fdr", "none")


def p_adjust(p, method="bonferroni", n=None):
    """Adjust p-values for multiple comparisons, as R's ``p.adjust(p, method, n)``.

    Parameters
    ----------
    p : array-like of float
        The p-values; NaN (R's NA) stays NaN and does not count as a comparison.
    method : {"bonferroni", "holm", "hochberg", "hommel", "BH", "BY", "fdr", "none"}
        R's methods: Bonferroni and Holm control the family-wise error rate
        (Holm is uniformly more powerful), Hochberg and Hommel do too under
        independence or positive dependence; ``"BH"`` (alias ``"fdr"``) and
        ``"BY"`` control the false discovery rate.
    n : int, optional
        The number of comparisons, R's ``n``: by default the number of p-values
        that are not NaN (R's default ``length(p)`` is read after the NAs are
        dropped). A larger ``n`` adjusts for comparisons whose p-values are not
        given (R's rule: ``n`` must be at least the number of non-NaN p-values);
        Hommel's method counts them as p-values of 1. With ``n <= 1`` nothing
        is adjusted, and with ``n == 2`` Hommel's method is Hochberg's, as in R.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given.

    Raises
    ------
    ValueError
        If ``method`` is unknown, or ``n`` is not a whole number at least the
        number of non-NaN p-values (R stops with "n >= lp is not TRUE").

    Examples
    --------
    >>> from skcnn.model_selection import p_adjust
    >>> p_adjust([0.01, 0.02, 0.04], "bonferroni").tolist()
    [0.03, 0.06, 0.12]
    >>> p_adjust([0.01, 0.02, 0.04], "holm").round(4).tolist()
    [0.03, 0.04, 0.04]

    Three of ten comparisons reported:

    >>> p_adjust([0.01, 0.02, 0.04], "bonferroni", n=10).round(4).tolist()
    [0.1, 0.2, 0.4]
    """
    method = _check_adjustment(method)
    if method == "fdr":
        method = "BH"
    p0 = np.array(p, dtype=float).ravel()
    present = ~np.isnan(p0)
    values = p0[present]
    n = _check_n(n, len(values))
    if n <= 1:
        return p0
    if method == "hommel" and n == 2:
        method = "hochberg"
    p0[present] = _ADJUSTERS[method](values, n)
    return p0


def _check_n(n, n_present: int) -> int:
    if n is None:
        return n_present
    if isinstance(n, bool) or not isinstance(n, (int, np.integer, float, np.floating)):
        raise TypeError(f"n must be a number of comparisons (an int), got {type(n).__name__}.")
    if not (np.isfinite(n) and float(n) == int(n)):
        raise ValueError(f"n must be a whole number of comparisons, got {n!r}.")
    if n < n_present:
        raise ValueError(
            f"n={n!r} is smaller than the {n_present} p-value(s) given that are not NaN; n "
            f'counts every comparison, at least those given (R: "n >= lp is not TRUE"). '
            f"Leave n out to count the p-values given."
        )
    return int(n)


def _bonferroni(p, n):
    return np.minimum(1.0, n * p)


def _holm(p, n):
    i = np.arange(1, len(p) + 1)
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate((n + 1 - i) * p[order]))
    return adjusted[np.argsort(order, kind="stable")]


def _step_up(p, factor):
    """hochberg, BH and BY: cumulative minimum over the p-values in decreasing order,
    ``factor`` of R's ``i <- lp:1``."""
    i = np.arange(len(p), 0, -1)
    order = np.argsort(-p, kind="stable")
    adjusted = np.minimum(1.0, np.minimum.accumulate(factor(i) * p[order]))
    return adjusted[np.argsort(order, kind="stable")]


def _hommel(p, n):
    lp = len(p)
    if n > lp:  # R: the comparisons not given count as p-values of 1
        p = np.concatenate([p, np.ones(n - lp)])
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
    return np.maximum(pa, p)[np.argsort(order, kind="stable")[:lp]]


def _by_factor(n):
    q = np.sum(1.0 / np.arange(1, n + 1))
    return lambda i: q * n / i


_ADJUSTERS = {
    "bonferroni": _bonferroni,
    "holm": _holm,
    "hochberg": lambda p, n: _step_up(p, lambda i: n + 1 - i),
    "hommel": _hommel,
    "BH": lambda p, n: _step_up(p, lambda i: n / i),
    "BY": lambda p, n: _step_up(p, _by_factor(n)),
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
