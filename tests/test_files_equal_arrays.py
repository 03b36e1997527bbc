"""Storage does not change the model: a seeded fit on image files equals the fit on arrays.

The digits are written as PNG files and the arrays are read back from the same
files, so the pixels are identical; the estimators must then see the same
validation split, the same batches in the same order and the same augmentation
draws, and end with the same network.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from skcnn import CNNClassifier, CNNRegressor
from skcnn.datasets import load_image_folder

N_IMAGES = 300


@pytest.fixture(scope="module")
def files_and_arrays(tmp_path_factory, digits):
    """(ImageFiles, the same images as an array, labels): grey uint8 0..255 PNGs."""
    X, y = digits
    root = tmp_path_factory.mktemp("digit_pngs")
    for k in range(N_IMAGES):
        folder = root / str(y[k])
        folder.mkdir(exist_ok=True)
        pixels = np.round(X[k].reshape(8, 8) * 255 / 16).astype(np.uint8)
        Image.fromarray(pixels).save(folder / f"{k:04d}.png")
    files, labels = load_image_folder(root, lazy=True)
    arrays, labels_eager = load_image_folder(root)
    np.testing.assert_array_equal(labels, labels_eager)
    assert arrays.dtype == np.uint8 and arrays.max() == 255
    return files, arrays, labels


@pytest.mark.parametrize("augment", ["auto", True])
def test_classifier_on_files_equals_classifier_on_arrays(files_and_arrays, augment):
    files, arrays, y = files_and_arrays
    params = {"epochs": 2, "validation_split": 0.2, "random_state": 0, "augment": augment}
    on_arrays = CNNClassifier(**params).fit(arrays, y)
    on_files = CNNClassifier(**params).fit(files, y)
    p_arrays = on_arrays.predict_proba(arrays)
    p_files = on_files.predict_proba(arrays)
    np.testing.assert_allclose(p_files, p_arrays, atol=1e-5)
    np.testing.assert_array_equal(on_files.predict(files), on_arrays.predict(arrays))
    # The same validation split and the same epochs: the same history.
    np.testing.assert_allclose(on_files.history_.values, on_arrays.history_.values, atol=1e-5)
    assert list(on_files.history_.columns) == list(on_arrays.history_.columns)
    assert "val_loss" in on_arrays.history_


def test_regressor_on_files_equals_regressor_on_arrays(files_and_arrays):
    files, arrays, _ = files_and_arrays
    ink = arrays.reshape(len(arrays), -1).mean(axis=1)
    params = {"epochs": 2, "validation_split": 0.2, "random_state": 0}
    on_arrays = CNNRegressor(**params).fit(arrays, ink)
    on_files = CNNRegressor(**params).fit(files, ink)
    np.testing.assert_allclose(on_files.predict(files), on_arrays.predict(arrays), atol=1e-5)
    np.testing.assert_allclose(on_files.history_.values, on_arrays.history_.values, atol=1e-5)


def test_sample_weights_and_weighted_classes_agree(files_and_arrays):
    files, arrays, y = files_and_arrays
    weight = np.linspace(0.5, 2.0, len(y))
    params = {"epochs": 1, "random_state": 1, "class_weight": "balanced", "augment": False}
    on_arrays = CNNClassifier(**params).fit(arrays, y, sample_weight=weight)
    on_files = CNNClassifier(**params).fit(files, y, sample_weight=weight)
    np.testing.assert_allclose(
        on_files.predict_proba(arrays), on_arrays.predict_proba(arrays), atol=1e-5
    )


def test_each_epoch_has_its_own_order_from_seed_and_epoch(files_and_arrays):
    """The batches of epoch k are a function of the seed and k, whichever epoch
    the fit began with (a resumed fit), and the same for arrays and files."""
    from skcnn._inputs.streaming import EpochOrder, FileBatches, array_batches

    files, arrays, y = files_and_arrays
    n = 50
    targets = np.arange(n)
    orders = {}
    for start in (0, 2):
        order = EpochOrder(n, seed=11, epoch=start)
        data = array_batches(arrays[:n], targets, None, batch_size=16, order=order)
        batches = FileBatches(files[:n], targets, batch_size=16, order=order)
        for epoch in range(start, 4):
            order.epoch = epoch  # what EpochClock does as Keras begins the epoch
            from_arrays = [(np.asarray(x), np.asarray(t)) for x, t in data]
            from_files = [batches[i] for i in range(len(batches))]
            assert [t.shape[0] for _, t in from_arrays] == [16, 16, 16, 2]
            for (xa, ta), (xf, tf) in zip(from_arrays, from_files, strict=True):
                np.testing.assert_array_equal(ta, tf)
                np.testing.assert_array_equal(xa, xf)
                np.testing.assert_array_equal(xa, arrays[ta])
            rows = np.concatenate([t for _, t in from_arrays])
            assert sorted(rows.tolist()) == list(range(n))
            orders.setdefault(epoch, rows)
            np.testing.assert_array_equal(orders[epoch], rows)
    assert not np.array_equal(orders[2], orders[3])


def test_the_arrays_pipeline_is_not_autotuned(digits):
    """Keras makes a new iterator every epoch; with tf.data's autotuner on, the old
    one's destruction waited up to a minute for the autotuner's thread (35-60 s at
    each epoch's start of a 60,000-image fit; benchmarks/bench_epoch_start.py)."""
    from skcnn._inputs.streaming import PREFETCH_BATCHES, EpochOrder, array_batches

    X, y = digits
    data = array_batches(X[:40], y[:40], None, batch_size=16, order=EpochOrder(40, seed=0))
    assert data.options().autotune.enabled is False
    assert PREFETCH_BATCHES >= 2  # a batch ready while the step runs
    for _ in range(2):  # a second epoch's iterator replaces the first
        assert [len(t) for _, t in data] == [16, 16, 8]
