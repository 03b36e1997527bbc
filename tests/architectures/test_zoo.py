"""Tests for the preset zoo: published parameter counts, catalog metadata, minimum
input sizes, width scaling and weight compatibility with keras.applications."""

import gc
import inspect

import keras
import numpy as np
import pytest

from skcnn.architectures import get_architecture, list_architectures
from skcnn.architectures._catalog import SMALL_INPUT_MIN_SHAPES

# The published counts: "total" is model.count_params(); "trainable" leaves out
# the batch-normalization moving statistics, as the papers and torchvision do.
PUBLISHED = {
    "alexnet": ("total", 60_965_224),
    "vgg11": ("total", 132_863_336),
    "vgg13": ("total", 133_047_848),
    "vgg16": ("total", 138_357_544),
    "vgg19": ("total", 143_667_240),
    "resnet18": ("trainable", 11_689_512),
    "resnet34": ("trainable", 21_797_672),
    "resnet50": ("trainable", 25_557_032),
    "resnet101": ("trainable", 44_549_160),
    "resnet152": ("trainable", 60_192_808),
    "googlenet": ("total", None),  # computed from the paper's table below
    "xception": ("total", 22_910_480),
    "se_resnet50": ("trainable", 28_088_024),
    "densenet121": ("trainable", 7_978_856),
    "densenet169": ("trainable", 14_149_480),
    "densenet201": ("trainable", 20_013_928),
    "fashion": ("total", 1_413_834),
}
ZOO = list(PUBLISHED)

# The deepest variants repeat their family's shape logic: their size-only tests
# (everything but the parameter counts) are marked slow.
DEEP = {"resnet101", "resnet152", "densenet169", "densenet201"}


def zoo(names=ZOO):
    return [pytest.param(n, marks=pytest.mark.slow) if n in DEEP else n for n in names]


FAMILIES = {
    "alexnet": "alexnet",
    "vgg11": "vgg",
    "vgg13": "vgg",
    "vgg16": "vgg",
    "vgg19": "vgg",
    "resnet18": "resnet",
    "resnet34": "resnet",
    "resnet50": "resnet",
    "resnet101": "resnet",
    "resnet152": "resnet",
    "googlenet": "inception",
    "xception": "xception",
    "se_resnet50": "senet",
    "densenet121": "densenet",
    "densenet169": "densenet",
    "densenet201": "densenet",
    "fashion": "fashion",
}

# Stages that ``filters`` sets one by one.
N_STAGES = {
    "alexnet": 5,
    "vgg": 5,
    "resnet": 4,
    "inception": 5,
    "xception": 8,
    "senet": 4,
    "densenet": 5,
    "fashion": 3,
}

# GoogLeNet's table 1: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
GOOGLENET_TABLE = [
    (64, 96, 128, 16, 32, 32),
    (128, 128, 192, 32, 96, 64),
    (192, 96, 208, 16, 48, 64),
    (160, 112, 224, 24, 64, 64),
    (128, 128, 256, 24, 64, 64),
    (112, 144, 288, 32, 64, 64),
    (256, 160, 320, 32, 128, 128),
    (256, 160, 320, 32, 128, 128),
    (384, 192, 384, 48, 128, 128),
]


def conv_params(k, c_in, c_out, bias=True):
    return k * k * c_in * c_out + (c_out if bias else 0)


def googlenet_params_from_table(n_classes=1000):
    """Weights and biases of every row of table 1, counted by hand."""
    total = conv_params(7, 3, 64) + conv_params(1, 64, 64) + conv_params(3, 64, 192)
    channels = 192
    for n1, n3r, n3, n5r, n5, proj in GOOGLENET_TABLE:
        total += conv_params(1, channels, n1)
        total += conv_params(1, channels, n3r) + conv_params(3, n3r, n3)
        total += conv_params(1, channels, n5r) + conv_params(5, n5r, n5)
        total += conv_params(1, channels, proj)
        channels = n1 + n3 + n5 + proj
    assert channels == 1024
    return total + channels * n_classes + n_classes


