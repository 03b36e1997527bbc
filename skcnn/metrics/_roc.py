"""pROC's ROC analysis, number for number: ``roc``, ``auc``, ``ci.auc``, ``coords``,
``roc.test`` and ``multiclass.roc``.

Every step follows pROC 1.18.0's R and C++ sources: the thresholds are the
midpoints of the sorted unique scores plus -Inf and Inf (with pROC's repair of
near-ties, where a midpoint rounds onto a score), sensitivities and
specificities come from pROC's "fast" algorithm, the AUC is its trapezoid sum,
the DeLong placements are those of ``delongPlacementsCpp``. The prints read like
pROC's; the tests compare both with output that R itself produced
(``tests/r/make_proc_fixtures.R``).

Controls are the first level and cases the second, as in pROC's
``levels = c(control, case)``.
"""

from __future__ import annotations

import itertools
import math
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._rprint import _cat, _named_vector_lines, _r_format, _r_format_pval, _r_label, _r_signif
from ._labels import _native

__all__ = [
    "AUCInterval",
    "MulticlassROC",
    "ROCCurve",
    "ROCTest",
    "multiclass_roc",
    "roc",
    "roc_test",
]

_DIRECTIONS = ("auto", "<", ">")
_FOCUS = ("specificity", "sensitivity")
_BEST_METHODS = ("youden", "closest.topleft")
_INPUTS = ("threshold", "specificity", "sensitivity")
# roc.utils.calc.coords's columns, in its order.
_COORDS = (
    "threshold",
    "sensitivity",
    "specificity",
    "accuracy",
    "tn",
    "tp",
    "fn",
    "fp",
    "npv",
    "ppv",
    "tpr",
    "tnr",
    "fpr",
    "fnr",
    "fdr",
    "1-specificity",
    "1-sensitivity",
    "1-accuracy",
    "1-npv",
    "1-ppv",
    "precision",
    "recall",
    "youden",
    "closest.topleft",
)
_DIGITS = 4  # print.roc: max(3, getOption("digits") - 3)


# --------------------------------------------------------------------------
# pROC's print.auc
# --------------------------------------------------------------------------


def _auc_line(value: float, partial=None, focus="specificity", correct=False) -> str:
    """pROC's print.auc: the line "Area under the curve: 0.7314"."""
    shown = _cat(_r_signif(value, _DIGITS))
    if partial is None:
        return f"Area under the curve: {shown}"
    head = "Corrected partial" if correct else "Partial"
    return f"{head} area under the curve ({focus} {_cat(partial[0])}-{_cat(partial[1])}): {shown}"


# --------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------


def _series_name(obj: Any, default: str) -> str:
    name = getattr(obj, "name", None) if isinstance(obj, pd.Series) else None
    return default if name is None else str(name)


def _response(y_true: Any) -> tuple[np.ndarray, np.ndarray, list | None]:
    """y_true as an object array, its missing mask, and a Categorical's categories."""
    if isinstance(y_true, pd.DataFrame):
        raise ValueError("y_true must be 1-D labels, got a DataFrame; pass one column.")
    dtype = getattr(y_true, "dtype", None)
    categories = None
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [_native(c) for c in dtype.categories]
    values = np.asarray(y_true, dtype=object)
    if values.ndim != 1:
        raise ValueError(
            f"y_true must be 1-D labels, got shape {values.shape}; pass one label per sample."
        )
    if values.size == 0:
        raise ValueError("y_true is empty; pass at least one label per class.")
    values = np.array([_native(v) for v in values], dtype=object)
    return values, np.asarray(pd.isna(values), dtype=bool), categories


def _scores(y_score: Any, n: int, name: str = "y_score") -> np.ndarray:
    """y_score as floats (NaN = missing); infinite scores and wrong shapes are errors."""
    if isinstance(y_score, pd.DataFrame):
        raise ValueError(
            f"{name} must be one score per sample, got a DataFrame; pass one column "
            "(for class probabilities, the column of the case level) or use multiclass_roc."
        )
    try:
        if isinstance(y_score, pd.Series | pd.Index | pd.api.extensions.ExtensionArray):
            values = y_score.to_numpy(dtype=float, na_value=np.nan)  # pd.NA as NaN
        else:
            values = np.asarray(y_score, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be numeric scores (probabilities or decision values), got "
            f"{np.asarray(y_score).dtype} values; pass predict_proba(X)[:, 1] rather than "
            "predicted labels."
        ) from None
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D, one score per sample, got shape {values.shape}; for "
            "class probabilities pass the case column (proba[:, 1]) or use multiclass_roc."
        )
    if values.shape[0] != n:
        raise ValueError(
            f"y_true and {name} have different lengths ({n} and {values.shape[0]}); pass "
            "one score per sample."
        )
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size:
        raise ValueError(
            f"{name} has {infinite.size} infinite value(s), first at position {infinite[0]}; "
            "a ROC curve needs finite scores (pROC returns NaN here). Clip them or drop "
            "those samples; NaN scores are dropped as missing."
        )
    return values


