"""The images the tasks are made of: scikit-learn's digits and Fashion-MNIST.

Both ship offline (digits with scikit-learn, Fashion-MNIST as Debian's
``dataset-fashion-mnist``). Tasks that compose new images draw their source
images from disjoint pools for training and testing, so no source image is seen
in both.
"""

from __future__ import annotations

import functools

import numpy as np


@functools.lru_cache(maxsize=1)
def digits():
    """scikit-learn's 1,797 digits as 8x8 float images (0 to 16) and labels."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.images.astype(np.float64), data.target.astype(np.int64)


@functools.lru_cache(maxsize=1)
def fashion():
    """Fashion-MNIST: ``(X_train, y_train), (X_test, y_test)``, uint8 28x28 images."""
    from skcnn.datasets import load_fashion_mnist

    return load_fashion_mnist(download=False)


def fashion_pools(seed: int):
    """Disjoint source pools: (train images, labels), (test images, labels).

    The training pool is Fashion-MNIST's training set, the test pool its test
    set, each in an order drawn from ``seed``.
    """
    (Xa, ya), (Xb, yb) = fashion()
    rng = np.random.default_rng(seed)
    a, b = rng.permutation(len(Xa)), rng.permutation(len(Xb))
    return (Xa[a], ya[a].astype(np.int64)), (Xb[b], yb[b].astype(np.int64))


def digit_pools(seed: int, test_share: float = 0.3):
    """Disjoint pools of the digits (8x8 images scaled to 0..255 as float)."""
    X, y = digits()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    n_test = int(round(test_share * len(X)))
    test, train = order[:n_test], order[n_test:]
    scaled = X * (255.0 / 16.0)
    return (scaled[train], y[train]), (scaled[test], y[test])


def to_uint8(images: np.ndarray) -> np.ndarray:
    """Clip to 0..255 and round to uint8, as an image file would store it."""
    return np.clip(np.rint(images), 0, 255).astype(np.uint8)
