"""R's ``table()`` and caret's ``confusionMatrix()``, number for number.

Pure functions from label vectors to pandas objects. The statistics are the ones
caret computes (``caret:::confusionMatrix.table``), down to where it answers NA
or NaN, and the reports print like R does: the tests compare both with output
that R itself produced (``tests/r/make_caret_fixtures.R``).

Levels follow R's factors: sorted unique values unless ``labels`` names them
(empty levels are kept), and a pandas ``Categorical`` brings its categories.
Strings sort by code point, as R does in the C locale.

This module never imports TensorFlow or Keras.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import metrics as sk_metrics

__all__ = [
    "ConfusionMatrixReport",
    "classification_report",
    "confusion_matrix_report",
    "table",
    "top_k_accuracy",
]

MODES = ("sens_spec", "prec_recall", "everything")

OVERALL_NAMES = (
    "Accuracy",
    "Kappa",
    "AccuracyLower",
    "AccuracyUpper",
    "AccuracyNull",
    "AccuracyPValue",
    "McnemarPValue",
)

BY_CLASS_NAMES = (
    "Sensitivity",
    "Specificity",
    "Pos Pred Value",
    "Neg Pred Value",
    "Precision",
    "Recall",
    "F1",
    "Prevalence",
    "Detection Rate",
    "Detection Prevalence",
    "Balanced Accuracy",
)

# The by-class rows caret's print() leaves out in each mode.
_HIDDEN_BY_MODE = {
    "sens_spec": {"Precision", "Recall", "F1"},
    "prec_recall": {"Sensitivity", "Specificity", "Pos Pred Value", "Neg Pred Value"},
    "everything": set(),
}

_PRINT_DIGITS = 4  # caret: max(3, getOption("digits") - 3)
_PRINT_WIDTH = 80  # getOption("width")


class _RNA:
    """R's NA where caret answers NA rather than NaN (it prints differently)."""

    def __repr__(self) -> str:
        return "NA"


_NA = _RNA()


# --------------------------------------------------------------------------
# Labels and levels
# --------------------------------------------------------------------------


def _as_labels(y: Any, name: str) -> tuple[np.ndarray, list | None]:
    """Return the labels as a 1-D array and, for a Categorical, its categories."""
    if isinstance(y, pd.DataFrame):
        raise ValueError(f"{name} must be 1-D labels, got a DataFrame; pass one column.")
    dtype = getattr(y, "dtype", None)
    categories = None
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [_native(c) for c in dtype.categories]
    values = np.asarray(y, dtype=object if categories is not None else None)
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D labels, got shape {values.shape}; "
            "flatten it (np.ravel) or pass predicted labels, not probabilities."
        )
    if values.size == 0:
        raise ValueError(f"{name} is empty; pass at least one label.")
    missing = np.flatnonzero(pd.isna(values))
    if missing.size:
        raise ValueError(
            f"{name} has {missing.size} missing label(s) (NaN/None), first at position "
            f"{missing[0]}; drop or fill those samples first (R's table() would "
            "silently leave them out)."
        )
    return values, categories


def _check_same_length(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} have different lengths ({a.shape[0]} and "
            f"{b.shape[0]}); pass one prediction per sample."
        )


def _native(value: Any) -> Any:
    """A numpy scalar as the Python scalar it holds (prints and serialises plainly)."""
    return value.item() if isinstance(value, np.generic) else value


def _sorted_unique(*arrays: np.ndarray) -> list:
    """R's factor levels: the sorted unique values."""
    seen = {_native(v) for a in arrays for v in pd.unique(a)}
    try:
        return sorted(seen)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in seen})
        raise ValueError(
            f"labels mix types ({', '.join(kinds)}) that cannot be sorted into levels; "
            "convert them to one type (e.g. astype(str)) or pass `labels`."
        ) from None


def _check_labels(labels: Any) -> list:
    levels = [_native(v) for v in ([labels] if isinstance(labels, str) else list(labels))]
    if not levels:
        raise ValueError("labels is empty; name at least one level or pass labels=None.")
    if any(pd.isna(v) for v in levels):
        raise ValueError("labels contains a missing value (NaN/None); remove it.")
    if len(set(levels)) != len(levels):
        raise ValueError(f"labels has duplicates: {levels}; name each level once.")
    return levels


def _own_levels(values: np.ndarray, categories: list | None, labels: Any) -> list:
    """Levels of one vector, as R's factor() gives them (used by table())."""
    if labels is not None:
        return _check_labels(labels)
    if categories is not None:
        return categories
    return _sorted_unique(values)


def _shared_levels(truth, truth_cats, pred, pred_cats, labels) -> list:
    """One set of levels for both vectors, as caret requires."""
    if labels is not None:
        return _check_labels(labels)
    if truth_cats is None and pred_cats is None:
        return _sorted_unique(truth, pred)
    levels = list(truth_cats or [])
    levels += [c for c in (pred_cats or []) if c not in levels]
    extra = [v for v in _sorted_unique(truth, pred) if v not in levels]
    return levels + extra