def _check_levels(levels: Any, observed: list) -> tuple:
    """``levels`` as (control, case), each present in the data."""
    if isinstance(levels, str) or not isinstance(levels, Sequence | np.ndarray | pd.Index):
        raise ValueError(
            f"levels must be a pair (control, case), got {levels!r}; e.g. levels=('neg', 'pos')."
        )
    pair = tuple(_native(v) for v in levels)
    if len(pair) != 2:
        raise ValueError(
            f"levels must have length 2 (control, case), got {len(pair)}: {list(pair)}; "
            "for more classes use multiclass_roc."
        )
    if pair[0] == pair[1]:
        raise ValueError(f"levels names the same class twice: {list(pair)}.")
    for role, level in zip(("control", "case"), pair, strict=True):
        if level not in observed:
            raise ValueError(
                f"levels names {level!r} as the {role} level, but y_true has no such label "
                f"(its labels are {observed}); pass levels that occur in y_true."
            )
    return pair


def _default_levels(observed: list, categories: list | None) -> tuple:
    """pROC's levels(as.factor(response)), first two with a warning, as pROC."""
    if categories is not None:
        levels = list(categories)
    else:
        try:
            levels = sorted(observed)
        except TypeError:
            raise ValueError(
                f"y_true mixes label types that cannot be sorted ({observed}); pass "
                "levels=(control, case)."
            ) from None
    if len(levels) < 2:
        raise ValueError(
            f"y_true must have two classes, but it has {len(levels)} ({levels}) after "
            "missing values are dropped; a ROC curve needs controls and cases."
        )
    if len(levels) > 2:
        warnings.warn(
            f"y_true has more than two levels {levels}; using {levels[:2]} (control, case). "
            "Pass levels=(control, case) explicitly or use multiclass_roc.",
            UserWarning,
            stacklevel=3,
        )
    return tuple(levels[:2])


def _in_levels(values: np.ndarray, level: Any) -> np.ndarray:
    """Which labels equal ``level`` (elementwise on the object array; None never does)."""
    return np.asarray(values == level, dtype=bool)


# --------------------------------------------------------------------------
# The curve, as pROC builds it
# --------------------------------------------------------------------------


def _thresholds(predictor: np.ndarray, direction: str) -> np.ndarray:
    """roc.utils.thresholds: midpoints of the sorted unique values, -Inf and Inf."""
    cand = np.unique(predictor)
    low = np.concatenate(([-np.inf], cand))
    high = np.concatenate((cand, [np.inf]))
    with np.errstate(invalid="ignore", over="ignore"):
        mid1 = (low + high) / 2
        mid2 = low / 2 + high / 2
    thresholds = np.where(np.abs(mid1) > 1e100, mid2, mid1)
    ties = np.flatnonzero(np.isin(thresholds, predictor))
    for t in ties:
        below, above = low[t], high[t]
        if thresholds[t] == below:
            if direction == "<":
                thresholds[t] = above
        elif thresholds[t] == above:
            if direction == ">":
                thresholds[t] = below
        else:  # pragma: no cover - pROC stops here too
            raise RuntimeError(f"Could not fix a near-tie at threshold {thresholds[t]!r}.")
    return thresholds


def _perfs(controls: np.ndarray, cases: np.ndarray, direction: str):
    """roc.utils.perfs.all.fast: sensitivities and specificities per threshold."""
    cand = np.unique(np.concatenate((controls, cases)))
    n_controls, n_cases = controls.size, cases.size
    sorted_controls, sorted_cases = np.sort(controls), np.sort(cases)
    if direction == "<":
        tp = n_cases - np.searchsorted(sorted_cases, cand, side="left")
        fp = n_controls - np.searchsorted(sorted_controls, cand, side="left")
        se = np.concatenate((tp / n_cases, [0.0]))
        sp = np.concatenate(((n_controls - fp) / n_controls, [1.0]))
    else:
        tp = np.searchsorted(sorted_cases, cand, side="right")
        fp = np.searchsorted(sorted_controls, cand, side="right")
        se = np.concatenate(([0.0], tp / n_cases))
        sp = np.concatenate(([1.0], (n_controls - fp) / n_controls))
    return se, sp


def _build(controls: np.ndarray, cases: np.ndarray, direction: str):
    """roc.cc.nochecks: thresholds, sensitivities, specificities, sorted as sort.roc."""
    thresholds = _thresholds(np.concatenate((controls, cases)), direction)
    se, sp = _perfs(controls, cases, direction)
    if np.any(np.diff(sp) < 0):  # sort.roc: is.unsorted(specificities)
        thresholds, se, sp = thresholds[::-1], se[::-1], sp[::-1]
    return thresholds.copy(), se.copy(), sp.copy()


def _trapezoid(se: np.ndarray, sp: np.ndarray) -> float:
    return float(np.sum((se[1:] + se[:-1]) / 2 * (sp[1:] - sp[:-1])))


def _partial_auc(se: np.ndarray, sp: np.ndarray, bounds, focus: str) -> float:
    """auc.roc with partial.auc: the area over ``bounds`` (high, low) of ``focus``."""
    hi, lo = bounds
    if focus == "sensitivity":
        x, y = se[::-1], sp[::-1]
    else:
        x, y = sp, se
    inside = (x <= hi) & (x >= lo)
    x_inc, y_inc = x[inside], y[inside]
    if x_inc.size == 0:
        idx_hi = int(np.argmax(~(x < hi)))
        idx_lo = idx_hi - 1
        span = x[idx_hi] - x[idx_lo]
        y_hi = y[idx_hi] + (x[idx_hi] - hi) / span * (y[idx_lo] - y[idx_hi])
        y_lo = y[idx_lo] - (lo - x[idx_lo]) / span * (y[idx_lo] - y[idx_hi])
        return float((y_hi + y_lo) / 2 * (hi - lo))
    auc = float(np.sum((y_inc[1:] + y_inc[:-1]) / 2 * (x_inc[1:] - x_inc[:-1])))
    if hi not in x_inc:
        idx_out = int(np.argmax(~(x < hi)))
        idx_in = idx_out - 1
        proportion = (hi - x[idx_out]) / (x[idx_in] - x[idx_out])
        y_interp = y[idx_out] + proportion * (y[idx_in] - y[idx_out])
        auc += (hi - x[idx_in]) * (y[idx_in] + y_interp) / 2
    if lo not in x_inc:
        idx_out = int(np.argmax(x > lo)) - 1
        idx_in = idx_out + 1
        proportion = (x[idx_in] - lo) / (x[idx_in] - x[idx_out])
        y_interp = y[idx_in] + proportion * (y[idx_out] - y[idx_in])
        auc += (x[idx_in] - lo) * (y[idx_in] + y_interp) / 2
    return float(auc)


