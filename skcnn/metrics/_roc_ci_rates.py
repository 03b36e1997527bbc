"""pROC's ``ci.se`` and ``ci.sp``: bootstrap confidence intervals of a ROC
curve's sensitivities at given specificities, and the reverse.

The bootstrap they share with ``ci.thresholds`` and ``ci.coords``
(:mod:`._roc_ci_coords`) is in :mod:`._roc_bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._rprint import r_as_character
from ._roc_bootstrap import (
    _check_level,
    _check_n_boot,
    _check_rates,
    _drop_missing,
    _frame_lines,
    _head,
    _quantile_names,
    _quantiles,
    _replicate_rates,
    _resamples,
    _signif,
    _warn_perfect,
)

__all__ = ["RateInterval", "ci_se", "ci_sp"]

_DEFAULT_RATES = tuple(k * 0.1 for k in range(11))  # seq(0, 1, 0.1): 0.30000000000000004

# --------------------------------------------------------------------------
# ci.se and ci.sp
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RateInterval:
    """pROC's ``ci.se`` or ``ci.sp``: intervals of one rate at given values of the other.

    Built by :func:`ci_se` (sensitivities at given specificities) and
    :func:`ci_sp` (specificities at given sensitivities). ``print(ci)`` reads
    like pROC's print.

    Attributes
    ----------
    rates : numpy.ndarray
        The given specificities (``ci_se``) or sensitivities (``ci_sp``),
        percentages on a percent curve.
    lower, median, upper : numpy.ndarray
        The interval of the other rate at each of ``rates``: the quantiles
        ``(1 - level) / 2``, 0.5 and ``1 - (1 - level) / 2`` of the replicates.
    measure : {"sensitivity", "specificity"}
        What the intervals are of.
    level : float
    n_boot : int
    stratified : bool
    percent : bool
        Whether the rates are percentages (the curve's ``percent``).

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_se
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_se(r, specificities=[0.5, 0.75], n_boot=500, random_state=0)
    >>> ci.rates.tolist()
    [0.5, 0.75]
    >>> ci.to_frame().columns.tolist()
    ['2.5%', '50%', '97.5%']
    >>> print(ci)  # doctest: +ELLIPSIS
    95% CI (500 stratified bootstrap replicates):
       sp se.low se.median se.high
     0.50 ...
     0.75 ...
    """

    rates: np.ndarray
    lower: np.ndarray
    median: np.ndarray
    upper: np.ndarray
    measure: str
    level: float = 0.95
    n_boot: int = 2000
    stratified: bool = True
    percent: bool = False

    @property
    def given(self) -> str:
        """The rate the intervals are given at: "specificity" or "sensitivity"."""
        return "specificity" if self.measure == "sensitivity" else "sensitivity"

    def to_frame(self) -> pd.DataFrame:
        """R's matrix: rows named as the given rates ("0.9", "90%"), quantile columns.

        Returns
        -------
        pandas.DataFrame
        """
        suffix = "%" if self.percent else ""
        index = [r_as_character(float(v)) + suffix for v in self.rates]
        values = np.column_stack((self.lower, self.median, self.upper))
        return pd.DataFrame(values, index=index, columns=_quantile_names(self.level))

    def to_string(self) -> str:
        """The intervals as pROC's ``print(ci.se(...))`` shows them.

        Returns
        -------
        str
        """
        short = {"sensitivity": "se", "specificity": "sp"}
        given, measure = short[self.given], short[self.measure]
        lines = [_head(self.level, self.n_boot, self.stratified)]
        lines += _frame_lines(
            [
                (given, self.rates.tolist()),
                (f"{measure}.low", _signif(self.lower)),
                (f"{measure}.median", _signif(self.median)),
                (f"{measure}.high", _signif(self.upper)),
            ]
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _rates_replicates(curve, rates, measure, n_boot, stratified, random_state):
    """The bootstrap of ci.se / ci.sp: n_boot x len(rates), in the curve's units."""
    percent = bool(getattr(curve, "percent", False))
    scale = 100.0 if percent else 1.0
    fractions = rates / scale
    rng = np.random.default_rng(random_state)
    perfs = np.empty((n_boot, rates.size))
    for b, draw in enumerate(_resamples(curve, n_boot, stratified, rng)):
        if draw is None:
            perfs[b] = np.nan
        else:
            perfs[b] = _replicate_rates(*draw, curve.direction, fractions, measure)
    return perfs * scale


def _ci_rates(curve, rates, measure, level, n_boot, stratified, random_state, name):
    level = _check_level(level)
    n_boot = _check_n_boot(n_boot)
    percent = bool(getattr(curve, "percent", False))
    given = "specificities" if measure == "sensitivity" else "sensitivities"
    if rates is None:
        rates = np.array(_DEFAULT_RATES) * (100 if percent else 1)
    rates = _check_rates(rates, given, percent)
    _warn_perfect(curve, name)
    perfs = _rates_replicates(curve, rates, measure, n_boot, bool(stratified), random_state)
    perfs = _drop_missing(perfs, "NA value(s) produced during bootstrap were ignored.")
    ci = _quantiles(perfs, level)
    return RateInterval(
        rates=rates,
        lower=ci[:, 0],
        median=ci[:, 1],
        upper=ci[:, 2],
        measure=measure,
        level=level,
        n_boot=n_boot,
        stratified=bool(stratified),
        percent=percent,
    )


def ci_se(
    curve,
    specificities=None,
    level=0.95,
    n_boot=2000,
    stratified=True,
    random_state=None,
) -> RateInterval:
    """Bootstrap intervals of the sensitivity at given specificities, as pROC's ``ci.se``.

    Each replicate resamples the curve's controls and cases, rebuilds the curve
    and reads its sensitivity at each specificity as ``coords(input =
    "specificity")`` does (interpolating between the curve's points).

    Parameters
    ----------
    curve : ROCCurve
        From :func:`roc`.
    specificities : array-like of float, optional
        Where to read the sensitivity; by default 0, 0.1, ..., 1 (pROC's
        ``seq(0, 1, 0.1)``), percentages on a percent curve.
    level : float, default=0.95
        The confidence level (pROC's ``conf.level``), within (0, 1).
    n_boot : int, default=2000
        Bootstrap replicates (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample the controls and the cases separately (pROC's
        ``boot.stratified``), else all samples together.
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap; R's random numbers are not reproduced.

    Returns
    -------
    RateInterval
        ``rates`` (the specificities), ``lower``, ``median``, ``upper``;
        ``to_frame()`` is R's matrix, ``print`` is pROC's.

    Raises
    ------
    ValueError
        For specificities outside [0, 1] ([0, 100] on a percent curve), a
        level outside (0, 1) or a non-positive ``n_boot``.

    Notes
    -----
    Differences from pROC: R's random numbers are not reproduced, there is no
    progress bar or ``parallel``, and a non-stratified resample holding a
    single class gives NA (dropped with pROC's warning) where pROC stops.

    See Also
    --------
    ci_sp : The specificity at given sensitivities.
    ci_thresholds : Both rates at given thresholds.

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_se
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_se(r, specificities=[0.25, 0.5], n_boot=200, random_state=0)
    >>> bool(ci.lower[0] <= ci.median[0] <= ci.upper[0] <= 1)
    True
    >>> ci.to_frame().index.tolist()
    ['0.25', '0.5']
    """
    return _ci_rates(
        curve, specificities, "sensitivity", level, n_boot, stratified, random_state, "ci_se"
    )


def ci_sp(
    curve,
    sensitivities=None,
    level=0.95,
    n_boot=2000,
    stratified=True,
    random_state=None,
) -> RateInterval:
    """Bootstrap intervals of the specificity at given sensitivities, as pROC's ``ci.sp``.

    Each replicate resamples the curve's controls and cases, rebuilds the curve
    and reads its specificity at each sensitivity as ``coords(input =
    "sensitivity")`` does.

    Parameters
    ----------
    curve : ROCCurve
        From :func:`roc`.
    sensitivities : array-like of float, optional
        Where to read the specificity; by default 0, 0.1, ..., 1, percentages
        on a percent curve.
    level : float, default=0.95
        The confidence level (pROC's ``conf.level``), within (0, 1).
    n_boot : int, default=2000
        Bootstrap replicates (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample the controls and the cases separately (pROC's default).
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap; R's random numbers are not reproduced.

    Returns
    -------
    RateInterval
        ``rates`` (the sensitivities), ``lower``, ``median``, ``upper``.

    Raises
    ------
    ValueError
        For sensitivities outside [0, 1] ([0, 100] on a percent curve), a
        level outside (0, 1) or a non-positive ``n_boot``.

    Notes
    -----
    Differences from pROC: as :func:`ci_se`.

    See Also
    --------
    ci_se : The sensitivity at given specificities.

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_sp
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_sp(r, sensitivities=[0.9], n_boot=200, random_state=0)
    >>> ci.measure, ci.rates.tolist()
    ('specificity', [0.9])
    """
    return _ci_rates(
        curve, sensitivities, "specificity", level, n_boot, stratified, random_state, "ci_sp"
    )
