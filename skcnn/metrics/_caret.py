"""caret's ``confusionMatrix()``, number for number.

Pure functions from label vectors (or a table of counts, read by
:mod:`._table`) to pandas objects. The
statistics are the ones caret computes (``caret:::confusionMatrix.table``, with
its ``prevalence``), down to where it answers NA or NaN, and the reports print
like R does: the tests compare both with output that R itself produced
(``tests/r/make_caret_fixtures.R``, ``tests/r/make_caret_extra_fixtures.R``).

Levels follow R's factors (see :mod:`skcnn.metrics._labels`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._labels import native
from .._rprint import (
    NA,
    PRINT_DIGITS,
    RNA,
    labelled_text_lines,
    matrix_lines,
    r_as_character,
    r_format,
    r_format_pval,
    r_label,
    r_round,
    r_table_lines,
)
from ._labels import (
    _as_labels,
    _check_same_length,
    _codes,
    _counts,
    _shared_levels,
)
from ._table import RTable, _make_table, _table_counts

__all__ = ["ConfusionMatrixReport", "confusion_matrix_report"]

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
# caret's statistics
# --------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float | RNA:
    """caret's ``ifelse(denom > 0, numer / denom, NA)``."""
    return numerator / denominator if denominator > 0 else NA


def _divide(numerator: float, denominator: float) -> float:
    """IEEE division as R does it: 0/0 is NaN."""
    if denominator == 0:
        return math.nan if numerator == 0 or math.isnan(numerator) else math.inf
    return numerator / denominator


def _pred_values(sens, spec, prevalence: float) -> tuple:
    """caret's posPredValue and negPredValue from sensitivity, specificity, prevalence.

    NA when sensitivity or specificity is NA; 0/0 is NaN. The order of the
    operations is caret's, so the numbers agree bit for bit.
    """
    if sens is NA or spec is NA:
        return NA, NA
    ppv = _divide(sens * prevalence, (sens * prevalence) + ((1 - spec) * (1 - prevalence)))
    npv = _divide(spec * (1 - prevalence), ((1 - sens) * prevalence) + (spec * (1 - prevalence)))
    return ppv, npv


def _f_meas(precision, recall, beta: float = 1.0):
    """caret's F_meas.table: ``(1 + beta^2) * prec * rec / ((beta^2 * prec) + rec)``."""
    if precision is NA or recall is NA:
        return NA
    b2 = beta * beta  # R's beta^2 is beta * beta
    return _divide((1 + b2) * precision * recall, (b2 * precision) + recall)


def _by_class_cells(
    tp: int, fp: int, fn: int, tn: int, prevalence: float | None = None
) -> dict[str, float | RNA]:
    """caret's per-class statistics from the one-versus-rest 2x2 table.

    ``fp`` counts predictions of the class that are wrong, ``fn`` the samples of
    the class predicted as something else. ``prevalence`` replaces the class's
    share of the reference in the predictive values and the Prevalence row, as
    caret's ``prevalence`` argument does. The order of the floating-point
    operations follows caret's source so that the numbers agree bit for bit.
    """
    n = tp + fp + fn + tn
    if prevalence is None:
        prevalence = _divide(tp + fn, n)  # a table of zeros: 0/0, NaN as in caret
    sens = _ratio(tp, tp + fn)
    spec = _ratio(tn, fp + tn)
    ppv, npv = _pred_values(sens, spec, prevalence)
    balanced = NA if sens is NA or spec is NA else (sens + spec) / 2
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _f_meas(precision, recall)
    values = (
        sens,
        spec,
        ppv,
        npv,
        precision,
        recall,
        f1,
        prevalence,
        _divide(tp, n),
        _divide(tp + fp, n),
        balanced,
    )
    return dict(zip(BY_CLASS_NAMES, values, strict=True))


