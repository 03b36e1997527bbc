"""skcnn.inspection (Grad-CAM, occlusion) and metrics.most_confused.

The maps are checked three ways: that they find what decides the class on
synthetic images whose only signal is a bright patch; that the network Grad-CAM
differentiates is the fitted network itself, for every preset family and every
path skcnn puts in front of the architecture; and their shapes, ranges, layer
choice and errors. Their plots are tested in tests/plotting/test_inspection.py.
"""

import warnings

import h5py
import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from skcnn import CNNClassifier, inspection
from skcnn._training.network import build_network
from skcnn.inspection import gradcam, gradcam_layer, occlusion
from skcnn.metrics import most_confused

PATCH = 8
SIZE = 32


# --------------------------------------------------------------------------
# The maps mean something
# --------------------------------------------------------------------------


def bright_patches(n, *, seed, position_classes):
    """Uniform noise in [0, 0.5] with one 8x8 patch of 1.0.

    ``position_classes=True``: the class is the quadrant the patch lies in, and
    nothing else tells the classes apart. ``False``: class 1 has the patch
    anywhere, class 0 has none (the patch's top-left corner is still returned).
    """
    rng = np.random.RandomState(seed)
    X = rng.uniform(0, 0.5, (n, SIZE, SIZE)).astype(np.float32)
    half = SIZE // 2
    if position_classes:
        y = rng.randint(0, 4, n)
        rows = rng.randint(0, half - PATCH + 1, n) + (y // 2) * half
        cols = rng.randint(0, half - PATCH + 1, n) + (y % 2) * half
    else:
        y = rng.randint(0, 2, n)
        rows = rng.randint(0, SIZE - PATCH + 1, n)
        cols = rng.randint(0, SIZE - PATCH + 1, n)
    for i in range(n):
        if position_classes or y[i]:
            X[i, rows[i] : rows[i] + PATCH, cols[i] : cols[i] + PATCH] = 1.0
    return X, y, rows, cols


def peak_in_patch(maps, rows, cols):
    """Whether each map's largest value lies inside its image's patch."""
    flat = maps.reshape(len(maps), -1).argmax(axis=1)
    i, j = np.unravel_index(flat, maps.shape[1:])
    return (i >= rows) & (i < rows + PATCH) & (j >= cols) & (j < cols + PATCH)


def gap_net(input_shape, n_classes):
    """Three 'same' convolutions, global average pooling, softmax: Grad-CAM's
    weights are then the class weights of CAM (Zhou et al. 2016)."""
    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="gap_net")


