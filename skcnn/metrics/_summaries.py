"""caret's summary functions: ``postResample``, ``defaultSummary``,
``twoClassSummary``, ``multiClassSummary``, ``prSummary`` and ``mnLogLoss``.

caret's ``train()`` scores every resample with one of these; here they are plain
functions returning a :class:`CaretSummary` (a pandas Series named as caret's
named vector, printing as R prints it). The summaries take caret's ``data``
frame (columns ``obs``, ``pred`` and one probability column per level) or the
same three things as arrays (``y_true``, ``y_pred``, ``y_proba``).

caret's level rule: the **first level is the event** (``lev[1]`` in R). The
levels are ``lev`` when given, else a Categorical's categories, else the sorted
labels (R's ``factor()``). ``y_proba`` columns are in the order of the levels.

The arithmetic follows caret 6.0-93 and the packages it calls (e1071's
``classAgreement`` for Kappa, pROC for the ROC AUCs, MLmetrics/ROCR for the
PR AUCs, ModelMetrics for the log loss), NA and NaN included; the tests
compare every number and print with R's (``tests/r/make_caret_summary_fixtures.R``).

Differences from R: arguments are keyword-friendly (``y_true``/``y_pred``/
``y_proba`` besides caret's ``data``), truth first in :func:`post_resample`; a
missing observation, a prediction that is not a level, or (outside
:func:`post_resample` and :func:`default_summary`, which drop missing
predictions as caret does) a missing prediction or probability raises a
``ValueError`` naming the fix, where caret would drop or propagate it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import NA, named_vector_lines
from ._caret import _by_class_table
from ._labels import _check_labels, _codes, _label_vector, _sorted_unique
from ._roc import roc

__all__ = [
    "CaretSummary",
    "default_summary",
    "mn_log_loss",
    "multi_class_summary",
    "post_resample",
    "pr_summary",
    "two_class_summary",
]

LOG_LOSS_EPS = 1e-15  # ModelMetrics::mlogLoss clips probabilities to [eps, 1 - eps]
_TASKS = ("classification", "regression")


class CaretSummary(pd.Series):
    """caret's named numeric vector: a float Series that prints as R prints it.

    Missing values are NaN; ``r_na`` names the ones R reports as ``NA`` (the
    others print as ``NaN``, as R's 0/0 does). Operations on it return a plain
    :class:`pandas.Series`.

    Attributes
    ----------
    r_na : tuple of str
        The names whose value R reports as ``NA``.

    Examples
    --------
    >>> from skcnn.metrics import post_resample
    >>> s = post_resample([1.0, 2.0, 3.0], [1.5, 1.5, 1.5])
    >>> s.index.tolist()
    ['RMSE', 'Rsquared', 'MAE']
    >>> s.r_na
    ('Rsquared',)
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
         RMSE Rsquared       MAE
    0.9574271       NA 0.8333333
    """

    _metadata = ["r_na"]

    @property
    def _constructor(self):
        return pd.Series

    @classmethod
    def _from_cells(cls, names: list[str], cells: list) -> CaretSummary:
        values = [math.nan if c is NA else float(c) for c in cells]
        out = cls(values, index=list(names), dtype=float)
        out.r_na = tuple(n for n, c in zip(names, cells, strict=True) if c is NA)
        return out

    def to_string(self, digits: int = 7) -> str:
        """The vector as R's ``print()`` shows it (``digits`` as R's option)."""
        na = set(getattr(self, "r_na", ()))
        cells = [
            NA if (name in na and math.isnan(v)) else float(v)
            for name, v in zip(self.index, self.to_numpy(), strict=True)
        ]
        return "\n".join(named_vector_lines([str(n) for n in self.index], cells, digits))

    def __repr__(self) -> str:
        return self.to_string()

    __str__ = __repr__


# --------------------------------------------------------------------------
# Inputs: caret's data frame or arrays
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Classes:
    """Codes of the observations and predictions over ``levels``; probabilities
    in level order (None when none were given)."""

    levels: list
    obs: np.ndarray
    pred: np.ndarray
    proba: np.ndarray | None


def _column(data: pd.DataFrame, name: str, function: str):
    if name not in data.columns:
        raise ValueError(
            f"{function}: data has no {name!r} column (caret's data frame has columns 'obs', "
            f"'pred' and one probability column per level); it has {list(data.columns)}."
        )
    return data[name]


def _proba_frame(data: pd.DataFrame, levels: list):
    """The probability columns of caret's data frame, or None if one is missing."""
    columns = []
    for level in levels:
        matches = [c for c in data.columns if native(c) == level or c == str(level)]
        if not matches:
            return None
        columns.append(matches[0])
    return data[columns].to_numpy()


