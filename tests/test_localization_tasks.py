"""benchmarks/tasks/localization.py: the builders draw what they claim, the scorer counts.

Pure NumPy: no network is built here (the maps on these tasks are checked in
tests/test_inspection.py and measured by benchmarks/bench_localization.py).
"""

import numpy as np
import pytest

from benchmarks.tasks.localization import NO_BOX, peak_on_object, position, presence


def square_mask(shape, boxes):
    mask = np.zeros(shape, dtype=bool)
    for i, (t, left, b, r) in enumerate(boxes):
        if t >= 0:
            mask[i, t:b, left:r] = True
    return mask


@pytest.mark.parametrize("size", [24, 32])
def test_presence_draws_the_square_where_the_box_says(size):
    X, y, boxes = presence(300, size, patch=5, seed=3)
    assert X.shape == (300, size, size) and X.dtype == np.uint8
    assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    assert 0.35 < y.mean() < 0.65  # about half have the square
    assert boxes.shape == (300, 4) and boxes.dtype == np.int64
    # No square: the box is NO_BOX and every pixel is noise.
    absent = y == 0
    assert (boxes[absent] == NO_BOX).all() and X[absent].max() <= 127
    # A square: 5x5 of 255 inside the image, the only 255 pixels there are.
    present = boxes[~absent]
    assert ((present[:, 2] - present[:, 0]) == 5).all()
    assert ((present[:, 3] - present[:, 1]) == 5).all()
    assert present.min() >= 0 and present[:, 2:].max() <= size
    mask = square_mask(X.shape, boxes)
    assert (X[mask] == 255).all() and X[~mask].max() <= 127
    # Positions vary over the whole image.
    assert present[:, 0].min() == 0 and present[:, 2].max() == size
    assert len(np.unique(present[:, 1])) > size // 2


def test_position_puts_the_square_in_the_half_of_its_class():
    X, y, boxes = position(300, 24, patch=5, seed=4)
    assert set(np.unique(y)) == {0, 1} and 0.35 < y.mean() < 0.65
    left, right = y == 0, y == 1
    assert (boxes[left, 3] <= 12).all() and (boxes[right, 1] >= 12).all()
    mask = square_mask(X.shape, boxes)
    assert (X[mask] == 255).all() and X[~mask].max() <= 127
    # Both classes use every row and the whole width of their half.
    for side, (low, high) in ((left, (0, 12)), (right, (12, 24))):
        assert boxes[side, 1].min() == low and boxes[side, 3].max() == high
        assert boxes[side, 0].min() == 0 and boxes[side, 2].max() == 24


def test_seeds():
    a = presence(20, seed=1)
    b = presence(20, seed=1)
    c = presence(20, seed=2)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: presence(0), "n must be a positive int"),
        (lambda: presence(5, size=24.0), "size must be a positive int"),
        (lambda: position(5, size=8, patch=5), r"patch=5 does not fit twice across size=8"),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_peak_on_object():
    maps = np.zeros((4, 6, 6))
    maps[0, 2, 2] = 1.0  # inside (1, 1, 3, 3)
    maps[1, 3, 3] = 1.0  # just outside: bottom and right are exclusive
    maps[2, 5, 0] = 1.0  # no object: left out
    maps[3, 0, 4] = 2.0  # inside (0, 4, 2, 6)
    boxes = [(1, 1, 3, 3), (1, 1, 3, 3), NO_BOX, (0, 4, 2, 6)]
    assert peak_on_object(maps, boxes) == pytest.approx(2 / 3)
    # Found by hand on the maps of the builders: the square itself scores 1.
    X, _, boxes = presence(50, seed=5)
    assert peak_on_object(X.astype(float), boxes) == 1.0
    assert peak_on_object(-X.astype(float), boxes) == 0.0
    assert np.isnan(peak_on_object(maps[2:3], [NO_BOX]))
    with pytest.raises(ValueError, match="one box per map"):
        peak_on_object(maps, boxes[:2])