def test_occlusion_finds_the_patch_whose_position_is_the_class():
    X, y, _, _ = bright_patches(800, seed=0, position_classes=True)
    X_test, y_test, rows, cols = bright_patches(40, seed=1, position_classes=True)
    # Label smoothing keeps the probabilities off 1.0: a network that is sure
    # to float32 precision (measured without it: p = 1.0 for some images)
    # drops nothing when part of the patch is hidden, and its map is flat.
    clf = CNNClassifier(
        arch="fashion",
        filters=8,
        dense_units=32,
        dropout=0,
        label_smoothing=0.1,
        augment=None,  # shifting the patch would change its class
        epochs=5,
        random_state=0,
    ).fit(X, y)
    assert clf.score(X_test, y_test) >= 0.9
    maps = occlusion(clf, X_test, patch=PATCH // 2, stride=2)
    assert peak_in_patch(maps, rows, cols).mean() >= 0.9
    # Grad-CAM is not asserted here: its channel weights are spatial means of
    # the gradient, the same for every position, so a class told apart by
    # position alone is not localized (measured: 19-44 % of the peaks in the
    # patch with this network, 0 % with resnet20). The next test gives it a
    # patch that is the evidence wherever it lies.


def test_gradcam_and_occlusion_find_the_patch_that_decides_the_class():
    X, y, _, _ = bright_patches(600, seed=0, position_classes=False)
    X_test, y_test, rows, cols = bright_patches(80, seed=1, position_classes=False)
    clf = CNNClassifier(arch=gap_net, augment=None, epochs=5, random_state=0).fit(X, y)
    assert clf.score(X_test, y_test) >= 0.9
    with_patch = y_test == 1
    X_test, rows, cols = X_test[with_patch], rows[with_patch], cols[with_patch]
    # conv2 and conv3 are 16x16, under 20 cells across: the default is conv1.
    assert gradcam_layer(clf) == "gap_net/conv1"
    assert peak_in_patch(gradcam(clf, X_test), rows, cols).mean() >= 0.9
    # At the pooled layer Grad-CAM is CAM, and HiResCAM the same map.
    maps = gradcam(clf, X_test, layer="conv3")
    assert peak_in_patch(maps, rows, cols).mean() >= 0.9
    np.testing.assert_allclose(
        gradcam(clf, X_test, layer="conv3", method="hirescam"), maps, atol=1e-6
    )
    drops = occlusion(clf, X_test, patch=PATCH // 2, stride=PATCH // 4)
    assert peak_in_patch(drops, rows, cols).mean() >= 0.9
    # Asked about the other class ("no patch"), the maps leave the patch dark.
    inside = np.zeros(maps.shape, dtype=bool)
    for k, (r, c) in enumerate(zip(rows, cols, strict=True)):
        inside[k, r : r + PATCH, c : c + PATCH] = True
    assert maps[inside].mean() > 3 * maps[~inside].mean()
    other = gradcam(clf, X_test, target=0, layer="conv3")
    assert other[inside].mean() < maps[inside].mean()


# --------------------------------------------------------------------------
# Every preset family, and every path in front of the architecture
# --------------------------------------------------------------------------


def built(arch, image_shape=(8, 8, 1), n_classes=3, *, scale=None, augment=None, **params):
    """A CNNClassifier holding the network skcnn builds for these parameters,
    untrained: Grad-CAM's graph surgery does not depend on the weights, and
    training every family would take minutes."""
    clf = CNNClassifier(arch=arch, augment=augment, **params)
    clf.model_ = build_network(
        arch,
        image_shape,
        n_classes,
        hyperparams=clf._hyperparams(),
        scale=scale,
        resize=clf.resize,
        weights=clf.weights,
        trainable=clf.trainable,
        augment=augment,
        value_range=(0.0, 1.0) if augment else None,
    )
    clf.classes_ = np.arange(n_classes)
    clf.input_shape_ = tuple(image_shape)
    clf.n_features_in_ = int(np.prod(image_shape))
    clf.rescale_ = scale
    return clf


def check_gradient_model(clf, images, layer=None):
    """Grad-CAM differentiates the fitted network: the rebuilt graph's output is
    predict_proba's, and its scores are the logits of those probabilities."""
    import tensorflow as tf

    path, model = inspection._gradient_model(keras, clf.model_, layer)
    out = model(tf.constant(clf._validated_images(images).astype(np.float32)), training=False)
    proba = clf.predict_proba(images)
    np.testing.assert_allclose(np.asarray(out["output"]), proba, atol=1e-5)
    np.testing.assert_allclose(np.asarray(tf.nn.softmax(out["scores"])), proba, atol=1e-5)
    assert len(out["maps"].shape) == 4
    return path


FAMILIES = [
    ("simple", {}),
    ("lenet5", {}),
    ("alexnet", {"filters": 4, "dense_units": 8}),
    ("vgg11", {"filters": 4, "dense_units": 8}),
    ("resnet18", {"filters": 4}),
    ("resnet20", {"filters": 4}),
    ("googlenet", {"filters": 4}),
    ("xception", {"filters": 4}),
    ("se_resnet50", {"filters": 4}),
    ("densenet121", {"filters": 4}),
    ("fashion", {"filters": 4, "dense_units": 8}),
    ("keras.MobileNetV2", {"arch_kwargs": {"alpha": 0.35}}),
]


@pytest.mark.parametrize(("arch", "params"), FAMILIES, ids=[a for a, _ in FAMILIES])
def test_gradcam_on_every_family(arch, params):
    clf = built(arch, **params)
    X = np.random.RandomState(0).rand(3, 8, 8).astype(np.float32)
    path = check_gradient_model(clf, X)
    maps = gradcam(clf, X)
    assert maps.shape == (3, 8, 8)
    assert np.all(np.isfinite(maps)) and maps.min() >= 0 and maps.max() <= 1
    assert path == gradcam_layer(clf)
    assert path.startswith(clf.model_.layers[-1].name + "/")


def test_gradcam_through_rescaling_resizing_and_augmentation():
    clf = built("simple", (10, 12, 3), scale=1 / 255, augment={"translation": 0.1, "zoom": 0.1})
    names = [layer.name for layer in clf.model_.layers]
    assert names[1:3] == ["rescale", "resize"] and any(n.startswith("augment") for n in names)
    X = np.random.RandomState(1).randint(0, 256, (4, 10, 12, 3)).astype(np.uint8)
    check_gradient_model(clf, X)
    maps = gradcam(clf, X)
    assert maps.shape == (4, 10, 12)
    # Augmentation is inactive: the same images give the same maps.
    np.testing.assert_array_equal(maps, gradcam(clf, X))


NOTOP = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5"


def test_gradcam_on_an_imagenet_base_with_a_new_head(tmp_path, monkeypatch):
    # A random MobileNetV2 under the file name Keras asks for, as in test_transfer.
    from keras.src.legacy.saving import legacy_h5_format

    source = keras.applications.MobileNetV2(weights=None, include_top=False, alpha=0.35)
    (tmp_path / "models").mkdir()
    with h5py.File(tmp_path / "models" / NOTOP, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, source)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*will be loaded as the default")
        clf = built(
            "keras.MobileNetV2", trainable=False, weights="imagenet", arch_kwargs={"alpha": 0.35}
        )
    names = [layer.name for layer in clf.model_.layers]
    assert "gray_to_rgb" in names and names[-2:] == ["avg_pool", "predictions"]
    X = np.random.RandomState(2).rand(2, 8, 8, 1).astype(np.float32)
    path = check_gradient_model(clf, X)
    assert path.split("/")[0] == names[-3]  # inside the pretrained base
    assert gradcam(clf, X).shape == (2, 8, 8)


def user_functional(input_shape, n_classes):
    """A user's network holding a nested Sequential feature extractor."""
    features = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="f_conv1"),
            keras.layers.Conv2D(4, 3, padding="same", name="f_conv2"),
            keras.layers.Activation("relu", name="f_relu"),
        ],
        name="features",
    )
    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Flatten()(features(inputs))
    logits = keras.layers.Dense(n_classes, name="logits")(x)
    outputs = keras.layers.Softmax(name="proba")(logits)
    return keras.Model(inputs, outputs, name="mine")


