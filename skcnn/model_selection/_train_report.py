"""caret's ``print(train)`` for a fitted scikit-learn hyper-parameter search.

:func:`train_report` reads a fitted ``GridSearchCV``, ``RandomizedSearchCV`` or
``HalvingGridSearchCV`` / ``HalvingRandomSearchCV`` and returns a
:class:`TrainReport`: caret's ``fit$results``, ``fit$resample`` and
``fit$bestTune`` as DataFrames, and a print that reads as caret 6.0-93 prints a
``train`` object, character for character (checked against R by
``tests/r/make_train_fixtures.R``). How the search resampled (caret's names
for its ``cv``) is ``_train_resampling``'s.
"""

from __future__ import annotations

import math
import re
from numbers import Real

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import r_format, r_label
from ._train_resampling import (
    _cv_kind,
    _n_samples,
    _resample_names,
    _resampling_lines,
    _resampling_short,
    _splits,
)

__all__ = ["TrainReport", "train_report"]

_DIGITS = 7  # format.data.frame in print.train: getOption("digits")
_WIDTH = 80  # getOption("width")
_GAP = 2  # print(printMat, print.gap = 2)

# scikit-learn's own scorer names and the names caret gives the same statistics
_SCORER_NAMES = {
    "accuracy": "Accuracy",
    "neg_root_mean_squared_error": "neg_RMSE",
    "neg_mean_absolute_error": "neg_MAE",
    "neg_log_loss": "neg_logLoss",
    "roc_auc": "ROC",
}


class TrainReport:
    """What caret's ``train`` shows of a tuning run, made by :func:`train_report`.

    ``print(report)`` reads as caret's ``print(fit)``;
    ``report.to_string(show_sd=True)`` as ``print(fit, showSD = TRUE)``.

    Attributes
    ----------
    results : pandas.DataFrame
        caret's ``fit$results``: one row per candidate, sorted by the tuning
        parameters; the parameters, each metric's mean over the resamples, then
        each metric's standard deviation (column ``"<metric>SD"``).
    resample : pandas.DataFrame
        caret's ``fit$resample``: the selected candidate's score on each
        resample, and the resample's name (``"Resample"``).
    best_tune : pandas.DataFrame
        caret's ``fit$bestTune``: one row, the selected candidate's parameters.
    metric : str
        The metric that selected the candidate.
    maximize : bool
        Whether larger values of ``metric`` are better.
    metrics : list of str
        Every metric, in the search's order.
    parameters : list of str
        The tuning parameters that vary (those held constant left out).
    resampling : str
        caret's short name of the resampling (``resampName(fit, numbers =
        FALSE)``), such as ``"(Cross-Validation)"``: the axis label of
        :func:`skcnn.plotting.plot_train` after the metric.
    """

    def __init__(self, *, results, resample, best_tune, metric, maximize, metrics, header,
                 selection, constant, show_sd, resampling_lines, parameters, resampling):
        self.results = results
        self.parameters = parameters
        self.resampling = resampling
        self.resample = resample
        self.best_tune = best_tune
        self.metric = metric
        self.maximize = maximize
        self.metrics = metrics
        self._header = header
        self._selection = selection
        self._constant = constant
        self._show_sd = show_sd
        self._resampling_lines = resampling_lines

    def to_string(self, show_sd: bool | None = None) -> str:
        """The print; ``show_sd`` (caret's ``showSD``) adds "(sd)" after each mean.

        Raises
        ------
        ValueError
            If the print needs the data the search was fitted on (the number of
            samples, the training sizes) and :func:`train_report` was not given it.
        """
        if isinstance(self._header, Exception):
            raise ValueError(str(self._header))
        show_sd = self._show_sd if show_sd is None else bool(show_sd)
        several = len(self.results) > 1
        lines = list(self._header) + list(self._resampling_lines)
        title = "Resampling results"
        if several:
            title += " across tuning parameters"
        if show_sd:
            title += " (values below are 'mean (sd)')"
        lines += [title + ":", ""]
        lines += _table_lines(self.results, self.best_tune.columns, self.metrics, show_sd)
        lines.append("")
        if self._constant:
            lines += _truncate_text("\n".join(self._constant)).split("\n")
        if several:
            lines += _truncate_text(self._selection).split("\n")
            lines += _truncate_text(_final_values(self.best_tune)).split("\n")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        if isinstance(self._header, Exception):
            return (f"<TrainReport: {len(self.results)} candidates, selected by "
                    f"{self.metric}; {self._header}>")
        return self.to_string()


