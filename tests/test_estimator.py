"""CNNClassifier behaviour on real images (sklearn's digits)."""

import copy
import pickle
import subprocess
import sys
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone, is_classifier
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skcnn import CNNClassifier, FlatImageWarning


def state_of(est):
    """Everything a fit could change: public attributes, history and weights."""
    state = {k: v for k, v in vars(est).items() if k not in ("model_", "history_")}
    if hasattr(est, "model_"):
        state["weights"] = [w.copy() for w in est.model_.get_weights()]
        state["history"] = est.history_.copy()
        state["model_id"] = id(est.model_)
    return state


def assert_same_state(before, after):
    assert before.keys() == after.keys()
    for key, value in before.items():
        if key == "weights":
            assert len(value) == len(after[key])
            for a, b in zip(value, after[key], strict=True):
                np.testing.assert_array_equal(a, b)
        elif key == "history":
            pd.testing.assert_frame_equal(value, after[key])
        elif isinstance(value, np.ndarray):
            np.testing.assert_array_equal(value, after[key])
        else:
            assert value == after[key], key


# ------------------------------------------------------------------ basics
def test_fit_predict_shapes_and_history(fitted_simple, small_digits):
    X, y = small_digits
    clf = fitted_simple
    assert clf.predict(X[:5]).shape == (5,)
    proba = clf.predict_proba(X[:7])
    assert proba.shape == (7, 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(clf.classes_, np.arange(10))
    assert clf.n_features_in_ == 64
    assert clf.input_shape_ == (8, 8, 1)
    assert clf.n_iter_ == 2
    assert list(clf.history_.columns) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert list(clf.history_.index) == [1, 2]
    assert clf.history_.index.name == "epoch"
    assert 0.0 <= clf.score(X, y) <= 1.0


def test_learns_digits(small_digits, digits):
    X, y = small_digits
    X_all, y_all = digits
    clf = CNNClassifier(epochs=8, random_state=0).fit(X, y)
    # 300 training images, 8 epochs: far above the 10% of chance on all 1797.
    assert clf.score(X_all, y_all) > 0.8
    assert clf.history_["loss"].iloc[-1] < clf.history_["loss"].iloc[0]


def test_is_classifier_and_cv_stratifies():
    assert is_classifier(CNNClassifier())
    cv = check_cv(5, np.array([0, 1] * 10), classifier=is_classifier(CNNClassifier()))
    assert isinstance(cv, StratifiedKFold)


def test_summary_counts_parameters(fitted_simple):
    summary = fitted_simple.summary()
    assert list(summary.columns) == ["layer", "type", "output_shape", "params", "trainable"]
    assert summary["params"].sum() == summary.attrs["total_params"]
    assert summary.attrs["total_params"] == fitted_simple.model_.count_params()
    # digits are upsampled to the preset's 18x18 minimum inside the network
    assert tuple(summary.loc[summary["layer"] == "resize", "output_shape"].iloc[0]) == (
        None,
        18,
        18,
        1,
    )


def test_simple_preset_has_lab_parameter_count():
    rng = np.random.RandomState(0)
    X = rng.randint(0, 256, size=(20, 28, 28)).astype(np.uint8)
    y = np.arange(20) % 10
    clf = CNNClassifier(epochs=1, validation_split=0, random_state=0).fit(X, y)
    assert clf.summary().attrs["total_params"] == 93_322
    assert "resize" not in set(clf.summary()["layer"])
    assert clf.rescale_ == pytest.approx(1 / 255)


def test_lenet5_runs_at_32x32_with_published_count(small_digits):
    X, y = small_digits
    clf = CNNClassifier(arch="lenet5", epochs=1, random_state=0).fit(X, y)
    summary = clf.summary()
    assert summary.attrs["total_params"] == 61_706
    assert summary["type"].tolist().count("AveragePooling2D") == 2


# ------------------------------------------------------------------ inputs
@pytest.mark.parametrize("layout", ["flat", "nhw", "nhwc", "dataframe", "list"])
def test_input_layouts_give_same_predictions(fitted_simple, small_digits, layout):
    X, _ = small_digits
    X = X[:10]
    expected = fitted_simple.predict_proba(X)
    converted = {
        "flat": X,
        "nhw": X.reshape(-1, 8, 8),
        "nhwc": X.reshape(-1, 8, 8, 1),
        "dataframe": pd.DataFrame(X),
        "list": X.tolist(),
    }[layout]
    np.testing.assert_allclose(fitted_simple.predict_proba(converted), expected, rtol=1e-6)


def test_uint8_stays_uint8_and_scales_in_graph():
    from skcnn._inputs.validation import check_images

    X = np.random.RandomState(0).randint(0, 256, size=(6, 28, 28)).astype(np.uint8)
    batch = check_images(X)
    assert batch.images.dtype == np.uint8
    assert np.shares_memory(batch.images, X)
    clf = CNNClassifier(epochs=1, validation_split=0, random_state=0).fit(X, np.arange(6) % 2)
    assert clf.summary()["layer"].iloc[0] == "rescale"


def test_rescale_auto_uses_training_max(fitted_simple):
    assert fitted_simple.rescale_ == pytest.approx(1 / 16)


@pytest.mark.parametrize(
    "labels",
    [
        np.array(["zero", "one", "two"]),
        np.array([3, 7, 11]),
        np.array([-1.0, 2.0, 5.0]),
        pd.Categorical(["a", "b", "c"]),
    ],
    ids=["str", "int", "float", "categorical"],
)
def test_labels_come_back_unchanged(small_digits, labels):
    X, y = small_digits
    mask = y < 3
    X, y = X[mask], y[mask]
    y_labels = np.asarray(labels)[y]
    if isinstance(labels, pd.Categorical):
        y_labels = pd.Series(pd.Categorical(y_labels))
    clf = CNNClassifier(epochs=3, random_state=0).fit(X, y_labels)
    pred = clf.predict(X)
    assert set(pred) <= set(np.asarray(labels))
    np.testing.assert_array_equal(clf.classes_, np.sort(np.asarray(labels)))
    assert clf.score(X, y_labels) > 0.5


def test_binary_labels(small_digits):
    X, y = small_digits
    mask = y < 2
    yes_no = np.where(y[mask] == 1, "yes", "no")
    clf = CNNClassifier(epochs=3, random_state=0).fit(X[mask], yes_no)
    assert clf.predict_proba(X[mask]).shape == (mask.sum(), 2)
    assert clf.score(X[mask], yes_no) > 0.9


def test_flat_rule_square_rgb_and_signal():
    from skcnn._inputs.validation import infer_image_shape

    assert infer_image_shape(64) == (8, 8, 1)
    assert infer_image_shape(3 * 32 * 32) == (32, 32, 3)
    assert infer_image_shape(12, input_shape=(3, 4)) == (3, 4, 1)
    with pytest.warns(FlatImageWarning, match=r"785 features.*input_shape="):
        assert infer_image_shape(785) == (1, 785, 1)


def test_flat_785_features_warn_at_fit():
    rng = np.random.RandomState(0)
    X = rng.rand(12, 785)
    with pytest.warns(FlatImageWarning, match="785"):
        clf = CNNClassifier(epochs=1, validation_split=0).fit(X, np.arange(12) % 2)
    assert clf.input_shape_ == (1, 785, 1)


def test_input_shape_reads_flat_rows(small_digits):
    X, y = small_digits
    X_wide = np.hstack([X, X])  # 128 values per row, read as 8x16 images
    with warnings.catch_warnings():
        warnings.simplefilter("error", FlatImageWarning)
        clf = CNNClassifier(input_shape=(8, 16), epochs=1, random_state=0).fit(X_wide, y)
    assert clf.input_shape_ == (8, 16, 1)


# ------------------------------------------------------------------ training options
def test_same_random_state_gives_identical_predictions(small_digits):
    X, y = small_digits
    a = CNNClassifier(epochs=2, random_state=7).fit(X, y).predict_proba(X)
    b = CNNClassifier(epochs=2, random_state=7).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


def test_learning_rate_schedule_is_applied(small_digits):
    X, y = small_digits

    def lenet_schedule(epoch):
        return 1e-3 if epoch < 2 else 1e-4

    clf = CNNClassifier(epochs=3, learning_rate=lenet_schedule, random_state=0).fit(X, y)
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(1e-4)
    np.testing.assert_allclose(clf.history_["learning_rate"], [1e-3, 1e-3, 1e-4], rtol=1e-6)


def test_early_stopping_restores_best_weights(small_digits):
    import keras

    X, y = small_digits
    snapshots = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            snapshots.append([w.copy() for w in self.model.get_weights()])

    clf = CNNClassifier(
        epochs=6,
        early_stopping=True,
        patience=1,
        learning_rate=0.05,  # noisy on purpose so validation loss goes up and down
        validation_split=0.3,
        callbacks=[Record()],
        random_state=0,
    ).fit(X, y)
    best = int(np.argmin(clf.history_["val_loss"].to_numpy()))
    for restored, recorded in zip(clf.model_.get_weights(), snapshots[best], strict=True):
        np.testing.assert_array_equal(restored, recorded)


def test_sample_weight_changes_what_is_learned(small_digits):
    X, y = small_digits
    weights = np.where(y == 0, 0.0, 1.0)
    plain = CNNClassifier(epochs=6, random_state=0).fit(X, y)
    ignored = CNNClassifier(epochs=6, random_state=0).fit(X, y, sample_weight=weights)
    zeros = y == 0
    assert (plain.predict(X[zeros]) == 0).mean() > 0.7
    assert (ignored.predict(X[zeros]) == 0).mean() < (plain.predict(X[zeros]) == 0).mean()


def test_class_weight_balanced_runs(small_digits):
    X, y = small_digits
    clf = CNNClassifier(epochs=1, class_weight="balanced", random_state=0).fit(X, y)
    assert clf.n_iter_ == 1


def test_warm_start_continues(small_digits):
    X, y = small_digits
    clf = CNNClassifier(epochs=2, warm_start=True, random_state=0).fit(X, y)
    model = clf.model_
    clf.fit(X, y)
    assert clf.model_ is model
    assert clf.n_iter_ == 4
    assert list(clf.history_.index) == [1, 2, 3, 4]


def test_partial_fit_one_epoch_at_a_time(small_digits):
    X, y = small_digits
    clf = CNNClassifier(random_state=0)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[:150], y[:150], classes=np.arange(10))
    assert clf.n_iter_ == 1
    clf.partial_fit(X[150:], y[150:])
    assert clf.n_iter_ == 2
    assert list(clf.history_.columns) == ["accuracy", "loss"]
    with pytest.raises(ValueError, match=r"not among the known classes"):
        clf.partial_fit(X[:5], np.array([11, 0, 1, 2, 3]))
    assert clf.n_iter_ == 2


