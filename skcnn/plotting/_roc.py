"""ROC curves as pROC's ``plot(roc)`` draws them.

Re-exported as :func:`skcnn.plotting.plot_roc`; the curves come from
:func:`skcnn.metrics.roc` and :func:`skcnn.metrics.smooth_roc`, the shaded
bands from :func:`skcnn.metrics.ci_se` and :func:`skcnn.metrics.ci_sp`.

The best thresholds' labels are placed when the figure is drawn, once the
layout has fixed the axes' size, by :mod:`._roc_labels` (which imports
matplotlib, so it is imported here only when a curve is drawn).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

from .._rprint import r_label
from ._common import new_figure

__all__ = ["plot_roc"]

_BAND_ALPHA = 0.22  # a band in its curve's colour, light enough to read the curves over it
_LOW_DEFINITION = 15  # pROC's plot.ci.se warns of a "Low definition shape." below this


def plot_roc(curves, ax=None, ci=True, best=True, labels=None, *, ci_band=None, title=None):
    """ROC curves as pROC's ``plot(roc)`` draws them, AUCs in the legend.

    Specificity runs from 1 down to 0 on the x-axis, as in pROC's plot (not
    1 - specificity), sensitivity on the y-axis; the grey diagonal is a curve
    with no skill. Each curve's legend entry gives its name, its AUC and, with
    ``ci``, DeLong's 95% confidence interval. With ``best``, the point that
    maximises Youden's J (every tied one) is marked and labelled
    "threshold (specificity, sensitivity)" as pROC's ``print.thres`` does.
    A smoothed curve (pROC's ``plot(smooth(roc))``) is a line with its AUC;
    ``ci_band`` shades a curve's bootstrap intervals of the sensitivity over
    the specificity, as pROC's ``plot(ci.se(roc), type = "shape")``.

    The labels are placed when the figure is drawn: beside their point, below
    and to the right of it as pROC writes them where there is room, else
    further out with a thin line to the point, never over another label, a
    point or the legend, and inside the axes. A label that finds no such place
    (tiny axes, many tied points) is left out; its point stays marked.

    Parameters
    ----------
    curves : ROCCurve, SmoothROC, or a sequence or dict of them
        What :func:`skcnn.metrics.roc` or :func:`skcnn.metrics.smooth_roc`
        returns. A dict's keys label the curves; otherwise each is labelled by
        the name of its scores (``curve.predictor_name``; a smoothed curve's
        label adds its method). Curves in percent (``percent=True``) draw on
        axes in percent; they cannot be mixed with curves in fractions.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure is made.
    ci : bool, default=True
        Show DeLong's 95% confidence interval of each ROCCurve's AUC in the
        legend (a smoothed curve's AUC has none).
    best : bool, default=True
        Mark and label each ROCCurve's best threshold (``curve.coords("best")``;
        a smoothed curve has no thresholds).
    labels : sequence of str, optional
        Legend labels, one per curve, in order (they replace a dict's keys).
    ci_band : RateInterval, or a sequence or dict of RateInterval or None, optional
        What :func:`skcnn.metrics.ci_se` (or :func:`skcnn.metrics.ci_sp`)
        returns, shaded under the curves in their colour: one interval for a
        single curve; otherwise one per curve, in order or under the curves'
        dict keys, None for a curve without a band. pROC's polygon: the lower
        and upper limits, closed through the corners (0, 1) and (1, 0).
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
        If ``curves`` is empty or holds something other than ROC curves, mixes
        curves in percent with curves in fractions, ``labels`` does not have
        one label per curve, or ``ci_band`` is not one interval per curve (or
        not an interval, or not in its curve's units).

    Warns
    -----
    UserWarning
        A band over fewer than 15 rates, as pROC's "Low definition shape.".

    See Also
    --------
    skcnn.metrics.roc : Builds the curves.
    skcnn.metrics.smooth_roc : Smooths them.
    skcnn.metrics.ci_se : The intervals a band shades.
    skcnn.metrics.roc_test : Tests whether two AUCs differ.

    Notes
    -----
    Differences from pROC's ``plot(roc, print.thres = "best",
    print.auc = TRUE)``: the AUCs go in a legend rather than at fixed places
    on the plot; the labels take their curve's colour and move out of each
    other's way (pROC writes each at the same offset from its point, where
    they may overlap); a threshold of 100,000 or more in absolute value is
    written with 3 significant digits (``1.5e+299``) rather than with pROC's
    ``%.3f``, whose every digit would not fit in the axes. A band takes its
    curve's colour, light, where pROC's shape is "gainsboro" grey, and is
    drawn with the curves in one call (pROC adds it to a plot, or redraws the
    curve over it).

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

    A smoothed curve beside the empirical one, with the band of the
    sensitivity's bootstrap intervals:

    >>> import numpy as np
    >>> from skcnn.metrics import ci_se, smooth_roc
    >>> y = np.repeat([0, 1], 30)
    >>> r = roc(y, y + np.random.default_rng(0).normal(size=60))
    >>> band = ci_se(r, specificities=np.linspace(0, 1, 21), n_boot=200, random_state=0)
    >>> fig = plot_roc([r, smooth_roc(r)], ci_band=[band, None], best=False)
    >>> for text in fig.axes[0].get_legend().get_texts():
    ...     print(text.get_text())
    y_score: AUC 0.859 (95% CI 0.768-0.950)
    y_score, smoothed (binormal): AUC 0.844
    95% CI of the sensitivity (200 bootstrap replicates)
    """
    from ._roc_labels import LABEL_SIZE, MARKER_SIZE, ThresholdLabels

    items = _roc_items(curves, labels)
    bands = _band_items(ci_band, curves, items)
    scale = 100 if _percent(items[0][1]) else 1
    if ax is None:
        fig = new_figure(figsize=(5.5, 5.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    (diagonal,) = ax.plot([scale, 0], [0, scale], color="0.7", linewidth=1, zorder=1)
    drawn, points, texts, handles, names, band_names = [], [], [], [], [], []
    for (label, curve, smooth), band in zip(items, bands, strict=True):
        (line,) = ax.plot(curve.specificities, curve.sensitivities, linewidth=1.8)
        drawn.append(line)
        handles.append(line)
        names.append(_legend_text(label, curve, ci and not smooth, scale))
        if band is not None:
            patch = _draw_band(ax, band, line.get_color(), scale)
            handles[-1] = (patch, line)
            band_names.append(_band_text(band))
        if best and not smooth:
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
                texts.append((_threshold_text(row, scale), line.get_color()))
    ax.set_xlim(1.02 * scale, -0.02 * scale)
    ax.set_ylim(-0.02 * scale, 1.02 * scale)
    ax.set_aspect("equal")
    unit = " (%)" if scale == 100 else ""
    ax.set_xlabel(f"Specificity{unit}")
    ax.set_ylabel(f"Sensitivity{unit}")
    ax.grid(True, alpha=0.3)
    _legend(ax, handles, names, band_names, points, items, scale, LABEL_SIZE, MARKER_SIZE)
    ax.set_title(_title(items) if title is None else title)
    if points:
        ax.add_artist(ThresholdLabels(points, texts, avoid=drawn, faint=[diagonal]))
    return fig


def _legend(ax, handles, names, band_names, points, items, scale, size, marker_size):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles, names = list(handles), list(names)
    for text in dict.fromkeys(band_names):  # each different band once, in grey
        handles.append(Patch(facecolor="0.5", alpha=_BAND_ALPHA + 0.1, edgecolor="none"))
        names.append(text)
    if points:
        handles.append(
            Line2D([], [], linestyle="none", marker="o", markersize=marker_size, color="0.35")
        )
        names.append("best threshold: threshold (specificity, sensitivity)")
    # the bottom right corner is empty unless a curve runs below the diagonal
    below = any(c.auc < 0.5 * scale for _, c, _ in items)
    ax.legend(handles, names, loc="best" if below else "lower right", fontsize=size)


def _legend_text(label, curve, ci, scale):
    unit = "%" if scale == 100 else ""
    digits = 1 if scale == 100 else 3
    text = f"{label}: AUC {curve.auc:.{digits}f}{unit}"
    if ci:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a perfect curve's CI is 1-1, and says so
            lower, _, upper = curve.ci_auc()
        text += f" (95% CI {lower:.{digits}f}{unit}-{upper:.{digits}f}{unit})"
    if len(text) > 60 and ": AUC" in text:  # a long name: the AUC on a line of its own
        text = text.replace(": AUC", ":\nAUC", 1)
    return text


def _r_number(value, digits=3):
    """pROC's ``sprintf("%.3f", x)``, with R's Inf; huge values to 3 digits."""
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NA"
    return f"{value:.{digits}f}" if abs(value) < 1e5 else f"{value:.3g}"


def _threshold_text(row, scale):
    """pROC's print.thres.pattern: "%.3f (%.3f, %.3f)", in percent "%.1f (%.1f%%, %.1f%%)"."""
    digits, unit = (1, "%") if scale == 100 else (3, "")
    sp, se = (_r_number(row[k], digits) + unit for k in ("specificity", "sensitivity"))
    return f"{_r_number(row['threshold'], digits)} ({sp}, {se})"


def _title(items):
    word = "ROC curve" if len(items) == 1 else "ROC curves"
    counts = set()
    for _, curve, smooth in items:
        empirical = curve.roc if smooth else curve
        counts.add((empirical.cases.size, empirical.controls.size, empirical.levels))
    if len(counts) != 1:
        return word
    ((n_cases, n_controls, levels),) = counts
    control, case = (r_label(v) for v in levels)
    title = f"{word}: {n_cases} cases ({case}), {n_controls} controls ({control})"
    if len(title) > 50:  # long class names would crowd the title off the canvas
        title = f"{word}: {n_cases} cases, {n_controls} controls"
    return title


# --------------------------------------------------------------------------
# pROC's plot(ci.se(roc), type = "shape")
# --------------------------------------------------------------------------


def _draw_band(ax, band, color, scale):
    """pROC's polygon of a ci.se (or ci.sp) shape, shaded under the curves."""
    import numpy as np

    rates = np.asarray(band.rates, dtype=float)
    lower, upper = np.asarray(band.lower, dtype=float), np.asarray(band.upper, dtype=float)
    keep = np.isfinite(rates) & np.isfinite(lower) & np.isfinite(upper)
    order = np.argsort(rates[keep], kind="stable")
    rates, lower, upper = rates[keep][order], lower[keep][order], upper[keep][order]
    if rates.size < _LOW_DEFINITION:
        warnings.warn(
            f"ci_band has {rates.size} {band.given} values: a low definition shape (pROC "
            f"warns below {_LOW_DEFINITION}); ask {_maker(band)} for more, e.g. "
            f"{band.given.replace('y', 'ies')}=np.linspace(0, {scale}, 21).",
            UserWarning,
            stacklevel=3,
        )
    ends = np.array([scale])
    if band.measure == "sensitivity":  # over specificity, from (0, 1) to (1, 0)
        x = np.concatenate([[0], rates, ends, rates[::-1], [0]])
        y = np.concatenate([ends, lower, [0], upper[::-1], ends])
    else:  # ci_sp: over sensitivity, from (1, 0) to (0, 1)
        x = np.concatenate([ends, lower, [0], upper[::-1], ends])
        y = np.concatenate([[0], rates, ends, rates[::-1], [0]])
    (patch,) = ax.fill(x, y, color=color, alpha=_BAND_ALPHA, linewidth=0, zorder=0.9)
    return patch


def _percent(curve):
    return bool(getattr(curve, "percent", False))


def _maker(band):
    return "ci_se" if band.measure == "sensitivity" else "ci_sp"


def _band_text(band):
    return f"{band.level * 100:g}% CI of the {band.measure} ({band.n_boot} bootstrap replicates)"


def _band_items(ci_band, curves, items):
    """One RateInterval or None per curve, from what ``ci_band`` holds."""
    from ..metrics import RateInterval

    n = len(items)
    if ci_band is None:
        return [None] * n
    if isinstance(ci_band, RateInterval):
        if n != 1:
            raise ValueError(
                f"ci_band is one interval for {n} curves; pass one per curve (None for a curve "
                "without a band), as a list in the curves' order or a dict under their keys."
            )
        bands = [ci_band]
    elif isinstance(ci_band, Mapping):
        if not isinstance(curves, Mapping):
            raise ValueError(
                "ci_band is a dict but curves is not; pass a list of intervals in the curves' "
                "order, or the curves as a dict under the same keys."
            )
        unknown = [k for k in ci_band if k not in curves]
        if unknown:
            raise ValueError(
                f"ci_band has keys {unknown!r} that name no curve; the curves are {list(curves)!r}."
            )
        bands = [ci_band.get(k) for k in curves]
    else:
        bands = list(ci_band)
        if len(bands) != n:
            raise ValueError(
                f"ci_band has {len(bands)} entries for {n} curves; pass one per curve (None for "
                "a curve without a band)."
            )
    for band, (label, curve, _) in zip(bands, items, strict=True):
        if band is None:
            continue
        if not isinstance(band, RateInterval):
            raise ValueError(
                f"ci_band must hold what skcnn.metrics.ci_se or ci_sp returns; the band of "
                f"{label!r} is a {type(band).__name__}."
            )
        if bool(band.percent) != _percent(curve):
            raise ValueError(
                f"the band of {label!r} is in {'percent' if band.percent else 'fractions'} but "
                f"its curve is not; compute it on the same curve ({_maker(band)}(curve, ...))."
            )
    return bands


# --------------------------------------------------------------------------
# The curves
# --------------------------------------------------------------------------


def _roc_items(curves, labels):
    """(label, curve, smoothed) triples from one curve, a sequence or a dict of curves."""
    from ..metrics import ROCCurve, SmoothROC

    kinds = (ROCCurve, SmoothROC)
    if isinstance(curves, kinds):
        items = [(None, curves)]
    elif isinstance(curves, Mapping):
        items = [(str(k), v) for k, v in curves.items()]
    else:
        items = [(None, c) for c in curves]
    if not items:
        raise ValueError(
            "curves is empty; pass at least one ROCCurve (skcnn.metrics.roc) or SmoothROC "
            "(skcnn.metrics.smooth_roc)."
        )
    triples = []
    for k, (label, curve) in enumerate(items):
        if not isinstance(curve, kinds):
            name = repr(label) if label is not None else f"entry {k}"
            raise ValueError(
                "curves must hold ROCCurve or SmoothROC objects (from skcnn.metrics.roc or "
                f"skcnn.metrics.smooth_roc); {name} is a {type(curve).__name__}."
            )
        smooth = isinstance(curve, SmoothROC)
        if label is None:
            label = curve.predictor_name
            if smooth:
                label += f", smoothed ({curve.method})"
        triples.append((label, curve, smooth))
    if len({_percent(c) for _, c, _ in triples}) > 1:
        raise ValueError(
            "curves mixes curves in percent with curves in fractions; build them all with the "
            "same percent= (skcnn.metrics.roc(..., percent=True))."
        )
    if labels is not None:
        labels = [str(v) for v in ([labels] if isinstance(labels, str) else labels)]
        if len(labels) != len(triples):
            raise ValueError(
                f"labels has {len(labels)} entries for {len(triples)} curves; pass one label "
                "per curve."
            )
        triples = [(lab, c, s) for lab, (_, c, s) in zip(labels, triples, strict=True)]
    return triples
