"""What ``summary()`` and ``diff()`` of :class:`~skcnn.model_selection.Resamples`
return, and their prints: caret's ``print(summary(resamples))`` and
``print(summary(diff(resamples)))``, character for character."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._rprint import NA, matrix_lines, named_vector_lines, r_format, r_format_pval

__all__ = ["ResamplesDiff", "ResamplesDiffSummary", "ResamplesSummary", "TTest"]

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


_T_TEST_METHODS = {
    "t.test": "One Sample t-test",
    "corrected": "Corrected resampled t-test (Nadeau and Bengio, 2003)",
}


@dataclass(frozen=True, eq=False, repr=False)
class TTest:
    """R's one-sample ``t.test`` result (an ``htest``), printed as R prints it.

    What :meth:`Resamples.diff` holds for each pair of models (in
    :attr:`ResamplesDiff.tests`, as caret's ``diff()$statistics`` holds R's
    ``htest`` objects) and what :func:`compare_models` returns. The test is of
    the per-resample differences ``left - right`` against a mean of zero.

    Attributes
    ----------
    statistic : float
        The t statistic (R's ``statistic``); NaN where the pair cannot be
        tested (fewer than two differences, or constant ones: R's ``t.test``
        stops there).
    df : float
        Degrees of freedom (R's ``parameter``), the number of differences - 1.
    p_value : float
        Two-sided p-value (R's ``p.value``); :attr:`pvalue` is the same number,
        under SciPy's and statsmodels' name.
    conf_int : tuple of float
        The confidence interval of the mean difference (R's ``conf.int``).
    confidence_level : float
        Its level (R's ``attr(conf.int, "conf.level")``); Bonferroni's widened
        level in a :meth:`Resamples.diff` of more than two models.
    estimate : float
        The mean difference (R's ``estimate``, "mean of x").
    stderr : float
        The standard error of the mean difference (R's ``stderr``); with
        ``method="corrected"``, Nadeau and Bengio's corrected one.
    n : int
        The number of differences (resamples where both models have a score).
    null_value : float
        0, the mean under the null hypothesis (R's ``null.value``).
    alternative : str
        ``"two.sided"``.
    method : str
        ``"One Sample t-test"`` (R's), or ``"Corrected resampled t-test
        (Nadeau and Bengio, 2003)"`` for ``diff(method="corrected")``.
    data_name : str
        What R prints after ``data:``; ``"x"``, as in caret, which calls
        ``t.test`` on each column of the differences through ``apply``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> rs = Resamples.from_values(pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"],
    ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78, 0.84],
    ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83, 0.90]}))
    >>> test = rs.diff().tests["Accuracy"]["a.diff.b"]
    >>> round(test.statistic, 4), test.df, test.pvalue == test.p_value
    (-6.7823, 4.0, True)
    >>> test  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
        One Sample t-test
    <BLANKLINE>
    data:  x
    t = -6.7823, df = 4, p-value = 0.002467
    alternative hypothesis: true mean is not equal to 0
    95 percent confidence interval:
     -0.06483077 -0.02716923
    sample estimates:
    mean of x
       -0.046
    <BLANKLINE>
    """

    statistic: float
    df: float
    p_value: float
    conf_int: tuple
    confidence_level: float
    estimate: float
    stderr: float
    n: int
    null_value: float = 0.0
    alternative: str = "two.sided"
    method: str = _T_TEST_METHODS["t.test"]
    data_name: str = "x"

    @classmethod
    def _from_result(cls, result: dict, confidence_level: float, method: str = "t.test"):
        """From the dict of :func:`skcnn._rstats.t_test`."""
        return cls(
            statistic=float(result["statistic"]),
            df=float(result["df"]),
            p_value=float(result["p_value"]),
            conf_int=(float(result["conf_low"]), float(result["conf_high"])),
            confidence_level=float(confidence_level),
            estimate=float(result["estimate"]),
            stderr=float(result["stderr"]),
            n=int(result["n"]),
            method=_T_TEST_METHODS[method],
        )

    @property
    def pvalue(self) -> float:
        """The p-value, SciPy's and statsmodels' name for :attr:`p_value`."""
        return self.p_value

    @property
    def parameter(self) -> float:
        """R's name for :attr:`df`."""
        return self.df

    def to_string(self) -> str:
        """The text ``print()`` shows: R's ``print.htest`` (``digits = 7``).

        Returns
        -------
        str
        """
        digits = 7  # getOption("digits")
        p_text = r_format_pval([self.p_value], digits - 3)[0]
        p_part = f"p-value {p_text}" if p_text.startswith("<") else f"p-value = {p_text}"
        statistic = r_format([self.statistic], digits - 2)[0]
        df = r_format([self.df], digits - 2)[0]
        low, high = r_format(list(self.conf_int), digits)
        level = r_format([100 * self.confidence_level], digits)[0]
        return "\n".join(
            [
                "",
                "\t" + self.method,
                "",
                f"data:  {self.data_name}",
                f"t = {statistic}, df = {df}, {p_part}",
                "alternative hypothesis: true mean is not equal to 0",
                f"{level} percent confidence interval:",
                f" {low} {high}",
                "sample estimates:",
                *named_vector_lines(["mean of x"], [self.estimate], digits),
                "",
            ]
        )

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


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
    tests : dict of str to dict of str to TTest
        Per metric, per pair, the t-test itself as R's ``htest`` (caret's
        ``diff()$statistics``): the same numbers, plus ``stderr``, the
        ``pvalue`` alias of ``p_value``, and R's print. The p-values there are
        not adjusted.
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
        self,
        *,
        differences,
        statistics,
        models,
        method,
        adjustment,
        confidence_level,
        call,
        tests=None,
    ):
        self.differences = differences
        self.statistics = statistics
        self.tests = {} if tests is None else tests
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
