"""Training recipes of the estimator base: precision, planned learning-rate schedules,
label smoothing, test-time augmentation, time budgets, whole-number parameters and
the checks of validation_split. Small data, one or two epochs; accuracy lives in
tests/test_accuracy.py and the benchmarks."""

from __future__ import annotations

import pickle
import time

import numpy as np
import pytest

from skcnn import CNNClassifier
from skcnn.schedules import CosineSchedule, OneCycleSchedule


def _keras():
    from skcnn._keras import get_keras

    return get_keras()


# ----------------------------------------------------------------- precision
def test_bfloat16_network_keeps_keras_global_policy_and_float32_output(small_digits):
    X, y = small_digits
    keras = _keras()
    before = keras.config.dtype_policy().name
    clf = CNNClassifier(precision="mixed_bfloat16", epochs=1, random_state=0).fit(X, y)
    assert clf.precision_ == "mixed_bfloat16"
    assert keras.config.dtype_policy().name == before == "float32"
    policies = {layer.dtype_policy.name for layer in clf.model_.get_layer(index=-1).layers}
    assert "mixed_bfloat16" in policies
    last = clf.model_.get_layer(index=-1).layers[-1]
    assert last.dtype_policy.name == "float32"
    assert all(w.dtype == "float32" for w in clf.model_.weights)
    raw = np.asarray(clf.model_.predict_on_batch(X[:5].reshape(-1, 8, 8, 1)))
    assert raw.dtype == np.float32
    # float32 resolution: bfloat16 keeps 8 significant bits, so its values
    # would sit on a coarse grid; a float32 softmax does not.
    assert np.unique(raw).size > 40
    proba = clf.predict_proba(X[:5])
    assert proba.dtype == np.float64 and np.allclose(proba.sum(axis=1), 1)

    # A float32 model built after the bf16 fit, in the same process, is float32.
    plain = CNNClassifier(precision="float32", epochs=1, random_state=0).fit(X, y)
    assert plain.precision_ == "float32"
    assert {w.dtype for w in plain.model_.weights} == {"float32"}
    inner = plain.model_.get_layer(index=-1).layers
    assert {layer.dtype_policy.name for layer in inner} == {"float32"}


def test_bfloat16_survives_save_load_and_pickle(small_digits, tmp_path):
    X, y = small_digits
    clf = CNNClassifier(precision="mixed_bfloat16", epochs=1, random_state=0).fit(X, y)
    expected = clf.predict_proba(X[:20])
    path = tmp_path / "bf16.keras"
    clf.save(path)
    loaded = CNNClassifier.load(path)
    assert loaded.precision_ == "mixed_bfloat16"
    np.testing.assert_allclose(loaded.predict_proba(X[:20]), expected, rtol=1e-6)
    copy = pickle.loads(pickle.dumps(clf))
    assert copy.precision_ == "mixed_bfloat16"
    np.testing.assert_allclose(copy.predict_proba(X[:20]), expected, rtol=1e-6)
    # Transfer learning from the bf16 network into a new bf16 fit.
    tuned = CNNClassifier(precision="mixed_bfloat16", weights=clf.model_, epochs=1).fit(X, y)
    assert tuned.precision_ == "mixed_bfloat16"


def test_auto_precision_follows_the_cpu(small_digits, monkeypatch):
    from skcnn._training import precision as _precision

    X, y = small_digits
    monkeypatch.setattr(_precision, "gpu_has_tensor_cores", lambda: False)
    expected = "mixed_bfloat16" if _precision.cpu_has_native_bf16() else "float32"
    assert _precision.resolve_precision("auto") == expected
    clf = CNNClassifier(precision="auto", epochs=1, random_state=0).fit(X[:100], y[:100])
    assert clf.precision_ == expected
    assert _precision.resolve_precision("mixed_float16") == "mixed_float16"


def test_cpu_flags_are_read_from_proc_cpuinfo():
    from skcnn._training.precision import cpu_has_native_bf16

    try:
        with open("/proc/cpuinfo") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "").split()
    except OSError:
        flags = []
    assert cpu_has_native_bf16() == bool({"avx512_bf16", "amx_bf16"} & set(flags))


def test_unknown_precision_is_rejected_before_training(small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match="precision"):
        CNNClassifier(precision="bf16").fit(X, y)


