"""Every preset through CNNClassifier on digits' 8x8 images: small_input and
resize="auto", width scaling with ``filters``, and a grid search over it."""

import warnings

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from skcnn import CNNClassifier, get_architecture
from skcnn._training.network import minimum_shape, resize_target
from skcnn.architectures._catalog import SMALL_INPUT_MIN_SHAPES

SMALL = {"small_input": True}
VGG_SMALL = {"filters": 8, "dense_units": 16, "arch_kwargs": SMALL}

# What a user fitting 8x8 digits would write: the small-input stem where the
# preset has one, and narrow widths (the first stage's width is ``filters``).
SMOKE = {
    "simple": {},
    "lenet5": {},
    "fashion": {"filters": 8, "dense_units": 16},
    "alexnet": {"filters": 16, "dense_units": 32, "arch_kwargs": SMALL},
    **{f"vgg{d}": VGG_SMALL for d in (11, 13, 16, 19)},
    **{f"resnet{d}": {"filters": 8, "arch_kwargs": SMALL} for d in (18, 34, 50)},
    **{f"resnet{d}": {"filters": 8} for d in (20, 32, 44, 56)},
    "se_resnet50": {"filters": 8, "arch_kwargs": SMALL},
    "googlenet": {"filters": 8, "arch_kwargs": SMALL},
    "xception": {"filters": 8, "arch_kwargs": SMALL},
    "densenet121": {"filters": 8, "arch_kwargs": SMALL},
}
# The deepest variants stack their family's blocks, already fitted above, more
# times; through the estimator they cost 10-25 s each and add nothing that the
# shallower variant does not exercise. tests/architectures/test_zoo.py builds each
# of them and runs a forward pass (at its minimum input, small-input stem, widths).
DEEPER_VARIANT_OF = {
    "resnet101": "resnet50",
    "resnet152": "resnet50",
    "resnet110": "resnet56",
    "densenet169": "densenet121",
    "densenet201": "densenet121",
}

# One preset per family runs as users run it, in graph mode. The others repeat
# their family's blocks with other counts, and densenet121 is slow to trace
# (half a minute on a CPU; its graph is traced in test_export.py, where the
# ONNX export needs it); they run eagerly, which skips the 10-50 s of graph tracing
# that deep networks cost and still exercises the estimator end to end.
GRAPH = {"simple", "lenet5", "fashion", "alexnet", "vgg11", "resnet18", "googlenet", "xception"}


def smoke_params():
    params = []
    for name in SMOKE:
        if name in GRAPH:
            params.append(name)
        else:
            params.append(pytest.param(name, marks=pytest.mark.slow))
    return params


