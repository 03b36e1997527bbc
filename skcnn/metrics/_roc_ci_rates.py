"""pROC's ``ci.se``, ``ci.sp``, ``ci.thresholds`` and ``ci.coords``: bootstrap
confidence intervals of a ROC curve's sensitivities at given specificities (and
the reverse), of both rates at given thresholds, and of any of ``coords``'
quantities.

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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._rprint import NA, cat, matrix_lines, r_as_character, r_format, r_signif
from ._roc_utils import _DIGITS, _build, _is_perfect

__all__ = [
    "CoordsInterval",
    "RateInterval",
    "ThresholdsInterval",
    "ci_coords",
    "ci_se",
    "ci_sp",
    "ci_thresholds",
]

_DEFAULT_RATES = tuple(k * 0.1 for k in range(11))  # seq(0, 1, 0.1): 0.30000000000000004
_THRESHOLD_KEYWORDS = ("local maximas", "best", "all")
_INPUTS = ("threshold", "specificity", "sensitivity")
_BEST_POLICIES = ("stop", "omit", "random")


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


def _r_quantile(x: np.ndarray, probs) -> np.ndarray:
    """R's quantile(x, probs, type = 7), interpolating only between unequal values
    (so that Inf stays Inf, where numpy's interpolation gives NaN)."""
    x = np.sort(x)
    index = 1 + max(x.size - 1, 0) * np.asarray(probs, dtype=float)
    lo = np.floor(index).astype(int)
    hi = np.ceil(index).astype(int)
    qs = x[lo - 1].copy()
    upper = x[hi - 1]
    mix = (index > lo) & (upper != qs)
    h = (index - lo)[mix]
    qs[mix] = (1 - h) * qs[mix] + h * upper[mix]
    return qs


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
            out[j] = _r_quantile(column, _probs(level))
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


# --------------------------------------------------------------------------
# ci.thresholds
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ThresholdsInterval:
    """pROC's ``ci.thresholds``: intervals of the specificity and the sensitivity at
    given thresholds.

    Built by :func:`ci_thresholds`. ``print(ci)`` reads like pROC's print.

    Attributes
    ----------
    thresholds : numpy.ndarray
        The thresholds (pROC's ``attr(ci, "thresholds")``).
    specificity, sensitivity : pandas.DataFrame
        R's two matrices ``ci$specificity`` and ``ci$sensitivity``: a row per
        threshold (named as R names it, "-Inf", "0.065"), the quantile columns
        ("2.5%", "50%", "97.5%"); percentages on a percent curve.
    level : float
    n_boot : int
    stratified : bool
    percent : bool

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_thresholds
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_thresholds(r, thresholds=[0.5], n_boot=200, random_state=0)
    >>> ci.sensitivity.index.tolist(), ci.sensitivity.columns.tolist()
    (['0.5'], ['2.5%', '50%', '97.5%'])
    >>> print(ci)  # doctest: +ELLIPSIS
    95% CI (200 stratified bootstrap replicates):
     thresholds sp.low sp.median sp.high se.low se.median se.high
            0.5 ...
    """

    thresholds: np.ndarray
    specificity: pd.DataFrame
    sensitivity: pd.DataFrame
    level: float = 0.95
    n_boot: int = 2000
    stratified: bool = True
    percent: bool = False

    def to_frame(self) -> pd.DataFrame:
        """Both matrices side by side, under the column level "specificity" / "sensitivity".

        Returns
        -------
        pandas.DataFrame
        """
        return pd.concat({"specificity": self.specificity, "sensitivity": self.sensitivity}, axis=1)

    def to_string(self) -> str:
        """The intervals as pROC's ``print(ci.thresholds(...))`` shows them.

        Returns
        -------
        str
        """
        columns = [("thresholds", self.thresholds.tolist())]
        for short, frame in (("sp", self.specificity), ("se", self.sensitivity)):
            for j, part in enumerate(("low", "median", "high")):
                columns.append((f"{short}.{part}", _signif(frame.iloc[:, j].to_numpy())))
        return "\n".join([_head(self.level, self.n_boot, self.stratified), *_frame_lines(columns)])

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _match_arg(value: str, choices) -> str | None:
    """R's match.arg: the choice ``value`` names exactly or as a unique prefix."""
    if value in choices:
        return value
    found = [c for c in choices if value and c.startswith(value)]
    return found[0] if len(found) == 1 else None


def _threshold_values(curve, thresholds, best_method, best_weights) -> np.ndarray:
    if isinstance(thresholds, str):
        keyword = _match_arg(thresholds, _THRESHOLD_KEYWORDS)
        if keyword is None:
            raise ValueError(
                f"thresholds must be one of {list(_THRESHOLD_KEYWORDS)}, a boolean mask of "
                f"curve.thresholds or numbers, got {thresholds!r}."
            )
        frame = curve.coords(
            keyword,
            ret=("threshold",),
            best_method=best_method,
            best_weights=best_weights,
            drop=False,
        )
        return np.asarray(frame["threshold"], dtype=float)
    values = np.atleast_1d(np.asarray(thresholds))
    if values.dtype == bool:
        if values.shape != curve.thresholds.shape:
            raise ValueError(
                f"A boolean thresholds mask must have one entry per curve threshold "
                f"({curve.thresholds.size}), got {values.size}."
            )
        values = np.asarray(curve.thresholds)[values]
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"thresholds must be 'local maximas', 'best', 'all', a boolean mask or numbers, "
            f"got {thresholds!r}."
        ) from None
    if values.ndim != 1 or values.size == 0 or np.isnan(values).any():
        raise ValueError(
            f"thresholds must be a non-empty 1-D sequence of numbers (no NaN), got {thresholds!r}."
        )
    return values


