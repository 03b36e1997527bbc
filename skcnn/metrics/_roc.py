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

__all__ = ["ROCCurve", "roc"]

_DIRECTIONS = ("auto", "<", ">")
_FOCUS = ("specificity", "sensitivity")


# --------------------------------------------------------------------------
# pROC's print.auc
# --------------------------------------------------------------------------


def _auc_line(value: float, partial=None, focus="specificity", correct=False) -> str:
    """pROC's print.auc: the line "Area under the curve: 0.7314"."""
    shown = cat(r_signif(value, _DIGITS))
    if partial is None:
        return f"Area under the curve: {shown}"
    head = "Corrected partial" if correct else "Partial"
    return f"{head} area under the curve ({focus} {cat(partial[0])}-{cat(partial[1])}): {shown}"


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
        return _ci_auc(self, level, method, n_boot, random_state)

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
        return _curve_coords(self, x, input, ret, best_method, best_weights)

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