@pytest.fixture
def eager_unless_graph(request):
    """Run the non-representative presets' Keras functions eagerly."""
    import tensorflow as tf

    name = request.node.callspec.params["name"]
    eager = name not in GRAPH
    tf.config.run_functions_eagerly(eager)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Even though the `tf.config")
            yield eager
    finally:
        tf.config.run_functions_eagerly(False)


@pytest.fixture(scope="module")
def tiny_digits(digits):
    """Four images of each of the ten digits, 8x8 grayscale."""
    X, y = digits
    idx = np.concatenate([np.flatnonzero(y == k)[:4] for k in range(10)])
    return X[idx], y[idx]


def conv_widths(model):
    """Widths of the convolutions, nested models expanded, in order."""
    widths = []
    for layer in model.layers:
        if getattr(layer, "layers", None):
            widths.extend(conv_widths(layer))
        elif hasattr(layer, "filters"):
            widths.append(layer.filters)
    return widths


def first_conv_width(model):
    return conv_widths(model)[0]


def test_every_preset_has_a_smoke_test():
    from skcnn.architectures._catalog import BUILTIN_ARCHITECTURES

    builtin = {spec.name for spec in BUILTIN_ARCHITECTURES if spec.family != "keras"}
    assert set(SMOKE) | set(DEEPER_VARIANT_OF) == builtin
    assert set(DEEPER_VARIANT_OF.values()) <= set(SMOKE)


@pytest.mark.parametrize("name", smoke_params())
def test_every_preset_fits_and_predicts_digits(name, tiny_digits, eager_unless_graph):
    X, y = tiny_digits
    params = SMOKE[name]
    clf = CNNClassifier(arch=name, epochs=1, validation_split=0, random_state=0, **params)
    clf.fit(X, y)
    assert clf.predict(X).shape == (40,)
    proba = clf.predict_proba(X[:5])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert np.isfinite(clf.history_["loss"]).all()
    layers = {layer.name for layer in clf.model_.layers}
    if "arch_kwargs" in params:
        # The small-input stem takes 8x8 as it is: nothing is upsampled.
        assert "resize" not in layers
    else:
        # resize="auto" upsamples to the preset's minimum input size.
        assert ("resize" in layers) == (get_architecture(name).min_input_shape[0] > 8)
    if "filters" in params:
        assert first_conv_width(clf.model_) == params["filters"]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "size", "width"), [("alexnet", 67, 96), ("vgg16", 32, 64)])
def test_published_widths_fit_digits(name, size, width, tiny_digits):
    """The published networks, as a user would first try them: resize="auto"
    upsamples 8x8 digits to the preset's minimum input size."""
    X, y = tiny_digits
    clf = CNNClassifier(arch=name, epochs=1, validation_split=0, random_state=0).fit(X, y)
    assert clf.predict(X).shape == (40,)
    resize = clf.model_.get_layer("resize")
    assert tuple(resize.output.shape[1:3]) == (size, size)
    assert first_conv_width(clf.model_) == width


# --------------------------------------------------------------- minimum sizes
@pytest.mark.parametrize("name", sorted(SMALL_INPUT_MIN_SHAPES))
def test_small_input_selects_its_minimum(name):
    spec = get_architecture(name)
    assert spec.small_input_min_shape == SMALL_INPUT_MIN_SHAPES[name]
    assert minimum_shape(spec, {"small_input": True}) == spec.small_input_min_shape
    assert minimum_shape(spec, {}) == spec.min_input_shape
    assert minimum_shape(spec, {"small_input": False}) == spec.min_input_shape


@pytest.mark.parametrize(
    ("name", "image", "small_input", "expected"),
    [
        ("densenet121", (8, 8, 1), False, (29, 29)),
        ("densenet121", (8, 8, 1), True, None),
        ("densenet121", (6, 6, 1), True, (8, 8)),
        ("alexnet", (28, 28, 1), False, (67, 67)),
        ("alexnet", (28, 28, 1), True, None),
        ("alexnet", (5, 6, 3), True, (7, 7)),
        ("vgg16", (8, 8, 1), False, (32, 32)),
        ("vgg16", (8, 8, 1), True, None),
        ("xception", (28, 28, 1), False, None),
        ("fashion", (8, 8, 1), False, None),
        ("lenet5", (8, 8, 1), False, (32, 32)),
    ],
)
def test_resize_auto_uses_the_right_minimum(name, image, small_input, expected):
    spec = get_architecture(name)
    minimum = minimum_shape(spec, {"small_input": small_input})
    assert resize_target(image, "auto", minimum) == expected
    assert resize_target(image, None, minimum) is None


def test_imagenet_minimum_is_kerass():
    # weights="imagenet" on resnet50 builds keras.applications.ResNet50 (>= 32x32);
    # on a preset that is the Keras network, the preset's own minimum holds.
    assert minimum_shape(get_architecture("resnet50"), {}, imagenet=True) == (32, 32, 1)
    assert minimum_shape(get_architecture("resnet50"), {}) == (1, 1, 1)
    vgg16 = get_architecture("vgg16")
    assert minimum_shape(vgg16, {"small_input": True}, imagenet=True) == (1, 1, 1)
    assert minimum_shape(get_architecture("keras.Xception"), {}, imagenet=True) == (71, 71, 1)


def test_too_small_without_resize_suggests_small_input(tiny_digits):
    X, y = tiny_digits
    clf = CNNClassifier(arch="densenet121", filters=8, resize=None, epochs=1)
    with pytest.raises(ValueError, match=r"small_input': True\} \(down to \(8, 8\)\)"):
        clf.fit(X, y)


# ---------------------------------------------------------------------- filters
def test_grid_search_over_filters(tiny_digits):
    X, y = tiny_digits
    search = GridSearchCV(
        CNNClassifier(arch="fashion", dense_units=16, epochs=1, validation_split=0, random_state=0),
        {"filters": [4, 8]},
        cv=2,
    )
    search.fit(X, y)
    assert search.best_params_["filters"] in (4, 8)
    assert len(search.cv_results_["mean_test_score"]) == 2
    best = search.best_estimator_
    assert first_conv_width(best.model_) == best.filters
    f = best.filters
    assert conv_widths(best.model_) == [f, 2 * f, 2 * f, 4 * f, 4 * f]