# ----------------------------------------------------------------- schedules
def _rates_seen(clf_kwargs, X, y):
    """The optimizer's learning rate at every training step of a fit."""
    keras = _keras()
    seen = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    clf = CNNClassifier(callbacks=[Record()], random_state=0, **clf_kwargs).fit(X, y)
    return clf, np.array(seen)


@pytest.mark.parametrize(
    "learning_rate, plan",
    [
        ("cosine", CosineSchedule()),
        ("one_cycle", OneCycleSchedule()),
        (CosineSchedule(peak=0.004, warmup=0.2, final=0.1), None),
        (OneCycleSchedule(peak=0.01, warmup=0.3), None),
    ],
)
def test_planned_schedules_step_every_batch(small_digits, learning_rate, plan):
    X, y = small_digits
    plan = plan or learning_rate
    # 300 images, 10 % validation: 270 training images in batches of 27 -> 10 steps/epoch.
    clf, seen = _rates_seen(
        {"learning_rate": learning_rate, "epochs": 2, "batch_size": 27, "validation_split": 0.1},
        X,
        y,
    )
    assert seen.size == 20
    expected = plan.rates(total_steps=20, base_rate=0.001)
    np.testing.assert_allclose(seen, expected, rtol=1e-5, atol=1e-9)
    peak = plan.peak or 0.001
    assert seen.max() == pytest.approx(peak, rel=1e-5)
    assert seen[-1] < seen.max() / 2


def test_one_cycle_and_cosine_shapes():
    cosine = CosineSchedule(peak=1.0, warmup=0.1).rates(100)
    assert cosine[0] == 0.0 and cosine.argmax() == 10
    assert np.all(np.diff(cosine[:11]) > 0) and np.all(np.diff(cosine[10:]) < 0)
    np.testing.assert_allclose(np.diff(cosine[:11]), 0.1)  # linear warm-up
    one = OneCycleSchedule(peak=1.0).rates(100)
    assert one[0] == pytest.approx(1 / 25) and one.argmax() == 25
    assert one[-1] == pytest.approx(1 / 1e5, abs=1e-3)
    assert CosineSchedule(peak=1.0, final=0.2).rate(100, 100) == pytest.approx(0.2)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"warmup": 1.0}, "warmup"),
        ({"peak": -1.0}, "peak"),
    ],
)
def test_schedule_arguments_are_checked(bad, message):
    with pytest.raises(ValueError, match=message):
        CosineSchedule(**bad)


def test_unknown_schedule_name_is_rejected(small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match="learning_rate"):
        CNNClassifier(learning_rate="linear").fit(X, y)


def test_planned_schedule_survives_save_and_load(small_digits, tmp_path):
    X, y = small_digits
    clf = CNNClassifier(learning_rate="one_cycle", epochs=1, random_state=0).fit(X, y)
    clf.save(tmp_path / "one_cycle.keras")
    loaded = CNNClassifier.load(tmp_path / "one_cycle.keras")
    np.testing.assert_allclose(loaded.predict_proba(X[:10]), clf.predict_proba(X[:10]))
    loaded.set_params(warm_start=True).fit(X, y)
    assert loaded.n_iter_ == 2


# ------------------------------------------------------------ label smoothing
def test_label_smoothing_changes_the_loss_as_keras_defines_it(small_digits):
    X, y = small_digits
    keras = _keras()
    plain = CNNClassifier(epochs=1, random_state=0, label_smoothing=0).fit(X, y)
    smooth = CNNClassifier(epochs=1, random_state=0, label_smoothing=0.2).fit(X, y)
    # Same seed and data: the first epoch's weights differ only through the loss.
    loss = smooth.model_.loss
    assert isinstance(loss, keras.losses.CategoricalCrossentropy)
    assert loss.get_config()["label_smoothing"] == pytest.approx(0.2)
    proba = smooth.predict_proba(X[:50])
    onehot = np.eye(10)[y[:50]]
    target = onehot * 0.8 + 0.2 / 10
    expected = -np.mean(np.sum(target * np.log(np.clip(proba, 1e-7, 1)), axis=1))
    assert smooth.evaluate(X[:50], y[:50])["loss"] == pytest.approx(expected, rel=1e-3)
    assert plain.history_["loss"].iloc[0] != smooth.history_["loss"].iloc[0]