def train_report(search, X=None, y=None, *, groups=None, label=None, show_sd=False):
    """caret's ``print(train)`` of a fitted scikit-learn search.

    Parameters
    ----------
    search : GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV or HalvingRandomSearchCV
        Fitted. The scorers' names are the keys of a ``scoring`` dict; a key
        starting ``"neg_"`` (scikit-learn's sign for losses, as in
        ``"neg_RMSE"``) is shown without it, un-negated, and selected by its
        smallest value. A single metric is named for it: ``scoring=None`` is
        ``"Accuracy"`` for a classifier, ``"R2"`` (scikit-learn's coefficient of
        determination) for a regressor; scikit-learn's scorer names
        ``"accuracy"``, ``"neg_root_mean_squared_error"``,
        ``"neg_mean_absolute_error"``, ``"neg_log_loss"`` and ``"roc_auc"``
        become caret's ``Accuracy``, ``RMSE``, ``MAE``, ``logLoss`` and ``ROC``.
    X, y : array-like, optional
        The data the search was fitted on. The print (not ``results``,
        ``resample`` or ``best_tune``) needs them where the search does not
        record what it shows: the number of samples and the training
        sizes when ``cv`` is a splitter or a number of folds (not a list of
        (train, test) pairs), the number of predictors and the classes when the
        search did not refit.
    groups : array-like, optional
        The ``groups`` the search was fitted with, for a group splitter.
    label : str, optional
        The model's line (caret's model label, such as ``"k-Nearest
        Neighbors"``); by default the estimator's class name (of a Pipeline's
        last step).
    show_sd : bool, default=False
        caret's ``showSD``: the print adds each standard deviation after its
        mean.

    Returns
    -------
    TrainReport

    Raises
    ------
    TypeError
        If ``search`` is not a scikit-learn search.
    sklearn.exceptions.NotFittedError
        If it is not fitted.
    ValueError
        If the search cannot name its selected candidate (several metrics and
        ``refit=False``). Printing the report raises it if the print needs data
        that were not given.

    Notes
    -----
    Differences from R:

    - caret averages each metric over the resamples leaving out missing values
      (``mean(x, na.rm = TRUE)``) and its SD is R's ``sd`` (n - 1); so are
      these, computed from the search's ``split<i>_test_<scorer>`` scores, where
      scikit-learn's ``mean_test_<scorer>`` gives NaN for a candidate with a
      failed fit and ``std_test_<scorer>`` divides by n.
    - The selected candidate is the search's own (``best_index_``); among equal
      means scikit-learn takes the first candidate, caret the first row of its
      results.
    - A ``refit`` callable is named in the selection sentence (caret: "a custom
      selection rule"); a Pipeline's steps before the model are listed by class
      as its pre-processing.
    - caret's "4 predictor" (singular) is kept: caret compares the padded text
      "  4" with 1 as strings, and in R's C collation a space sorts first.
    - A halving search shows each candidate's last evaluation, with a
      ``Resources`` column (its ``n_resources``), and a line naming the halving
      iterations; caret has no successive halving.
    - A list of (train, test) pairs is described from its indices: training
      sets with repeated rows are "Bootstrapped", tests that partition the data
      k-fold cross-validation (repeated when several partitions follow each
      other), anything else "Custom Resampling"; a splitter caret has no name
      for is named by its class.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import GridSearchCV, KFold
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skcnn.model_selection import train_report
    >>> X, y = load_iris(return_X_y=True, as_frame=True)
    >>> y = y.map(dict(enumerate(["setosa", "versicolor", "virginica"])))
    >>> search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [5, 7, 9]},
    ...                       cv=KFold(5, shuffle=True, random_state=0)).fit(X, y)
    >>> print(train_report(search, X, y, label="k-Nearest Neighbors"))
    ... # doctest: +NORMALIZE_WHITESPACE
    k-Nearest Neighbors
    <BLANKLINE>
    150 samples
      4 predictor
      3 classes: 'setosa', 'versicolor', 'virginica'
    <BLANKLINE>
    No pre-processing
    Resampling: Cross-Validated (5 fold)
    Summary of sample sizes: 120, 120, 120, 120, 120
    Resampling results across tuning parameters:
    <BLANKLINE>
      n_neighbors  Accuracy
      5            0.9600000
      7            0.9533333
      9            0.9600000
    <BLANKLINE>
    Accuracy was used to select the optimal model using the largest value.
    The final value used for the model was n_neighbors = 5.
    >>> train_report(search, X, y).best_tune
       n_neighbors
    0            5
    """
    _check_search(search)
    scorers = _scorers(search)
    metrics = [name for _, name, _ in scorers]
    rows = _candidate_rows(search)
    cv_results = search.cv_results_
    params = _param_names(cv_results)
    n_splits = int(search.n_splits_)

    table = {}
    for name in params:
        table[name] = [cv_results["params"][i].get(name) for i in rows]
    halving = "n_resources" in cv_results
    if halving:
        table["Resources"] = [int(cv_results["n_resources"][i]) for i in rows]
    split_scores = {}
    for key, name, sign in scorers:
        scores = np.array(
            [[sign * float(cv_results[f"split{s}_test_{key}"][i]) for s in range(n_splits)]
             for i in rows]
        ).reshape(len(rows), n_splits)
        split_scores[name] = scores
        table[name] = [_nanmean(r) for r in scores]
    for name in metrics:
        table[name + "SD"] = [_nansd(r) for r in split_scores[name]]
    results = pd.DataFrame(table)
    order = _r_order([results[name].tolist() for name in params])
    results = results.iloc[order].reset_index(drop=True)

    best = _best_index(search)
    best_row = rows.index(best)
    best_tune = pd.DataFrame({name: [cv_results["params"][best].get(name)] for name in params})

    splits = _splits(search, X, y, groups)
    kind = _cv_kind(search, splits)
    resample = pd.DataFrame({name: split_scores[name][best_row] for name in metrics})
    resample["Resample"] = _resample_names(kind, n_splits)

    selection_metric, maximize, rule = _selection(search, scorers)
    selection = f"{selection_metric} was used to select the optimal model using "
    selection += (f"the {'largest' if maximize else 'smallest'} value." if rule is None
                  else f" a custom selection rule ({rule}).")
    held = [name for name in params if len({repr(v) for v in results[name]}) < 2]
    constant = [
        f"Tuning parameter '{name}' was held constant at a value of "
        f"{_string_func([_value_text(results[name].iloc[0])])}"
        for name in held
    ]
    try:
        header = _header_lines(search, X, y, splits, label)
        resampling_lines = _resampling_lines(search, kind, splits)
    except ValueError as error:  # the print needs the data; the tables do not
        header, resampling_lines = error, []
    return TrainReport(
        results=results, resample=resample, best_tune=best_tune,
        metric=selection_metric, maximize=maximize, metrics=metrics, header=header,
        selection=selection, constant=constant, show_sd=show_sd,
        resampling_lines=resampling_lines,
        parameters=[name for name in params if name not in held],
        resampling=_resampling_short(kind),
    )


