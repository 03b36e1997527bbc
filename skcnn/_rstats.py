"""R's statistics that more than one package uses: the one-sample ``t.test``
(model_selection's ``diff`` tests and plotting's dot plot intervals).

A private module of the root package, below both; it imports nothing of skcnn."""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

__all__ = ["t_test"]


def t_test(d: np.ndarray, confidence_level: float, variance_factor=None) -> dict:
    """R's one-sample t.test(d, conf.level) on the non-missing values.

    ``variance_factor`` replaces R's ``1/n`` in the variance of the mean: Nadeau and
    Bengio's corrected resampled t-test uses ``1/n + n_test/n_train``. When R's
    t.test would stop (fewer than two values, or values that are essentially
    constant), the test statistics are NaN and ``problem`` says why.

    Returns the dict ``estimate``, ``statistic``, ``df``, ``p_value``,
    ``conf_low``, ``conf_high``, ``stderr`` (R's ``stderr``, the standard error
    of the mean), ``n`` and ``problem``.
    """
    d = d[~np.isnan(d)]
    n = len(d)
    estimate = math.fsum(d) / n if n else math.nan
    result = {
        "estimate": estimate,
        "statistic": math.nan,
        "df": float(n - 1) if n else math.nan,
        "p_value": math.nan,
        "conf_low": math.nan,
        "conf_high": math.nan,
        "stderr": math.nan,
        "n": n,
        "problem": None,
    }
    if n < 2:
        result["problem"] = f"not enough observations ({n})"
        return result
    factor = 1.0 / n if variance_factor is None else variance_factor(n)
    stderr = math.sqrt(factor * float(np.var(d, ddof=1)))
    if stderr < 10 * np.finfo(float).eps * abs(estimate):
        result["problem"] = "the data are essentially constant"
        return result
    if stderr == 0:  # all differences zero: R's t.test computes 0/0, NaN throughout
        result["problem"] = "the differences are all zero"
        return result
    df = n - 1
    tstat = estimate / stderr
    q = float(stats.t.ppf(1 - (1 - confidence_level) / 2, df))
    result.update(
        stderr=stderr,
        statistic=tstat,
        p_value=float(2 * stats.t.cdf(-abs(tstat), df)),
        conf_low=(tstat - q) * stderr,
        conf_high=(tstat + q) * stderr,
    )
    return result
