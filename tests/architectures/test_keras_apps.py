"""keras.applications models as presets: ``arch="keras.<Name>"``."""

import subprocess
import sys

import keras
import numpy as np
import pytest

from skcnn import CNNClassifier, get_architecture, list_architectures
from skcnn.architectures._catalog import KERAS_APPLICATION_NAMES


def trainable_count(model):
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def test_catalog_is_the_installed_keras_applications():
    installed = {name for name in dir(keras.applications) if name[0].isupper()}
    assert set(KERAS_APPLICATION_NAMES) == installed


def test_listed_without_importing_keras():
    code = (
        "import sys; from skcnn import get_architecture, list_architectures;"
        "t = list_architectures(); s = get_architecture('keras.EfficientNetB0');"
        "assert t.loc['keras.EfficientNetB0', 'family'] == 'keras';"
        "assert s.min_input_shape == (32, 32, 1);"
        "print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_catalog_rows():
    table = list_architectures()
    rows = table[table["family"] == "keras"]
    assert list(rows.index) == [f"keras.{name}" for name in KERAS_APPLICATION_NAMES]
    assert (rows["keras_application"] == [n.removeprefix("keras.") for n in rows.index]).all()
    assert rows.loc["keras.ResNet50", "params"] == 25_636_712  # the number
    assert rows.loc["keras.Xception", "params"] == table.loc["xception", "params"]
    assert rows.loc["keras.DenseNet121", "trainable_params"] == 7_978_856
    assert rows.loc["keras.InceptionV3", "min_input_shape"] == (75, 75, 1)
    assert rows.loc["keras.EfficientNetB7", "default_input_shape"] == (600, 600, 3)
    assert (rows["trainable_params"] <= rows["params"]).all()
    assert rows["paper"].str.len().gt(10).all() and rows["year"].between(2015, 2022).all()


COUNTED = [
    "ResNet50",
    "MobileNetV3Small",
    "EfficientNetB0",
    "MobileNet",
    "MobileNetV2",
    "NASNetMobile",
    "InceptionV3",
    "ResNet50V2",
    "EfficientNetV2B0",
    "ConvNeXtTiny",
    "DenseNet121",
    "Xception",
]


@pytest.mark.parametrize("name", COUNTED)
def test_parameter_counts(name):
    spec = get_architecture(f"keras.{name}")
    model = spec.load()(spec.default_input_shape, spec.default_classes)
    assert model.count_params() == spec.params
    assert trainable_count(model) == spec.trainable_params
    keras.backend.clear_session(free_memory=False)


@pytest.mark.parametrize("name", KERAS_APPLICATION_NAMES)
def test_minimum_size_is_kerass(name):
    side = get_architecture(f"keras.{name}").min_input_shape[0]
    application = getattr(keras.applications, name)
    with pytest.raises(ValueError, match=f"at least {side}"):
        application(weights=None, include_top=False, input_shape=(side - 1, side - 1, 3))


def test_fits_digits_with_random_weights(digits):
    X, y = digits
    idx = np.concatenate([np.flatnonzero(y == k)[:3] for k in range(10)])
    clf = CNNClassifier(
        arch="keras.MobileNet",
        arch_kwargs={"alpha": 0.25},
        epochs=1,
        validation_split=0,
        random_state=0,
    ).fit(X[idx], y[idx])
    assert clf.predict(X[:5]).shape == (5,)
    # 8x8 grayscale digits are upsampled to Keras's 32x32 minimum; with random
    # weights the single channel goes in as it is.
    assert tuple(clf.model_.get_layer("resize").output.shape[1:]) == (32, 32, 1)
    assert clf.model_.name == "skcnn_keras_MobileNet"
    assert clf.model_.layers[-1].output.shape[-1] == 10


def test_width_parameters_do_not_apply(digits):
    X, y = digits
    with pytest.raises(ValueError, match=r"keras.applications.MobileNet as Keras defines it"):
        CNNClassifier(arch="keras.MobileNet", filters=8, epochs=1).fit(X[:20], y[:20])


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("keras.efficientnetb0", "keras.EfficientNetB0"),
        ("keras.EfficientNetB9", "keras.EfficientNetB"),
        ("keras.Resnet50", "keras.ResNet50"),
    ],
)
def test_unknown_keras_name_suggests(name, suggestion):
    with pytest.raises(ValueError, match=rf"Did you mean '{suggestion}") as info:
        get_architecture(name)
    assert "'keras.<Name>'" in str(info.value)