def _mcclish(auc: float, bounds) -> float:
    """McClish's correction: 0.5 on the diagonal, 1 for a perfect curve (NaN below)."""
    hi, lo = bounds
    low = ((1 - hi) + (1 - lo)) * abs(lo - hi) / 2
    high = abs(lo - hi)
    if auc < low:
        warnings.warn(
            "Partial AUC correction not defined for ROC curves below the diagonal; "
            "the corrected partial AUC is NaN (pROC's NA).",
            UserWarning,
            stacklevel=3,
        )
        return math.nan
    return (1 + (auc - low) / (high - low)) / 2


def _placements(controls: np.ndarray, cases: np.ndarray, direction: str):
    """delongPlacementsCpp: theta, the cases' X and the controls' Y placements."""
    if direction == ">":
        controls, cases = -controls, -cases
    m, n = cases.size, controls.size
    sc, sk = np.sort(controls), np.sort(cases)
    below = np.searchsorted(sc, cases, side="left")
    ties = np.searchsorted(sc, cases, side="right") - below
    xy_cases = below + ties / 2.0
    below = np.searchsorted(sk, controls, side="left")
    ties = np.searchsorted(sk, controls, side="right") - below
    xy_controls = below + ties / 2.0
    theta = float(np.sum(xy_cases)) / m / n
    return theta, xy_cases / n, 1.0 - xy_controls / m


def _is_perfect(se: np.ndarray, sp: np.ndarray) -> bool:
    return abs(float(np.max(se + sp)) - 2) < np.finfo(float).eps ** 0.5


def _python_repr(value: Any) -> str:
    value = _native(value)
    return repr(list(value)) if isinstance(value, tuple) else repr(value)


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class AUCInterval:
    """pROC's ``ci.auc``: a confidence interval for the AUC.

    Iterating gives ``(lower, median, upper)`` as pROC's three values; for
    DeLong's method the median is the AUC itself. ``print(ci)`` reads like pROC's.

    Attributes
    ----------
    lower, median, upper : float
        NaN where pROC answers NA (fewer than two controls or cases).
    level : float
        The confidence level.
    method : {"delong", "bootstrap"}
    n_boot : int
        The number of bootstrap replicates (pROC records 2000 for DeLong too).

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
    >>> ci = r.ci_auc()
    >>> print(ci)
    95% CI: 0.2908-1 (DeLong)
    >>> lower, median, upper = ci
    >>> round(median, 4) == round(r.auc, 4)
    True
    """

    lower: float
    median: float
    upper: float
    level: float = 0.95
    method: str = "delong"
    n_boot: int = 2000

    def __iter__(self):
        return iter((self.lower, self.median, self.upper))

    def __str__(self) -> str:
        low, high = (_cat(_r_signif(v, _DIGITS)) for v in (self.lower, self.upper))
        if self.method == "delong":
            how = "DeLong"
        else:
            how = f"{self.n_boot} stratified bootstrap replicates"
        return f"{_cat(self.level * 100)}% CI: {low}-{high} ({how})"

    __repr__ = __str__


