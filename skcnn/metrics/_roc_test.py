"""pROC's ``roc.test``: tests of two ROC curves, paired (two correlated curves,
from the same samples) or unpaired, printed as R prints an ``htest``: DeLong's
test, the bootstrap test of the (partial) AUCs, the bootstrap tests at a given
sensitivity or specificity, and Venkatraman's permutation test.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .._rprint import named_vector_lines, r_as_character, r_format, r_format_pval
from ._roc import ROCCurve
from ._roc_ci import _check_level, _placements
from ._roc_pairing import _are_paired, _complete_pair, _samples
from ._roc_utils import _is_perfect
from ._roc_var import _check_n_boot, _drop_nan, _pair_spec, _replicates
from ._roc_venkatraman import venkatraman_paired, venkatraman_unpaired

__all__ = ["ROCTest", "roc_test"]

_METHODS = ("delong", "bootstrap", "venkatraman", "sensitivity", "specificity")
_ALTERNATIVES = {"two.sided": "not equal to", "less": "less than", "greater": "greater than"}


@dataclass(frozen=True, eq=False)
class ROCTest:
    """pROC's ``roc.test`` result: an R ``htest`` that prints like one.

    Attributes
    ----------
    method : str
        The test, as pROC names it: "DeLong's test for two correlated ROC
        curves", "Bootstrap test for two ROC curves", "Venkatraman's test for
        two paired ROC curves", "Specificity test for two correlated ROC
        curves", ...
    statistic : float
        Z (DeLong, paired), D (DeLong unpaired and the bootstrap tests) or E
        (Venkatraman).
    statistic_name : {"Z", "D", "E"}
    df : float or None
        Degrees of freedom of DeLong's unpaired test.
    p_value : float
        Also as ``pvalue`` (SciPy's spelling).
    estimate : pandas.Series or None
        "AUC of roc1" and "AUC of roc2" (or their partial AUCs), in percent for
        curves in percent; None for Venkatraman's test.
    difference : float or None
        The first estimate minus the second.
    conf_int : tuple of float or None
        The paired DeLong test's confidence interval of the difference (pROC
        1.18 reports it for that test only), as a fraction even for curves in
        percent, as pROC's.
    level : float
    alternative : {"two.sided", "less", "greater"}
    data_name : str
    parameter : dict
        The print's parameters: ``{"df": ...}`` (DeLong unpaired), ``{"boot.n":
        ..., "boot.stratified": ...}`` (bootstrap tests), ``{"boot.n": ...}``
        (Venkatraman).
    null_name : str
        What the null hypothesis is about ("difference in AUC", ...).

    Examples
    --------
    >>> from skcnn.metrics import roc, roc_test
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> a = roc(y, [0.1, 0.3, 0.2, 0.6, 0.5, 0.8, 0.9, 0.7])
    >>> b = roc(y, [0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.7, 0.45])
    >>> t = roc_test(a, b)
    >>> round(t.statistic, 4), round(t.p_value, 4), t.pvalue == t.p_value
    (0.866, 0.3865, True)
    """

    method: str
    statistic: float
    statistic_name: str
    df: float | None
    p_value: float
    estimate: pd.Series | None
    difference: float | None
    conf_int: tuple[float, float] | None
    level: float
    alternative: str
    data_name: str
    roc1: ROCCurve = field(repr=False)
    roc2: ROCCurve = field(repr=False)
    parameter: dict = field(default_factory=dict)
    null_name: str = "difference in AUC"

    @property
    def pvalue(self) -> float:
        """The p-value (SciPy's and statsmodels' spelling of ``p_value``)."""
        return self.p_value

    def to_string(self) -> str:
        """The test as R's ``print(htest)`` shows it.

        Returns
        -------
        str
        """
        lines = ["", *("\t" + s for s in textwrap.wrap(self.method, 71)), ""]
        lines.append(f"data:  {self.data_name}")
        parts = [f"{self.statistic_name} = {r_format([self.statistic], 5)[0]}"]
        if self.parameter:
            shown = r_format([float(v) for v in self.parameter.values()], 5)
            parts += [f"{k} = {v}" for k, v in zip(self.parameter, shown, strict=True)]
        p = r_format_pval([self.p_value], 4)[0]
        parts.append("p-value " + (p if p.startswith("<") else f"= {p}"))
        lines.extend(textwrap.wrap(" ".join(", ".join(parts).split()), 71))  # strwrap
        lines.append(
            f"alternative hypothesis: true {self.null_name} is {_ALTERNATIVES[self.alternative]} 0"
        )
        if self.conf_int is not None:
            lines.append(f"{r_format([100 * self.level], 7)[0]} percent confidence interval:")
            lines.append(" " + " ".join(r_format(list(self.conf_int), 7)))
        if self.estimate is not None:
            lines.append("sample estimates:")
            lines.extend(named_vector_lines(list(self.estimate.index), list(self.estimate)))
        lines.append("")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def roc_test(
    roc1,
    roc2,
    method=None,
    alternative="two.sided",
    paired=None,
    level=0.95,
    *,
    sensitivity=None,
    specificity=None,
    n_boot=2000,
    stratified=True,
    partial_auc=None,
    partial_focus="specificity",
    partial_correct=False,
    random_state=None,
):
    """Test of two ROC curves, as pROC's ``roc.test(roc1, roc2)``.

    Two curves built from the same labels are paired (the tests for two
    correlated curves); where one score is missing the pair is compared on the
    samples both have, as pROC does. Curves from different samples get the
    unpaired tests.

    Parameters
    ----------
    roc1, roc2 : ROCCurve
    method : {"delong", "bootstrap", "venkatraman", "sensitivity", "specificity"}, optional
        - "delong": DeLong's test of the AUCs (Z paired, with a confidence
          interval of the difference; D with Welch-like df unpaired).
        - "bootstrap": D, the difference of the (partial) AUCs over the
          standard deviation of its bootstrap replicates.
        - "sensitivity" / "specificity": the same bootstrap test of the
          difference in specificity at ``sensitivity`` (in sensitivity at
          ``specificity``).
        - "venkatraman": Venkatraman's permutation test of the whole curves
          (E, from the ranks of the scores; two-sided, full curves only).

        None: "bootstrap" for a partial AUC or curves of different
        directions, else "delong", as pROC chooses.
    alternative : {"two.sided", "less", "greater"}, default="two.sided"
    paired : bool, optional
        None: paired when both curves come from the same labels and levels.
    level : float, default=0.95
        Confidence level of the paired DeLong interval (pROC's ``conf.level``).
    sensitivity, specificity : float, optional
        The operating point of ``method="sensitivity"`` / ``"specificity"``,
        in percent for curves in percent (as pROC's).
    n_boot : int, default=2000
        Bootstrap replicates or permutations (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample controls and cases separately (pROC's ``boot.stratified``).
    partial_auc, partial_focus, partial_correct
        Test partial AUCs (bootstrap only), as in :func:`roc_var` (bounds in
        percent for curves in percent).
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap or the permutations.

    Returns
    -------
    ROCTest
        Prints like R's ``print(roc.test(...))``; ``data:`` names the curves'
        scores.

    Raises
    ------
    ValueError
        For anything but two ROCCurve objects, an unknown method or
        alternative, a method that does not support the request (DeLong or
        Venkatraman with a partial AUC, Venkatraman one-sided), a missing
        operating point, ``paired=True`` on curves from different labels, or
        a partial AUC or operating point for one curve in percent and the
        other not.

    See Also
    --------
    roc_var, roc_cov : Variances and covariances of AUCs.
    power_roc_test : Sample size and power of these tests.

    Notes
    -----
    Curves in percent (``roc(..., percent=True)``) give the estimates in
    percent, as pROC's; the statistics, p-values and DeLong's interval of the
    difference are those of the same curves in fractions. One curve in percent
    and the other not: pROC's warning ("Different AUC specifications ..."),
    each estimate in its curve's units.

    Differences from R:

    - The bootstrap and the permutations draw numpy's random numbers, not R's,
      so D (bootstrap) and the p-values of the random tests agree with pROC's
      within Monte-Carlo error; Venkatraman's E and DeLong's test are exact.
    - One curve in percent and the other not, with ``partial_auc`` or
      ``method="sensitivity"``/``"specificity"``: a ValueError (pROC gives
      each curve its own bounds and reads one operating point in both curves'
      units).

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
    >>> v = roc_test(a, b, method="venkatraman", n_boot=500, random_state=0)
    >>> v.method, v.statistic
    ("Venkatraman's test for two paired ROC curves", 4.0)
    >>> s = roc_test(a, b, method="specificity", specificity=0.75, random_state=0)
    >>> print(str(s).splitlines()[5])
    alternative hypothesis: true difference in sensitivity at 0.75 specificity is not equal to 0

    Curves in percent give the estimates in percent, the same Z:

    >>> ap = roc(y, pd.Series(a.controls.tolist() + a.cases.tolist(), name="first"), percent=True)
    >>> bp = roc(y, pd.Series(b.controls.tolist() + b.cases.tolist(), name="second"), percent=True)
    >>> tp = roc_test(ap, bp)
    >>> tp.estimate.tolist(), round(tp.statistic, 4), round(tp.conf_int[0], 4)
    ([93.75, 81.25], 0.866, -0.1579)
    """
    for name, curve in (("roc1", roc1), ("roc2", roc2)):
        if not isinstance(curve, ROCCurve):
            raise ValueError(
                f"{name} must be a ROCCurve (from skcnn.metrics.roc), got {type(curve).__name__}."
            )
    if method is not None and method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)} or None, got {method!r}.")
    if alternative not in _ALTERNATIVES:
        raise ValueError(
            f"alternative must be 'two.sided', 'less' or 'greater', got {alternative!r}."
        )
    level = _check_level(level)
    if all(_is_perfect(c.sensitivities, c.specificities, c.percent) for c in (roc1, roc2)):
        warnings.warn(
            "roc_test() of two ROC curves with AUC == 1 has always p_value = 1 and can be "
            "misleading.",
            UserWarning,
            stacklevel=2,
        )
    are_paired = _are_paired(roc1, roc2)
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
    spec = _pair_spec(roc1, roc2, partial_auc, partial_focus, partial_correct)
    if method is None:
        method = "bootstrap" if spec.partial or roc1.direction != roc2.direction else "delong"
    _check_method(method, spec, roc1, roc2, alternative, sensitivity, specificity)
    estimate = None
    if method != "venkatraman":
        estimate = pd.Series(
            [spec.of(roc1), spec.of(roc2)],
            index=[spec.estimate_name("roc1"), spec.estimate_name("roc2")],
        )
    common = dict(
        estimate=estimate,
        difference=None if estimate is None else float(estimate.iloc[0] - estimate.iloc[1]),
        level=level,
        alternative=alternative,
        data_name=f"{roc1.predictor_name} and {roc2.predictor_name}",
        roc1=roc1,
        roc2=roc2,
    )
    if method == "delong":
        return _delong(roc1, roc2, paired, level, alternative, common)
    rng = np.random.default_rng(random_state)
    n_boot = _check_n_boot(n_boot)
    if method == "venkatraman":
        return _venkatraman(roc1, roc2, paired, n_boot, rng, common)
    return _bootstrap(
        roc1, roc2, method, spec, paired, n_boot, bool(stratified), rng, alternative, common,
        sensitivity if method == "sensitivity" else specificity,
    )  # fmt: skip


def _check_method(method, spec, roc1, roc2, alternative, sensitivity, specificity) -> None:
    differ = roc1.direction != roc2.direction
    if method == "delong":
        if spec.partial:
            raise ValueError(
                "DeLong's test does not support a partial AUC; use method='bootstrap'."
            )
        for curve in (roc1, roc2):
            _check_delong_sizes(curve)
        if differ:
            warnings.warn(
                "DeLong's test should not be applied to ROC curves with a different direction.",
                UserWarning,
                stacklevel=3,
            )
    elif method == "venkatraman":
        if spec.partial:
            raise ValueError("Venkatraman's test does not support a partial AUC.")
        if alternative != "two.sided":
            raise ValueError("Venkatraman's test is two-sided only: use alternative='two.sided'.")
        if differ:
            warnings.warn(
                "Venkatraman's test should not be applied to ROC curves with different directions.",
                UserWarning,
                stacklevel=3,
            )
    elif method in ("sensitivity", "specificity"):
        value = sensitivity if method == "sensitivity" else specificity
        if roc1.percent != roc2.percent:
            raise ValueError(
                f"method={method!r} cannot compare a curve in percent with one in fractions: "
                f"{method}= would be read in both units. Build both curves with the same "
                "percent= argument."
            )
        top, unit = (100, " (the curves are in percent)") if roc1.percent else (1, "")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= top:
            raise ValueError(
                f"method={method!r} needs {method}= a number within [0, {top}]{unit}, the "
                f"operating point to compare the curves at; got {value!r}."
            )


def _delong(roc1, roc2, paired, level, alternative, common) -> ROCTest:
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
            conf_int=(float(d - crit * sig), float(d + crit * sig)),
            **common,
        )
    t, df, _ = _delong_unpaired(roc1, roc2)
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
        conf_int=None,
        parameter={"df": df},
        **common,
    )


def _rate_at(se: np.ndarray, sp: np.ndarray, x: float, given: str) -> float:
    """coords(input = given, ret = the other rate)[1]: exact or interpolated."""
    if given == "specificity":
        idx = np.flatnonzero(sp == x)
        if idx.size:
            return float(se[idx[0]])
        nxt = int(np.argmax(sp > x))
        proportion = (x - sp[nxt]) / (sp[nxt - 1] - sp[nxt])
        return float(se[nxt] + proportion * (se[nxt - 1] - se[nxt]))
    idx = np.flatnonzero(se == x)
    if idx.size:
        return float(sp[idx[-1]])
    nxt = int(np.argmax(se < x))
    proportion = (x - se[nxt]) / (se[nxt - 1] - se[nxt])
    return float(sp[nxt] + proportion * (sp[nxt - 1] - sp[nxt]))


def _bootstrap(roc1, roc2, method, spec, paired, n_boot, stratified, rng, alternative,
               common, x) -> ROCTest:  # fmt: skip
    """bootstrap.test: D = (difference) / sd(bootstrap differences)."""
    kind = {"sensitivity": "Sensitivity", "specificity": "Specificity"}.get(method, "Bootstrap")
    null_name = "difference in AUC"
    # the replicates in each curve's units (percent where it is), as pROC's
    units = np.array([100.0 if c.percent else 1.0 for c in (roc1, roc2)])
    if method == "bootstrap":
        statistic = None
        observed = spec.of(roc1) - spec.of(roc2)
    else:
        scale = units[0]  # both curves alike (_check_method)

        def statistic(se, sp):
            return _rate_at(se * scale, sp * scale, x, method)

        observed = _rate_at(roc1.sensitivities, roc1.specificities, x, method) - _rate_at(
            roc2.sensitivities, roc2.specificities, x, method
        )
        other = "specificity" if method == "sensitivity" else "sensitivity"
        null_name = f"difference in {other} at {r_as_character(float(x))} {method}"
    values = _replicates(
        [roc1, roc2], statistic, spec=spec, paired=paired, stratified=stratified,
        n_boot=n_boot, rng=rng,
    )  # fmt: skip
    if statistic is None:
        values = values * units
    diffs = _drop_nan((values[:, 0] - values[:, 1])[:, None])[:, 0]
    sd = float(np.std(diffs, ddof=1)) if diffs.size > 1 else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        d = float(np.float64(observed) / sd)
    if math.isnan(d) and np.all(diffs == 0) and spec.of(roc1) == spec.of(roc2):
        d = 0.0
    return ROCTest(
        method=f"{kind} test for two {'correlated ' if paired else ''}ROC curves",
        statistic=d,
        statistic_name="D",
        df=None,
        p_value=_normal_p(d, alternative),
        conf_int=None,
        parameter={"boot.n": n_boot, "boot.stratified": int(stratified)},
        null_name=null_name,
        **common,
    )


def _venkatraman(roc1, roc2, paired, n_boot, rng, common) -> ROCTest:
    if paired:
        x, is_case = _samples(roc1, roc2)
        y, _ = _samples(roc2, roc1)
        e, perm = venkatraman_paired(x, y, is_case, n_boot, rng)
    else:
        x, case1 = _samples(roc1)
        y, case2 = _samples(roc2)
        e, perm = venkatraman_unpaired(x, case1, y, case2, n_boot, rng)
    common = dict(common, estimate=None, difference=None)
    return ROCTest(
        method=f"Venkatraman's test for two {'paired' if paired else 'unpaired'} ROC curves",
        statistic=e,
        statistic_name="E",
        df=None,
        p_value=float(np.sum(perm >= e) / n_boot),
        conf_int=None,
        parameter={"boot.n": n_boot},
        null_name="difference in at least one ROC operating point",
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
