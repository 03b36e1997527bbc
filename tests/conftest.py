import numpy as np
import pytest
from sklearn.datasets import load_digits


@pytest.fixture(scope="session")
def digits():
    """sklearn's digits: flat 8x8 images (floats 0..16) and int labels."""
    X, y = load_digits(return_X_y=True)
    return X, y


@pytest.fixture(scope="session")
def small_digits(digits):
    """A stratified 300-image subset, enough for a fast one-or-two-epoch fit."""
    X, y = digits
    rng = np.random.RandomState(0)
    idx = np.concatenate([rng.choice(np.flatnonzero(y == k), 30, replace=False) for k in range(10)])
    rng.shuffle(idx)
    return X[idx], y[idx]


@pytest.fixture(scope="session")
def fitted_simple(small_digits):
    """A fitted default-preset estimator shared by read-only tests: float32, so
    that tests can recompute its numbers layer by layer; validation curves in
    its history."""
    from skcnn import CNNClassifier

    X, y = small_digits
    clf = CNNClassifier(epochs=2, validation_split=0.1, precision="float32", random_state=0)
    return clf.fit(X, y)