class ROCCurve:
    """A ROC curve as pROC's ``roc`` object: thresholds, sensitivities, specificities.

    Build it with :func:`roc`. The arrays are in pROC's order (specificities
    increasing) and read-only. ``print(r)`` reads like ``print(roc(...))`` in R.

    Attributes
    ----------
    thresholds, sensitivities, specificities : numpy.ndarray
        One entry per threshold, -Inf and Inf included.
    controls, cases : numpy.ndarray
        The scores of the control and case samples (missing values dropped).
    levels : tuple
        ``(control, case)``.
    direction : {"<", ">"}
        ``"<"`` when controls score lower than cases.
    auc : float
        The area under the curve.
    response_name, predictor_name : str
        The names the print gives the labels and the scores (a pandas Series'
        name, else "y_true" and "y_score").
    call : str
        The call shown on the print's "Call:" line.

    See Also
    --------
    roc : Builds the curve.
    roc_test : Compares two curves.

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> r = roc(["a", "a", "b", "b"], [0.1, 0.4, 0.35, 0.8])
    >>> [round(t, 3) for t in r.thresholds.tolist()]
    [-inf, 0.225, 0.375, 0.6, inf]
    >>> r.sensitivities.tolist(), r.specificities.tolist()
    ([1.0, 1.0, 0.5, 0.5, 0.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    >>> r.auc
    0.75
    """

    def __init__(
        self,
        controls,
        cases,
        *,
        levels,
        direction,
        response_name="y_true",
        predictor_name="y_score",
        call=None,
        _origin=None,
    ):
        self.controls = _frozen(np.asarray(controls, dtype=float))
        self.cases = _frozen(np.asarray(cases, dtype=float))
        self.levels = tuple(levels)
        self.direction = direction
        self.response_name = response_name
        self.predictor_name = predictor_name
        self.call = call or f"roc({response_name}, {predictor_name})"
        thresholds, se, sp = _build(self.controls, self.cases, direction)
        self.thresholds = _frozen(thresholds)
        self.sensitivities = _frozen(se)
        self.specificities = _frozen(sp)
        self._auc = _trapezoid(se, sp)
        self._origin = _origin  # (response, scores) as given, for pairing in roc_test

    @property
    def auc(self) -> float:
        """The area under the curve (pROC's ``auc(r)``), a float."""
        return self._auc

    # ---- partial AUC -------------------------------------------------------

    def auc_partial(self, bounds=(1, 0.9), focus="specificity", correct=False) -> float:
        """Partial area under the curve, as pROC's ``auc(r, partial.auc = ...)``.

        Parameters
        ----------
        bounds : pair of float, default=(1, 0.9)
            The interval of specificity (or sensitivity) to integrate over, in
            any order, within [0, 1].
        focus : {"specificity", "sensitivity"}, default="specificity"
            Which axis ``bounds`` applies to.
        correct : bool, default=False
            McClish's correction: 0.5 for a curve on the diagonal, 1 for a
            perfect one. Undefined (NaN, with a warning) below the diagonal.

        Returns
        -------
        float

        Examples
        --------
        >>> from skcnn.metrics import roc
        >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
        >>> round(r.auc_partial((1, 0.8)), 6)
        0.133333
        >>> round(r.auc_partial((1, 0.8), correct=True), 6)
        0.814815
        >>> round(r.auc_partial((1, 0.8), focus="sensitivity"), 6)
        0.066667
        """
        bounds = _check_bounds(bounds)
        if focus not in _FOCUS:
            raise ValueError(f"focus must be one of {list(_FOCUS)}, got {focus!r}.")
        value = _partial_auc(self.sensitivities, self.specificities, bounds, focus)
        return _mcclish(value, bounds) if correct else value

    # ---- confidence interval -----------------------------------------------

    def ci_auc(self, level=0.95, method="delong", n_boot=2000, random_state=None):
        """Confidence interval of the AUC, as pROC's ``ci.auc``.

        Parameters
        ----------
        level : float, default=0.95
            The confidence level (pROC's ``conf.level``), in [0, 1].
        method : {"delong", "bootstrap"}, default="delong"
            DeLong's variance (exactly pROC's) or a stratified bootstrap: the
            controls and the cases are resampled separately, as pROC does by
            default, and the interval holds the quantiles of the replicated AUCs.
        n_boot : int, default=2000
            Bootstrap replicates (pROC's ``boot.n``).
        random_state : int, numpy.random.Generator or None
            Seed of the bootstrap (R's random numbers are not reproduced).

        Returns
        -------
        AUCInterval
            Iterates as ``(lower, median, upper)``.

        Examples
        --------
        >>> from skcnn.metrics import roc
        >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
        >>> [round(v, 4) for v in r.ci_auc()]
        [0.2908, 0.7778, 1.0]
        >>> print(r.ci_auc(method="bootstrap", n_boot=200, random_state=0))  # doctest: +ELLIPSIS
        95% CI: ...-1 (200 stratified bootstrap replicates)
        """
        level = _check_level(level)
        if method not in ("delong", "bootstrap"):
            raise ValueError(f"method must be 'delong' or 'bootstrap', got {method!r}.")
        if _is_perfect(self.sensitivities, self.specificities):
            warnings.warn(
                "ci_auc() of a ROC curve with AUC == 1 is always 1-1 and can be misleading.",
                UserWarning,
                stacklevel=2,
            )
        if method == "delong":
            values = self._ci_delong(level)
        else:
            if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 1:
                raise ValueError(f"n_boot must be a positive int, got {n_boot!r}.")
            values = self._ci_bootstrap(level, int(n_boot), random_state)
        return AUCInterval(*values, level=level, method=method, n_boot=int(n_boot))

    def _ci_delong(self, level):
        m, n = self.cases.size, self.controls.size
        if m <= 1 or n <= 1:
            return (math.nan, math.nan, math.nan)
        theta, x, y = _placements(self.controls, self.cases, self.direction)
        s = np.sum((x - theta) ** 2) / (m - 1) / m + np.sum((y - theta) ** 2) / (n - 1) / n
        probs = np.array([(1 - level) / 2, 0.5, 1 - (1 - level) / 2])
        if s == 0:
            ci = np.full(3, theta)
        else:
            ci = stats.norm.ppf(probs, loc=theta, scale=math.sqrt(s))
        return tuple(float(v) for v in np.clip(ci, 0, 1))

    def _ci_bootstrap(self, level, n_boot, random_state):
        rng = np.random.default_rng(random_state)
        aucs = np.empty(n_boot)
        for b in range(n_boot):
            controls = rng.choice(self.controls, self.controls.size, replace=True)
            cases = rng.choice(self.cases, self.cases.size, replace=True)
            _, se, sp = _build(controls, cases, self.direction)
            aucs[b] = _trapezoid(se, sp)
        probs = [(1 - level) / 2, 0.5, 1 - (1 - level) / 2]
        return tuple(float(v) for v in np.quantile(aucs, probs))

    # ---- coordinates ---------------------------------------------------------

    def coords(
        self,
        x="best",
        input="threshold",
        ret=("threshold", "specificity", "sensitivity"),
        best_method="youden",
        best_weights=(1, 0.5),
    ) -> pd.DataFrame:
        """Coordinates of the curve, as pROC's ``coords(r, x, ...)``.

        Parameters
        ----------
        x : "best", "all" or array-like of float, default="best"
            "best": the threshold(s) that maximise ``best_method`` (every tied
            one, as pROC returns them); "all": every threshold; numbers: values of
            ``input``.
        input : {"threshold", "specificity", "sensitivity"}, default="threshold"
            What numeric ``x`` holds. At a specificity or sensitivity between two
            points of the curve the other coordinate is interpolated and the
            threshold is NaN (pROC's NA).
        ret : sequence of str, default=("threshold", "specificity", "sensitivity")
            Columns to return, named as pROC's: also "accuracy", "tn", "tp",
            "fn", "fp", "npv", "ppv", "tpr", "tnr", "fpr", "fnr", "fdr",
            "1-specificity", "1-sensitivity", "1-accuracy", "1-npv", "1-ppv",
            "precision", "recall", "youden", "closest.topleft".
        best_method : {"youden", "closest.topleft"}, default="youden"
        best_weights : pair of float, default=(1, 0.5)
            pROC's ``best.weights``: the relative cost of a false negative and
            the prevalence.

        Returns
        -------
        pandas.DataFrame
            One row per coordinate, one column per ``ret`` entry.

        Examples
        --------
        >>> from skcnn.metrics import roc
        >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
        >>> r.coords("best")
           threshold  specificity  sensitivity
        0        0.6          1.0     0.666667
        >>> r.coords([0.2, 0.5], ret=("threshold", "sensitivity", "accuracy"))
           threshold  sensitivity  accuracy
        0        0.2     1.000000  0.666667
        1        0.5     0.666667  0.833333
        """
        ret = _check_ret(ret)
        weights = _check_weights(best_weights)
        se, sp, thr = self.sensitivities, self.specificities, self.thresholds
        if isinstance(x, str):
            if x == "all":
                rows = (thr, se, sp)
            elif x == "best":
                if best_method not in _BEST_METHODS:
                    raise ValueError(
                        f"best_method must be one of {list(_BEST_METHODS)}, got {best_method!r}."
                    )
                crit = _optim_crit(se, sp, weights, best_method)
                best = crit == np.max(crit)
                rows = (thr[best], se[best], sp[best])
            else:
                raise ValueError(f"x must be 'best', 'all' or numbers, got {x!r}.")
        else:
            values = np.atleast_1d(np.asarray(x, dtype=float))
            if values.size == 0:
                raise ValueError("x is empty; pass at least one value.")
            if input not in _INPUTS:
                raise ValueError(f"input must be one of {list(_INPUTS)}, got {input!r}.")
            if input == "threshold":
                idx = self._threshold_index(values)
                rows = (values, se[idx], sp[idx])
            else:
                rows = self._at_rates(values, input)
        table = _calc_coords(*rows, self.cases.size, self.controls.size, weights)
        return pd.DataFrame({name: table[name] for name in ret})

    def _threshold_index(self, values):
        """roc.utils.thr.idx: the curve point that each threshold falls on."""
        cut = np.unique(np.concatenate((self.controls, self.cases)))
        if self.direction == "<":
            return np.searchsorted(np.concatenate((cut, [np.inf])), values, side="left")
        return cut.size - np.searchsorted(cut, values, side="right")

    def _at_rates(self, values, input):
        se, sp, thr = self.sensitivities, self.specificities, self.thresholds
        given = se if input == "sensitivity" else sp
        decreasing = input == "sensitivity"
        out_thr, out_se, out_sp = [], [], []
        for value in values:
            if not given.min() <= value <= given.max():
                raise ValueError(
                    f"x holds {input} {value!r}, outside the curve's range "
                    f"({given.min()!r}-{given.max()!r})."
                )
            idx = np.flatnonzero(given == value)
            if idx.size:
                k = idx[-1] if decreasing else idx[0]
                out_thr.append(thr[k])
                out_se.append(se[k])
                out_sp.append(sp[k])
                continue
            nxt = int(np.argmax(given < value)) if decreasing else int(np.argmax(given > value))
            proportion = (value - given[nxt]) / (given[nxt - 1] - given[nxt])
            out_thr.append(math.nan)
            out_se.append(se[nxt] + proportion * (se[nxt - 1] - se[nxt]))
            out_sp.append(sp[nxt] + proportion * (sp[nxt - 1] - sp[nxt]))
        return np.array(out_thr), np.array(out_se), np.array(out_sp)

    # ---- printing ------------------------------------------------------------

    def _data_line(self) -> str:
        low, high = (_r_label(v) for v in self.levels)
        return (
            f"Data: {self.predictor_name} in {self.controls.size} controls "
            f"({self.response_name} {low}) {self.direction} {self.cases.size} cases "
            f"({self.response_name} {high})."
        )

    def to_string(self) -> str:
        """The curve as pROC's ``print(roc(...))`` shows it.

        Returns
        -------
        str

        Examples
        --------
        >>> from skcnn.metrics import roc
        >>> print(roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).to_string())
        <BLANKLINE>
        Call:
        roc(y_true, y_score)
        <BLANKLINE>
        Data: y_score in 2 controls (y_true 0) < 2 cases (y_true 1).
        Area under the curve: 0.75
        """
        return "\n".join(["", "Call:", self.call, "", self._data_line(), _auc_line(self.auc)])

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _frozen(values: np.ndarray) -> np.ndarray:
    values = np.array(values, dtype=float)
    values.flags.writeable = False
    return values