def test_gradcam_on_a_users_model_and_sequential():
    X = np.random.RandomState(3).rand(2, 8, 8).astype(np.float32)
    clf = built(user_functional((8, 8, 1), 3), resize=None)
    # The last convolution block: f_conv2 and the activation after it.
    assert gradcam_layer(clf) == "mine/features/f_relu"
    check_gradient_model(clf, X)
    assert gradcam(clf, X, layer="f_conv1").shape == (2, 8, 8)
    sequential = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3, activation="softmax"),
        ],
        name="seq",
    )
    clf = built(sequential, resize=None)
    assert check_gradient_model(clf, X) == "seq/conv"
    assert gradcam(clf, X).shape == (2, 8, 8)


# --------------------------------------------------------------------------
# HiResCAM and Grad-CAM by hand
# --------------------------------------------------------------------------


def tiny_flat_net(input_shape, n_classes):
    """One 'same' convolution (2 filters, ReLU), flatten, a dense softmax: the
    gradient of a logit with respect to the maps is the dense kernel's column."""
    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(2, 3, padding="same", activation="relu", name="conv")(inputs)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="tiny")


def test_hirescam_and_gradcam_equal_the_hand_computation():
    rng = np.random.RandomState(4)
    clf = built(tiny_flat_net((6, 6, 1), 3), (6, 6, 1), resize=None)
    net = clf.model_.get_layer("tiny")
    conv, dense = net.get_layer("conv"), net.get_layer("predictions")
    kernel, bias = rng.normal(size=(3, 3, 1, 2)), rng.normal(0.5, 0.1, 2)
    conv.set_weights([kernel.astype(np.float32), bias.astype(np.float32)])
    W = rng.normal(size=(6 * 6 * 2, 3))
    dense.set_weights([W.astype(np.float32), np.zeros(3, np.float32)])
    X = rng.rand(2, 6, 6).astype(np.float32)
    target = np.array([2, 0])

    # The convolution by hand ('same' padding: one zero row and column around).
    padded = np.pad(X.astype(np.float64), ((0, 0), (1, 1), (1, 1)))
    A = np.zeros((2, 6, 6, 2))
    for i in range(6):
        for j in range(6):
            patch = padded[:, i : i + 3, j : j + 3]
            A[:, i, j, :] = np.einsum("nab,abk->nk", patch, kernel[:, :, 0, :]) + bias
    A = np.maximum(A, 0)
    # d logit_c / d A: the dense kernel's column c in Flatten's (h, w, k) order.
    grads = W[:, target].T.reshape(2, 6, 6, 2)

    def normalized(m):
        m = np.maximum(m, 0)
        return m / m.max(axis=(1, 2), keepdims=True)

    hires = normalized((A * grads).sum(axis=-1))
    grad = normalized(np.einsum("nhwk,nk->nhw", A, grads.mean(axis=(1, 2))))
    assert gradcam_layer(clf) == "tiny/conv"
    got_hires = gradcam(clf, X, target=target, method="hirescam")
    got_grad = gradcam(clf, X, target=target)
    np.testing.assert_allclose(got_hires, hires, atol=1e-5)
    np.testing.assert_allclose(got_grad, grad, atol=1e-5)
    assert not np.allclose(hires, grad, atol=0.05)  # a flattening head: they differ


