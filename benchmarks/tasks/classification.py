"""Classification tasks at three training-set sizes: hundreds, thousands, tens of thousands."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

from . import sources
from ._task import Task


def digits_500(seed: int = 0) -> Task:
    """The digits with 500 training images (stratified) and the other 1,297 for testing."""
    X, y = sources.digits()
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, train_size=500, stratify=y, random_state=seed
    )
    return Task(
        "digits_500",
        "classification",
        X_train,
        y_train,
        X_test,
        y_test,
        "digits 8x8, 500 training images (stratified draw), 1,297 test images",
    )


def digits_writers(seed: int = 0) -> Task:
    """The digits split by writer: the first 1,000 images train, the other 797 test.

    The digits are ordered by the writer who drew them, so this split tests on
    people never seen in training. ``seed`` is unused (the split is fixed).
    """
    X, y = sources.digits()
    return Task(
        "digits_writers",
        "classification",
        X[:1000],
        y[:1000],
        X[1000:],
        y[1000:],
        "digits 8x8, first 1,000 images train, other 797 (other writers) test",
    )


def _fashion(n_train: int, n_test: int, seed: int, name: str) -> Task:
    (Xa, ya), (Xb, yb) = sources.fashion()
    rng = np.random.default_rng(seed)
    train = np.sort(rng.choice(len(Xa), n_train, replace=False))
    test = np.sort(rng.choice(len(Xb), n_test, replace=False))
    return Task(
        name,
        "classification",
        Xa[train],
        ya[train].astype(np.int64),
        Xb[test],
        yb[test].astype(np.int64),
        f"Fashion-MNIST 28x28, {n_train:,} training images, {n_test:,} of its test set",
    )


def fashion_5k(seed: int = 0, n_train: int = 5000, n_test: int = 10000) -> Task:
    """Fashion-MNIST with thousands of training images (5,000 drawn from its 60,000)."""
    return _fashion(n_train, n_test, seed, "fashion_5k")


def fashion_20k(seed: int = 0, n_train: int = 20000, n_test: int = 10000) -> Task:
    """Fashion-MNIST with tens of thousands of training images (20,000)."""
    return _fashion(n_train, n_test, seed, "fashion_20k")