# --- the search -----------------------------------------------------------------


def _check_search(search) -> None:
    from sklearn.exceptions import NotFittedError
    from sklearn.model_selection._search import BaseSearchCV

    if not isinstance(search, BaseSearchCV):
        raise TypeError(
            f"train_report takes a fitted GridSearchCV, RandomizedSearchCV or "
            f"HalvingGridSearchCV, got {type(search).__name__}."
        )
    if not hasattr(search, "cv_results_"):
        raise NotFittedError(
            f"This {type(search).__name__} is not fitted yet: call search.fit(X, y) "
            f"before train_report(search)."
        )


def _scorers(search) -> list[tuple[str, str, float]]:
    """(key in cv_results_, printed name, sign that un-negates it) per scorer."""
    if not search.multimetric_:
        scoring = search.scoring
        if scoring is None:
            from sklearn.base import is_classifier, is_regressor

            name = ("Accuracy" if is_classifier(search.estimator)
                    else "R2" if is_regressor(search.estimator) else "Score")
        elif isinstance(scoring, str):
            name = _SCORER_NAMES.get(scoring, scoring)
        else:
            name = "Score"
        keys = [("score", name)]
    elif isinstance(search.scoring, dict):
        keys = [(key, key) for key in search.scoring]
    else:
        # a list of scikit-learn's scorer names, or a callable returning a dict
        names = [k[len("mean_test_"):] for k in search.cv_results_ if k.startswith("mean_test_")]
        keys = [(key, _SCORER_NAMES.get(key, key)) for key in names]
    out = []
    for key, name in keys:
        if name.startswith("neg_"):
            out.append((key, name[4:], -1.0))
        else:
            out.append((key, name, 1.0))
    return out