def _by_class_table(
    counts: np.ndarray, classes: list[int], prevalence: dict[int, float] | None = None
) -> dict[int, dict]:
    """Cells (floats, NaN or NA) for each class index; counts: rows = prediction.

    ``prevalence`` maps a class index to the prevalence caret was given for it.
    """
    n = int(counts.sum())
    predicted = counts.sum(axis=1)
    reference = counts.sum(axis=0)
    cells = {}
    for i in classes:
        tp = int(counts[i, i])
        fp = int(predicted[i]) - tp
        fn = int(reference[i]) - tp
        prev = None if prevalence is None else prevalence[i]
        cells[i] = _by_class_cells(tp, fp, fn, n - tp - fp - fn, prev)
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


def _mcnemar(counts: np.ndarray, correct: bool = True) -> tuple[float, int, float, bool]:
    """R's mcnemar.test(table, correct): statistic, df, p-value, whether corrected.

    Two classes: McNemar's chi-squared, with the continuity correction unless
    ``correct`` is False or the off-diagonal cells are equal. More classes:
    Bowker's symmetry test, without correction. A pair of empty off-diagonal
    cells makes the statistic 0/0: NaN, and so the p-value.
    """
    k = counts.shape[0]
    x = counts.astype(np.float64)
    diff = x - x.T
    corrected = bool(correct and k == 2 and np.any(diff != 0))
    if corrected:
        diff = np.abs(diff) - 1
    upper = np.triu_indices(k, 1)
    diff, total = diff[upper], (x + x.T)[upper]
    # An empty pair has diff = total = 0, and R's sum then is 0/0.
    statistic = math.nan if np.any(total == 0) else math.fsum(diff * diff / total)
    df = k * (k - 1) // 2
    return statistic, df, float(stats.chi2.sf(statistic, df)), corrected


def _mcnemar_pvalue(counts: np.ndarray) -> float:
    """R's mcnemar.test(table)$p.value, which caret reports for any number of classes."""
    return _mcnemar(counts)[2]


# The overall statistics caret answers NA (not NaN) for a table of zeros.
_NA_WHEN_EMPTY = ("AccuracyLower", "AccuracyUpper", "AccuracyNull", "AccuracyPValue")


def _overall(counts: np.ndarray) -> pd.Series:
    n = int(counts.sum())
    if n == 0:
        # caret: accuracy and kappa are 0/0 (NaN), binom.test is skipped (NA), and
        # mcnemar.test's statistic is 0/0 (NaN)
        values = [math.nan] * len(OVERALL_NAMES)
        return pd.Series(values, index=list(OVERALL_NAMES), dtype=float)
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


def _as_float(cell: float | RNA) -> float:
    return math.nan if cell is NA else float(cell)


def _resolve_positive(positive: Any, levels: list) -> Any:
    if positive is None:
        return levels[0] if len(levels) == 2 else None
    if len(levels) != 2:
        raise ValueError(
            f"positive={positive!r} applies to two classes only, but there are "
            f"{len(levels)} levels; leave positive=None to get a row per class."
        )
    for level in levels:
        if positive == level or (isinstance(positive, str) and positive == r_label(level)):
            return level
    raise ValueError(f"positive={positive!r} is not one of the levels {levels}; pass one of them.")


def _check_mode(mode: Any) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}.")
    return mode


# --------------------------------------------------------------------------
# prevalence, as caret's confusionMatrix.table reads it
# --------------------------------------------------------------------------


def _match_level(value: Any, levels: list) -> int | None:
    """Index of the level equal to ``value``, or printed as ``value`` ("1" for 1)."""
    for i, level in enumerate(levels):
        if value == level:
            return i
    if isinstance(value, str):
        for i, level in enumerate(levels):
            if value == r_label(level):
                return i
    return None


def _check_probability(value: Any, name: str) -> float:
    if isinstance(value, bool | str) or not np.isscalar(value) or not np.isreal(value):
        raise ValueError(f"{name} must be a probability (a number in [0, 1]), got {value!r}.")
    value = float(value)
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}.")
    return value