def resnet_trainable_by_hand(blocks, bottleneck, preact, n_classes=1000):
    """Trainable weights of a ResNet: bias-free convolutions and BN (gamma, beta)."""
    total = conv_params(7, 3, 64, bias=False) + (0 if preact else 2 * 64)
    channels = 64
    for stage, (width, n_blocks) in enumerate(zip((64, 128, 256, 512), blocks, strict=True)):
        out = 4 * width if bottleneck else width
        for i in range(n_blocks):
            if bottleneck:
                convs = [(1, channels, width), (3, width, width), (1, width, out)]
            else:
                convs = [(3, channels, width), (3, width, width)]
            total += sum(conv_params(*c, bias=False) for c in convs)
            if i == 0 and (stage > 0 or channels != out):  # projection shortcut
                total += channels * out + (0 if preact else 2 * out)
            if preact:  # BN before every convolution
                total += 2 * channels + sum(2 * c_out for _, _, c_out in convs[:-1])
            else:  # BN after every convolution
                total += sum(2 * c_out for _, _, c_out in convs)
            channels = out
    if preact:
        total += 2 * channels  # post_bn
    return total + channels * n_classes + n_classes


def trainable_count(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def build(name, input_shape=None, n_classes=None, **kwargs):
    spec = get_architecture(name)
    return spec.load()(
        input_shape or spec.default_input_shape, n_classes or spec.default_classes, **kwargs
    )


def conv_widths(model):
    return {
        layer.name: layer.filters
        for layer in model.layers
        if isinstance(layer, keras.layers.Conv2D | keras.layers.SeparableConv2D)
    }


@pytest.fixture(autouse=True)
def _fresh_session():
    yield
    keras.backend.clear_session(free_memory=False)  # the full collection takes ~0.5 s


@pytest.fixture
def free_memory():
    """Collect the garbage after a test that builds full-size models (VGG: 0.5 GB)."""
    yield
    gc.collect()


# The keywords each builder accepts besides (input_shape, n_classes): the
# estimator passes filters/kernel_size/dense_units/dropout only when set, and
# arch_kwargs as given; anything else is a TypeError.
KEYWORDS = {
    "alexnet": {"filters", "dense_units", "dropout", "groups", "small_input"},
    "vgg": {"filters", "kernel_size", "dense_units", "dropout", "small_input", "include_top"},
    "resnet": {"filters", "kernel_size", "dropout", "preact", "small_input"},
    "inception": {"filters", "dropout", "small_input"},
    "xception": {"filters", "dropout", "middle_blocks", "small_input", "include_top"},
    "senet": {"filters", "kernel_size", "dropout", "se_ratio", "preact", "small_input"},
    "densenet": {"filters", "dropout", "compression", "small_input", "include_top"},
    "fashion": {"filters", "dense_units", "dropout"},
}


@pytest.mark.parametrize("name", ZOO)
def test_builder_signature(name):
    builder = get_architecture(name).load()
    params = inspect.signature(builder).parameters
    assert list(params)[:2] == ["input_shape", "n_classes"]
    keywords = {p for p, v in params.items() if v.kind is inspect.Parameter.KEYWORD_ONLY}
    assert keywords == KEYWORDS[FAMILIES[name]]
    assert all(params[k].default in (None, False) for k in ("filters", "dropout"))
    if "include_top" in keywords:
        assert params["include_top"].default is True
    assert "Parameters" in builder.__doc__ and "Returns" in builder.__doc__


# --- published sizes ---------------------------------------------------------------


@pytest.mark.parametrize("name", ZOO)
def test_published_parameter_count(name, free_memory):
    model = build(name)
    kind, published = PUBLISHED[name]
    if name == "googlenet":
        published = googlenet_params_from_table()
    count = model.count_params() if kind == "total" else trainable_count(model)
    assert count == published
    # The catalog records both: params is model.count_params() at the default
    # size, trainable_params the part the optimizer updates.
    spec = get_architecture(name)
    assert model.count_params() == spec.params
    assert trainable_count(model) == spec.trainable_params
    assert (spec.trainable_params < spec.params) == (kind == "trainable" or name == "xception")
    assert model.output_shape == (None, get_architecture(name).default_classes)


def test_googlenet_count_is_the_tables():
    assert googlenet_params_from_table() == 6_998_552  # the table's "6.8M" in units of 1024


@pytest.mark.parametrize(
    ("name", "blocks", "bottleneck"),
    [("resnet18", (2, 2, 2, 2), False), ("resnet50", (3, 4, 6, 3), True)],
)
@pytest.mark.parametrize("preact", [False, True])
def test_resnet_counts_by_hand(name, blocks, bottleneck, preact, free_memory):
    model = build(name, preact=preact)
    assert trainable_count(model) == resnet_trainable_by_hand(blocks, bottleneck, preact)


def test_preact_resnet_structure():
    model = build("resnet18", (32, 32, 3), 10, preact=True)
    names = [layer.name for layer in model.layers]
    assert "conv1_bn" not in names and "post_bn" in names
    assert isinstance(model.get_layer("conv2_block1_out"), keras.layers.Add)
    assert "conv2_block1_preact_bn" in names and "conv3_block1_0_conv" in names
    assert "conv3_block1_0_bn" not in names


def test_se_resnet50_has_an_se_layer_per_block():
    from skcnn.layers import SqueezeExcite

    model = build("se_resnet50", (32, 32, 3), 10, filters=8)
    se = [layer for layer in model.layers if isinstance(layer, SqueezeExcite)]
    assert len(se) == 3 + 4 + 6 + 3
    assert model.get_layer("conv5_block3_se").ratio == 16


def test_alexnet_grouped_convolutions(free_memory):
    model = build("alexnet")
    assert [model.get_layer(f"conv{i}").groups for i in range(1, 6)] == [1, 2, 1, 2, 2]
    assert model.get_layer("flatten").output.shape[-1] == 6 * 6 * 256
    assert build("alexnet", groups=1).count_params() == 62_378_344
    with pytest.raises(ValueError, match="divisible by groups=2"):
        build("alexnet", (67, 67, 3), 10, filters=(95, 256, 384, 384, 256))


# --- catalog -------------------------------------------------------------------------


def test_catalog_lists_every_preset():
    table = list_architectures()
    assert set(ZOO) <= set(table.index)
    assert table.loc["simple", "params"] == 93_322  # the lead's entries are untouched
    for name in ZOO:
        row = table.loc[name]
        assert row["family"] == FAMILIES[name]
        assert isinstance(row["paper"], str) and row["paper"]
        assert 2012 <= row["year"] <= 2019
        assert row["description"]
        assert len(row["description"]) <= 90
        assert row["default_classes"] == (10 if name == "fashion" else 1000)
        assert len(row["min_input_shape"]) == 3 and row["min_input_shape"][2] == 1
        default = row["default_input_shape"]
        assert all(d >= m for d, m in zip(default, row["min_input_shape"], strict=True))
    assert table.loc["alexnet", "default_input_shape"] == (227, 227, 3)
    assert table.loc["xception", "default_input_shape"] == (299, 299, 3)
    assert table.loc["fashion", "default_input_shape"] == (28, 28, 1)
    assert set(SMALL_INPUT_MIN_SHAPES) == set(ZOO) - {"fashion"}
    for name, shape in SMALL_INPUT_MIN_SHAPES.items():
        assert table.loc[name, "small_input_min_shape"] == shape
    assert table.loc["fashion", "small_input_min_shape"] is None


def test_catalog_params_are_total_and_trainable_params_the_papers():
    table = list_architectures()
    for name, (kind, published) in PUBLISHED.items():
        if published is None:
            continue
        column = "params" if kind == "total" else "trainable_params"
        assert table.loc[name, column] == published, name
    # The trainable counts for the batch-normalization networks, and their totals.
    assert table.loc["resnet50", "trainable_params"] == 25_557_032
    assert table.loc["resnet50", "params"] == 25_610_152
    assert table.loc["densenet121", "trainable_params"] == 7_978_856
    assert table.loc["densenet121", "params"] == 8_062_504
    assert table.loc["se_resnet50", "trainable_params"] == 28_088_024
    assert table.loc["se_resnet50", "params"] == 28_141_144
    assert table.loc["xception", "params"] == 22_910_480
    assert table.loc["xception", "trainable_params"] == 22_855_952
    no_bn = ["alexnet", "vgg11", "vgg16", "googlenet", "fashion", "simple", "lenet5"]
    assert (table.loc[no_bn, "params"] == table.loc[no_bn, "trainable_params"]).all()


# --- minimum input sizes -------------------------------------------------------------


def _predicts(model, shape, n_classes=3):
    x = np.random.default_rng(0).random((2, *shape), dtype="float32")
    proba = keras.ops.convert_to_numpy(model(x, training=False))
    assert proba.shape == (2, n_classes)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)