def _codes(values: np.ndarray, levels: list, name: str) -> np.ndarray:
    codes = pd.Index(levels, dtype=object).get_indexer(values.astype(object))
    unknown = codes < 0
    if unknown.any():
        bad = [_native(v) for v in pd.unique(values[unknown])[:10]]
        raise ValueError(
            f"{name} has labels that are not among the levels {levels}: {bad}; "
            "add them to `labels` or drop those samples."
        )
    return codes


def _counts(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    flat = np.bincount(rows * n_cols + cols, minlength=n_rows * n_cols)
    return flat.reshape(n_rows, n_cols).astype(np.int64)


def _check_dnn(dnn: Any) -> tuple[str, str]:
    if not (
        isinstance(dnn, tuple | list) and len(dnn) == 2 and all(isinstance(d, str) for d in dnn)
    ):
        raise ValueError(f"dnn must be two strings (row name, column name), got {dnn!r}.")
    return dnn[0], dnn[1]


# --------------------------------------------------------------------------
# table()
# --------------------------------------------------------------------------


class RTable(pd.DataFrame):
    """A DataFrame of counts that prints like R's ``table()``.

    Returned by :func:`table` and as ``ConfusionMatrixReport.table``. Only the
    printed form differs from a DataFrame; anything derived from it (a slice,
    arithmetic, a copy) is a plain DataFrame or Series.
    """

    @property
    def _constructor(self):
        return pd.DataFrame

    def __repr__(self) -> str:
        if not all(pd.api.types.is_integer_dtype(t) for t in self.dtypes):
            return pd.DataFrame.__repr__(self)
        return "\n".join(_r_table_lines(self))

    __str__ = __repr__


def _make_table(counts, row_levels, col_levels, dnn) -> RTable:
    return RTable(
        counts,
        index=pd.Index(row_levels, name=dnn[0], tupleize_cols=False),
        columns=pd.Index(col_levels, name=dnn[1], tupleize_cols=False),
    )


def table(actual, predicted, labels=None, dnn=("actual", "predicted")) -> RTable:
    """Cross-tabulate two label vectors like R's ``table(actual, predicted)``.

    Parameters
    ----------
    actual : array-like of shape (n_samples,)
        Labels for the rows (R's first argument), e.g. the true classes.
    predicted : array-like of shape (n_samples,)
        Labels for the columns, e.g. the predicted classes.
    labels : array-like, optional
        Levels of both margins, in order. Levels nobody has are kept as rows and
        columns of zeros, like the empty levels of an R factor. By default each
        margin has its own levels, as in R: a Categorical's categories, or else
        the sorted unique values.
    dnn : tuple of two str, default ("actual", "predicted")
        Names of the row and column dimensions (R's ``dnn``).

    Returns
    -------
    RTable
        A DataFrame of integer counts, rows indexed by the levels of ``actual``
        and columns by those of ``predicted``, whose ``repr`` is R's layout.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths, contain missing values, or
        hold labels outside ``labels``.

    See Also
    --------
    confusion_matrix_report : caret's statistics, with rows = prediction.

    Examples
    --------
    >>> from skcnn.metrics import table
    >>> t = table([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    >>> t
          predicted
    actual 0 1
         0 1 1
         1 1 2
    >>> int(t.loc[1, 1])
    2
    >>> table(["cat", "dog"], ["cat", "cat"], labels=["cat", "dog", "eel"])
          predicted
    actual cat dog eel
       cat   1   0   0
       dog   1   0   0
       eel   0   0   0
    """
    dnn = _check_dnn(dnn)
    rows, row_cats = _as_labels(actual, "actual")
    cols, col_cats = _as_labels(predicted, "predicted")
    _check_same_length(rows, cols, ("actual", "predicted"))
    row_levels = _own_levels(rows, row_cats, labels)
    col_levels = _own_levels(cols, col_cats, labels)
    counts = _counts(
        _codes(rows, row_levels, "actual"),
        _codes(cols, col_levels, "predicted"),
        len(row_levels),
        len(col_levels),
    )
    return _make_table(counts, row_levels, col_levels, dnn)


# --------------------------------------------------------------------------
# caret's statistics
# --------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | _RNA:
    """caret's ``ifelse(denom > 0, numer / denom, NA)``."""
    return numerator / denominator if denominator > 0 else _NA


def _divide(numerator: float, denominator: float) -> float:
    """IEEE division as R does it: 0/0 is NaN."""
    if denominator == 0:
        return math.nan if numerator == 0 or math.isnan(numerator) else math.inf
    return numerator / denominator


def _by_class_cells(tp: int, fp: int, fn: int, tn: int) -> dict[str, float | _RNA]:
    """caret's per-class statistics from the one-versus-rest 2x2 table.

    ``fp`` counts predictions of the class that are wrong, ``fn`` the samples of
    the class predicted as something else. The order of the floating-point
    operations follows caret's source so that the numbers agree bit for bit.
    """
    n = tp + fp + fn + tn
    prevalence = (tp + fn) / n
    sens = _ratio(tp, tp + fn)
    spec = _ratio(tn, fp + tn)
    if sens is _NA or spec is _NA:
        ppv = npv = balanced = _NA
    else:
        ppv = _divide(sens * prevalence, (sens * prevalence) + ((1 - spec) * (1 - prevalence)))
        npv = _divide(
            spec * (1 - prevalence), ((1 - sens) * prevalence) + (spec * (1 - prevalence))
        )
        balanced = (sens + spec) / 2
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    if precision is _NA or recall is _NA:
        f1 = _NA
    else:
        f1 = _divide(2 * precision * recall, precision + recall)
    values = (
        sens,
        spec,
        ppv,
        npv,
        precision,
        recall,
        f1,
        prevalence,
        tp / n,
        (tp + fp) / n,
        balanced,
    )
    return dict(zip(BY_CLASS_NAMES, values, strict=True))


def _by_class_table(counts: np.ndarray, classes: list[int]) -> dict[int, dict]:
    """Cells (floats, NaN or NA) for each class index; counts: rows = prediction."""
    n = int(counts.sum())
    predicted = counts.sum(axis=1)
    reference = counts.sum(axis=0)
    cells = {}
    for i in classes:
        tp = int(counts[i, i])
        fp = int(predicted[i]) - tp
        fn = int(reference[i]) - tp
        cells[i] = _by_class_cells(tp, fp, fn, n - tp - fp - fn)
    return cells


def _kappa(counts: np.ndarray) -> float:
    """Cohen's unweighted kappa, e1071::classAgreement's formula, in exact arithmetic.

    Exact fractions keep a kappa of exactly zero at zero (the float formula can
    leave 1e-17) and give 0/0 = NaN where every sample sits in one cell.
    """
    n = int(counts.sum())
    agree = int(np.trace(counts))
    chance = sum(int(r) * int(c) for r, c in zip(counts.sum(1), counts.sum(0), strict=True))
    numerator, denominator = agree * n - chance, n * n - chance
    if denominator == 0:
        return math.nan
    return float(Fraction(numerator, denominator))


def _mcnemar_pvalue(counts: np.ndarray) -> float:
    """R's mcnemar.test(table)$p.value, which caret reports for any number of classes.

    Two classes: McNemar's chi-squared with continuity correction (none when the
    off-diagonal cells are equal). More classes: Bowker's symmetry test, without
    correction. A pair of empty off-diagonal cells makes it 0/0, so NaN (R: NA).
    """
    k = counts.shape[0]
    x = counts.astype(np.float64)
    diff = x - x.T
    if k == 2 and np.any(diff != 0):
        diff = np.abs(diff) - 1
    upper = np.triu_indices(k, 1)
    diff, total = diff[upper], (x + x.T)[upper]
    # An empty pair has diff = total = 0, and R's sum then is 0/0.
    statistic = math.nan if np.any(total == 0) else math.fsum(diff * diff / total)
    return float(stats.chi2.sf(statistic, k * (k - 1) / 2))


def _overall(counts: np.ndarray) -> pd.Series:
    n = int(counts.sum())
    correct = int(np.trace(counts))
    no_information = counts.sum(axis=0).max() / n
    accuracy_test = stats.binomtest(correct, n)
    ci = accuracy_test.proportion_ci(confidence_level=0.95, method="exact")
    nir_test = stats.binomtest(correct, n, p=no_information, alternative="greater")
    values = (
        correct / n,
        _kappa(counts),
        ci.low,
        ci.high,
        no_information,
        nir_test.pvalue,
        _mcnemar_pvalue(counts),
    )
    return pd.Series([float(v) for v in values], index=list(OVERALL_NAMES), dtype=float)


def _as_float(cell: float | _RNA) -> float:
    return math.nan if cell is _NA else float(cell)


def _resolve_positive(positive: Any, levels: list) -> Any:
    if positive is None:
        return levels[0] if len(levels) == 2 else None
    if len(levels) != 2:
        raise ValueError(
            f"positive={positive!r} applies to two classes only, but there are "
            f"{len(levels)} levels; leave positive=None to get a row per class."
        )
    for level in levels:
        if positive == level or (isinstance(positive, str) and positive == _r_label(level)):
            return level
    raise ValueError(f"positive={positive!r} is not one of the levels {levels}; pass one of them.")


def _check_mode(mode: Any) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}.")
    return mode