def _check_bounds(bounds) -> tuple[float, float]:
    try:
        pair = [float(v) for v in bounds]
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be two numbers, e.g. (1, 0.9), got {bounds!r}.") from None
    if len(pair) != 2 or not all(0 <= v <= 1 for v in pair) or pair[0] == pair[1]:
        raise ValueError(
            f"bounds must be two different numbers within [0, 1], e.g. (1, 0.9), got {bounds!r}."
        )
    hi, lo = sorted(pair, reverse=True)
    return hi, lo


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 <= level <= 1:
        raise ValueError(f"level must be a number within [0, 1], e.g. 0.95, got {level!r}.")
    return float(level)


def _check_ret(ret) -> list[str]:
    names = [ret] if isinstance(ret, str) else list(ret)
    unknown = [r for r in names if r not in _COORDS]
    if unknown or not names:
        raise ValueError(f"ret has unknown coordinate(s) {unknown}; choose from {list(_COORDS)}.")
    return names


def _check_weights(weights) -> float:
    """pROC's best.weights as its ratio r = (1 - prevalence) / (cost * prevalence)."""
    try:
        cost, prevalence = (float(v) for v in weights)
    except (TypeError, ValueError):
        raise ValueError(f"best_weights must be two numbers, got {weights!r}.") from None
    if not 0 < prevalence < 1:
        raise ValueError(
            f"best_weights[1] is the prevalence and must be within (0, 1), got {prevalence!r}."
        )
    return (1 - prevalence) / (cost * prevalence)