def _smaller(shape):
    return (shape[0] - 1, shape[1] - 1, shape[2])


@pytest.mark.parametrize("name", zoo())
def test_builds_and_predicts_at_min_input_shape(name):
    shape = get_architecture(name).min_input_shape
    _predicts(build(name, shape, 3), shape)


@pytest.mark.parametrize("name", ["alexnet", "vgg11", "xception", "densenet121", "fashion"])
def test_min_input_shape_is_tight(name):
    with pytest.raises(ValueError):
        build(name, _smaller(get_architecture(name).min_input_shape), 3)


@pytest.mark.parametrize("name", zoo(sorted(SMALL_INPUT_MIN_SHAPES)))
def test_small_input_builds_at_its_min_shape(name):
    shape = SMALL_INPUT_MIN_SHAPES[name]
    _predicts(build(name, shape, 3, small_input=True, filters=8), shape)


@pytest.mark.parametrize("name", ["alexnet", "densenet121"])
def test_small_input_min_shape_is_tight(name):
    with pytest.raises(ValueError):
        build(name, _smaller(SMALL_INPUT_MIN_SHAPES[name]), 3, small_input=True, filters=8)


@pytest.mark.parametrize(
    ("name", "layer", "size"),
    [
        ("alexnet", "flatten", 6 * 6 * 256),  # the paper's 6x6 at fc6
        ("vgg16", "flatten", 512),
        ("resnet18", "conv5_block2_out", 4),
        ("googlenet", "inception_5b_output", 4),
        ("xception", "block14_sepconv2_act", 2),
        ("densenet121", "relu", 3),
    ],
)
def test_small_input_keeps_28x28_resolution(name, layer, size):
    model = build(name, (28, 28, 1), 10, small_input=True)
    shape = model.get_layer(layer).output.shape
    assert (shape[-1] if layer == "flatten" else shape[1]) == size


