"""pROC's ``roc`` and ``auc``: the ROC curve, its AUC and partial AUC, number
for number.

Every step follows pROC 1.18.0's R and C++ sources (:mod:`._roc_utils` holds
the arithmetic). The ROC analysis is split as pROC splits it, one module per
user-facing function: this one (``roc``, ``auc``), :mod:`._roc_ci`
(``ci.auc``), :mod:`._coords` (``coords``), :mod:`._roc_test` (``roc.test``) and
:mod:`._multiclass_roc` (``multiclass.roc``). The prints read like pROC's; the
tests compare both with output that R itself produced
(``tests/r/make_proc_fixtures.R``).

Controls are the first level and cases the second, as in pROC's
``levels = c(control, case)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import cat, r_label, r_signif
from ._coords import _curve_coords
from ._roc_ci import _ci_auc
from ._roc_utils import _DIGITS, _build, _mcclish, _partial_auc, _trapezoid

__all__ = ["AUC", "ROCCurve", "roc"]

_DIRECTIONS = ("auto", "<", ">")
_FOCUS = ("specificity", "sensitivity")


# --------------------------------------------------------------------------
# pROC's auc object and its print.auc
# --------------------------------------------------------------------------


def _auc_line(value: float, partial=None, focus="specificity", correct=False, percent=False) -> str:
    """pROC's print.auc: the line "Area under the curve: 0.7314"."""
    unit = "%" if percent else ""
    shown = cat(r_signif(float(value), _DIGITS)) + unit
    if partial is None:
        return f"Area under the curve: {shown}"
    head = "Corrected partial" if correct else "Partial"
    low, high = (cat(float(v)) + unit for v in partial)
    return f"{head} area under the curve ({focus} {low}-{high}): {shown}"


class AUC(float):
    """An area under the curve as pROC's ``auc`` object: a float that prints like R.

    It is the number itself (arithmetic, comparisons, ``repr`` and formatting
    are those of a float); ``str()`` and ``print()`` read like pROC's
    ``print.auc``. :attr:`ROCCurve.auc` and :meth:`ROCCurve.auc_partial`
    return one.

    Attributes
    ----------
    partial : tuple of float or None
        The bounds of a partial AUC, high first (pROC's ``partial.auc``, in
        percent when :attr:`percent`), None for the full area.
    focus : {"specificity", "sensitivity"}
        The axis ``partial`` applies to (pROC's ``partial.auc.focus``).
    correct : bool
        Whether McClish's correction was applied (``partial.auc.correct``).
    percent : bool
        Whether the value is in percent, as the curve it came from.

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> r = roc([0, 0, 0, 1, 1, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.9])
    >>> r.auc
    0.7777777777777778
    >>> print(r.auc)
    Area under the curve: 0.7778
    >>> print(r.auc_partial((1, 0.8), correct=True))
    Corrected partial area under the curve (specificity 1-0.8): 0.8148
    >>> round(r.auc * 2, 4)
    1.5556
    """

    partial: tuple[float, float] | None
    focus: str
    correct: bool
    percent: bool

    def __new__(cls, value=0.0, partial=None, focus="specificity", correct=False, percent=False):
        self = super().__new__(cls, value)
        self.partial = None if partial is None else (float(partial[0]), float(partial[1]))
        self.focus = focus
        self.correct = bool(correct)
        self.percent = bool(percent)
        return self

    def __reduce__(self):
        return (AUC, (float(self), self.partial, self.focus, self.correct, self.percent))

    def __repr__(self) -> str:
        return float.__repr__(self)

    def __format__(self, spec: str) -> str:
        return format(float(self), spec)

    def to_string(self) -> str:
        """The line of pROC's ``print.auc``.

        Returns
        -------
        str

        Examples
        --------
        >>> from skcnn.metrics import roc
        >>> r = roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], percent=True)
        >>> r.auc.to_string()
        'Area under the curve: 75%'
        """
        return _auc_line(self, self.partial, self.focus, self.correct, self.percent)

    def __str__(self) -> str:
        return self.to_string()


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
        categories = [native(c) for c in dtype.categories]
    values = np.asarray(y_true, dtype=object)
    if values.ndim != 1:
        raise ValueError(
            f"y_true must be 1-D labels, got shape {values.shape}; pass one label per sample."
        )
    if values.size == 0:
        raise ValueError("y_true is empty; pass at least one label per class.")
    values = np.array([native(v) for v in values], dtype=object)
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
    pair = tuple(native(v) for v in levels)
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


def _python_repr(value: Any) -> str:
    value = native(value)
    return repr(list(value)) if isinstance(value, tuple) else repr(value)