def _inputs(data, y_true, y_pred, y_proba, function: str):
    """caret's (obs, pred, probabilities) from a data frame or from arrays."""
    if data is not None:
        if y_true is not None or y_pred is not None or y_proba is not None:
            raise ValueError(
                f"{function}: pass either data (caret's data frame) or y_true/y_pred/y_proba, "
                "not both."
            )
        if not isinstance(data, pd.DataFrame):
            raise TypeError(
                f"{function}: data must be a pandas DataFrame with columns 'obs', 'pred' (and "
                f"the class probabilities), got {type(data).__name__}; or pass y_true= and "
                "y_pred= as arrays."
            )
        return _column(data, "obs", function), _column(data, "pred", function), data
    if y_true is None or y_pred is None:
        raise ValueError(f"{function}: pass data (caret's data frame) or both y_true and y_pred.")
    return y_true, y_pred, y_proba


def _levels(obs, obs_cats, pred, lev) -> list:
    if lev is not None:
        return _check_labels(lev)
    if obs_cats is not None:
        return list(obs_cats)
    return _sorted_unique(obs[~pd.isna(obs)], pred[~pd.isna(pred)])


def _classes(data, lev, y_true, y_pred, y_proba, function: str, *, drop_missing=False) -> _Classes:
    obs_in, pred_in, proba_in = _inputs(data, y_true, y_pred, y_proba, function)
    obs, obs_cats = _label_vector(obs_in, "y_true")
    pred, _ = _label_vector(pred_in, "y_pred")
    if obs.shape[0] != pred.shape[0]:
        raise ValueError(
            f"{function}: y_true and y_pred have different lengths ({obs.shape[0]} and "
            f"{pred.shape[0]}); pass one prediction per sample."
        )
    if pd.isna(obs).any():
        raise ValueError(
            f"{function}: y_true has missing labels (NaN/None); drop those samples first."
        )
    levels = _levels(obs, obs_cats, pred, lev)
    proba = None
    if isinstance(proba_in, pd.DataFrame):
        proba = _proba_frame(proba_in, levels)
    elif proba_in is not None:
        proba = np.asarray(proba_in, dtype=float)
        if proba.ndim != 2 or proba.shape[1] != len(levels):
            raise ValueError(
                f"{function}: y_proba must have shape (n_samples, {len(levels)}), one column "
                f"per level {levels} in that order; got shape {proba.shape}."
            )
    if proba is not None:
        proba = np.asarray(proba, dtype=float)
        if proba.shape[0] != obs.shape[0]:
            raise ValueError(
                f"{function}: y_proba has {proba.shape[0]} rows for {obs.shape[0]} samples."
            )
    keep = ~pd.isna(pred)
    if not keep.all() and not drop_missing:
        raise ValueError(
            f"{function}: y_pred has {int((~keep).sum())} missing prediction(s) (NaN/None); "
            "drop those samples first."
        )
    obs, pred = obs[keep], pred[keep]
    if proba is not None:
        proba = proba[keep]
    return _Classes(levels, _codes(obs, levels, "y_true"), _codes(pred, levels, "y_pred"), proba)


def _is_regression(obs, task) -> bool:
    if task is not None:
        if task not in _TASKS:
            raise ValueError(f"task must be one of {list(_TASKS)} or None, got {task!r}.")
        return task == "regression"
    dtype = getattr(obs, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype):
        return False
    values = np.asarray(obs)
    return values.dtype.kind in "iuf"


def _numbers(values, name: str) -> np.ndarray:
    try:
        out = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be numbers for a regression summary; for class labels pass "
            "task='classification'."
        ) from None
    if out.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {out.shape}.")
    return out


# --------------------------------------------------------------------------
# Arithmetic (in caret's order)
# --------------------------------------------------------------------------


