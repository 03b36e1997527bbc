"""Transfer learning: ``weights`` ("imagenet" from the Keras cache, a file, a
model) and ``trainable``.

No ImageNet file is downloaded: the tests write randomly initialised
keras.applications networks under the exact file names Keras asks for, in a
temporary Keras home, and check that those very weights arrive in the network.
"""

import os
import pickle
import warnings

import h5py
import keras
import numpy as np
import pytest
from sklearn.base import clone

from skcnn import CNNClassifier
from skcnn._training.transfer import weighted_layers

# The no-top ImageNet files Keras asks for (keras/src/applications/*.py).
NOTOP = {
    "VGG16": "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "VGG19": "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "ResNet50": "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "Xception": "xception_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "DenseNet121": "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "DenseNet169": "densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "DenseNet201": "densenet201_weights_tf_dim_ordering_tf_kernels_notop.h5",
    "EfficientNetB0": "efficientnetb0_notop.h5",
    # alpha=0.35; 32x32 inputs get the 224 file (Keras warns and falls back).
    "MobileNetV2": "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5",
}
MOBILENET = {"alpha": 0.35}
SMALL = {"small_input": True}


@pytest.fixture(scope="session")
def imagenet_files(tmp_path_factory):
    """A Keras home whose ``models/`` folder gets random ImageNet files on demand:
    ``imagenet_files.write("VGG16")`` returns the network they came from."""

    class Home:
        path = tmp_path_factory.mktemp("keras_home")
        written = {}

        def write(self, application, **kwargs):
            if application not in self.written:
                source = getattr(keras.applications, application)(
                    weights=None, include_top=False, **kwargs
                )
                self.written[application] = source
                (self.path / "models").mkdir(exist_ok=True)
                _save_legacy_h5(source, self.path / "models" / NOTOP[application])
            return self.written[application]

    return Home()


def _save_legacy_h5(model, path):
    """Weights in Keras's application-file format (by layer, in order)."""
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)


@pytest.fixture
def keras_home(imagenet_files, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(imagenet_files.path))
    return imagenet_files


@pytest.fixture(scope="module")
def tiny_digits(digits):
    X, y = digits
    idx = np.concatenate([np.flatnonzero(y == k)[:3] for k in range(10)])
    return X[idx], y[idx]


def base_of(model):
    """The nested pretrained base of an ImageNet model."""
    (base,) = [layer for layer in model.layers if getattr(layer, "layers", None)]
    return base


def assert_same_weights(expected, actual):
    assert len(expected) == len(actual)
    for a, b in zip(expected, actual, strict=True):
        np.testing.assert_array_equal(a, b)


def fit(X, y, **params):
    params = {"epochs": 1, "validation_split": 0, "random_state": 0, **params}
    with warnings.catch_warnings():
        # MobileNet warns that 32x32 inputs get its 224x224 weights.
        warnings.filterwarnings("ignore", message=".*will be loaded as the default")
        return CNNClassifier(**params).fit(X, y)


# --------------------------------------------------------------- ImageNet weights
def test_missing_file_names_the_file_and_the_folder(tmp_path, monkeypatch, tiny_digits):
    X, y = tiny_digits
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        fit(X, y, arch="keras.MobileNetV2", weights="imagenet", arch_kwargs=MOBILENET)
    message = str(info.value)
    assert f"'{NOTOP['MobileNetV2']}'" in message
    assert str(tmp_path / "models") in message
    # Not in the cache, and this machine cannot download it: the file, the folder,
    # the URL and why the download failed are named.
    assert "KERAS_HOME" in message and "downloading it from" in message and "failed (" in message
    assert "https://storage.googleapis.com/" in message  # where to get it by hand


def test_missing_file_is_downloaded_into_the_cache_through_keras(
    imagenet_files, tmp_path, monkeypatch, tiny_digits
):
    # Keras's get_file stands in for the network: it "downloads" the file into
    # the cache folder it is given, which must be skcnn's (KERAS_HOME/models).
    import shutil

    from keras.src.utils import file_utils

    X, y = tiny_digits
    imagenet_files.write("MobileNetV2", alpha=0.35)
    fetched = []

    def fake_get_file(fname, origin, *args, cache_dir=None, cache_subdir="datasets", **kwargs):
        fetched.append((fname, origin, cache_dir, cache_subdir))
        target = os.path.join(cache_dir, cache_subdir, fname)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(imagenet_files.path / "models" / fname, target)
        return target

    monkeypatch.setattr(file_utils, "get_file", fake_get_file)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    clf = fit(X, y, arch="keras.MobileNetV2", weights="imagenet", arch_kwargs=MOBILENET)
    assert [(f[0], f[2], f[3]) for f in fetched] == [
        (NOTOP["MobileNetV2"], str(tmp_path), "models")
    ]
    assert fetched[0][1].startswith("https://storage.googleapis.com/")
    assert (tmp_path / "models" / NOTOP["MobileNetV2"]).is_file()
    assert clf.predict(X[:2]).shape == (2,)


