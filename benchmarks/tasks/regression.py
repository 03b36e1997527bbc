"""Regression targets computed from the image: area, count, position, angle, scale, contrast.

Each builder draws its images from disjoint source pools (:mod:`.sources`) and
records what it drew in ``Task.info`` so the tests can check the targets.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from . import sources
from ._task import Task


def ink_share(seed: int = 0) -> Task:
    """The share of strongly inked pixels of each digit: ``(X > 8).mean()`` (an area).

    The case issue 23 measured (1,400 training / 397 test images, in the digits'
    order). ``seed`` is unused.
    """
    X, _ = sources.digits()
    y = (X > 8).reshape(len(X), -1).mean(axis=1)
    return Task(
        "regress_ink_share",
        "regression",
        X[:1400],
        y[:1400],
        X[1400:],
        y[1400:],
        "digits 8x8: share of pixels above 8 (area); first 1,400 train, 397 test",
    )


def _split(make, n_train, n_test, seed, name, description):
    pool_train, pool_test = sources.fashion_pools(seed)
    rng = np.random.default_rng(seed + 1)
    X_train, y_train, info_train = make(pool_train, n_train, rng)
    X_test, y_test, info_test = make(pool_test, n_test, rng)
    return Task(
        name,
        "regression",
        X_train,
        y_train,
        X_test,
        y_test,
        description,
        info={"train": info_train, "test": info_test},
    )


def _shrunk(item: np.ndarray, size: int) -> np.ndarray:
    """A 28x28 item resized to ``size`` x ``size`` (bilinear)."""
    return ndimage.zoom(item.astype(np.float64), size / item.shape[0], order=1)


def count(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """How many items lie on a 40x40 canvas: 1 to 6 of 4x4 possible cells, 10x10 items."""

    def make(pool, n, rng):
        items, _ = pool
        X = np.zeros((n, 40, 40))
        counts = rng.integers(1, 7, n)
        cells = []
        k = 0
        for i in range(n):
            chosen = rng.choice(16, counts[i], replace=False)
            for cell in chosen:
                r, c = divmod(int(cell), 4)
                X[i, r * 10 : r * 10 + 10, c * 10 : c * 10 + 10] = _shrunk(
                    items[k % len(items)], 10
                )
                k += 1
            cells.append(sorted(int(c) for c in chosen))
        return sources.to_uint8(X), counts.astype(np.float64), {"cells": cells}

    return _split(
        make, n_train, n_test, seed, "regress_count",
        "40x40 canvas with 1-6 Fashion-MNIST items (10x10) in a 4x4 grid: how many (a count)",
    )


def position(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """Where one 14x14 item lies on a 40x40 canvas: the column of its centre (a position)."""

    def make(pool, n, rng):
        items, _ = pool
        X = np.zeros((n, 40, 40))
        rows, cols = rng.integers(0, 27, n), rng.integers(0, 27, n)
        for i in range(n):
            X[i, rows[i] : rows[i] + 14, cols[i] : cols[i] + 14] = _shrunk(items[i], 14)
        return sources.to_uint8(X), cols + 6.5, {"rows": rows, "cols": cols}

    return _split(
        make, n_train, n_test, seed, "regress_position",
        "40x40 canvas, one 14x14 Fashion-MNIST item anywhere: column of its centre (a position)",
    )


def angle(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """The angle, in degrees within [-45, 45], by which an item was rotated (an angle)."""

    def make(pool, n, rng):
        items, _ = pool
        angles = rng.uniform(-45, 45, n)
        X = np.stack(
            [
                ndimage.rotate(items[i].astype(np.float64), angles[i], reshape=False, order=1)
                for i in range(n)
            ]
        )
        return sources.to_uint8(X), angles, {"angles": angles}

    return _split(
        make, n_train, n_test, seed, "regress_angle",
        "Fashion-MNIST 28x28 rotated by a uniform angle in [-45, 45] degrees: the angle",
    )


def scale(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """The factor in [0.4, 1] by which an item was shrunk, placed at a random offset."""

    def make(pool, n, rng):
        items, _ = pool
        factors = rng.uniform(0.4, 1.0, n)
        X = np.zeros((n, 28, 28))
        offsets = []
        for i in range(n):
            small = ndimage.zoom(items[i].astype(np.float64), factors[i], order=1)
            h = small.shape[0]
            r, c = rng.integers(0, 28 - h + 1, 2)
            X[i, r : r + h, c : c + h] = small
            offsets.append((int(r), int(c), int(h)))
        return sources.to_uint8(X), factors, {"factors": factors, "boxes": offsets}

    return _split(
        make, n_train, n_test, seed, "regress_scale",
        "Fashion-MNIST item shrunk by a factor in [0.4, 1], at a random offset: the factor",
    )


def contrast(seed: int = 0, n_train: int = 3000, n_test: int = 1000) -> Task:
    """The contrast factor in [0.2, 1] of an item on a noisy background (an intensity)."""

    def make(pool, n, rng):
        items, _ = pool
        factors = rng.uniform(0.2, 1.0, n)
        background = rng.uniform(20, 60, n)
        noise = rng.normal(0.0, 8.0, (n, 28, 28))
        X = background[:, None, None] + factors[:, None, None] * items[:n] * 0.75 + noise
        return sources.to_uint8(X), factors, {"factors": factors, "background": background}

    return _split(
        make, n_train, n_test, seed, "regress_contrast",
        "Fashion-MNIST item scaled by a contrast in [0.2, 1] over a noisy grey level: contrast",
    )
