"""Tests for skcnn.layers: numerics against references, config and .keras round trips."""

import ast
import inspect

import keras
import numpy as np
import pytest

from skcnn import layers as sk_layers
from skcnn.layers import DepthwiseMaxPooling2D, LocalResponseNormalization, SqueezeExcite

tf = pytest.importorskip("tensorflow")


@pytest.fixture
def images():
    return np.random.default_rng(0).normal(size=(2, 5, 4, 12)).astype("float32")


# --- LocalResponseNormalization ------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {},  # AlexNet: n=5, k=2, alpha=1e-4, beta=0.75
        {"depth_radius": 1, "bias": 1.0, "alpha": 0.5, "beta": 0.6},
        {"depth_radius": 7, "bias": 0.5, "alpha": 0.1, "beta": 1.0},  # window wider than C
        {"depth_radius": 0, "bias": 1.0, "alpha": 1.0, "beta": 0.5},
    ],
)
def test_lrn_matches_tf_nn(images, kwargs):
    layer = LocalResponseNormalization(**kwargs)
    full = {"depth_radius": 2, "bias": 2.0, "alpha": 1e-4, "beta": 0.75, **kwargs}
    expected = tf.nn.local_response_normalization(images, **full).numpy()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(images)), expected, rtol=1e-5)


def test_lrn_follows_the_paper_formula(images):
    layer = LocalResponseNormalization(depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75)
    x = images * 30  # large enough for the normalization to matter
    out = keras.ops.convert_to_numpy(layer(x))
    n_channels = x.shape[-1]
    for c in (0, 5, n_channels - 1):
        window = x[..., max(0, c - 2) : min(n_channels, c + 3)]
        expected = x[..., c] / (2.0 + 1e-4 * (window**2).sum(-1)) ** 0.75
        np.testing.assert_allclose(out[..., c], expected, rtol=1e-5)


def test_lrn_rejects_negative_radius():
    with pytest.raises(ValueError, match="depth_radius"):
        LocalResponseNormalization(depth_radius=-1)


# --- DepthwiseMaxPooling2D -----------------------------------------------------------


@pytest.mark.parametrize("pool_size", [1, 2, 3, 4, 12])
def test_depthwise_max_pool_matches_numpy(images, pool_size):
    out = keras.ops.convert_to_numpy(DepthwiseMaxPooling2D(pool_size)(images))
    n, h, w, c = images.shape
    expected = images.reshape(n, h, w, c // pool_size, pool_size).max(axis=-1)
    np.testing.assert_array_equal(out, expected)


def test_depthwise_max_pool_shapes():
    layer = DepthwiseMaxPooling2D(3)
    assert layer.compute_output_shape((None, 7, 5, 12)) == (None, 7, 5, 4)
    inputs = keras.Input(shape=(None, None, 12))
    assert tuple(layer(inputs).shape) == (None, None, None, 4)


def test_depthwise_max_pool_rejects_indivisible_channels(images):
    with pytest.raises(ValueError, match="divisible by 5"):
        DepthwiseMaxPooling2D(5)(images)
    with pytest.raises(ValueError, match="pool_size"):
        DepthwiseMaxPooling2D(0)


# --- SqueezeExcite -------------------------------------------------------------------


def test_squeeze_excite_matches_hand_computation(images):
    layer = SqueezeExcite(ratio=4)
    out = keras.ops.convert_to_numpy(layer(images))
    w1, b1, w2, b2 = (keras.ops.convert_to_numpy(w) for w in layer.weights)
    assert (w1.shape, w2.shape) == ((12, 3), (3, 12))
    squeezed = images.mean(axis=(1, 2))
    hidden = np.maximum(squeezed @ w1 + b1, 0.0)
    scale = 1.0 / (1.0 + np.exp(-(hidden @ w2 + b2)))
    np.testing.assert_allclose(out, images * scale[:, None, None, :], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("channels", "ratio", "hidden"), [(256, 16, 16), (12, 16, 1)])
def test_squeeze_excite_parameter_count(channels, ratio, hidden):
    layer = SqueezeExcite(ratio)
    layer.build((None, 4, 4, channels))
    assert layer.count_params() == 2 * channels * hidden + hidden + channels
    assert layer.compute_output_shape((None, 4, 4, channels)) == (None, 4, 4, channels)


def test_squeeze_excite_rejects_bad_ratio():
    with pytest.raises(ValueError, match="ratio"):
        SqueezeExcite(ratio=0)


# --- serialization -------------------------------------------------------------------


@pytest.mark.parametrize(
    "layer",
    [
        LocalResponseNormalization(depth_radius=3, bias=1.0, alpha=2e-5, beta=0.5, name="n"),
        DepthwiseMaxPooling2D(4, name="d"),
        SqueezeExcite(ratio=8, name="s"),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_get_config_round_trip(layer):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    assert keras.layers.deserialize(keras.layers.serialize(layer)).get_config() == config


def test_model_with_every_layer_saves_and_loads(tmp_path, images):
    inputs = keras.Input(shape=images.shape[1:])
    x = LocalResponseNormalization(name="lrn")(inputs)
    x = keras.layers.Conv2D(8, 3, padding="same", name="conv")(x)
    x = SqueezeExcite(ratio=4, name="se")(x)
    x = DepthwiseMaxPooling2D(2, name="depth_pool")(x)
    outputs = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, outputs)
    path = tmp_path / "layers.keras"
    model.save(path)

    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.get_layer("se"), SqueezeExcite)
    assert isinstance(loaded.get_layer("depth_pool"), DepthwiseMaxPooling2D)
    assert isinstance(loaded.get_layer("lrn"), LocalResponseNormalization)
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(loaded(images)),
        keras.ops.convert_to_numpy(model(images)),
        rtol=1e-6,
    )


def test_layers_use_keras_ops_only():
    modules = set()
    for node in ast.walk(ast.parse(inspect.getsource(sk_layers))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module.split(".")[0])
    assert modules == {"keras"}
