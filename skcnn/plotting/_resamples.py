"""caret's ``bwplot(resamples)`` and ``dotplot(resamples)`` as a matplotlib figure.

Re-exported as :func:`skcnn.plotting.plot_resamples`. Like every skcnn plot it
returns a pyplot :class:`matplotlib.figure.Figure` (see :mod:`skcnn.plotting`);
matplotlib loads on the first call.
"""

from __future__ import annotations

import math

import numpy as np

from ._common import new_figure

__all__ = ["plot_resamples"]

_KINDS = ("box", "dot")
_CAP = 0.1  # half-height of the end caps of an interval, in rows


def plot_resamples(resamples, metric=None, kind="box", ax=None, *, confidence_level=0.95):
    """Per-resample scores of each model, as caret's ``bwplot`` or ``dotplot``.

    One panel per metric, one row per model; models are ordered by their median
    on the first metric shown, the best at the top, as caret orders them.

    Parameters
    ----------
    resamples : Resamples
        From :func:`skcnn.model_selection.resamples` or
        :meth:`~skcnn.model_selection.Resamples.from_values`.
    metric : str or list of str, optional
        The metrics to show; all by default.
    kind : {"box", "dot"}, default="box"
        ``"box"``: a box plot of each model's scores (caret's ``bwplot``).
        ``"dot"``: each model's mean score and its t confidence interval (caret's
        ``dotplot``); a model with fewer than two scores, or constant ones, shows
        its mean only.
    ax : matplotlib.axes.Axes, optional
        Draw on this axes (one metric only); by default a new figure.
    confidence_level : float, default=0.95
        For ``kind="dot"``.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure that holds ``ax``.

    Raises
    ------
    ValueError
        If ``kind`` or a metric is unknown, or ``ax`` is given with more than one
        metric.

    See Also
    --------
    skcnn.model_selection.Resamples.summary : The same scores as numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples
    >>> from skcnn.plotting import plot_resamples
    >>> rs = Resamples.from_values(pd.DataFrame({
    ...     "Resample": ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"],
    ...     "cnn~Accuracy": [0.91, 0.93, 0.90, 0.94, 0.92],
    ...     "cnn~Kappa": [0.82, 0.86, 0.80, 0.88, 0.84],
    ...     "logreg~Accuracy": [0.86, 0.88, 0.85, 0.87, 0.89],
    ...     "logreg~Kappa": [0.72, 0.76, 0.70, 0.74, 0.78]}))
    >>> fig = plot_resamples(rs)
    >>> [ax.get_title() for ax in fig.axes]
    ['Accuracy', 'Kappa']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['logreg', 'cnn']
    >>> fig = plot_resamples(rs, metric="Accuracy", kind="dot")
    >>> fig.axes[0].get_xlabel()
    'Accuracy\\nConfidence Level: 0.95'
    >>> fig.savefig("resamples.png")  # doctest: +SKIP
    """
    if kind not in _KINDS:
        raise ValueError(f"kind={kind!r} is not one of {list(_KINDS)}.")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}.")
    metrics = resamples._check_metrics(metric)
    if ax is not None and len(metrics) > 1:
        raise ValueError(
            f"ax holds one panel, but {len(metrics)} metrics were asked for ({metrics}); "
            f"pass metric='{metrics[0]}' with ax, or leave ax out for one panel per metric."
        )
    models = _models_by_median(resamples, metrics[0])
    if ax is None:
        fig = new_figure(figsize=(3.2 + 2.8 * len(metrics), 1.4 + 0.45 * len(models)))
        axes = fig.subplots(1, len(metrics), sharey=True, squeeze=False)[0]
        fig.set_layout_engine("constrained")
    else:
        fig, axes = ax.figure, [ax]
    for panel, name in zip(axes, metrics, strict=True):
        scores = [_scores(resamples, model, name) for model in models]
        if kind == "box":
            _box_panel(panel, scores)
            panel.set_xlabel(name)
        else:
            _dot_panel(panel, scores, confidence_level)
            panel.set_xlabel(f"{name}\nConfidence Level: {confidence_level:g}")
        panel.set_title(name)
        panel.set_yticks(np.arange(1, len(models) + 1), labels=models)
        panel.set_ylim(0.4, len(models) + 0.6)
        panel.grid(True, axis="x", alpha=0.3)
    return fig


def _scores(resamples, model, metric) -> np.ndarray:
    values = resamples._column(model, metric)
    return values[~np.isnan(values)]


def _models_by_median(resamples, metric) -> list[str]:
    """caret's order: ascending median of the first metric, from the bottom up."""

    def median(model):
        values = _scores(resamples, model, metric)
        return float(np.median(values)) if len(values) else -math.inf

    return sorted(resamples.models, key=median)


def _box_panel(ax, scores) -> None:
    import inspect

    positions = [i for i, s in enumerate(scores, start=1) if len(s)]
    data = [s for s in scores if len(s)]
    if not data:
        return
    horizontal = (
        {"orientation": "horizontal"}
        if "orientation" in inspect.signature(ax.boxplot).parameters
        else {"vert": False}
    )
    ax.boxplot(data, positions=positions, widths=0.5, manage_ticks=False, **horizontal)


def _dot_panel(ax, scores, confidence_level) -> None:
    from .._rstats import t_test

    for row, values in enumerate(scores, start=1):
        if not len(values):
            continue
        test = t_test(values, confidence_level)
        low, high = test["conf_low"], test["conf_high"]
        if not math.isnan(low):
            ax.plot([low, high], [row, row], color="C0", linewidth=1.2)
            for end in (low, high):
                ax.plot([end, end], [row - _CAP, row + _CAP], color="C0", linewidth=1.2)
        ax.plot([test["estimate"]], [row], "o", color="C0")
