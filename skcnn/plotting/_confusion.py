"""The confusion matrix as an annotated heat map, rows = actual as in R's ``table()``.

Re-exported as :func:`skcnn.plotting.plot_confusion_matrix`.
"""

from __future__ import annotations

import numpy as np

from ._common import new_figure

__all__ = ["plot_confusion_matrix"]

_NORMALIZE = (None, "true", "pred", "all")
_NORMALIZED_OF = {
    "true": "proportion of each actual class",
    "pred": "proportion of each predicted class",
    "all": "proportion of all samples",
}


def plot_confusion_matrix(
    y_true, y_pred=None, *, labels=None, normalize=None, cmap="Blues", title=None, ax=None
):
    """Confusion matrix as an annotated heat map, rows = actual as in R's table().

    The orientation is R's ``table(actual, predicted)``: one row per actual
    (true) class, one column per predicted class, so the diagonal holds the
    correct predictions. Every cell is annotated with its count (or proportion)
    in black or white, whichever reads better on the cell's colour.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,), ConfusionMatrixReport or DataFrame
        True labels; or a :class:`~skcnn.metrics.ConfusionMatrixReport`, or a
        table of counts such as :func:`skcnn.metrics.table` returns (rows =
        actual), in which case ``y_pred`` is left out. A table whose rows are
        named "Prediction" (caret's layout, ``report.table``) is transposed.
    y_pred : array-like of shape (n_samples,), optional
        Predicted labels, when ``y_true`` holds labels.
    labels : array-like, optional
        Classes to show, in order (classes nobody has get rows and columns of
        zeros). By default the classes of both vectors, sorted, or a table's own.
    normalize : {None, "true", "pred", "all"}, default=None
        As in :func:`sklearn.metrics.confusion_matrix`: counts (None), or
        proportions of each actual class ("true", rows sum to 1), of each
        predicted class ("pred", columns sum to 1) or of all samples ("all").
        An empty row or column gives zeros.
    cmap : str or matplotlib.colors.Colormap, default="Blues"
    title : str, optional
        The axes' title; by default "Confusion matrix (n = 300)" with the number
        of samples, and what a proportion is of when ``normalize`` is given
        ("proportion of each actual class"). ``""`` draws none.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the one that holds ``ax``. The heat map's axes come
        first in ``fig.axes``, its colour bar after it.

    Raises
    ------
    ValueError
        For an unknown ``normalize``, labels of different lengths or outside
        ``labels``, or ``y_pred`` missing (or given together with a table).

    See Also
    --------
    skcnn.metrics.table : The counts, as a DataFrame.
    skcnn.metrics.confusion_matrix_report : caret's statistics for them.

    Examples
    --------
    >>> from skcnn.plotting import plot_confusion_matrix
    >>> fig = plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.texts]
    ['1', '1', '1', '2']
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('Predicted', 'Actual')
    >>> ax.get_title()
    'Confusion matrix (n = 5)'
    >>> fig = plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], normalize="true")
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0.50', '0.50', '0.33', '0.67']
    """
    if normalize not in _NORMALIZE:
        raise ValueError(f"normalize must be one of {list(_NORMALIZE)}, got {normalize!r}.")
    counts = _confusion_counts(y_true, y_pred, labels)
    values = counts.to_numpy(dtype=np.int64)
    if normalize is None:
        shown, fmt = values, "d"
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            if normalize == "true":
                shown = values / values.sum(axis=1, keepdims=True)
            elif normalize == "pred":
                shown = values / values.sum(axis=0, keepdims=True)
            else:
                shown = values / values.sum()
        shown, fmt = np.nan_to_num(shown), ".2f"

    if ax is None:
        n_rows, n_cols = shown.shape
        side = min(12.0, max(3.5, 0.55 * max(n_rows, n_cols) + 1.5))
        # room beside the square heat map for the colour bar and both axis labels
        fig = new_figure(figsize=(side + 1.6, side), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    vmax = 1.0 if normalize is not None else max(int(values.max()), 1)
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
    n_cells = shown.size
    fontsize = 10 if n_cells <= 100 else 8 if n_cells <= 400 else 6
    for (i, j), value in np.ndenumerate(shown):
        ax.text(
            j,
            i,
            format(value, fmt),
            ha="center",
            va="center",
            fontsize=fontsize,
            color=_text_color(image.cmap(image.norm(value))),
        )
    row_names = [str(v) for v in counts.index]
    col_names = [str(v) for v in counts.columns]
    ax.set_xticks(range(len(col_names)))
    ax.set_yticks(range(len(row_names)))
    rotate = max(len(s) for s in col_names) > 3
    ax.set_xticklabels(col_names, rotation=45 if rotate else 0, ha="right" if rotate else "center")
    ax.set_yticklabels(row_names)
    ax.set_xlabel("Predicted")
    ax.set_ylabel("Actual")
    if title is None:
        title = f"Confusion matrix (n = {int(values.sum())})"
        if normalize is not None:
            title += f"\n{_NORMALIZED_OF[normalize]}"
    ax.set_title(title)
    if normalize is None:
        from matplotlib.ticker import MaxNLocator

        fig.colorbar(image, ax=ax, label="count", ticks=MaxNLocator(integer=True))
    else:
        fig.colorbar(image, ax=ax, label="proportion")
    return fig


def _confusion_counts(y_true, y_pred, labels):
    """Counts as a DataFrame, rows = actual, columns = predicted."""
    import pandas as pd

    from ..metrics import ConfusionMatrixReport, table

    if isinstance(y_true, ConfusionMatrixReport | pd.DataFrame):
        if y_pred is not None:
            raise ValueError(
                "y_pred must be left out when y_true is a ConfusionMatrixReport or a table of "
                "counts: the table already holds the predictions."
            )
        if isinstance(y_true, ConfusionMatrixReport):
            counts = pd.DataFrame(y_true.table).T  # caret: rows = Prediction
        else:
            counts = pd.DataFrame(y_true)
            if counts.index.name == "Prediction":
                counts = counts.T
        if counts.shape[0] == 0 or counts.shape[1] == 0:
            raise ValueError("The table of counts is empty.")
        if labels is not None:
            labels = list(labels)
            counts = counts.reindex(index=labels, columns=labels, fill_value=0)
        values = counts.to_numpy()
        if not np.issubdtype(values.dtype, np.number) or np.any(pd.isna(values)):
            raise ValueError("The table must hold numeric counts without missing values.")
        return counts.astype(np.int64)
    if y_pred is None:
        raise ValueError(
            "y_pred is missing: pass plot_confusion_matrix(y_true, y_pred), or a "
            "ConfusionMatrixReport or table(actual, predicted) alone."
        )
    if labels is None:
        counts = table(y_true, y_pred)
        levels = list(counts.index) + [c for c in counts.columns if c not in counts.index]
        categorical = any(
            isinstance(getattr(y, "dtype", None), pd.CategoricalDtype) for y in (y_true, y_pred)
        )
        if not categorical:
            try:
                levels = sorted(levels)
            except TypeError:
                pass
        return pd.DataFrame(counts).reindex(index=levels, columns=levels, fill_value=0)
    return pd.DataFrame(table(y_true, y_pred, labels=labels))


def _text_color(rgba):
    """Black on light cells, white on dark ones (relative luminance)."""
    r, g, b = rgba[:3]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if luminance > 0.5 else "white"
