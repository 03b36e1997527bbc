"""Localization tasks: does a saliency map point at the evidence?

Two synthetic image tasks whose evidence is one bright square on noise, so the
pixels a map should point at are known exactly (issue 23, item 3):

- :func:`presence`: the square is there (label 1) or not (label 0), anywhere
  in the image. The evidence is the square itself, wherever it lies.
- :func:`position`: the square is always there; the label is the half of the
  image it lies in (0 left, 1 right). The evidence is *where* the square is,
  which Grad-CAM's channel weights (spatial means of the gradient) average
  away; occlusion, which hides the square, still finds it.

Each builder returns ``(X, y, boxes)``: uint8 images of shape (n, size, size)
(noise 0 to 127, the square 255), int64 labels, and int64 boxes of shape (n, 4)
``(top, left, bottom, right)`` in pixels, bottom and right exclusive
(``X[i, top:bottom, left:right]`` is the square); an image without a square
has the box ``(-1, -1, -1, -1)``. :func:`peak_on_object` scores a set of maps.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NO_BOX", "peak_on_object", "position", "presence"]

NO_BOX = (-1, -1, -1, -1)
_NOISE_MAX = 127  # noise is uniform on 0..127, the square is 255


def _canvas(rng, n, size):
    return rng.integers(0, _NOISE_MAX + 1, (n, size, size), dtype=np.uint8)


def _check(n, size, patch):
    for name, value in (("n", n), ("size", size), ("patch", patch)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}.")
    if 2 * patch > size:
        raise ValueError(
            f"patch={patch} does not fit twice across size={size}: the position task "
            f"needs a square inside each half; pass a patch of at most {size // 2}."
        )


def presence(n: int, size: int = 24, patch: int = 5, *, seed: int = 0):
    """A bright square present (label 1) or absent (label 0) on noise.

    Half the images (drawn at random) get a ``patch`` x ``patch`` square of
    255 at a uniformly random position, wholly inside the image.

    Parameters
    ----------
    n : int
        Number of images.
    size : int, default=24
        Height and width of the images.
    patch : int, default=5
        Side of the square.
    seed : int, default=0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray of shape (n, size, size), uint8
    y : ndarray of shape (n,), int64
        1 where the square is drawn.
    boxes : ndarray of shape (n, 4), int64
        ``(top, left, bottom, right)`` of the square, ``NO_BOX`` where there is none.

    Examples
    --------
    >>> X, y, boxes = presence(4, seed=1)
    >>> X.shape, X.dtype.name
    ((4, 24, 24), 'uint8')
    >>> t, left, b, r = boxes[y == 1][0].tolist()
    >>> int(X[y == 1][0, t:b, left:r].min()), (b - t, r - left)
    (255, (5, 5))
    """
    _check(n, size, patch)
    rng = np.random.default_rng(seed)
    X = _canvas(rng, n, size)
    y = rng.integers(0, 2, n).astype(np.int64)
    tops = rng.integers(0, size - patch + 1, n)
    lefts = rng.integers(0, size - patch + 1, n)
    boxes = np.tile(np.array(NO_BOX, dtype=np.int64), (n, 1))
    for i in np.flatnonzero(y):
        t, left = int(tops[i]), int(lefts[i])
        X[i, t : t + patch, left : left + patch] = 255
        boxes[i] = (t, left, t + patch, left + patch)
    return X, y, boxes


def position(n: int, size: int = 24, patch: int = 5, *, seed: int = 0):
    """A bright square on noise whose half of the image is the class.

    Every image gets one ``patch`` x ``patch`` square of 255, wholly inside its
    left half (label 0) or its right half (label 1), at a random row and a
    random column within that half. Nothing but the square's position tells
    the classes apart.

    Parameters
    ----------
    n : int
        Number of images.
    size : int, default=24
        Height and width of the images.
    patch : int, default=5
        Side of the square (at most ``size // 2``).
    seed : int, default=0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray of shape (n, size, size), uint8
    y : ndarray of shape (n,), int64
        0 when the square lies in the left half, 1 in the right half.
    boxes : ndarray of shape (n, 4), int64
        ``(top, left, bottom, right)`` of the square.

    Examples
    --------
    >>> X, y, boxes = position(6, size=24, seed=2)
    >>> bool(((boxes[:, 3] <= 12) == (y == 0)).all())
    True
    """
    _check(n, size, patch)
    rng = np.random.default_rng(seed)
    X = _canvas(rng, n, size)
    y = rng.integers(0, 2, n).astype(np.int64)
    half = size // 2
    tops = rng.integers(0, size - patch + 1, n)
    lefts = rng.integers(0, half - patch + 1, n) + y * (size - half)
    boxes = np.stack([tops, lefts, tops + patch, lefts + patch], axis=1).astype(np.int64)
    for i, (t, left, b, r) in enumerate(boxes):
        X[i, t:b, left:r] = 255
    return X, y, boxes


def peak_on_object(maps, boxes) -> float:
    """The fraction of maps whose largest value lies inside the object's box.

    Parameters
    ----------
    maps : array-like of shape (n, h, w)
        One map per image (Grad-CAM, occlusion, ...), at the image's size.
    boxes : array-like of shape (n, 4)
        ``(top, left, bottom, right)`` per image; rows equal to ``NO_BOX``
        (images without an object) are left out.

    Returns
    -------
    float
        Share of the images with an object whose map peaks on it; a map of
        ties (all zeros, say) peaks at its first pixel, as :func:`numpy.argmax`
        says. NaN when no image has an object.

    Examples
    --------
    >>> import numpy as np
    >>> maps = np.zeros((2, 4, 4)); maps[0, 1, 1] = 1; maps[1, 3, 3] = 1
    >>> peak_on_object(maps, [(0, 0, 2, 2), (0, 0, 2, 2)])
    0.5
    """
    maps = np.asarray(maps)
    boxes = np.asarray(boxes, dtype=np.int64).reshape(-1, 4)
    if maps.ndim != 3 or len(maps) != len(boxes):
        raise ValueError(
            f"maps must have shape (n, h, w) with one box per map; got maps of shape "
            f"{maps.shape} and {len(boxes)} boxes."
        )
    has = ~np.all(boxes == np.array(NO_BOX), axis=1)
    if not has.any():
        return float("nan")
    maps, boxes = maps[has], boxes[has]
    flat = maps.reshape(len(maps), -1).argmax(axis=1)
    rows, cols = np.unravel_index(flat, maps.shape[1:])
    inside = (
        (rows >= boxes[:, 0]) & (rows < boxes[:, 2]) & (cols >= boxes[:, 1]) & (cols < boxes[:, 3])
    )
    return float(inside.mean())
