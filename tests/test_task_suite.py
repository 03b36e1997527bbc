"""The benchmark task suite's builders make what they claim (issue 23).

Small sizes only: each builder is asked for a few dozen images and the targets are
recomputed from the images themselves, or from what the builder recorded.
"""

import numpy as np
import pytest
from scipy import ndimage

from benchmarks.tasks import classification, multilabel, regression, sources, suite
from benchmarks.tasks.contenders import CONTENDERS, make


def _fashion_available():
    try:
        sources.fashion()
    except Exception:  # noqa: BLE001 - any reason the data are missing skips the test
        return False
    return True


fashion = pytest.mark.skipif(
    not _fashion_available(),
    reason="Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)",
)


def test_the_suite_has_what_the_issue_asks_for():
    kinds = {}
    for name in suite.TASKS:
        kinds.setdefault(name.split("_")[0], []).append(name)
    assert len(suite.TASKS) >= 12
    assert len(kinds["regress"]) >= 5
    assert len(kinds["multilabel"]) >= 2
    with pytest.raises(KeyError, match="the suite has"):
        suite.build("no_such_task")


def test_classification_sizes_span_hundreds_to_tens_of_thousands():
    small = classification.digits_500()
    assert len(small.X_train) == 500 and len(small.X_test) == 1297
    assert np.bincount(small.y_train).min() >= 45  # stratified
    writers = classification.digits_writers()
    assert len(writers.X_train) == 1000 and len(writers.X_test) == 797


@fashion
def test_fashion_tasks_draw_without_overlap():
    task = classification.fashion_5k(n_train=300, n_test=200)
    assert task.X_train.shape == (300, 28, 28) and task.X_test.shape == (200, 28, 28)
    rows = {r.tobytes() for r in task.X_train}
    assert not any(r.tobytes() in rows for r in task.X_test)
    assert classification.fashion_20k.__defaults__[1] == 20000


def test_ink_share_is_the_share_of_pixels_above_eight():
    task = regression.ink_share()
    assert len(task.X_train) == 1400 and len(task.X_test) == 397
    recomputed = (task.X_test > 8).reshape(len(task.X_test), -1).mean(axis=1)
    np.testing.assert_array_equal(recomputed, task.y_test)


@fashion
def test_count_is_the_number_of_filled_cells():
    task = regression.count(n_train=40, n_test=20)
    for X, y, cells in zip(task.X_test, task.y_test, task.info["test"]["cells"], strict=True):
        inked = {
            r * 4 + c
            for r in range(4)
            for c in range(4)
            if X[r * 10 : r * 10 + 10, c * 10 : c * 10 + 10].max() > 0
        }
        assert inked == set(cells) and len(cells) == y
    assert set(np.unique(task.y_train)) <= {1, 2, 3, 4, 5, 6}


@fashion
def test_position_is_the_column_of_the_items_centre():
    task = regression.position(n_train=30, n_test=30)
    cols = task.info["test"]["cols"]
    for X, y, col in zip(task.X_test, task.y_test, cols, strict=True):
        inked_cols = np.flatnonzero(X.max(axis=0) > 0)
        assert inked_cols.min() >= col and inked_cols.max() <= col + 13
        assert y == col + 6.5
    # the target is not constant and spans the canvas
    assert task.y_train.min() < 12 and task.y_train.max() > 28


@fashion
def test_angle_rotating_back_restores_the_item():
    task = regression.angle(n_train=10, n_test=10)
    (pool, _), _ = sources.fashion_pools(0)
    item = pool[0].astype(float)
    angle = task.y_train[0]
    assert -45 <= angle <= 45
    expected = ndimage.rotate(item, angle, reshape=False, order=1)
    np.testing.assert_array_equal(task.X_train[0], sources.to_uint8(expected))


@fashion
def test_scale_is_the_size_of_the_drawn_box():
    task = regression.scale(n_train=20, n_test=20)
    for X, y, (r, c, h) in zip(task.X_test, task.y_test, task.info["test"]["boxes"], strict=True):
        assert h == pytest.approx(28 * y, abs=1)
        outside = X.copy()
        outside[r : r + h, c : c + h] = 0
        assert outside.max() == 0


@fashion
def test_contrast_scales_the_item_above_its_background():
    task = regression.contrast(n_train=50, n_test=10)
    (items, _), _ = sources.fashion_pools(0)
    background = task.info["train"]["background"]
    for i in range(50):
        drawn = task.X_train[i].astype(float).ravel() - background[i]
        item = 0.75 * items[i].astype(float).ravel()
        slope = drawn @ item / (item @ item)  # least squares through the origin
        assert slope == pytest.approx(task.y_train[i], abs=0.02)


def test_digit_quads_label_the_digits_present():
    task = multilabel.digit_quads(n_train=30, n_test=30)
    (_, _), (test_images, test_digits) = sources.digit_pools(0)
    assert task.y_test.shape == (30, 10)
    for X, Y, present in zip(task.X_test, task.y_test, task.info["test"], strict=True):
        assert set(np.flatnonzero(Y)) == set(present)
        cells = [X[r * 8 : r * 8 + 8, c * 8 : c * 8 + 8] for r in (0, 1) for c in (0, 1)]
        found = set()
        for cell in cells:
            if cell.max() == 0:
                continue
            match = np.flatnonzero(
                (sources.to_uint8(test_images) == cell).reshape(len(test_images), -1).all(1)
            )
            assert len(match)  # every filled cell is a digit of the test pool
            found |= {int(d) for d in test_digits[match]}
        assert set(present) <= found


@fashion
def test_fashion_pairs_label_both_items():
    task = multilabel.fashion_pairs(n_train=10, n_test=10)
    _, (items, classes) = sources.fashion_pools(0)
    np.testing.assert_array_equal(task.X_test[:, :, :28], items[:10])
    np.testing.assert_array_equal(task.X_test[:, :, 28:], items[10:20])
    for Y, a, b in zip(task.y_test, classes[:10], classes[10:20], strict=True):
        assert set(np.flatnonzero(Y)) == {a, b}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("kind", sorted(CONTENDERS))
def test_every_baseline_fits_its_kind_of_task(kind):
    rng = np.random.default_rng(0)
    X = rng.random((40, 16))
    y = {
        "classification": np.arange(40) % 3,
        "regression": rng.random(40),
        "multilabel": (rng.random((40, 3)) > 0.5) | np.eye(3, dtype=bool)[np.arange(40) % 3],
    }[kind]
    for name in CONTENDERS[kind]:
        if name == "skcnn":
            continue
        predicted = make(name, kind, 0).fit(X, y).predict(X)
        assert np.shape(predicted) == np.shape(y)
