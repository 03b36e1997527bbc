"""pROC's ``roc.test``: DeLong's test of two ROC curves, paired (two correlated
curves, from the same samples) or unpaired, printed as R prints an ``htest``.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .._rprint import named_vector_lines, r_format, r_format_pval
from ._roc import ROCCurve, _in_levels
from ._roc_ci import _check_level, _placements
from ._roc_utils import _is_perfect

__all__ = ["ROCTest", "roc_test"]


@dataclass(frozen=True, eq=False)
class ROCTest:
    """pROC's ``roc.test`` result: an R ``htest`` that prints like one.

    Attributes
    ----------
    method : str
        "DeLong's test for two correlated ROC curves" (paired) or "DeLong's
        test for two ROC curves" (unpaired).
    statistic : float
        Z (paired) or D (unpaired).
    statistic_name : {"Z", "D"}
    df : float or None
        Degrees of freedom of the unpaired test.
    p_value : float
    estimate : pandas.Series
        "AUC of roc1" and "AUC of roc2".
    difference : float
        AUC of roc1 minus AUC of roc2.
    conf_int : tuple of float or None
        The paired test's confidence interval of the difference (pROC 1.18
        reports it for DeLong's paired test only).
    level : float
    alternative : {"two.sided", "less", "greater"}
    data_name : str

    Examples
    --------
    >>> from skcnn.metrics import roc, roc_test
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> a = roc(y, [0.1, 0.3, 0.2, 0.6, 0.5, 0.8, 0.9, 0.7])
    >>> b = roc(y, [0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.7, 0.45])
    >>> t = roc_test(a, b)
    >>> round(t.statistic, 4), round(t.p_value, 4)
    (0.866, 0.3865)
    """

    method: str
    statistic: float
    statistic_name: str
    df: float | None
    p_value: float
    estimate: pd.Series
    difference: float
    conf_int: tuple[float, float] | None
    level: float
    alternative: str
    data_name: str
    roc1: ROCCurve = field(repr=False)
    roc2: ROCCurve = field(repr=False)

    def to_string(self) -> str:
        """The test as R's ``print(htest)`` shows it.

        Returns
        -------
        str
        """
        lines = ["", *("\t" + s for s in textwrap.wrap(self.method, 71)), ""]
        lines.append(f"data:  {self.data_name}")
        parts = [f"{self.statistic_name} = {r_format([self.statistic], 5)[0]}"]
        if self.df is not None:
            parts.append(f"df = {r_format([self.df], 5)[0]}")
        p = r_format_pval([self.p_value], 4)[0]
        parts.append("p-value " + (p if p.startswith("<") else f"= {p}"))
        lines.extend(textwrap.wrap(", ".join(parts), 71))
        alt = {"two.sided": "not equal to", "less": "less than", "greater": "greater than"}
        lines.append(f"alternative hypothesis: true difference in AUC is {alt[self.alternative]} 0")
        if self.conf_int is not None:
            lines.append(f"{r_format([100 * self.level], 7)[0]} percent confidence interval:")
            lines.append(" " + " ".join(r_format(list(self.conf_int), 7)))
        lines.append("sample estimates:")
        lines.extend(named_vector_lines(list(self.estimate.index), list(self.estimate)))
        lines.append("")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _same_response(a: ROCCurve, b: ROCCurve) -> bool:
    if a._origin is None or b._origin is None:
        return False
    ra, rb = a._origin[0], b._origin[0]
    if ra.shape != rb.shape:
        return False
    na, nb = pd.isna(ra), pd.isna(rb)
    return bool(
        np.array_equal(na, nb) and all(x == y for x, y in zip(ra[~na], rb[~nb], strict=True))
    )


def _complete_pair(a: ROCCurve, b: ROCCurve) -> tuple[ROCCurve, ROCCurve]:
    """are.paired: both curves rebuilt on the samples where both have a score."""
    response, sa = a._origin
    sb = b._origin[1]
    labelled = ~np.asarray(pd.isna(response), dtype=bool)
    if np.array_equal(np.isnan(sa) & labelled, np.isnan(sb) & labelled):
        return a, b  # the same samples were dropped from both
    keep = labelled & ~np.isnan(sa) & ~np.isnan(sb)

    def rebuild(curve, scores):
        controls = scores[keep & _in_levels(response, curve.levels[0])]
        cases = scores[keep & _in_levels(response, curve.levels[1])]
        return ROCCurve(
            controls,
            cases,
            levels=curve.levels,
            direction=curve.direction,
            response_name=curve.response_name,
            predictor_name=curve.predictor_name,
            call=curve.call,
            _origin=curve._origin,
        )

    return rebuild(a, sa), rebuild(b, sb)


def roc_test(roc1, roc2, method="delong", alternative="two.sided", paired=None, level=0.95):
    """DeLong's test of two ROC curves, as pROC's ``roc.test(roc1, roc2)``.

    Two curves built from the same labels are paired (DeLong's test for two
    correlated curves: Z, and a confidence interval of the AUC difference);
    where one score is missing the pair is compared on the samples both have,
    as pROC does. Curves from different samples get DeLong's unpaired test
    (D, with Welch-like degrees of freedom).

    Parameters
    ----------
    roc1, roc2 : ROCCurve
    method : {"delong"}, default="delong"
    alternative : {"two.sided", "less", "greater"}, default="two.sided"
    paired : bool, optional
        None: paired when both curves come from the same labels and levels.
    level : float, default=0.95
        Confidence level of the paired test's interval (pROC's ``conf.level``).

    Returns
    -------
    ROCTest
        Prints like R's ``print(roc.test(...))``; ``data:`` names the curves'
        scores.

    Raises
    ------
    ValueError
        For anything but two ROCCurve objects, an unknown method or
        alternative, or ``paired=True`` on curves from different labels.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.metrics import roc, roc_test
    >>> y = pd.Series([0, 0, 0, 0, 1, 1, 1, 1], name="outcome")
    >>> a = roc(y, pd.Series([0.1, 0.3, 0.2, 0.6, 0.5, 0.8, 0.9, 0.7], name="first"))
    >>> b = roc(y, pd.Series([0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.7, 0.45], name="second"))
    >>> t = roc_test(a, b)
    >>> print("\\n".join(str(t).splitlines()[3:9]))
    data:  first and second
    Z = 0.86603, p-value = 0.3865
    alternative hypothesis: true difference in AUC is not equal to 0
    95 percent confidence interval:
     -0.1578964  0.4078964
    sample estimates:
    >>> t.estimate.tolist(), round(t.difference, 4)
    ([0.9375, 0.8125], 0.125)
    """
    for name, curve in (("roc1", roc1), ("roc2", roc2)):
        if not isinstance(curve, ROCCurve):
            raise ValueError(
                f"{name} must be a ROCCurve (from skcnn.metrics.roc), got {type(curve).__name__}."
            )
    if method != "delong":
        raise ValueError(f"method must be 'delong', got {method!r}.")
    if alternative not in ("two.sided", "less", "greater"):
        raise ValueError(
            f"alternative must be 'two.sided', 'less' or 'greater', got {alternative!r}."
        )
    level = _check_level(level)
    are_paired = roc1.levels == roc2.levels and _same_response(roc1, roc2)
    if paired is None:
        paired = are_paired
    elif paired and not are_paired:
        raise ValueError(
            "paired=True, but the curves were not built from the same labels and levels; "
            "the paired test cannot be applied to unpaired curves (pass paired=None)."
        )
    elif not paired and are_paired:
        warnings.warn(
            "The ROC curves seem to be paired. Consider performing a paired roc_test.",
            UserWarning,
            stacklevel=2,
        )
    if paired:
        roc1, roc2 = _complete_pair(roc1, roc2)
    for curve in (roc1, roc2):
        _check_delong_sizes(curve)
    if all(_is_perfect(c.sensitivities, c.specificities) for c in (roc1, roc2)):
        warnings.warn(
            "roc_test() of two ROC curves with AUC == 1 has always p_value = 1 and can be "
            "misleading.",
            UserWarning,
            stacklevel=2,
        )
    if roc1.direction != roc2.direction:
        warnings.warn(
            "DeLong's test should not be applied to ROC curves with a different direction.",
            UserWarning,
            stacklevel=2,
        )
    estimate = pd.Series([roc1.auc, roc2.auc], index=["AUC of roc1", "AUC of roc2"])
    common = dict(
        estimate=estimate,
        level=level,
        alternative=alternative,
        data_name=f"{roc1.predictor_name} and {roc2.predictor_name}",
        roc1=roc1,
        roc2=roc2,
    )
    if paired:
        d, sig = _delong_paired(roc1, roc2)
        z = d / sig if sig > 0 else (0.0 if d == 0 else math.copysign(math.inf, d))
        crit = stats.norm.ppf(1 - (1 - level) / 2)
        return ROCTest(
            method="DeLong's test for two correlated ROC curves",
            statistic=float(z),
            statistic_name="Z",
            df=None,
            p_value=_normal_p(z, alternative),
            difference=float(d),
            conf_int=(float(d - crit * sig), float(d + crit * sig)),
            **common,
        )
    t, df, d = _delong_unpaired(roc1, roc2)
    dist = stats.t(df)
    p = {
        "two.sided": 2 * dist.cdf(-abs(t)),
        "greater": dist.cdf(-t),
        "less": dist.cdf(t),
    }[alternative]
    return ROCTest(
        method="DeLong's test for two ROC curves",
        statistic=t,
        statistic_name="D",
        df=df,
        p_value=float(p),
        difference=d,
        conf_int=None,
        **common,
    )


def _check_delong_sizes(curve: ROCCurve) -> None:
    if curve.cases.size < 2 or curve.controls.size < 2:
        raise ValueError(
            f"DeLong's test needs at least two controls and two cases per curve; "
            f"{curve.predictor_name} has {curve.controls.size} and {curve.cases.size}."
        )


def _normal_p(z: float, alternative: str) -> float:
    if alternative == "two.sided":
        return float(2 * stats.norm.cdf(-abs(z)))
    if alternative == "greater":
        return float(stats.norm.cdf(-z))
    return float(stats.norm.cdf(z))


def _delong_paired(roc1: ROCCurve, roc2: ROCCurve) -> tuple[float, float]:
    """delong.paired.calculations: the AUC difference and its standard error."""
    n, m = roc1.controls.size, roc1.cases.size
    t1, x1, y1 = _placements(roc1.controls, roc1.cases, roc1.direction)
    t2, x2, y2 = _placements(roc2.controls, roc2.cases, roc2.direction)
    dx1, dx2, dy1, dy2 = x1 - t1, x2 - t2, y1 - t1, y2 - t2
    sx = np.array([[dx1 @ dx1, dx1 @ dx2], [dx2 @ dx1, dx2 @ dx2]]) / (m - 1)
    sy = np.array([[dy1 @ dy1, dy1 @ dy2], [dy2 @ dy1, dy2 @ dy2]]) / (n - 1)
    s = sx / m + sy / n
    contrast = np.array([1.0, -1.0])
    return float(t1 - t2), float(math.sqrt(max(float(contrast @ s @ contrast), 0.0)))


def _delong_unpaired(roc1: ROCCurve, roc2: ROCCurve) -> tuple[float, float, float]:
    """delong.unpaired.test: D, its degrees of freedom, and the AUC difference."""

    def variance(curve):
        n, m = curve.controls.size, curve.cases.size
        theta, x, y = _placements(curve.controls, curve.cases, curve.direction)
        return (
            theta,
            np.sum((x - theta) ** 2) / (m - 1) / m + np.sum((y - theta) ** 2) / (n - 1) / n,
            n + m,
        )

    t1, s1, n1 = variance(roc1)
    t2, s2, n2 = variance(roc2)
    d = t1 - t2
    t = d / math.sqrt(s1 + s2)
    df = (s1 + s2) ** 2 / (s1**2 / (n1 - 1) + s2**2 / (n2 - 1))
    return float(t), float(df), float(d)
