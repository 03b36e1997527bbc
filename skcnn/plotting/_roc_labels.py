"""The best thresholds' labels of :func:`skcnn.plotting.plot_roc`, placed at draw time.

:class:`ThresholdLabels` is one artist that holds every label (and its leader
line) of an axes. Each time the figure is drawn, once the layout has fixed the
axes' size, it tries places around each point: beside it first, below and to
the right as pROC writes ``print.thres``, then further out with a thin line to
the point. It takes the cheapest place that stays inside the axes and clear of
the legend, the labels placed before and every marked point; a place costs its
distance, its turn away from pROC's direction and, most, the length of curve
it would cover or its leader would cross (a quarter as much for the diagonal).
A label with no such place is hidden (its point stays marked).

This module imports matplotlib at its top; :mod:`._roc` imports it only when
a curve is drawn, so that ``import skcnn.plotting`` stays light.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.text import Text

__all__ = ["ThresholdLabels"]

LABEL_SIZE = 8  # points, the labels' font
MARKER_SIZE = 6  # points, the markers' diameter (plot_roc draws them this size)
# Where a label may go: its near side this many points from its point, in these
# directions (degrees counter-clockwise from the right; pROC's below-right first).
_DISTANCES = (2, 5, 9, 14, 20, 28, 38, 50, 64, 80, 100, 125, 155, 190, 230, 280)
_ANGLES = tuple(range(-45, 315, 15))
_LEADER_FROM = 6  # points: a label further than this from its point gets a leader line
_CROSSING_COST = 4  # per point of curve under a label, against 1 per point of distance
_LEADER_COST = 8
_LEADER_CROSSING_COST = 15  # per curve a leader line crosses
_TURN_COST = 1 / 30  # per degree away from pROC's below-right


class ThresholdLabels(Artist):
    """The labels of the points ``points`` (data coordinates), placed at each draw.

    Parameters
    ----------
    points : sequence of (x, y)
        The marked points, in data coordinates.
    texts : sequence of (str, color)
        One label per point, and its colour.
    avoid : sequence of matplotlib.lines.Line2D
        Lines that labels (and their leader lines) should cover as little as
        possible: the curves.
    faint : sequence of matplotlib.lines.Line2D
        Lines a label may cover at a quarter of the cost: the grey diagonal.
    """

    zorder = 4.5  # over the curves, under the legend

    def __init__(self, points, texts, avoid=(), faint=()):
        super().__init__()
        self.set_in_layout(False)  # inside the axes by construction
        self.points = np.asarray(points, dtype=float).reshape(-1, 2)
        self.avoid = list(avoid)
        self.faint = list(faint)
        self.texts = [
            Text(
                0,
                0,
                text,
                fontsize=LABEL_SIZE,
                color=color,
                ha="center",
                va="center",
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            )
            for text, color in texts
        ]
        self.leaders = [Line2D([], [], color=c, linewidth=0.7) for _, c in texts]

    def set_figure(self, fig):
        super().set_figure(fig)
        for artist in self.texts + self.leaders:
            artist.set_figure(fig)

    def get_children(self):
        return [*self.texts, *self.leaders]

    def draw(self, renderer):
        if not self.get_visible():
            return
        self.place(renderer)
        for artist in self.leaders + self.texts:
            artist.draw(renderer)

    def place(self, renderer):
        """Put every label where it reads best on the axes as they are now."""
        ax = self.axes
        for artist in self.texts + self.leaders:
            if artist.axes is None:
                artist.axes = ax
            artist.set_transform(ax.transData)
        pt = renderer.points_to_pixels(1.0)
        frame = ax.bbox
        inner = (frame.x0 + 2 * pt, frame.y0 + 2 * pt, frame.x1 - 2 * pt, frame.y1 - 2 * pt)
        xy = ax.transData.transform(self.points)
        radius = (MARKER_SIZE / 2 + 1) * pt
        taken = [np.column_stack([xy - radius, xy + radius])]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            box = legend.get_window_extent(renderer)
            taken.append(np.array([[box.x0 - pt, box.y0 - pt, box.x1 + pt, box.y1 + pt]]))
        taken = np.vstack(taken)
        segments = _segments(self.avoid, 1.5 * pt)
        faint = _segments(self.faint, 1.5 * pt)
        # every candidate place: a direction and a distance
        angles = np.tile(np.array(_ANGLES, dtype=float), len(_DISTANCES))
        dist = np.repeat(np.array(_DISTANCES, dtype=float), len(_ANGLES)) * pt
        ux, uy = np.cos(np.radians(angles)), np.sin(np.radians(angles))
        turn = np.abs((angles + 45 + 180) % 360 - 180)
        leader = dist > _LEADER_FROM * pt
        inverse = ax.transData.inverted()
        for (px, py), text, line in zip(xy, self.texts, self.leaders, strict=True):
            text.set_visible(True)
            extent = text.get_window_extent(renderer)  # its size; its place comes below
            pad = 1.5 * pt
            w, h = extent.width + 2 * pad, extent.height + 2 * pad
            # the box's near side (or corner) lies `dist` from the point along (ux, uy)
            cx = px + dist * ux + w / 2 * np.clip(1.5 * ux, -1, 1)
            cy = py + dist * uy + h / 2 * np.clip(1.5 * uy, -1, 1)
            boxes = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
            fits = (
                (boxes[:, 0] >= inner[0])
                & (boxes[:, 1] >= inner[1])
                & (boxes[:, 2] <= inner[2])
                & (boxes[:, 3] <= inner[3])
            )
            for other in taken:
                fits &= ~overlaps(boxes, other)
            if not fits.any():
                text.set_visible(False)
                line.set_visible(False)
                continue
            # a leader runs from the marker's edge to the nearest point of the box
            nx, ny = np.clip(px, boxes[:, 0], boxes[:, 2]), np.clip(py, boxes[:, 1], boxes[:, 3])
            gap = np.maximum(np.hypot(nx - px, ny - py), 1e-9)
            sx, sy = px + (nx - px) * radius / gap, py + (ny - py) * radius / gap
            leaders = np.column_stack([sx, sy, nx, ny])
            margin = np.array([-2, -2, 2, 2]) * pt  # keep clear of curves, not just off them
            cost = (
                dist / pt
                + _TURN_COST * turn
                + _CROSSING_COST * clipped_lengths(boxes + margin, segments) / pt
                + _CROSSING_COST / 4 * clipped_lengths(boxes + margin, faint) / pt
                + leader * _LEADER_COST
                + leader * _LEADER_CROSSING_COST * crossings(leaders, segments)
                + leader * _LEADER_CROSSING_COST / 4 * crossings(leaders, faint)
            )
            k = int(np.argmin(np.where(fits, cost, np.inf)))
            box = boxes[k]
            text.set_position(inverse.transform((cx[k], cy[k])))
            taken = np.vstack([taken, box])
            line.set_visible(bool(leader[k]))
            if leader[k]:
                line.set_data(*inverse.transform(leaders[k].reshape(2, 2)).T)


def _segments(lines, step):
    """The lines' segments in display coordinates, (m, 4) as ax, ay, bx, by.

    A path keeps one point per ``step``-sized cell it passes through, so that a
    curve of many thousand thresholds costs a few hundred segments (off by at
    most a cell's diagonal).
    """
    parts = []
    for line in lines:
        path = line.get_transform().transform(line.get_xydata())
        path = path[np.isfinite(path).all(axis=1)]
        if len(path) > 2:
            cells = np.floor(path / step)
            keep = np.r_[True, (np.diff(cells, axis=0) != 0).any(axis=1)]
            keep[-1] = True
            path = path[keep]
        if len(path) > 1:
            parts.append(np.column_stack([path[:-1], path[1:]]))
    return np.vstack(parts) if parts else np.zeros((0, 4))


def clipped_lengths(boxes, segments):
    """How much of the segments lies inside each box: (n_boxes,) lengths.

    ``boxes`` is (n, 4) as x0, y0, x1, y1; ``segments`` (m, 4) as ax, ay, bx, by
    (Liang and Barsky's clipping, for every box and segment at once).
    """
    if not len(segments):
        return np.zeros(len(boxes))
    ax_, ay_, bx_, by_ = segments.T
    dx, dy = bx_ - ax_, by_ - ay_
    x0, y0, x1, y1 = (boxes[:, k, None] for k in range(4))
    lo = np.zeros((len(boxes), len(segments)))
    hi = np.ones_like(lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, ax_ - x0), (dx, x1 - ax_), (-dy, ay_ - y0), (dy, y1 - ay_)):
            t = q / p
            lo = np.where(p < 0, np.maximum(lo, t), lo)
            hi = np.where(p > 0, np.minimum(hi, t), hi)
            hi = np.where((p == 0) & (q < 0), -1.0, hi)
    return (np.clip(hi - lo, 0, None) * np.hypot(dx, dy)).sum(axis=1)


def crossings(lines, segments):
    """How many of ``segments`` each of ``lines`` crosses: (n_lines,) counts.

    Both are (n, 4) as ax, ay, bx, by in display coordinates.
    """
    if not len(segments) or not len(lines):
        return np.zeros(len(lines))
    p, r = lines[:, None, :2], lines[:, None, 2:] - lines[:, None, :2]
    q, s = segments[None, :, :2], segments[None, :, 2:] - segments[None, :, :2]

    def cross(a, b):
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]

    denom = cross(r, s)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = cross(q - p, s) / denom
        u = cross(q - p, r) / denom
    hit = (denom != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    return hit.sum(axis=1)


def overlaps(boxes, box):
    """Which of ``boxes`` (n, 4) overlap ``box`` (4,), as a boolean array."""
    return (
        (boxes[:, 0] < box[2])
        & (box[0] < boxes[:, 2])
        & (boxes[:, 1] < box[3])
        & (box[1] < boxes[:, 3])
    )


def threshold_texts(ax):
    """The labels shown on ``ax`` (after a draw), in the order of their points."""
    return [
        text
        for artist in ax.artists
        if isinstance(artist, ThresholdLabels)
        for text in artist.texts
        if text.get_visible()
    ]