def test_user_keras_model_and_builder(small_digits):
    import keras

    X, y = small_digits
    user_model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(4, 3, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    before = [w.copy() for w in user_model.get_weights()]
    clf = CNNClassifier(arch=user_model, epochs=1, random_state=0).fit(X, y)
    assert clf.predict(X).shape == (300,)
    for a, b in zip(before, user_model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the user's own model is never trained

    def build(input_shape, n_classes, width=3):
        inputs = keras.Input(shape=input_shape)
        x = keras.layers.Conv2D(width, 3)(inputs)
        x = keras.layers.GlobalAveragePooling2D()(x)
        return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(x))

    clf = CNNClassifier(arch=build, arch_kwargs={"width": 5}, epochs=1).fit(X, y)
    assert clf.summary().attrs["total_params"] == (9 * 5 + 5) + (5 * 10 + 10)


def test_evaluate_returns_loss_and_accuracy(fitted_simple, small_digits):
    X, y = small_digits
    result = fitted_simple.evaluate(X, y)
    assert list(result.index) == ["loss", "accuracy"]
    assert result["accuracy"] == pytest.approx(fitted_simple.score(X, y), abs=1e-6)


# ------------------------------------------------------------------ persistence
def test_clone_and_deepcopy_unfitted():
    clf = CNNClassifier(arch="lenet5", filters=(4, 8, 16), random_state=3)
    assert clone(clf).get_params() == clf.get_params()
    assert copy.deepcopy(clf).get_params() == clf.get_params()


@pytest.mark.parametrize("how", ["pickle", "joblib", "deepcopy"])
def test_fitted_roundtrip_identical_proba(fitted_simple, small_digits, tmp_path, how):
    X, _ = small_digits
    if how == "pickle":
        restored = pickle.loads(pickle.dumps(fitted_simple))
    elif how == "joblib":
        joblib.dump(fitted_simple, tmp_path / "clf.joblib")
        restored = joblib.load(tmp_path / "clf.joblib")
    else:
        restored = copy.deepcopy(fitted_simple)
    np.testing.assert_array_equal(restored.predict_proba(X), fitted_simple.predict_proba(X))
    pd.testing.assert_frame_equal(restored.history_, fitted_simple.history_)


def test_save_load_keras_file(fitted_simple, small_digits, tmp_path):
    import keras

    X, _ = small_digits
    path = tmp_path / "clf.keras"
    fitted_simple.save(path)
    restored = CNNClassifier.load(path)
    np.testing.assert_array_equal(restored.predict_proba(X), fitted_simple.predict_proba(X))
    assert restored.get_params() == fitted_simple.get_params()
    np.testing.assert_array_equal(restored.classes_, fitted_simple.classes_)
    pd.testing.assert_frame_equal(restored.history_, fitted_simple.history_)
    # a plain Keras archive: Keras opens the network on its own
    assert keras.saving.load_model(path).count_params() == fitted_simple.model_.count_params()


def test_save_needs_keras_suffix(fitted_simple, tmp_path):
    with pytest.raises(ValueError, match=r"\.keras"):
        fitted_simple.save(tmp_path / "clf.h5")


def test_pipeline_with_preprocessing(small_digits):
    X, y = small_digits
    pipe = make_pipeline(FunctionTransformer(lambda a: a / 16.0), CNNClassifier(epochs=1))
    pipe.fit(X, y)
    assert pipe.predict(X[:3]).shape == (3,)


# ------------------------------------------------------------------ light import
def test_import_is_light():
    code = (
        "import sys, skcnn; from skcnn import list_architectures; list_architectures();"
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_tensorflow_start_up_is_quiet():
    code = (
        "import numpy as np; from skcnn import CNNClassifier;"
        "X = np.random.RandomState(0).rand(12, 16); y = np.arange(12) % 2;"
        "CNNClassifier(epochs=1, validation_split=0).fit(X, y).predict(X)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "oneDNN" not in out.stderr
    assert "cuda" not in out.stderr.lower()
    assert "retracing" not in out.stderr


def test_report_is_carets_confusion_matrix(fitted_simple, small_digits):
    from skcnn.metrics import confusion_matrix_report

    X, y = small_digits
    report = fitted_simple.report(X, y)
    expected = confusion_matrix_report(y, fitted_simple.predict(X))
    pd.testing.assert_frame_equal(report.table, expected.table)
    pd.testing.assert_series_equal(report.overall, expected.overall)
    assert report.overall["Accuracy"] == pytest.approx(fitted_simple.score(X, y))
    assert str(report).startswith("Confusion Matrix and Statistics")