def _candidate_rows(search) -> list[int]:
    """Rows of cv_results_ shown: all, or each candidate's last for a halving search."""
    cv_results = search.cv_results_
    n = len(cv_results["params"])
    if "iter" not in cv_results:
        return list(range(n))
    last = {}
    for i in range(n):
        key = repr(sorted(cv_results["params"][i].items()))
        if key not in last or cv_results["iter"][i] >= cv_results["iter"][last[key]]:
            last[key] = i
    return sorted(last.values())


def _param_names(cv_results) -> list[str]:
    names = []
    for params in cv_results["params"]:
        for name in params:
            if name not in names:
                names.append(name)
    return sorted(names)


def _best_index(search) -> int:
    if not hasattr(search, "best_index_"):
        raise ValueError(
            f"This {type(search).__name__} scored several metrics with refit=False, so "
            f"it selected no candidate; fit it with refit='<metric>' (one of "
            f"{list(search.scorer_)}) to choose the final model as caret's train does."
        )
    return int(search.best_index_)


def _selection(search, scorers) -> tuple[str, bool, str | None]:
    refit = search.refit
    if search.multimetric_ and isinstance(refit, str):
        for key, name, sign in scorers:
            if key == refit:
                return name, sign > 0, None
    _, name, sign = scorers[0]
    if callable(refit):
        return name, sign > 0, getattr(refit, "__name__", type(refit).__name__)
    return name, sign > 0, None


def _header_lines(search, X, y, splits, label) -> list[str]:
    from sklearn.base import is_classifier
    from sklearn.pipeline import Pipeline

    estimator = search.estimator
    steps = []
    if isinstance(estimator, Pipeline):
        steps = [s for _, s in estimator.steps[:-1] if s is not None and s != "passthrough"]
        estimator = estimator.steps[-1][1]
    label = type(estimator).__name__ if label is None else label
    n = _n_samples(X, splits, search)
    p = _n_features(search, X)
    dims = [float(n), float(p)]
    levels = None
    if is_classifier(search.estimator):
        levels = _levels(search, y)
        dims.append(float(len(levels)))
    texts = r_format(dims, _DIGITS)
    lines = [f"{label} ", "", f"{texts[0]} samples"]
    lines.append(f"{texts[1]} predictor{'s' if texts[1] > '1' else ''}")
    if levels is not None:
        quoted = ", ".join(f"'{r_label(v)}'" for v in levels)
        lines.append(f"{texts[2]} classes: {quoted} ")
    lines.append("")
    if steps:
        lines.append(_truncate_text(
            "Pre-processing: " + ", ".join(type(s).__name__ for s in steps)) + " ")
    else:
        lines.append("No pre-processing")
    return lines


def _n_features(search, X) -> int:
    n = getattr(search, "n_features_in_", None) if hasattr(search, "best_estimator_") else None
    if n is not None:
        return int(n)
    if X is not None:
        shape = np.shape(X)
        return int(np.prod(shape[1:])) if len(shape) > 1 else 1
    raise ValueError(
        f"This {type(search).__name__} did not refit, so it does not record how many "
        f"predictors it saw; pass the data: train_report(search, X, y)."
    )


def _levels(search, y) -> list:
    if hasattr(search, "best_estimator_") and hasattr(search, "classes_"):
        return [native(v) for v in search.classes_]
    if y is not None:
        return [native(v) for v in np.unique(np.asarray(y))]
    raise ValueError(
        f"This {type(search).__name__} did not refit, so it does not record the classes; "
        f"pass the data: train_report(search, X, y)."
    )


# --- R's formatting ---------------------------------------------------------------


def _nanmean(values) -> float:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return float(np.mean(values)) if len(values) else math.nan


def _nansd(values) -> float:
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    return float(np.std(values, ddof=1)) if len(values) > 1 else math.nan


