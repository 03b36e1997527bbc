"""caret's plots of resamples as matplotlib figures: ``bwplot``, ``dotplot``,
``densityplot``, ``xyplot`` and ``splom`` of a ``resamples`` object.

Re-exported as :func:`skcnn.plotting.plot_resamples`. Like every skcnn plot it
returns a pyplot :class:`matplotlib.figure.Figure` (see :mod:`skcnn.plotting`);
matplotlib loads on the first call.
"""

from __future__ import annotations

import math

import numpy as np

from ._common import new_figure

__all__ = ["plot_resamples"]

_KINDS = ("box", "dot", "density", "xy", "splom")
_CAP = 0.1  # half-height of the end caps of an interval, in rows
_DENSITY_POINTS = 512  # R's density(n = 512)
_DENSITY_CUT = 3  # R's density(cut = 3)
_IDENTITY = {"color": "darkgrey", "linestyle": "--", "linewidth": 1.0, "label": "identity"}


def plot_resamples(
    resamples, metric=None, kind="box", ax=None, *, confidence_level=0.95, models=None
):
    """Per-resample scores of each model, as caret's plots of ``resamples``.

    Parameters
    ----------
    resamples : Resamples
        From :func:`skcnn.model_selection.resamples` or
        :meth:`~skcnn.model_selection.Resamples.from_values`.
    metric : str or list of str, optional
        The metrics to show: all by default for ``"box"``, ``"dot"`` and
        ``"density"`` (one panel each); one metric, the first by default, for
        ``"xy"`` and ``"splom"``.
    kind : {"box", "dot", "density", "xy", "splom"}, default="box"
        ``"box"``: a box plot of each model's scores (caret's ``bwplot``); one
        row per model, ordered by the median on the first metric shown, the best
        at the top, as caret orders them.
        ``"dot"``: each model's mean score and its t confidence interval (caret's
        ``dotplot``), in the same order; a model with fewer than two scores, or
        constant ones, shows its mean only.
        ``"density"``: the density of each model's scores, one curve per model
        and the scores as a rug below (caret's ``densityplot``), computed as
        R's ``density()`` computes it by default (ported with NumPy, FFT
        included): a Gaussian kernel with bandwidth ``bw.nrd0`` (``0.9 *
        min(sd, IQR / 1.34) * n^(-1/5)``), on 512 points from ``min - 3 bw`` to
        ``max + 3 bw``. A model with fewer than two scores has its rug only.
        ``"xy"``: the first model's score on each resample against the
        second's, with the identity line (caret's ``xyplot(what =
        "scatter")``): points above the line are resamples where the first
        model did better. Both axes have the same range.
        ``"splom"``: a scatter-plot matrix of the models' scores (caret's
        ``splom``), one panel per pair of models with the identity line, the
        model names on the diagonal, every panel on the same range.
    ax : matplotlib.axes.Axes, optional
        Draw on this axes (one metric only; not for ``"splom"``, which draws a
        grid); by default a new figure.
    confidence_level : float, default=0.95
        For ``kind="dot"``.
    models : list of str, optional
        The models to show: all by default, the first two for ``"xy"``
        (caret's ``x$models[1:2]``), which takes exactly two.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure that holds ``ax``.

    Raises
    ------
    ValueError
        If ``kind``, a metric or a model is unknown, ``ax`` is given with more
        than one metric or with ``"splom"``, ``"xy"`` or ``"splom"`` is asked for
        more than one metric, or ``"xy"`` for other than two models.

    See Also
    --------
    skcnn.model_selection.Resamples.summary : The same scores as numbers.
    skcnn.model_selection.Resamples.model_cor : How alike the models' scores are.

    Notes
    -----
    Missing scores (NaN) are left out: a density is of the scores present, and
    ``"xy"`` and ``"splom"`` show the resamples where both models have a score.

    Differences from R: lattice's ``splom`` draws each pair twice, mirrored about the
    diagonal; here each pair has one panel, below the diagonal (the row's model
    on the y axis, the column's on the x axis). caret's ``xyplot(what =
    "BlandAltman")`` and its timing plots are not drawn.

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
    >>> fig = plot_resamples(rs, kind="density")
    >>> [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    ['cnn', 'logreg']
    >>> ax = plot_resamples(rs, kind="xy").axes[0]
    >>> ax.get_ylabel(), ax.get_xlabel(), ax.get_title()
    ('cnn', 'logreg', 'Accuracy')
    >>> fig = plot_resamples(rs, kind="splom", metric="Kappa")
    >>> fig.savefig("resamples.png")  # doctest: +SKIP
    """
    if kind not in _KINDS:
        raise ValueError(f"kind={kind!r} is not one of {list(_KINDS)}.")
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}.")
    chosen = _check_models(resamples, models, kind)
    if kind in ("xy", "splom"):
        return _pair_plot(resamples, metric, kind, ax, chosen)
    metrics = resamples._check_metrics(metric)
    if ax is not None and len(metrics) > 1:
        raise ValueError(
            f"ax holds one panel, but {len(metrics)} metrics were asked for ({metrics}); "
            f"pass metric='{metrics[0]}' with ax, or leave ax out for one panel per metric."
        )
    if kind == "density":
        return _density_plot(resamples, metrics, ax, chosen)
    models = [m for m in _models_by_median(resamples, metrics[0]) if m in chosen]
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


