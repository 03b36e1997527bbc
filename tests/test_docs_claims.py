"""The skcnn side of every behaviour the documentation states.

docs/scikeras_migration.rst compares skcnn with scikeras and docs/r_to_python.rst
and docs/user_guide.rst describe how CNNClassifier behaves; each statement they
make about skcnn is asserted here, on tiny data with one epoch. (scikeras is not
a dependency: its side was checked by hand, with the version the guide names.)
"""

import io
import pickle
from contextlib import redirect_stdout

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone, is_classifier
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils._param_validation import InvalidParameterError

from skcnn import CNNClassifier


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:200], y[:200]


@pytest.fixture(scope="module")
def fitted(digits):
    X, y = digits
    return CNNClassifier(epochs=1, random_state=0).fit(X, y)


def _tiny_builder(input_shape, n_classes, filters=4, hidden=None):
    import keras

    inputs = keras.Input(shape=input_shape)
    x = keras.layers.Conv2D(filters, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.Flatten()(x)
    if hidden:
        x = keras.layers.Dense(hidden, activation="relu", name="hidden")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


# ----------------------------------------------------------- a classifier to sklearn
def test_is_a_classifier_so_cross_validation_is_stratified(digits):
    _, y = digits
    clf = CNNClassifier()
    assert is_classifier(clf)
    assert clf.__sklearn_tags__().estimator_type == "classifier"
    assert isinstance(check_cv(5, y, classifier=is_classifier(clf)), StratifiedKFold)


def test_tags_declare_no_nan_and_multi_label():
    # A 2-D 0/1 indicator y trains a multi-label network (docs/index.rst, user guide).
    tags = CNNClassifier().__sklearn_tags__()
    assert tags.input_tags.allow_nan is False
    assert tags.classifier_tags.multi_label is True


# ------------------------------------------------------------ parameters
def test_documented_defaults():
    params = CNNClassifier().get_params()
    assert params["arch"] == "simple"
    assert params["optimizer"] == "adam"
    assert params["loss"] == "auto"
    assert params["epochs"] == "auto"
    assert params["batch_size"] == "auto"
    assert params["validation_split"] == 0.0
    assert params["augment"] == "auto"
    assert params["learning_rate"] == "auto"
    assert params["label_smoothing"] == "auto"
    assert params["precision"] == "auto"
    assert params["rescale"] == "auto"
    assert params["resize"] == "auto"
    assert params["verbose"] == 0
    assert params["warm_start"] is False


def test_get_params_is_fixed_no_model_routing():
    clf = CNNClassifier()
    with pytest.raises(ValueError, match="Invalid parameter 'model'"):
        clf.set_params(model__hidden=8)
    assert not any("__" in name for name in clf.get_params(deep=False))


def test_parameters_are_validated_at_fit(digits):
    X, y = digits
    with pytest.raises(InvalidParameterError, match="epochs"):
        CNNClassifier(epochs=-3).fit(X, y)


def test_fit_and_predict_take_no_keras_keyword_arguments(digits, fitted):
    X, y = digits
    with pytest.raises(TypeError):
        CNNClassifier(epochs=1).fit(X, y, shuffle=False)
    with pytest.raises(TypeError):
        fitted.predict(X, batch_size=4)
    with pytest.raises(TypeError):
        fitted.predict_proba(X, batch_size=4)
    assert "class_weight" in fitted.get_params()


def test_builder_receives_shape_classes_and_hyperparameters(digits):
    X, y = digits
    seen = {}

    def builder(input_shape, n_classes, **hyperparams):
        seen.update(input_shape=tuple(input_shape), n_classes=n_classes, **hyperparams)
        return _tiny_builder(input_shape, n_classes, **hyperparams)

    clf = CNNClassifier(arch=builder, filters=3, arch_kwargs={"hidden": 5}, epochs=1)
    clf.fit(X, y)
    assert seen == {"input_shape": (8, 8, 1), "n_classes": 10, "filters": 3, "hidden": 5}
    body = clf.model_.layers[-1]  # the builder's model, after rescale (and resize)
    assert body.get_layer("hidden").units == 5
    # arch_kwargs is one parameter: clone and grid searches see it whole.
    assert clone(clf).get_params()["arch_kwargs"] == {"hidden": 5}


def test_keras_model_as_arch_is_copied_not_trained(digits):
    import keras

    X, y = digits
    model = _tiny_builder((8, 8, 1), 10)
    before = [w.copy() for w in model.get_weights()]
    clf = CNNClassifier(arch=model, epochs=1, random_state=0).fit(X, y)
    assert clf.model_ is not model
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
    assert isinstance(clf.model_, keras.Model)


def test_learning_rate_reaches_the_optimizer(digits):
    X, y = digits
    clf = CNNClassifier(optimizer="rmsprop", learning_rate=0.01, epochs=1).fit(X, y)
    assert clf.model_.optimizer.__class__.__name__ == "RMSprop"
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(0.01)


def test_callbacks_are_called(digits):
    import keras

    X, y = digits
    epochs = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            epochs.append(epoch)

    CNNClassifier(epochs=2, callbacks=[Record()]).fit(X, y)
    assert epochs == [0, 1]


def test_verbose_zero_prints_nothing(digits):
    X, y = digits
    out = io.StringIO()
    with redirect_stdout(out):
        CNNClassifier(epochs=1, verbose=0).fit(X, y).predict(X[:3])
    assert out.getvalue() == ""


# ----------------------------------------------------------- history and warm starts
def test_history_records_accuracy_and_validation(fitted, digits):
    assert list(fitted.history_.columns) == ["accuracy", "loss"]
    assert fitted.history_.index.name == "epoch"
    assert fitted.history_.index.tolist() == [1]
    held_out = CNNClassifier(epochs=1, validation_split=0.1, random_state=0).fit(*digits)
    assert list(held_out.history_.columns) == ["accuracy", "loss", "val_accuracy", "val_loss"]


def test_warm_start_continues_n_iter_and_history(digits):
    X, y = digits
    clf = CNNClassifier(epochs=1, warm_start=True, random_state=0)
    clf.fit(X, y)
    model = clf.model_
    clf.fit(X, y)
    assert clf.model_ is model
    assert clf.n_iter_ == 2
    assert clf.history_.index.tolist() == [1, 2]
    clf.partial_fit(X, y)
    assert clf.n_iter_ == 3


def test_early_stopping_reports_epochs_run(digits):
    X, y = digits
    clf = CNNClassifier(epochs=50, early_stopping=True, patience=0, random_state=0)
    clf.fit(X, y)
    assert 1 <= clf.n_iter_ < 50
    assert len(clf.history_) == clf.n_iter_


def test_unseeded_fit_after_seeded_fit_works(digits):
    X, y = digits
    CNNClassifier(epochs=1, random_state=0).fit(X, y)
    after_first = np.random.rand()
    CNNClassifier(epochs=1, random_state=0).fit(X, y)
    # A seeded fit seeds NumPy's global generator (as Keras's set_random_seed does).
    assert np.random.rand() == after_first
    clf = CNNClassifier(epochs=1).fit(X, y)
    assert clf.predict(X[:2]).shape == (2,)


# ------------------------------------------------------------ input layouts and labels
def test_flat_3d_4d_and_dataframe_inputs_are_one_network(digits):
    X, y = digits
    layouts = [X, X.reshape(-1, 8, 8), X.reshape(-1, 8, 8, 1), pd.DataFrame(X)]
    predictions = []
    for data in layouts:
        clf = CNNClassifier(epochs=1, random_state=0).fit(data, y)
        assert clf.input_shape_ == (8, 8, 1)
        assert clf.n_features_in_ == 64
        predictions.append(clf.predict(data))
    for p in predictions:
        assert p.shape == (len(X),)
        np.testing.assert_array_equal(p, predictions[0])


def test_flat_rows_can_be_read_with_input_shape(digits):
    X, y = digits
    clf = CNNClassifier(input_shape=(4, 16), epochs=1, resize=None, arch=_tiny_builder)
    assert clf.fit(X, y).input_shape_ == (4, 16, 1)


@pytest.mark.parametrize(
    "labels",
    [
        np.array(list("abcdefghij"))[np.arange(200) % 10],
        pd.Categorical(np.array(["zero", "one"])[np.arange(200) % 2]),
        np.arange(200) % 3 + 10,
    ],
    ids=["strings", "categorical", "ints"],
)
def test_classes_keep_label_type(digits, labels):
    X, _ = digits
    clf = CNNClassifier(epochs=1, random_state=0).fit(X, labels)
    expected = np.unique(np.asarray(labels))
    np.testing.assert_array_equal(clf.classes_, expected)
    predicted = clf.predict(X[:5])
    assert predicted.dtype == clf.classes_.dtype
    assert set(predicted.tolist()) <= set(expected.tolist())
    report = clf.report(X, np.asarray(labels))
    assert list(report.table.columns) == expected.tolist()


# ------------------------------------------------------------ persistence
def test_pickle_round_trip_predicts_identically(fitted, digits):
    X, _ = digits
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))
    np.testing.assert_array_equal(restored.classes_, fitted.classes_)
    assert restored.n_iter_ == fitted.n_iter_