def _thresholds_replicates(curve, thresholds, n_boot, stratified, random_state):
    """The bootstrap of ci.thresholds: n_boot x 2 (specificity, sensitivity) x k."""
    rng = np.random.default_rng(random_state)
    perfs = np.empty((n_boot, 2, thresholds.size))
    for b, draw in enumerate(_resamples(curve, n_boot, stratified, rng)):
        if draw is None:
            perfs[b] = np.nan
        else:
            perfs[b] = _replicate_thresholds(*draw, curve.direction, thresholds)
    return perfs


def ci_thresholds(
    curve,
    thresholds="local maximas",
    level=0.95,
    n_boot=2000,
    stratified=True,
    random_state=None,
    best_method="youden",
    best_weights=(1, 0.5),
) -> ThresholdsInterval:
    """Bootstrap intervals of the specificity and sensitivity at given thresholds,
    as pROC's ``ci.thresholds``.

    Each replicate resamples the curve's controls and cases and counts, at each
    threshold, the controls below it and the cases at or above it (direction
    ``"<"``; the reverse for ``">"``).

    Parameters
    ----------
    curve : ROCCurve
        From :func:`roc`.
    thresholds : {"local maximas", "best", "all"}, array-like of float or bool
        pROC's default "local maximas" (the curve's corners), the best
        threshold(s) by ``best_method``, every threshold, a boolean mask of
        ``curve.thresholds``, or numbers.
    level : float, default=0.95
        The confidence level, within (0, 1).
    n_boot : int, default=2000
        Bootstrap replicates (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample the controls and the cases separately (pROC's default).
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap; R's random numbers are not reproduced.
    best_method : {"youden", "closest.topleft"}, default="youden"
        For ``thresholds="best"``, as :meth:`ROCCurve.coords`.
    best_weights : pair of float, default=(1, 0.5)
        For ``thresholds="best"``, as :meth:`ROCCurve.coords`.

    Returns
    -------
    ThresholdsInterval
        ``specificity`` and ``sensitivity``: R's two matrices as DataFrames.

    Raises
    ------
    ValueError
        For an unknown ``thresholds`` keyword, a mask of the wrong length, a
        level outside (0, 1) or a non-positive ``n_boot``.

    Notes
    -----
    Differences from pROC: R's random numbers are not reproduced; no progress
    bar or ``parallel``.

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_thresholds
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_thresholds(r, thresholds="best", n_boot=200, random_state=0)
    >>> [round(t, 3) for t in ci.thresholds.tolist()]
    [0.65]
    >>> ci.specificity.shape
    (1, 3)
    """
    level = _check_level(level)
    n_boot = _check_n_boot(n_boot)
    percent = bool(getattr(curve, "percent", False))
    values = _threshold_values(curve, thresholds, best_method, best_weights)
    _warn_perfect(curve, "ci_thresholds")
    perfs = _thresholds_replicates(curve, values, n_boot, bool(stratified), random_state)
    if values.size > 1:
        message = "NA value(s) produced during bootstrap were ignored."
    else:
        message = "NaN value(s) in bootstrap ignored in confidence interval."
    perfs = _drop_missing(perfs, message)
    scale = 100.0 if percent else 1.0
    index = [r_as_character(float(v)) for v in values]
    columns = _quantile_names(level)
    frames = [
        pd.DataFrame(_quantiles(perfs[:, k, :], level) * scale, index=index, columns=columns)
        for k in (0, 1)
    ]
    return ThresholdsInterval(
        thresholds=values,
        specificity=frames[0],
        sensitivity=frames[1],
        level=level,
        n_boot=n_boot,
        stratified=bool(stratified),
        percent=percent,
    )


