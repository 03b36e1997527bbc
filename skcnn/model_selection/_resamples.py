"""caret's ``resamples()`` run: every model cross-validated on the same folds.

:func:`resamples` draws the folds once, scores each model on exactly those
splits with :func:`sklearn.model_selection.cross_validate`, names the resamples
as caret does and hands the scores to :class:`~skcnn.model_selection.Resamples`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._results import _RESAMPLE, _SEP, Resamples

__all__ = ["resamples"]

# caret's names for its two default classification metrics
_CARET_METRICS = {"accuracy": "Accuracy", "kappa": "Kappa"}


def resamples(
    estimators,
    X,
    y,
    cv=5,
    scoring=("accuracy", "kappa"),
    n_jobs=None,
    random_state=None,
    *,
    groups=None,
):
    """Score several models on the same cross-validation folds, as caret's ``resamples()``.

    caret compares models that were trained on one shared ``index`` of
    resamples; here the folds are drawn once and every model is cross-validated
    on exactly those splits, so the per-fold scores can be compared pair by pair
    (:meth:`Resamples.diff`).

    Parameters
    ----------
    estimators : dict of str to estimator
        Model name -> an unfitted scikit-learn estimator (it is cloned for every
        fold, as :func:`sklearn.model_selection.cross_validate` does). Names
        become caret's ``model~metric`` column names, so they may not contain
        ``"~"``.
    X : array-like
        The data, anything the estimators accept (images for
        :class:`~skcnn.CNNClassifier`).
    y : array-like of shape (n_samples,)
        The labels.
    cv : int, cross-validation generator or iterable, default=5
        Resolved once with :func:`sklearn.model_selection.check_cv` (an int is a
        ``StratifiedKFold`` for classification labels). The splits are
        materialised once and given to every model.
    scoring : str, sequence of str or dict, default=("accuracy", "kappa")
        The metrics: ``"accuracy"`` and ``"kappa"`` (Cohen's kappa, caret's second
        default metric) are named ``Accuracy`` and ``Kappa`` as in caret; any
        other scikit-learn scorer name is kept as it is. A dict maps your own
        metric names to scorer names or scorer callables.
    n_jobs : int, optional
        Passed to ``cross_validate`` for each model (folds in parallel).
    random_state : int, optional
        With an int ``cv``, shuffle the samples before splitting them into folds
        (caret's ``createFolds`` draws its folds at random). With a splitter,
        set its own ``random_state`` instead.
    groups : array-like of shape (n_samples,), optional
        Group labels for group-aware splitters (``GroupKFold``).

    Returns
    -------
    Resamples
        The per-fold scores, the splits, the train and test sizes (for the
        corrected t-test) and the fit and score times.

    Raises
    ------
    ValueError
        If ``estimators`` is empty or a name contains ``"~"``, if a metric name
        is unknown, or if ``cv`` is leave-one-out (one sample per test fold gives
        no per-fold estimate to compare; caret refuses it too).

    See Also
    --------
    Resamples.from_values : Compare scores computed elsewhere.
    Resamples.diff : Paired tests of every pair of models.

    Notes
    -----
    Fits that fail raise (``error_score="raise"``): a comparison on shared folds
    needs every model's score on every fold.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skcnn.model_selection import resamples
    >>> X, y = load_iris(return_X_y=True)
    >>> rs = resamples({"logreg": LogisticRegression(max_iter=1000),
    ...                 "tree": DecisionTreeClassifier(random_state=0)},
    ...                X, y, cv=10, random_state=1)
    >>> rs.models, rs.metrics
    (['logreg', 'tree'], ['Accuracy', 'Kappa'])
    >>> list(rs.values.columns)
    ['Resample', 'logreg~Accuracy', 'logreg~Kappa', 'tree~Accuracy', 'tree~Kappa']
    >>> rs.values["Resample"].tolist()[:3]
    ['Fold01', 'Fold02', 'Fold03']
    >>> round(rs.test_train_ratio, 4)
    0.1111
    """
    from sklearn.model_selection import cross_validate

    names = _check_estimators(estimators)
    scorers = _check_scoring(scoring)
    splitter = _resolve_cv(cv, y, random_state)
    splits = [(np.asarray(train), np.asarray(test)) for train, test in splitter.split(X, y, groups)]
    labels = _resample_labels(splitter, len(splits))
    columns = {_RESAMPLE: labels}
    timings = {}
    for name in names:
        result = cross_validate(
            estimators[name],
            X,
            y,
            cv=splits,
            scoring=scorers,
            n_jobs=n_jobs,
            error_score="raise",
        )
        for metric in scorers:
            columns[f"{name}{_SEP}{metric}"] = np.asarray(result[f"test_{metric}"], dtype=float)
        timings[name] = {
            "fit_time": float(np.sum(result["fit_time"])),
            "score_time": float(np.sum(result["score_time"])),
        }
    n_train = np.mean([len(train) for train, _ in splits])
    n_test = np.mean([len(test) for _, test in splits])
    return Resamples(
        pd.DataFrame(columns),
        test_train_ratio=float(n_test / n_train),
        splits=splits,
        timings=pd.DataFrame.from_dict(timings, orient="index"),
        methods={name: type(estimators[name]).__name__ for name in names},
        call=f"resamples(estimators={names!r}{_cv_argument(cv, random_state)})",
    )


def _check_estimators(estimators) -> list[str]:
    if not isinstance(estimators, Mapping):
        raise TypeError(
            f"estimators must be a dict of model name -> estimator, got "
            f"{type(estimators).__name__}; e.g. {{'logreg': LogisticRegression()}}."
        )
    if not estimators:
        raise ValueError("estimators is empty; pass a dict of model name -> estimator.")
    names = []
    for name, estimator in estimators.items():
        if not isinstance(name, str) or not name or _SEP in name:
            raise ValueError(
                f"Model name {name!r} in estimators is not usable: names must be non-empty "
                f"strings without {_SEP!r} (they become caret's 'model~metric' columns)."
            )
        if not hasattr(estimator, "fit"):
            raise TypeError(
                f"estimators[{name!r}] is a {type(estimator).__name__}, not an estimator "
                f"with a fit method."
            )
        names.append(name)
    return names


def _kappa_scorer():
    from sklearn.metrics import cohen_kappa_score, make_scorer

    return make_scorer(cohen_kappa_score)


def _check_scoring(scoring) -> dict:
    """Metric name -> scorer (a scorer name or callable) for cross_validate."""
    if isinstance(scoring, str):
        scoring = (scoring,)
    if isinstance(scoring, Mapping):
        items = list(scoring.items())
    elif isinstance(scoring, Sequence):
        items = [(_CARET_METRICS.get(s, s), s) for s in scoring]
    else:
        raise TypeError(
            f"scoring must be a scorer name, a list of names or a dict of metric name -> "
            f"scorer, got {type(scoring).__name__}."
        )
    if not items:
        raise ValueError("scoring is empty; name at least one metric, e.g. scoring='accuracy'.")
    scorers = {}
    for metric, scorer in items:
        if not isinstance(metric, str) or not metric or _SEP in metric:
            raise ValueError(
                f"Metric name {metric!r} is not usable: metric names must be non-empty "
                f"strings without {_SEP!r}."
            )
        if metric in scorers:
            raise ValueError(f"Metric {metric!r} appears twice in scoring.")
        scorers[metric] = _resolve_scorer(scorer)
    return scorers


def _resolve_scorer(scorer):
    from sklearn.metrics import get_scorer_names

    if callable(scorer):
        return scorer
    if not isinstance(scorer, str):
        raise TypeError(f"A scorer must be a name or a callable, got {type(scorer).__name__}.")
    if scorer == "kappa":
        return _kappa_scorer()
    known = sorted(get_scorer_names()) + ["kappa"]
    if scorer not in known:
        close = difflib.get_close_matches(scorer, known, n=3)
        hint = f" Did you mean {close}?" if close else ""
        raise ValueError(
            f"Unknown metric {scorer!r} in scoring.{hint} Use 'accuracy', 'kappa' or a name "
            f"from sklearn.metrics.get_scorer_names()."
        )
    return scorer


def _resolve_cv(cv, y, random_state):
    from sklearn.model_selection import LeaveOneOut, check_cv

    splitter = check_cv(cv, y, classifier=True)
    if random_state is not None:
        if cv is not None and not isinstance(cv, (int, np.integer)):
            raise ValueError(
                f"random_state shuffles the folds only when cv is an int; cv is "
                f"{type(cv).__name__}. Set random_state on the splitter itself, e.g. "
                f"StratifiedKFold(10, shuffle=True, random_state={random_state!r})."
            )
        splitter = type(splitter)(
            n_splits=splitter.n_splits, shuffle=True, random_state=random_state
        )
    if isinstance(splitter, LeaveOneOut):
        raise ValueError(
            "cv=LeaveOneOut() gives one sample per test fold, not a per-fold estimate to "
            "compare (caret's resamples() refuses LOOCV too); use k-fold, e.g. cv=10."
        )
    return splitter


def _numbered(prefix: str, n: int) -> list[str]:
    """caret's labels: R's format(seq_len(n)) with the spaces turned into zeros."""
    width = len(str(n))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _resample_labels(splitter, n_splits: int) -> list[str]:
    """caret's names: Fold01 ... (createFolds), Fold01.Rep1 ... (createMultiFolds),
    Resample01 ... (anything else, as createResample names bootstraps)."""
    from sklearn.model_selection import (
        GroupKFold,
        KFold,
        RepeatedKFold,
        RepeatedStratifiedKFold,
        StratifiedGroupKFold,
        StratifiedKFold,
    )

    if isinstance(splitter, (RepeatedKFold, RepeatedStratifiedKFold)):
        k, repeats = splitter.cvargs["n_splits"], splitter.n_repeats
        if k * repeats == n_splits:
            return [
                f"{fold}.{rep}"
                for rep in _numbered("Rep", repeats)
                for fold in _numbered("Fold", k)
            ]
    kfold = (KFold, StratifiedKFold, GroupKFold, StratifiedGroupKFold)
    if isinstance(splitter, kfold):
        return _numbered("Fold", n_splits)
    return _numbered("Resample", n_splits)


def _cv_argument(cv, random_state) -> str:
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        text = "" if cv == 5 else f", cv={int(cv)}"
    elif cv is None or hasattr(cv, "split"):
        text = "" if cv is None else f", cv={cv!r}"
    else:
        text = ", cv=<splits>"
    if random_state is not None:
        text += f", random_state={random_state!r}"
    return text
