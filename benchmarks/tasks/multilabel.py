"""Multi-label tasks: composites of several digits or items, labelled by what they contain."""

from __future__ import annotations

import numpy as np

from . import sources
from ._task import Task


def _indicators(labels_per_image, n_labels=10) -> np.ndarray:
    Y = np.zeros((len(labels_per_image), n_labels), dtype=np.int64)
    for i, labels in enumerate(labels_per_image):
        Y[i, list(labels)] = 1
    return Y


def digit_quads(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """16x16 images of a 2x2 grid of digits, each cell empty with chance 1/4.

    The labels are the digits present (0/1 for each of the ten); an image
    with four empty cells is drawn again.
    """
    pool_train, pool_test = sources.digit_pools(seed)
    rng = np.random.default_rng(seed + 1)

    def make(pool, n):
        images, digits = pool
        X = np.zeros((n, 16, 16))
        present = []
        for i in range(n):
            filled = rng.random(4) >= 0.25
            while not filled.any():
                filled = rng.random(4) >= 0.25
            chosen = rng.integers(0, len(images), 4)
            labels = set()
            for cell in np.flatnonzero(filled):
                r, c = divmod(int(cell), 2)
                X[i, r * 8 : r * 8 + 8, c * 8 : c * 8 + 8] = images[chosen[cell]]
                labels.add(int(digits[chosen[cell]]))
            present.append(sorted(labels))
        return sources.to_uint8(X), _indicators(present), present

    X_train, Y_train, p_train = make(pool_train, n_train)
    X_test, Y_test, p_test = make(pool_test, n_test)
    return Task(
        "multilabel_digit_quads",
        "multilabel",
        X_train,
        Y_train,
        X_test,
        Y_test,
        "16x16 2x2 grid of digits (cells empty with chance 1/4): which digits are present",
        info={"train": p_train, "test": p_test},
    )


def fashion_pairs(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """28x56 images of two Fashion-MNIST items side by side; labels: the classes present."""
    pool_train, pool_test = sources.fashion_pools(seed)

    def make(pool, n):
        items, classes = pool
        left, right = items[:n], items[n : 2 * n]
        X = np.concatenate([left, right], axis=2)
        pairs = zip(classes[:n], classes[n : 2 * n], strict=True)
        present = [sorted({int(a), int(b)}) for a, b in pairs]
        return X, _indicators(present), present

    X_train, Y_train, p_train = make(pool_train, n_train)
    X_test, Y_test, p_test = make(pool_test, n_test)
    return Task(
        "multilabel_fashion_pairs",
        "multilabel",
        X_train,
        Y_train,
        X_test,
        Y_test,
        "28x56: two Fashion-MNIST items side by side: which of the ten classes are present",
        info={"train": p_train, "test": p_test},
    )
