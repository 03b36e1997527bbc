"""pROC's ``ci.thresholds`` and ``ci.coords``: bootstrap confidence intervals of
both rates at given thresholds, and of any of ``coords``' quantities.

The bootstrap they share with ``ci.se`` and ``ci.sp`` (:mod:`._roc_ci_rates`)
is in :mod:`._roc_bootstrap`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._rprint import r_as_character
from ._coords import _arg_matches
from ._roc_bootstrap import (
    _check_level,
    _check_n_boot,
    _drop_missing,
    _frame_lines,
    _head,
    _quantile_names,
    _quantiles,
    _replicate_thresholds,
    _resamples,
    _signif,
    _warn_perfect,
)

__all__ = ["CoordsInterval", "ThresholdsInterval", "ci_coords", "ci_thresholds"]

_THRESHOLD_KEYWORDS = ("local maximas", "best", "all")
_INPUTS = ("threshold", "specificity", "sensitivity")
_BEST_POLICIES = ("stop", "omit", "random")

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
    found = _arg_matches(value, choices)
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