@dataclass(frozen=True, eq=False, repr=False)
class ConfusionMatrixReport:
    """caret's ``confusionMatrix`` result: the table and its statistics.

    Build it with :func:`confusion_matrix_report`. ``print(report)`` reads like
    ``print(confusionMatrix(...))`` in R.

    Attributes
    ----------
    table : RTable
        Counts with rows named "Prediction" and columns "Reference".
    overall : pandas.Series
        Accuracy, Kappa, AccuracyLower, AccuracyUpper, AccuracyNull,
        AccuracyPValue, McnemarPValue.
    by_class : pandas.DataFrame
        caret's ``byClass`` statistics, one row per class (two classes: one row,
        the positive class). NaN wherever caret gives NA or NaN.
    positive : object or None
        The positive class of a two-class problem; None for more classes.
    mode : {"sens_spec", "prec_recall", "everything"}
        Which by-class statistics the printed report shows.

    See Also
    --------
    confusion_matrix_report : Builds the report from labels.
    table : The counts alone, as R's ``table(actual, predicted)``.

    Examples
    --------
    >>> from skcnn.metrics import confusion_matrix_report
    >>> y_true = ["a"] * 6 + ["b"] * 4
    >>> y_pred = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "a"]
    >>> rep = confusion_matrix_report(y_true, y_pred)
    >>> type(rep).__name__, rep.positive, rep.mode
    ('ConfusionMatrixReport', 'a', 'sens_spec')
    >>> rep.overall[["Accuracy", "Kappa"]].round(4).tolist()
    [0.8, 0.5833]
    >>> rep.by_class.loc["a", ["Sensitivity", "Specificity"]].round(4).tolist()
    [0.8333, 0.75]
    """

    table: RTable
    overall: pd.Series
    by_class: pd.DataFrame
    positive: Any
    mode: str

    def to_string(self, mode: str | None = None) -> str:
        """The report as caret prints it.

        Parameters
        ----------
        mode : {"sens_spec", "prec_recall", "everything"}, default=None
            Which by-class statistics to show; None keeps ``self.mode``.

        Returns
        -------
        str
            The text of ``print(confusionMatrix(...))`` in R.

        Examples
        --------
        >>> from skcnn.metrics import confusion_matrix_report
        >>> rep = confusion_matrix_report([0, 0, 1, 1], [0, 1, 1, 1])
        >>> rep.to_string().splitlines()[0]
        'Confusion Matrix and Statistics'
        >>> text = rep.to_string(mode="prec_recall")
        >>> "Precision" in text, "Sensitivity" in text
        (True, False)
        """
        return "\n".join(_caret_lines(self, self.mode if mode is None else _check_mode(mode)))

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__

    def to_dict(self) -> dict:
        """The report as a JSON-serialisable dict.

        Returns
        -------
        dict
            Keys ``positive``, ``mode``, ``levels``, ``table`` (rows are
            predictions), ``overall`` and ``by_class``; NaN (caret's NA or NaN)
            becomes None.

        Examples
        --------
        >>> import json
        >>> from skcnn.metrics import confusion_matrix_report
        >>> rep = confusion_matrix_report([0, 0, 1, 1], [0, 1, 1, 1])
        >>> d = rep.to_dict()
        >>> d["levels"], d["table"], d["overall"]["Accuracy"]
        ([0, 1], [[1, 0], [1, 2]], 0.75)
        >>> json.loads(json.dumps(d)) == d
        True
        """

        def clean(value):
            return None if pd.isna(value) else float(value)

        return {
            "positive": _native(self.positive),
            "mode": self.mode,
            "levels": [_native(v) for v in self.table.columns],
            "table": [[int(c) for c in row] for row in self.table.to_numpy()],
            "overall": {k: clean(v) for k, v in self.overall.items()},
            "by_class": {
                _r_label(cls): {k: clean(v) for k, v in row.items()}
                for cls, row in self.by_class.iterrows()
            },
        }

    def _repr_html_(self) -> str:
        shown = [c for c in BY_CLASS_NAMES if c not in _HIDDEN_BY_MODE[self.mode]]
        by_class = self.by_class[shown].T
        by_class.columns = [f"Class: {_r_label(c)}" for c in by_class.columns]
        positive = (
            f"<p>'Positive' Class : {html.escape(_r_label(self.positive))}</p>"
            if self.positive is not None
            else ""
        )
        return "".join(
            [
                "<div>",
                "<p><b>Confusion Matrix and Statistics</b></p>",
                pd.DataFrame(self.table).to_html(),
                "<p><b>Overall Statistics</b></p>",
                self.overall.to_frame("value").to_html(float_format=_html_number),
                "<p><b>Statistics by Class</b></p>",
                by_class.to_html(float_format=_html_number, na_rep="NA"),
                positive,
                "</div>",
            ]
        )


