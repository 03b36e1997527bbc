"""What ``summary()`` and ``diff()`` of :class:`~skcnn.model_selection.Resamples`
return, and their prints: caret's ``print(summary(resamples))`` and
``print(summary(diff(resamples)))``, character for character."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._rprint import NA, matrix_lines, r_format, r_format_pval

__all__ = ["ResamplesDiff", "ResamplesDiffSummary", "ResamplesSummary"]

_STAT_NAMES = ["Min.", "1st Qu.", "Median", "Mean", "3rd Qu.", "Max.", "NA's"]
_PRINT_DIGITS = 7  # getOption("digits"): print(matrix) in print.summary.resamples
_DIFF_DIGITS = 4  # summary.diff.resamples: max(3, getOption("digits") - 3)


class ResamplesSummary:
    """caret's ``summary(resamples)``: five numbers and missing values per model and metric.

    Made by :meth:`Resamples.summary`; ``print()`` shows it as caret does.

    Attributes
    ----------
    statistics : dict of str to pandas.DataFrame
        Per metric, rows = models, columns = Min., 1st Qu., Median, Mean,
        3rd Qu., Max., NA's (quartiles as R's ``quantile(type = 7)``; NaN where a
        model has no score on that metric).
    models : list of str
    metrics : list of str
    n_resamples : int

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> rs = Resamples.from_values(pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3"],
    ...     "a~Accuracy": [0.8, 0.9, 0.85], "b~Accuracy": [0.7, 0.8, 0.75]}))
    >>> rs.summary()["Accuracy"]["Median"].tolist()
    [0.85, 0.75]
    """

    def __init__(self, *, statistics, models, n_resamples, call):
        self.statistics = statistics
        self.models = models
        self.metrics = list(statistics)
        self.n_resamples = n_resamples
        self._call = call

    def __getitem__(self, metric) -> pd.DataFrame:
        """The table of one metric."""
        if metric not in self.statistics:
            raise KeyError(f"Unknown metric {metric!r}: this summary has {self.metrics}.")
        return self.statistics[metric]

    def to_string(self) -> str:
        """The text ``print()`` shows: caret's ``print(summary(resamples))``."""
        lines = ["", "Call:", self._call, ""]
        lines.append(f"Models: {', '.join(self.models)} ")
        lines.append(f"Number of resamples: {self.n_resamples} ")
        lines.append("")
        for metric, frame in self.statistics.items():
            lines.append(f"{metric} ")
            lines += _summary_matrix_lines(frame)
            lines.append("")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return self.to_string()


def _summary_matrix_lines(frame: pd.DataFrame) -> list[str]:
    """R's print() of the numeric matrix: each column formatted on its own (7 digits).

    A model with no score has R's NA quartiles and a NaN mean (mean of nothing).
    """
    columns = []
    for name in _STAT_NAMES:
        cells = frame[name].tolist()
        if name not in ("Mean", "NA's"):
            cells = [NA if math.isnan(v) else v for v in cells]
        columns.append(r_format(cells, _PRINT_DIGITS))
    return matrix_lines(columns, list(frame.index), _STAT_NAMES, right=True)


