"""export(): the inference graph as ONNX (run by onnxruntime in a process without
TensorFlow) and as a SavedModel, equal to predict_proba / predict / transform."""

import json
import subprocess
import sys

import numpy as np
import pytest

from skcnn import CNNClassifier, CNNFeatureExtractor, CNNRegressor
from skcnn.cli import main

pytest.importorskip("onnxruntime")
pytest.importorskip("tf2onnx")
# _fit runs the training steps eagerly; TensorFlow notes that tf.data is not.
pytestmark = pytest.mark.filterwarnings("ignore:Even though the:UserWarning")

SMALL = {"small_input": True}
# One tiny network per preset family, with its family's custom layers:
# LocalResponseNormalization in alexnet and googlenet, SqueezeExcite in se_resnet50.
FAMILIES = {
    "simple": {},
    "lenet5": {},
    "fashion": {"filters": 8, "dense_units": 16},
    "alexnet": {"filters": 16, "dense_units": 32, "arch_kwargs": SMALL},
    "vgg11": {"filters": 8, "dense_units": 16, "arch_kwargs": SMALL},
    "resnet20": {"filters": 4},
    "resnet18": {"filters": 8, "arch_kwargs": SMALL},
    "se_resnet50": {"filters": 8, "arch_kwargs": SMALL},
    "googlenet": {"filters": 8, "arch_kwargs": SMALL},
    "xception": {"filters": 8, "arch_kwargs": SMALL},
    "densenet121": {"filters": 8, "arch_kwargs": SMALL},
    "keras.MobileNet": {"arch_kwargs": {"alpha": 0.25}},
}

# Runs the ONNX files with onnxruntime alone: TensorFlow must not be needed.
RUNNER = r"""
import json, sys
import numpy as np
import onnxruntime as ort

for model, images, out in json.loads(sys.argv[1]):
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    (output,) = session.get_outputs()
    np.save(out, session.run(None, {"pixels": np.load(images)})[0])
    print(json.dumps([output.name, session.get_modelmeta().custom_metadata_map.get("classes")]))
assert "tensorflow" not in sys.modules and "keras" not in sys.modules, "TensorFlow imported"
"""


def run_onnx(tmp_path, path, images):
    """``(outputs, output_name, classes)`` of the ONNX file at ``path``, from onnxruntime
    in a fresh process that never imports TensorFlow."""
    inputs, out = tmp_path / "images.npy", tmp_path / "outputs.npy"
    np.save(inputs, np.asarray(images, dtype=np.float32))
    job = json.dumps([[str(path), str(inputs), str(out)]])
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, job], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    name, classes = json.loads(done.stdout.splitlines()[-1])
    return np.load(out), name, None if classes is None else json.loads(classes)


@pytest.fixture(scope="module")
def images(digits):
    """Digits as 8x8x1 images: 40 to fit on, 16 held out."""
    X, y = digits
    return X.reshape(-1, 8, 8, 1)[:40], y[:40], X.reshape(-1, 8, 8, 1)[1000:1016]


def _fit(estimator, X, y=None):
    """One epoch, its steps run eagerly: deep presets skip tracing a training graph."""
    import tensorflow as tf

    tf.config.run_functions_eagerly(True)
    try:
        return estimator.fit(X) if y is None else estimator.fit(X, y)
    finally:
        tf.config.run_functions_eagerly(False)


# tf2onnx takes 20-60 s to convert these deep graphs on a CPU.
SLOW = {"densenet121", "se_resnet50", "xception"}


@pytest.fixture(
    scope="module",
    params=[pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in FAMILIES],
)
def family_classifier(request, images):
    X, y, _ = images
    clf = CNNClassifier(
        request.param, epochs=1, precision="float32", random_state=0, **FAMILIES[request.param]
    )
    return _fit(clf, X, y)


def test_onnx_probabilities_equal_predict_proba(family_classifier, images, tmp_path):
    held_out = images[2]
    path = family_classifier.export(tmp_path / "model.onnx")
    outputs, name, classes = run_onnx(tmp_path, path, held_out)
    assert name == "probabilities"
    assert classes == family_classifier.classes_.tolist()
    np.testing.assert_allclose(outputs, family_classifier.predict_proba(held_out), atol=1e-5)