def _html_number(value: float) -> str:
    return f"{value:.4g}"


def confusion_matrix_report(
    y_true, y_pred, positive=None, labels=None, mode="sens_spec"
) -> ConfusionMatrixReport:
    """caret's ``confusionMatrix(data = y_pred, reference = y_true)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True classes (caret's ``reference``). Any label type: ints, strings,
        a pandas Categorical.
    y_pred : array-like of shape (n_samples,)
        Predicted classes (caret's ``data``).
    positive : object, optional
        The event class of a two-class problem; by default the first level, as
        in caret. A string also matches a level that prints the same (``"1"``
        for ``1``). Only for two classes.
    labels : array-like, optional
        The levels, in order; levels nobody has are kept (they give NA
        statistics, as in caret). By default the sorted union of both vectors,
        or the categories of Categorical input.
    mode : {"sens_spec", "prec_recall", "everything"}, default "sens_spec"
        Which by-class statistics ``print`` shows, as in caret.

    Returns
    -------
    ConfusionMatrixReport
        ``table`` (rows = Prediction), ``overall``, ``by_class``, ``positive``,
        ``mode``; prints like caret.

    Raises
    ------
    ValueError
        For empty input, different lengths, missing labels, fewer than two
        levels, labels outside ``labels``, an unknown ``positive`` or ``mode``.

    Notes
    -----
    As in caret: the 95% interval for the accuracy is Clopper-Pearson's exact
    interval (``binom.test``); the no-information rate is the largest class
    share in ``y_true``, tested with a one-sided binomial test; kappa is Cohen's
    unweighted kappa; McNemar's test has a continuity correction for two classes
    and is Bowker's symmetry test for more. Positive and negative predictive
    values come from sensitivity, specificity and prevalence. A statistic is NaN
    where caret answers NA or NaN (a class never predicted or never present,
    an empty McNemar pair). A p-value too small for a normal double (below
    about 1e-308) is 0 here, where R may still return a subnormal number; both
    print as ``< 2.2e-16``.

    Examples
    --------
    >>> from skcnn.metrics import confusion_matrix_report
    >>> y_true = ["a"] * 6 + ["b"] * 4
    >>> y_pred = ["a", "a", "a", "a", "a", "b", "b", "b", "b", "a"]
    >>> rep = confusion_matrix_report(y_true, y_pred)
    >>> rep.table
              Reference
    Prediction a b
             a 5 1
             b 1 3
    >>> round(float(rep.overall["Accuracy"]), 4), rep.positive
    (0.8, 'a')
    >>> print(rep)  # doctest: +NORMALIZE_WHITESPACE
    Confusion Matrix and Statistics
    <BLANKLINE>
              Reference
    Prediction a b
             a 5 1
             b 1 3
    <BLANKLINE>
                   Accuracy : 0.8
                     95% CI : (0.4439, 0.9748)
        No Information Rate : 0.6
        P-Value [Acc > NIR] : 0.1673
    <BLANKLINE>
                      Kappa : 0.5833
    <BLANKLINE>
     Mcnemar's Test P-Value : 1.0000
    <BLANKLINE>
                Sensitivity : 0.8333
                Specificity : 0.7500
             Pos Pred Value : 0.8333
             Neg Pred Value : 0.7500
                 Prevalence : 0.6000
             Detection Rate : 0.5000
       Detection Prevalence : 0.6000
          Balanced Accuracy : 0.7917
    <BLANKLINE>
           'Positive' Class : a
    <BLANKLINE>
    """
    mode = _check_mode(mode)
    truth, truth_cats = _as_labels(y_true, "y_true")
    pred, pred_cats = _as_labels(y_pred, "y_pred")
    _check_same_length(truth, pred, ("y_true", "y_pred"))
    levels = _shared_levels(truth, truth_cats, pred, pred_cats, labels)
    if len(levels) < 2:
        raise ValueError(
            f"there is only one level ({levels[0]!r}); caret needs at least two: "
            "name the other class(es) with `labels`."
        )
    positive = _resolve_positive(positive, levels)
    k = len(levels)
    counts = _counts(_codes(pred, levels, "y_pred"), _codes(truth, levels, "y_true"), k, k)
    classes = [levels.index(positive)] if positive is not None else list(range(k))
    cells = _by_class_table(counts, classes)
    by_class = pd.DataFrame(
        [[_as_float(v) for v in cells[i].values()] for i in classes],
        index=pd.Index([levels[i] for i in classes], tupleize_cols=False),
        columns=list(BY_CLASS_NAMES),
    )
    return ConfusionMatrixReport(
        table=_make_table(counts, levels, levels, ("Prediction", "Reference")),
        overall=_overall(counts),
        by_class=by_class,
        positive=positive,
        mode=mode,
    )