def test_label_smoothing_with_a_custom_loss_is_rejected(small_digits):
    X, y = small_digits
    clf = CNNClassifier(loss=lambda t, p: p, label_smoothing=0.1)
    with pytest.raises(ValueError, match="label_smoothing=0.1 applies to the built-in"):
        clf.fit(X, y)
    assert not hasattr(clf, "model_")


# --------------------------------------------------------------- TTA
def test_tta_averages_the_image_and_its_mirror(small_digits):
    X, y = small_digits
    clf = CNNClassifier(epochs=1, random_state=0).fit(X, y)
    images = X[:12].reshape(-1, 8, 8, 1)
    plain = clf.predict_proba(images)
    mirrored = clf.predict_proba(images[:, :, ::-1, :])
    clf.set_params(tta=True)
    np.testing.assert_allclose(clf.predict_proba(images), (plain + mirrored) / 2, rtol=1e-6)
    assert not np.allclose(plain, mirrored)


# ------------------------------------------------------------- time budget
def test_time_budget_ends_the_fit_in_time(digits):
    X, y = digits
    budget = 6.0
    clf = CNNClassifier(epochs=500, time_budget=budget, random_state=0)
    _keras()  # TensorFlow's import is not the budget's to plan
    start = time.monotonic()
    clf.fit(X[:1200], y[:1200])
    elapsed = time.monotonic() - start
    # Generous: the machine may be busy (tests/test_time_budget.py checks the
    # plan to the step on a fake clock).
    assert elapsed <= budget * 1.5
    assert clf.time_budget_used_ <= elapsed
    assert 1 <= clf.n_iter_ < 500
    assert len(clf.history_) == clf.n_iter_
    # Most of the budget was used to train, not thrown away.
    assert elapsed >= budget * 0.5


def test_time_budget_plans_the_schedule_length(digits):
    X, y = digits
    clf = CNNClassifier(
        epochs=500,
        time_budget=5.0,
        learning_rate="cosine",
        batch_size=16,
        validation_split=0.1,
        random_state=0,
    )
    clf.fit(X[:1200], y[:1200])
    from skcnn._training.loop import planned_schedule

    schedule = planned_schedule(clf.model_)
    steps_per_epoch = int(np.ceil(1080 / 16))
    planned = float(schedule.total_steps.numpy())
    assert planned < 500 * steps_per_epoch
    # The schedule is as long as the steps the fit took (the last epoch may be
    # partial), so it ends at its final rate.
    assert planned == clf.time_budget_plan_.steps_run == int(clf.model_.optimizer.iterations)
    assert clf.n_iter_ == int(np.ceil(planned / steps_per_epoch))
    assert float(clf.model_.optimizer.learning_rate.numpy()) < 1e-4


def test_time_budget_must_be_positive(small_digits):
    X, y = small_digits
    with pytest.raises(ValueError, match="time_budget"):
        CNNClassifier(time_budget=0).fit(X, y)


# -------------------------------------------------- whole numbers from R
def test_whole_number_floats_work_as_integers(small_digits):
    X, y = small_digits
    clf = CNNClassifier(
        epochs=2.0, batch_size=32.0, filters=8.0, patience=3.0, random_state=0.0, verbose=0.0
    ).fit(X, y)
    assert clf.n_iter_ == 2
    same = CNNClassifier(epochs=2, batch_size=32, filters=8, patience=3, random_state=0).fit(X, y)
    np.testing.assert_array_equal(clf.predict_proba(X[:5]), same.predict_proba(X[:5]))
    assert clf.summary().loc[lambda t: t["type"] == "Conv2D", "output_shape"].iloc[0][-1] == 8


@pytest.mark.parametrize("param", ["epochs", "batch_size", "filters", "n_threads"])
def test_fractional_floats_are_rejected_with_the_rule(small_digits, param):
    X, y = small_digits
    with pytest.raises(ValueError, match=rf"'{param}'.*whole-number float"):
        CNNClassifier(**{param: 2.5}).fit(X, y)


# ------------------------------------------------------ validation_split
def test_validation_split_too_large_for_the_classes_names_the_counts():
    X = np.random.RandomState(0).rand(3, 8, 8)
    clf = CNNClassifier(epochs=1, validation_split=0.5)
    with pytest.raises(ValueError) as info:
        clf.fit(X, np.array([0, 1, 2]))
    message = str(info.value)
    assert "validation_split=0.5" in message
    assert "class 0: 1, class 1: 1, class 2: 1" in message
    assert "validation_split=0" in message
    assert not hasattr(clf, "model_")