# --------------------------------------------------------------------------
# The curve
# --------------------------------------------------------------------------


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
    percent : bool
        Whether sensitivities, specificities and AUCs are in percent (pROC's
        ``percent = TRUE``).
    auc : AUC
        The area under the curve: a float that prints like pROC's ``auc``.
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
        percent=False,
        _origin=None,
    ):
        self.controls = _frozen(np.asarray(controls, dtype=float))
        self.cases = _frozen(np.asarray(cases, dtype=float))
        self.levels = tuple(levels)
        self.direction = direction
        self.response_name = response_name
        self.predictor_name = predictor_name
        self.call = call or f"roc({response_name}, {predictor_name})"
        self.percent = bool(percent)
        thresholds, se, sp = _build(self.controls, self.cases, direction)
        if self.percent:  # roc.cc.nochecks: se * 100, sp * 100
            se, sp = se * 100, sp * 100
        self.thresholds = _frozen(thresholds)
        self.sensitivities = _frozen(se)
        self.specificities = _frozen(sp)
        auc = _trapezoid(se, sp)
        self._auc = AUC(auc / 100 if self.percent else auc, percent=self.percent)
        self._origin = _origin  # (response, scores) as given, for pairing in roc_test

    @property
    def auc(self) -> AUC:
        """The area under the curve (pROC's ``auc(r)``): an :class:`AUC`, a float."""
        return self._auc

    # ---- partial AUC -------------------------------------------------------

    def auc_partial(self, bounds=None, focus="specificity", correct=False) -> AUC:
        """Partial area under the curve, as pROC's ``auc(r, partial.auc = ...)``.

        Parameters
        ----------
        bounds : pair of float, default=(1, 0.9)
            The interval of specificity (or sensitivity) to integrate over, in
            any order, within [0, 1]; in percent (within [0, 100], default
            (100, 90)) for a curve built with ``percent=True``, as pROC's.
        focus : {"specificity", "sensitivity"}, default="specificity"
            Which axis ``bounds`` applies to.
        correct : bool, default=False
            McClish's correction: 0.5 for a curve on the diagonal, 1 for a
            perfect one. Undefined (NaN, with a warning) below the diagonal.

        Returns
        -------
        AUC
            A float; ``print`` shows pROC's line, e.g. "Partial area under the
            curve (specificity 1-0.8): 0.1333". The corrected area is NaN (with
            a warning) below the diagonal, where pROC's is NA.

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
        >>> print(r.auc_partial((1, 0.8)))
        Partial area under the curve (specificity 1-0.8): 0.1333
        """
        return _partial_auc_of(self, bounds, focus, correct)

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
        return _ci_auc(self, level, method, n_boot, random_state)

    # ---- coordinates ---------------------------------------------------------

    def coords(
        self,
        x="best",
        input="threshold",
        ret=("threshold", "specificity", "sensitivity"),
        best_method="youden",
        best_weights=(1, 0.5),
        transpose=False,
        drop=None,
    ) -> pd.DataFrame | pd.Series:
        """Coordinates of the curve, as pROC's ``coords(r, x, ...)``.

        Parameters
        ----------
        x : "best", "all", "local maximas", None or array-like of float, default="best"
            "best": the threshold(s) that maximise ``best_method`` (every tied
            one, as pROC returns them); "all" (or None, pROC's missing ``x``):
            every threshold; "local maximas": the points of the curve that no
            neighbour dominates, as pROC's; numbers: values of ``input``. Names
            may be shortened as R's ``match.arg`` allows ("b", "local").
        input : str, default="threshold"
            What numeric ``x`` holds: "threshold" or any monotone coordinate,
            as pROC 1.18 accepts: "specificity", "sensitivity", "tn", "tp",
            "fn", "fp", "tpr", "tnr", "fpr", "fnr", "1-specificity",
            "1-sensitivity", "recall". A non-monotone one (accuracy, npv, ppv,
            precision, ...) raises pROC's error. Between two points of the curve
            sensitivity and specificity are interpolated; the threshold is NaN
            (pROC's NA) there, and for every input but threshold, sensitivity
            and specificity, as in pROC.
        ret : str or sequence of str, default=("threshold", "specificity", "sensitivity")
            Columns to return, named as pROC's: "threshold", "specificity",
            "sensitivity", "accuracy", "tn", "tp", "fn", "fp", "npv", "ppv",
            "fdr", "fpr", "tpr", "tnr", "fnr", "1-specificity",
            "1-sensitivity", "1-accuracy", "1-npv", "1-ppv", "precision",
            "recall", "youden", "closest.topleft"; or "all" for all of them in
            that order. pROC's aliases "t", "topleft", "npe" (1-npv) and "ppe"
            (1-ppv), and unique prefixes, are accepted.
        best_method : {"youden", "closest.topleft"}, default="youden"
            ("topleft" is an alias.)
        best_weights : pair of float, default=(1, 0.5)
            pROC's ``best.weights``: the relative cost of a false negative and
            the prevalence.
        transpose : bool, default=False
            pROC's ``transpose``: one row per ``ret`` entry, one column per point.
        drop : bool, optional
            pROC's ``drop``: a single column (or a single row) comes back as a
            Series. By default True when ``transpose``, else False, as pROC's
            data.frame result.

        Returns
        -------
        pandas.DataFrame or pandas.Series
            One row per coordinate, one column per ``ret`` entry (transposed
            with ``transpose``); in percent where the curve is
            (``percent=True``), as pROC's.

        Notes
        -----
        Differences from pROC: ``as.list`` (deprecated in pROC) and
        ``as.matrix`` are not offered (a DataFrame is the one result); where
        pROC's data.frame ``drop`` returns an unnamed number or a list, a Series
        is returned; ``x`` defaults to "best" (pROC's missing ``x`` is "all");
        a curve carries no partial AUC of its own, so "all", "best" and "local
        maximas" always cover the whole curve.

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
        >>> r.coords("local maximas")
           threshold  specificity  sensitivity
        0        0.2     0.333333     1.000000
        1        0.6     1.000000     0.666667
        >>> r.coords(0.5, input="fpr", ret=["threshold", "tpr", "fpr"])
           threshold       tpr  fpr
        0        NaN  0.666667  0.5
        >>> r.coords("best", ret="all", transpose=True).loc[["accuracy", "youden"]]
        accuracy    0.833333
        youden      1.666667
        dtype: float64
        """
        return _curve_coords(
            self, x, input, ret, best_method, best_weights, transpose=transpose, drop=drop
        )

    # ---- printing ------------------------------------------------------------

    def _data_line(self) -> str:
        low, high = (r_label(v) for v in self.levels)
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
        return "\n".join(["", "Call:", self.call, "", self._data_line(), str(self.auc)])

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _frozen(values: np.ndarray) -> np.ndarray:
    values = np.array(values, dtype=float)
    values.flags.writeable = False
    return values