def _optim_crit(se, sp, r, method):
    if method == "youden":
        return se + r * sp
    return -((1 - se) ** 2 + r * (1 - sp) ** 2)


def _calc_coords(thr, se, sp, n_cases, n_controls, r) -> dict:
    """roc.utils.calc.coords: every coordinate pROC derives from se and sp."""
    thr, se, sp = (np.asarray(v, dtype=float) for v in (thr, se, sp))
    tp = se * n_cases
    fn = n_cases - tp
    tn = sp * n_controls
    fp = n_controls - tn
    with np.errstate(divide="ignore", invalid="ignore"):
        npv = tn / (tn + fn)
        ppv = tp / (tp + fp)
        accuracy = (tp + tn) / (n_cases + n_controls)
        fnr = fn / (tp + fn)
        fdr = fp / (tp + fp)
    return {
        "threshold": thr,
        "sensitivity": se,
        "specificity": sp,
        "accuracy": accuracy,
        "tn": tn,
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "npv": npv,
        "ppv": ppv,
        "tpr": se,
        "tnr": sp,
        "fpr": 1 - sp,
        "fnr": fnr,
        "fdr": fdr,
        "1-specificity": 1 - sp,
        "1-sensitivity": 1 - se,
        "1-accuracy": 1 - accuracy,
        "1-npv": 1 - npv,
        "1-ppv": 1 - ppv,
        "precision": ppv,
        "recall": se,
        "youden": _optim_crit(se, sp, r, "youden"),
        "closest.topleft": -_optim_crit(se, sp, r, "closest.topleft"),
    }


# --------------------------------------------------------------------------
# roc()
# --------------------------------------------------------------------------


def roc(y_true, y_score, levels=None, direction="auto") -> ROCCurve:
    """A ROC curve, as pROC's ``roc(response, predictor)``.

    Controls are the first level and cases the second; a sample counts as
    positive above (direction ``"<"``) or below (``">"``) a threshold.
    Samples with a missing label or score are dropped, as pROC's ``na.rm``
    does, and so are samples whose label is neither level.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels of any type (strings, ints, bools, a pandas Categorical). A
        named pandas Series lends its name to the print.
    y_score : array-like of shape (n_samples,)
        Scores: the probability of the case level, or any decision value.
    levels : pair, optional
        ``(control, case)`` as pROC's ``levels = c(control, case)``, e.g. an
        estimator's ``classes_``. By default the sorted labels (a Categorical's
        categories); with more than two, the first two and a warning.
    direction : {"auto", "<", ">"}, default="auto"
        ``"<"``: controls score lower than cases. ``"auto"`` picks ``"<"`` when
        the controls' median is at most the cases' median, as pROC does (so the
        AUC is usually, though not always, at least 0.5).

    Returns
    -------
    ROCCurve

    Raises
    ------
    ValueError
        For a single class, scores of the wrong length or shape, infinite or
        non-numeric scores, levels that are not a pair of labels found in
        ``y_true``, or an unknown ``direction``.

    See Also
    --------
    roc_test : DeLong's test of two curves.
    multiclass_roc : Hand and Till's multi-class AUC.

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> y = ["neg", "neg", "neg", "pos", "pos", "pos"]
    >>> r = roc(y, [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
    >>> round(r.auc, 6)
    0.777778
    >>> print(r)
    <BLANKLINE>
    Call:
    roc(y_true, y_score)
    <BLANKLINE>
    Data: y_score in 3 controls (y_true neg) < 3 cases (y_true pos).
    Area under the curve: 0.7778
    >>> roc([True, False, True, False], [0.9, 0.2, 0.6, 0.7], levels=[False, True]).auc
    0.75
    """
    if direction not in _DIRECTIONS:
        raise ValueError(f"direction must be one of {list(_DIRECTIONS)}, got {direction!r}.")
    response_name = _series_name(y_true, "y_true")
    predictor_name = _series_name(y_score, "y_score")
    response, missing, categories = _response(y_true)
    scores = _scores(y_score, response.size)
    keep = ~missing & ~np.isnan(scores)
    observed = list(dict.fromkeys(response[keep].tolist()))
    if levels is None:
        pair = _default_levels(observed, categories)
    else:
        pair = _check_levels(levels, observed)
    controls = scores[keep & _in_levels(response, pair[0])]
    cases = scores[keep & _in_levels(response, pair[1])]
    for role, level, group in (("control", pair[0], controls), ("case", pair[1], cases)):
        if group.size == 0:
            raise ValueError(
                f"No {role} observation: no sample labelled {level!r} has a score (after "
                "missing values are dropped); pass levels that occur in y_true."
            )
    call = [response_name, predictor_name]
    if levels is not None:
        call.append(f"levels={_python_repr(tuple(pair))}")
    if direction != "auto":
        call.append(f"direction={direction!r}")
    else:
        direction = "<" if np.median(controls) <= np.median(cases) else ">"
    return ROCCurve(
        controls,
        cases,
        levels=pair,
        direction=direction,
        response_name=response_name,
        predictor_name=predictor_name,
        call=f"roc({', '.join(call)})",
        _origin=(response, scores),
    )