def test_single_sample_classes_stay_in_training():
    from skcnn._inputs.feeding import holdout_split

    labels = np.array([0] * 6 + [1] * 6 + [2])
    for seed in range(20):
        train, val = holdout_split(13, labels, 0.3, np.random.RandomState(seed))
        assert 12 in train
        assert set(labels[train]) == {0, 1, 2}
        assert len(val) == 4 and not set(train) & set(val)


def test_tiny_validation_keeps_every_class_in_training():
    from skcnn._inputs.feeding import holdout_split

    labels = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    for seed in range(20):
        train, val = holdout_split(8, labels, 0.5, np.random.RandomState(seed))
        assert set(labels[train]) == {0, 1, 2, 3}
        assert len(val) == 4


# ----------------------------------------------------------------- lr_find
def test_lr_find_curve_falls_then_diverges(digits):
    from skcnn import lr_find
    from skcnn.plotting import plot_lr_find

    X, y = digits
    # Plain training (no augmentation or smoothing) shows the curve's shape most clearly.
    estimator = CNNClassifier(random_state=0, batch_size=32, augment=None, label_smoothing=0)
    curve = lr_find(estimator, X[:1200], y[:1200], start=1e-5, end=10, num=120)
    assert list(curve.columns) == ["learning_rate", "loss", "smoothed_loss"]
    rates = curve["learning_rate"].to_numpy()
    np.testing.assert_allclose(rates[1:] / rates[:-1], (10 / 1e-5) ** (1 / 119), rtol=1e-9)
    smoothed = curve["smoothed_loss"].to_numpy()
    low = int(np.argmin(smoothed))
    # The loss falls from ln(10) ~ 2.3 (an untrained 10-class softmax) and rises
    # again once the rate is too high.
    assert smoothed[0] == pytest.approx(np.log(10), abs=0.1)
    assert curve["loss"].min() < 1.0 and smoothed[low] < 1.9
    assert smoothed[-1] > smoothed[low] + 0.3 and rates[low] < 1.0
    suggested = curve.attrs["suggested_rate"]
    assert rates[0] < suggested < rates[low]
    # With a lower divergence threshold the test stops once the loss has risen.
    early = lr_find(estimator, X[:1200], y[:1200], start=1e-5, end=10, num=120, divergence=1.1)
    assert len(early) < len(curve)
    assert early["smoothed_loss"].iloc[-1] > 1.1 * early["smoothed_loss"].iloc[:-1].min()
    # The estimator passed in is left as it was.
    assert estimator.learning_rate == "auto" and not hasattr(estimator, "model_")
    fig = plot_lr_find(curve)
    assert fig.axes[0].get_xscale() == "log"


def test_lr_find_batch_losses_are_recovered_from_keras_running_means(small_digits):
    from skcnn import lr_find

    X, y = small_digits
    # A constant rate of ~0 leaves the weights as they are: every batch's loss is
    # the initial loss on that batch, near ln(10).
    curve = lr_find(CNNClassifier(random_state=0), X, y, start=1e-12, end=2e-12, num=30)
    assert len(curve) == 30
    assert np.all(np.abs(curve["loss"] - np.log(10)) < 0.5)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"start": 1.0, "end": 0.1}, "start < end"), ({"num": 2}, "num"), ({"divergence": 1}, "> 1")],
)
def test_lr_find_checks_its_arguments(small_digits, kwargs, message):
    from skcnn import lr_find

    X, y = small_digits
    with pytest.raises(ValueError, match=message):
        lr_find(CNNClassifier(), X, y, **kwargs)


# ------------------------------------------------------- batch invariance
@pytest.mark.parametrize("n", [1, 33, 65])
def test_an_image_gets_the_same_prediction_alone_and_in_any_batch(small_digits, n):
    from skcnn import CNNRegressor

    X, _ = small_digits
    reg = CNNRegressor(epochs=1, random_state=0).fit(X, X.mean(axis=1) * 10)
    together = reg.predict(X[:n])
    alone = np.array([reg.predict(X[i : i + 1])[0] for i in (0, n - 1)])
    np.testing.assert_array_equal(alone, together[[0, n - 1]])