class ResamplesDiff:
    """caret's ``diff(resamples)``: tests of every pair of models, per metric.

    Made by :meth:`Resamples.diff`.

    Attributes
    ----------
    differences : dict of str to pandas.DataFrame
        Per metric, the per-resample differences, one column per pair named
        ``"left.diff.right"`` as caret names them.
    statistics : dict of str to pandas.DataFrame
        Per metric, one row per pair: ``estimate`` (mean difference),
        ``statistic`` (t), ``df``, ``p_value``, ``p_adjusted`` (by
        ``adjustment``), ``conf_low``, ``conf_high`` (at ``confidence_level``)
        and ``n`` (resamples with both scores).
    models : list of str
    metrics : list of str
    method : str
        ``"t.test"`` or ``"corrected"``.
    adjustment : str
        The ``p.adjust`` method.
    confidence_level : float
        The level of the intervals; with Bonferroni, caret's widened level
        ``1 - (1 - level) / choose(p, 2)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> rs = Resamples.from_values(pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4"],
    ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78],
    ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83]}))
    >>> rs.diff().differences["Accuracy"]["a.diff.b"].round(2).tolist()
    [-0.06, -0.03, -0.03, -0.05]
    """

    def __init__(
        self, *, differences, statistics, models, method, adjustment, confidence_level, call
    ):
        self.differences = differences
        self.statistics = statistics
        self.models = models
        self.metrics = list(statistics)
        self.method = method
        self.adjustment = adjustment
        self.confidence_level = confidence_level
        self._call = call

    def summary(self):
        """caret's ``summary(diff(resamples))``: estimates above the diagonal,
        adjusted p-values below.

        Returns
        -------
        ResamplesDiffSummary

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> rs = Resamples.from_values(pd.DataFrame({
        ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4"],
        ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78],
        ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83]}))
        >>> rs.diff().summary()  # doctest: +NORMALIZE_WHITESPACE
        <BLANKLINE>
        Call:
        Resamples.from_values(values).diff().summary()
        <BLANKLINE>
        p-value adjustment: bonferroni
        Upper diagonal: estimates of the difference
        Lower diagonal: p-value for H0: difference = 0
        <BLANKLINE>
        Accuracy
          a       b
        a         -0.0425
        b 0.01088
        <BLANKLINE>
        """
        m = len(self.models)
        estimates, p_values, tables = {}, {}, {}
        for metric, frame in self.statistics.items():
            est = np.full((m, m), math.nan)
            pv = np.full((m, m), math.nan)
            upper = [(i, j) for i in range(m) for j in range(m) if i < j]
            for (i, j), (_, row) in zip(upper, frame.iterrows(), strict=True):
                est[i, j] = row["estimate"]
                pv[j, i] = row["p_adjusted"]
            estimates[metric] = pd.DataFrame(est, index=self.models, columns=self.models)
            p_values[metric] = pd.DataFrame(pv, index=self.models, columns=self.models)
            tables[metric] = _diff_table(est, pv, self.models)
        return ResamplesDiffSummary(
            estimates=estimates,
            p_values=p_values,
            table=tables,
            adjustment=self.adjustment,
            method=self.method,
            call=f"{self._call}.summary()",
        )

    def __repr__(self) -> str:
        return self.summary().to_string()


def _diff_table(est: np.ndarray, pv: np.ndarray, models) -> pd.DataFrame:
    """caret's asText: format(meanDiff, digits = 4) above the diagonal and
    format.pval(pvals, digits = 4) below, each formatted as one whole matrix."""
    m = len(models)
    # R formats a matrix in column-major order, NA cells included.
    cells = [(i, j) for j in range(m) for i in range(m)]
    est_text = r_format([est[i, j] if i < j else NA for i, j in cells], _DIFF_DIGITS)
    pv_text = r_format_pval([pv[i, j] for i, j in cells], _DIFF_DIGITS)
    text = [["" for _ in range(m)] for _ in range(m)]
    for (i, j), e, p in zip(cells, est_text, pv_text, strict=True):
        if i < j:
            text[i][j] = e
        elif i > j:
            text[i][j] = p
    return pd.DataFrame(text, index=list(models), columns=list(models))


class ResamplesDiffSummary:
    """caret's ``summary(diff(resamples))``, printed as caret prints it.

    Attributes
    ----------
    estimates : dict of str to pandas.DataFrame
        Per metric, models x models: the mean difference row - column above the
        diagonal, NaN elsewhere.
    p_values : dict of str to pandas.DataFrame
        Per metric, models x models: the adjusted p-value of the pair below the
        diagonal, NaN elsewhere.
    table : dict of str to pandas.DataFrame
        Per metric, the text caret prints (both triangles).
    adjustment : str
    method : str

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> rs = Resamples.from_values(pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4"],
    ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78],
    ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83]}))
    >>> s = rs.diff().summary()
    >>> round(float(s.estimates["Accuracy"].loc["a", "b"]), 4)
    -0.0425
    """

    def __init__(self, *, estimates, p_values, table, adjustment, method, call):
        self.estimates = estimates
        self.p_values = p_values
        self.table = table
        self.metrics = list(table)
        self.adjustment = adjustment
        self.method = method
        self._call = call

    def to_string(self) -> str:
        """The text ``print()`` shows: caret's ``print(summary(diff(resamples)))``."""
        lines = ["", "Call:", self._call, ""]
        if self.adjustment != "none":
            lines.append(f"p-value adjustment: {self.adjustment} ")
        if self.method == "corrected":
            lines.append("Test: corrected resampled t-test (Nadeau and Bengio, 2003)")
        lines.append("Upper diagonal: estimates of the difference")
        lines.append("Lower diagonal: p-value for H0: difference = 0")
        lines.append("")
        for metric, frame in self.table.items():
            lines.append(f"{metric} ")
            columns = [frame[c].tolist() for c in frame.columns]
            lines += matrix_lines(columns, list(frame.index), list(frame.columns), right=False)
            lines.append("")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return self.to_string()