# --------------------------------------------------------------------------
# scikit-learn style reports
# --------------------------------------------------------------------------


def classification_report(y_true, y_pred, labels=None, digits=None) -> pd.DataFrame:
    """Per-class precision, recall, F1 and support, as a DataFrame.

    scikit-learn's ``classification_report`` as a table: one row per class, then
    "accuracy", "macro avg" and "weighted avg". The accuracy row has the
    accuracy in the "f1-score" column and the number of samples as support, as
    in scikit-learn's printed report. The scores are scikit-learn's with
    ``zero_division=np.nan``: precision of a class never predicted and recall of
    a class never present are NaN, and the averages skip them. (scikit-learn's
    F1 is then 0 where caret's by-class F1 is NA.)

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted classes.
    labels : array-like, optional
        The classes to report, in order; by default the sorted union of both
        vectors (or a Categorical's categories).
    digits : int, optional
        Round the scores to this many decimals; by default they are not rounded.

    Returns
    -------
    pandas.DataFrame
        Columns "precision", "recall", "f1-score", "support".

    Examples
    --------
    >>> from skcnn.metrics import classification_report
    >>> classification_report([0, 0, 1, 1], [0, 1, 1, 1], digits=3)
                  precision  recall  f1-score  support
    0                 1.000    0.50     0.667        2
    1                 0.667    1.00     0.800        2
    accuracy            NaN     NaN     0.750        4
    macro avg         0.833    0.75     0.733        4
    weighted avg      0.833    0.75     0.733        4
    """
    truth, truth_cats = _as_labels(y_true, "y_true")
    pred, pred_cats = _as_labels(y_pred, "y_pred")
    _check_same_length(truth, pred, ("y_true", "y_pred"))
    levels = _shared_levels(truth, truth_cats, pred, pred_cats, labels)
    # Integer codes let scikit-learn handle any label type the same way.
    truth_codes = _codes(truth, levels, "y_true")
    pred_codes = _codes(pred, levels, "y_pred")
    codes = list(range(len(levels)))
    scores = {
        average: sk_metrics.precision_recall_fscore_support(
            truth_codes, pred_codes, labels=codes, average=average, zero_division=np.nan
        )
        for average in (None, "macro", "weighted")
    }
    precision, recall, f1, support = scores[None]
    n = len(truth_codes)
    rows = [[p, r, f, s] for p, r, f, s in zip(precision, recall, f1, support, strict=True)]
    rows.append([np.nan, np.nan, sk_metrics.accuracy_score(truth_codes, pred_codes), n])
    rows += [[*scores[avg][:3], n] for avg in ("macro", "weighted")]
    report = pd.DataFrame(
        rows,
        index=pd.Index([*levels, "accuracy", "macro avg", "weighted avg"], dtype=object),
        columns=["precision", "recall", "f1-score", "support"],
    )
    report = report.astype({c: float for c in report.columns[:3]} | {"support": np.int64})
    if digits is not None:
        report = report.round({c: int(digits) for c in report.columns[:3]})
    return report


