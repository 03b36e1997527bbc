"""skcnn.plotting._inspection: plot_gradcam, plot_occlusion, plot_top_losses."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from skcnn import CNNClassifier, plotting


def test_unfitted_estimator():
    X = np.zeros((2, 8, 8))
    for call in (
        lambda: plotting.plot_gradcam(CNNClassifier(), X),
        lambda: plotting.plot_occlusion(CNNClassifier(), X),
        lambda: plotting.plot_top_losses(CNNClassifier(), X, [0, 1]),
    ):
        with pytest.raises(NotFittedError):
            call()


# --------------------------------------------------------------------------
# Plots, rendered headless
# --------------------------------------------------------------------------


def test_plot_gradcam(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    fig = plotting.plot_gradcam(fitted_simple, X[:6], y[:6], max_images=5, ncols=3)
    panels = fig.axes[:-1]
    assert len(panels) == 5 and fig.axes[-1].get_ylabel() == "Grad-CAM"
    predicted = fitted_simple.predict(X[:5])
    for ax, truth, pred in zip(panels, y[:5], predicted, strict=True):
        assert ax.get_title().startswith(f"true: {truth}\npred: {pred}, p = ")
        heat = ax.get_images()[1].get_array()
        assert heat.shape == (8, 8) and 0 <= heat.min() and heat.max() <= 1
    assert fig._suptitle.get_text() == "Grad-CAM at simple/conv1, first 5 of 6 images"
    fig.savefig(tmp_path / "gradcam.png")
    assert (tmp_path / "gradcam.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = plotting.plot_gradcam(fitted_simple, X[:2], target=4, layer="conv2")
    assert fig.axes[0].get_title().startswith("pred: ")
    assert fig._suptitle.get_text() == "Grad-CAM at simple/conv2 for class 4"
    # HiResCAM: the maps gradcam(method="hirescam") returns, named in the title and bar.
    from skcnn.inspection import gradcam

    fig = plotting.plot_gradcam(fitted_simple, X[:2], target=4, method="hirescam")
    assert fig._suptitle.get_text() == "HiResCAM at simple/conv1 for class 4"
    assert fig.axes[-1].get_ylabel() == "HiResCAM"
    expected = gradcam(fitted_simple, X[:2], target=4, method="hirescam")
    for ax, heat in zip(fig.axes[:2], expected, strict=True):
        np.testing.assert_allclose(ax.get_images()[1].get_array(), heat)
    with pytest.raises(ValueError, match="method must be one of"):
        plotting.plot_gradcam(fitted_simple, X[:2], method="gradcam++")
    with pytest.raises(ValueError, match="y has shape"):
        plotting.plot_gradcam(fitted_simple, X[:2], y[:3])


def test_plot_occlusion(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    fig = plotting.plot_occlusion(fitted_simple, X[:3], y[:3], patch=2)
    assert len(fig.axes) == 4 and fig.axes[-1].get_ylabel() == "drop in probability"
    low, high = fig.axes[0].get_images()[1].get_clim()
    assert low == -high and high > 0
    assert fig._suptitle.get_text() == "Occlusion, 2x2 patch, stride 1"
    fig = plotting.plot_occlusion(fitted_simple, X[:1], patch=(4, 2), stride=(2, 1), target=3)
    assert fig._suptitle.get_text() == "Occlusion, 4x2 patch, stride 2x1 for class 3"
    fig.savefig(tmp_path / "occlusion.png")
    assert (tmp_path / "occlusion.png").stat().st_size > 1000


def test_plot_top_losses(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    fig = plotting.plot_top_losses(fitted_simple, X[:40], y[:40], k=6)
    assert len(fig.axes) == 6
    proba = fitted_simple.predict_proba(X[:40])
    losses = -np.log(proba[np.arange(40), y[:40]])
    worst = np.argsort(-losses, kind="stable")[:6]
    np.testing.assert_array_equal(fig.top_losses["index"], worst)
    np.testing.assert_allclose(fig.top_losses["loss"], losses[worst])
    first = worst[0]
    assert fig.axes[0].get_title() == (
        f"{np.argmax(proba[first])} / {y[first]}\n"
        f"{losses[first]:.2f} / {proba[first, y[first]]:.2f}"
    )
    fig.savefig(tmp_path / "top_losses.png")
    fig = plotting.plot_top_losses(fitted_simple, X[:3], y[:3], k=9, gradcam=True)
    assert len(fig.axes) == 3 and len(fig.axes[0].get_images()) == 2
    with pytest.raises(ValueError, match=r"y has label\(s\) \['12'\] that are not among"):
        plotting.plot_top_losses(fitted_simple, X[:2], [1, 12])
    with pytest.raises(ValueError, match="k must be a positive int"):
        plotting.plot_top_losses(fitted_simple, X[:2], y[:2], k=0)