def _counts(c: _Classes) -> np.ndarray:
    """Rows = prediction, columns = observation (caret's table layout)."""
    k = len(c.levels)
    flat = np.bincount(c.pred * k + c.obs, minlength=k * k)
    return flat.reshape(k, k)


def _r_sum(values) -> float:
    """R's sum(): accumulated in long double."""
    return float(np.sum(np.asarray(values, dtype=np.longdouble)))


def _class_agreement(counts: np.ndarray) -> tuple[float, float]:
    """e1071::classAgreement(table)'s diag and kappa, in its floating-point order."""
    n = float(counts.sum())
    ni = counts.sum(axis=0).astype(float)  # R's tab is obs x pred: rows = observations
    nj = counts.sum(axis=1).astype(float)
    p0 = float(np.trace(counts)) / n
    pc = _r_sum((ni / n) * (nj / n))
    return p0, _divide(p0 - pc, 1 - pc)


def _divide(a: float, b: float) -> float:
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def _col_mean(cells: list):
    """R's colMeans() of one column: the first NA or NaN met is the answer."""
    for cell in cells:
        if cell is NA or math.isnan(cell):
            return cell
    return _r_sum(cells) / len(cells)


def _mean_present(values: list):
    """colMeans(na.rm = TRUE): NaN when every value is missing."""
    present = [v for v in values if v is not NA]
    return _r_sum(present) / len(present) if present else math.nan


def _cor(x: np.ndarray, y: np.ndarray) -> float:
    """R's cor(x, y): centred cross-products in long double, clamped to [-1, 1]."""
    xl, yl = x.astype(np.longdouble), y.astype(np.longdouble)
    xm, ym = xl.mean(), yl.mean()
    xm += (xl - xm).mean()  # R's two-pass mean
    ym += (yl - ym).mean()
    sxy = np.sum((xl - xm) * (yl - ym))
    sxx, syy = np.sum((xl - xm) ** 2), np.sum((yl - ym) ** 2)
    r = float(sxy / (np.sqrt(sxx) * np.sqrt(syy)))
    return max(-1.0, min(1.0, r))


def _roc_auc(labels: np.ndarray, scores: np.ndarray, direction: str):
    """pROC's roc(labels, scores, direction)$auc with levels (0, 1); NA where
    pROC fails (a level without samples), as caret's try() gives."""
    try:
        return roc(labels, scores, levels=(0, 1), direction=direction).auc
    except ValueError:
        return NA


def _pr_auc(scores: np.ndarray, truth: np.ndarray):
    """MLmetrics::PRAUC(y_pred, y_true): ROCR's precision-recall points, the
    first (0/0) dropped, joined by trapezoids; NA without both classes."""
    if truth.all() or not truth.any():
        return NA
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], truth[order]
    last = np.r_[s[1:] != s[:-1], True]  # ROCR keeps the last of each run of ties
    tp = np.cumsum(t)[last].astype(float)
    fp = np.cumsum(~t)[last].astype(float)
    precision, recall = tp / (tp + fp), tp / t.sum()
    idx = np.argsort(recall, kind="stable")
    x, y = recall[idx], precision[idx]
    return _r_sum((y[:-1] + y[1:]) / 2 * (x[1:] - x[:-1]))


def _log_loss(c: _Classes) -> float:
    p = np.clip(c.proba, LOG_LOSS_EPS, 1 - LOG_LOSS_EPS)
    # ModelMetrics sums the whole n x k matrix, zero everywhere but the
    # observed class.
    return -_r_sum(np.log(p[np.arange(p.shape[0]), c.obs])) / p.shape[0]


def _nan_to_na(cells: list) -> list:
    """postResample's ``out[is.nan(out)] <- NA``."""
    return [NA if (c is not NA and math.isnan(c)) else c for c in cells]


def _require_proba(c: _Classes, function: str) -> None:
    if c.proba is None:
        raise ValueError(
            f"{function} needs class probabilities: a column per level {c.levels} in data, or "
            "y_proba (caret: set classProbs = TRUE in trainControl())."
        )
    complete = ~np.isnan(c.proba).any(axis=1)
    if not complete.all():
        raise ValueError(
            f"{function}: y_proba has missing values in {int((~complete).sum())} row(s); "
            "drop those samples first."
        )


