"""Multi-label CNNClassifier: a 2-D 0/1 indicator y, as MLPClassifier takes it."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score
from sklearn.neural_network import MLPClassifier

from skcnn import CNNClassifier
from skcnn.metrics import classification_report


def _labels(y):
    """Three labels per digit: odd, greater than four, has a closed loop."""
    return np.stack([y % 2, (y > 4), np.isin(y, [0, 6, 8, 9])], axis=1).astype(int)


@pytest.fixture(scope="module")
def fitted(digits):
    X, y = digits
    return CNNClassifier(epochs=6, random_state=0).fit(X[:1000], _labels(y[:1000]))


def test_trains_sigmoid_outputs_and_predicts_the_indicator_matrix(fitted, digits):
    X, y = digits
    Y = _labels(y)
    assert fitted.classes_.tolist() == [0, 1, 2]
    predicted = fitted.predict(X[1000:])
    assert predicted.shape == (797, 3) and set(np.unique(predicted)) <= {0, 1}
    proba = fitted.predict_proba(X[1000:])
    assert proba.shape == (797, 3) and np.all((proba >= 0) & (proba <= 1))
    # Independent probabilities: rows do not sum to one.
    assert not np.allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(predicted, (proba >= 0.5).astype(int))
    last = fitted.model_.get_layer(index=-1).layers[-1]
    assert last.get_config()["activation"] == "sigmoid"
    assert fitted.model_.loss == "binary_crossentropy"
    # score is subset accuracy, as for every scikit-learn multi-label classifier.
    assert fitted.score(X[1000:], Y[1000:]) == accuracy_score(Y[1000:], predicted)
    assert fitted.score(X[1000:], Y[1000:]) > 0.7


def test_evaluate_reports_binary_accuracy(fitted, digits):
    X, y = digits
    Y = _labels(y[1000:])
    result = fitted.evaluate(X[1000:], Y)
    assert result["accuracy"] == pytest.approx(np.mean(fitted.predict(X[1000:]) == Y), abs=1e-6)


def test_same_output_format_as_mlpclassifier(digits):
    X, y = digits
    Y = _labels(y[:200])
    mlp = MLPClassifier(max_iter=20, random_state=0).fit(X[:200], Y)
    cnn = CNNClassifier(epochs=1, random_state=0).fit(X[:200], Y)
    assert cnn.classes_.tolist() == mlp.classes_.tolist()
    assert cnn.predict(X[:5]).shape == mlp.predict(X[:5]).shape
    assert cnn.predict_proba(X[:5]).shape == mlp.predict_proba(X[:5]).shape


def test_caret_report_and_roc_are_for_single_label_problems(fitted, digits):
    X, y = digits
    with pytest.raises(ValueError, match="single-label"):
        fitted.report(X[1000:], _labels(y[1000:]))
    with pytest.raises(ValueError, match=r"roc\(Y\[:, j\]"):
        fitted.roc(X[1000:], _labels(y[1000:]))


def test_classification_report_handles_indicator_matrices(fitted, digits):
    X, y = digits
    Y = _labels(y[1000:])
    report = classification_report(Y, fitted.predict(X[1000:]))
    assert list(report.index) == [0, 1, 2, "micro avg", "macro avg", "weighted avg", "samples avg"]
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(Y, fitted.predict(X[1000:]), zero_division=np.nan)
    np.testing.assert_allclose(report.loc[[0, 1, 2], "precision"], p)
    np.testing.assert_array_equal(report.loc[[0, 1, 2], "support"], s)


def test_save_load_keeps_multilabel(fitted, digits, tmp_path):
    X, _ = digits
    fitted.save(tmp_path / "ml.keras")
    loaded = CNNClassifier.load(tmp_path / "ml.keras")
    np.testing.assert_array_equal(loaded.predict(X[:20]), fitted.predict(X[:20]))


@pytest.mark.parametrize(
    "Y, kwargs, message",
    [
        (lambda y: _labels(y) * 2, {}, r"only 0 and 1.*y\[\d+, \d+\]"),
        (lambda y: _labels(y).astype(str), {}, "0/1"),
        (lambda y: _labels(y), {"label_smoothing": 0.1}, "label_smoothing"),
        (lambda y: _labels(y), {"class_weight": "balanced"}, "sample_weight"),
        (lambda y: _labels(y), {"loss": "categorical_crossentropy"}, "sigmoid"),
    ],
)
def test_bad_multilabel_input_raises_before_training(small_digits, Y, kwargs, message):
    X, y = small_digits
    clf = CNNClassifier(epochs=1, **kwargs)
    with pytest.raises(ValueError, match=message):
        clf.fit(X, Y(y))
    assert not hasattr(clf, "model_")


def test_switching_between_single_and_multi_label_on_warm_start(small_digits):
    X, y = small_digits
    clf = CNNClassifier(epochs=1, warm_start=True, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="same kind"):
        clf.fit(X, _labels(y))
    ml = CNNClassifier(epochs=1, warm_start=True, random_state=0).fit(X, _labels(y))
    with pytest.raises(ValueError, match="multi-label"):
        ml.fit(X, y)