def _check_prevalence(prevalence: Any, levels: list) -> float | dict | None:
    """caret's ``prevalence``: one number for two classes, one per level for more.

    Returns None, a float (two classes: the positive class's prevalence) or a
    dict level -> float in the order of ``levels``.
    """
    if prevalence is None:
        return None
    k = len(levels)
    is_named = isinstance(prevalence, Mapping | pd.Series)
    if k == 2:
        if is_named or np.ndim(prevalence) != 0:
            raise ValueError(
                "with two classes prevalence must be one number, the prevalence of the "
                'positive class (caret: "with two levels, one prevalence probability '
                f'must be specified"), got a {type(prevalence).__name__}.'
            )
        return _check_probability(prevalence, "prevalence")
    size = len(prevalence) if is_named or np.ndim(prevalence) == 1 else 1
    if size != k:
        raise ValueError(
            f"prevalence must give one probability per level ({k} levels: {levels}), got "
            f'{size} (caret: "the number of prevalence probability must be the same as '
            'the number of levels").'
        )
    if not is_named:
        example = ", ".join(f"{r_label(v)!r}: ..." for v in levels[:3])
        raise ValueError(
            "with more than two classes prevalence must name the level of each "
            'probability (caret: "with >2 classes, the prevalence vector must have '
            f'names"); pass a dict such as {{{example}}} or a pandas Series.'
        )
    matched, unknown = {}, []
    for key, value in prevalence.items():
        i = _match_level(native(key), levels)
        if i is None or i in matched:
            unknown.append(native(key))
        else:
            matched[i] = _check_probability(value, f"prevalence[{key!r}]")
    if unknown:
        missing = [levels[j] for j in range(k) if j not in matched]
        raise ValueError(
            f"prevalence names {unknown} but not the levels {missing}; name each level "
            "once (caret would silently answer NA for a level it cannot find)."
        )
    return {levels[i]: matched[i] for i in range(k)}


def _prevalence_by_index(prevalence: Any, levels: list, positive: Any) -> dict | None:
    if prevalence is None:
        return None
    if isinstance(prevalence, dict):
        return {i: prevalence[level] for i, level in enumerate(levels)}
    return {levels.index(positive): prevalence}


def _report_from_counts(
    counts: np.ndarray, levels: list, dnn: tuple, positive: Any, prevalence: Any, mode: str
) -> ConfusionMatrixReport:
    """caret's confusionMatrix.table on counts with rows = prediction."""
    mode = _check_mode(mode)
    positive = _resolve_positive(positive, levels)
    prevalence = _check_prevalence(prevalence, levels)
    k = len(levels)
    classes = [levels.index(positive)] if positive is not None else list(range(k))
    cells = _by_class_table(counts, classes, _prevalence_by_index(prevalence, levels, positive))
    by_class = pd.DataFrame(
        [[_as_float(v) for v in cells[i].values()] for i in classes],
        index=pd.Index([levels[i] for i in classes], tupleize_cols=False),
        columns=list(BY_CLASS_NAMES),
    )
    return ConfusionMatrixReport(
        table=_make_table(counts, levels, levels, dnn),
        overall=_overall(counts),
        by_class=by_class,
        positive=positive,
        mode=mode,
        prevalence=prevalence,
    )


