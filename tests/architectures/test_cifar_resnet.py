"""The CIFAR-10 ResNets of He et al. (2016), section 4.2: resnet20 ... resnet110.

Parameter counts are checked three ways: against the paper's table 6 at its
rounding, against the exact counts recorded in the catalog, and against a count
made by hand from the architecture below.
"""

import subprocess
import sys

import keras
import numpy as np
import pytest

from skcnn import CNNClassifier, get_architecture, list_architectures

# depth: (n, the paper's table 6 "# params", at the paper's rounding).
PAPER = {20: (3, "0.27M"), 32: (5, "0.46M"), 44: (7, "0.66M"), 56: (9, "0.85M"), 110: (18, "1.7M")}
NAMES = [f"resnet{depth}" for depth in PAPER]

# The exact counts at 32x32x3 with 10 classes: trainable, and in all (with the
# batch-normalization moving means and variances).
EXACT = {
    "resnet20": (269_722, 271_098),
    "resnet32": (464_154, 466_426),
    "resnet44": (658_586, 661_754),
    "resnet56": (853_018, 857_082),
    "resnet110": (1_727_962, 1_736_058),
}


def trainable_by_hand(n, widths=(16, 32, 64), k=3, channels=3, n_classes=10):
    """conv1 3x3 (no bias) + BN (gamma, beta); then per block two k x k convs
    and two BNs; option-A shortcuts add nothing; then the dense softmax layer.

    With the paper's widths, stage by stage (n blocks each):
    conv1 9*3*16 + 2*16 = 464;
    16 wide: n * (2*9*16*16 + 4*16) = 4672 n;
    32 wide: (9*16*32 + 9*32*32 + 4*32) + (n-1) * (2*9*32*32 + 4*32) = 13952 + 18560 (n-1);
    64 wide: (9*32*64 + 9*64*64 + 4*64) + (n-1) * (2*9*64*64 + 4*64) = 55552 + 73984 (n-1);
    dense 64*10 + 10 = 650.
    In all 97216 n - 21926: 269,722 for n = 3 (0.27M) ... 1,727,962 for n = 18 (1.7M).
    """
    total = 9 * channels * widths[0] + 2 * widths[0]
    c_in = widths[0]
    for width in widths:
        for _ in range(n):
            total += k * k * c_in * width + k * k * width * width + 4 * width
            c_in = width
    return total + c_in * n_classes + n_classes


def moving_stats_by_hand(n, widths=(16, 32, 64)):
    """Each BN layer's moving mean and variance: conv1's, and two per block."""
    return 2 * widths[0] + sum(4 * width * n for width in widths)


