"""caret's summary functions as scikit-learn scorers.

:func:`caret_scoring` turns caret's ``summaryFunction`` choices into a
``scoring=`` dict for :func:`sklearn.model_selection.cross_validate`,
:class:`~sklearn.model_selection.GridSearchCV` and
:func:`skcnn.model_selection.resamples`, keyed by caret's column names. The
statistics come from :mod:`._summaries`, so a fold's score is exactly the
summary function of that fold's predictions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._labels import native
from ._labels import _check_labels
from ._summaries import (
    default_summary,
    mn_log_loss,
    multi_class_summary,
    pr_summary,
    two_class_summary,
)

__all__ = ["caret_scoring"]

# caret's metrics where lower is better: negated and named neg_*, as
# scikit-learn's neg_* scorers, so that a search maximises every score.
LOWER_IS_BETTER = frozenset({"RMSE", "MAE", "logLoss"})

_CLASS_STATS = [
    "F1",
    "Sensitivity",
    "Specificity",
    "Pos_Pred_Value",
    "Neg_Pred_Value",
    "Precision",
    "Recall",
    "Detection_Rate",
    "Balanced_Accuracy",
]

# summary -> (function, needs probabilities, metric names)
_SUMMARIES = {
    "default": (default_summary, False, ["Accuracy", "Kappa"]),
    "two_class": (two_class_summary, True, ["ROC", "Sens", "Spec"]),
    "multi_class": (multi_class_summary, True, None),  # names depend on the level count
    "pr": (pr_summary, True, ["AUC", "Precision", "Recall", "F"]),
    "mn_log_loss": (mn_log_loss, True, ["logLoss"]),
}
_REGRESSION_NAMES = ["RMSE", "Rsquared", "MAE"]


def _multi_class_names(n_levels: int | None) -> list[str]:
    prefix = "" if n_levels == 2 else "Mean_"
    return ["logLoss", "AUC", "prAUC", "Accuracy", "Kappa"] + [prefix + s for s in _CLASS_STATS]


def _key(metric: str) -> str:
    return f"neg_{metric}" if metric in LOWER_IS_BETTER else metric


@dataclass
class _Evaluation:
    """Predicts once per (estimator, X, y) and runs every summary of the dict.

    The last result is kept for the other scorers of the same dict: scikit-learn
    calls them one after another on the same fitted estimator and data. A
    scorer asking a second time for the same metric starts a new evaluation,
    so a refit estimator is never scored with stale predictions.
    """

    summaries: tuple[str, ...]
    regression: bool
    labels: list | None
    _last: tuple | None = field(default=None, repr=False)

    def __getstate__(self):
        return {**self.__dict__, "_last": None}

    def result(self, estimator, X, y, metric: str) -> pd.Series:
        last = self._last
        if (
            last is not None
            and last[0] is estimator
            and last[1] is X
            and last[2] is y
            and metric not in last[3]
        ):
            last[3].add(metric)
            return last[4]
        result = self._evaluate(estimator, X, y)
        self._last = (estimator, X, y, {metric}, result)
        return result

    def _evaluate(self, estimator, X, y) -> pd.Series:
        if self.regression:
            if hasattr(estimator, "classes_"):
                raise ValueError(
                    f"caret_scoring(task='regression') got a classifier "
                    f"({type(estimator).__name__}); use task='classification'."
                )
            pred = np.asarray(estimator.predict(X), dtype=float)
            return default_summary(
                y_true=np.asarray(y, dtype=float), y_pred=pred, task="regression"
            )
        if not hasattr(estimator, "classes_"):
            raise ValueError(
                f"caret's classification summaries need a fitted classifier with classes_, "
                f"got {type(estimator).__name__}; for a regressor use "
                "caret_scoring(task='regression')."
            )
        levels = self._levels(estimator)
        pred = np.asarray(estimator.predict(X), dtype=object)
        proba = None
        if any(_SUMMARIES[s][1] for s in self.summaries):
            proba = self._proba(estimator, X, levels)
        parts = []
        for summary in self.summaries:
            function, needs_proba, _ = _SUMMARIES[summary]
            kwargs = {"y_proba": proba} if needs_proba else {}
            if summary == "default":
                kwargs["task"] = "classification"
            parts.append(
                function(lev=levels, y_true=np.asarray(y, dtype=object), y_pred=pred, **kwargs)
            )
        return pd.concat(parts)

    def _levels(self, estimator) -> list:
        classes = [native(c) for c in estimator.classes_]
        if self.labels is None:
            return classes
        unknown = [c for c in classes if c not in self.labels]
        if unknown:
            raise ValueError(
                f"The estimator's classes {unknown} are not among labels={self.labels}; "
                "name every class in labels."
            )
        return self.labels

    @staticmethod
    def _proba(estimator, X, levels: list) -> np.ndarray:
        if not hasattr(estimator, "predict_proba"):
            raise ValueError(
                f"{type(estimator).__name__} has no predict_proba; caret's probability "
                "summaries (ROC, logLoss, ...) need class probabilities (caret: "
                "classProbs = TRUE). Use summary='default' or a probabilistic model."
            )
        proba = np.asarray(estimator.predict_proba(X), dtype=float)
        classes = [native(c) for c in estimator.classes_]
        out = np.zeros((proba.shape[0], len(levels)))
        for j, c in enumerate(classes):
            out[:, levels.index(c)] = proba[:, j]
        return out


class CaretScorer:
    """One metric of a caret summary as a scorer ``scorer(estimator, X, y) -> float``.

    Metrics where lower is better (RMSE, MAE, logLoss) are negated, as
    scikit-learn's ``neg_*`` scorers; NA is NaN.
    """

    def __init__(self, evaluation: _Evaluation, metric: str):
        self._evaluation = evaluation
        self.metric = metric
        self.sign = -1.0 if metric in LOWER_IS_BETTER else 1.0

    def __call__(self, estimator, X, y, sample_weight=None) -> float:
        if sample_weight is not None:
            raise ValueError("caret's summaries have no sample weights; drop sample_weight.")
        result = self._evaluation.result(estimator, X, y, self.metric)
        if self.metric not in result.index:
            raise ValueError(
                f"caret's summary has no {self.metric!r} for this estimator (it reports "
                f"{result.index.tolist()}); with two classes multi_class names its "
                "statistics without 'Mean_': pass labels=[first, second] to caret_scoring."
            )
        value = float(result[self.metric])
        return math.nan if math.isnan(value) else self.sign * value

    def __repr__(self) -> str:
        return f"CaretScorer({_key(self.metric)!r})"


def caret_scoring(summary="default", task=None, *, labels=None) -> dict:
    """caret's summary functions as a ``scoring=`` dict, keyed by caret's names.

    Parameters
    ----------
    summary : str or list of str, default="default"
        caret's ``summaryFunction``: ``"default"`` (defaultSummary: Accuracy,
        Kappa; or RMSE, Rsquared, MAE), ``"two_class"`` (twoClassSummary: ROC,
        Sens, Spec), ``"multi_class"`` (multiClassSummary), ``"pr"``
        (prSummary: AUC, Precision, Recall, F) or ``"mn_log_loss"``
        (mnLogLoss). A list combines them, as a custom caret summary that
        calls several would.
    task : {"classification", "regression"}, optional
        For ``"default"``: which of caret's two metric sets (caret decides by
        the outcome's type; the keys of a scoring dict must be known before
        any fit). None means classification.
    labels : list, optional
        The class levels in caret's order. **The first level is the event**
        (ROC, Sens, the PR statistics, and the positive class of a two-class
        multi_class). By default the estimator's ``classes_`` (scikit-learn's
        sorted order), so the smallest label is the event; pass
        ``labels=["yes", "no"]`` to make ``"yes"`` the event. Probability
        columns are matched to levels by the estimator's ``classes_``, whatever
        its order; a level the fold's model never saw gets probability 0.

    Returns
    -------
    dict of str to scorer
        Keys are caret's column names, with metrics where lower is better
        negated and prefixed ``neg_`` as scikit-learn's ``neg_*`` scorers
        (``neg_RMSE``, ``neg_MAE``, ``neg_logLoss``), so ``refit=`` picks the
        best by the largest score. Each scorer is
        ``scorer(estimator, X, y) -> float`` (NaN where caret has NA); the
        scorers of one dict predict once per fold and share the result.

    Raises
    ------
    ValueError
        For an unknown summary, a regression task with a probability summary,
        summaries that name the same metric twice, or (at scoring time) a
        classifier without ``predict_proba`` for a probability summary.

    See Also
    --------
    post_resample, two_class_summary, multi_class_summary, pr_summary, mn_log_loss

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV, cross_validate
    >>> from skcnn.metrics import caret_scoring
    >>> X, y = load_iris(return_X_y=True)
    >>> sorted(caret_scoring())
    ['Accuracy', 'Kappa']
    >>> sorted(caret_scoring(task="regression"))
    ['Rsquared', 'neg_MAE', 'neg_RMSE']
    >>> cv = cross_validate(LogisticRegression(max_iter=500), X, y, cv=5,
    ...                     scoring=caret_scoring(["default", "mn_log_loss"]))
    >>> round(float(cv["test_Accuracy"].mean()), 4), bool(cv["test_neg_logLoss"].max() < 0)
    (0.9733, True)
    >>> search = GridSearchCV(LogisticRegression(max_iter=500), {"C": [0.01, 1.0]},
    ...                       scoring=caret_scoring(), refit="Accuracy").fit(X, y)
    >>> search.best_params_
    {'C': 1.0}
    """
    summaries = [summary] if isinstance(summary, str) else list(summary)
    if not summaries:
        raise ValueError(f"summary is empty; name one of {sorted(_SUMMARIES)}.")
    for s in summaries:
        if s not in _SUMMARIES:
            raise ValueError(f"Unknown summary {s!r}; use one of {sorted(_SUMMARIES)}.")
    if len(set(summaries)) != len(summaries):
        raise ValueError(f"summary names a summary twice: {summaries}.")
    if task not in (None, "classification", "regression"):
        raise ValueError(f"task must be 'classification', 'regression' or None, got {task!r}.")
    regression = task == "regression"
    if regression and summaries != ["default"]:
        raise ValueError(
            f"task='regression' takes summary='default' only (caret's RMSE, Rsquared, MAE); "
            f"{summaries} are classification summaries."
        )
    levels = None if labels is None else _check_labels(labels)
    metrics: list[str] = []
    for s in summaries:
        if regression:
            names = _REGRESSION_NAMES
        elif s == "multi_class":
            names = _multi_class_names(None if levels is None else len(levels))
        else:
            names = _SUMMARIES[s][2]
        for name in names:
            if name in metrics:
                raise ValueError(
                    f"The summaries {summaries} both report {name!r}; drop one of them "
                    "(multi_class already reports Accuracy, Kappa and logLoss)."
                )
            metrics.append(name)
    evaluation = _Evaluation(tuple(summaries), regression, levels)
    return {_key(m): CaretScorer(evaluation, m) for m in metrics}