def _two_levels(c: _Classes, function: str, r_name: str) -> None:
    if len(c.levels) != 2:
        raise ValueError(
            f"Your outcome has {len(c.levels)} levels ({c.levels}). The {r_name} function "
            f"isn't appropriate; {function} needs exactly two (use multi_class_summary)."
        )


# --------------------------------------------------------------------------
# The summaries
# --------------------------------------------------------------------------


def post_resample(y_true, y_pred, *, task=None, lev=None) -> CaretSummary:
    """Performance of predictions, as caret's ``postResample(pred, obs)``.

    For class labels: ``Accuracy`` and ``Kappa`` (Cohen's, e1071's
    ``classAgreement``). For numbers: ``RMSE``, ``Rsquared`` (caret's: the
    squared correlation ``cor(obs, pred)^2``, not scikit-learn's ``r2_score``)
    and ``MAE``. Predictions that are missing are dropped with their
    observations, as caret does; a NaN result is reported as R's NA.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        The observations (caret's ``obs``). Numbers mean regression, as in R
        (a numeric vector is not a factor); pass ``task`` to say otherwise.
    y_pred : array-like of shape (n_samples,)
        The predictions (caret's ``pred``).
    task : {"classification", "regression"}, optional
        Overrides the rule above, e.g. ``"classification"`` for integer labels.
    lev : list, optional
        The class levels (R's ``levels(obs)``); by default a Categorical's
        categories, else the sorted labels.

    Returns
    -------
    CaretSummary
        ``Accuracy``, ``Kappa`` or ``RMSE``, ``Rsquared``, ``MAE``.

    Notes
    -----
    ``Rsquared`` is NA when the predictions or the observations take fewer than
    two distinct values (caret does not call ``cor()`` then, so R gives no
    warning either, and neither does this function).

    Differences from R: the argument order is scikit-learn's (truth first;
    R's is ``postResample(pred, obs)``); a missing observation or a prediction
    that is not a level raises instead of being dropped.

    Examples
    --------
    >>> from skcnn.metrics import post_resample
    >>> labels = post_resample(["a", "b", "b", "a"], ["a", "b", "a", "a"])
    >>> print(labels)  # doctest: +NORMALIZE_WHITESPACE
    Accuracy    Kappa
        0.75     0.50
    >>> numbers = post_resample([1.0, 2.0, 3.0, 4.0], [1.1, 1.9, 3.2, 3.7])
    >>> print(numbers)  # doctest: +NORMALIZE_WHITESPACE
         RMSE  Rsquared       MAE
    0.1936492 0.9748087 0.1750000
    """
    if _is_regression(y_true, task):
        return _regression(y_true, y_pred)
    c = _classes(None, lev, y_true, y_pred, None, "post_resample", drop_missing=True)
    return _accuracy_kappa(c)


def _accuracy_kappa(c: _Classes) -> CaretSummary:
    names = ["Accuracy", "Kappa"]
    if c.obs.size == 0:
        return CaretSummary._from_cells(names, [NA, NA])
    return CaretSummary._from_cells(names, _nan_to_na(list(_class_agreement(_counts(c)))))


def _regression(y_true, y_pred) -> CaretSummary:
    obs, pred = _numbers(y_true, "y_true"), _numbers(y_pred, "y_pred")
    if obs.shape != pred.shape:
        raise ValueError(
            f"y_true and y_pred have different lengths ({obs.size} and {pred.size}); pass one "
            "prediction per sample."
        )
    if np.isnan(obs).any():
        raise ValueError("y_true has missing values (NaN); drop those samples first.")
    keep = ~np.isnan(pred)
    obs, pred = obs[keep], pred[keep]
    names = ["RMSE", "Rsquared", "MAE"]
    if obs.size == 0:
        return CaretSummary._from_cells(names, [NA, NA, NA])
    if np.unique(pred).size < 2 or np.unique(obs).size < 2:
        rsq = NA
    else:
        rsq = _cor(pred, obs) ** 2
    err = pred - obs
    cells = [math.sqrt(_r_sum(err * err) / err.size), rsq, _r_sum(np.abs(err)) / err.size]
    return CaretSummary._from_cells(names, _nan_to_na(cells))


