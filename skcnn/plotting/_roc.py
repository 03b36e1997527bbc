"""ROC curves as pROC's ``plot(roc)`` draws them.

Re-exported as :func:`skcnn.plotting.plot_roc`; the curves come from
:func:`skcnn.metrics.roc`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._common import new_figure

__all__ = ["plot_roc"]


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