# --------------------------------------------------------------------------
# roc_test()
# --------------------------------------------------------------------------


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
        parts = [f"{self.statistic_name} = {_r_format([self.statistic], 5)[0]}"]
        if self.df is not None:
            parts.append(f"df = {_r_format([self.df], 5)[0]}")
        p = _r_format_pval([self.p_value], 4)[0]
        parts.append("p-value " + (p if p.startswith("<") else f"= {p}"))
        lines.extend(textwrap.wrap(", ".join(parts), 71))
        alt = {"two.sided": "not equal to", "less": "less than", "greater": "greater than"}
        lines.append(f"alternative hypothesis: true difference in AUC is {alt[self.alternative]} 0")
        if self.conf_int is not None:
            lines.append(f"{_r_format([100 * self.level], 7)[0]} percent confidence interval:")
            lines.append(" " + " ".join(_r_format(list(self.conf_int), 7)))
        lines.append("sample estimates:")
        lines.extend(_named_vector_lines(list(self.estimate.index), list(self.estimate)))
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


# --------------------------------------------------------------------------
# multiclass_roc()
# --------------------------------------------------------------------------


class MulticlassROC:
    """pROC's ``multiclass.roc`` of per-class probabilities (Hand and Till, 2001).

    Attributes
    ----------
    auc : float
        Hand and Till's multi-class AUC: the mean over pairs of classes (i, j)
        of (A(i|j) + A(j|i)) / 2.
    levels : list
        The classes compared, in the order of the probability columns.
    rocs : dict
        ``"i/j"`` -> (curve of column i, class i against j; curve of column j,
        class j against i), each with direction ">" (the class of the column
        scores higher), as pROC's ``rocs``.

    Examples
    --------
    >>> from skcnn.metrics import multiclass_roc
    >>> y = ["a", "a", "b", "b", "c", "c"]
    >>> proba = [[0.8, 0.1, 0.1], [0.5, 0.3, 0.2], [0.2, 0.7, 0.1],
    ...          [0.3, 0.3, 0.4], [0.1, 0.2, 0.7], [0.2, 0.2, 0.6]]
    >>> m = multiclass_roc(y, proba)
    >>> round(m.auc, 6), list(m.rocs)
    (0.979167, ['a/b', 'a/c', 'b/c'])
    """

    def __init__(self, levels, rocs, response_name, predictor_name, call):
        self.levels = list(levels)
        self.rocs = dict(rocs)
        self.response_name = response_name
        self.predictor_name = predictor_name
        self.call = call
        c = len(self.levels)
        total = sum((a.auc + b.auc) / 2 for a, b in self.rocs.values())
        self.auc = float(2 / (c * (c - 1)) * total)

    def to_string(self) -> str:
        """The result as pROC's ``print(multiclass.roc(...))`` shows it.

        Returns
        -------
        str
        """
        levels = ", ".join(_r_label(v) for v in self.levels)
        return "\n".join(
            [
                "",
                "Call:",
                self.call,
                "",
                f"Data: multivariate predictor {self.predictor_name} with {len(self.levels)} "
                f"levels of {self.response_name}: {levels}.",
                f"Multi-class area under the curve: {_cat(_r_signif(self.auc, _DIGITS))}",
            ]
        )

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def multiclass_roc(y_true, proba, levels=None) -> MulticlassROC:
    """Hand and Till's multi-class AUC, as pROC's ``multiclass.roc(response, probs)``.

    For each pair of classes (i, j), A(i|j) is the AUC of the probability of
    class i between the samples of class i and those of class j; the result is
    the mean of (A(i|j) + A(j|i)) / 2 over all pairs.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels; a named pandas Series lends its name to the print.
    proba : array-like of shape (n_samples, n_classes) or pandas.DataFrame
        Per-class probabilities, such as ``predict_proba(X)``. An array's
        columns are ``levels`` (by default the sorted labels, as an estimator's
        ``classes_``); a DataFrame's columns are matched to the levels by name,
        as pROC matches a data.frame's column names (with its warnings for
        columns or levels without a partner).
    levels : sequence, optional
        Classes to compare (by default all labels of ``y_true``).

    Returns
    -------
    MulticlassROC

    Raises
    ------
    ValueError
        For fewer than two classes, a wrong number of rows or columns,
        non-finite probabilities, or levels without samples.

    Examples
    --------
    >>> import numpy as np
    >>> from skcnn.metrics import multiclass_roc
    >>> y = np.array([0, 0, 1, 1, 2, 2])
    >>> proba = np.array([[0.8, 0.1, 0.1], [0.5, 0.3, 0.2], [0.2, 0.7, 0.1],
    ...                   [0.3, 0.3, 0.4], [0.1, 0.2, 0.7], [0.2, 0.2, 0.6]])
    >>> print(multiclass_roc(y, proba))
    <BLANKLINE>
    Call:
    multiclass_roc(y_true, proba)
    <BLANKLINE>
    Data: multivariate predictor proba with 3 levels of y_true: 0, 1, 2.
    Multi-class area under the curve: 0.9792
    """
    response_name = _series_name(y_true, "y_true")
    response, missing, categories = _response(y_true)
    observed = list(dict.fromkeys(response[~missing].tolist()))
    if len(observed) < 2:
        raise ValueError(
            f"y_true must have at least two classes, got {observed}; a ROC curve needs both."
        )
    if levels is None:
        try:
            wanted = list(categories) if categories is not None else sorted(observed)
        except TypeError:
            raise ValueError(
                "y_true mixes label types that cannot be sorted; pass levels=[...]."
            ) from None
    else:
        wanted = [_native(v) for v in levels]
    columns, matrix = _proba_columns(proba, wanted, response.size, levels is not None)
    empty = [c for c in columns if c not in observed]
    if empty:
        raise ValueError(
            f"levels {empty} have no samples in y_true (its labels are {observed}); "
            "drop them from levels (or the probability columns)."
        )
    rocs = {}
    for i, j in itertools.combinations(range(len(columns)), 2):
        a, b = columns[i], columns[j]
        rocs[f"{_r_label(a)}/{_r_label(b)}"] = (
            _pair_curve(response, matrix[:, i], a, b),
            _pair_curve(response, matrix[:, j], b, a),
        )
    call = (
        "multiclass_roc("
        + ", ".join([response_name, "proba"])
        + (f", levels={_python_repr(tuple(wanted))}" if levels is not None else "")
        + ")"
    )
    return MulticlassROC(columns, rocs, response_name, "proba", call)