def default_summary(
    data=None, lev=None, model=None, *, y_true=None, y_pred=None, task=None
) -> CaretSummary:
    """caret's ``defaultSummary(data, lev, model)``: :func:`post_resample` of a resample.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        caret's data frame with columns ``obs`` and ``pred``.
    lev : list, optional
        The class levels (caret's ``lev``).
    model : object, optional
        Ignored, as caret ignores it (kept for caret's signature).
    y_true, y_pred : array-like, optional
        Instead of ``data``: the observations and the predictions.
    task : {"classification", "regression"}, optional
        As in :func:`post_resample`; by default numeric observations mean
        regression, as in R.

    Returns
    -------
    CaretSummary
        ``Accuracy``, ``Kappa`` or ``RMSE``, ``Rsquared``, ``MAE``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.metrics import default_summary
    >>> data = pd.DataFrame({"obs": ["a", "b", "b", "a"], "pred": ["a", "b", "a", "a"]})
    >>> print(default_summary(data, lev=["a", "b"]))  # doctest: +NORMALIZE_WHITESPACE
    Accuracy    Kappa
        0.75     0.50
    """
    del model
    obs, pred, _ = _inputs(data, y_true, y_pred, None, "default_summary")
    return post_resample(obs, pred, task=task, lev=lev)


def two_class_summary(
    data=None, lev=None, model=None, *, y_true=None, y_pred=None, y_proba=None
) -> CaretSummary:
    """caret's ``twoClassSummary``: ``ROC``, ``Sens`` and ``Spec`` of two classes.

    The first level is the event: ``ROC`` is pROC's AUC of its probability
    (``roc(obs, prob[, lev[1]], direction = ">")``: the event's samples should
    score higher), ``Sens`` the share of the first level's samples predicted as
    it, ``Spec`` the share of the second level's samples predicted as it.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        caret's data frame: ``obs``, ``pred`` and a probability column per level.
    lev : list of two labels, optional
        The levels, event first; by default a Categorical's categories, else the
        sorted labels.
    model : object, optional
        Ignored, as in caret.
    y_true, y_pred : array-like, optional
        Instead of ``data``: observations and predicted labels.
    y_proba : array-like of shape (n_samples, 2) or DataFrame, optional
        Instead of ``data``: the probabilities, columns in the order of ``lev``
        (or named by the levels).

    Returns
    -------
    CaretSummary
        ``ROC``, ``Sens``, ``Spec``; NA where a level has no samples.

    Raises
    ------
    ValueError
        For other than two levels, or without probabilities.

    Examples
    --------
    >>> from skcnn.metrics import two_class_summary
    >>> y = ["yes", "yes", "no", "no", "yes"]
    >>> pred = ["yes", "no", "no", "no", "yes"]
    >>> p_yes = [0.9, 0.4, 0.3, 0.2, 0.8]
    >>> s = two_class_summary(lev=["yes", "no"], y_true=y, y_pred=pred,
    ...                       y_proba=[[p, 1 - p] for p in p_yes])
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
          ROC      Sens      Spec
    1.0000000 0.6666667 1.0000000
    """
    del model
    c = _classes(data, lev, y_true, y_pred, y_proba, "two_class_summary")
    _two_levels(c, "two_class_summary", "twoClassSummary()")
    _require_proba(c, "two_class_summary")
    auc = _roc_auc(c.obs, c.proba[:, 0], ">")
    counts = _counts(c)
    sens = _ratio(counts[0, 0], counts[:, 0].sum())
    spec = _ratio(counts[1, 1], counts[:, 1].sum())
    return CaretSummary._from_cells(["ROC", "Sens", "Spec"], [auc, sens, spec])


def _ratio(numerator, denominator):
    return float(numerator) / float(denominator) if denominator > 0 else NA


