"""matplotlib figures from skcnn's objects and from a fitted :class:`CNNClassifier`.

Every function returns a :class:`matplotlib.figure.Figure` known to pyplot, as
scikit-learn's Displays do: ``plt.show()`` in a script shows it, a notebook
displays it, and on a machine without a display pyplot uses its Agg backend, so
``fig.savefig(path)`` works everywhere. ``plt.close(fig)`` frees it. Functions
with an ``ax=`` argument draw into an existing axes instead.

Importing this module loads neither matplotlib nor TensorFlow; matplotlib loads
on the first plot, and the functions that look inside a network use the Keras
that the fitted estimator already loaded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ._figures import new_figure
from ._plot_inspection import plot_gradcam, plot_occlusion, plot_top_losses
from ._plot_resamples import plot_resamples

__all__ = [
    "plot_confusion_matrix",
    "plot_feature_maps",
    "plot_filters",
    "plot_gradcam",
    "plot_history",
    "plot_lr_find",
    "plot_misclassified",
    "plot_occlusion",
    "plot_resamples",
    "plot_roc",
    "plot_top_losses",
]

_DEFAULT_METRICS = ("loss", "accuracy", "mae")
# ggplot2's first two hues, the colours of R keras's plot(history).
_TRAIN_COLOR = "#F8766D"
_VALIDATION_COLOR = "#00BFC4"
_NORMALIZE = (None, "true", "pred", "all")


# --------------------------------------------------------------------------
# Training history
# --------------------------------------------------------------------------


def plot_history(history, *, metrics=_DEFAULT_METRICS, title=None, ax=None):
    """Training curves per epoch, like R keras's ``plot(history)``.

    One panel per metric, stacked vertically and sharing the epoch axis:
    "Model Loss", "Model Accuracy", ... Each panel shows the training curve
    ("train") and, when the history has ``val_<metric>``, the validation curve
    ("validation").

    Parameters
    ----------
    history : CNNClassifier, pandas.DataFrame, keras.callbacks.History or dict
        A fitted estimator (its ``history_``), a DataFrame shaped like
        ``history_`` (one row per epoch, one column per metric), the History
        that ``keras.Model.fit`` returns, or a dict of per-epoch lists.
    metrics : str or sequence of str, default=("loss", "accuracy", "mae")
        Metrics to plot, one panel each, without the ``val_`` prefix. With the
        default, metrics missing from the history are skipped; names passed
        explicitly must be in the history.
    title : str, optional
        A title above all panels.
    ax : matplotlib.axes.Axes or sequence of Axes, optional
        Draw into these axes, one per plotted metric, instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the one holding ``ax``.

    Raises
    ------
    ValueError
        If the history has no epochs, if an explicitly requested metric is not
        in it, if none of the default metrics is, or if ``ax`` does not give
        one axes per metric.

    See Also
    --------
    skcnn.CNNClassifier : Its ``history_`` attribute is what this plots.

    Notes
    -----
    The x-axis shows the history's epoch numbers: ``history_`` counts from 1
    (and continues across warm-started fits), a DataFrame's numeric index is
    used as is, except an unnamed default ``RangeIndex`` from 0, which is
    numbered from 1 like a Keras History's 0-based ``epoch`` list, as R shows it.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.plotting import plot_history
    >>> history = pd.DataFrame(
    ...     {"loss": [0.9, 0.5, 0.3], "accuracy": [0.70, 0.85, 0.92],
    ...      "val_loss": [0.8, 0.6, 0.5], "val_accuracy": [0.75, 0.82, 0.86]},
    ...     index=pd.RangeIndex(1, 4, name="epoch"))
    >>> fig = plot_history(history)
    >>> [ax.get_title() for ax in fig.axes]
    ['Model Loss', 'Model Accuracy']
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['train', 'validation']
    >>> fig.axes[1].get_lines()[1].get_ydata().tolist()
    [0.75, 0.82, 0.86]
    >>> fig.savefig("history.png")  # doctest: +SKIP
    """
    frame, epochs = _history_frame(history)
    if len(frame) == 0:
        raise ValueError(
            "The history is empty (no epochs were recorded); fit the model for at least one "
            "epoch first."
        )
    names = _history_metrics(frame, metrics)
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        fig = new_figure(figsize=(6.4, 1.0 + 2.6 * len(names)), layout="constrained")
        axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    else:
        axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
        if len(axes) != len(names):
            raise ValueError(
                f"ax gives {len(axes)} axes for {len(names)} metrics {names}; pass one axes "
                f"per metric, or metrics= naming as many as there are axes."
            )
        fig = axes[0].figure
    marker = "o" if len(frame) <= 50 else None
    for ax, name in zip(axes, names, strict=True):
        curves = ((name, _TRAIN_COLOR, "train"), (f"val_{name}", _VALIDATION_COLOR, "validation"))
        for column, color, label in curves:
            if column in frame.columns:
                ax.plot(
                    epochs,
                    frame[column].to_numpy(dtype=float),
                    marker=marker,
                    markersize=4,
                    color=color,
                    label=label,
                )
        ax.set_title(f"Model {_metric_title(name)}")
        ax.set_ylabel(name)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best")
    axes[-1].set_xlabel("Epoch")
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    if title is not None:
        fig.suptitle(title)
    return fig


def _history_frame(history):
    """The history as a DataFrame of metric columns, and the epoch numbers."""
    import pandas as pd

    if isinstance(history, pd.DataFrame):
        frame = history
        index = frame.index
        default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and not index.name
        numeric = pd.api.types.is_numeric_dtype(index.dtype) and index.nlevels == 1
        if numeric and not default_index:
            epochs = np.asarray(index, dtype=float)
        else:
            epochs = np.arange(1, len(frame) + 1, dtype=float)
        return frame, epochs
    if hasattr(history, "get_params") and hasattr(history, "fit"):
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(history, "history_")
        return _history_frame(history.history_)
    if isinstance(getattr(history, "history", None), Mapping):  # keras.callbacks.History
        frame = pd.DataFrame({k: list(v) for k, v in history.history.items()})
        epoch = list(getattr(history, "epoch", None) or [])
        if len(epoch) == len(frame):
            epochs = np.asarray(epoch, dtype=float) + 1
        else:
            epochs = np.arange(1, len(frame) + 1, dtype=float)
        return frame, epochs
    if isinstance(history, Mapping):
        frame = pd.DataFrame({k: list(v) for k, v in history.items()})
        return frame, np.arange(1, len(frame) + 1, dtype=float)
    raise TypeError(
        f"history must be a fitted CNNClassifier, a DataFrame like its history_, a Keras "
        f"History or a dict of per-epoch lists, got {type(history).__name__}."
    )


def _history_metrics(frame, metrics):
    """The metric names to plot, in order."""
    available = []
    for column in frame.columns:
        base = str(column).removeprefix("val_")
        if base not in available:
            available.append(base)
    explicit = metrics is not _DEFAULT_METRICS
    if isinstance(metrics, str):
        metrics = (metrics,)
    names = list(metrics)
    if not names:
        raise ValueError("metrics is empty; name at least one metric, e.g. metrics=('loss',).")
    present = [m for m in names if m in frame.columns or f"val_{m}" in frame.columns]
    missing = [m for m in names if m not in present]
    if explicit and missing:
        raise ValueError(
            f"Metric(s) {missing} are not in the history, which has {available}. Name "
            f"metrics without the 'val_' prefix (validation curves are drawn with them)."
        )
    if not present:
        raise ValueError(
            f"None of the metrics {names} is in the history, which has {available}; pass "
            f"metrics=... naming some of those."
        )
    return present


def _metric_title(name):
    return " ".join(word.capitalize() for word in str(name).split("_"))


# --------------------------------------------------------------------------
# Confusion matrix
# --------------------------------------------------------------------------


def plot_lr_find(curve, *, ax=None):
    """The learning-rate range test's loss against the rate, as fastai plots it.

    Parameters
    ----------
    curve : pandas.DataFrame
        What :func:`skcnn.lr_find` returns: ``learning_rate``, ``loss`` and
        ``smoothed_loss`` per batch, the suggestion in ``attrs``.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    See Also
    --------
    skcnn.lr_find : Runs the test.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skcnn.plotting import plot_lr_find
    >>> rates = np.geomspace(1e-5, 1, 30)
    >>> loss = 2 - np.tanh(np.log10(rates) + 3) + np.where(rates > 0.1, 10 * rates, 0)
    >>> curve = pd.DataFrame({"learning_rate": rates, "loss": loss, "smoothed_loss": loss})
    >>> curve.attrs["suggested_rate"] = 1e-3
    >>> fig = plot_lr_find(curve)
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_xlabel()
    ('log', 'Learning rate')
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['loss', 'smoothed', 'suggested: 0.001']
    """
    missing = {"learning_rate", "loss", "smoothed_loss"} - set(getattr(curve, "columns", ()))
    if missing:
        raise ValueError(
            f"curve must be the DataFrame skcnn.lr_find returns; it lacks {sorted(missing)}."
        )
    if ax is None:
        fig = new_figure(figsize=(6.4, 4.0), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    rates = curve["learning_rate"].to_numpy(dtype=float)
    ax.plot(rates, curve["loss"].to_numpy(dtype=float), color="0.75", label="loss")
    ax.plot(
        rates, curve["smoothed_loss"].to_numpy(dtype=float), color=_TRAIN_COLOR, label="smoothed"
    )
    suggested = curve.attrs.get("suggested_rate", float("nan"))
    if np.isfinite(suggested):
        at = np.interp(np.log10(suggested), np.log10(rates), curve["smoothed_loss"])
        ax.plot(
            [suggested], [at], "o", color=_VALIDATION_COLOR, label=f"suggested: {suggested:.3g}"
        )
    ax.set_xscale("log")
    ax.set_xlabel("Learning rate")
    ax.set_ylabel("Loss")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    return fig


def plot_confusion_matrix(
    y_true, y_pred=None, *, labels=None, normalize=None, cmap="Blues", ax=None
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
        fig = new_figure(figsize=(side + 1.0, side), layout="constrained")
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
    if normalize is None:
        from matplotlib.ticker import MaxNLocator

        fig.colorbar(image, ax=ax, label="count", ticks=MaxNLocator(integer=True))
    else:
        fig.colorbar(image, ax=ax, label="proportion")
    return fig


def _confusion_counts(y_true, y_pred, labels):
    """Counts as a DataFrame, rows = actual, columns = predicted."""
    import pandas as pd

    from .metrics import ConfusionMatrixReport, table

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


# --------------------------------------------------------------------------
# ROC curves
# --------------------------------------------------------------------------


def plot_roc(curves, ax=None, ci=True, best=True, labels=None):
    """ROC curves as pROC's ``plot(roc)`` draws them, AUCs in the legend.

    Specificity runs from 1 down to 0 on the x-axis, as in pROC's plot (not
    1 - specificity), sensitivity on the y-axis; the grey diagonal is a curve
    with no skill. Each curve's legend entry gives its AUC and, with ``ci``,
    DeLong's 95% confidence interval; with ``best``, the point that
    maximises Youden's J (every tied one) is marked and labelled
    "threshold (specificity, sensitivity)" as pROC's ``print.thres`` does.

    Parameters
    ----------
    curves : ROCCurve, sequence of ROCCurve or dict of str to ROCCurve
        What :func:`skcnn.metrics.roc` returns. A dict's keys label the curves;
        otherwise each is labelled by the name of its scores.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    ci : bool, default=True
        Show DeLong's 95% confidence interval of each AUC in the legend.
    best : bool, default=True
        Mark each curve's best threshold (``curve.coords("best")``).
    labels : sequence of str, optional
        Legend labels, one per curve, in order (they replace a dict's keys).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the one that holds ``ax``.

    Raises
    ------
    ValueError
        If ``curves`` is empty or holds something other than ROC curves, or
        ``labels`` does not have one label per curve.

    See Also
    --------
    skcnn.metrics.roc : Builds the curves.
    skcnn.metrics.roc_test : Tests whether two AUCs differ.

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> from skcnn.plotting import plot_roc
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> a = roc(y, [0.1, 0.3, 0.2, 0.6, 0.5, 0.8, 0.9, 0.7])
    >>> b = roc(y, [0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.7, 0.45])
    >>> fig = plot_roc({"model A": a, "model B": b})
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel(), bool(ax.xaxis_inverted())
    ('Specificity', 'Sensitivity', True)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['model A: AUC 0.938 (95% CI 0.764-1.000)', 'model B: AUC 0.812 (95% CI 0.481-1.000)']
    """
    import warnings

    items = _roc_items(curves, labels)
    if ax is None:
        fig = new_figure(figsize=(5.5, 5.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    ax.plot([1, 0], [0, 1], color="0.7", linewidth=1, zorder=1)
    for label, curve in items:
        text = f"{label}: AUC {curve.auc:.3f}"
        if ci:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a perfect curve's CI is 1-1, and says so
                lower, _, upper = curve.ci_auc()
            text += f" (95% CI {lower:.3f}-{upper:.3f})"
        (line,) = ax.plot(curve.specificities, curve.sensitivities, linewidth=1.8, label=text)
        if best:
            points = curve.coords("best")
            ax.plot(
                points["specificity"],
                points["sensitivity"],
                linestyle="none",
                marker="o",
                markersize=6,
                color=line.get_color(),
            )
            for _, row in points.iterrows():
                ax.annotate(
                    f"{row['threshold']:.3g} ({row['specificity']:.3f}, {row['sensitivity']:.3f})",
                    (row["specificity"], row["sensitivity"]),
                    xytext=(6, -12),
                    textcoords="offset points",
                    fontsize=8,
                    color=line.get_color(),
                )
    ax.set_xlim(1.02, -0.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel("Specificity")
    ax.set_ylabel("Sensitivity")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def _roc_items(curves, labels):
    """(label, curve) pairs from one curve, a sequence or a dict of curves."""
    from .metrics import ROCCurve

    if isinstance(curves, ROCCurve):
        items = [(curves.predictor_name, curves)]
    elif isinstance(curves, Mapping):
        items = [(str(k), v) for k, v in curves.items()]
    else:
        items = [(getattr(c, "predictor_name", str(k)), c) for k, c in enumerate(curves)]
    if not items:
        raise ValueError("curves is empty; pass at least one ROCCurve (skcnn.metrics.roc).")
    for label, curve in items:
        if not isinstance(curve, ROCCurve):
            raise ValueError(
                f"curves must hold ROCCurve objects (from skcnn.metrics.roc); {label!r} is a "
                f"{type(curve).__name__}."
            )
    if labels is not None:
        labels = [str(v) for v in ([labels] if isinstance(labels, str) else labels)]
        if len(labels) != len(items):
            raise ValueError(
                f"labels has {len(labels)} entries for {len(items)} curves; pass one label per "
                "curve."
            )
        items = [(lab, c) for lab, (_, c) in zip(labels, items, strict=True)]
    return items


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------


def plot_misclassified(estimator, X, y, *, y_pred=None, max_images=25, ncols=5):
    """A grid of the images a fitted classifier gets wrong.

    Each image is titled "true: a / pred: b" with the probability the model
    gave its (wrong) prediction. Images appear in the order of ``X``.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier; its ``predict_proba`` gives the predictions and its
        ``input_shape_`` the shape of flat rows.
    X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), DataFrame, or ImageFiles
        Images in any layout the estimator accepts; grayscale or RGB. Of image
        files, only the misclassified images shown are decoded.
    y : array-like of shape (n,)
        True labels.
    y_pred : array-like of shape (n,), optional
        Predicted labels, to skip predicting; the titles then show no
        probability.
    max_images : int, default=25
        Show at most this many misclassified images (the first ones).
    ncols : int, default=5
        Images per row.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per image shown, titled as above; when nothing is
        misclassified, one empty axes with the text "No misclassified images".

    Raises
    ------
    ValueError
        If ``y`` or ``y_pred`` does not have one label per image, or
        ``max_images``/``ncols`` is not a positive int.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_misclassified
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_misclassified(clf, X[100:150], y[100:150], max_images=10)
    >>> len(fig.axes) <= 10
    True
    >>> fig.axes[0].get_title().startswith("true: ")
    True
    """
    max_images = _positive_int(max_images, "max_images")
    ncols = _positive_int(ncols, "ncols")
    images = _estimator_images(estimator, X)
    n = images.shape[0]
    truth = _label_vector(y, n, "y")
    confidence = None
    if y_pred is None:
        proba = estimator.predict_proba(X)
        best = np.argmax(proba, axis=1)
        predicted = np.asarray(estimator.classes_)[best]
        confidence = proba[np.arange(n), best]
    else:
        predicted = _label_vector(y_pred, n, "y_pred")
    wrong = np.flatnonzero(np.asarray(truth, dtype=object) != np.asarray(predicted, dtype=object))

    if wrong.size == 0:
        fig = new_figure(figsize=(4.0, 2.0), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No misclassified images",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=12,
        )
        return fig
    shown = wrong[:max_images]
    from .inspection import _decoded

    pictures = _decoded(images[shown])  # of image files, only those shown are decoded
    cols = min(ncols, shown.size)
    rows = math.ceil(shown.size / cols)
    fig = new_figure(figsize=(1.8 * cols, 2.0 * rows + 0.4), layout="constrained")
    for k, i in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        _show_image(ax, pictures[k])
        title = f"true: {_label_text(truth[i])} / pred: {_label_text(predicted[i])}"
        if confidence is not None:
            title += f"\np = {confidence[i]:.2f}"
        ax.set_title(title, fontsize=8)
    capped = "" if shown.size == wrong.size else f", first {shown.size} shown"
    fig.suptitle(f"Misclassified: {wrong.size} of {n} images{capped}")
    return fig


def plot_filters(estimator, *, layer=None, max_filters=64):
    """The kernels of a convolution layer, one small image per output filter.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    layer : str, optional
        Name of a ``Conv2D`` layer, as ``"conv1"`` or with its model's name as
        in :meth:`CNNClassifier.summary` (``"simple/conv1"``). By default the
        first ``Conv2D`` of the network.
    max_filters : int, default=64
        Show at most this many filters (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per filter shown, in filter order.

    Raises
    ------
    ValueError
        If the network has no ``Conv2D`` layer, or ``layer`` names no layer or a
        layer that is not a ``Conv2D`` (the message lists the convolutions).

    Notes
    -----
    Each filter is scaled on its own to the full grey range (a constant filter
    is mid-grey), so the images show each kernel's pattern, not its size. A
    kernel over 3 input channels (an RGB image) is shown in colour; over any
    other number of channels, as the mean over its input channels.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_filters
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> len(plot_filters(clf).axes)
    4
    """
    max_filters = _positive_int(max_filters, "max_filters")
    keras = _fitted_keras(estimator)
    path, target, _ = _find_conv(keras, estimator.model_, layer)
    kernel = np.asarray(keras.ops.convert_to_numpy(target.kernel), dtype=float)
    kh, kw, n_in, n_out = kernel.shape
    n = min(n_out, max_filters)
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)

    fig = new_figure(
        figsize=(max(3.0, 1.0 * cols), max(1.5, 1.0 * rows + 0.5)), layout="constrained"
    )
    for k in range(n):
        w = kernel[..., k]
        w = w if n_in == 3 else w.mean(axis=-1)
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(
            _unit_range(w),
            cmap=None if n_in == 3 else "gray",
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        ax.set_axis_off()
    shown = f"{n} of {n_out}" if n < n_out else f"{n}"
    fig.suptitle(f"{path}: {shown} filters, {kh}x{kw}", fontsize=10)
    return fig


def plot_feature_maps(estimator, image, *, layer=None, max_maps=32):
    """What a convolution layer outputs for one image, one panel per channel.

    The image goes through the network's own rescaling and resizing first (the
    ``"rescale"`` and ``"resize"`` layers of ``model_``), so the maps are what
    the trained network computes for it.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    image : array-like or ImageFiles
        One image: a flat row of ``prod(input_shape_)`` values, ``(h, w)``,
        ``(h, w, c)``, a batch of one ``(1, h, w, c)``, or image files holding
        one file (``files[i:i + 1]``).
    layer : str, optional
        Name of the layer whose output to show (``"conv2"`` or
        ``"simple/conv2"``); any layer whose output has shape
        ``(height, width, channels)`` will do. By default the first ``Conv2D``.
    max_maps : int, default=32
        Show at most this many channels (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per channel shown, each an image of the layer's output height
        and width, coloured on its own scale.

    Raises
    ------
    ValueError
        If the image does not have the estimator's input shape, or the layer is
        unknown or has no spatial output.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_feature_maps
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_feature_maps(clf, X[0])
    >>> len(fig.axes)
    4
    """
    max_maps = _positive_int(max_maps, "max_maps")
    keras = _fitted_keras(estimator)
    model = estimator.model_
    batch = _one_image(estimator, image)
    if layer is None:
        path, target, parents = _find_conv(keras, model, None)
    else:
        path, target, parents = _find_layer(model, layer)
    maps = _activations(keras, parents, target, batch)
    if maps.ndim != 3:
        raise ValueError(
            f"Layer {path!r} outputs shape {tuple(maps.shape)} per image, not feature maps "
            f"(height, width, channels); pick a convolution or pooling layer."
        )
    h, w, n_maps = maps.shape
    n = min(n_maps, max_maps)
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)

    fig = new_figure(
        figsize=(max(3.0, 1.3 * cols), max(1.8, 1.3 * rows + 0.5)), layout="constrained"
    )
    for k in range(n):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(maps[..., k], cmap="viridis", interpolation="nearest")
        ax.set_title(str(k), fontsize=7)
        ax.set_axis_off()
    shown = f"{n} of {n_maps}" if n < n_maps else f"{n}"
    fig.suptitle(f"{path}: {shown} feature maps, {h}x{w}", fontsize=10)
    return fig


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def _check_fitted(estimator):
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(estimator, ("model_", "input_shape_"))


def _fitted_keras(estimator):
    _check_fitted(estimator)
    from ._keras import get_keras

    return get_keras()


def _estimator_images(estimator, X):
    """``X`` as (n, h, w, c) images of the estimator's input shape."""
    _check_fitted(estimator)
    from ._validation import check_images

    return check_images(X, expected_shape=estimator.input_shape_, estimator=estimator).images


def _one_image(estimator, image):
    """One image as a batch (1, h, w, c) of the estimator's input shape."""
    shape = tuple(estimator.input_shape_)
    from ._validation import is_image_files

    if is_image_files(image) and len(image) != 1:
        raise ValueError(
            f"image holds {len(image)} image files; pass one image, e.g. files[i:i + 1] "
            f"or files[i]."
        )
    arr = np.asarray(image)
    if arr.ndim == 4 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim == 1 and arr.size == math.prod(shape):
        arr = arr.reshape(shape)
    elif arr.ndim == 2 and arr.shape == shape[:2] and shape[2] == 1:
        arr = arr[..., np.newaxis]
    if arr.shape != shape:
        raise ValueError(
            f"image has shape {np.shape(image)}, but the estimator was fitted on images of "
            f"shape {shape}; pass one image: a flat row of {math.prod(shape)} values, "
            f"{shape[:2] if shape[2] == 1 else shape} or {shape}."
        )
    return _estimator_images(estimator, arr[np.newaxis])


def _label_vector(values, n, name):
    arr = np.asarray(values)
    if arr.ndim != 1:
        arr = arr.ravel() if arr.ndim == 2 and 1 in arr.shape else arr
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(
            f"{name} has shape {np.shape(values)}, but X has {n} images; pass one label per image."
        )
    return arr


def _label_text(value):
    return str(value.item() if isinstance(value, np.generic) else value)


def _unit_range(values):
    """Scale to [0, 1]; a constant array becomes 0.5."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi - lo <= 0 or not np.isfinite(hi - lo):
        return np.full(np.shape(values), 0.5)
    return (values - lo) / (hi - lo)


def _show_image(ax, image):
    """Draw one (h, w, c) image: grayscale for one channel, RGB for three."""
    channels = image.shape[-1]
    if channels == 1:
        ax.imshow(image[..., 0], cmap="gray", interpolation="nearest")
    elif channels in (3, 4) and image.dtype == np.uint8:
        ax.imshow(image, interpolation="nearest")
    elif channels in (3, 4):
        ax.imshow(_unit_range(image.astype(float)), interpolation="nearest")
    else:  # other channel counts: their mean, as grayscale
        ax.imshow(image.mean(axis=-1), cmap="gray", interpolation="nearest")
    ax.set_axis_off()


def _walk(model, parents=()):
    """(path, layer, parents) for every non-model layer, nested models expanded.

    ``parents`` runs from the outermost model to the one holding the layer;
    paths read like :meth:`CNNClassifier.summary` (``"simple/conv1"``).
    """
    parents = (*parents, model)
    prefix = "".join(f"{m.name}/" for m in parents[1:])
    for layer in model.layers:
        if getattr(layer, "layers", None):
            yield from _walk(layer, parents)
        else:
            yield f"{prefix}{layer.name}", layer, parents


def _find_layer(model, name):
    """The (path, layer, parents) named ``name`` (a path or a bare layer name)."""
    entries = [e for e in _walk(model) if type(e[1]).__name__ != "InputLayer"]
    matches = [e for e in entries if name in (e[0], e[1].name)]
    if not matches:
        raise ValueError(
            f"The network has no layer named {name!r}; its layers are "
            f"{[path for path, _, _ in entries]}."
        )
    if len(matches) > 1:
        raise ValueError(
            f"Several layers are named {name!r}: {[path for path, _, _ in matches]}; pass "
            f"the full path."
        )
    return matches[0]


def _find_conv(keras, model, name):
    """The first Conv2D, or the Conv2D named ``name``."""
    convs = [e for e in _walk(model) if isinstance(e[1], keras.layers.Conv2D)]
    if name is None:
        if not convs:
            layers = [
                path for path, layer, _ in _walk(model) if type(layer).__name__ != "InputLayer"
            ]
            raise ValueError(
                f"The network has no Conv2D layer to show (its layers are {layers}); "
                f"plot_filters and plot_feature_maps need a convolutional network."
            )
        return convs[0]
    found = _find_layer(model, name)
    if not isinstance(found[1], keras.layers.Conv2D):
        raise ValueError(
            f"Layer {found[0]!r} is a {type(found[1]).__name__}, not a Conv2D; the "
            f"convolution layers are {[path for path, _, _ in convs]}."
        )
    return found


def _activations(keras, parents, target, batch):
    """Output of ``target`` for ``batch`` fed to the outermost model, as (h, w, c)."""
    x = batch
    for model, child in zip(parents[:-1], parents[1:], strict=True):
        x = _child_input(keras, model, child, x, chain=model is parents[0])
    sub = keras.Model(_model_inputs(parents[-1]), target.output)
    out = sub(x, training=False)
    if isinstance(out, list | tuple):
        out = out[0]
    # float32: a mixed-precision network's bfloat16 maps are not images matplotlib draws.
    return np.asarray(keras.ops.convert_to_numpy(out), dtype=np.float32)[0]


def _child_input(keras, model, child, x, *, chain):
    """What ``model`` feeds its nested model ``child`` when its input is ``x``.

    The outer network skcnn builds (and any ``Sequential``) is a chain
    ``input -> rescale -> resize -> body``: its layers before ``child`` are
    applied in turn. Inside a functional model with branches, a sub-model up to
    the tensor ``child`` was called on does the same.
    """
    if chain or isinstance(model, keras.Sequential):
        for layer in model.layers:
            if layer is child:
                return x
            if type(layer).__name__ != "InputLayer":
                x = layer(x, training=False)
        raise ValueError(f"Layer {child.name!r} is not in model {model.name!r}.")
    nodes = getattr(child, "_inbound_nodes", None)
    if not nodes:
        raise ValueError(
            f"Cannot find the input of nested model {child.name!r} inside {model.name!r}; "
            f"pick a layer of an outer model."
        )
    tensors = nodes[0].input_tensors
    sub = keras.Model(_model_inputs(model), tensors[0] if len(tensors) == 1 else tensors)
    return sub(x, training=False)


def _model_inputs(model):
    """A model's own input tensor(s), as a sub-model's ``inputs`` argument.

    ``model.inputs`` (not ``model.input``, which a ``Sequential`` answers with the
    tensor it was called on in the outer graph); a lone input unwrapped, so the
    sub-model takes a plain array.
    """
    inputs = model.inputs
    return inputs[0] if len(inputs) == 1 else inputs
