"""R keras's ``plot(history)`` and fastai's learning-rate finder plot.

Re-exported as :func:`skcnn.plotting.plot_history` and
:func:`skcnn.plotting.plot_lr_find`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ._common import new_figure

__all__ = ["plot_history", "plot_lr_find"]

_DEFAULT_METRICS = ("loss", "accuracy", "mae")
# ggplot2's first two hues, the colours of R keras's plot(history).
_TRAIN_COLOR = "#F8766D"
_VALIDATION_COLOR = "#00BFC4"


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
    frame, epochs = _frame_and_epochs(history)
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


def _frame_and_epochs(history):
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
        return _frame_and_epochs(history.history_)
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
    >>> fig.axes[0].get_title()
    'Learning-rate range test (30 batches)'
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
    ax.set_title(f"Learning-rate range test ({rates.size} batches)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    return fig