def pr_summary(
    data=None, lev=None, model=None, *, y_true=None, y_pred=None, y_proba=None
) -> CaretSummary:
    """caret's ``prSummary``: precision-recall AUC, ``Precision``, ``Recall``, ``F``.

    The first level is the relevant one. ``AUC`` is MLmetrics' ``PRAUC``, as
    caret computes it: ROCR's precision-recall points of the first level's
    probability, the first point (precision 0/0) dropped, joined by trapezoids
    from the lowest recall reached (so a curve with one point has area 0, as in
    R).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        caret's data frame: ``obs``, ``pred`` and a probability column per level.
    lev : list of two labels, optional
        The levels, the relevant one first.
    model : object, optional
        Ignored, as in caret.
    y_true, y_pred, y_proba : array-like, optional
        Instead of ``data``, as in :func:`two_class_summary`.

    Returns
    -------
    CaretSummary
        ``AUC``, ``Precision``, ``Recall``, ``F``; Precision (and F) NA when the
        first level is never predicted.

    Examples
    --------
    >>> from skcnn.metrics import pr_summary
    >>> y = ["yes", "yes", "no", "no", "yes"]
    >>> pred = ["yes", "no", "no", "yes", "yes"]
    >>> p_yes = [0.9, 0.4, 0.3, 0.6, 0.8]
    >>> print(pr_summary(lev=["yes", "no"], y_true=y, y_pred=pred,
    ...                  y_proba=[[p, 1 - p] for p in p_yes]))  # doctest: +NORMALIZE_WHITESPACE
          AUC Precision    Recall         F
    0.5694444 0.6666667 0.6666667 0.6666667
    """
    del model
    c = _classes(data, lev, y_true, y_pred, y_proba, "pr_summary")
    _two_levels(c, "pr_summary", "`prSummary`")
    _require_proba(c, "pr_summary")
    auc = _pr_auc(c.proba[:, 0], c.obs == 0)
    counts = _counts(c)
    prec = _ratio(counts[0, 0], counts[0, :].sum())
    rec = _ratio(counts[0, 0], counts[:, 0].sum())
    f = NA if prec is NA or rec is NA else _divide(2 * prec * rec, prec + rec)
    return CaretSummary._from_cells(["AUC", "Precision", "Recall", "F"], [auc, prec, rec, f])


def mn_log_loss(
    data=None, lev=None, model=None, *, y_true=None, y_pred=None, y_proba=None
) -> CaretSummary:
    """caret's ``mnLogLoss``: the mean negative log-likelihood of the observed classes.

    ModelMetrics' ``mlogLoss``, as caret calls it: each probability is clipped
    to ``[1e-15, 1 - 1e-15]`` first, so a probability of exactly 0 for the
    observed class costs ``-log(1e-15)`` (about 34.5) instead of infinity, and
    perfect probabilities give ``-log(1 - 1e-15)``, not 0. The rows are not
    renormalised after clipping.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        caret's data frame: ``obs`` and a probability column per level (rows
        with a missing value are dropped, as caret's ``complete.cases``).
    lev : list, optional
        The levels, in the order of the probability columns.
    model : object, optional
        Ignored, as in caret.
    y_true : array-like, optional
        Instead of ``data``: the observations.
    y_pred : array-like, optional
        Not used by the log loss; accepted so that every summary takes the same
        arguments.
    y_proba : array-like of shape (n_samples, n_levels) or DataFrame
        Instead of ``data``: the probabilities, columns in the order of ``lev``.

    Returns
    -------
    CaretSummary
        ``logLoss``.

    Examples
    --------
    >>> from skcnn.metrics import mn_log_loss
    >>> loss = mn_log_loss(y_true=["a", "b", "a"], y_proba=[[0.8, 0.2], [0.4, 0.6], [1.0, 0.0]])
    >>> print(loss)  # doctest: +NORMALIZE_WHITESPACE
      logLoss
    0.2446564
    """
    del model
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(
                f"mn_log_loss: data must be a pandas DataFrame, got {type(data).__name__}."
            )
        obs = _column(data, "obs", "mn_log_loss")
        levels = _levels(*_label_vector(obs, "y_true"), np.array([], dtype=object), lev)
        proba = _proba_frame(data, levels)
        if proba is None:
            raise ValueError("mn_log_loss: 'data' should have columns consistent with 'lev'.")
        complete = ~(pd.isna(obs.to_numpy()) | np.isnan(proba.astype(float)).any(axis=1))
        obs, proba = obs[complete], proba[complete]
        y_true, y_pred, y_proba = obs, obs, proba
    elif y_true is not None and y_pred is None:
        y_pred = y_true
    c = _classes(None, lev, y_true, y_pred, y_proba, "mn_log_loss")
    _require_proba(c, "mn_log_loss")
    return CaretSummary._from_cells(["logLoss"], [_log_loss(c)])