def test_default_classifier_exports_without_augmentation(images, tmp_path):
    # The default augment="auto" puts random layers in model_; onnxruntime
    # refused them. tta=True flips inside the graph as predict_proba does.
    X, y, held_out = images
    clf = _fit(CNNClassifier(epochs=1, precision="float32", tta=True, random_state=0), X, y)
    assert any(layer.name.startswith("augment_") for layer in clf.model_.layers)
    outputs, _, _ = run_onnx(tmp_path, clf.export(tmp_path / "m.onnx"), held_out)
    np.testing.assert_allclose(outputs, clf.predict_proba(held_out), atol=1e-5)
    # The flip matters: without it the outputs differ.
    assert not np.allclose(outputs, clf.set_params(tta=False).predict_proba(held_out), atol=1e-5)


def test_custom_layers_in_a_keras_model(images, tmp_path):
    import keras

    from skcnn.layers import DepthwiseMaxPooling2D, LocalResponseNormalization, SqueezeExcite

    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = LocalResponseNormalization(2)(x)
    x = SqueezeExcite(2)(x)
    x = DepthwiseMaxPooling2D(2)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    X, y, held_out = images
    clf = _fit(CNNClassifier(keras.Model(inputs, outputs), epochs=1, precision="float32"), X, y)
    outputs, _, _ = run_onnx(tmp_path, clf.export(tmp_path / "m.onnx"), held_out)
    np.testing.assert_allclose(outputs, clf.predict_proba(held_out), atol=1e-5)


def test_multilabel_sigmoid_probabilities(images, tmp_path):
    X, y, held_out = images
    Y = np.column_stack([y % 2, y > 4, y == 0]).astype(int)
    clf = _fit(CNNClassifier(epochs=1, precision="float32", random_state=0), X, Y)
    outputs, _, classes = run_onnx(tmp_path, clf.export(tmp_path / "m.onnx"), held_out)
    assert classes == [0, 1, 2]
    np.testing.assert_allclose(outputs, clf.predict_proba(held_out), atol=1e-5)
    assert not np.allclose(outputs.sum(axis=1), 1.0)


def test_string_labels_in_metadata(images, tmp_path):
    X, y, held_out = images
    labels = np.array(["even", "odd"])[y % 2]
    clf = _fit(CNNClassifier("lenet5", epochs=1, precision="float32"), X, labels)
    outputs, _, classes = run_onnx(tmp_path, clf.export(tmp_path / "m.onnx"), held_out)
    assert classes == ["even", "odd"]
    np.testing.assert_allclose(outputs, clf.predict_proba(held_out), atol=1e-5)


@pytest.mark.parametrize("arch", ["simple", "resnet20"])
def test_regressor_predictions_in_target_units(arch, images, tmp_path):
    X, y, held_out = images
    targets = np.column_stack([y * 100.0 + 5000.0, -y * 0.01])
    reg = CNNRegressor(arch, epochs=1, precision="float32", tta=True, random_state=0)
    reg = _fit(reg, X, targets)
    outputs, name, classes = run_onnx(tmp_path, reg.export(tmp_path / "m.onnx"), held_out)
    assert name == "predictions" and classes is None
    expected = reg.predict(held_out)
    assert abs(expected[:, 0].mean()) > 1000  # un-standardized
    np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("arch", ["lenet5", "resnet20"])
def test_feature_extractor_embeddings(arch, images, tmp_path):
    X, y, held_out = images
    extractor = CNNFeatureExtractor(arch, epochs=1, precision="float32", random_state=0)
    extractor = _fit(extractor, X, y)
    outputs, name, _ = run_onnx(tmp_path, extractor.export(tmp_path / "m.onnx"), held_out)
    assert name == "embeddings"
    np.testing.assert_allclose(outputs, extractor.transform(held_out), atol=1e-5)


def test_bfloat16_model_exports_in_float32(images, tmp_path):
    import onnx

    X, y, held_out = images
    clf = _fit(CNNClassifier(epochs=1, precision="mixed_bfloat16", random_state=0), X, y)
    path = clf.export(tmp_path / "m.onnx")
    proto = onnx.load(path)
    float32 = onnx.TensorProto.FLOAT
    assert {t.data_type for t in proto.graph.initializer} <= {float32, onnx.TensorProto.INT64}
    assert proto.graph.output[0].type.tensor_type.elem_type == float32
    outputs, _, _ = run_onnx(tmp_path, path, held_out)
    # The float32 graph is the bf16 network without its rounding: close, not equal.
    np.testing.assert_allclose(outputs, clf.predict_proba(held_out), atol=0.05)
    as_float32 = clf.model_.get_layer("simple").dtype_policy.name
    assert as_float32 == "mixed_bfloat16"