def trainable_count(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def build(name, input_shape=(32, 32, 3), n_classes=10, **kwargs):
    return get_architecture(name).load()(input_shape, n_classes, **kwargs)


@pytest.fixture(autouse=True)
def _fresh_session():
    yield
    keras.backend.clear_session(free_memory=False)


@pytest.fixture(scope="module")
def resnet20():
    return build("resnet20")


# --- counts and catalog (no Keras) -------------------------------------------------


def test_hand_counts_are_the_papers():
    assert 97_216 * 3 - 21_926 == trainable_by_hand(3)  # the docstring's closed form
    for depth, (n, paper) in PAPER.items():
        trainable, total = EXACT[f"resnet{depth}"]
        assert trainable_by_hand(n) == trainable
        assert trainable + moving_stats_by_hand(n) == total
        digits = 1 if paper == "1.7M" else 2
        assert f"{round(trainable / 1e6, digits)}M" == paper, depth


def test_listed_with_metadata_without_importing_keras():
    code = (
        "import sys; from skcnn import list_architectures; t = list_architectures();"
        f"print(t.loc[{NAMES!r}, ['params', 'trainable_params']].to_numpy().tolist());"
        "print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    counts, imported = out.stdout.strip().splitlines()
    assert counts == str([[total, trainable] for trainable, total in EXACT.values()])
    assert imported == "False False"
    table = list_architectures()
    for name in NAMES:
        row = table.loc[name]
        assert row["family"] == "resnet"
        assert row["paper"] == "He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition"
        assert row["year"] == 2016
        assert row["default_input_shape"] == (32, 32, 3)
        assert row["min_input_shape"] == (1, 1, 1)
        assert row["small_input_min_shape"] is None  # the stem is already CIFAR's
        assert row["default_classes"] == 10
        assert (row["trainable_params"], row["params"]) == EXACT[name]
        assert len(row["description"]) <= 90


# --- the built networks ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_builds_at_32x32x3_with_the_papers_counts(name):
    depth = int(name.removeprefix("resnet"))
    n, _ = PAPER[depth]
    model = build(name)
    assert model.name == name
    assert model.output_shape == (None, 10)
    assert (trainable_count(model), model.count_params()) == EXACT[name]
    weighted = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert len(weighted) + 1 == depth == 6 * n + 2  # + the dense softmax layer
    assert all(conv.kernel_size == (3, 3) and not conv.use_bias for conv in weighted)
    assert model.get_layer(f"conv4_block{n}_out").output.shape == (None, 8, 8, 64)
    assert model.get_layer("predictions").activation.__name__ == "softmax"


def test_stages_read_like_the_paper(resnet20):
    conv = {
        layer.name: layer for layer in resnet20.layers if isinstance(layer, keras.layers.Conv2D)
    }
    assert conv["conv1_conv"].filters == 16 and conv["conv1_conv"].strides == (1, 1)
    for stage, (width, size) in enumerate([(16, 32), (32, 16), (64, 8)], start=2):
        first = conv[f"conv{stage}_block1_1_conv"]
        assert first.filters == width and first.strides == ((1, 1) if stage == 2 else (2, 2))
        for block in (1, 2, 3):
            out = resnet20.get_layer(f"conv{stage}_block{block}_out").output
            assert out.shape == (None, size, size, width)
    assert "conv2_block4_1_conv" not in conv
    x = np.random.default_rng(0).random((2, 32, 32, 3), dtype="float32")
    proba = keras.ops.convert_to_numpy(resnet20(x, training=False))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)


def test_option_a_shortcuts_have_no_weights(resnet20):
    # Only the stage transitions change the shape; no 1x1 projection anywhere.
    convs = [layer for layer in resnet20.layers if isinstance(layer, keras.layers.Conv2D)]
    assert all(conv.kernel_size == (3, 3) for conv in convs)
    shortcut_layers = [layer for layer in resnet20.layers if "_0_" in layer.name]
    assert sorted(layer.name for layer in shortcut_layers) == [
        "conv3_block1_0_pad",
        "conv3_block1_0_pool",
        "conv4_block1_0_pad",
        "conv4_block1_0_pool",
    ]
    assert all(not layer.weights and layer.count_params() == 0 for layer in shortcut_layers)
    # Identity blocks add their input itself.
    add = resnet20.get_layer("conv2_block2_add")
    assert add.input[0] is resnet20.get_layer("conv2_block1_out").output


def test_option_a_shortcut_subsamples_and_zero_pads(resnet20):
    """The shortcut is x[:, ::2, ::2, :] with zeros as the 16 new channels."""
    probe = keras.Model(
        resnet20.input,
        [
            resnet20.get_layer("conv2_block3_out").output,
            resnet20.get_layer("conv3_block1_0_pad").output,
        ],
    )
    x = np.random.default_rng(1).random((2, 32, 32, 3), dtype="float32")
    before, shortcut = (keras.ops.convert_to_numpy(t) for t in probe(x, training=False))
    assert shortcut.shape == (2, 16, 16, 32)
    np.testing.assert_array_equal(shortcut[..., :16], before[:, ::2, ::2, :])
    np.testing.assert_array_equal(shortcut[..., 16:], 0.0)
    assert np.abs(before).max() > 0  # the check compares real activations


@pytest.mark.parametrize("shape", [(1, 1, 1), (7, 7, 3), (9, 13, 1)])
def test_odd_and_minimum_sizes_build(shape):
    # The shortcut's 1x1/2 pool samples the grid the "same" stride-2 conv does.
    model = build("resnet20", shape, 3, filters=4)
    x = np.random.default_rng(0).random((2, *shape), dtype="float32")
    assert keras.ops.convert_to_numpy(model(x, training=False)).shape == (2, 3)


# --- hyper-parameters --------------------------------------------------------------


def _widths(model):
    return {layer.name: layer.filters for layer in model.layers if hasattr(layer, "filters")}


def test_int_filters_scale_the_three_stages():
    widths = _widths(build("resnet20", filters=8))
    assert widths["conv1_conv"] == 8
    assert [widths[f"conv{s}_block3_2_conv"] for s in (2, 3, 4)] == [8, 16, 32]
    model = build("resnet32", filters=4)
    assert trainable_count(model) == trainable_by_hand(5, widths=(4, 8, 16))


def test_tuple_filters_set_each_stage():
    model = build("resnet44", filters=(4, 6, 10))
    widths = _widths(model)
    assert widths["conv1_conv"] == 4
    assert [widths[f"conv{s}_block7_2_conv"] for s in (2, 3, 4)] == [4, 6, 10]
    assert model.get_layer("conv3_block1_0_pad").output.shape[-1] == 6
    assert trainable_count(model) == trainable_by_hand(7, widths=(4, 6, 10))
    # Equal widths: the stride-2 shortcut subsamples and pads nothing.
    flat = build("resnet20", filters=(8, 8, 8))
    names = {layer.name for layer in flat.layers}
    assert "conv3_block1_0_pool" in names and "conv3_block1_0_pad" not in names


def test_filters_errors():
    with pytest.raises(ValueError, match=r"3 convolution stages.*Pass 3 widths"):
        build("resnet20", filters=(16, 32, 64, 128))
    with pytest.raises(ValueError, match=r"filters=\(32, 16, 64\).*shrink.*non-decreasing"):
        build("resnet20", filters=(32, 16, 64))
    with pytest.raises(ValueError, match="filters must be >= 1"):
        build("resnet20", filters=0)


def test_kernel_size_and_dropout():
    model = build("resnet20", kernel_size=5, dropout=0.3, filters=4)
    assert model.get_layer("conv1_conv").kernel_size == (3, 3)
    assert model.get_layer("conv4_block3_2_conv").kernel_size == (5, 5)
    assert model.get_layer("top_dropout").rate == 0.3
    assert trainable_count(model) == trainable_by_hand(3, widths=(4, 8, 16), k=5)
    assert "top_dropout" not in {layer.name for layer in build("resnet20", filters=4).layers}
    with pytest.raises(ValueError, match="dropout"):
        build("resnet20", dropout=1.5)


# --- saving and training -----------------------------------------------------------


def test_keras_save_and_load_round_trip(tmp_path):
    model = build("resnet56", (8, 8, 3), 4, filters=4)
    path = str(tmp_path / "resnet56.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.count_params() == model.count_params()
    assert isinstance(loaded.get_layer("conv3_block1_0_pad"), keras.layers.ZeroPadding2D)
    x = np.random.default_rng(0).random((3, 8, 8, 3), dtype="float32")
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(loaded(x, training=False)),
        keras.ops.convert_to_numpy(model(x, training=False)),
    )


def test_cnnclassifier_fits_saves_and_loads(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, size=(12, 32, 32, 3), dtype=np.uint8)
    y = np.array(["cat", "dog", "ship"] * 4)
    clf = CNNClassifier(arch="resnet20", epochs=1, batch_size=6, validation_split=0)
    clf.set_params(random_state=0).fit(X, y)
    assert np.isfinite(clf.history_["loss"]).all()
    assert set(clf.predict(X)) <= {"cat", "dog", "ship"}
    body = clf.model_.layers[-1]
    assert body.name == "resnet20" and trainable_count(body) == 269_722 - 64 * 7 - 7
    path = str(tmp_path / "clf.keras")
    clf.save(path)
    loaded = CNNClassifier.load(path)
    np.testing.assert_allclose(loaded.predict_proba(X), clf.predict_proba(X), rtol=1e-6)