def test_default_cache_is_home_dot_keras(monkeypatch, tmp_path):
    from skcnn.architectures.keras_apps import keras_models_dir

    monkeypatch.delenv("KERAS_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert keras_models_dir() == str(tmp_path / ".keras" / "models")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "elsewhere"))
    assert keras_models_dir() == str(tmp_path / "elsewhere" / "models")


def test_keras_prefix_loads_the_file_and_a_frozen_base_stays(keras_home, tiny_digits):
    X, y = tiny_digits
    source = keras_home.write("MobileNetV2", input_shape=(32, 32, 3), **MOBILENET)
    clf = fit(
        X, y, arch="keras.MobileNetV2", weights="imagenet", trainable=False, arch_kwargs=MOBILENET
    )
    names = [layer.name for layer in clf.model_.layers]
    # augment="auto" jitters the small images after they are made RGB.
    augment = ["augment_translation", "augment_rotation", "augment_zoom"]
    front = ["pixels", "rescale", "resize", "gray_to_rgb", *augment, "imagenet_preprocess"]
    assert names[:8] == front
    assert names[-2:] == ["avg_pool", "predictions"]
    base = base_of(clf.model_)
    # Every array of the file, batch-norm statistics included, and unchanged by fit.
    assert_same_weights(source.get_weights(), base.get_weights())
    assert not base.trainable_weights
    head = clf.model_.get_layer("predictions")
    # MobileNetV2 keeps 1280 features at alpha < 1
    assert clf.summary().attrs["trainable_params"] == head.count_params() == 1280 * 10 + 10
    assert clf.predict(X).shape == (30,)


def test_trainable_int_unfreezes_the_top_layers(keras_home, tiny_digits):
    X, y = tiny_digits
    source = keras_home.write("MobileNetV2", input_shape=(32, 32, 3), **MOBILENET)
    clf = fit(
        X, y, arch="keras.MobileNetV2", weights="imagenet", trainable=2, arch_kwargs=MOBILENET
    )
    layers = weighted_layers(base_of(clf.model_))
    assert [layer.name for layer in layers[-2:]] == ["Conv_1", "Conv_1_bn"]
    assert [layer.trainable for layer in layers[-3:]] == [False, True, True]
    assert not any(layer.trainable for layer in layers[:-2])
    pretrained = weighted_layers(source)
    for before, after in zip(pretrained[:-2], layers[:-2], strict=True):
        assert_same_weights(before.get_weights(), after.get_weights())
    # Conv_1 trained
    assert not np.array_equal(pretrained[-2].get_weights()[0], layers[-2].get_weights()[0])


def test_lecture_frozen_resnet50(keras_home, tiny_digits):
    """The lecture's example as a user writes it (epochs=1 to keep it short)."""
    X, y = tiny_digits
    source = keras_home.write("ResNet50")
    clf = fit(X, y, arch="resnet50", weights="imagenet", trainable=False)
    base = base_of(clf.model_)
    # Keras's ResNet-50: biased convolutions, 25,636,712 parameters with its top.
    assert base.get_layer("conv1_conv").use_bias
    assert base.count_params() + 2048 * 1000 + 1000 == 25_636_712
    assert_same_weights(source.get_weights(), base.get_weights())
    # digits are upsampled to Keras's 32x32 minimum and repeated to RGB
    assert tuple(clf.model_.get_layer("resize").output.shape[1:]) == (32, 32, 1)
    assert tuple(clf.model_.get_layer("gray_to_rgb").output.shape[1:]) == (32, 32, 3)
    assert clf.summary().attrs["trainable_params"] == 2048 * 10 + 10


def test_imagenet_into_the_vgg16_preset(keras_home, tiny_digits):
    """vgg16 is keras.applications.VGG16 layer for layer: the weights go into the
    preset itself, here with small_input's padded pooling on 8x8 digits."""
    X, y = tiny_digits
    source = keras_home.write("VGG16")
    clf = fit(
        X, y, arch="vgg16", weights="imagenet", trainable=False, arch_kwargs={"small_input": True}
    )
    base = base_of(clf.model_)
    assert base.get_layer("block5_pool").padding == "same"  # skcnn's builder, not Keras's
    assert "resize" not in [layer.name for layer in clf.model_.layers]
    assert [layer.name for layer in weighted_layers(base)] == [
        layer.name for layer in weighted_layers(source)
    ]
    assert_same_weights(source.get_weights(), base.get_weights())
    assert clf.summary().attrs["non_trainable_params"] == 14_714_688  # VGG16 without its top


@pytest.mark.slow
@pytest.mark.parametrize(
    ("arch", "application"),
    [("xception", "Xception"), ("densenet121", "DenseNet121"), ("keras.EfficientNetB0", None)],
)
def test_imagenet_into_other_presets(arch, application, keras_home, tiny_digits):
    X, y = tiny_digits
    application = application or arch.removeprefix("keras.")
    source = keras_home.write(application)
    clf = fit(X, y, arch=arch, weights="imagenet", trainable=False)
    assert_same_weights(source.get_weights(), base_of(clf.model_).get_weights())


def test_imagenet_fine_tuning_trains_the_base(keras_home, tiny_digits):
    X, y = tiny_digits
    source = keras_home.write("VGG16")
    clf = fit(X, y, arch="vgg16", weights="imagenet", arch_kwargs={"small_input": True})
    trained = base_of(clf.model_).get_weights()
    assert not np.array_equal(trained[0], source.get_weights()[0])


def test_dropout_goes_before_the_new_classifier(keras_home, tiny_digits):
    X, y = tiny_digits
    keras_home.write("VGG16")
    clf = fit(
        X, y, arch="vgg16", weights="imagenet", dropout=0.3, arch_kwargs={"small_input": True}
    )
    assert clf.model_.get_layer("top_dropout").rate == 0.3


@pytest.mark.parametrize(
    ("params", "images", "match"),
    [
        ({"arch": "simple"}, None, r"needs a preset with Keras ImageNet weights: .*vgg16"),
        ({"arch": "vgg16", "filters": 8}, None, r"published VGG16 widths, so filters"),
        (
            {"arch": "resnet50", "arch_kwargs": {"preact": True}},
            None,
            r"no option\(s\) \['preact'\]",
        ),
        ({"arch": "keras.VGG16"}, (4, 32, 32, 2), r"needs RGB images .* have 2 channels"),
        ({"arch": "keras.MobileNet", "arch_kwargs": {"small_input": True}}, None, "small_input"),
    ],
)
def test_imagenet_errors_come_before_any_file(params, images, match, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))  # empty: no file could be found
    X = np.random.RandomState(0).rand(*(images or (4, 8, 8)))
    with pytest.raises(ValueError, match=match):
        fit(X, np.array([0, 1, 0, 1]), weights="imagenet", **params)


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_preprocessing_is_kerass_preprocess_input(mode):
    from keras.src.applications.imagenet_utils import preprocess_input

    from skcnn.architectures.keras_apps import ImageNetPreprocessing

    pixels = np.random.RandomState(0).rand(2, 5, 5, 3).astype("float32")
    ours = keras.ops.convert_to_numpy(ImageNetPreprocessing(mode)(pixels))
    theirs = preprocess_input(pixels * 255.0, mode=mode)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-4)
    layer = ImageNetPreprocessing.from_config(ImageNetPreprocessing(mode).get_config())
    assert layer.mode == mode


