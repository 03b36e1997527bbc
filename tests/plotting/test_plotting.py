"""skcnn.plotting as a package: light to import, its public names, pyplot figures."""

import subprocess
import sys

from skcnn.plotting import (
    plot_confusion_matrix,
    plot_feature_maps,
    plot_filters,
    plot_history,
    plot_misclassified,
)

from ._figures import render

# --------------------------------------------------------------------------
# Import cost and global state
# --------------------------------------------------------------------------


def test_import_loads_neither_pyplot_nor_tensorflow():
    code = (
        "import sys, skcnn.plotting\n"
        "print(sorted(m for m in ('matplotlib', 'matplotlib.pyplot', 'tensorflow', 'keras')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_public_names():
    import skcnn.plotting

    assert sorted(skcnn.plotting.__all__) == [
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
        "plot_train",
    ]


def test_figures_are_pyplot_figures(fitted_simple, small_digits, history_frame, tmp_path):
    # scikit-learn's Display convention: plt.show() in a script shows them.
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    plt.close("all")
    X, y = small_digits
    figures = [
        plot_history(history_frame),
        plot_history(fitted_simple),
        plot_confusion_matrix(y, fitted_simple.predict(X)),
        plot_misclassified(fitted_simple, X[:60], y[:60]),
        plot_misclassified(fitted_simple, X[:3], y[:3], y_pred=y[:3]),
        plot_filters(fitted_simple),
        plot_feature_maps(fitted_simple, X[0]),
    ]
    for i, fig in enumerate(figures):
        assert isinstance(fig, Figure)
        render(fig, tmp_path, f"fig{i}")
    assert plt.get_fignums() == [fig.number for fig in figures]
    plt.close("all")
