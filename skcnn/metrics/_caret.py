"""R's ``table()`` and caret's ``confusionMatrix()``, number for number.

Pure functions from label vectors to pandas objects. The statistics are the ones
caret computes (``caret:::confusionMatrix.table``), down to where it answers NA
or NaN, and the reports print like R does: the tests compare both with output
that R itself produced (``tests/r/make_caret_fixtures.R``).

Levels follow R's factors (see :mod:`skcnn.metrics._labels`).
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

from ._labels import (
    _as_labels,
    _check_same_length,
    _codes,
    _counts,
    _native,
    _own_levels,
    _shared_levels,
)
from ._rprint import (
    _NA,
    _PRINT_DIGITS,
    _RNA,
    _labelled_text_lines,
    _matrix_lines,
    _r_as_character,
    _r_format,
    _r_format_pval,
    _r_label,
    _r_round,
    _r_table_lines,
)

__all__ = ["ConfusionMatrixReport", "RTable", "confusion_matrix_report", "table"]

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


# --------------------------------------------------------------------------
# table()
# --------------------------------------------------------------------------


def _check_dnn(dnn: Any) -> tuple[str, str]:
    if not (
        isinstance(dnn, tuple | list) and len(dnn) == 2 and all(isinstance(d, str) for d in dnn)
    ):
        raise ValueError(f"dnn must be two strings (row name, column name), got {dnn!r}.")
    return dnn[0], dnn[1]


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
