"""skcnn.plotting._network: plot_misclassified, plot_filters, plot_feature_maps."""

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from skcnn import CNNClassifier
from skcnn.plotting import plot_feature_maps, plot_filters, plot_misclassified

from ._figures import image_axes, render, shown

# --------------------------------------------------------------------------
# plot_misclassified
# --------------------------------------------------------------------------


def test_misclassified_grid_matches_errors(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    X, y = X[:80], y[:80]
    proba = fitted_simple.predict_proba(X)
    pred = fitted_simple.classes_[proba.argmax(axis=1)]
    wrong = np.flatnonzero(pred != y)
    assert wrong.size > 0
    fig = plot_misclassified(fitted_simple, X, y, max_images=1000)
    render(fig, tmp_path)
    axes = image_axes(fig)
    assert len(axes) == wrong.size
    for ax, i in zip(axes, wrong, strict=True):
        assert ax.get_title() == f"true: {y[i]} / pred: {pred[i]}\np = {proba[i].max():.2f}"
        np.testing.assert_array_equal(shown(ax), X[i].reshape(8, 8))
    assert f"Misclassified: {wrong.size} of 80 images" in fig._suptitle.get_text()


def test_misclassified_capped_and_ncols(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    n_wrong = int(np.sum(fitted_simple.predict(X) != y))
    assert n_wrong > 7
    fig = plot_misclassified(fitted_simple, X, y, max_images=7, ncols=3)
    render(fig, tmp_path)
    axes = image_axes(fig)
    assert len(axes) == 7
    rows, cols, _, _ = axes[0].get_subplotspec().get_geometry()
    assert (rows, cols) == (3, 3)
    assert "first 7 shown" in fig._suptitle.get_text()


def test_misclassified_input_layouts_agree(fitted_simple, small_digits):
    X, y = small_digits
    X, y = X[:40], y[:40]
    pred = fitted_simple.predict(X)
    reference = plot_misclassified(fitted_simple, X, y, y_pred=pred)
    for layout in (X.reshape(-1, 8, 8), X.reshape(-1, 8, 8, 1), pd.DataFrame(X)):
        fig = plot_misclassified(fitted_simple, layout, y, y_pred=pred)
        assert [ax.get_title() for ax in fig.axes] == [ax.get_title() for ax in reference.axes]
        for a, b in zip(image_axes(fig), image_axes(reference), strict=True):
            np.testing.assert_array_equal(shown(a), shown(b))


def test_misclassified_with_given_predictions_has_no_probability(fitted_simple, small_digits):
    X, y = small_digits
    y_pred = y[:10].copy()
    y_pred[[2, 5]] = (y_pred[[2, 5]] + 1) % 10
    fig = plot_misclassified(fitted_simple, X[:10], y[:10], y_pred=y_pred)
    assert [ax.get_title() for ax in fig.axes] == [
        f"true: {y[2]} / pred: {y_pred[2]}",
        f"true: {y[5]} / pred: {y_pred[5]}",
    ]


def test_misclassified_rgb(fitted_rgb, tmp_path):
    clf, X, y = fitted_rgb
    y_pred = np.where(np.arange(len(y)) % 4 == 0, np.where(y == "cat", "dog", "cat"), y)
    fig = plot_misclassified(clf, X, y, y_pred=y_pred)
    render(fig, tmp_path)
    axes = image_axes(fig)
    assert len(axes) == 10
    np.testing.assert_array_equal(shown(axes[0]), X[0])
    assert axes[0].get_title() == f"true: {y[0]} / pred: {y_pred[0]}"


def test_nothing_misclassified(fitted_simple, small_digits, tmp_path):
    X, y = small_digits
    fig = plot_misclassified(fitted_simple, X[:5], y[:5], y_pred=y[:5])
    render(fig, tmp_path)
    assert not image_axes(fig)
    assert [t.get_text() for t in fig.axes[0].texts] == ["No misclassified images"]


def test_misclassified_errors(fitted_simple, small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match="one label per image"):
        plot_misclassified(fitted_simple, X[:5], y[:4])
    with pytest.raises(ValueError, match="one label per image"):
        plot_misclassified(fitted_simple, X[:5], y[:5], y_pred=y[:3])
    with pytest.raises(ValueError, match="max_images must be a positive int"):
        plot_misclassified(fitted_simple, X[:5], y[:5], max_images=0)
    with pytest.raises(ValueError, match="ncols must be a positive int"):
        plot_misclassified(fitted_simple, X[:5], y[:5], ncols=1.5)
    with pytest.raises(ValueError, match="expecting 64 features"):
        plot_misclassified(fitted_simple, X[:5, :10], y[:5])
    with pytest.raises(NotFittedError):
        plot_misclassified(CNNClassifier(), X[:5], y[:5])


# --------------------------------------------------------------------------
# plot_filters
# --------------------------------------------------------------------------


def conv_layer(clf, name):
    return clf.model_.get_layer("simple").get_layer(name)


def unit_range(w):
    return (w - w.min()) / (w.max() - w.min())


def test_filters_of_first_conv(fitted_simple, tmp_path):
    fig = plot_filters(fitted_simple)
    render(fig, tmp_path)
    conv1 = conv_layer(fitted_simple, "conv1")
    kernel = np.asarray(conv1.kernel)
    axes = image_axes(fig)
    assert len(axes) == conv1.filters == 32
    for k, ax in enumerate(axes):
        np.testing.assert_allclose(shown(ax), unit_range(kernel[..., 0, k]), atol=1e-6)
    assert fig._suptitle.get_text() == "simple/conv1: 32 filters, 3x3"


def test_filters_of_named_layer_capped(fitted_simple, tmp_path):
    conv2 = conv_layer(fitted_simple, "conv2")
    kernel = np.asarray(conv2.kernel)
    for name in ("conv2", "simple/conv2"):
        fig = plot_filters(fitted_simple, layer=name, max_filters=10)
        render(fig, tmp_path)
        axes = image_axes(fig)
        assert len(axes) == 10 < conv2.filters
        # Many input channels: the mean over them.
        np.testing.assert_allclose(
            shown(axes[3]), unit_range(kernel[..., 3].mean(axis=-1)), atol=1e-6
        )
    assert len(image_axes(plot_filters(fitted_simple, layer="conv2"))) == 64


def test_filters_rgb_in_colour(fitted_rgb, tmp_path):
    clf, _, _ = fitted_rgb
    fig = plot_filters(clf)
    render(fig, tmp_path)
    axes = image_axes(fig)
    assert len(axes) == 3
    assert shown(axes[0]).shape == (3, 3, 3)


def test_filters_errors(fitted_simple, small_digits):
    with pytest.raises(ValueError, match="no layer named 'conv9'.*simple/conv1"):
        plot_filters(fitted_simple, layer="conv9")
    with pytest.raises(ValueError, match="MaxPooling2D, not a Conv2D.*simple/conv3"):
        plot_filters(fitted_simple, layer="pool1")
    with pytest.raises(ValueError, match="max_filters must be a positive int"):
        plot_filters(fitted_simple, max_filters=0)
    with pytest.raises(NotFittedError):
        plot_filters(CNNClassifier())


def test_filters_and_maps_need_a_conv_layer(small_digits):
    def dense_only(input_shape, n_classes):
        import keras

        inputs = keras.Input(shape=input_shape)
        x = keras.layers.Flatten(name="flat")(inputs)
        return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(x))

    X, y = small_digits
    clf = CNNClassifier(arch=dense_only, epochs=1, random_state=0).fit(X[:50], y[:50])
    with pytest.raises(ValueError, match="no Conv2D layer"):
        plot_filters(clf)
    with pytest.raises(ValueError, match="no Conv2D layer"):
        plot_feature_maps(clf, X[0])


# --------------------------------------------------------------------------
# plot_feature_maps
# --------------------------------------------------------------------------


def expected_conv1_maps(clf, image):
    """conv1's output computed by hand: rescale, resize, then a numpy convolution."""
    outer = clf.model_
    x = image.reshape(1, 8, 8, 1).astype("float32")
    for name in ("rescale", "resize"):
        x = outer.get_layer(name)(x)
    x = np.asarray(x)[0]
    conv1 = conv_layer(clf, "conv1")
    kernel, bias = (np.asarray(w) for w in conv1.get_weights())
    kh, kw, _, n_out = kernel.shape
    h, w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    out = np.empty((h, w, n_out))
    for i in range(h):
        for j in range(w):
            window = x[i : i + kh, j : j + kw, :]
            out[i, j] = np.tensordot(window, kernel, axes=3) + bias
    return np.maximum(out, 0)


def test_feature_maps_of_first_conv(fitted_simple, small_digits, tmp_path):
    X, _ = small_digits
    fig = plot_feature_maps(fitted_simple, X[0])
    render(fig, tmp_path)
    expected = expected_conv1_maps(fitted_simple, X[0])
    output_shape = conv_layer(fitted_simple, "conv1").output.shape  # (None, 16, 16, 32)
    axes = image_axes(fig)
    assert len(axes) == output_shape[-1] == 32
    for k, ax in enumerate(axes):
        assert shown(ax).shape == tuple(output_shape[1:3])
        np.testing.assert_allclose(shown(ax), expected[..., k], rtol=1e-4, atol=1e-4)
    assert fig._suptitle.get_text() == "simple/conv1: 32 feature maps, 16x16"


def test_feature_maps_image_layouts_agree(fitted_simple, small_digits):
    X, _ = small_digits
    reference = [shown(ax) for ax in image_axes(plot_feature_maps(fitted_simple, X[3]))]
    for image in (X[3].reshape(8, 8), X[3].reshape(8, 8, 1), X[3].reshape(1, 8, 8, 1)):
        maps = [shown(ax) for ax in image_axes(plot_feature_maps(fitted_simple, image))]
        np.testing.assert_allclose(maps, reference, rtol=1e-5, atol=1e-6)


def test_feature_maps_of_named_layers(fitted_simple, small_digits, tmp_path):
    X, _ = small_digits
    summary = fitted_simple.summary().set_index("layer")
    for name, max_maps in (("conv2", 32), ("simple/pool1", 5), ("resize", 32)):
        fig = plot_feature_maps(fitted_simple, X[1], layer=name, max_maps=max_maps)
        render(fig, tmp_path, name.replace("/", "_"))
        path = name if "/" in name or name == "resize" else f"simple/{name}"
        _, h, w, c = summary.loc[path, "output_shape"]
        axes = image_axes(fig)
        assert len(axes) == min(c, max_maps)
        assert all(shown(ax).shape == (h, w) for ax in axes)


def test_feature_maps_rgb(fitted_rgb):
    clf, X, _ = fitted_rgb
    fig = plot_feature_maps(clf, X[0])
    conv1 = clf.model_.get_layer("simple").get_layer("conv1")
    _, h, w, c = conv1.output.shape  # after the network's resizing
    axes = image_axes(fig)
    assert len(axes) == c == 3
    assert all(shown(ax).shape == (h, w) for ax in axes)


def test_feature_maps_errors(fitted_simple, small_digits):
    X, _ = small_digits
    with pytest.raises(ValueError, match="fitted on images of shape"):
        plot_feature_maps(fitted_simple, X[0][:10])
    with pytest.raises(ValueError, match="fitted on images of shape"):
        plot_feature_maps(fitted_simple, X[:2])
    with pytest.raises(ValueError, match="not feature maps"):
        plot_feature_maps(fitted_simple, X[0], layer="dense1")
    with pytest.raises(ValueError, match="no layer named 'nope'"):
        plot_feature_maps(fitted_simple, X[0], layer="nope")
    with pytest.raises(ValueError, match="max_maps must be a positive int"):
        plot_feature_maps(fitted_simple, X[0], max_maps=-1)
    with pytest.raises(NotFittedError):
        plot_feature_maps(CNNClassifier(), X[0])


def test_feature_maps_of_a_bfloat16_network_are_drawn(small_digits, tmp_path):
    # A mixed-precision network's activations are bfloat16, which matplotlib
    # cannot draw: the maps come back as float32 images.
    X, y = small_digits
    clf = CNNClassifier(precision="mixed_bfloat16", epochs=1, random_state=0).fit(X, y)
    fig = plot_feature_maps(clf, X[0])
    render(fig, tmp_path)
    assert all(shown(ax).dtype == np.float32 for ax in image_axes(fig))


def test_feature_maps_inside_nested_models(small_digits, tmp_path):
    import keras

    def nested(input_shape, n_classes):
        block_in = keras.Input(shape=input_shape)
        conv = keras.layers.Conv2D(4, 3, padding="same", name="inner_conv")(block_in)
        block = keras.Model(block_in, conv, name="block")
        inputs = keras.Input(shape=input_shape, name="image")
        doubled = keras.layers.Rescaling(2.0, name="double")(inputs)
        x = keras.layers.Concatenate(name="concat")([block(doubled), inputs])  # a branch
        x = keras.layers.Flatten(name="flat")(x)
        return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(x))

    X, y = small_digits
    clf = CNNClassifier(arch=nested, epochs=1, random_state=0).fit(X[:50], y[:50])
    block = clf.model_.layers[-1].get_layer("block")
    rescaled = clf.model_.get_layer("rescale")(X[7].reshape(1, 8, 8, 1).astype("float32"))
    expected = np.asarray(block(np.asarray(rescaled) * 2.0))[0]
    fig = plot_feature_maps(clf, X[7])  # the first Conv2D sits in the nested block
    render(fig, tmp_path)
    assert fig._suptitle.get_text().endswith("block/inner_conv: 4 feature maps, 8x8")
    maps = np.stack([shown(ax) for ax in image_axes(fig)], axis=-1)
    np.testing.assert_allclose(maps, expected, rtol=1e-5, atol=1e-5)
    assert len(image_axes(plot_filters(clf, layer="inner_conv"))) == 4


def test_feature_maps_of_sequential_model(small_digits):
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(5, 3, activation="relu", name="c1"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="seq",
    )
    X, y = small_digits
    clf = CNNClassifier(arch=model, epochs=1, random_state=0).fit(X[:50], y[:50])
    fig = plot_feature_maps(clf, X[0])
    axes = image_axes(fig)
    assert len(axes) == 5
    assert all(shown(ax).shape == (6, 6) for ax in axes)
    assert fig._suptitle.get_text() == "seq/c1: 5 feature maps, 6x6"
