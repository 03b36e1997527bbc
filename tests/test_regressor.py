"""CNNRegressor: continuous targets from images."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from scipy import ndimage
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import r2_score
from sklearn.model_selection import cross_val_score

from skcnn import CNNRegressor


@pytest.fixture(scope="module")
def rotated_digits(digits):
    """Digits upsampled to 16x16 and rotated by a random angle in [-40, 40] degrees:
    the angle is the target."""
    X, _ = digits
    rng = np.random.RandomState(0)
    big = np.stack([ndimage.zoom(image, 2, order=1) for image in X.reshape(-1, 8, 8)])
    angles = rng.uniform(-40, 40, len(big))
    rotated = np.stack(
        [ndimage.rotate(im, a, reshape=False, order=1) for im, a in zip(big, angles, strict=True)]
    )
    return rotated, angles


@pytest.mark.slow
def test_predicts_the_rotation_angle_of_held_out_writers(rotated_digits):
    images, angles = rotated_digits
    reg = CNNRegressor(epochs=20, random_state=0).fit(images[:1400], angles[:1400])
    predicted = reg.predict(images[1400:])
    assert predicted.shape == (len(images) - 1400,)
    assert r2_score(angles[1400:], predicted) >= 0.9
    assert reg.score(images[1400:], angles[1400:]) == pytest.approx(
        r2_score(angles[1400:], predicted)
    )


def test_fit_predict_shapes_history_and_evaluate(small_digits):
    X, _ = small_digits
    ink = X.mean(axis=1)
    reg = CNNRegressor(epochs=2, validation_split=0.1, random_state=0).fit(X, ink)
    assert reg.n_outputs_ == 1 and reg.n_iter_ == 2
    assert list(reg.history_.columns) == ["loss", "mae", "val_loss", "val_mae"]
    assert reg.predict(X[:4]).shape == (4,) and reg.predict(X[:4]).dtype == np.float64
    # The targets are standardized for training and given back in their units.
    assert abs(reg.predict(X).mean() - ink.mean()) < 3 * ink.std()
    result = reg.evaluate(X, ink)
    assert list(result.index) == ["loss", "mae"] and result["loss"] >= 0
    last = reg.model_.get_layer(index=-1).layers[-1]
    assert last.get_config()["activation"] == "linear"


def test_several_targets(small_digits):
    X, _ = small_digits
    Y = np.stack([X.mean(axis=1), X[:, :32].mean(axis=1), X.std(axis=1)], axis=1)
    reg = CNNRegressor(epochs=1, random_state=0).fit(X, Y)
    assert reg.n_outputs_ == 3
    assert reg.predict(X[:5]).shape == (5, 3)
    assert reg.model_.output_shape == (None, 3)


@pytest.mark.parametrize(
    "loss, keras_name", [("absolute_error", "mean_absolute_error"), ("huber", "huber")]
)
def test_loss_names(small_digits, loss, keras_name):
    X, _ = small_digits
    reg = CNNRegressor(loss=loss, epochs=1, random_state=0).fit(X, X.mean(axis=1))
    assert reg.model_.loss == keras_name


def test_unstandardized_targets_train_on_the_raw_values(small_digits):
    X, _ = small_digits
    ink = X.mean(axis=1)
    a = CNNRegressor(epochs=1, random_state=0, standardize_targets=False).fit(X, ink)
    b = CNNRegressor(epochs=1, random_state=0).fit(X, ink)
    assert a.history_["loss"].iloc[0] != b.history_["loss"].iloc[0]
    assert (a._y_mean, a._y_scale) == (pytest.approx(0), pytest.approx(1))


def test_transformed_target_regressor_and_cross_validation(small_digits):
    X, _ = small_digits
    target = X.mean(axis=1)
    model = TransformedTargetRegressor(
        regressor=CNNRegressor(epochs=1, random_state=0), func=np.log1p, inverse_func=np.expm1
    )
    model.fit(X, target)
    assert model.predict(X[:3]).shape == (3,)
    scores = cross_val_score(CNNRegressor(epochs=1, random_state=0), X, target, cv=2)
    assert scores.shape == (2,) and np.all(np.isfinite(scores))


def test_save_load_and_pickle_keep_the_target_scale(small_digits, tmp_path):
    X, _ = small_digits
    Y = np.stack([X.mean(axis=1), 100 + X.std(axis=1)], axis=1)
    reg = CNNRegressor(epochs=1, random_state=0).fit(X, Y)
    expected = reg.predict(X[:10])
    reg.save(tmp_path / "reg.keras")
    loaded = CNNRegressor.load(tmp_path / "reg.keras")
    np.testing.assert_allclose(loaded.predict(X[:10]), expected, rtol=1e-6)
    assert loaded.n_outputs_ == 2
    copy = pickle.loads(pickle.dumps(reg))
    np.testing.assert_allclose(copy.predict(X[:10]), expected, rtol=1e-6)


def test_partial_fit_and_warm_start_continue(small_digits):
    X, _ = small_digits
    ink = X.mean(axis=1)
    reg = CNNRegressor(random_state=0)
    reg.partial_fit(X, ink).partial_fit(X, ink)
    assert reg.n_iter_ == 2
    warm = CNNRegressor(epochs=1, warm_start=True, random_state=0).fit(X, ink).fit(X, ink)
    assert warm.n_iter_ == 2 and len(warm.history_) == 2
    with pytest.raises(ValueError, match="2 target column"):
        reg.partial_fit(X, np.stack([ink, ink], axis=1))


@pytest.mark.parametrize(
    "y, message",
    [
        (lambda n: np.array(["a", "b"] * (n // 2)), "numeric targets.*CNNClassifier"),
        (lambda n: np.r_[np.nan, np.ones(n - 1)], "NaN"),
        (lambda n: np.ones(n - 1), "one target"),
        (lambda n: None, "requires y"),
    ],
)
def test_bad_targets_raise_before_training(small_digits, y, message):
    X, _ = small_digits
    reg = CNNRegressor(epochs=1)
    with pytest.raises(ValueError, match=message):
        reg.fit(X, y(len(X)))
    assert not hasattr(reg, "model_")


def test_user_model_must_end_in_a_dense_layer(small_digits):
    from skcnn._keras import get_keras

    keras = get_keras()
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(4, 3)(inputs))
    x = keras.layers.Activation("softmax")(keras.layers.Dense(1)(x))
    X, _ = small_digits
    with pytest.raises(ValueError, match="ends with a Activation layer.*Dense"):
        CNNRegressor(arch=keras.Model(inputs, x), epochs=1).fit(X, X.mean(axis=1))


def test_is_a_regressor_to_scikit_learn():
    from sklearn.base import is_regressor

    assert is_regressor(CNNRegressor())
    assert CNNRegressor().__sklearn_tags__().target_tags.multi_output