def test_every_keras_application_has_an_input_convention():
    from skcnn.architectures._catalog import IMAGENET_PREPROCESSING, KERAS_APPLICATION_NAMES

    assert set(IMAGENET_PREPROCESSING) == set(KERAS_APPLICATION_NAMES)
    assert IMAGENET_PREPROCESSING["VGG16"] == "caffe"
    assert IMAGENET_PREPROCESSING["ResNet50"] == "caffe"
    assert IMAGENET_PREPROCESSING["Xception"] == "tf"
    assert IMAGENET_PREPROCESSING["DenseNet121"] == "torch"
    assert IMAGENET_PREPROCESSING["EfficientNetB0"] == "raw"


@pytest.mark.parametrize(
    "arch", ["vgg16", "vgg19", "resnet50", "xception", "densenet121", "densenet169", "densenet201"]
)
def test_docs_name_the_files_keras_asks_for(arch, tmp_path, monkeypatch):
    """docs/architectures.md tells users which file to place: Keras's own name."""
    from skcnn import get_architecture
    from skcnn.architectures.keras_apps import imagenet_base

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    application = get_architecture(arch).keras_application
    with pytest.raises(FileNotFoundError, match=NOTOP[application]):
        imagenet_base(application, arch=arch)
    docs = os.path.join(os.path.dirname(__file__), "..", "docs", "architectures.md")
    with open(docs, encoding="utf-8") as handle:
        assert f"`{NOTOP[application]}`" in handle.read()


# ----------------------------------------------------------- files and models
@pytest.fixture(scope="module")
def donor(tiny_digits):
    X, y = tiny_digits
    return fit(X, y, arch="simple")


def test_weights_from_a_keras_model(donor, tiny_digits):
    X, y = tiny_digits
    clf = fit(X, y, weights=donor.model_, trainable=False)
    # the frozen base is the donor's; the classifier (same 10 classes) started
    # from the donor's and trained on
    assert_same_weights(donor.model_.get_weights()[:-2], clf.model_.get_weights()[:-2])
    assert not np.array_equal(donor.model_.get_weights()[-2], clf.model_.get_weights()[-2])
    assert clf.summary().attrs["trainable_params"] == 64 * 10 + 10