_MULTI_CLASS_ORDER = [
    "F1",
    "Sensitivity",
    "Specificity",
    "Pos Pred Value",
    "Neg Pred Value",
    "Precision",
    "Recall",
    "Detection Rate",
    "Balanced Accuracy",
]


def multi_class_summary(
    data=None, lev=None, model=None, *, y_true=None, y_pred=None, y_proba=None
) -> CaretSummary:
    """caret's ``multiClassSummary``: overall, probability and averaged per-class statistics.

    With probabilities: ``logLoss`` (:func:`mn_log_loss`), ``AUC`` (the mean
    over levels of pROC's one-versus-rest AUC, ``roc(obs == level,
    prob[, level], direction = "<")``, levels without an AUC left out) and
    ``prAUC`` (the mean of MLmetrics' one-versus-rest PR AUCs, as
    :func:`pr_summary`). Then ``Accuracy`` and ``Kappa``, and the means over
    levels of caret's ``confusionMatrix(..., mode = "everything")$byClass``:
    ``Mean_F1``, ``Mean_Sensitivity``, ``Mean_Specificity``,
    ``Mean_Pos_Pred_Value``, ``Mean_Neg_Pred_Value``, ``Mean_Precision``,
    ``Mean_Recall``, ``Mean_Detection_Rate``, ``Mean_Balanced_Accuracy``. A
    level's NA (e.g. the precision of a level never predicted) makes the
    mean NA, as R's ``colMeans``. With two levels, caret reports the first
    level's statistics instead, named without ``Mean_``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        caret's data frame: ``obs``, ``pred`` and, optionally, a probability
        column per level.
    lev : list, optional
        The levels (the first is the positive class with two levels).
    model : object, optional
        Ignored, as in caret.
    y_true, y_pred : array-like, optional
        Instead of ``data``: observations and predicted labels.
    y_proba : array-like of shape (n_samples, n_levels) or DataFrame, optional
        Instead of ``data``: the probabilities (without them, the probability
        statistics are left out, as in caret).

    Returns
    -------
    CaretSummary

    Examples
    --------
    >>> from skcnn.metrics import multi_class_summary
    >>> y = ["a", "b", "c", "a", "b", "c"]
    >>> pred = ["a", "b", "b", "a", "c", "c"]
    >>> s = multi_class_summary(y_true=y, y_pred=pred)
    >>> s.index.tolist()[:4]
    ['Accuracy', 'Kappa', 'Mean_F1', 'Mean_Sensitivity']
    >>> round(float(s["Kappa"]), 6)  # R: 0.49999999999999994, bit for bit
    0.5
    """
    del model
    c = _classes(data, lev, y_true, y_pred, y_proba, "multi_class_summary")
    names, cells = [], []
    if c.proba is not None:
        _require_proba(c, "multi_class_summary")
        aucs, pr_aucs = [], []
        for k in range(len(c.levels)):
            truth = c.obs == k
            aucs.append(_roc_auc(truth.astype(int), c.proba[:, k], "<"))
            pr_aucs.append(_pr_auc(c.proba[:, k], truth))
        names += ["logLoss", "AUC", "prAUC"]
        cells += [_log_loss(c), _mean_present(aucs), _mean_present(pr_aucs)]
    accuracy, kappa = _class_agreement(_counts(c))
    names += ["Accuracy", "Kappa"]
    cells += [accuracy, kappa]
    by_class = _by_class_table(_counts(c), list(range(len(c.levels))))
    if len(c.levels) == 2:
        class_cells = [by_class[0][name] for name in _MULTI_CLASS_ORDER]
        prefix = ""
    else:
        class_cells = [
            _col_mean([by_class[k][name] for k in by_class]) for name in _MULTI_CLASS_ORDER
        ]
        prefix = "Mean_"
    names += [prefix + name.replace(" ", "_") for name in _MULTI_CLASS_ORDER]
    cells += class_cells
    return CaretSummary._from_cells(names, cells)