def test_hirescam_equals_gradcam_at_a_globally_pooled_layer():
    # Global average pooling: the gradient is the same at every cell, so the
    # mean gradient loses nothing (Draelos and Carin 2020, section 3).
    clf = built(gap_net((16, 16, 1), 3), (16, 16, 1), resize=None)
    X = np.random.RandomState(5).rand(3, 16, 16).astype(np.float32)
    np.testing.assert_allclose(
        gradcam(clf, X, layer="conv3", method="hirescam"),
        gradcam(clf, X, layer="conv3"),
        atol=1e-6,
    )


def test_bad_method(fitted_simple, small_digits):
    X, _ = small_digits
    with pytest.raises(
        ValueError, match=r"method must be one of \['gradcam', 'hirescam'\], got 'cam'"
    ):
        gradcam(fitted_simple, X[:2], method="cam")


# --------------------------------------------------------------------------
# The default layer: maps fine enough to point at something
# --------------------------------------------------------------------------


def map_size(clf, path):
    frame = clf.summary().set_index("layer")
    return tuple(frame.loc[path, "output_shape"][1:3])


def check_default_rule(clf):
    """The default is a convolution block with maps at least MIN cells across and
    no later convolution has such maps; else the block with the largest maps."""
    frame = clf.summary()
    convs = frame[frame["type"].str.contains("Conv2D")]
    sizes = [tuple(shape[1:3]) for shape in convs["output_shape"]]
    chosen = gradcam_layer(clf)
    h, w = map_size(clf, chosen)
    wide = [k for k, (a, b) in enumerate(sizes) if min(a, b) >= inspection._MIN_MAP_CELLS]
    if wide:
        assert min(h, w) >= inspection._MIN_MAP_CELLS
        last = convs["layer"].iloc[wide[-1]]
        # The chosen layer is that last wide convolution, or a layer after it
        # in its block (same map size).
        names = list(frame["layer"])
        assert names.index(chosen) >= names.index(last) and (h, w) == sizes[wide[-1]]
    else:
        assert h * w == max(a * b for a, b in sizes)
    return chosen, (h, w)


