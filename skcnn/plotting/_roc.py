"""ROC curves as pROC's ``plot(roc)`` draws them.

Re-exported as :func:`skcnn.plotting.plot_roc`; the curves come from
:func:`skcnn.metrics.roc`.

The best thresholds' labels are placed when the figure is drawn, once the
layout has fixed the axes' size, by :mod:`._roc_labels` (which imports
matplotlib, so it is imported here only when a curve is drawn).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._rprint import r_label
from ._common import new_figure

__all__ = ["plot_roc"]


def plot_roc(curves, ax=None, ci=True, best=True, labels=None, *, title=None):
    """ROC curves as pROC's ``plot(roc)`` draws them, AUCs in the legend.

    Specificity runs from 1 down to 0 on the x-axis, as in pROC's plot (not
    1 - specificity), sensitivity on the y-axis; the grey diagonal is a curve
    with no skill. Each curve's legend entry gives its name, its AUC and, with
    ``ci``, DeLong's 95% confidence interval. With ``best``, the point that
    maximises Youden's J (every tied one) is marked and labelled
    "threshold (specificity, sensitivity)" as pROC's ``print.thres`` does.

    The labels are placed when the figure is drawn: beside their point, below
    and to the right of it as pROC writes them where there is room, else
    further out with a thin line to the point, never over another label, a
    point or the legend, and inside the axes. A label that finds no such place
    (tiny axes, many tied points) is left out; its point stays marked.

    Parameters
    ----------
    curves : ROCCurve, sequence of ROCCurve or dict of str to ROCCurve
        What :func:`skcnn.metrics.roc` returns. A dict's keys label the curves;
        otherwise each is labelled by the name of its scores
        (``curve.predictor_name``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    ci : bool, default=True
        Show DeLong's 95% confidence interval of each AUC in the legend.
    best : bool, default=True
        Mark and label each curve's best threshold (``curve.coords("best")``).
    labels : sequence of str, optional
        Legend labels, one per curve, in order (they replace a dict's keys).
    title : str, optional
        The axes' title; by default "ROC curve" (or "ROC curves") with the
        numbers of cases and controls when every curve has the same, e.g.
        "ROC curves: 41 cases (Poor), 72 controls (Good)". Pass "" for none.

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

    Notes
    -----
    Differences from pROC's ``plot(roc, print.thres = "best",
    print.auc = TRUE)``: the AUCs go in a legend rather than at fixed places
    on the plot; the labels take their curve's colour and move out of each
    other's way (pROC writes each at the same offset from its point, where
    they may overlap); a threshold of 100,000 or more in absolute value is
    written with 3 significant digits (``1.5e+299``) rather than with pROC's
    ``%.3f``, whose every digit would not fit in the axes.

    Examples
    --------
    >>> from skcnn.metrics import roc
    >>> from skcnn.plotting import plot_roc
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> a = roc(y, [0.1, 0.3, 0.2, 0.6, 0.5, 0.8, 0.9, 0.7])
    >>> b = roc(y, [0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.7, 0.45])
    >>> fig = plot_roc({"model A": a, "model B": b})
    >>> ax = fig.axes[0]
    >>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), bool(ax.xaxis_inverted())
    ('ROC curves: 4 cases (1), 4 controls (0)', 'Specificity', 'Sensitivity', True)
    >>> for text in ax.get_legend().get_texts():
    ...     print(text.get_text())
    model A: AUC 0.938 (95% CI 0.764-1.000)
    model B: AUC 0.812 (95% CI 0.481-1.000)
    best threshold: threshold (specificity, sensitivity)
    """
    from ._roc_labels import LABEL_SIZE, MARKER_SIZE, ThresholdLabels

    items = _roc_items(curves, labels)
    if ax is None:
        fig = new_figure(figsize=(5.5, 5.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    (diagonal,) = ax.plot([1, 0], [0, 1], color="0.7", linewidth=1, zorder=1)
    drawn, points, texts = [diagonal], [], []
    for label, curve in items:
        (line,) = ax.plot(
            curve.specificities,
            curve.sensitivities,
            linewidth=1.8,
            label=_legend_text(label, curve, ci),
        )
        drawn.append(line)
        if best:
            coords = curve.coords("best")
            ax.plot(
                coords["specificity"],
                coords["sensitivity"],
                linestyle="none",
                marker="o",
                markersize=MARKER_SIZE,
                color=line.get_color(),
            )
            for _, row in coords.iterrows():
                points.append((row["specificity"], row["sensitivity"]))
                texts.append((_threshold_text(row), line.get_color()))
    ax.set_xlim(1.02, -0.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel("Specificity")
    ax.set_ylabel("Sensitivity")
    ax.grid(True, alpha=0.3)
    handles, names = ax.get_legend_handles_labels()
    if points:
        from matplotlib.lines import Line2D

        handles.append(
            Line2D([], [], linestyle="none", marker="o", markersize=MARKER_SIZE, color="0.35")
        )
        names.append("best threshold: threshold (specificity, sensitivity)")
    # the bottom right corner is empty unless a curve runs below the diagonal
    loc = "lower right" if all(c.auc >= 0.5 for _, c in items) else "best"
    ax.legend(handles, names, loc=loc, fontsize=LABEL_SIZE)
    ax.set_title(_title(items) if title is None else title)
    if points:
        ax.add_artist(ThresholdLabels(points, texts, avoid=drawn))
    return fig


def _legend_text(label, curve, ci):
    import warnings

    text = f"{label}: AUC {curve.auc:.3f}"
    if ci:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a perfect curve's CI is 1-1, and says so
            lower, _, upper = curve.ci_auc()
        text += f" (95% CI {lower:.3f}-{upper:.3f})"
    if len(text) > 60 and ": AUC" in text:  # a long name: the AUC on a line of its own
        text = text.replace(": AUC", ":\nAUC", 1)
    return text


def _r_number(value):
    """pROC's ``sprintf("%.3f", x)``, with R's Inf; huge values to 3 digits."""
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NA"
    return f"{value:.3f}" if abs(value) < 1e5 else f"{value:.3g}"


def _threshold_text(row):
    return (
        f"{_r_number(row['threshold'])} "
        f"({_r_number(row['specificity'])}, {_r_number(row['sensitivity'])})"
    )


def _title(items):
    word = "ROC curve" if len(items) == 1 else "ROC curves"
    counts = {(c.cases.size, c.controls.size, c.levels) for _, c in items}
    if len(counts) != 1:
        return word
    ((n_cases, n_controls, levels),) = counts
    control, case = (r_label(v) for v in levels)
    title = f"{word}: {n_cases} cases ({case}), {n_controls} controls ({control})"
    if len(title) > 50:  # long class names would crowd the title off the canvas
        title = f"{word}: {n_cases} cases, {n_controls} controls"
    return title


def _roc_items(curves, labels):
    """(label, curve) pairs from one curve, a sequence or a dict of curves."""
    from ..metrics import ROCCurve

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