def _check_models(resamples, models, kind) -> list[str]:
    if models is None:
        return list(resamples.models[:2]) if kind == "xy" else list(resamples.models)
    names = [models] if isinstance(models, str) else list(models)
    unknown = [m for m in names if m not in resamples.models]
    if unknown:
        raise ValueError(f"Unknown model(s) {unknown}: these Resamples have {resamples.models}.")
    if len(set(names)) != len(names):
        raise ValueError(f"models names a model more than once: {names}.")
    if kind == "xy" and len(names) != 2:
        raise ValueError(
            f"kind='xy' plots one model against another and needs two models, got {names}; "
            f"use kind='splom' for more."
        )
    if kind == "splom" and len(names) < 2:
        raise ValueError(f"kind='splom' needs at least two models, got {names}.")
    if not names:
        raise ValueError("models is empty; name at least one model.")
    return names


# --------------------------------------------------------------------------
# density: R's density() with its defaults (skcnn._rstats.density)
# --------------------------------------------------------------------------


def _density_plot(resamples, metrics, ax, models):
    from .._rstats import density

    if ax is None:
        fig = new_figure(figsize=(1.2 + 3.4 * len(metrics), 3.4))
        axes = fig.subplots(1, len(metrics), squeeze=False)[0]
        fig.set_layout_engine("constrained")
    else:
        fig, axes = ax.figure, [ax]
    for panel, name in zip(axes, metrics, strict=True):
        for i, model in enumerate(models):
            values = _scores(resamples, model, name)
            color = f"C{i % 10}"
            if len(values) >= 2:
                grid, y, _ = density(values, n=_DENSITY_POINTS, cut=_DENSITY_CUT)
                panel.plot(grid, y, color=color, label=model)
            if len(values):
                panel.plot(values, np.zeros(len(values)), "|", color=color, markersize=8)
        panel.set_title(name)
        panel.set_xlabel(name)
        panel.set_ylabel("Density")
        panel.grid(True, alpha=0.3)
    if any(panel.get_legend_handles_labels()[0] for panel in axes):
        axes[-1].legend(fontsize="small", frameon=False)
    return fig


# --------------------------------------------------------------------------
# xy and splom: one model's scores against another's
# --------------------------------------------------------------------------


def _one_metric(resamples, metric, kind) -> str:
    if metric is None:
        return resamples.metrics[0]
    names = [metric] if isinstance(metric, str) else list(metric)
    if len(names) != 1:
        raise ValueError(
            f"kind={kind!r} shows one metric (caret: 'exactly one metric must be given'), got "
            f"{names}; pass metric='{resamples.metrics[0]}'."
        )
    return resamples._check_metrics(names[0])[0]


def _extendrange(values: np.ndarray) -> tuple[float, float]:
    """R's extendrange(x): the range widened by 4% on each side."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = 0.04 * (hi - lo) if hi > lo else 0.04 * (abs(lo) or 1.0)
    return lo - pad, hi + pad


def _pair(resamples, y_model, x_model, metric) -> tuple[np.ndarray, np.ndarray]:
    y = resamples._column(y_model, metric)
    x = resamples._column(x_model, metric)
    both = ~(np.isnan(x) | np.isnan(y))
    return x[both], y[both]


def _scatter_panel(ax, x, y, limits) -> None:
    ax.plot(limits, limits, **_IDENTITY)
    ax.scatter(x, y, s=18, color="C0", zorder=3)
    ax.set_xlim(limits)
    ax.set_ylim(limits)
    ax.grid(True, alpha=0.3)


def _pair_plot(resamples, metric, kind, ax, models):
    metric = _one_metric(resamples, metric, kind)
    present = np.concatenate([_scores(resamples, m, metric) for m in models])
    limits = _extendrange(present) if len(present) else (0.0, 1.0)
    if kind == "xy":
        if ax is None:
            fig = new_figure(figsize=(4.2, 4.2))
            ax = fig.subplots()
            fig.set_layout_engine("constrained")
        fig = ax.figure
        y_model, x_model = models
        x, y = _pair(resamples, y_model, x_model, metric)
        both = np.concatenate([x, y])
        _scatter_panel(ax, x, y, _extendrange(both) if len(both) else limits)
        ax.set_xlabel(x_model)
        ax.set_ylabel(y_model)
        ax.set_title(metric)
        return fig
    if ax is not None:
        raise ValueError(
            "kind='splom' draws a grid of panels and cannot draw on one ax; leave ax out."
        )
    m = len(models)
    fig = new_figure(figsize=(1.0 + 1.9 * m, 0.6 + 1.9 * m))
    grid = fig.add_gridspec(m, m)
    for i, y_model in enumerate(models):
        for j, x_model in enumerate(models[: i + 1]):
            panel = fig.add_subplot(grid[i, j])
            if i == j:
                panel.text(0.5, 0.5, y_model, ha="center", va="center", transform=panel.transAxes)
                panel.set_xticks([])
                panel.set_yticks([])
                continue
            x, y = _pair(resamples, y_model, x_model, metric)
            _scatter_panel(panel, x, y, limits)
            panel.set_gid(f"{y_model} vs {x_model}")
            if i != m - 1:
                panel.tick_params(labelbottom=False)
            if j != 0:
                panel.tick_params(labelleft=False)
            panel.tick_params(labelsize="small")
    fig.suptitle(metric)
    fig.set_layout_engine("constrained")
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