LAYER_RULE = [
    # (preset, image shape, params, chosen layer, its map)
    ("simple", (8, 8, 1), {}, "simple/conv1", (16, 16)),
    ("simple", (24, 24, 1), {}, "simple/conv1", (22, 22)),
    ("simple", (64, 64, 1), {}, "simple/conv2", (29, 29)),
    ("simple", (120, 120, 1), {}, "simple/conv3", (26, 26)),
    ("lenet5", (24, 24, 1), {}, "lenet5/c1", (28, 28)),
    ("fashion", (28, 28, 1), {"filters": 4, "dense_units": 8}, "fashion/block1_conv1", (28, 28)),
    ("vgg11", (32, 32, 3), {"filters": 4, "dense_units": 8}, "vgg11/block1_conv1", (32, 32)),
    ("vgg11", (96, 96, 1), {"filters": 4, "dense_units": 8}, "vgg11/block3_conv2", (24, 24)),
    ("resnet20", (32, 32, 3), {"filters": 4}, "resnet20/conv2_block3_out", (32, 32)),
    ("resnet18", (24, 24, 1), {"filters": 4}, "resnet18/conv1_relu", (12, 12)),
    ("xception", (24, 24, 1), {"filters": 4}, "xception/block1_conv1_act", (11, 11)),
    ("keras.ResNet50", (96, 96, 3), {}, "resnet50/conv2_block3_out", (24, 24)),
    ("alexnet", (24, 24, 1), {"filters": 4, "dense_units": 8}, "alexnet/norm1", (15, 15)),
]


@pytest.mark.parametrize(
    ("arch", "shape", "params", "expected", "size"),
    LAYER_RULE,
    ids=[f"{a}-{s[0]}x{s[1]}x{s[2]}" for a, s, *_ in LAYER_RULE],
)
def test_default_layer_rule(arch, shape, params, expected, size):
    clf = built(arch, shape, **params)
    chosen, hw = check_default_rule(clf)
    assert (chosen, hw) == (expected, size)
    X = np.random.RandomState(0).rand(2, *shape).astype(np.float32)
    assert gradcam(clf, X).shape == (2, *shape[:2])


# --------------------------------------------------------------------------
# Shapes, ranges, layers and targets on a fitted estimator
# --------------------------------------------------------------------------


def test_gradcam_shapes_ranges_and_layers(fitted_simple, small_digits):
    X, _ = small_digits
    maps = gradcam(fitted_simple, X[:6])
    assert maps.shape == (6, 8, 8) and maps.dtype == np.float64
    assert maps.min() >= 0 and np.allclose(maps.max(axis=(1, 2)), 1)
    # Flat rows and (n, h, w) images are the same images.
    np.testing.assert_allclose(gradcam(fitted_simple, X[:6].reshape(6, 8, 8)), maps)
    # Resized to 18x18 in the graph, conv1's maps are 16x16, conv2's 6x6: the
    # default is the last convolution with maps at least 12 cells across.
    assert gradcam_layer(fitted_simple) == "simple/conv1"
    assert gradcam_layer(fitted_simple, "conv1") == "simple/conv1"
    np.testing.assert_allclose(gradcam(fitted_simple, X[:6], layer="simple/conv1"), maps)
    by_conv2 = gradcam(fitted_simple, X[:6], layer="conv2")
    assert by_conv2.shape == (6, 8, 8) and not np.allclose(by_conv2, maps)
    hires = gradcam(fitted_simple, X[:6], method="hirescam")
    assert hires.shape == (6, 8, 8) and hires.min() >= 0 and not np.allclose(hires, maps)
    # A 1x1 map resized is flat: 1 everywhere, or 0 without positive evidence.
    flat = gradcam(fitted_simple, X[:6], layer="conv3")
    assert all(np.unique(m).tolist() in ([0.0], [1.0]) for m in flat)


def test_gradcam_targets(fitted_simple, small_digits):
    X, _ = small_digits
    predicted = fitted_simple.predict(X[:5])
    np.testing.assert_allclose(
        gradcam(fitted_simple, X[:5], target=predicted), gradcam(fitted_simple, X[:5])
    )
    one = gradcam(fitted_simple, X[:5], target=fitted_simple.classes_[3])
    np.testing.assert_allclose(one, gradcam(fitted_simple, X[:5], target=[3] * 5))
    assert not np.allclose(one, gradcam(fitted_simple, X[:5], target=7))


