"""Which classes a model mixes up: fastai's ``ClassificationInterpretation.most_confused``."""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd

from ._labels import _as_labels, _check_same_length, _codes, _counts, _shared_levels

__all__ = ["most_confused"]


def most_confused(y_true, y_pred, min_count=1, *, labels=None):
    """The (true, predicted) class pairs a model confuses, most frequent first.

    The off-diagonal cells of the confusion table as rows, as fastai's
    ``ClassificationInterpretation.most_confused`` lists them: the images of
    class ``true`` that the model called ``predicted``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    min_count : int, default=1
        Leave out pairs seen fewer times (fastai's ``min_val``).
    labels : array-like, optional
        The classes, in order; by default both vectors' labels, sorted (a
        pandas Categorical brings its categories). The order breaks ties.

    Returns
    -------
    pandas.DataFrame
        Columns ``true``, ``predicted`` and ``count`` (int64), one row per pair
        with ``count >= min_count``, sorted by ``count`` descending and then by
        the order of the classes; an empty frame when nothing is confused.

    Raises
    ------
    ValueError
        If the vectors differ in length, hold missing values or labels outside
        ``labels``, or ``min_count`` is not a positive int.

    See Also
    --------
    skcnn.metrics.table : The whole table, R's ``table(actual, predicted)``.
    skcnn.plotting.plot_top_losses : The images behind the confusions.

    Examples
    --------
    >>> from skcnn.metrics import most_confused
    >>> y_true = ["cat", "cat", "cat", "dog", "dog", "fox", "fox", "fox"]
    >>> y_pred = ["dog", "dog", "cat", "cat", "dog", "dog", "cat", "fox"]
    >>> most_confused(y_true, y_pred)
      true predicted  count
    0  cat       dog      2
    1  dog       cat      1
    2  fox       cat      1
    3  fox       dog      1
    >>> most_confused(y_true, y_pred, min_count=2)
      true predicted  count
    0  cat       dog      2
    """
    if isinstance(min_count, bool) or not isinstance(min_count, Integral) or min_count < 1:
        raise ValueError(f"min_count must be a positive int, got {min_count!r}.")
    truth, truth_cats = _as_labels(y_true, "y_true")
    pred, pred_cats = _as_labels(y_pred, "y_pred")
    _check_same_length(truth, pred, ("y_true", "y_pred"))
    levels = _shared_levels(truth, truth_cats, pred, pred_cats, labels)
    counts = _counts(
        _codes(truth, levels, "y_true"), _codes(pred, levels, "y_pred"), len(levels), len(levels)
    )
    np.fill_diagonal(counts, 0)
    rows, cols = np.nonzero(counts >= min_count)
    values = counts[rows, cols]
    # A stable sort on the count keeps the classes' order among ties.
    order = np.argsort(-values, kind="stable")
    return pd.DataFrame(
        {
            "true": pd.Series([levels[i] for i in rows[order]], dtype=object),
            "predicted": pd.Series([levels[j] for j in cols[order]], dtype=object),
            "count": values[order].astype(np.int64),
        }
    )
