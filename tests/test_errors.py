"""Bad input gets a clear error before training, and nothing is lost."""

import numpy as np
import pytest
from sklearn.base import clone

from skcnn import CNNClassifier
from tests.test_estimator import assert_same_state, state_of


@pytest.fixture()
def fitted(small_digits):
    X, y = small_digits
    return CNNClassifier(epochs=1, random_state=0).fit(X, y)


def _nan_pixels(X):
    X = X.copy()
    X[3, 5] = np.nan
    return X


def _inf_pixels(X):
    X = X.copy()
    X[0, 0] = np.inf
    return X


FIT_ERRORS = [
    ("nan pixels", lambda X, y: (_nan_pixels(X), y), {}, ValueError, "NaN"),
    ("inf pixels", lambda X, y: (_inf_pixels(X), y), {}, ValueError, "infinity"),
    ("5-d input", lambda X, y: (X.reshape(-1, 8, 8, 1, 1), y), {}, ValueError, "5 dimensions"),
    ("1-d input", lambda X, y: (X[:, 0], y), {}, ValueError, "Expected 2D array"),
    (
        "input_shape mismatch",
        lambda X, y: (X, y),
        {"input_shape": (7, 7)},
        ValueError,
        r"input_shape=\(7, 7, 1\) holds 49 values per image, but X has 64 features",
    ),
    ("one class", lambda X, y: (X, np.zeros_like(y)), {}, ValueError, "only one class"),
    (
        "nan labels",
        lambda X, y: (X, np.where(np.arange(len(y)) == 4, np.nan, y.astype(float))),
        {},
        ValueError,
        r"missing label.*position\(s\) \[4\]",
    ),
    ("continuous labels", lambda X, y: (X, y + 0.37 * np.arange(len(y))), {}, ValueError, "label"),
    (
        "too few samples",
        lambda X, y: (X[:1], y[:1]),
        {"validation_split": 0.5},
        ValueError,
        "one class",
    ),
    (
        "too few for validation",
        lambda X, y: (X[:2], np.array([0, 1])),
        {"validation_split": 0.9},
        ValueError,
        "Too few samples for validation_split=0.9",
    ),
    (
        "unknown arch",
        lambda X, y: (X, y),
        {"arch": "lenet"},
        ValueError,
        r"Unknown architecture arch='lenet'\. Did you mean 'lenet5'.*Valid names: .*lenet5.*simple",
    ),
    (
        "filters wrong length",
        lambda X, y: (X, y),
        {"filters": (16, 32)},
        ValueError,
        r"3 convolution stages.*filters has 2 entries",
    ),
    (
        "bad parameter",
        lambda X, y: (X, y),
        {"epochs": 0},
        ValueError,
        r"The 'epochs' parameter of CNNClassifier must be an int in the range \[1, inf\)",
    ),
    ("label count", lambda X, y: (X, y[:-1]), {}, ValueError, "inconsistent numbers|labels"),
]


@pytest.mark.parametrize(
    "make, params, error, match", [c[1:] for c in FIT_ERRORS], ids=[c[0] for c in FIT_ERRORS]
)
def test_bad_fit_input_raises_and_keeps_fitted_state(fitted, small_digits, make, params, error,
                                                     match):
    X, y = make(*small_digits)
    est = fitted.set_params(**params) if params else fitted
    before = state_of(fitted)
    before = {k: v for k, v in before.items()}
    with pytest.raises(error, match=match):
        est.fit(X, y)
    after = state_of(fitted)
    assert_same_state(before, after)


def test_errors_are_raised_before_any_training(small_digits):
    import keras

    X, y = small_digits
    started = []

    class Spy(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            started.append(True)

    with pytest.raises(ValueError):
        CNNClassifier(filters=(1, 2), callbacks=[Spy()]).fit(X, y)
    assert started == []


def test_predict_with_other_image_size(fitted, small_digits):
    X, _ = small_digits
    with pytest.raises(ValueError, match=r"X has 49 features, but CNNClassifier is expecting 64"):
        fitted.predict(X[:, :49])
    with pytest.raises(ValueError, match=r"images of shape \(7, 7, 1\).*fitted on images of shape"):
        fitted.predict(X[:, :49].reshape(-1, 7, 7))


def test_unfitted_predict_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CNNClassifier().predict(np.zeros((2, 64)))


def test_evaluate_with_unknown_label(fitted, small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match=r"label\(s\) \[42\]"):
        fitted.evaluate(X[:3], np.array([42, 0, 1]))


def test_warm_start_with_new_image_size(small_digits):
    X, y = small_digits
    est = CNNClassifier(epochs=1, warm_start=True, random_state=0).fit(X, y)
    before = state_of(est)
    with pytest.raises(ValueError, match="X has 81 features, but CNNClassifier is expecting 64"):
        est.fit(np.hstack([X, X[:, :17]]), y)
    assert_same_state(before, state_of(est))


# ------------------------------------------------------------------ interruption
def _interrupting_callback(exc_type, at_epoch=1):
    import keras

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == at_epoch:
                raise exc_type("stop")

    return Interrupt()


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, RuntimeError])
def test_interrupted_refit_leaves_previous_fit(fitted, small_digits, exc_type):
    X, y = small_digits
    before = state_of(fitted)
    fitted.set_params(epochs=3, callbacks=[_interrupting_callback(exc_type)])
    with pytest.raises(exc_type):
        fitted.fit(X, y)
    after = state_of(fitted)
    before.pop("callbacks", None), after.pop("callbacks", None)
    before.pop("epochs", None), after.pop("epochs", None)
    assert_same_state(before, after)


def test_interrupted_first_fit_leaves_estimator_unfitted(small_digits):
    X, y = small_digits
    est = CNNClassifier(epochs=3, callbacks=[_interrupting_callback(KeyboardInterrupt)])
    with pytest.raises(KeyboardInterrupt):
        est.fit(X, y)
    assert not hasattr(est, "model_")
    assert not hasattr(est, "classes_")
    assert clone(est).get_params()["epochs"] == 3


@pytest.mark.parametrize("how", ["warm_start", "partial_fit"])
def test_interrupted_continued_training_restores_weights_and_optimizer(small_digits, how):
    X, y = small_digits
    est = CNNClassifier(epochs=1, warm_start=True, random_state=0)
    if how == "warm_start":
        est.fit(X, y)
    else:
        est.partial_fit(X, y, classes=np.arange(10))
    optimizer_before = [v.numpy().copy() for v in est.model_.optimizer.variables]
    before = state_of(est)
    # epochs continue their count: the first epoch of this call is number n_iter_
    interrupt = _interrupting_callback(KeyboardInterrupt, at_epoch=est.n_iter_)
    est.set_params(epochs=3, callbacks=[interrupt])
    with pytest.raises(KeyboardInterrupt):
        if how == "warm_start":
            est.fit(X, y)
        else:
            est.partial_fit(X, y)
    after = state_of(est)
    for key in ("callbacks", "epochs"):
        before.pop(key), after.pop(key)
    assert_same_state(before, after)
    for a, b in zip(optimizer_before, est.model_.optimizer.variables, strict=True):
        np.testing.assert_array_equal(a, b.numpy())
