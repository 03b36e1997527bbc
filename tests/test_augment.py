"""Data augmentation (``augment``): Keras preprocessing layers that act while
training only, so predictions are those of the network without them."""

import pickle

import keras
import numpy as np
import pytest

from skcnn import CNNClassifier
from skcnn._training.augment import (
    ALEXNET_AUGMENT,
    AUGMENT_KEYS,
    augmentation_layers,
    resolve_augment,
)

DIGITS_AUGMENT = {"translation": 0.1, "rotation": 0.05, "zoom": 0.1, "contrast": 0.2}


@pytest.fixture(scope="module")
def augmented(small_digits):
    X, y = small_digits
    # float32: the test below recomputes the network layer by layer and compares.
    clf = CNNClassifier(augment=DIGITS_AUGMENT, precision="float32", epochs=2, random_state=0)
    return clf.fit(X, y)


def test_layers_sit_after_rescale_and_resize(augmented):
    names = [layer.name for layer in augmented.model_.layers]
    assert names == [
        "pixels",
        "rescale",
        "resize",
        "augment_translation",
        "augment_rotation",
        "augment_zoom",
        "augment_contrast",
        "simple",
    ]
    assert isinstance(augmented.model_.get_layer("augment_rotation"), keras.layers.RandomRotation)


def test_predictions_are_the_network_without_augmentation(augmented, small_digits):
    X, _ = small_digits
    proba = augmented.predict_proba(X)
    np.testing.assert_array_equal(augmented.predict_proba(X), proba)  # no randomness
    # the same weights without the augmentation layers: rescale, resize, body
    model = augmented.model_
    images = X.reshape(-1, 8, 8, 1).astype("float32")
    x = model.get_layer("resize")(model.get_layer("rescale")(images))
    direct = keras.ops.convert_to_numpy(model.get_layer("simple")(x, training=False))
    np.testing.assert_allclose(proba, direct / direct.sum(axis=1, keepdims=True), rtol=1e-5)
    assert augmented.score(X, augmented.predict(X)) == 1.0


def test_augmentation_acts_in_training(augmented, small_digits):
    X, _ = small_digits
    model = augmented.model_
    images = X[:16].reshape(-1, 8, 8, 1).astype("float32")
    x = model.get_layer("resize")(model.get_layer("rescale")(images))
    for name in ("augment_translation", "augment_rotation", "augment_zoom", "augment_contrast"):
        layer = model.get_layer(name)
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)
        moved = keras.ops.convert_to_numpy(layer(x, training=True))
        assert not np.allclose(moved, x), name


def test_same_seed_same_augmented_fit(small_digits):
    X, y = small_digits
    a = CNNClassifier(augment=True, epochs=1, random_state=3).fit(X, y).predict_proba(X)
    b = CNNClassifier(augment=True, epochs=1, random_state=3).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


def test_true_is_alexnets_recipe():
    assert resolve_augment(True) == ALEXNET_AUGMENT
    layers = augmentation_layers(True)
    assert [type(layer).__name__ for layer in layers] == [
        "RandomFlip",
        "RandomTranslation",
        "RandomContrast",
    ]
    assert layers[0].mode == "horizontal"
    assert resolve_augment(None) == resolve_augment(False) == {}
    assert augmentation_layers(None) == []


def test_dict_entries():
    settings = {"flip": True, "translation": (0.1, 0.2), "rotation": 0.05, "zoom": 0.1}
    layers = augmentation_layers({**settings, "contrast": 0.3}, value_range=(0.0, 2.0))
    assert [layer.name for layer in layers] == [f"augment_{k}" for k in AUGMENT_KEYS]
    assert layers[1].height_factor == 0.1 and layers[1].width_factor == 0.2
    assert layers[4].value_range == (0.0, 2.0)
    # zero, None and False switch an entry off
    assert resolve_augment({"flip": False, "rotation": 0, "zoom": None, "contrast": 0.1}) == {
        "contrast": 0.1
    }


@pytest.mark.parametrize(
    ("augment", "match"),
    [
        ({"shear": 0.1}, r"unknown key\(s\) \['shear'\]"),
        ({"flip": "diagonal"}, r"augment\['flip'\] must be True"),
        ({"rotation": 2.0}, r"augment\['rotation'\] must be a fraction in \(0, 1\)"),
        ({"translation": (0.1,)}, r"augment\['translation'\] .* \(height, width\) pair"),
        ({"contrast": "high"}, r"augment\['contrast'\]"),
    ],
)
def test_bad_augment_raises_before_training(augment, match, small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match=match):
        CNNClassifier(augment=augment, epochs=1).fit(X[:20], y[:20])


def test_bad_augment_type():
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="'augment' parameter"):
        CNNClassifier(augment="alexnet").fit(np.zeros((4, 64)), [0, 1, 0, 1])


def test_augmented_model_pickles_and_saves(augmented, small_digits, tmp_path):
    X, _ = small_digits
    expected = augmented.predict_proba(X)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(augmented)).predict_proba(X), expected)
    augmented.save(tmp_path / "aug.keras")
    restored = CNNClassifier.load(tmp_path / "aug.keras")
    np.testing.assert_array_equal(restored.predict_proba(X), expected)
    assert restored.augment == DIGITS_AUGMENT


def test_uint8_contrast_range():
    from skcnn._estimators.base import pixel_range

    assert pixel_range(np.zeros((2, 4, 4), np.uint8), 1 / 255) == (0.0, 1.0)
    assert pixel_range(np.array([[-2.0, 4.0]]), 0.25) == (-0.5, 1.0)