def test_string_labels_as_targets(small_digits):
    X, y = small_digits
    names = np.array(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
    clf = CNNClassifier(filters=2, epochs=1, random_state=0).fit(X[:60], names[y[:60]])
    assert gradcam(clf, X[:2], target="seven").shape == (2, 8, 8)
    assert occlusion(clf, X[:2], target=["one", "two"], patch=4, stride=4).shape == (2, 8, 8)
    with pytest.raises(ValueError, match=r"target='ten' is not among .*'eight'"):
        gradcam(clf, X[:2], target="ten")


def test_occlusion_maps(fitted_simple, small_digits):
    X, _ = small_digits
    drops = occlusion(fitted_simple, X[:3], patch=2, stride=1)
    assert drops.shape == (3, 8, 8) and drops.dtype == np.float64
    assert np.abs(drops).max() <= 1
    # By hand for one image and one pixel: the mean drop of the patches over it.
    proba = fitted_simple.predict_proba(X[:1])
    c = int(np.argmax(proba))
    image = X[0].reshape(8, 8)
    grey = X[:3].mean()
    expected = []
    for r in (2, 3):  # the 2x2 patches covering pixel (3, 4)
        for col in (3, 4):
            hidden = image.copy()
            hidden[r : r + 2, col : col + 2] = grey
            expected.append(proba[0, c] - fitted_simple.predict_proba(hidden[None])[0, c])
    assert drops[0, 3, 4] == pytest.approx(np.mean(expected), abs=1e-6)
    # A patch over the whole image, filled with 0: one number everywhere.
    whole = occlusion(fitted_simple, X[:2], patch=8, fill=0.0)
    assert np.all(whole == whole[:, :1, :1])
    # Default patch: a quarter of the side (2), the last patch flush with the edge.
    assert occlusion(fitted_simple, X[:1]).shape == (1, 8, 8)
    assert occlusion(fitted_simple, X[:1], patch=3, stride=(2, 3)).shape == (1, 8, 8)


def test_occlusion_of_any_classifier_of_images(small_digits):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    X, y = small_digits
    flatten = FunctionTransformer(lambda images: images.reshape(len(images), -1))
    model = make_pipeline(flatten, LogisticRegression(max_iter=200)).fit(X.reshape(-1, 8, 8), y)
    drops = occlusion(model, X[:2].reshape(-1, 8, 8), patch=2)
    assert drops.shape == (2, 8, 8) and np.abs(drops).max() > 0
    with pytest.raises(ValueError, match=r"images of shape \(n, h, w\)"):
        occlusion(model, X[:2], patch=2)


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def test_unfitted_estimator():
    X = np.zeros((2, 8, 8))
    for call in (
        lambda: gradcam(CNNClassifier(), X),
        lambda: occlusion(CNNClassifier(), X),
        lambda: gradcam_layer(CNNClassifier()),
    ):
        with pytest.raises(NotFittedError):
            call()


def test_bad_layers_and_targets(fitted_simple, small_digits):
    X, _ = small_digits
    with pytest.raises(
        ValueError,
        match=r"no layer named 'conv9'.*\['simple/conv1', 'simple/conv2', 'simple/conv3'\]",
    ):
        gradcam(fitted_simple, X[:2], layer="conv9")
    with pytest.raises(
        ValueError,
        match=r"'simple/flatten' \(Flatten\) outputs shape \(None, \d+\), not spatial maps",
    ):
        gradcam(fitted_simple, X[:2], layer="flatten")
    with pytest.raises(ValueError, match=r"'simple/predictions' \(Dense\)"):
        gradcam(fitted_simple, X[:2], layer="predictions")
    with pytest.raises(TypeError, match="layer must be a layer name"):
        gradcam(fitted_simple, X[:2], layer=2)
    with pytest.raises(
        ValueError, match=r"target=11 is not among the estimator's classes \[0, 1, "
    ):
        gradcam(fitted_simple, X[:2], target=11)
    with pytest.raises(ValueError, match=r"target=11 is not among"):
        occlusion(fitted_simple, X[:2], target=[1, 11])
    with pytest.raises(ValueError, match="target has 3 labels for 2 images"):
        gradcam(fitted_simple, X[:2], target=[1, 2, 3])
    with pytest.raises(ValueError, match=r"fitted on images of shape \(8, 8, 1\)"):
        gradcam(fitted_simple, np.zeros((2, 9, 9)))


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"patch": 9}, r"patch=9 is larger than the images, which are 8x8"),
        ({"patch": 0}, "patch must be a positive int"),
        ({"patch": (2, 2, 2)}, "patch must be a positive int"),
        ({"stride": 1.5}, "stride must be a positive int"),
        ({"patch": 2, "stride": (1, 3)}, r"stride=\(1, 3\) is larger than patch \(2, 2\)"),
        ({"fill": "median"}, "fill must be 'mean' or a finite number"),
    ],
)
def test_bad_occlusion_parameters(fitted_simple, small_digits, params, match):
    X, _ = small_digits
    with pytest.raises(ValueError, match=match):
        occlusion(fitted_simple, X[:1], **params)


