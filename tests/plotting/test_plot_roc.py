"""plot_roc: pROC's plot(roc) with its best thresholds' labels kept readable.

The labels' text is pROC's print.thres text of R's own best thresholds
(tests/r/proc_fixtures.json); where the labels go is checked on the drawn
figure: inside the axes, clear of each other, the legend and the points.
test_readable.py checks every text of the default figures against each other.
"""

import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from skcnn.metrics import roc
from skcnn.plotting import plot_roc
from skcnn.plotting._roc_labels import clipped_lengths, threshold_texts

from ._figures import render
from ._roc_curves import close_curves, fixture_curve, proc_best_labels


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _box(artist, renderer):
    b = artist.get_window_extent(renderer)
    return np.array([b.x0, b.y0, b.x1, b.y1])


def _apart(a, b):
    """True when two boxes overlap by no more than a pixel either way."""
    return min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1


def _check_labels(fig):
    """Every shown label inside its axes, off the legend, the points and the others."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = threshold_texts(ax)
    boxes = [_box(t, renderer) for t in texts]
    frame = ax.bbox
    for text, box in zip(texts, boxes, strict=True):
        assert frame.x0 <= box[0] and box[2] <= frame.x1, text.get_text()
        assert frame.y0 <= box[1] and box[3] <= frame.y1, text.get_text()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert _apart(a, b)
    legend = _box(ax.get_legend(), renderer)
    assert all(_apart(box, legend) for box in boxes)
    radius = renderer.points_to_pixels(3)
    for line in ax.get_lines():
        if line.get_marker() != "o":
            continue
        for x, y in ax.transData.transform(line.get_xydata()):
            marker = np.array([x - radius, y - radius, x + radius, y + radius])
            assert all(_apart(box, marker) for box in boxes)
    return texts


# --------------------------------------------------------------------------
# What is drawn
# --------------------------------------------------------------------------


def test_axes_curves_and_legend_as_proc(tmp_path):
    s100b, ndka = fixture_curve("asah_s100b"), fixture_curve("asah_ndka")
    fig = plot_roc({"s100b": s100b, "ndka": ndka})
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Specificity" and ax.get_ylabel() == "Sensitivity"
    assert ax.xaxis_inverted()
    assert ax.get_title() == "ROC curves: 41 cases (Poor), 72 controls (Good)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "s100b: AUC 0.731 (95% CI 0.630-0.833)",
        "ndka: AUC 0.612 (95% CI 0.501-0.723)",
        "best threshold: threshold (specificity, sensitivity)",
    ]
    diagonal, curve, best = ax.get_lines()[:3]
    np.testing.assert_array_equal(diagonal.get_xdata(), [1, 0])
    np.testing.assert_array_equal(curve.get_xdata(), s100b.specificities)
    np.testing.assert_array_equal(curve.get_ydata(), s100b.sensitivities)
    np.testing.assert_allclose(best.get_xdata(), s100b.coords("best")["specificity"])
    render(fig, tmp_path, "roc")


@pytest.mark.parametrize(
    "name", ["asah_s100b", "integer_response", "inverted_forced_lt", "direction_gt"]
)
def test_labels_are_procs_print_thres_text(name):
    fig = plot_roc(fixture_curve(name))
    texts = _check_labels(fig)
    assert [t.get_text() for t in texts] == proc_best_labels(name)
    line = fig.axes[0].get_lines()[1]
    assert all(t.get_color() == line.get_color() for t in texts)


def test_a_huge_threshold_is_written_to_three_digits():
    # pROC's "%.3f" would write all 300 digits of 1.5e+299
    fig = plot_roc(fixture_curve("huge_values"))
    assert [t.get_text() for t in _check_labels(fig)] == ["1.5e+299 (1.000, 1.000)"]


def test_without_best_or_ci():
    fig = plot_roc(fixture_curve("ties"), ci=False, best=False, labels=["ties"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ties: AUC 0.636"]
    assert len(ax.get_lines()) == 2  # the diagonal and the curve
    fig.canvas.draw()
    assert threshold_texts(ax) == []


def test_titles():
    curve = fixture_curve("asah_wfns")
    assert plot_roc(curve).axes[0].get_title() == "ROC curve: 41 cases (Poor), 72 controls (Good)"
    assert plot_roc(curve, title="").axes[0].get_title() == ""
    assert plot_roc(curve, title="WFNS").axes[0].get_title() == "WFNS"
    # curves of different samples: no counts
    other = fixture_curve("ties")
    assert plot_roc([curve, other]).axes[0].get_title() == "ROC curves"
    # long class names are left out
    y = ["a rather long name of the controls"] * 3 + ["and an even longer one of the cases"] * 3
    long = roc(y, [0.1, 0.2, 0.6, 0.4, 0.7, 0.9])
    assert plot_roc(long).axes[0].get_title() == "ROC curve: 3 cases, 3 controls"


def test_a_long_name_puts_the_auc_on_a_line_of_its_own():
    name = "CNNClassifier(arch='resnet18', weights='imagenet') P(malignant)"
    fig = plot_roc({name: fixture_curve("asah_s100b")})
    text = fig.axes[0].get_legend().get_texts()[0].get_text()
    assert text == f"{name}:\nAUC 0.731 (95% CI 0.630-0.833)"


def test_draws_on_given_axes(tmp_path):
    fig = Figure()  # no pyplot: no backend needed
    ax = fig.add_subplot()
    # a list is labelled by the names of the scores; a perfect curve warns of nothing
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = plot_roc([fixture_curve("asah_wfns"), fixture_curve("perfect")], ax=ax)
    assert out is fig
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == [
        "wfns: AUC 0.824 (95% CI 0.749-0.899)",
        "y_score: AUC 1.000 (95% CI 1.000-1.000)",
    ]
    render(fig, tmp_path, "given")  # savefig draws the labels
    assert len(threshold_texts(ax)) == 2
    FigureCanvasAgg(fig)
    assert len(_check_labels(fig)) == 2


def test_errors():
    with pytest.raises(ValueError, match="ROCCurve"):
        plot_roc([0.5])
    with pytest.raises(ValueError, match="curves is empty"):
        plot_roc({})
    with pytest.raises(ValueError, match="one label per curve"):
        plot_roc([fixture_curve("ties"), fixture_curve("perfect")], labels=["only one"])


# --------------------------------------------------------------------------
# Where the labels go
# --------------------------------------------------------------------------


def test_labels_that_would_overlap_move_apart_with_leader_lines():
    # pROC writes s100b's and wfns's labels at the same spot (issue 25)
    curves = [fixture_curve(f"asah_{k}") for k in ("s100b", "ndka", "wfns")]
    fig = plot_roc(curves)
    texts = _check_labels(fig)
    assert len(texts) == 3
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    artist = next(a for a in ax.artists if hasattr(a, "leaders"))
    points = ax.transData.transform(artist.points)
    for text, leader, (px, py) in zip(artist.texts, artist.leaders, points, strict=True):
        box = _box(text, renderer)
        gap = np.hypot(np.clip(px, box[0], box[2]) - px, np.clip(py, box[1], box[3]) - py)
        if leader.get_visible():  # it runs from the marker's edge to the label's box
            (x0, y0), (x1, y1) = ax.transData.transform(leader.get_xydata())
            assert np.hypot(x0 - px, y0 - py) == pytest.approx(renderer.points_to_pixels(4))
            pad = renderer.points_to_pixels(1.5)  # the label's white padding
            assert np.clip(x1, box[0], box[2]) == pytest.approx(x1, abs=pad)
            assert np.clip(y1, box[1], box[3]) == pytest.approx(y1, abs=pad)
        else:  # a label without one sits beside its point (6 points, and its padding)
            assert gap <= renderer.points_to_pixels(8)
    assert any(leader.get_visible() for leader in artist.leaders)


def test_labels_keep_off_the_curves_where_there_is_room():
    fig = plot_roc(fixture_curve("asah_s100b"))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    (text,) = threshold_texts(ax)
    segments = []
    for line in ax.get_lines()[:2]:
        path = ax.transData.transform(line.get_xydata())
        segments.append(np.column_stack([path[:-1], path[1:]]))
    assert clipped_lengths(_box(text, renderer)[None], np.vstack(segments))[0] == 0


@pytest.mark.parametrize(
    "curves",
    [
        close_curves(),
        {
            "integer": fixture_curve("integer_response"),
            "logical": fixture_curve("logical_response"),
        },
    ],
    ids=["close", "ties"],
)
def test_labels_are_placed_again_at_every_size(curves):
    fig = plot_roc(curves)
    n = len(_check_labels(fig))
    assert n == sum(len(c.coords("best")) for c in curves.values())
    fig.set_size_inches(8, 8)
    assert len(_check_labels(fig)) == n
    fig.set_dpi(200)
    assert len(_check_labels(fig)) == n


def test_crowded_axes_leave_labels_out_rather_than_overlap():
    fig = plot_roc(close_curves())
    fig.set_size_inches(2.5, 2.5)
    texts = _check_labels(fig)
    assert len(texts) < 3
    ax = fig.axes[0]
    # the points of the labels left out stay marked
    assert sum(len(line.get_xdata()) for line in ax.get_lines() if line.get_marker() == "o") == 3


def test_the_legend_moves_off_a_curve_below_the_diagonal():
    fig = plot_roc(
        {"inverted": fixture_curve("inverted_forced_lt"), "s100b": fixture_curve("asah_s100b")}
    )
    _check_labels(fig)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    path = ax.transData.transform(ax.get_lines()[1].get_xydata())
    segments = np.column_stack([path[:-1], path[1:]])
    assert clipped_lengths(_box(ax.get_legend(), renderer)[None], segments)[0] == 0


def test_a_pickled_figure_places_its_labels_in_a_fresh_process(tmp_path):
    fig = plot_roc([fixture_curve(f"asah_{k}") for k in ("s100b", "ndka", "wfns")])
    path = tmp_path / "roc.pickle"
    path.write_bytes(pickle.dumps(fig))
    code = (
        "import pickle, sys\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "from skcnn.plotting._roc_labels import threshold_texts\n"
        "fig = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "fig.canvas.draw()\n"
        "print('|'.join(t.get_text() for t in threshold_texts(fig.axes[0])))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "|".join(
        proc_best_labels("asah_s100b")
        + proc_best_labels("asah_ndka")
        + proc_best_labels("asah_wfns")
    )


# --------------------------------------------------------------------------
# Smoothed curves and bands (issue 24): plot(smooth(roc)), plot(ci.se(roc), type = "shape")
# --------------------------------------------------------------------------

SPECIFICITIES = np.linspace(0, 1, 21)  # pROC's seq(0, 1, .05)


@pytest.fixture(scope="module")
def s100b_band():
    from skcnn.metrics import ci_se

    return ci_se(
        fixture_curve("asah_s100b"), specificities=SPECIFICITIES, n_boot=100, random_state=0
    )


def test_a_smoothed_curve_is_a_line_with_its_auc():
    from skcnn.metrics import smooth_roc

    s100b = fixture_curve("asah_s100b")
    smooth = smooth_roc(s100b)
    density = smooth_roc(s100b, method="density")
    fig = plot_roc([s100b, smooth, density])
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "s100b: AUC 0.731 (95% CI 0.630-0.833)",
        f"s100b, smoothed (binormal): AUC {smooth.auc:.3f}",
        f"s100b, smoothed (density): AUC {density.auc:.3f}",
        "best threshold: threshold (specificity, sensitivity)",
    ]
    lines = [line for line in ax.get_lines() if line.get_marker() != "o"]
    assert len(lines) == 4  # the diagonal and three curves
    np.testing.assert_array_equal(lines[2].get_xdata(), smooth.specificities)
    np.testing.assert_array_equal(lines[2].get_ydata(), smooth.sensitivities)
    np.testing.assert_array_equal(lines[3].get_xdata(), density.specificities)
    # only the empirical curve has thresholds to mark
    assert [t.get_text() for t in _check_labels(fig)] == proc_best_labels("asah_s100b")
    assert ax.get_title() == "ROC curves: 41 cases (Poor), 72 controls (Good)"
    # alone, no best point and no legend entry for one; a dict's key is the label
    fig = plot_roc({"smoothed s100b": smooth})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == [
        f"smoothed s100b: AUC {smooth.auc:.3f}"
    ]
    fig.canvas.draw()
    assert threshold_texts(fig.axes[0]) == []


def test_a_band_is_procs_shape_under_its_curve(s100b_band):
    s100b = fixture_curve("asah_s100b")
    fig = plot_roc(s100b, ci_band=s100b_band)
    ax = fig.axes[0]
    (patch,) = ax.patches
    # pROC's polygon(c(0, sp, 1, rev(sp), 0), c(1, lower, 0, rev(upper), 1))
    x = np.r_[0, SPECIFICITIES, 1, SPECIFICITIES[::-1], 0]
    y = np.r_[1, s100b_band.lower, 0, s100b_band.upper[::-1], 1]
    np.testing.assert_allclose(patch.get_xy()[: len(x)], np.column_stack([x, y]))
    curve = ax.get_lines()[1]
    assert patch.get_facecolor()[:3] == pytest.approx(to_rgb(curve.get_color()))
    assert patch.get_zorder() < curve.get_zorder()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[1] == "95% CI of the sensitivity (100 bootstrap replicates)"
    _check_labels(fig)


def test_a_band_of_specificities_lies_along_the_sensitivity():
    from skcnn.metrics import ci_sp

    s100b = fixture_curve("asah_s100b")
    band = ci_sp(s100b, sensitivities=SPECIFICITIES, level=0.9, n_boot=100, random_state=0)
    fig = plot_roc(s100b, ci_band=band)
    (patch,) = fig.axes[0].patches
    # pROC's polygon(c(1, lower, 0, rev(upper), 1), c(0, se, 1, rev(se), 0))
    x = np.r_[1, band.lower, 0, band.upper[::-1], 1]
    y = np.r_[0, SPECIFICITIES, 1, SPECIFICITIES[::-1], 0]
    np.testing.assert_allclose(patch.get_xy()[: len(x)], np.column_stack([x, y]))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[1] == "90% CI of the specificity (100 bootstrap replicates)"


def test_bands_for_some_curves(s100b_band):
    from skcnn.metrics import ci_se

    s100b, wfns = fixture_curve("asah_s100b"), fixture_curve("asah_wfns")
    wfns_band = ci_se(wfns, specificities=SPECIFICITIES, n_boot=100, random_state=0)
    fig = plot_roc({"s100b": s100b, "wfns": wfns}, ci_band={"wfns": wfns_band})
    ax = fig.axes[0]
    (patch,) = ax.patches
    assert patch.get_facecolor()[:3] == pytest.approx(to_rgb(ax.get_lines()[3].get_color()))
    fig = plot_roc([s100b, wfns], ci_band=[s100b_band, wfns_band])
    assert len(fig.axes[0].patches) == 2
    # one legend entry says what the bands are
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend.count("95% CI of the sensitivity (100 bootstrap replicates)") == 1


def test_a_coarse_band_warns_as_proc():
    from skcnn.metrics import ci_se

    s100b = fixture_curve("asah_s100b")
    band = ci_se(s100b, n_boot=50, random_state=0)  # pROC's default: 11 specificities
    with pytest.warns(UserWarning, match="low definition shape"):
        plot_roc(s100b, ci_band=band)


def test_band_errors(s100b_band):
    s100b, wfns = fixture_curve("asah_s100b"), fixture_curve("asah_wfns")
    with pytest.raises(ValueError, match="one interval for 2 curves"):
        plot_roc([s100b, wfns], ci_band=s100b_band)
    with pytest.raises(ValueError, match="1 entries for 2 curves"):
        plot_roc([s100b, wfns], ci_band=[s100b_band])
    with pytest.raises(ValueError, match=r"keys \['ndka'\] that name no curve"):
        plot_roc({"s100b": s100b}, ci_band={"ndka": s100b_band})
    with pytest.raises(ValueError, match="ci_band is a dict but curves is not"):
        plot_roc([s100b], ci_band={"s100b": s100b_band})
    with pytest.raises(ValueError, match="skcnn.metrics.ci_se or ci_sp.*is a AUCInterval"):
        plot_roc(s100b, ci_band=[s100b.ci_auc()])
    with pytest.raises(ValueError, match="ROCCurve or SmoothROC"):
        plot_roc([s100b, s100b_band])


def test_curves_in_percent_draw_on_axes_in_percent():
    from skcnn.metrics import ci_se, smooth_roc

    case, s100b = fixture_curve("asah_s100b"), fixture_curve("asah_s100b", percent=True)
    band = ci_se(s100b, specificities=SPECIFICITIES * 100, n_boot=50, random_state=0)
    fig = plot_roc([s100b, smooth_roc(s100b)], ci_band=[band, None])
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Specificity (%)", "Sensitivity (%)")
    assert ax.get_xlim() == pytest.approx((102, -2))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "s100b: AUC 73.1% (95% CI 63.0%-83.3%)"
    assert legend[1].startswith("s100b, smoothed (binormal): AUC 74.")
    # pROC's print.thres.pattern in percent: "%.1f (%.1f%%, %.1f%%)"
    assert [t.get_text() for t in _check_labels(fig)] == ["0.2 (80.6%, 63.4%)"]
    with pytest.raises(ValueError, match="mixes curves in percent with curves in fractions"):
        plot_roc([s100b, case])
    with pytest.raises(ValueError, match="in percent but its curve is not"):
        plot_roc(case, ci_band=band)


def test_a_curve_of_many_thresholds_is_placed_around_cheaply():
    from skcnn.plotting._roc_labels import _segments

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 20000)
    curve = roc(y, y + rng.normal(size=y.size))
    fig = plot_roc(curve, ci=False)
    assert len(_check_labels(fig)) == 1
    ax = fig.axes[0]
    line = ax.get_lines()[1]
    assert len(line.get_xdata()) > 19000
    # the labels weigh a few hundred segments, not one per threshold, each within
    # a cell of the curve
    pixels = ax.transData.transform(line.get_xydata())
    segments = _segments([line], 2.0)
    assert 100 < len(segments) < 1000
    ends = np.vstack([segments[:, :2], segments[-1:, 2:]])
    assert np.isin(ends, pixels).all(axis=1).all()