@dataclass(frozen=True, eq=False, repr=False)
class ConfusionMatrixReport:
    """caret's ``confusionMatrix`` result: the table and its statistics.

    Build it with :func:`confusion_matrix_report` from labels, or with
    :meth:`ConfusionMatrixReport.from_table` from a table of counts.
    ``print(report)`` reads like ``print(confusionMatrix(...))`` in R.

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
    prevalence : float, dict or None
        The prevalence the report was given (caret's ``prevalence``): a float,
        the positive class's, for two classes; a dict level -> float for more;
        None where each class's share of the reference was used.

    See Also
    --------
    confusion_matrix_report : Builds the report from labels.
    ConfusionMatrixReport.from_table : Builds it from a table of counts.
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
    prevalence: Any = None

    @classmethod
    def from_table(
        cls, table, positive=None, prevalence=None, mode="sens_spec"
    ) -> ConfusionMatrixReport:
        """caret's ``confusionMatrix(table)``: the report from a table of counts.

        Parameters
        ----------
        table : pandas.DataFrame or array-like of shape (n_classes, n_classes)
            Counts with rows = Prediction and columns = Reference, caret's
            layout. A DataFrame names the classes (its index and columns must
            be the same levels in the same order) and its axis names head the
            printed table; an array or nested list gets the levels "A", "B",
            "C", ... that R's ``as.table()`` gives, and no axis names. Counts
            must be non-negative whole numbers. A table of zeros gives caret's
            answer: NaN for every statistic (see Notes).
        positive : object, optional
            The event class of a two-class table; by default the first level.
        prevalence : float or mapping, optional
            caret's ``prevalence``: for two classes, one number, the prevalence
            of the positive class; for more, a mapping level -> prevalence
            (a dict or a Series, one entry per level). It replaces each class's
            share of the reference in Pos Pred Value, Neg Pred Value and
            Prevalence; nothing else changes. By default the shares themselves.
        mode : {"sens_spec", "prec_recall", "everything"}, default "sens_spec"
            Which by-class statistics ``print`` shows.

        Returns
        -------
        ConfusionMatrixReport
            The same report :func:`confusion_matrix_report` gives for the label
            vectors the table counts, printing like caret's
            ``print(confusionMatrix(as.table(m)))``.

        Raises
        ------
        ValueError
            caret's errors: a table that is not 2-D or not square, a single
            level, row and column names that differ, a prevalence of the wrong
            length or without names; and also counts that are negative, not
            whole or missing, and prevalence names that are not levels.

        Notes
        -----
        The table keeps the DataFrame's axis names, as R's table keeps its
        dimnames' names: ``from_table(report.table)`` is ``report`` again. An
        :class:`RTable` from :func:`table` (rows = ``actual``) is refused,
        since its rows are the truth; pass its transpose.

        A table of zeros (nothing was predicted: an empty test set, a filter
        that kept no sample) gives caret's answers rather than an error:
        Accuracy and Kappa are 0/0 (NaN), the interval, the no-information
        rate and its p-value are NA (caret skips ``binom.test``), McNemar's
        p-value is NaN; by class, Sensitivity, Specificity, the predictive
        values, Precision, Recall, F1 and Balanced Accuracy are NA, Prevalence
        and the detection rates 0/0 (NaN; a given ``prevalence`` is kept).
        ``overall`` and ``by_class`` hold NaN for both; the print tells them
        apart as caret does ("NA", "NaN").

        Examples
        --------
        >>> from skcnn.metrics import ConfusionMatrixReport
        >>> rep = ConfusionMatrixReport.from_table([[5, 2], [1, 7]])
        >>> rep.table
          A B
        A 5 2
        B 1 7
        >>> rep.positive, float(rep.overall["Accuracy"])
        ('A', 0.8)
        >>> rare = ConfusionMatrixReport.from_table([[5, 2], [1, 7]], prevalence=0.1)
        >>> rare.by_class.loc["A", ["Sensitivity", "Pos Pred Value"]].round(4).tolist()
        [0.8333, 0.2941]
        >>> empty = ConfusionMatrixReport.from_table([[0, 0], [0, 0]])
        >>> empty.overall.isna().all(), empty.to_string().splitlines()[7]
        (np.True_, '                 95% CI : (NA, NA)')
        """
        counts, levels, dnn = _table_counts(table, "table", allow_empty=True)
        return _report_from_counts(counts, levels, dnn, positive, prevalence, mode)

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
            predictions), ``overall``, ``by_class`` and ``prevalence`` (None,
            a number, or a dict keyed by the levels as R prints them); NaN
            (caret's NA or NaN) becomes None.

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

        prevalence = self.prevalence
        if isinstance(prevalence, dict):
            prevalence = {r_label(k): float(v) for k, v in prevalence.items()}
        return {
            "positive": native(self.positive),
            "mode": self.mode,
            "levels": [native(v) for v in self.table.columns],
            "table": [[int(c) for c in row] for row in self.table.to_numpy()],
            "overall": {k: clean(v) for k, v in self.overall.items()},
            "by_class": {
                r_label(cls): {k: clean(v) for k, v in row.items()}
                for cls, row in self.by_class.iterrows()
            },
            "prevalence": prevalence,
        }

    def _repr_html_(self) -> str:
        shown = [c for c in BY_CLASS_NAMES if c not in _HIDDEN_BY_MODE[self.mode]]
        by_class = self.by_class[shown].T
        by_class.columns = [f"Class: {r_label(c)}" for c in by_class.columns]
        positive = (
            f"<p>'Positive' Class : {html.escape(r_label(self.positive))}</p>"
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
    y_true, y_pred, positive=None, labels=None, mode="sens_spec", prevalence=None
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
    prevalence : float or mapping, optional
        caret's ``prevalence``: for two classes, one number, the prevalence of
        the positive class; for more, a mapping level -> prevalence (a dict or
        a Series, one entry per level). It replaces each class's share of
        ``y_true`` in Pos Pred Value, Neg Pred Value and Prevalence, e.g. to
        report a test set's results at the prevalence of the population.

    Returns
    -------
    ConfusionMatrixReport
        ``table`` (rows = Prediction), ``overall``, ``by_class``, ``positive``,
        ``mode``, ``prevalence``; prints like caret.

    Raises
    ------
    ValueError
        For empty input, different lengths, missing labels, fewer than two
        levels, labels outside ``labels``, an unknown ``positive`` or ``mode``,
        a ``prevalence`` of the wrong shape or outside [0, 1].

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

    caret gives NA for a level its named ``prevalence`` vector lacks; here a
    mapping must name every level once, and a ``ValueError`` says which are
    missing.

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
    _check_mode(mode)
    truth, truth_cats = _as_labels(y_true, "y_true")
    pred, pred_cats = _as_labels(y_pred, "y_pred")
    _check_same_length(truth, pred, ("y_true", "y_pred"))
    levels = _shared_levels(truth, truth_cats, pred, pred_cats, labels)
    if len(levels) < 2:
        raise ValueError(
            f"there is only one level ({levels[0]!r}); caret needs at least two: "
            "name the other class(es) with `labels`."
        )
    k = len(levels)
    counts = _counts(_codes(pred, levels, "y_pred"), _codes(truth, levels, "y_true"), k, k)
    dnn = ("Prediction", "Reference")
    return _report_from_counts(counts, levels, dnn, positive, prevalence, mode)


def _caret_lines(report: ConfusionMatrixReport, mode: str) -> list[str]:
    """Port of caret's print.confusionMatrix()."""
    counts = report.table.to_numpy()
    levels = list(report.table.columns)
    prevalence = _prevalence_by_index(report.prevalence, levels, report.positive)
    lines = ["Confusion Matrix and Statistics", "", *r_table_lines(report.table)]

    overall = {k: r_as_character(r_round(v, PRINT_DIGITS)) for k, v in report.overall.items()}
    if counts.sum() == 0:
        overall.update(dict.fromkeys(_NA_WHEN_EMPTY, "NA"))
    p_names = ["AccuracyPValue", "McnemarPValue"]
    p_texts = r_format_pval([float(report.overall[k]) for k in p_names], PRINT_DIGITS)
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
        lines += labelled_text_lines(names, texts)
        lines += ["", "Statistics by Class:", ""]
        cells = _by_class_table(counts, list(range(len(levels))), prevalence)
        columns = [r_format([cells[i][s] for s in shown], PRINT_DIGITS) for i in cells]
        col_labels = [f"Class: {r_label(level)}" for level in levels]
        lines += matrix_lines(columns, shown, col_labels, right=True)
        return lines

    positive = levels.index(report.positive)
    cells = _by_class_table(counts, [positive], prevalence)[positive]
    texts += ["", *r_format([cells[s] for s in shown], PRINT_DIGITS)]
    names += ["", *shown]
    lines += labelled_text_lines(
        [*names, "", "'Positive' Class", ""], [*texts, "", r_label(report.positive), ""]
    )
    return lines
