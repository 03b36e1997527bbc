"""The held-out tasks (built after the defaults were chosen) make what they claim.

Small sizes only: each target is recomputed from the images themselves, or from
what the builder recorded.
"""

import numpy as np
import pytest
from scipy import ndimage

from benchmarks import bench_task_suite
from benchmarks.tasks import heldout, sources, suite


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


def test_held_out_tasks_are_registered_apart_from_the_tuning_suite():
    assert len(suite.HELD_OUT) >= 4
    assert not set(suite.HELD_OUT) & set(suite.TUNING)
    assert set(suite.HELD_OUT) <= set(suite.TASKS)
    assert suite.GROUPS["heldout"] == suite.HELD_OUT
    assert suite.GROUPS["suite"] == suite.TUNING


def test_the_benchmark_expands_the_heldout_group(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(
        bench_task_suite,
        "run_worker",
        lambda spec, timeout: seen.append(spec) or {**spec, "error": "not run"},
    )
    monkeypatch.setattr(bench_task_suite, "HERE", tmp_path)
    monkeypatch.setattr(bench_task_suite, "machine_info", lambda root: {})
    bench_task_suite.main(["--tasks", "heldout", "--contenders", "svm"])
    assert [s["task"] for s in seen] == list(suite.HELD_OUT)
    written = [p.name for p in (tmp_path / "results").iterdir()]
    assert len(written) == 1 and written[0].startswith("task_suite_heldout_")
    with pytest.raises(SystemExit):
        bench_task_suite.main(["--tasks", "heldout,no_such_task", "--contenders", "svm"])


def test_digit_count_is_the_number_of_separate_digits():
    task = heldout.digit_count(n_train=20, n_test=30)
    assert task.X_test.shape == (30, 32, 32)
    for X, y, boxes in zip(task.X_test, task.y_test, task.info["test"]["boxes"], strict=True):
        assert len(boxes) == y and 1 <= y <= 5
        outside = X.copy()
        for r, c in boxes:
            assert X[r : r + 8, c : c + 8].max() > 0  # every box holds ink
            outside[r : r + 8, c : c + 8] = 0
        assert outside.max() == 0  # and there is no ink elsewhere
        # the boxes neither overlap nor touch: each is its own connected region
        mask = np.zeros((32, 32), dtype=int)
        for r, c in boxes:
            mask[r : r + 8, c : c + 8] += 1
        assert mask.max() == 1
        assert ndimage.label(mask)[1] == y
    assert set(np.unique(task.y_train)) <= {1, 2, 3, 4, 5}


@fashion
def test_row_centre_is_the_inks_vertical_centre_of_mass():
    task = heldout.row_centre(n_train=10, n_test=20)
    rows = task.info["test"]["rows"]
    for X, y, row in zip(task.X_test, task.y_test, rows, strict=True):
        weights = X.sum(axis=1).astype(float)
        assert y == pytest.approx((weights * np.arange(32)).sum() / weights.sum(), abs=1e-9)
        inked = np.flatnonzero(weights)
        assert inked.min() >= row and inked.max() <= row + 15  # the item lies where drawn
        assert row <= y <= row + 15
    assert task.y_train.std() > 3  # the target moves with the item


@fashion
def test_box_width_is_the_span_of_columns_above_the_threshold():
    task = heldout.box_width(n_train=30, n_test=30)
    _, (items, _) = sources.fashion_pools(200)
    np.testing.assert_array_equal(task.X_test, items[:30])  # the items unmodified
    for X, y in zip(task.X_test, task.y_test, strict=True):
        cols = [j for j in range(28) if (X[:, j] >= heldout.BOX_THRESHOLD).any()]
        assert y == cols[-1] - cols[0] + 1
    blank = np.zeros((28, 28), dtype=np.uint8)
    blank[3, 5] = blank[9, 12] = 200
    assert heldout.inked_width(blank) == 8
    assert heldout.inked_width(np.zeros((4, 4))) == 0


@fashion
def test_fashion_groups_map_each_class_to_its_group():
    task = heldout.fashion_groups(n_train=200, n_test=100)
    assert task.X_train.shape == (200, 28, 28) and task.X_test.shape == (100, 28, 28)
    names = {0: "tops", 1: "bottoms", 2: "footwear", 3: "bags"}
    for cls, group in ((0, 0), (1, 1), (3, 0), (5, 2), (7, 2), (8, 3), (9, 2)):
        assert heldout.FASHION_GROUPS[cls] == group, names[group]
    expected = [heldout.FASHION_GROUPS[int(c)] for c in task.info["classes_test"]]
    np.testing.assert_array_equal(task.y_test, expected)
    train_rows = {r.tobytes() for r in task.X_train}
    assert not any(r.tobytes() in train_rows for r in task.X_test)


def test_digits_16px_are_the_digits_upscaled():
    task = heldout.digits_16px(n_train=100, n_test=50)
    assert task.X_train.shape == (100, 16, 16) and task.X_test.shape == (50, 16, 16)
    assert np.bincount(task.y_train).min() >= 9  # stratified
    X, y = sources.digits()
    small = task.X_test[:10]
    # each upscaled image shrinks back (2x2 means) to within interpolation of one digit of its label
    back = small.reshape(10, 8, 2, 8, 2).mean(axis=(2, 4))
    for image, label in zip(back, task.y_test[:10], strict=True):
        nearest = np.abs(X - image).reshape(len(X), -1).sum(1).argmin()
        assert y[nearest] == label
    assert task.X_train.min() >= 0 and task.X_train.max() <= 16


def test_overlaid_digits_are_the_maximum_of_two_shifted_digits():
    task = heldout.overlaid_digits(n_train=20, n_test=20)
    _, (images, digits) = sources.digit_pools(500)
    assert task.y_test.shape == (20, 10)
    for X, Y, drawn in zip(task.X_test, task.y_test, task.info["test"], strict=True):
        expected = np.zeros((12, 12))
        for j, (r, c) in zip(drawn["index"], drawn["offsets"], strict=True):
            canvas = np.zeros((12, 12))
            canvas[r : r + 8, c : c + 8] = images[j]
            expected = np.maximum(expected, canvas)
        np.testing.assert_array_equal(X, sources.to_uint8(expected))
        present = {int(digits[j]) for j in drawn["index"]}
        assert set(np.flatnonzero(Y)) == present and 1 <= len(present) <= 2
