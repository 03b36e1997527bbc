"""caret's ``resamples`` object: per-resample scores of several models on the same
folds, their five-number ``summary()``, the paired tests of ``diff()`` and
``combine()``.

The numbers and the printed text are checked against R
(``tests/r/make_resamples_fixtures.R``).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from .._rstats import quantile7, t_test
from ._cor import COR_METHODS, COR_USES, r_cor
from ._multitest import _check_adjustment, p_adjust
from ._prints import _STAT_NAMES, ResamplesDiff, ResamplesSummary, TTest

__all__ = ["Resamples"]

_RESAMPLE = "Resample"
_SEP = "~"
_METHODS = ("t.test", "corrected")


# --------------------------------------------------------------------------
# R's summary(): quantile(type = 7)
# --------------------------------------------------------------------------


def _five_numbers(values: np.ndarray) -> list[float]:
    """summary(x)[1:6] of R: Min., 1st Qu., Median, Mean, 3rd Qu., Max. (NA removed)."""
    present = values[~np.isnan(values)]
    if len(present) == 0:
        return [math.nan] * 6
    quartiles = [float(q) for q in quantile7(present, [0.0, 0.25, 0.5, 0.75, 1.0])]
    mean = math.fsum(present) / len(present)
    return quartiles[:3] + [mean] + quartiles[3:]


# --------------------------------------------------------------------------
# Resamples
# --------------------------------------------------------------------------


class Resamples:
    """Per-resample scores of several models on the same folds, as caret's ``resamples``.

    Made by :func:`resamples` or :meth:`from_values`.

    Parameters
    ----------
    values : pandas.DataFrame
        caret's ``$values``: a ``Resample`` column, then one column per
        ``model~metric``; see :meth:`from_values`.
    test_train_ratio : float, optional
        Mean test-set size over mean training-set size of the resamples (1/9 for
        10-fold cross-validation), needed by ``diff(method="corrected")``.
    check_folds : bool, default=True
        Refuse values whose missing scores show models scored on different
        resamples; see :meth:`from_values`.
    splits : list of (ndarray, ndarray), optional
        The (train, test) indices of every resample, as :func:`resamples`
        records them; :meth:`combine` then refuses other splits.
    timings : pandas.DataFrame, optional
        Per model, the total ``fit_time`` and ``score_time`` in seconds.
    methods : dict of str to str, optional
        Per model, the estimator's class name (caret's ``$methods``).
    call : str, optional
        The call the print shows; by default ``Resamples.from_values(values)``.

    Attributes
    ----------
    values : pandas.DataFrame
        ``Resample`` (labels as caret names them: "Fold01" ... "Fold10" for 10
        folds, "Fold1" ... "Fold5" for 5, "Fold01.Rep1" ... for repeated
        folds, "Resample01" ... for other splitters), then ``model~metric``
        columns, models and metrics in order.
    models : list of str
        The model names.
    metrics : list of str
        The metric names ("Accuracy", "Kappa", ...).
    test_train_ratio : float or None
        See above; :func:`resamples` records it from the splits.
    splits : list of (ndarray, ndarray) or None
        The (train, test) indices of every resample (from :func:`resamples`).
    timings : pandas.DataFrame or None
        Per model, the total ``fit_time`` and ``score_time`` in seconds.
    methods : dict or None
        Per model, the estimator's class name (caret's ``$methods``).

    See Also
    --------
    resamples : Score models on shared folds.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> values = pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"],
    ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78, 0.84],
    ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83, 0.90]})
    >>> rs = Resamples.from_values(values, test_train_ratio=1 / 4)
    >>> rs  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
    Call:
    Resamples.from_values(values)
    <BLANKLINE>
    Models: a, b
    Number of resamples: 5
    Performance metrics: Accuracy
    """

    def __init__(
        self,
        values,
        *,
        test_train_ratio=None,
        check_folds=True,
        splits=None,
        timings=None,
        methods=None,
        call=None,
    ):
        self.values, self.models, self.metrics = _check_values(values, check_folds)
        self.test_train_ratio = _check_ratio(test_train_ratio)
        self._splits = splits
        self._timings = timings
        self._methods = methods
        self._call = "Resamples.from_values(values)" if call is None else call

    @classmethod
    def from_values(cls, values, *, test_train_ratio=None, check_folds=True):
        """Build a :class:`Resamples` from per-resample scores computed elsewhere.

        Parameters
        ----------
        values : pandas.DataFrame
            Laid out as caret's ``$values``: a ``Resample`` column of resample
            labels, then one numeric column per ``model~metric`` (e.g.
            ``"lenet5~Accuracy"``); every model needs every metric. NaN is a
            missing score (caret's NA): summaries count it, tests leave the pair
            out.
        test_train_ratio : float, optional
            Mean test size over mean training size of the resamples (``1/(k-1)``
            for k-fold cross-validation); ``diff(method="corrected")`` needs it.
        check_folds : bool, default=True
            A model with no score on any metric of a resample where another model
            has scores was not scored on that resample: the values were most
            likely merged from different cross-validations, and are refused.
            ``False`` accepts them (the missing scores are then treated as
            caret treats NA), for instance when a single metric is genuinely
            undefined on some folds.

        Returns
        -------
        Resamples

        Raises
        ------
        TypeError
            If ``values`` is not a DataFrame.
        ValueError
            If the ``Resample`` column is missing or repeats a label, a column is
            not of the form ``model~metric``, a model lacks a metric, a column is
            not numeric, there are fewer than two resamples, or (with
            ``check_folds``) the NaN pattern shows models scored on different
            resamples.

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> values = pd.DataFrame({"Resample": ["Fold1", "Fold2", "Fold3"],
        ...                        "a~Accuracy": [0.8, 0.9, 0.85],
        ...                        "b~Accuracy": [0.7, 0.8, 0.75]})
        >>> rs = Resamples.from_values(values)
        >>> rs.models, rs.metrics
        (['a', 'b'], ['Accuracy'])
        >>> Resamples.from_values(values.rename(columns={"b~Accuracy": "b_Accuracy"}))
        Traceback (most recent call last):
        ...
        ValueError: Column 'b_Accuracy' of values is not of the form 'model~metric' ...
        """
        return cls(values, test_train_ratio=test_train_ratio, check_folds=check_folds)

    # -- read-only views ---------------------------------------------------

    @property
    def n_resamples(self) -> int:
        """Number of resamples (rows of :attr:`values`)."""
        return len(self.values)

    @property
    def splits(self):
        """The (train, test) indices of every resample, or None (built from values)."""
        return self._splits

    @property
    def timings(self):
        """Per model, total ``fit_time`` and ``score_time`` in seconds, or None."""
        return self._timings

    @property
    def methods(self):
        """Per model, the estimator's class name (caret's ``$methods``), or None."""
        return self._methods

    def _column(self, model: str, metric: str) -> np.ndarray:
        return self.values[f"{model}{_SEP}{metric}"].to_numpy(dtype=float)

    # -- caret's methods ---------------------------------------------------

    def summary(self, metric=None):
        """Five-number summaries per model and metric, as caret's ``summary(resamples)``.

        Parameters
        ----------
        metric : str or list of str, optional
            The metrics to summarise; all by default.

        Returns
        -------
        ResamplesSummary
            Prints as caret prints ``summary(resamples)``; its ``statistics``
            hold one DataFrame per metric (rows: models; columns: Min., 1st Qu.,
            Median, Mean, 3rd Qu., Max., NA's), quartiles as R's
            ``quantile(type = 7)``, missing values left out and counted.

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> rs = Resamples.from_values(pd.DataFrame({
        ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4"],
        ...     "a~Accuracy": [0.8, 0.9, 0.85, None],
        ...     "b~Accuracy": [0.7, 0.8, 0.75, 0.9]}), check_folds=False)
        >>> rs.summary()  # doctest: +NORMALIZE_WHITESPACE
        <BLANKLINE>
        Call:
        Resamples.from_values(values).summary()
        <BLANKLINE>
        Models: a, b
        Number of resamples: 4
        <BLANKLINE>
        Accuracy
          Min. 1st Qu. Median   Mean 3rd Qu. Max. NA's
        a  0.8  0.8250  0.850 0.8500   0.875  0.9    1
        b  0.7  0.7375  0.775 0.7875   0.825  0.9    0
        <BLANKLINE>
        """
        metrics = self._check_metrics(metric)
        statistics = {}
        for m in metrics:
            rows = []
            for model in self.models:
                column = self._column(model, m)
                rows.append(_five_numbers(column) + [float(np.isnan(column).sum())])
            statistics[m] = pd.DataFrame(rows, index=list(self.models), columns=_STAT_NAMES)
        arguments = "" if metric is None else f"metric={metrics!r}"
        return ResamplesSummary(
            statistics=statistics,
            models=list(self.models),
            n_resamples=self.n_resamples,
            call=f"{self._call}.summary({arguments})",
        )

    def model_cor(self, metric=None, *, method="pearson", use="everything"):
        """Correlations of the models' per-resample scores, as caret's ``modelCor``.

        Models whose scores rise and fall together over the resamples are
        alike; an ensemble gains most from models that are not.

        Parameters
        ----------
        metric : str, optional
            The metric; by default the first (caret's ``metric = x$metric[1]``).
        method : {"pearson", "spearman", "kendall"}, default="pearson"
            R's ``cor`` methods (caret passes ``...`` on to ``cor``): Pearson's
            product-moment correlation, Spearman's rank correlation (ties get
            average ranks) or Kendall's tau-b.
        use : {"everything", "all.obs", "complete.obs", "na.or.complete", \
"pairwise.complete.obs"}, default="everything"
            R's treatment of missing scores (NaN): ``"everything"`` (R's
            default) gives NaN for every pair with a missing score (the
            diagonal stays 1); ``"all.obs"`` refuses missing scores;
            ``"complete.obs"`` and ``"na.or.complete"`` use only the resamples
            where every model has a score; ``"pairwise.complete.obs"`` uses,
            for each pair, the resamples where both have one.

        Returns
        -------
        pandas.DataFrame
            Models x models; NaN where R answers NA (a missing score, or a
            model whose scores do not vary).

        Raises
        ------
        ValueError
            If the metric, ``method`` or ``use`` is unknown, or the missing
            scores leave nothing to correlate (``use="all.obs"`` or
            ``"complete.obs"``).

        Warns
        -----
        UserWarning
            When a model's scores do not vary (R: "the standard deviation is
            zero"); its correlations are NaN.

        Notes
        -----
        Differences from R: caret selects the metric's columns with a regular
        expression (``grep("~Acc", ...)`` also matches ``Accuracy``); here
        ``metric`` must name a metric exactly.

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> rs = Resamples.from_values(pd.DataFrame({
        ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"],
        ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78, 0.84],
        ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83, 0.90],
        ...     "c~Accuracy": [0.90, 0.84, 0.88, 0.91, 0.85]}))
        >>> rs.model_cor().round(4)
                a       b       c
        a  1.0000  0.8531 -0.9848
        b  0.8531  1.0000 -0.8556
        c -0.9848 -0.8556  1.0000
        >>> rs.model_cor(method="kendall").loc["a", "b"].round(4)
        np.float64(0.6)
        """
        if metric is None:
            metric = self.metrics[0]
        if not isinstance(metric, str):
            raise TypeError(
                f"metric must be one metric name (modelCor correlates one metric), got "
                f"{type(metric).__name__}."
            )
        (metric,) = self._check_metrics(metric)
        if method not in COR_METHODS:
            raise ValueError(
                f"method={method!r} is not one of R's cor methods {list(COR_METHODS)}."
            )
        if use not in COR_USES:
            raise ValueError(f"use={use!r} is not one of R's cor uses {list(COR_USES)}.")
        data = np.column_stack([self._column(model, metric) for model in self.models])
        matrix, no_spread = r_cor(data, method, use)
        if no_spread:
            flat = [
                model
                for model, column in zip(self.models, data.T, strict=True)
                if np.nanmin(column) == np.nanmax(column)
            ]
            warnings.warn(
                f"{metric} scores of {flat} do not vary over the resamples (R: 'the standard "
                f"deviation is zero'); their correlations are NaN.",
                UserWarning,
                stacklevel=2,
            )
        return pd.DataFrame(matrix, index=list(self.models), columns=list(self.models))

    def diff(
        self,
        models=None,
        metric=None,
        *,
        method="t.test",
        adjustment="bonferroni",
        confidence_level=0.95,
    ):
        """Test every pair of models on every metric, as caret's ``diff(resamples)``.

        For each metric and each pair of models (in model order), the per-resample
        differences ``left - right`` are tested for a mean of zero.

        Parameters
        ----------
        models : list of str, optional
            The models to compare (at least two); all by default.
        metric : str or list of str, optional
            The metrics; all by default.
        method : {"t.test", "corrected"}, default="t.test"
            ``"t.test"`` is caret's test: R's ``t.test`` of the differences (the
            paired t-test). It treats the resamples as independent, but they
            share training data (two 10-fold training sets share 8/9 of their
            samples), so its variance is too small and it rejects too often
            (Dietterich 1998; Nadeau and Bengio 2003). Use it to reproduce caret.
            ``"corrected"`` is Nadeau and Bengio's (2003) corrected resampled
            t-test: the variance of the mean difference is ``(1/k +
            n_test/n_train) * var(d)`` instead of ``var(d)/k``, with ``k``
            resamples. Use it to decide whether one model is better, especially
            with repeated cross-validation, where a plain t-test's p-value shrinks
            just by adding repeats (Bouckaert and Frank 2004 recommend it with
            10 x 10-fold cross-validation). It needs :attr:`test_train_ratio`.
        adjustment : str or None, default="bonferroni"
            R's ``p.adjust`` method for the p-values of the ``choose(p, 2)``
            comparisons of a metric (see :func:`p_adjust`); ``None`` or
            ``"none"`` for none. With ``"bonferroni"`` the confidence intervals are
            widened to ``1 - (1 - confidence_level) / choose(p, 2)``, as caret does.
        confidence_level : float, default=0.95
            For the confidence intervals of the differences.

        Returns
        -------
        ResamplesDiff
            The differences and the test statistics; ``.tests`` holds each
            pair's t-test as R's ``htest`` (a :class:`TTest`, with ``p_value``
            and its alias ``pvalue``); ``.summary()`` prints caret's table of
            estimates and adjusted p-values.

        Raises
        ------
        ValueError
            If fewer than two models are compared, a model or metric is unknown,
            ``method`` or ``adjustment`` is unknown, or ``method="corrected"`` is
            asked for without a known ``test_train_ratio``.

        Warns
        -----
        UserWarning
            When a pair cannot be tested (fewer than two resamples with both
            scores, or constant differences; R's ``t.test`` stops there); its
            statistics are NaN.

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> rs = Resamples.from_values(pd.DataFrame({
        ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"],
        ...     "a~Accuracy": [0.80, 0.85, 0.82, 0.78, 0.84],
        ...     "b~Accuracy": [0.86, 0.88, 0.85, 0.83, 0.90]}), test_train_ratio=1 / 4)
        >>> d = rs.diff()
        >>> d.statistics["Accuracy"][["estimate", "statistic", "p_value"]].round(5)
                  estimate  statistic  p_value
        a.diff.b    -0.046   -6.78233  0.00247
        >>> corrected = rs.diff(method="corrected").statistics["Accuracy"]
        >>> round(float(corrected.loc["a.diff.b", "p_value"]), 5)
        0.01065
        """
        models = self._check_models(models)
        metrics = self._check_metrics(metric)
        if method not in _METHODS:
            raise ValueError(f"method={method!r} is not one of {list(_METHODS)}.")
        adjustment = _check_adjustment(adjustment)
        if not 0 < confidence_level < 1:
            raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}.")
        factor = None
        if method == "corrected":
            if self.test_train_ratio is None:
                raise ValueError(
                    "method='corrected' needs the ratio of test to training set sizes, which "
                    "these Resamples do not know (they were built from values). Pass "
                    "Resamples.from_values(values, test_train_ratio=...), e.g. 1/9 for "
                    "10-fold cross-validation, or use method='t.test'."
                )
            ratio = self.test_train_ratio

            def factor(n):
                return 1.0 / n + ratio

        n_comparisons = math.comb(len(models), 2)
        level = confidence_level
        if adjustment == "bonferroni":
            level = 1 - (1 - confidence_level) / n_comparisons
        differences, statistics, tests = {}, {}, {}
        for m in metrics:
            differences[m], statistics[m], tests[m] = self._pairwise(
                models, m, level, factor, adjustment, method
            )
        arguments = _arguments(
            models=(models, list(self.models)),
            metric=(metrics, list(self.metrics)),
            method=(method, "t.test"),
            adjustment=(adjustment, "bonferroni"),
            confidence_level=(confidence_level, 0.95),
        )
        return ResamplesDiff(
            differences=differences,
            statistics=statistics,
            models=models,
            method=method,
            adjustment=adjustment,
            confidence_level=level,
            call=f"{self._call}.diff({arguments})",
            tests=tests,
        )

    def _pairwise(self, models, metric, level, factor, adjustment, method):
        columns, rows, tests = {}, {}, {}
        for i, left in enumerate(models):
            for right in models[i + 1 :]:
                label = f"{left}.diff.{right}"
                d = self._column(left, metric) - self._column(right, metric)
                columns[label] = d
                result = t_test(d, level, factor)
                if result.pop("problem") is not None:
                    warnings.warn(
                        f"{metric}: {label} cannot be tested ({_why(result)}); its test "
                        f"statistics are NaN (R's t.test stops or returns NaN here).",
                        UserWarning,
                        stacklevel=3,
                    )
                tests[label] = TTest._from_result(result, level, method)
                result.pop("stderr")
                rows[label] = result
        differences = pd.DataFrame(columns, index=pd.Index(self.values[_RESAMPLE], name=_RESAMPLE))
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.insert(4, "p_adjusted", p_adjust(table["p_value"].to_numpy(), adjustment))
        return differences, table, tests

    def combine(self, other):
        """Put the models of two :class:`Resamples` scored on the same folds together.

        Parameters
        ----------
        other : Resamples
            Other models, scored on the same resamples (same ``Resample``
            labels; when both recorded their splits, the same splits).

        Returns
        -------
        Resamples
            The models of both, on the metrics they share (caret keeps only the
            metrics every model has, with a warning).

        Raises
        ------
        ValueError
            If a model name is in both, the ``Resample`` labels differ, the
            recorded splits differ, or the two share no metric.

        Examples
        --------
        >>> import pandas as pd
        >>> from skcnn.model_selection import Resamples
        >>> folds = ["Fold1", "Fold2", "Fold3"]
        >>> a = Resamples.from_values(pd.DataFrame({"Resample": folds,
        ...                                         "a~Accuracy": [0.8, 0.9, 0.85]}))
        >>> b = Resamples.from_values(pd.DataFrame({"Resample": folds,
        ...                                         "b~Accuracy": [0.7, 0.8, 0.75]}))
        >>> a.combine(b).models
        ['a', 'b']
        """
        if not isinstance(other, Resamples):
            raise TypeError(f"other must be a Resamples, got {type(other).__name__}.")
        shared = sorted(set(self.models) & set(other.models))
        if shared:
            raise ValueError(
                f"Model(s) {shared} are in both Resamples; rename them before combining."
            )
        mine, theirs = list(self.values[_RESAMPLE]), list(other.values[_RESAMPLE])
        if sorted(mine) != sorted(theirs):
            raise ValueError(
                f"The two Resamples were not scored on the same folds: their Resample labels "
                f"differ ({_label_difference(mine, theirs)}). Score every model on the same "
                f"splits (one resamples() call, or the same cv with the same random_state)."
            )
        self._check_same_splits(other)
        metrics = [m for m in self.metrics if m in other.metrics]
        if not metrics:
            raise ValueError(
                f"The two Resamples share no metric ({self.metrics} and {other.metrics})."
            )
        dropped = sorted(set(self.metrics) ^ set(other.metrics))
        if dropped:
            warnings.warn(
                f"Some performance measures were not computed for each model and are "
                f"dropped: {dropped}.",
                UserWarning,
                stacklevel=2,
            )
        left = self.values.set_index(_RESAMPLE)
        right = other.values.set_index(_RESAMPLE).loc[mine]
        columns = [f"{model}{_SEP}{m}" for model in self.models for m in metrics]
        columns_other = [f"{model}{_SEP}{m}" for model in other.models for m in metrics]
        values = pd.concat([left[columns], right[columns_other]], axis=1).reset_index()
        ratio = self.test_train_ratio
        if ratio is None:
            ratio = other.test_train_ratio
        elif other.test_train_ratio is not None and not math.isclose(
            ratio, other.test_train_ratio, rel_tol=1e-12
        ):
            raise ValueError(
                f"The two Resamples have different test_train_ratio ({ratio} and "
                f"{other.test_train_ratio}): they were not scored on the same folds."
            )
        timings = methods = None
        if self._timings is not None and other._timings is not None:
            timings = pd.concat([self._timings, other._timings])
        if self._methods is not None and other._methods is not None:
            methods = {**self._methods, **other._methods}
        return Resamples(
            values,
            test_train_ratio=ratio,
            splits=self._splits if self._splits is not None else other._splits,
            timings=timings,
            methods=methods,
            call=f"{self._call}.combine(...)",
        )

    def _check_same_splits(self, other) -> None:
        if self._splits is None or other._splits is None:
            return
        same = len(self._splits) == len(other._splits) and all(
            np.array_equal(a_train, b_train) and np.array_equal(a_test, b_test)
            for (a_train, a_test), (b_train, b_test) in zip(
                self._splits, other._splits, strict=True
            )
        )
        if not same:
            raise ValueError(
                "The two Resamples were not scored on the same folds: their recorded "
                "(train, test) splits differ. Score every model in one resamples() call, or "
                "pass the same splitter with a fixed random_state."
            )

    # -- checks --------------------------------------------------------------

    def _check_metrics(self, metric) -> list[str]:
        if metric is None:
            return list(self.metrics)
        names = [metric] if isinstance(metric, str) else list(metric)
        if not names:
            raise ValueError(f"metric is empty; name one of {self.metrics}.")
        unknown = [m for m in names if m not in self.metrics]
        if unknown:
            raise ValueError(f"Unknown metric(s) {unknown}: these Resamples have {self.metrics}.")
        return names

    def _check_models(self, models) -> list[str]:
        names = list(self.models) if models is None else list(models)
        unknown = [m for m in names if m not in self.models]
        if unknown:
            raise ValueError(f"Unknown model(s) {unknown}: these Resamples have {self.models}.")
        if len(set(names)) != len(names):
            raise ValueError(f"models names a model more than once: {names}.")
        if len(names) < 2:
            raise ValueError(
                f"diff compares models pair by pair and needs at least two, got {names}. "
                f"Score more models with resamples({{name: estimator, ...}}) or combine "
                f"Resamples with .combine()."
            )
        return names

    # -- printing ----------------------------------------------------------

    def _lines(self) -> list[str]:
        lines = ["", "Call:", self._call, ""]
        lines.append(f"Models: {', '.join(self.models)} ")
        lines.append(f"Number of resamples: {self.n_resamples} ")
        lines.append(f"Performance metrics: {', '.join(self.metrics)} ")
        if self._timings is not None:
            lines.append("Time estimates for: fit, score ")
        return lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())


def _why(result) -> str:
    n = result["n"]
    if n < 2:
        return f"{n} resample(s) with both scores"
    return "no variation" if result["estimate"] == 0 else "constant differences"


def _arguments(**pairs) -> str:
    """The non-default keyword arguments of a call, as Python writes them."""
    return ", ".join(f"{k}={v!r}" for k, (v, default) in pairs.items() if v != default)


def _label_difference(mine, theirs) -> str:
    only_mine = [x for x in mine if x not in theirs][:3]
    only_theirs = [x for x in theirs if x not in mine][:3]
    if not only_mine and not only_theirs:
        return f"{len(mine)} and {len(theirs)} resamples"
    return f"only in the first: {only_mine}, only in the second: {only_theirs}"


def _check_ratio(ratio):
    if ratio is None:
        return None
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, np.number)):
        raise TypeError(f"test_train_ratio must be a number, got {type(ratio).__name__}.")
    if not (math.isfinite(ratio) and ratio > 0):
        raise ValueError(
            f"test_train_ratio must be positive (test size / training size, e.g. 1/9 for "
            f"10-fold cross-validation), got {ratio!r}."
        )
    return float(ratio)


def _check_values(values, check_folds=True):
    """caret's $values checked and ordered: (values, models, metrics)."""
    if not isinstance(values, pd.DataFrame):
        raise TypeError(
            f"values must be a pandas DataFrame with a 'Resample' column and "
            f"'model~metric' columns, got {type(values).__name__}."
        )
    columns = [str(c) for c in values.columns]
    if len(set(columns)) != len(columns):
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        raise ValueError(f"values has repeated columns {repeated}.")
    if _RESAMPLE not in columns:
        raise ValueError(
            f"values has no 'Resample' column (caret's resample labels, e.g. 'Fold01'); "
            f"its columns are {columns[:6]}. Add one, e.g. values.insert(0, 'Resample', "
            f"[f'Fold{{i:02d}}' for i in range(1, len(values) + 1)])."
        )
    frame = values.copy()
    frame.columns = columns
    models, metrics = _models_and_metrics([c for c in columns if c != _RESAMPLE])
    labels = frame[_RESAMPLE].astype(str)
    if labels.duplicated().any():
        raise ValueError(
            f"The Resample column repeats labels {sorted(set(labels[labels.duplicated()]))}; "
            f"each resample must be one row."
        )
    if len(frame) < 2:
        raise ValueError(
            f"values has {len(frame)} resample(s); comparing models across resamples needs "
            f"at least two."
        )
    ordered = {_RESAMPLE: labels.to_numpy()}
    for model in models:
        for metric in metrics:
            name = f"{model}{_SEP}{metric}"
            try:
                ordered[name] = pd.to_numeric(frame[name]).to_numpy(dtype=float)
            except (TypeError, ValueError) as error:
                raise ValueError(
                    f"Column {name!r} of values is not numeric ({error}); scores must be "
                    f"numbers, NaN where missing."
                ) from None
    result = pd.DataFrame(ordered)
    if check_folds:
        _check_same_resamples(result, models, metrics)
    return result, models, metrics


def _models_and_metrics(columns):
    models, metrics, pairs = [], [], set()
    for column in columns:
        parts = column.split(_SEP)
        if len(parts) != 2 or not all(parts):
            raise ValueError(
                f"Column {column!r} of values is not of the form 'model~metric' (one '~' "
                f"between a model name and a metric name, e.g. 'lenet5~Accuracy'), nor "
                f"'Resample'."
            )
        model, metric = parts
        models += [model] if model not in models else []
        metrics += [metric] if metric not in metrics else []
        pairs.add((model, metric))
    if not models:
        raise ValueError("values has no 'model~metric' column; there is nothing to compare.")
    missing = [f"{a}{_SEP}{m}" for a in models for m in metrics if (a, m) not in pairs]
    if missing:
        raise ValueError(
            f"Every model needs every metric; values lacks the column(s) {missing}. Add them "
            f"(NaN where a score is missing) or drop the metric."
        )
    return models, metrics


def _check_same_resamples(values, models, metrics) -> None:
    """A model with no score at all on a resample where another model has one was
    not scored on that resample: the models were not scored on the same folds."""
    scored = {
        model: values[[f"{model}{_SEP}{m}" for m in metrics]].notna().any(axis=1).to_numpy()
        for model in models
    }
    anyone = np.logical_or.reduce(list(scored.values()))
    for model, mask in scored.items():
        absent = anyone & ~mask
        if absent.any():
            labels = values[_RESAMPLE][absent].tolist()
            raise ValueError(
                f"Model {model!r} has no score on resample(s) {labels[:5]} where other models "
                f"have scores: the models were not scored on the same folds (were these "
                f"values merged from different cross-validations?). Compare models scored on "
                f"the same splits, or drop those rows from values; if the scores are "
                f"missing for another reason, pass check_folds=False."
            )