# ------------------------------------------------------------ the "auto" defaults
def test_auto_learning_rate_is_one_cycle_at_three_times_the_default_rate(small_digits):
    X, y = small_digits
    # 300 images in batches of 30: 10 steps per epoch, 20 in all.
    clf, seen = _rates_seen({"epochs": 2, "batch_size": 30}, X, y)
    expected = OneCycleSchedule(peak=0.003).rates(total_steps=20)
    np.testing.assert_allclose(seen, expected, rtol=1e-5, atol=1e-9)
    rmsprop, seen = _rates_seen({"epochs": 1, "batch_size": 30, "optimizer": "rmsprop"}, X, y)
    assert seen.max() == pytest.approx(0.003, rel=1e-5)  # RMSprop's default is 0.001 too
    keras = _keras()
    mine = keras.optimizers.SGD(learning_rate=0.02)
    _, seen = _rates_seen({"epochs": 1, "batch_size": 30, "optimizer": mine}, X, y)
    np.testing.assert_allclose(seen, 0.02, rtol=1e-6)  # an instance keeps its own rate
    # partial_fit cannot know how long training lasts: a constant default rate.
    incremental = CNNClassifier(batch_size=30).partial_fit(X, y, classes=np.arange(10))
    rate = incremental.model_.optimizer.learning_rate
    assert float(keras.ops.convert_to_numpy(rate)) == pytest.approx(0.001)


def test_auto_label_smoothing_applies_to_single_label_cross_entropy_only(small_digits):
    X, y = small_digits
    keras = _keras()
    clf = CNNClassifier(epochs=1, random_state=0).fit(X[:100], y[:100])
    assert isinstance(clf.model_.loss, keras.losses.CategoricalCrossentropy)
    assert clf.model_.loss.get_config()["label_smoothing"] == pytest.approx(0.1)
    # A custom loss and multi-label targets are not smoothed, and are not errors.
    custom = CNNClassifier(loss=keras.losses.SparseCategoricalCrossentropy(), epochs=1)
    assert custom.fit(X[:100], y[:100]).model_.loss.get_config().get("label_smoothing") is None
    indicator = np.stack([y[:100] % 2, (y[:100] > 4)], axis=1).astype(int)
    multi = CNNClassifier(epochs=1, random_state=0).fit(X[:100], indicator)
    assert multi.predict(X[:3]).shape == (3, 2)


def test_auto_epochs_are_the_presets(small_digits):
    from skcnn import list_architectures

    table = list_architectures()
    assert table.loc["simple", "default_epochs"] == 30
    assert table.loc["lenet5", "default_epochs"] == 60
    assert table.loc["resnet20", "default_epochs"] == 20
    assert CNNClassifier()._epochs() == 30
    assert CNNClassifier(arch="lenet5")._epochs() == 60
    assert CNNClassifier(arch=lambda shape, n: None)._epochs() == 20
    assert CNNClassifier(epochs=3.0)._epochs() == 3
    X, y = small_digits
    clf = CNNClassifier(batch_size=150, random_state=0).fit(X, y)
    assert clf.n_iter_ == 30 and len(clf.history_) == 30


def test_auto_batch_size_is_a_hundredth_clipped_to_32_and_128():
    from skcnn._training.loop import auto_batch_size

    assert [auto_batch_size("auto", n) for n in (10, 1437, 5000, 60000)] == [32, 32, 50, 128]
    assert auto_batch_size(7, 1437) == 7


def test_auto_augment_jitters_small_images_and_never_flips(small_digits):
    X, y = small_digits
    clf = CNNClassifier(epochs=1, random_state=0).fit(X[:100], y[:100])
    names = [layer.name for layer in clf.model_.layers if layer.name.startswith("augment_")]
    assert names == ["augment_translation", "augment_rotation", "augment_zoom"]
    # A one-row signal (65 values) is not an image to rotate: no augmentation.
    from skcnn._inputs.validation import FlatImageWarning

    with pytest.warns(FlatImageWarning):
        signal = CNNClassifier(epochs=1, random_state=0).fit(np.c_[X[:100], X[:100, :1]], y[:100])
    assert not any(layer.name.startswith("augment_") for layer in signal.model_.layers)
    off = CNNClassifier(augment=None, epochs=1, random_state=0).fit(X[:100], y[:100])
    assert not any(layer.name.startswith("augment_") for layer in off.model_.layers)
