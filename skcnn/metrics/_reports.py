"""scikit-learn style reports over label vectors: per-class scores, top-k accuracy."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as sk_metrics

from ._labels import (
    _as_labels,
    _check_labels,
    _check_same_length,
    _codes,
    _shared_levels,
    _sorted_unique,
)

__all__ = ["classification_report", "top_k_accuracy"]


def classification_report(y_true, y_pred, labels=None, digits=None) -> pd.DataFrame:
    """Per-class precision, recall, F1 and support, as a DataFrame.

    scikit-learn's ``classification_report`` as a table: one row per class, then
    "accuracy", "macro avg" and "weighted avg". The accuracy row has the
    accuracy in the "f1-score" column and the number of samples as support, as
    in scikit-learn's printed report. The scores are scikit-learn's with
    ``zero_division=np.nan``: precision of a class never predicted and recall of
    a class never present are NaN, and the averages skip them. (scikit-learn's
    F1 is then 0 where caret's by-class F1 is NA.)

    Multi-label indicator matrices (2-D, 0/1) are reported as scikit-learn
    reports them: one row per label (column), then "micro avg", "macro avg",
    "weighted avg" and "samples avg", each with the number of true labels as
    support.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,) or (n_samples, n_labels)
        True and predicted classes, or multi-label indicator matrices.
    labels : array-like, optional
        The classes to report, in order; by default the sorted union of both
        vectors (or a Categorical's categories). For indicator matrices, a name
        per column (by default the column numbers).
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
    if np.ndim(y_true) == 2 or np.ndim(y_pred) == 2:
        return _multilabel_report(y_true, y_pred, labels, digits)
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
    return _report_frame(rows, [*levels, "accuracy", "macro avg", "weighted avg"], digits)


def _multilabel_report(y_true, y_pred, labels, digits) -> pd.DataFrame:
    truth, pred = np.asarray(y_true), np.asarray(y_pred)
    if truth.shape != pred.shape or truth.ndim != 2:
        raise ValueError(
            f"y_true and y_pred must be multi-label indicator matrices of the same shape; got "
            f"{truth.shape} and {pred.shape}."
        )
    for name, values in (("y_true", truth), ("y_pred", pred)):
        if not np.isin(values, (0, 1)).all():
            raise ValueError(
                f"{name} is 2-D, so it is read as a multi-label indicator matrix, but it holds "
                f"values other than 0 and 1."
            )
    names = list(range(truth.shape[1])) if labels is None else list(labels)
    if len(names) != truth.shape[1]:
        raise ValueError(
            f"labels names {len(names)} labels, but the matrices have {truth.shape[1]} columns."
        )
    averages = ("micro", "macro", "weighted", "samples")
    scores = {
        average: sk_metrics.precision_recall_fscore_support(
            truth, pred, average=average, zero_division=np.nan
        )
        for average in (None, *averages)
    }
    precision, recall, f1, support = scores[None]
    rows = [[p, r, f, s] for p, r, f, s in zip(precision, recall, f1, support, strict=True)]
    rows += [[*scores[avg][:3], int(support.sum())] for avg in averages]
    return _report_frame(rows, [*names, *(f"{avg} avg" for avg in averages)], digits)


def _report_frame(rows, index, digits) -> pd.DataFrame:
    report = pd.DataFrame(
        rows,
        index=pd.Index(index, dtype=object),
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