# --------------------------------------------------------------------------
# ci.coords
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CoordsInterval:
    """pROC's ``ci.coords``: intervals of :meth:`ROCCurve.coords`' quantities.

    Built by :func:`ci_coords`. ``print(ci)`` reads like pROC's print.

    Attributes
    ----------
    x : "best" or numpy.ndarray
        Where the coordinates were read (pROC's ``attr(ci, "x")``).
    input : str
        What numeric ``x`` holds.
    ret : list of str
        The coordinates, in order.
    intervals : dict of str to pandas.DataFrame
        R's list of matrices ``ci[[ret]]``: a row per ``x``, the quantile
        columns ("2.5%", "50%", "97.5%").
    level : float
    n_boot : int
    stratified : bool

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_coords
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_coords(r, [0.5], input="specificity", ret=["sensitivity"],
    ...                n_boot=200, random_state=0)
    >>> ci.ret, list(ci.intervals)
    (['sensitivity'], ['sensitivity'])
    >>> print(ci)  # doctest: +ELLIPSIS
    95% CI (200 stratified bootstrap replicates):
     specificity sensitivity.low sensitivity.median sensitivity.high
             0.5 ...
    """

    x: object
    input: str
    ret: list
    intervals: dict
    level: float = 0.95
    n_boot: int = 2000
    stratified: bool = True

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.intervals[name]

    def to_frame(self) -> pd.DataFrame:
        """The matrices side by side, under the column level of their coordinate.

        Returns
        -------
        pandas.DataFrame
        """
        return pd.concat(self.intervals, axis=1)

    def _row_names(self) -> list[str]:
        if isinstance(self.x, str):
            return [self.x]
        return [r_as_character(float(v)) for v in self.x]

    def to_string(self) -> str:
        """The intervals as pROC's ``print(ci.coords(...))`` shows them.

        Returns
        -------
        str
        """
        rows = self._row_names()
        first = [self.x] * len(rows) if isinstance(self.x, str) else [float(v) for v in self.x]
        columns = [(self.input, first)]
        for name in self.ret:
            frame = self.intervals[name]
            for j, part in enumerate(("low", "median", "high")):
                columns.append((f"{name}.{part}", _signif(frame.iloc[:, j].to_numpy())))
        labels = rows if len(self.ret) > 1 else None
        lines = _frame_lines(columns, labels)
        return "\n".join([_head(self.level, self.n_boot, self.stratified), *lines])

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _like(curve, controls, cases):
    """A curve of the same class and scale (percent or not) from other scores."""
    kwargs = {"percent": True} if getattr(curve, "percent", False) else {}
    return type(curve)(controls, cases, levels=curve.levels, direction=curve.direction, **kwargs)