# --------------------------------------------------------------------------
# most_confused
# --------------------------------------------------------------------------


def test_most_confused():
    y_true = ["cat", "cat", "cat", "dog", "dog", "fox", "fox", "fox", "dog"]
    y_pred = ["dog", "dog", "cat", "cat", "dog", "dog", "cat", "fox", "fox"]
    frame = most_confused(y_true, y_pred)
    assert list(frame.columns) == ["true", "predicted", "count"]
    assert frame.to_records(index=False).tolist() == [
        ("cat", "dog", 2),
        ("dog", "cat", 1),
        ("dog", "fox", 1),
        ("fox", "cat", 1),
        ("fox", "dog", 1),
    ]
    assert frame["count"].dtype == np.int64
    assert most_confused(y_true, y_pred, min_count=2).shape == (1, 3)
    assert most_confused(y_true, y_pred, min_count=3).empty
    assert most_confused(y_true, y_true).empty
    # Every off-diagonal cell of the table, counted the same.
    from skcnn.metrics import table

    counts = table(y_true, y_pred)
    for true, pred, count in frame.itertuples(index=False):
        assert counts.loc[true, pred] == count


def test_most_confused_levels_and_ties():
    y_true = pd.Categorical(["b", "a", "b", "a"], categories=["b", "a"])
    y_pred = pd.Categorical(["a", "b", "a", "b"], categories=["b", "a"])
    # Ties keep the categories' order (b before a), not the sorted one.
    assert most_confused(y_true, y_pred).to_records(index=False).tolist() == [
        ("b", "a", 2),
        ("a", "b", 2),
    ]
    assert most_confused([1, 2, 2], [2, 1, 1], labels=[2, 1])["true"].tolist() == [2, 1]
    with pytest.raises(ValueError, match="min_count must be a positive int"):
        most_confused([1], [1], min_count=0)
    with pytest.raises(ValueError, match="different lengths"):
        most_confused([1, 2], [1])
    with pytest.raises(ValueError, match="not among the levels"):
        most_confused([1, 3], [1, 2], labels=[1, 2])


# --------------------------------------------------------------------------
# Docstrings
# --------------------------------------------------------------------------


def test_does_not_import_tensorflow():
    import subprocess
    import sys

    code = (
        "import sys, skcnn.inspection, skcnn.plotting, skcnn.metrics._interpretation; "
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules]; "
        "sys.exit(' '.join(heavy) or None)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------
# The estimator after inspection
# --------------------------------------------------------------------------


def test_the_network_still_pickles_and_saves_after_gradcam(fitted_simple, small_digits, tmp_path):
    import pickle

    X, _ = small_digits
    gradcam(fitted_simple, X[:2])  # adds the gradient model's nodes to the layers
    expected = fitted_simple.predict_proba(X[:5])
    np.testing.assert_allclose(
        pickle.loads(pickle.dumps(fitted_simple)).predict_proba(X[:5]), expected
    )
    fitted_simple.save(tmp_path / "clf.keras")
    np.testing.assert_allclose(
        CNNClassifier.load(tmp_path / "clf.keras").predict_proba(X[:5]), expected
    )
    layers = list(fitted_simple.summary()["layer"])
    assert layers[:3] == ["rescale", "resize", "augment_translation"]  # augment="auto"
    assert layers[5] == "simple/conv1"


def test_mixed_precision_and_dataframe_input(small_digits):
    X, y = small_digits
    frame = pd.DataFrame(X[:60], columns=[f"px{i}" for i in range(64)])
    clf = CNNClassifier(filters=2, epochs=1, precision="mixed_bfloat16", random_state=0)
    clf.fit(frame, y[:60])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning about feature names
        maps = gradcam(clf, frame.iloc[:3])
        drops = occlusion(clf, frame.iloc[:3], patch=4, stride=4)
    assert maps.shape == drops.shape == (3, 8, 8)
    assert np.all(np.isfinite(maps)) and maps.max() <= 1
