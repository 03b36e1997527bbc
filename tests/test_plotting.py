"""Tests for skcnn.plotting: every figure is rendered to PNG and checked for content."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.metrics import confusion_matrix

from skcnn import CNNClassifier
from skcnn.metrics import confusion_matrix_report, table
from skcnn.plotting import (
    plot_confusion_matrix,
    plot_feature_maps,
    plot_filters,
    plot_history,
    plot_misclassified,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render(fig, tmp_path, name="figure"):
    """Save ``fig`` as PNG and check that a real image came out."""
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000
    return path


def image_axes(fig):
    """The axes that show an image, in order."""
    return [ax for ax in fig.axes if ax.images]


def shown(ax):
    return np.asarray(ax.images[0].get_array())


@pytest.fixture(scope="module")
def history_frame():
    return pd.DataFrame(
        {
            "accuracy": [0.50, 0.70, 0.80, 0.85],
            "loss": [1.5, 0.9, 0.6, 0.5],
            "val_accuracy": [0.55, 0.65, 0.70, 0.72],
            "val_loss": [1.4, 1.0, 0.9, 0.9],
        },
        index=pd.RangeIndex(1, 5, name="epoch"),
    )


@pytest.fixture(scope="module")
def fitted_rgb():
    """A tiny estimator fitted on random 8x8 RGB uint8 images."""
    rng = np.random.RandomState(0)
    X = rng.randint(0, 256, size=(40, 8, 8, 3)).astype(np.uint8)
    y = np.array(["cat", "dog"] * 20)
    return CNNClassifier(filters=3, epochs=1, random_state=0).fit(X, y), X, y


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


# --------------------------------------------------------------------------
# plot_history
# --------------------------------------------------------------------------


def test_history_panels_titles_legends_and_data(history_frame, tmp_path):
    fig = plot_history(history_frame)
    render(fig, tmp_path)
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Accuracy"]
    # Stacked vertically, loss on top, as R's plot(history).
    assert fig.axes[0].get_position().y0 > fig.axes[1].get_position().y0
    for ax, metric in zip(fig.axes, ["loss", "accuracy"], strict=True):
        train, val = ax.get_lines()
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "validation"]
        assert train.get_label() == "train" and val.get_label() == "validation"
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
        np.testing.assert_array_equal(train.get_ydata(), history_frame[metric])
        np.testing.assert_array_equal(val.get_ydata(), history_frame[f"val_{metric}"])
    assert fig.axes[1].get_xlabel() == "Epoch"


def test_history_of_fitted_estimator(fitted_simple, tmp_path):
    fig = plot_history(fitted_simple, title="digits")
    render(fig, tmp_path)
    history = fitted_simple.history_
    assert fig._suptitle.get_text() == "digits"
    loss_ax, acc_ax = fig.axes
    np.testing.assert_array_equal(loss_ax.get_lines()[0].get_xdata(), history.index)
    np.testing.assert_allclose(loss_ax.get_lines()[0].get_ydata(), history["loss"])
    np.testing.assert_allclose(acc_ax.get_lines()[1].get_ydata(), history["val_accuracy"])


def test_history_from_keras_history_and_dict(tmp_path):
    import keras

    values = {"loss": [0.9, 0.4], "accuracy": [0.6, 0.9]}
    history = keras.callbacks.History()
    history.history = {k: list(v) for k, v in values.items()}
    history.epoch = [0, 1]
    for source in (history, values):
        fig = plot_history(source)
        render(fig, tmp_path)
        assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Accuracy"]
        (line,) = fig.axes[0].get_lines()  # no validation curve without val_loss
        np.testing.assert_array_equal(line.get_xdata(), [1, 2])
        np.testing.assert_array_equal(line.get_ydata(), values["loss"])
        assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["train"]


def test_history_skips_absent_default_metrics_and_plots_requested_ones(tmp_path):
    frame = pd.DataFrame({"loss": [1.0, 0.5], "learning_rate": [0.01, 0.001]})
    fig = plot_history(frame)
    render(fig, tmp_path)
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss"]
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xdata(), [1, 2])
    fig = plot_history(frame, metrics=("loss", "learning_rate"))
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Learning Rate"]
    fig = plot_history(frame, metrics="learning_rate")
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_ydata(), [0.01, 0.001])


def test_history_validation_only_metric():
    frame = pd.DataFrame({"loss": [1.0, 0.5], "val_auc": [0.7, 0.8]})
    fig = plot_history(frame, metrics=["auc"])
    (line,) = fig.axes[0].get_lines()
    assert line.get_label() == "validation"


def test_history_errors(history_frame, small_digits):
    with pytest.raises(ValueError, match="empty"):
        plot_history(history_frame.iloc[:0])
    with pytest.raises(ValueError, match="empty"):
        plot_history({"loss": []})
    with pytest.raises(ValueError, match=r"\['f1'\] are not in the history"):
        plot_history(history_frame, metrics=("loss", "f1"))
    with pytest.raises(ValueError, match="None of the metrics"):
        plot_history(pd.DataFrame({"mse": [1.0, 0.5]}))
    with pytest.raises(ValueError, match="metrics is empty"):
        plot_history(history_frame, metrics=())
    with pytest.raises(TypeError, match="history must be"):
        plot_history([0.5, 0.4])
    with pytest.raises(NotFittedError):
        plot_history(CNNClassifier())


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