def _proba_columns(proba, wanted, n, levels_given):
    """The probability columns matched to the levels, as multiclass.roc.multivariate."""
    if isinstance(proba, pd.DataFrame):
        names = [_native(c) for c in proba.columns]
        labels = [_r_label(c) for c in names]
        wanted_labels = [_r_label(v) for v in wanted]
        matched = [k for k, lab in enumerate(labels) if lab in wanted_labels]
        missing = [w for w, lab in zip(wanted, wanted_labels, strict=True) if lab not in labels]
        extra = [names[k] for k, lab in enumerate(labels) if lab not in wanted_labels]
        if not matched:
            raise ValueError(
                f"None of proba's columns {names} matches a level of y_true {wanted}; name "
                "the columns after the classes (e.g. columns=clf.classes_)."
            )
        if len(matched) == 1:
            raise ValueError(
                f"Only column {names[matched[0]]!r} of proba matches a level; for a single "
                "score use roc(y_true, score)."
            )
        if missing:
            warnings.warn(
                f"proba has no column for the class(es) {missing}; they are left out.",
                UserWarning,
                stacklevel=3,
            )
        if extra:
            warnings.warn(
                f"proba's column(s) {extra} are not levels of y_true; they are left out.",
                UserWarning,
                stacklevel=3,
            )
        by_label = {_r_label(v): v for v in wanted}
        columns = [by_label[labels[k]] for k in matched]
        matrix = np.asarray(proba.iloc[:, matched], dtype=float)
    else:
        matrix = np.asarray(proba, dtype=float)
        if matrix.ndim != 2:
            raise ValueError(
                f"proba must be 2-D (n_samples, n_classes), got shape {matrix.shape}; for "
                "one score per sample use roc(y_true, score)."
            )
        if matrix.shape[1] != len(wanted):
            hint = "levels" if levels_given else "the sorted labels of y_true"
            raise ValueError(
                f"proba has {matrix.shape[1]} columns but there are {len(wanted)} levels "
                f"({hint}: {wanted}); pass levels naming the columns in order (e.g. "
                "clf.classes_) or a DataFrame with the classes as column names."
            )
        columns = list(wanted)
    if len(columns) < 2:
        raise ValueError("multiclass_roc needs at least two classes; pass more levels.")
    if matrix.shape[0] != n:
        raise ValueError(
            f"proba has {matrix.shape[0]} rows but y_true has {n} labels; pass one row of "
            "probabilities per sample."
        )
    if not np.all(np.isfinite(matrix)):
        raise ValueError("proba has missing or infinite values; pass finite probabilities.")
    return columns, matrix


def _pair_curve(response, scores, control, case) -> ROCCurve:
    """compute.pair.AUC: class ``control`` against ``case`` on ``control``'s column."""
    controls = scores[_in_levels(response, control)]
    cases = scores[_in_levels(response, case)]
    return ROCCurve(
        controls,
        cases,
        levels=(control, case),
        direction=">",
        predictor_name=f"proba[, {_r_label(control)!r}]",
    )