def top_k_accuracy(y_true, proba, k=5, labels=None) -> float:
    """Share of samples whose true class is among the ``k`` most probable.

    Top-1 and top-5 accuracy as in the ImageNet tables, from ``predict_proba``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True classes.
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities (or any scores), one column per class.
    k : int, default 5
        How many of the highest-scored classes count as a hit.
    labels : array-like of shape (n_classes,), optional
        The class of each column of ``proba`` (e.g. ``clf.classes_``); by
        default the sorted unique values of ``y_true``, which then must name
        every column.

    Returns
    -------
    float

    Examples
    --------
    >>> from skcnn.metrics import top_k_accuracy
    >>> proba = [[0.5, 0.3, 0.2], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]]
    >>> top_k_accuracy([0, 1, 2], proba, k=1)
    0.3333333333333333
    >>> top_k_accuracy([0, 1, 2], proba, k=2)
    1.0
    """
    truth, _ = _as_labels(y_true, "y_true")
    scores = np.asarray(proba, dtype=float)
    if scores.ndim != 2:
        raise ValueError(
            f"proba must be 2-D (n_samples, n_classes), got shape {scores.shape}; "
            "pass predict_proba's output."
        )
    _check_same_length(truth, scores, ("y_true", "proba"))
    if not np.isfinite(scores).all():
        raise ValueError("proba contains NaN or infinite values; fix the scores first.")
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}.")
    levels = _sorted_unique(truth) if labels is None else _check_labels(labels)
    if len(levels) != scores.shape[1]:
        raise ValueError(
            f"proba has {scores.shape[1]} columns but there are {len(levels)} classes "
            f"{levels[:10]}; pass labels=clf.classes_ to name the columns."
        )
    truth_codes = _codes(truth, levels, "y_true")
    if scores.shape[1] == 2:
        # scikit-learn wants a single, thresholded score column for two classes;
        # with both columns at hand, the top-1 class is simply the larger one.
        if k >= 2:
            return 1.0
        return float(sk_metrics.accuracy_score(truth_codes, scores.argmax(axis=1)))
    return float(
        sk_metrics.top_k_accuracy_score(truth_codes, scores, k=int(k), labels=range(len(levels)))
    )


# --------------------------------------------------------------------------
# R's printing: format(), format.pval(), round(), as.character(), print(matrix)
# --------------------------------------------------------------------------