@pytest.mark.parametrize("suffix", [".keras", ".weights.h5"])
def test_weights_from_a_file_with_a_new_classifier(donor, tiny_digits, tmp_path, suffix):
    X, y = tiny_digits
    path = tmp_path / f"donor{suffix}"
    if suffix == ".keras":
        donor.save(path)
    else:
        donor.model_.save_weights(path)
    three = y < 3
    clf = fit(X[three], y[three], weights=str(path), trainable=False)
    # the classifier has 3 outputs now: it keeps its fresh weights, the rest loads
    assert clf.model_.get_weights()[-2].shape == (64, 3)
    assert_same_weights(donor.model_.get_weights()[:-2], clf.model_.get_weights()[:-2])


def test_weights_by_order_when_names_differ(tiny_digits):
    X, y = tiny_digits
    inputs = keras.Input((18, 18, 1))
    x = keras.layers.Conv2D(32, 3, name="a")(inputs)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Conv2D(64, 3, name="b")(x)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Conv2D(64, 3, name="c")(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(64, name="d")(x)
    source = keras.Model(inputs, keras.layers.Dense(10, name="e")(x))
    clf = fit(X, y, weights=source, trainable=False)
    assert_same_weights(source.get_weights()[:-2], clf.model_.get_weights()[:-2])


def test_weights_that_do_not_fit(donor, tiny_digits, tmp_path):
    X, y = tiny_digits
    with pytest.raises(ValueError, match=r"layer 'conv1' holds arrays of shapes \[\(3, 3, 1, 8\)"):
        fit(X, y, weights=donor.model_, filters=8)
    path = tmp_path / "donor.weights.h5"
    donor.model_.save_weights(path)
    with pytest.raises(ValueError, match=r"no \(unique\) weights for the layer\(s\) \['c1'"):
        fit(X, y, arch="lenet5", weights=str(path))
    with pytest.raises(ValueError, match=r"neither 'imagenet' nor a path .* Did you mean"):
        fit(X, y, weights="imagenet.h5")
    with pytest.raises(FileNotFoundError, match="no such file"):
        fit(X, y, weights=str(tmp_path / "missing.keras"))


def test_trainable_needs_weights(tiny_digits):
    X, y = tiny_digits
    with pytest.raises(ValueError, match=r"trainable=False freezes pretrained layers"):
        fit(X, y, trainable=False)
    with pytest.raises(ValueError, match=r"trainable=3 freezes"):
        fit(X, y, trainable=3)


def test_bad_weights_and_trainable_types():
    from sklearn.utils._param_validation import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="'weights' parameter"):
        CNNClassifier(weights=42).fit(np.zeros((4, 64)), [0, 1, 0, 1])
    with pytest.raises(InvalidParameterError, match="'trainable' parameter"):
        CNNClassifier(trainable=-1).fit(np.zeros((4, 64)), [0, 1, 0, 1])


# ------------------------------------------------------------------ persistence
def test_imagenet_model_pickles_and_saves(keras_home, tiny_digits, tmp_path):
    X, y = tiny_digits
    keras_home.write("VGG16")
    clf = fit(
        X, y, arch="vgg16", weights="imagenet", trainable=False, arch_kwargs={"small_input": True}
    )
    expected = clf.predict_proba(X)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(clf)).predict_proba(X), expected)
    clf.save(tmp_path / "vgg.keras")
    restored = CNNClassifier.load(tmp_path / "vgg.keras")
    np.testing.assert_array_equal(restored.predict_proba(X), expected)
    assert restored.get_params() == clf.get_params()
    assert restored.weights == "imagenet" and restored.trainable is False


def test_model_as_weights_clones_pickles_and_warns_on_save(donor, tiny_digits, tmp_path):
    X, y = tiny_digits
    clf = CNNClassifier(weights=donor.model_, trainable=1, epochs=1, validation_split=0)
    copy = clone(clf)
    assert copy.weights is not donor.model_
    assert_same_weights(donor.model_.get_weights(), copy.weights.get_weights())
    clf.fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))
    with pytest.warns(UserWarning, match=r"\['weights'\] hold Python objects"):
        clf.save(tmp_path / "clf.keras")
    assert CNNClassifier.load(tmp_path / "clf.keras").weights is None


def test_path_weights_are_saved_as_text(donor, tiny_digits, tmp_path):
    X, y = tiny_digits
    donor.save(tmp_path / "donor.keras")
    clf = fit(X, y, weights=tmp_path / "donor.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        clf.save(tmp_path / "clf.keras")
    assert CNNClassifier.load(tmp_path / "clf.keras").weights == str(tmp_path / "donor.keras")