# --- filters ----------------------------------------------------------------------


def _small_shape(name):
    return SMALL_INPUT_MIN_SHAPES.get(name, get_architecture(name).min_input_shape)


def _small_kwargs(name):
    return {"small_input": True} if name in SMALL_INPUT_MIN_SHAPES else {}


@pytest.mark.parametrize("name", zoo())
def test_int_filters_scale_every_width(name):
    shape = (32, 32, 1)
    narrow = conv_widths(build(name, shape, 3, filters=8, **_small_kwargs(name)))
    wide = conv_widths(build(name, shape, 3, filters=16, **_small_kwargs(name)))
    assert narrow.keys() == wide.keys() and narrow
    first = next(iter(narrow))
    assert narrow[first] == 8 and wide[first] == 16
    for layer, width in narrow.items():
        assert abs(wide[layer] - 2 * width) <= 2, layer


@pytest.mark.parametrize("name", zoo())
def test_tuple_filters(name):
    n_stages = N_STAGES[FAMILIES[name]]
    widths = tuple(2 * (i + 2) for i in range(n_stages))
    model = build(name, _small_shape(name), 3, filters=widths, **_small_kwargs(name))
    assert next(iter(conv_widths(model).values())) == widths[0]
    with pytest.raises(ValueError, match=f"{n_stages} widths"):
        build(name, _small_shape(name), 3, filters=widths[:-1], **_small_kwargs(name))