def test_pickle_holds_keras_archive_bytes(fitted):
    state = fitted.__getstate__()
    assert isinstance(state["model_"].data, bytes)
    assert state["model_"].data[:2] == b"PK"  # a .keras file is a zip archive


def test_save_writes_a_keras_file_plain_keras_opens(fitted, digits, tmp_path):
    import keras

    X, _ = digits
    path = tmp_path / "digits.keras"
    fitted.save(path)
    loaded = CNNClassifier.load(path)
    np.testing.assert_array_equal(loaded.predict(X), fitted.predict(X))
    network = keras.saving.load_model(path)
    assert network.output_shape == (None, 10)


# ------------------------------------------------------------ reports (R guide)
def test_report_levels_are_the_union_of_both_vectors():
    from skcnn.metrics import confusion_matrix_report, table

    actual = np.array([0, 1, 2, 2])
    predicted = np.array([0, 1, 1, 1])  # class 2 never predicted
    report = confusion_matrix_report(actual, predicted)
    assert report.table.shape == (3, 3)
    assert report.table.loc[2].tolist() == [0, 0, 0]
    # table() keeps R's own levels per margin unless labels= names them.
    assert table(actual, predicted).shape == (3, 2)
    assert table(actual, predicted, labels=[0, 1, 2]).shape == (3, 3)


def test_predict_is_argmax_of_predict_proba(fitted, digits):
    X, _ = digits
    proba = fitted.predict_proba(X)
    np.testing.assert_array_equal(fitted.predict(X), fitted.classes_[proba.argmax(axis=1)])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
