"""caret's single statistics and R's ``mcnemar.test`` for two classifiers.

``sensitivity``, ``specificity``, ``pos_pred_value``, ``neg_pred_value``,
``precision``, ``recall`` and ``f_meas`` are caret's functions of the same names
(``posPredValue``, ``F_meas``, ...). Each takes either two label vectors, as
caret's default methods (``data`` = predictions first, then ``reference`` = the
truth), or one table of counts with rows = Prediction and columns = Reference,
as caret's table methods. Where caret answers NA (a denominator of zero) or NaN
(0/0), the functions return ``float("nan")``.

Where caret 6.0-93 departs from what it means, skcnn does what caret means:
for a table of more than two classes caret's table methods evaluate their
default level (``rownames(data)[1]``) only after pooling the table, so the
default call answers NA whatever the counts; here the default is the first
level (caret's answer when that level is named). And caret's matrix methods
drop ``positive``; here every table honours it.

``mcnemar_test`` compares two classifiers on one test set: R's ``mcnemar.test``
on the 2x2 table of which samples each got right.

The tests compare every number and print with output of R itself
(``tests/r/make_caret_extra_fixtures.R``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import r_format, r_format_pval
from ._caret import (
    _as_float,
    _check_probability,
    _f_meas,
    _match_level,
    _mcnemar,
    _pred_values,
    _ratio,
)
from ._labels import (
    _as_labels,
    _check_same_length,
    _codes,
    _label_vector,
    _shared_levels,
)
from ._table import RTable, _make_table, _table_counts

__all__ = [
    "McNemarTest",
    "f_meas",
    "mcnemar_test",
    "neg_pred_value",
    "pos_pred_value",
    "precision",
    "recall",
    "sensitivity",
    "specificity",
]


# --------------------------------------------------------------------------
# Inputs: two label vectors or one table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    """Counts with rows = prediction and columns = reference, over ``levels``.

    For label vectors there is one more row and column, last, for missing
    labels (caret's ``na.rm = FALSE`` counts them); tables have none.
    """

    counts: np.ndarray
    levels: list
    from_vectors: bool

    @property
    def complete(self) -> np.ndarray:
        """The counts without missing labels (R's ``table()`` drops them)."""
        k = len(self.levels)
        return self.counts[:k, :k]


def _is_table(data: Any) -> bool:
    return isinstance(data, pd.DataFrame) or np.ndim(data) == 2


def _vector(y: Any, name: str) -> tuple[np.ndarray, list | None, np.ndarray]:
    """Labels as a 1-D array, a Categorical's categories, and where they are missing."""
    values, categories = _label_vector(y, name)
    return values, categories, np.asarray(pd.isna(values), dtype=bool)


def _vector_counts(data, reference, labels) -> _Counts:
    """caret's two factors: exactly two levels, missing labels counted apart."""
    pred, pred_cats, pred_na = _vector(data, "data")
    truth, truth_cats, truth_na = _vector(reference, "reference")
    _check_same_length(pred, truth, ("data", "reference"))
    levels = _shared_levels(truth[~truth_na], truth_cats, pred[~pred_na], pred_cats, labels)
    if len(levels) != 2:
        raise ValueError(
            f"data and reference must have the same two levels, got {len(levels)}: "
            f'{levels} (caret: "input data must have the same two levels"); name both '
            "with `labels`, or pass a table of counts for more classes."
        )
    rows = np.full(pred.shape, 2)
    cols = np.full(truth.shape, 2)
    rows[~pred_na] = _codes(pred[~pred_na], levels, "data")
    cols[~truth_na] = _codes(truth[~truth_na], levels, "reference")
    counts = np.bincount(rows * 3 + cols, minlength=9).reshape(3, 3)
    return _Counts(counts, levels, from_vectors=True)


def _inputs(data, reference, labels, level_arg: str) -> _Counts:
    if _is_table(data):
        if reference is not None:
            raise ValueError(
                f"data is a table of counts, so reference must be left out; name the "
                f"class with {level_arg}=... (caret's table methods take it second)."
            )
        if labels is not None:
            raise ValueError("labels is for label vectors; a table names its own levels.")
        counts, levels, _ = _table_counts(data, "data")
        return _Counts(counts, levels, from_vectors=False)
    if reference is None:
        raise ValueError(
            "reference is missing: pass the true classes as reference (data holds the "
            "predictions), or pass a table of counts (rows = Prediction, columns = "
            "Reference) as data."
        )
    return _vector_counts(data, reference, labels)


def _level_mask(value: Any, default: list[int], levels: list, name: str) -> np.ndarray:
    """The levels ``value`` names (one level, or a list of levels), as a mask."""
    if value is None:
        chosen = default
    else:
        wanted = list(value) if isinstance(value, list | tuple | set | np.ndarray) else [value]
        chosen = []
        for item in wanted:
            i = _match_level(native(item), levels)
            if i is None:
                raise ValueError(
                    f"{name}={item!r} is not one of the levels {levels}; pass one of them."
                )
            chosen.append(i)
    mask = np.zeros(len(levels), dtype=bool)
    mask[chosen] = True
    if mask.all() or not mask.any():
        raise ValueError(
            f"{name} must name some of the levels {levels} and leave at least one out, "
            f"got {value!r}."
        )
    return mask


def _masks(counts: _Counts, mask: np.ndarray) -> np.ndarray:
    """``mask`` over the rows and columns of ``counts`` (missing labels: never in it)."""
    return np.append(mask, False) if counts.from_vectors else mask


def _sens(counts: np.ndarray, pos: np.ndarray):
    """caret: sum(data %in% positive & reference %in% positive) / sum(reference %in% positive)."""
    return _ratio(int(counts[np.ix_(pos, pos)].sum()), int(counts[:, pos].sum()))


def _prevalence(c: _Counts, pos: np.ndarray, prevalence: Any) -> float:
    """caret's default prevalence: the positive share of the reference.

    For vectors that is ``mean(reference == positive)``, which is NA when the
    reference has a missing label.
    """
    if prevalence is not None:
        return _check_probability(prevalence, "prevalence")
    if c.from_vectors and c.counts[:, -1].sum() > 0:
        return math.nan
    full = _masks(c, pos)
    return int(c.counts[:, full].sum()) / int(c.counts.sum())


def _check_na_rm(na_rm: Any) -> bool:
    if not isinstance(na_rm, bool | np.bool_):
        raise ValueError(f"na_rm must be True or False, got {na_rm!r}.")
    return bool(na_rm)


def _sens_counts(c: _Counts, pos: np.ndarray, na_rm: bool) -> tuple[np.ndarray, np.ndarray]:
    """The counts sensitivity and specificity read, and the mask over them."""
    return (c.complete, pos) if na_rm else (c.counts, _masks(c, pos))


# --------------------------------------------------------------------------
# caret's single statistics
# --------------------------------------------------------------------------


def sensitivity(data, reference=None, positive=None, *, labels=None, na_rm=True) -> float:
    """caret's ``sensitivity()``: the share of the positive class found.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes (caret's ``data``); or a square table of counts
        with rows = Prediction and columns = Reference (a DataFrame, or an
        array whose levels are then "A", "B", ... as R's ``as.table()``).
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    positive : object or list, optional
        The positive class; by default the first level (of ``reference``, or
        the table's first row). For a table of more than two classes the rest
        form the negative class, and a list of levels pools several.
    labels : array-like, optional
        The two levels in order, for label vectors (R's factor levels). By
        default the sorted union of both vectors, or a Categorical's categories.
    na_rm : bool, default True
        Drop samples with a missing label in either vector first. With False,
        a missing prediction of a positive sample counts as a miss, as caret
        does.

    Returns
    -------
    float
        ``TP / (TP + FN)``; NaN where caret answers NA (no positive sample).

    Raises
    ------
    ValueError
        For vectors without exactly two levels, of different lengths, a
        ``positive`` that is not a level, or a table caret would refuse.

    Notes
    -----
    For a table of more than two classes caret's ``sensitivity(tab)`` is NA
    (its default level is read after the table is pooled); here it is
    ``sensitivity(tab, positive = rownames(tab)[1])``, which is what that
    default means. The same holds for the other functions here but
    ``f_meas``, whose caret default works.

    See Also
    --------
    specificity, pos_pred_value, confusion_matrix_report

    Examples
    --------
    >>> from skcnn.metrics import sensitivity
    >>> pred = ["yes", "yes", "no", "no", "yes"]
    >>> truth = ["yes", "no", "yes", "no", "yes"]
    >>> round(sensitivity(pred, truth, positive="yes"), 4)
    0.6667
    >>> sensitivity([[20, 5], [10, 65]])  # rows = Prediction; levels A, B
    0.6666666666666666
    >>> sensitivity(pred, truth, positive="maybe")
    Traceback (most recent call last):
    ...
    ValueError: positive='maybe' is not one of the levels ['no', 'yes']; pass one of them.
    """
    c = _inputs(data, reference, labels, "positive")
    pos = _level_mask(positive, [0], c.levels, "positive")
    return _as_float(_sens(*_sens_counts(c, pos, _check_na_rm(na_rm))))


def specificity(data, reference=None, negative=None, *, labels=None, na_rm=True) -> float:
    """caret's ``specificity()``: the share of the negative class recognised.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    negative : object or list, optional
        The negative class; by default every level but the first (for two
        classes, the second), as caret's ``levels(reference)[-1]``.
    labels : array-like, optional
        The two levels in order, for label vectors.
    na_rm : bool, default True
        Drop samples with a missing label first; with False a missing
        prediction of a negative sample counts as a miss, as in caret.

    Returns
    -------
    float
        ``TN / (TN + FP)``; NaN where caret answers NA (no negative sample).

    See Also
    --------
    sensitivity, neg_pred_value

    Examples
    --------
    >>> from skcnn.metrics import specificity
    >>> specificity([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], negative=1)
    0.5
    >>> specificity([[20, 5], [10, 65]])
    0.9285714285714286
    """
    c = _inputs(data, reference, labels, "negative")
    neg = _level_mask(negative, list(range(1, len(c.levels))), c.levels, "negative")
    return _as_float(_sens(*_sens_counts(c, neg, _check_na_rm(na_rm))))


def _predictive_values(c: _Counts, pos: np.ndarray, prevalence: Any) -> tuple:
    """(PPV, NPV) as caret computes them, with sensitivity and specificity na.rm'd."""
    prev = _prevalence(c, pos, prevalence)
    sens = _sens(c.complete, pos)
    spec = _sens(c.complete, ~pos)
    return tuple(_as_float(v) for v in _pred_values(sens, spec, prev))


def pos_pred_value(data, reference=None, positive=None, prevalence=None, *, labels=None) -> float:
    """caret's ``posPredValue()``: the chance a positive prediction is right.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    positive : object or list, optional
        The positive class; by default the first level. For a table of more
        classes the others form the negative class.
    prevalence : float, optional
        The prevalence of the positive class; by default its share of the
        reference. For vectors with a missing true label that share is NA in
        caret, and so is the result.
    labels : array-like, optional
        The two levels in order, for label vectors.

    Returns
    -------
    float
        ``sens * prev / (sens * prev + (1 - spec) * (1 - prev))`` as caret
        writes it; NaN where caret answers NA (sensitivity or specificity
        undefined) or NaN (0/0).

    See Also
    --------
    neg_pred_value, precision : equal to this at the sample's own prevalence.

    Examples
    --------
    >>> from skcnn.metrics import pos_pred_value
    >>> table = [[20, 5], [10, 65]]
    >>> round(pos_pred_value(table), 4)
    0.8
    >>> round(pos_pred_value(table, prevalence=0.01), 4)
    0.0862
    """
    c = _inputs(data, reference, labels, "positive")
    pos = _level_mask(positive, [0], c.levels, "positive")
    return _predictive_values(c, pos, prevalence)[0]


def neg_pred_value(data, reference=None, negative=None, prevalence=None, *, labels=None) -> float:
    """caret's ``negPredValue()``: the chance a negative prediction is right.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    negative : object or list, optional
        The negative class; by default the second level for vectors and
        every level but the first for a table, as in caret.
    prevalence : float, optional
        The prevalence of the positive class (the levels not in
        ``negative``); by default its share of the reference.
    labels : array-like, optional
        The two levels in order, for label vectors.

    Returns
    -------
    float
        ``spec * (1 - prev) / ((1 - sens) * prev + spec * (1 - prev))``; NaN
        where caret answers NA or NaN.

    See Also
    --------
    pos_pred_value, specificity

    Examples
    --------
    >>> from skcnn.metrics import neg_pred_value
    >>> round(neg_pred_value([[20, 5], [10, 65]]), 4)
    0.8667
    """
    c = _inputs(data, reference, labels, "negative")
    neg = _level_mask(negative, list(range(1, len(c.levels))), c.levels, "negative")
    return _predictive_values(c, ~neg, prevalence)[1]


def _precision_recall(data, reference, relevant, labels, na_rm) -> tuple:
    """caret's precision.table and recall.table on ``table(data, reference)``."""
    _check_na_rm(na_rm)  # R's table() drops missing labels either way
    c = _inputs(data, reference, labels, "relevant")
    rel = _level_mask(relevant, [0], c.levels, "relevant")
    counts = c.complete
    tp = int(counts[np.ix_(rel, rel)].sum())
    return _ratio(tp, int(counts[rel, :].sum())), _ratio(tp, int(counts[:, rel].sum()))


def precision(data, reference=None, relevant=None, *, labels=None, na_rm=True) -> float:
    """caret's ``precision()``: the share of predictions of a class that are right.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    relevant : object or list, optional
        The class of interest; by default the first level.
    labels : array-like, optional
        The two levels in order, for label vectors.
    na_rm : bool, default True
        Accepted as in caret; samples with a missing label are left out
        either way (R's ``table()`` drops them).

    Returns
    -------
    float
        ``TP / (TP + FP)``; NaN where caret answers NA (never predicted).

    See Also
    --------
    recall, f_meas, pos_pred_value

    Examples
    --------
    >>> from skcnn.metrics import precision
    >>> precision(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    0.5
    >>> import math
    >>> math.isnan(precision(["b", "b"], ["a", "b"], relevant="a"))
    True
    """
    return _as_float(_precision_recall(data, reference, relevant, labels, na_rm)[0])


def recall(data, reference=None, relevant=None, *, labels=None, na_rm=True) -> float:
    """caret's ``recall()``: the share of a class that is found (= sensitivity).

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    relevant : object or list, optional
        The class of interest; by default the first level.
    labels : array-like, optional
        The two levels in order, for label vectors.
    na_rm : bool, default True
        Accepted as in caret; missing labels are left out either way.

    Returns
    -------
    float
        ``TP / (TP + FN)``; NaN where caret answers NA (class absent).

    See Also
    --------
    precision, f_meas, sensitivity

    Examples
    --------
    >>> from skcnn.metrics import recall
    >>> recall(["a", "a", "b", "b"], ["a", "b", "b", "b"], relevant="b")
    0.6666666666666666
    """
    return _as_float(_precision_recall(data, reference, relevant, labels, na_rm)[1])


def f_meas(data, reference=None, relevant=None, beta=1, *, labels=None, na_rm=True) -> float:
    """caret's ``F_meas()``: the weighted harmonic mean of precision and recall.

    Parameters
    ----------
    data : array-like of shape (n_samples,), or a table of counts
        The predicted classes; or a square table of counts, rows = Prediction.
    reference : array-like of shape (n_samples,), optional
        The true classes; leave it out when ``data`` is a table.
    relevant : object or list, optional
        The class of interest; by default the first level.
    beta : float, default 1
        Weight of recall against precision (1: the F1 score).
    labels : array-like, optional
        The two levels in order, for label vectors.
    na_rm : bool, default True
        Accepted as in caret; missing labels are left out either way.

    Returns
    -------
    float
        ``(1 + beta^2) * prec * rec / (beta^2 * prec + rec)``; NaN where caret
        answers NA (precision or recall undefined) or NaN (both zero).

    See Also
    --------
    precision, recall

    Examples
    --------
    >>> from skcnn.metrics import f_meas
    >>> table = [[20, 5], [10, 65]]
    >>> round(f_meas(table), 4), round(f_meas(table, beta=2), 4)
    (0.7273, 0.6897)
    """
    if isinstance(beta, bool) or not np.isscalar(beta) or not np.isreal(beta):
        raise ValueError(f"beta must be a non-negative number, got {beta!r}.")
    if not (math.isfinite(beta) and beta >= 0):
        raise ValueError(f"beta must be a finite non-negative number, got {beta!r}.")
    prec, rec = _precision_recall(data, reference, relevant, labels, na_rm)
    return _as_float(_f_meas(prec, rec, float(beta)))


# --------------------------------------------------------------------------
# McNemar's test for two classifiers
# --------------------------------------------------------------------------

_OUTCOMES = ("correct", "wrong")


@dataclass(frozen=True, eq=False, repr=False)
class McNemarTest:
    """R's ``mcnemar.test`` result (an ``htest``) for two classifiers.

    Returned by :func:`mcnemar_test`; ``print(result)`` reads like R's print.

    Attributes
    ----------
    statistic : float
        McNemar's chi-squared; NaN when neither classifier is ever right
        where the other is wrong (R's 0/0).
    df : int
        Degrees of freedom, 1 (R's ``parameter``).
    p_value : float
        Upper tail of the chi-squared distribution; NaN with the statistic.
        :attr:`pvalue` is the same number under SciPy's and statsmodels'
        name.
    method : str
        "McNemar's Chi-squared test", with " with continuity correction"
        where R applies it.
    data_name : str
        What R prints after ``data:``.
    table : RTable
        The 2x2 counts: rows = the first classifier correct / wrong, columns
        = the second.

    Examples
    --------
    >>> from skcnn.metrics import mcnemar_test
    >>> res = mcnemar_test([0, 1, 1, 0], [0, 1, 0, 0], [1, 1, 1, 0])
    >>> res.df, int(res.table.loc["correct", "wrong"])
    (1, 1)
    >>> res.pvalue == res.p_value
    True
    """

    statistic: float
    df: int
    p_value: float
    method: str
    data_name: str
    table: RTable

    @property
    def parameter(self) -> int:
        """R's name for :attr:`df`."""
        return self.df

    @property
    def pvalue(self) -> float:
        """The p-value, SciPy's and statsmodels' name for :attr:`p_value`."""
        return self.p_value

    def to_string(self) -> str:
        """The result as R's ``print.htest`` prints it.

        Returns
        -------
        str
            The method, the data line and the statistic line, framed by the
            blank lines R prints.

        Examples
        --------
        >>> from skcnn.metrics import mcnemar_test
        >>> res = mcnemar_test([1, 1, 1], [1, 0, 0], [0, 1, 1])
        >>> print(res.to_string())  # doctest: +NORMALIZE_WHITESPACE
        <BLANKLINE>
            McNemar's Chi-squared test with continuity correction
        <BLANKLINE>
        data:  pred_a and pred_b
        McNemar's chi-squared = 0, df = 1, p-value = 1
        <BLANKLINE>
        """
        p_text = r_format_pval([self.p_value], 4)[0]
        p_part = f"p-value {p_text}" if p_text.startswith("<") else f"p-value = {p_text}"
        statistic = r_format([self.statistic], 5)[0]
        result = f"McNemar's chi-squared = {statistic}, df = {self.df}, {p_part}"
        return "\n".join(["", "\t" + self.method, "", f"data:  {self.data_name}", result, ""])

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _check_names(names: Any) -> tuple[str, str]:
    if not (
        isinstance(names, tuple | list)
        and len(names) == 2
        and all(isinstance(n, str) and n for n in names)
    ):
        raise ValueError(
            f"names must be two non-empty strings (first, second classifier), got {names!r}."
        )
    return names[0], names[1]


def mcnemar_test(
    y_true, pred_a, pred_b, correct=True, *, names=("pred_a", "pred_b")
) -> McNemarTest:
    """R's ``mcnemar.test``: do two classifiers err on one test set alike?

    The test reads only the samples exactly one classifier gets right: ``b``
    where the first is right and the second wrong, ``c`` the other way round.
    Under the null hypothesis (both have the same error rate) those split
    evenly, and ``(|b - c| - 1)^2 / (b + c)`` is chi-squared on 1 df.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The true classes.
    pred_a, pred_b : array-like of shape (n_samples,)
        The two classifiers' predictions for the same samples.
    correct : bool, default True
        Apply the continuity correction (the ``- 1``), as R does unless
        ``b == c``.
    names : tuple of two str, default ("pred_a", "pred_b")
        The classifiers' names, for the table and the printed ``data:`` line.

    Returns
    -------
    McNemarTest
        ``statistic``, ``df``, ``p_value``, ``method``, ``data_name`` and the
        2x2 ``table`` (correct / wrong for each); prints like R.

    Raises
    ------
    ValueError
        For empty input, different lengths or missing labels.

    Notes
    -----
    It equals R's ``mcnemar.test(a, b, correct)`` with ``a`` and ``b`` the
    factors ``ifelse(pred == truth, "correct", "wrong")`` with levels
    ``c("correct", "wrong")``. When ``b + c`` is 0 the statistic is 0/0: NaN,
    and the p-value is NaN (printed "NA", as R does).

    Examples
    --------
    >>> from skcnn.metrics import mcnemar_test
    >>> y = [0] * 10 + [1] * 10
    >>> a = y[:]                 # right everywhere
    >>> b = [1] * 7 + y[7:]      # wrong on the first seven
    >>> res = mcnemar_test(y, a, b, names=("cnn", "baseline"))
    >>> res.table
             baseline
    cnn       correct wrong
      correct      13     7
      wrong         0     0
    >>> print(res)  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
        McNemar's Chi-squared test with continuity correction
    <BLANKLINE>
    data:  cnn and baseline
    McNemar's chi-squared = 5.1429, df = 1, p-value = 0.02334
    <BLANKLINE>
    """
    if not isinstance(correct, bool | np.bool_):
        raise ValueError(f"correct must be True or False, got {correct!r}.")
    first, second = _check_names(names)
    truth, _ = _as_labels(y_true, "y_true")
    a, _ = _as_labels(pred_a, "pred_a")
    b, _ = _as_labels(pred_b, "pred_b")
    _check_same_length(truth, a, ("y_true", "pred_a"))
    _check_same_length(truth, b, ("y_true", "pred_b"))
    truth = truth.astype(object)
    a_wrong = (a.astype(object) != truth).astype(int)
    b_wrong = (b.astype(object) != truth).astype(int)
    counts = np.bincount(a_wrong * 2 + b_wrong, minlength=4).reshape(2, 2).astype(np.int64)
    statistic, df, p_value, corrected = _mcnemar(counts, bool(correct))
    method = "McNemar's Chi-squared test" + (" with continuity correction" if corrected else "")
    return McNemarTest(
        statistic=float(statistic),
        df=df,
        p_value=p_value,
        method=method,
        data_name=f"{first} and {second}",
        table=_make_table(counts, list(_OUTCOMES), list(_OUTCOMES), (first, second)),
    )