def test_tuple_filters_reach_each_stage():
    vgg = conv_widths(build("vgg11", (32, 32, 1), 3, filters=(2, 4, 6, 8, 10)))
    assert [vgg[f"block{i}_conv1"] for i in range(1, 6)] == [2, 4, 6, 8, 10]
    resnet = conv_widths(build("resnet50", (8, 8, 1), 3, filters=(2, 4, 6, 8)))
    assert [resnet[f"conv{s}_block1_3_conv"] for s in range(2, 6)] == [8, 16, 24, 32]
    densenet = conv_widths(build("densenet121", (32, 32, 1), 3, filters=(6, 2, 3, 4, 5)))
    assert densenet["conv1_conv"] == 6
    assert [densenet[f"conv{s}_block1_2_conv"] for s in range(2, 6)] == [2, 3, 4, 5]


# --- keras.applications weight compatibility ---------------------------------------


@pytest.mark.parametrize(
    ("name", "application"),
    [("xception", "Xception"), ("densenet121", "DenseNet121"), ("vgg16", "VGG16")],
)
def test_same_weights_as_keras_applications(name, application, free_memory):
    ours = build(name)
    theirs = getattr(keras.applications, application)(weights=None)
    ours.set_weights(theirs.get_weights())
    ours_named = [layer.name for layer in ours.layers if layer.weights]
    theirs_named = [layer.name for layer in theirs.layers if layer.weights]
    renamed = [(a, b) for a, b in zip(ours_named, theirs_named, strict=True) if a != b]
    # Only Xception's four unnamed residual projections (conv + BN) differ.
    assert len(renamed) == (8 if name == "xception" else 0)
    assert all(a.endswith(("_residual_conv", "_residual_bn")) for a, _ in renamed)
    x = np.random.default_rng(0).random((1, *ours.input_shape[1:]), dtype="float32")
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(ours(x, training=False)),
        keras.ops.convert_to_numpy(theirs(x, training=False)),
        rtol=1e-4,
        atol=1e-6,
    )


@pytest.mark.parametrize(
    ("name", "application", "shape"),
    [
        ("vgg16", "VGG16", (32, 32, 3)),
        ("densenet121", "DenseNet121", (32, 32, 3)),
        ("xception", "Xception", (71, 71, 3)),
    ],
)
def test_include_top_false_is_the_keras_base(name, application, shape):
    ours = build(name, shape, 10, include_top=False)
    theirs = getattr(keras.applications, application)(
        weights=None, include_top=False, input_shape=shape
    )
    assert ours.count_params() == theirs.count_params()
    assert ours.output_shape == theirs.output_shape
    ours.set_weights(theirs.get_weights())
    x = np.random.default_rng(0).random((1, *shape), dtype="float32")
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(ours(x, training=False)),
        keras.ops.convert_to_numpy(theirs(x, training=False)),
        rtol=1e-4,
        atol=1e-5,
    )


# --- training ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alexnet", "se_resnet50", "googlenet"])
def test_tiny_fit(name):
    model = build(name, (8, 8, 1), 3, filters=8, small_input=True)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.random.default_rng(0).random((4, 8, 8, 1), dtype="float32")
    history = model.fit(x, np.array([0, 1, 2, 0]), epochs=1, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"][0])