def _replicate_coords(curve, controls, cases, x, input, ret, best_method, best_weights):
    """pROC's stratified.ci.coords on one resample (before its best.policy): rows x ret."""
    frame = _like(curve, controls, cases).coords(
        x, input=input, ret=ret, best_method=best_method, best_weights=best_weights, drop=False
    )
    return frame.to_numpy(dtype=float)


def _coords_replicates(
    curve,
    x,
    input,
    ret,
    best_method,
    best_weights,
    best_policy,
    n_boot,
    stratified,
    random_state,
):
    """The bootstrap of ci.coords: n_boot x rows x len(ret)."""
    rng = np.random.default_rng(random_state)
    n_rows = 1 if isinstance(x, str) else len(x)
    perfs = np.full((n_boot, n_rows, len(ret)), np.nan)
    for b, draw in enumerate(_resamples(curve, n_boot, stratified, rng)):
        if draw is None:
            continue
        values = _replicate_coords(curve, *draw, x, input, ret, best_method, best_weights)
        if isinstance(x, str) and values.shape[0] != 1:
            if best_policy == "stop":
                raise ValueError(
                    'More than one "best" threshold was found in a bootstrap replicate, '
                    "aborting; pass best_policy='random' (one of them at random) or "
                    "'omit' (drop the replicate)."
                )
            if best_policy == "omit":
                continue
            values = values[[rng.integers(values.shape[0])]]
        perfs[b] = values
    return perfs