def _partial_auc_of(curve, bounds, focus, correct) -> AUC:
    """pROC's auc(x, partial.auc = ...) of any curve with ``sensitivities``,
    ``specificities`` and ``percent`` (a ROC curve or a smoothed one)."""
    if bounds is None:
        bounds = (100, 90) if curve.percent else (1, 0.9)
    bounds = _check_bounds(bounds, curve.percent)
    if focus not in _FOCUS:
        raise ValueError(f"focus must be one of {list(_FOCUS)}, got {focus!r}.")
    value = _partial_auc(curve.sensitivities, curve.specificities, bounds, focus)
    if curve.percent:
        value = value / 100
    if correct:
        value = _mcclish(value, bounds, curve.percent)
    return AUC(value, partial=bounds, focus=focus, correct=correct, percent=curve.percent)


def _check_bounds(bounds, percent=False) -> tuple[float, float]:
    top, example = (100, "(100, 90)") if percent else (1, "(1, 0.9)")
    try:
        pair = [float(v) for v in bounds]
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be two numbers, e.g. {example}, got {bounds!r}.") from None
    if len(pair) != 2 or not all(0 <= v <= top for v in pair) or pair[0] == pair[1]:
        unit = " (the curve is in percent)" if percent else ""
        raise ValueError(
            f"bounds must be two different numbers within [0, {top}]{unit}, e.g. {example}, "
            f"got {bounds!r}."
        )
    hi, lo = sorted(pair, reverse=True)
    return hi, lo


# --------------------------------------------------------------------------
# roc()
# --------------------------------------------------------------------------


def roc(y_true, y_score, levels=None, direction="auto", percent=False) -> ROCCurve:
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
    percent : bool, default=False
        pROC's ``percent = TRUE``: sensitivities, specificities, AUCs, partial
        AUC bounds, coordinates and confidence intervals in percent (0-100), and
        printed with a "%".

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
    >>> print(roc(y, [0.1, 0.4, 0.35, 0.8, 0.3, 0.9], percent=True).auc)
    Area under the curve: 77.78%
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
    if not isinstance(percent, bool | np.bool_):
        raise ValueError(f"percent must be True or False, got {percent!r}.")
    if percent:
        call.append("percent=True")
    return ROCCurve(
        controls,
        cases,
        levels=pair,
        direction=direction,
        response_name=response_name,
        predictor_name=predictor_name,
        call=f"roc({', '.join(call)})",
        percent=bool(percent),
        _origin=(response, scores),
    )
