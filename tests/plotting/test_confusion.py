"""skcnn.plotting._confusion: plot_confusion_matrix."""

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from skcnn.metrics import confusion_matrix_report, table
from skcnn.plotting import plot_confusion_matrix

from ._figures import render, shown

# --------------------------------------------------------------------------
# plot_confusion_matrix
# --------------------------------------------------------------------------

Y_TRUE = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 0])
Y_PRED = np.array([0, 1, 1, 1, 1, 2, 0, 2, 2, 0])  # asymmetric: transposes would show


def annotations(ax):
    return [t.get_text() for t in ax.texts]


def test_confusion_counts_rows_are_actual(tmp_path):
    fig = plot_confusion_matrix(Y_TRUE, Y_PRED)
    render(fig, tmp_path)
    ax = fig.axes[0]
    counts = table(Y_TRUE, Y_PRED).to_numpy()
    assert annotations(ax) == [str(c) for c in counts.ravel()]
    np.testing.assert_array_equal(shown(ax), counts)
    assert ax.get_xlabel() == "Predicted"
    assert ax.get_ylabel() == "Actual"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1", "2"]
    assert len(fig.axes) == 2  # the heat map and its colour bar


@pytest.mark.parametrize("normalize", ["true", "pred", "all"])
def test_confusion_normalized_like_sklearn(normalize, tmp_path):
    fig = plot_confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize)
    render(fig, tmp_path)
    expected = confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize)
    np.testing.assert_allclose(shown(fig.axes[0]), expected)
    assert annotations(fig.axes[0]) == [f"{v:.2f}" for v in expected.ravel()]


def test_confusion_empty_row_normalizes_to_zero():
    fig = plot_confusion_matrix([0, 0, 1], [0, 1, 1], labels=[0, 1, 2], normalize="true")
    assert annotations(fig.axes[0])[-3:] == ["0.00", "0.00", "0.00"]


def test_confusion_from_report_and_tables_matches_labels():
    expected = annotations(plot_confusion_matrix(Y_TRUE, Y_PRED).axes[0])
    report = confusion_matrix_report(Y_TRUE, Y_PRED)
    assert annotations(plot_confusion_matrix(report).axes[0]) == expected
    assert annotations(plot_confusion_matrix(table(Y_TRUE, Y_PRED)).axes[0]) == expected
    # caret's layout (rows = Prediction) is turned around to rows = actual.
    assert annotations(plot_confusion_matrix(report.table).axes[0]) == expected


def test_confusion_shared_levels_and_labels():
    # Class "c" is never predicted: it still gets a column, so the matrix is square.
    fig = plot_confusion_matrix(["a", "b", "c"], ["a", "b", "b"])
    ax = fig.axes[0]
    assert shown(ax).shape == (3, 3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert annotations(ax) == ["1", "0", "0", "0", "1", "0", "0", "1", "0"]
    fig = plot_confusion_matrix(["a", "b"], ["a", "b"], labels=["b", "a", "z"])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a", "z"]
    assert annotations(ax) == ["1", "0", "0", "0", "1", "0", "0", "0", "0"]
    fig = plot_confusion_matrix(table(["a", "b"], ["a", "b"]), labels=["b", "a"])
    assert annotations(fig.axes[0]) == ["1", "0", "0", "1"]


def test_confusion_text_is_readable_on_the_cell():
    fig = plot_confusion_matrix([0] * 50 + [1], [0] * 50 + [1])
    texts = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert texts["50"] == "white"  # darkest cell
    assert texts["0"] == "black"  # lightest cell


def test_confusion_draws_on_given_axes(tmp_path):
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert plot_confusion_matrix(Y_TRUE, Y_PRED, ax=ax2) is fig
    assert not ax1.texts and len(ax2.texts) == 9
    render(fig, tmp_path)


def test_confusion_errors():
    with pytest.raises(ValueError, match="normalize must be one of"):
        plot_confusion_matrix(Y_TRUE, Y_PRED, normalize="rows")
    with pytest.raises(ValueError, match="y_pred is missing"):
        plot_confusion_matrix(Y_TRUE)
    with pytest.raises(ValueError, match="y_pred must be left out"):
        plot_confusion_matrix(table(Y_TRUE, Y_PRED), Y_PRED)
    with pytest.raises(ValueError, match="different lengths"):
        plot_confusion_matrix(Y_TRUE, Y_PRED[:-1])
    with pytest.raises(ValueError, match="not among the levels"):
        plot_confusion_matrix(Y_TRUE, Y_PRED, labels=[0, 1])