def _is_number(v) -> bool:
    return isinstance(v, (Real, np.number)) and not isinstance(v, (bool, np.bool_))


def _sort_key(values: list):
    """R's order() key of one column: numbers as numbers, else text; NA last."""
    numeric = all(v is None or _is_number(v) for v in values)

    def key(v):
        if v is None or (numeric and isinstance(v, float) and math.isnan(v)):
            return (1, 0)
        return (0, float(v) if numeric else _value_text(v))

    return key


def _r_order(columns: list[list]) -> list[int]:
    keys = [_sort_key(col) for col in columns]
    n = len(columns[0]) if columns else 0
    return sorted(range(n), key=lambda i: tuple(k(col[i]) for k, col in zip(keys, columns,
                                                                             strict=True)))


def _value_text(v) -> str:
    """One value as R's format() shows it alone."""
    v = native(v)
    if v is None:
        return "NA"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if _is_number(v):
        return r_format([float(v)], _DIGITS)[0]
    return str(v)


def _column_cells(values: list) -> list[str]:
    """format.data.frame of one column: numbers to one width, text padded left."""
    values = [native(v) for v in values]
    if all(v is None or _is_number(v) for v in values):
        from .._rprint import NA

        return r_format([NA if v is None else float(v) for v in values], _DIGITS)
    if all(v is None or isinstance(v, bool) for v in values):
        texts = [_value_text(v) for v in values]
        width = max(map(len, texts))
        return [t.rjust(width) for t in texts]
    texts = [_value_text(v) for v in values]
    width = max(map(len, texts))
    return [t.ljust(width) for t in texts]


def _table_lines(results, params, metrics, show_sd) -> list[str]:
    constant = {name for name in params if len({repr(v) for v in results[name]}) < 2}
    names = [c for c in results.columns if c not in constant and not c.endswith("SD")]
    columns = {name: _column_cells(results[name].tolist()) for name in names}
    if show_sd:
        for name in metrics:
            sd = results[name + "SD"].tolist()
            if all(isinstance(v, float) and math.isnan(v) for v in sd):
                continue
            sd_cells = _column_cells([None if math.isnan(v) else v for v in sd])
            columns[name] = [f"{m} ({s})" for m, s in zip(columns[name], sd_cells, strict=True)]
    return _character_matrix_lines([columns[n] for n in names], names)


def _character_matrix_lines(columns: list[list[str]], labels: list[str]) -> list[str]:
    """R's print of a character matrix (quote = FALSE, print.gap = 2), empty row names."""
    widths = [max(len(lab), *map(len, col)) for lab, col in zip(labels, columns, strict=True)]
    n_rows = len(columns[0]) if columns else 0
    lines, start = [], 0
    while start < len(columns):
        stop, used = start + 1, widths[start] + _GAP
        while stop < len(columns) and used + widths[stop] + _GAP < _WIDTH:
            used += widths[stop] + _GAP
            stop += 1
        block = range(start, stop)
        lines.append("".join(" " * _GAP + labels[j].ljust(widths[j]) for j in block))
        for i in range(n_rows):
            lines.append("".join(" " * _GAP + columns[j][i].ljust(widths[j]) for j in block))
        start = stop
    return lines


def _string_func(texts: list[str]) -> str:
    """caret's stringFunc(): "a", "a and b", "a, b and c"."""
    if len(texts) <= 2:
        return " and ".join(texts)
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def _final_values(best_tune) -> str:
    texts = [f"{name} = {_value_text(best_tune[name].iloc[0])}" for name in best_tune.columns]
    plural = len(texts) > 1
    return (f"The final {'values' if plural else 'value'} used for the model "
            f"{'were' if plural else 'was'} {_string_func(texts)}.")


def _truncate_text(text: str) -> str:
    """caret's truncateText(): lines broken at a space to fit 80 characters."""
    if len(text) <= _WIDTH:
        return text
    out = [text]
    while any(len(line) > _WIDTH for line in out):
        tail = out[-1]
        head = tail[:_WIDTH]
        spaces = [m.start() + 1 for m in re.finditer(r"\s", head)]
        if len(spaces) < 2:
            break
        stop = spaces[-2] - 1
        out = out[:-1] + [tail[:stop], tail[stop:]]
    return "\n".join(out)
