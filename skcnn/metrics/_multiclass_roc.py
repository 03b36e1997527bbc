"""pROC's ``multiclass.roc``: Hand and Till's (2001) multi-class AUC, from
per-class probabilities (the mean over pairs of classes of their two pairwise
AUCs) or from one numeric score (the mean of the pairwise AUCs of that score).
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import r_label
from ._roc import AUC, ROCCurve, _in_levels, _python_repr, _response, _series_name, roc

__all__ = ["MulticlassROC", "multiclass_roc"]


class _MulticlassAUC(AUC):
    """pROC's multiclass.auc: prints "Multi-class area under the curve: 0.9792"."""

    def __reduce__(self):
        return (_MulticlassAUC, (float(self), None, self.focus, False, self.percent))

    def to_string(self) -> str:
        return "Multi-class a" + super().to_string()[1:]


class MulticlassROC:
    """pROC's ``multiclass.roc`` (Hand and Till, 2001).

    Attributes
    ----------
    auc : AUC
        Hand and Till's multi-class AUC, a float: with probabilities, the mean
        over pairs of classes (i, j) of (A(i|j) + A(j|i)) / 2; with one score,
        the mean of the pairwise AUCs. It prints as pROC's
        "Multi-class area under the curve: 0.9792".
    levels : list
        The classes compared (in the order of the probability columns).
    rocs : dict
        ``"i/j"`` -> with probabilities, (curve of column i, class i against j;
        curve of column j, class j against i), each with direction ">" (the
        class of the column scores higher) by default, as pROC's ``rocs``; with
        one score, the curve of that score between classes i (controls) and j
        (cases), pROC's unnamed list of curves.
    multivariate : bool
        Whether the predictor was per-class probabilities (pROC's
        ``mv.multiclass.roc``) or one score (``multiclass.roc``).
    percent : bool
        Whether the AUCs are in percent (pROC's ``percent = TRUE``).

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

    def __init__(
        self,
        levels,
        rocs,
        response_name,
        predictor_name,
        call,
        multivariate=True,
        percent=False,
    ):
        self.levels = list(levels)
        self.rocs = dict(rocs)
        self.response_name = response_name
        self.predictor_name = predictor_name
        self.call = call
        self.multivariate = bool(multivariate)
        self.percent = bool(percent)
        c = len(self.levels)
        if self.multivariate:  # auc.mv.multiclass.roc
            total = sum((a.auc + b.auc) / 2 for a, b in self.rocs.values())
            value = 2 / (c * (c - 1)) * total
        else:  # auc.multiclass.roc
            value = (2 * sum(float(r.auc) for r in self.rocs.values())) / (c * (c - 1))
        self.auc = _MulticlassAUC(float(value), percent=self.percent)

    def to_string(self) -> str:
        """The result as pROC's ``print(multiclass.roc(...))`` shows it.

        Returns
        -------
        str
        """
        levels = ", ".join(r_label(v) for v in self.levels)
        kind = "multivariate predictor " if self.multivariate else ""
        return "\n".join(
            [
                "",
                "Call:",
                self.call,
                "",
                f"Data: {kind}{self.predictor_name} with {len(self.levels)} "
                f"levels of {self.response_name}: {levels}.",
                str(self.auc),
            ]
        )

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def multiclass_roc(y_true, proba, levels=None, direction=None, percent=False) -> MulticlassROC:
    """Hand and Till's multi-class AUC, as pROC's ``multiclass.roc(response, predictor)``.

    With per-class probabilities, for each pair of classes (i, j), A(i|j) is
    the AUC of the probability of class i between the samples of class i and
    those of class j; the result is the mean of (A(i|j) + A(j|i)) / 2 over all
    pairs. With one numeric score, each pair of classes gets the ROC curve of
    that score (pROC's ``roc(response, predictor, levels = c(i, j))``) and the
    result is the mean of their AUCs.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels; a named pandas Series lends its name to the print.
    proba : array-like of shape (n_samples, n_classes) or (n_samples,), or pandas.DataFrame
        Per-class probabilities, such as ``predict_proba(X)``, or one numeric
        score per sample. An array's columns are ``levels`` (by default the
        sorted labels, as an estimator's ``classes_``); a DataFrame's columns
        are matched to the levels by name, as pROC matches a data.frame's
        column names (with its warnings for columns or levels without a
        partner). A named Series of scores lends its name to the print.
    levels : sequence, optional
        Classes to compare (by default all labels of ``y_true``, a
        Categorical's categories in their order). A level without samples is
        left out with pROC's warning "No observation for response level(s): ...".
    direction : {"auto", "<", ">"}, optional
        The direction of every pairwise curve. By default ">" for
        probabilities (the class of the column scores higher; "auto" is
        refused there, as pROC refuses it) and "auto" for one score (each pair
        picks its own, as :func:`roc`).
    percent : bool, default=False
        AUCs in percent, as pROC's ``percent = TRUE``.

    Returns
    -------
    MulticlassROC

    Raises
    ------
    ValueError
        For fewer than two classes (after levels without samples are left
        out), a wrong number of rows or columns, non-finite probabilities, or
        a pair of levels one of which has no score.

    Notes
    -----
    Difference from pROC: pROC leaves out, with its warning, only the empty
    levels of a factor; for levels without samples given explicitly with a
    character or numeric response it stops later ("No control observation").
    Here any level without samples is left out with that warning.

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

    One numeric score (say, a predicted grade) for three ordered classes:

    >>> m = multiclass_roc(["lo", "lo", "mid", "mid", "hi", "hi"], [1, 2, 2, 3, 5, 4])
    >>> list(m.rocs), round(m.auc, 4)
    (['hi/lo', 'hi/mid', 'lo/mid'], 0.9583)
    >>> print(m.auc)
    Multi-class area under the curve: 0.9583
    """
    response_name = _series_name(y_true, "y_true")
    response, missing, categories = _response(y_true)
    observed = list(dict.fromkeys(response[~missing].tolist()))
    if len(observed) < 2:
        raise ValueError(
            f"y_true must have at least two classes, got {observed}; a ROC curve needs both."
        )
    if not isinstance(percent, bool | np.bool_):
        raise ValueError(f"percent must be True or False, got {percent!r}.")
    if levels is None:
        try:
            wanted = list(categories) if categories is not None else sorted(observed)
        except TypeError:
            raise ValueError(
                "y_true mixes label types that cannot be sorted; pass levels=[...]."
            ) from None
    else:
        wanted = [native(v) for v in levels]
    multivariate = isinstance(proba, pd.DataFrame) or np.ndim(proba) == 2
    if direction is None:
        direction = ">" if multivariate else "auto"
    if direction not in ("auto", "<", ">"):
        raise ValueError(f"direction must be one of ['auto', '<', '>'], got {direction!r}.")
    if multivariate and direction == "auto":
        raise ValueError(
            "direction='auto' is not available with per-class probabilities (as in pROC); "
            "pass '>' (the default: the class of the column scores higher) or '<'."
        )
    empty = [v for v in wanted if v not in observed]
    if empty:  # multiclass.roc.univariate / .multivariate
        warnings.warn(
            "No observation for response level(s): "
            + ", ".join(r_label(v) for v in empty)
            + " (left out of the comparison)",
            UserWarning,
            stacklevel=2,
        )
    kept = [v for v in wanted if v not in empty]
    args = [response_name]
    if multivariate:
        if isinstance(proba, pd.DataFrame):
            columns, matrix = _proba_columns(proba, kept, response.size, levels is not None)
        else:
            columns, matrix = _proba_columns(proba, wanted, response.size, levels is not None)
            keep = [k for k, v in enumerate(columns) if v not in empty]
            columns, matrix = [columns[k] for k in keep], matrix[:, keep]
            if len(columns) < 2:
                raise ValueError(_too_few(columns, empty))
        rocs = {}
        for i, j in itertools.combinations(range(len(columns)), 2):
            a, b = columns[i], columns[j]
            rocs[f"{r_label(a)}/{r_label(b)}"] = (
                _pair_curve(response, matrix[:, i], a, b, direction, percent),
                _pair_curve(response, matrix[:, j], b, a, direction, percent),
            )
        predictor_name = "proba"
    else:
        if len(kept) < 2:
            raise ValueError(_too_few(kept, empty))
        predictor_name = _series_name(proba, "y_score")
        scores = _numeric(proba, predictor_name)
        labels = pd.Series(response, name=response_name, dtype=object)
        columns, rocs = kept, {}
        for a, b in itertools.combinations(kept, 2):
            rocs[f"{r_label(a)}/{r_label(b)}"] = roc(
                labels, scores, levels=(a, b), direction=direction, percent=percent
            )
    args.append(predictor_name)
    if levels is not None:
        args.append(f"levels={_python_repr(tuple(wanted))}")
    if direction != (">" if multivariate else "auto"):
        args.append(f"direction={direction!r}")
    if percent:
        args.append("percent=True")
    call = f"multiclass_roc({', '.join(args)})"
    return MulticlassROC(
        columns, rocs, response_name, predictor_name, call, multivariate, bool(percent)
    )


def _numeric(proba, name: str) -> pd.Series:
    """One score per sample as floats (NaN = missing), named for the print."""
    try:
        if isinstance(proba, pd.Series):
            values = proba.to_numpy(dtype=float, na_value=np.nan)
        else:
            values = np.asarray(proba, dtype=float)
        return pd.Series(values, name=name)
    except (TypeError, ValueError):
        raise ValueError(
            "proba must be numeric: per-class probabilities (n_samples, n_classes) or one "
            "score per sample; got non-numeric values."
        ) from None


def _too_few(kept, empty) -> str:
    return (
        f"multiclass_roc needs at least two levels with samples, but only {kept} are left "
        f"once {empty} (no samples) are left out; pass levels that occur in y_true."
    )


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


def _pair_curve(response, scores, control, case, direction=">", percent=False) -> ROCCurve:
    """compute.pair.AUC: class ``control`` against ``case`` on ``control``'s column."""
    controls = scores[_in_levels(response, control)]
    cases = scores[_in_levels(response, case)]
    return ROCCurve(
        controls,
        cases,
        levels=(control, case),
        direction=direction,
        predictor_name=f"proba[, {r_label(control)!r}]",
        percent=percent,
    )
