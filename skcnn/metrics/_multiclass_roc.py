"""pROC's ``multiclass.roc`` of per-class probabilities: Hand and Till's (2001)
multi-class AUC, the mean over pairs of classes of their two pairwise AUCs.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import cat, r_label, r_signif
from ._roc import ROCCurve, _in_levels, _python_repr, _response, _series_name
from ._roc_utils import _DIGITS

__all__ = ["MulticlassROC", "multiclass_roc"]


class MulticlassROC:
    """pROC's ``multiclass.roc`` of per-class probabilities (Hand and Till, 2001).

    Attributes
    ----------
    auc : float
        Hand and Till's multi-class AUC: the mean over pairs of classes (i, j)
        of (A(i|j) + A(j|i)) / 2.
    levels : list
        The classes compared, in the order of the probability columns.
    rocs : dict
        ``"i/j"`` -> (curve of column i, class i against j; curve of column j,
        class j against i), each with direction ">" (the class of the column
        scores higher), as pROC's ``rocs``.

    Examples
    --------
    >>> from skcnn.metrics import multiclass_roc
    >>> y = ["a", "a", "b", "b", "c", "c"]
    >>> proba = [[0.8, 0.1, 0.1], [0.5, 0.3, 0.2], [0.2, 0.7, 0.1],
    ...          [0.3, 0.3, 0.4], [0.1, 0.2, 0.7], [0.2, 0.2, 0.6]]
    >>> m = multiclass_roc(y, proba)
    >>> round(m.auc, 6), list(m.rocs)
    (0.979167, ['a/b', 'a/c', 'b/c'])
    """

    def __init__(self, levels, rocs, response_name, predictor_name, call):
        self.levels = list(levels)
        self.rocs = dict(rocs)
        self.response_name = response_name
        self.predictor_name = predictor_name
        self.call = call
        c = len(self.levels)
        total = sum((a.auc + b.auc) / 2 for a, b in self.rocs.values())
        self.auc = float(2 / (c * (c - 1)) * total)

    def to_string(self) -> str:
        """The result as pROC's ``print(multiclass.roc(...))`` shows it.

        Returns
        -------
        str
        """
        levels = ", ".join(r_label(v) for v in self.levels)
        return "\n".join(
            [
                "",
                "Call:",
                self.call,
                "",
                f"Data: multivariate predictor {self.predictor_name} with {len(self.levels)} "
                f"levels of {self.response_name}: {levels}.",
                f"Multi-class area under the curve: {cat(r_signif(self.auc, _DIGITS))}",
            ]
        )

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def multiclass_roc(y_true, proba, levels=None) -> MulticlassROC:
    """Hand and Till's multi-class AUC, as pROC's ``multiclass.roc(response, probs)``.

    For each pair of classes (i, j), A(i|j) is the AUC of the probability of
    class i between the samples of class i and those of class j; the result is
    the mean of (A(i|j) + A(j|i)) / 2 over all pairs.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels; a named pandas Series lends its name to the print.
    proba : array-like of shape (n_samples, n_classes) or pandas.DataFrame
        Per-class probabilities, such as ``predict_proba(X)``. An array's
        columns are ``levels`` (by default the sorted labels, as an estimator's
        ``classes_``); a DataFrame's columns are matched to the levels by name,
        as pROC matches a data.frame's column names (with its warnings for
        columns or levels without a partner).
    levels : sequence, optional
        Classes to compare (by default all labels of ``y_true``).

    Returns
    -------
    MulticlassROC

    Raises
    ------
    ValueError
        For fewer than two classes, a wrong number of rows or columns,
        non-finite probabilities, or levels without samples.

    Examples
    --------
    >>> import numpy as np
    >>> from skcnn.metrics import multiclass_roc
    >>> y = np.array([0, 0, 1, 1, 2, 2])
    >>> proba = np.array([[0.8, 0.1, 0.1], [0.5, 0.3, 0.2], [0.2, 0.7, 0.1],
    ...                   [0.3, 0.3, 0.4], [0.1, 0.2, 0.7], [0.2, 0.2, 0.6]])
    >>> print(multiclass_roc(y, proba))
    <BLANKLINE>
    Call:
    multiclass_roc(y_true, proba)
    <BLANKLINE>
    Data: multivariate predictor proba with 3 levels of y_true: 0, 1, 2.
    Multi-class area under the curve: 0.9792
    """
    response_name = _series_name(y_true, "y_true")
    response, missing, categories = _response(y_true)
    observed = list(dict.fromkeys(response[~missing].tolist()))
    if len(observed) < 2:
        raise ValueError(
            f"y_true must have at least two classes, got {observed}; a ROC curve needs both."
        )
    if levels is None:
        try:
            wanted = list(categories) if categories is not None else sorted(observed)
        except TypeError:
            raise ValueError(
                "y_true mixes label types that cannot be sorted; pass levels=[...]."
            ) from None
    else:
        wanted = [native(v) for v in levels]
    columns, matrix = _proba_columns(proba, wanted, response.size, levels is not None)
    empty = [c for c in columns if c not in observed]
    if empty:
        raise ValueError(
            f"levels {empty} have no samples in y_true (its labels are {observed}); "
            "drop them from levels (or the probability columns)."
        )
    rocs = {}
    for i, j in itertools.combinations(range(len(columns)), 2):
        a, b = columns[i], columns[j]
        rocs[f"{r_label(a)}/{r_label(b)}"] = (
            _pair_curve(response, matrix[:, i], a, b),
            _pair_curve(response, matrix[:, j], b, a),
        )
    call = (
        "multiclass_roc("
        + ", ".join([response_name, "proba"])
        + (f", levels={_python_repr(tuple(wanted))}" if levels is not None else "")
        + ")"
    )
    return MulticlassROC(columns, rocs, response_name, "proba", call)


def _proba_columns(proba, wanted, n, levels_given):
    """The probability columns matched to the levels, as multiclass.roc.multivariate."""
    if isinstance(proba, pd.DataFrame):
        names = [native(c) for c in proba.columns]
        labels = [r_label(c) for c in names]
        wanted_labels = [r_label(v) for v in wanted]
        matched = [k for k, lab in enumerate(labels) if lab in wanted_labels]
        missing = [w for w, lab in zip(wanted, wanted_labels, strict=True) if lab not in labels]
        extra = [names[k] for k, lab in enumerate(labels) if lab not in wanted_labels]
        if not matched:
            raise ValueError(
                f"None of proba's columns {names} matches a level of y_true {wanted}; name "
                "the columns after the classes (e.g. columns=clf.classes_)."
            )
        if len(matched) == 1:
            raise ValueError(
                f"Only column {names[matched[0]]!r} of proba matches a level; for a single "
                "score use roc(y_true, score)."
            )
        if missing:
            warnings.warn(
                f"proba has no column for the class(es) {missing}; they are left out.",
                UserWarning,
                stacklevel=3,
            )
        if extra:
            warnings.warn(
                f"proba's column(s) {extra} are not levels of y_true; they are left out.",
                UserWarning,
                stacklevel=3,
            )
        by_label = {r_label(v): v for v in wanted}
        columns = [by_label[labels[k]] for k in matched]
        matrix = np.asarray(proba.iloc[:, matched], dtype=float)
    else:
        matrix = np.asarray(proba, dtype=float)
        if matrix.ndim != 2:
            raise ValueError(
                f"proba must be 2-D (n_samples, n_classes), got shape {matrix.shape}; for "
                "one score per sample use roc(y_true, score)."
            )
        if matrix.shape[1] != len(wanted):
            hint = "levels" if levels_given else "the sorted labels of y_true"
            raise ValueError(
                f"proba has {matrix.shape[1]} columns but there are {len(wanted)} levels "
                f"({hint}: {wanted}); pass levels naming the columns in order (e.g. "
                "clf.classes_) or a DataFrame with the classes as column names."
            )
        columns = list(wanted)
    if len(columns) < 2:
        raise ValueError("multiclass_roc needs at least two classes; pass more levels.")
    if matrix.shape[0] != n:
        raise ValueError(
            f"proba has {matrix.shape[0]} rows but y_true has {n} labels; pass one row of "
            "probabilities per sample."
        )
    if not np.all(np.isfinite(matrix)):
        raise ValueError("proba has missing or infinite values; pass finite probabilities.")
    return columns, matrix


def _pair_curve(response, scores, control, case) -> ROCCurve:
    """compute.pair.AUC: class ``control`` against ``case`` on ``control``'s column."""
    controls = scores[_in_levels(response, control)]
    cases = scores[_in_levels(response, case)]
    return ROCCurve(
        controls,
        cases,
        levels=(control, case),
        direction=">",
        predictor_name=f"proba[, {r_label(control)!r}]",
    )