def _r_label(value: Any) -> str:
    """A level as R shows it (as.character of the factor level)."""
    value = _native(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _r_as_character(value)
    return str(value)


# R's tbl[] in format.c: the double literals 1e-1, 1e0, ..., 1e27 widened to long
# double. From 1e23 on the double literal is not exactly a power of ten, and R
# inherits that rounding, so we do too.
_TBL = [np.longdouble(float(f"1e{k}")) for k in range(-1, 28)]
_KP_MAX = 27


def _scientific(x: float, digits: int) -> tuple[int, int, int, bool]:
    """Port of R's scientific() (src/main/format.c): neg, kpower, nsig, roundingwidens."""
    if x == 0.0:
        return 0, 0, 1, False
    neg = 1 if x < 0 else 0
    r = abs(x)
    kp = math.floor(math.log10(r)) - digits + 1
    r_prec = np.longdouble(r)
    if abs(kp) <= _KP_MAX:
        if kp > 0:
            r_prec /= _TBL[kp + 1]
        elif kp < 0:
            r_prec *= _TBL[-kp + 1]
    else:
        r_prec /= np.power(np.longdouble(10), kp)
    if r_prec < _TBL[digits]:
        r_prec *= 10
        kp -= 1
    alpha = float(np.rint(r_prec))
    nsig = digits
    for _ in range(digits):
        alpha /= 10.0
        if alpha == math.floor(alpha):
            nsig -= 1
        else:
            break
    if nsig == 0 and digits > 0:
        nsig = 1
        kp += 1
    kpower = kp + digits - 1
    rgt = min(max(digits - kpower, 0), _KP_MAX)
    fuzz = 0.5 / float(_TBL[1 + rgt])
    widens = 0 < kpower <= _KP_MAX and np.longdouble(r) < _TBL[kpower + 1] - fuzz
    return neg, kpower, nsig, bool(widens)


def _format_real(values: list, digits: int) -> tuple[int, int, int]:
    """Port of R's formatReal(): common width, decimals and exponent flag."""
    finite = [v for v in values if v is not _NA and math.isfinite(v)]
    neg = 0
    rgt = mxl = mxsl = mxns = -(10**9)
    mnl = 10**9
    for x in finite:
        neg_i, kpower, nsig, widens = _scientific(x, digits)
        left = kpower + 1 - (1 if widens else 0)
        sleft = neg_i + (1 if left <= 0 else left)
        rgt = max(rgt, nsig - left)
        mxl, mnl = max(mxl, left), min(mnl, left)
        mxsl, mxns = max(mxsl, sleft), max(mxns, nsig)
        neg = neg or neg_i
    if mxl < 0:
        mxsl = 1 + neg
    rgt = max(rgt, 0)
    fixed_width = mxsl + rgt + (rgt != 0)
    w = d = e = 0
    if finite:
        e = 2 if (mxl > 100 or mnl <= -99) else 1
        d = mxns - 1
        w = neg + (d > 0) + d + 4 + e
        if fixed_width <= w:  # R_print.scipen = 0
            e, d, w = 0, rgt, fixed_width
    if any(v is _NA for v in values):
        w = max(w, 2)
    nonfinite = [v for v in values if v is not _NA and not math.isfinite(v)]
    if any(math.isnan(v) or v > 0 for v in nonfinite):
        w = max(w, 3)
    if any(v < 0 for v in nonfinite):
        w = max(w, 4)
    return w, d, e


def _encode_real(x: float | _RNA, w: int, d: int, e: int) -> str:
    """Port of R's EncodeReal0()."""
    if x is _NA:
        return "NA".rjust(w)
    if math.isnan(x):
        return "NaN".rjust(w)
    if math.isinf(x):
        return ("Inf" if x > 0 else "-Inf").rjust(w)
    x = x + 0.0  # no negative zero
    if e:
        return f"{x:{w}.{d}e}"
    return f"{x:{w}.{d}f}"


def _r_format(values: list, digits: int) -> list[str]:
    """R's format(x, digits = digits) for a numeric vector (common width)."""
    w, d, e = _format_real(values, digits)
    return [_encode_real(v, w, d, e) for v in values]


def _r_as_character(x: float | _RNA) -> str:
    """R's as.character() of one double (15 significant digits, trailing zeros dropped)."""
    if x is _NA:
        return "NA"
    text = _encode_real(x, *_format_real([x], 15))
    if "." in text:
        mantissa, _, exponent = text.partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = mantissa + ("e" + exponent if exponent else "")
    return text


def _r_pow_di(x: float, n: int) -> float:
    """R's R_pow_di(): x**n by repeated squaring, as R rounds it."""
    result = 1.0
    if n < 0:
        n, x = -n, 1 / x
    while n:
        if n & 1:
            result *= x
        n >>= 1
        if n:
            x *= x
    return result


_LOG10_2 = 0.301029995663981195213738894724  # R's M_LOG10_2


def _r_round(x: float | _RNA, digits: int) -> float | _RNA:
    """Port of R 4's round(x, digits) (src/nmath/fround.c): the nearer candidate."""
    if x is _NA or not math.isfinite(x) or x == 0.0:
        return x
    sign = -1.0 if x < 0 else 1.0
    x = abs(x)
    if _LOG10_2 * (0.5 + (math.frexp(x)[1] - 1)) + digits > 15:  # no rounding needed
        return sign * x
    pow10 = _r_pow_di(10.0, digits)
    x10 = x * pow10
    i10 = math.floor(x10)
    down = i10 / pow10
    up = math.ceil(x10) / pow10
    du, dd = up - x, x - down
    return sign * (up if (du < dd or (math.fmod(i10, 2.0) == 1 and du == dd)) else down)


def _pval_fixed(p: float, digits: int) -> bool:
    expo = math.floor(math.log10(p if p > 0 else 1e-50))
    return expo >= -3 or (expo == -4 and digits > 1)


def _r_format_pval(pvalues: list[float], digits: int) -> list[str]:
    """Port of R's format.pval(pv, digits): "< 2.2e-16" below machine epsilon."""
    eps = np.finfo(float).eps
    result = ["NA" if math.isnan(p) else "" for p in pvalues]
    present = [i for i, p in enumerate(pvalues) if not math.isnan(p)]
    tiny = [i for i in present if pvalues[i] < eps]
    rest = [i for i in present if pvalues[i] >= eps]
    # Fixed and scientific candidates are formatted as two separate vectors.
    fixed = [i for i in rest if _pval_fixed(pvalues[i], digits)]
    for group in (fixed, [i for i in rest if i not in fixed]):
        for i, text in zip(group, _r_format([pvalues[i] for i in group], digits), strict=True):
            result[i] = text
    if tiny:
        small_digits = max(1, digits - 2)
        if rest:
            nc = max(len(result[i]) for i in rest)
            if small_digits > 1 and small_digits + 6 > nc:
                small_digits = max(1, nc - 7)
            sep = "" if small_digits == 1 and nc <= 6 else " "
        else:
            sep = "" if small_digits == 1 else " "
        text = "<" + sep + _r_format([eps], small_digits)[0]
        for i in tiny:
            result[i] = text
    return result


def _matrix_lines(
    columns: list[list[str]],
    row_labels: list[str],
    col_labels: list[str],
    *,
    right: bool,
    row_title: str | None = None,
    col_title: str | None = None,
) -> list[str]:
    """Port of R's printMatrix() for cells already encoded as strings.

    ``right`` aligns cells and column labels right (numbers) or left (a
    character matrix printed with quote = FALSE). Columns that do not fit in
    80 characters go to further blocks, as R does.
    """
    rlabw = max(map(len, row_labels), default=0)
    offset = 0
    if row_title is not None:
        offset = 2 if len(row_title) < rlabw + 2 else len(row_title) - rlabw
        rlabw += offset
    widths = [max(len(lab), *map(len, col)) for lab, col in zip(col_labels, columns, strict=True)]

    def cell(text: str, w: int) -> str:
        return " " + (text.rjust(w) if right else text.ljust(w))

    lines = []
    start = 0
    while start < len(columns):
        stop, used = start + 1, rlabw + widths[start] + 1
        while stop < len(columns) and used + widths[stop] + 1 < _PRINT_WIDTH:
            used += widths[stop] + 1
            stop += 1
        block = range(start, stop)
        if col_title is not None:
            lines.append(" " * rlabw + col_title)
        head = row_title.ljust(rlabw) if row_title is not None else " " * rlabw
        lines.append(head + "".join(cell(col_labels[j], widths[j]) for j in block))
        for i, label in enumerate(row_labels):
            lead = " " * offset + label.ljust(rlabw - offset)
            lines.append(lead + "".join(cell(columns[j][i], widths[j]) for j in block))
        start = stop
    return lines


def _r_table_lines(counts: pd.DataFrame) -> list[str]:
    """R's print.table(): counts formatted to one common width, right-aligned."""
    cells = [[str(int(v)) for v in row] for row in counts.to_numpy().T]
    width = max(len(v) for column in cells for v in column)
    return _matrix_lines(
        [[v.rjust(width) for v in column] for column in cells],
        [_r_label(v) for v in counts.index],
        [_r_label(v) for v in counts.columns],
        right=True,
        row_title=_dim_name(counts.index),
        col_title=_dim_name(counts.columns),
    )


def _dim_name(index: pd.Index) -> str | None:
    return None if index.name is None else str(index.name)


def _caret_lines(report: ConfusionMatrixReport, mode: str) -> list[str]:
    """Port of caret's print.confusionMatrix()."""
    counts = report.table.to_numpy()
    levels = list(report.table.columns)
    lines = ["Confusion Matrix and Statistics", "", *_r_table_lines(report.table)]

    overall = {k: _r_as_character(_r_round(v, _PRINT_DIGITS)) for k, v in report.overall.items()}
    p_names = ["AccuracyPValue", "McnemarPValue"]
    p_texts = _r_format_pval([float(report.overall[k]) for k in p_names], _PRINT_DIGITS)
    overall.update(zip(p_names, p_texts, strict=True))
    texts = [
        overall["Accuracy"],
        f"({overall['AccuracyLower']}, {overall['AccuracyUpper']})",
        overall["AccuracyNull"],
        overall["AccuracyPValue"],
        "",
        overall["Kappa"],
        "",
        overall["McnemarPValue"],
    ]
    names = [
        "Accuracy",
        "95% CI",
        "No Information Rate",
        "P-Value [Acc > NIR]",
        "",
        "Kappa",
        "",
        "Mcnemar's Test P-Value",
    ]
    shown = [c for c in BY_CLASS_NAMES if c not in _HIDDEN_BY_MODE[mode]]

    if len(levels) > 2:
        lines += ["", "Overall Statistics"]
        lines += _labelled_text_lines(names, texts)
        lines += ["", "Statistics by Class:", ""]
        cells = _by_class_table(counts, list(range(len(levels))))
        columns = [_r_format([cells[i][s] for s in shown], _PRINT_DIGITS) for i in cells]
        col_labels = [f"Class: {_r_label(level)}" for level in levels]
        lines += _matrix_lines(columns, shown, col_labels, right=True)
        return lines

    positive = levels.index(report.positive)
    cells = _by_class_table(counts, [positive])[positive]
    texts += ["", *_r_format([cells[s] for s in shown], _PRINT_DIGITS)]
    names += ["", *shown]
    lines += _labelled_text_lines(
        [*names, "", "'Positive' Class", ""], [*texts, "", _r_label(report.positive), ""]
    )
    return lines


def _labelled_text_lines(names: list[str], texts: list[str]) -> list[str]:
    """caret's two-column character matrix: right-justified "Name :" and a value."""
    labels = [f"{n} :" if n else "" for n in names]
    width = max(map(len, labels))
    labels = [label.rjust(width) for label in labels]
    return _matrix_lines([labels, texts], [""] * len(labels), ["", ""], right=False)