def test_tf_saved_model_reloads_in_a_subprocess(images, tmp_path):
    X, y, held_out = images
    clf = _fit(CNNClassifier("lenet5", epochs=1, precision="float32", tta=True), X, y)
    folder = clf.export(tmp_path / "saved", format="tf_saved_model")
    np.save(tmp_path / "x.npy", held_out.astype(np.float32))
    code = (
        "import sys, numpy as np, tensorflow as tf\n"
        f"m = tf.saved_model.load({str(folder)!r})\n"
        "out = m.signatures['serving_default'](pixels=tf.constant(np.load(sys.argv[1])))\n"
        "np.save(sys.argv[2], out['probabilities'].numpy())\n"
        "assert 'skcnn' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.npy"), str(tmp_path / "y.npy")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), clf.predict_proba(held_out), atol=1e-5)


def test_cli_export(images, tmp_path, capsys):
    X, y, held_out = images
    reg = _fit(CNNRegressor(epochs=1, precision="float32"), X, y.astype(float))
    reg.save(tmp_path / "model.keras")
    out = tmp_path / "model.onnx"
    assert main(["export", "--model", str(tmp_path / "model.keras"), str(out)]) == 0
    assert "output 'predictions'" in capsys.readouterr().out
    outputs, name, _ = run_onnx(tmp_path, out, held_out)
    assert name == "predictions"
    np.testing.assert_allclose(outputs.ravel(), reg.predict(held_out), rtol=1e-5, atol=1e-5)
    assert main(["export", "--model", str(tmp_path / "none.keras"), str(out)]) == 2
    assert "cannot load" in capsys.readouterr().err


def test_missing_extra_names_it(images, tmp_path, monkeypatch, capsys):
    import builtins

    X, y, _ = images
    clf = _fit(CNNClassifier("lenet5", epochs=1, precision="float32"), X, y)
    real_import = builtins.__import__

    def no_tf2onnx(name, *args, **kwargs):
        if name.split(".")[0] == "tf2onnx":
            raise ImportError("No module named 'tf2onnx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tf2onnx)
    with pytest.raises(ImportError, match=r"pip install 'skcnn\[export\]'"):
        clf.export(tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()
    clf.save(tmp_path / "m.keras")
    assert main(["export", "--model", str(tmp_path / "m.keras"), str(tmp_path / "m.onnx")]) == 2
    assert "skcnn[export]" in capsys.readouterr().err


def test_old_keras_is_named_before_anything_is_written(images, tmp_path, monkeypatch):
    import keras

    X, y, _ = images
    clf = _fit(CNNClassifier("lenet5", epochs=1, precision="float32"), X, y)
    monkeypatch.setattr(keras, "__version__", "3.11.3")
    with pytest.raises(ImportError, match=r"Keras >= 3\.12.*this is Keras 3\.11\.3"):
        clf.export(tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()
    clf.export(tmp_path / "saved", format="tf_saved_model")  # needs no ONNX exporter
    assert (tmp_path / "saved").is_dir()


def test_bad_format(images, tmp_path):
    X, y, _ = images
    clf = _fit(CNNClassifier("lenet5", epochs=1, precision="float32"), X, y)
    with pytest.raises(ValueError, match="format must be one of 'onnx', 'tf_saved_model'"):
        clf.export(tmp_path / "m.pb", format="pb")


def test_unsupported_op_names_the_layer(images, tmp_path):
    import keras

    class Noisy(keras.layers.Layer):
        # Random at inference too: an op ONNX has no operator for.
        def call(self, x):
            return x + keras.random.uniform(keras.ops.shape(x), seed=0) * 0.0

    inputs = keras.Input((8, 8, 1))
    x = Noisy(name="noisy")(keras.layers.Conv2D(4, 3)(inputs))
    outputs = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(x))
    X, y, _ = images
    clf = _fit(CNNClassifier(keras.Model(inputs, outputs), epochs=1, precision="float32"), X, y)
    with pytest.raises(
        ValueError, match=r"layer 'noisy'.*StatelessRandomUniformV2.*tf_saved_model"
    ):
        clf.export(tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


def test_cli_names_the_format_flag():
    from skcnn.cli import cli_message

    message = "The layer 'noisy' ... Export format='tf_saved_model' instead, or replace it."
    assert cli_message(message) == (
        "The layer 'noisy' ... Export --format tf_saved_model instead, or replace it."
    )