def ci_coords(
    curve,
    x,
    input="threshold",
    ret=None,
    best_method="youden",
    best_weights=(1, 0.5),
    best_policy="stop",
    level=0.95,
    n_boot=2000,
    stratified=True,
    random_state=None,
) -> CoordsInterval:
    """Bootstrap intervals of any of :meth:`ROCCurve.coords`' quantities, as pROC's
    ``ci.coords``.

    Each replicate resamples the curve's controls and cases, rebuilds the curve
    and reads ``coords(x, input, ret)`` on it.

    Parameters
    ----------
    curve : ROCCurve
        From :func:`roc`.
    x : "best" or array-like of float
        The best threshold of each replicate, or values of ``input``. ("all"
        and "local maximas" differ between replicates and have no interval.)
    input : str, default="threshold"
        What numeric ``x`` holds, as :meth:`ROCCurve.coords`' ``input``.
    ret : sequence of str, optional
        The coordinates, as :meth:`ROCCurve.coords`' ``ret``; by default
        threshold, specificity, sensitivity ("threshold" only with
        ``x="best"`` or ``input="threshold"``; without it for other inputs).
    best_method, best_weights
        For ``x="best"``, as :meth:`ROCCurve.coords`.
    best_policy : {"stop", "omit", "random"}, default="stop"
        What to do when a replicate has several best thresholds: raise, drop
        the replicate, or take one of them at random.
    level : float, default=0.95
        The confidence level, within (0, 1).
    n_boot : int, default=2000
        Bootstrap replicates (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample the controls and the cases separately (pROC's default).
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap; R's random numbers are not reproduced.

    Returns
    -------
    CoordsInterval
        ``intervals[name]`` (or ``ci[name]``): R's matrix of each coordinate.

    Raises
    ------
    ValueError
        For ``x="all"`` or ``"local maximas"``, a "threshold" ``ret`` that
        cannot be had, an unknown ``best_policy``, several best thresholds
        under ``best_policy="stop"``, and what :meth:`ROCCurve.coords` rejects.

    Notes
    -----
    Differences from pROC: R's random numbers are not reproduced; with
    ``best_policy="omit"`` a replicate with several best thresholds is dropped
    (pROC 1.18.0 mangles that row). On a percent curve (``percent=True``)
    every replicate is a percent curve too, so that ``x`` and the results are
    in percent as :meth:`ROCCurve.coords` gives them; pROC 1.18.0's bootstrap
    curves there hold proportions while still marked percent (its results
    come back as proportions, and ``x="best"`` with "closest.topleft" or a
    specificity ``x`` in percent go wrong).

    Examples
    --------
    >>> from skcnn.metrics import roc, ci_coords
    >>> r = roc([0, 0, 0, 0, 1, 1, 1, 1], [0.1, 0.3, 0.4, 0.6, 0.35, 0.7, 0.8, 0.9])
    >>> ci = ci_coords(r, "best", best_policy="random", n_boot=200, random_state=0)
    >>> ci.ret
    ['threshold', 'specificity', 'sensitivity']
    >>> ci["sensitivity"].columns.tolist()
    ['2.5%', '50%', '97.5%']
    """
    level = _check_level(level)
    n_boot = _check_n_boot(n_boot)
    if best_policy not in _BEST_POLICIES:
        raise ValueError(f"best_policy must be one of {list(_BEST_POLICIES)}, got {best_policy!r}.")
    matched = _match_arg(input, _INPUTS) if isinstance(input, str) else None
    if matched is None:
        raise ValueError(
            f"input must be one of {list(_INPUTS)} (pROC's ci.coords reads no other), "
            f"got {input!r}."
        )
    input = matched
    if isinstance(x, str):
        x = _match_arg(x, ("all", "local maximas", "best")) or x
        if x in ("all", "local maximas"):
            raise ValueError(
                f"x={x!r} is not available for confidence intervals (its thresholds differ "
                "between replicates); pass x='best' or numbers, or use ci_thresholds."
            )
        if x != "best":
            raise ValueError(f"x must be 'best' or numbers, got {x!r}.")
    else:
        try:
            x = np.atleast_1d(np.asarray(x, dtype=float))
        except (TypeError, ValueError):
            raise ValueError(f"x must be 'best' or numbers, got {x!r}.") from None
        if x.ndim != 1 or x.size == 0:
            raise ValueError(f"x must be 'best' or a non-empty 1-D sequence of numbers, got {x!r}.")
    if ret is None:
        ret = ("threshold", "specificity", "sensitivity")
        if input != "threshold":
            ret = ("specificity", "sensitivity")
    _warn_perfect(curve, "ci_coords")
    # coords on the curve itself checks x, input and ret, and spells ret out ("all").
    names = list(
        curve.coords(
            x,
            input=input,
            ret=ret,
            best_method=best_method,
            best_weights=best_weights,
            drop=False,
        ).columns
    )
    if "threshold" in names and not (isinstance(x, str) or input == "threshold"):
        raise ValueError(
            "ret 'threshold' is only available at the best point (x='best') or when x holds "
            "thresholds (input='threshold'); drop it from ret."
        )
    perfs = _coords_replicates(
        curve,
        x,
        input,
        names,
        best_method,
        best_weights,
        best_policy,
        n_boot,
        bool(stratified),
        random_state,
    )
    empty = np.isnan(perfs.reshape(n_boot, -1)).all(axis=1)
    if empty.all():
        warnings.warn(
            "All bootstrap iterations produced NA values only.", UserWarning, stacklevel=2
        )
    elif empty.any():
        warnings.warn(
            f"{int(empty.sum())} NA value(s) produced during bootstrap were ignored.",
            UserWarning,
            stacklevel=2,
        )
    rows = [x] if isinstance(x, str) else [r_as_character(float(v)) for v in x]
    columns = _quantile_names(level)
    intervals = {
        name: pd.DataFrame(
            _quantiles(perfs[:, :, j], level, na_rm=True), index=rows, columns=columns
        )
        for j, name in enumerate(names)
    }
    return CoordsInterval(
        x=x,
        input=input,
        ret=names,
        intervals=intervals,
        level=level,
        n_boot=n_boot,
        stratified=bool(stratified),
    )
