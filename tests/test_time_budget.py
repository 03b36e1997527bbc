"""``time_budget``: the plan in training steps, its partial last epoch and schedule.

The fits run on a fake clock whose seconds pass only with the training and
validation steps (as in tests/test_checkpoint.py), so the plan is exact and the
assertions do not depend on the machine's speed; one real fit checks that the
fitted attributes agree with each other.
"""

import gc
import math
import pickle
import threading
import types

import keras
import numpy as np
import pytest
from PIL import Image
from sklearn.datasets import load_digits

import skcnn._estimators.base
import skcnn._training.budget
import skcnn._training.checkpoint
from skcnn import CNNClassifier, CNNRegressor
from skcnn._training.loop import planned_schedule
from skcnn._training.step_plan import BudgetPlan, RecentRate, affordable_steps
from skcnn.datasets import load_image_folder


# ----------------------------------------------------------- the arithmetic
def _cost(more, *, step_seconds, epoch_end_seconds, steps_into_epoch, steps_per_epoch):
    """Seconds of ``more`` steps from ``steps_into_epoch`` on, epoch ends included."""
    rest = steps_per_epoch - steps_into_epoch
    ends = 1 + math.ceil(max(more - rest, 0) / steps_per_epoch)
    return more * step_seconds + ends * epoch_end_seconds


def test_the_steps_fill_the_time_and_one_more_call_would_not_fit():
    rng = np.random.RandomState(0)
    for _ in range(500):
        kwargs = dict(
            step_seconds=float(rng.uniform(0.01, 2)),
            epoch_end_seconds=float(rng.choice([0.0, rng.uniform(0, 5)])),
            steps_per_epoch=int(rng.randint(1, 40)),
        )
        execution = int(rng.choice([1, 1, 4, 8]))
        into = int(rng.randint(0, kwargs["steps_per_epoch"] + 1)) // execution * execution
        left = float(rng.uniform(0, 200))
        more = affordable_steps(left, steps_into_epoch=into, execution=execution, **kwargs)
        assert more >= 0
        if more:
            assert _cost(more, steps_into_epoch=into, **kwargs) <= left + 1e-9
        # A stop lies on a call's end or an epoch's end.
        stop = (into + more) % kwargs["steps_per_epoch"]
        assert stop % execution == 0 or more == 0
        # The next place the fit could stop costs more than is left.
        position = (into + more) % kwargs["steps_per_epoch"]
        step_up = min(execution, kwargs["steps_per_epoch"] - position)
        later = _cost(more + step_up, steps_into_epoch=into, **kwargs)
        assert later > left - 1e-9


@pytest.mark.parametrize(
    ("left", "into", "execution", "expected"),
    [
        (29.0, 0, 1, 23),  # two whole epochs, then 3 steps
        (29.0, 0, 2, 22),  # ... rounded down to a whole call of 2
        (12.0, 0, 1, 10),  # one whole epoch and its end, exactly
        (11.9, 0, 1, 9),  # a step short: the epoch ends after 9
        (5.0, 6, 1, 3),  # inside an epoch: 3 more steps and its end
        (1.5, 6, 1, 0),  # the epoch's end alone is all the time left
        (-3.0, 6, 1, 0),
    ],
)
def test_affordable_steps_examples(left, into, execution, expected):
    more = affordable_steps(
        left,
        step_seconds=1.0,
        epoch_end_seconds=2.0,
        steps_into_epoch=into,
        steps_per_epoch=10,
        execution=execution,
    )
    assert more == expected


def test_affordable_steps_needs_a_step_time():
    with pytest.raises(ValueError, match="step_seconds"):
        affordable_steps(
            10, step_seconds=0, epoch_end_seconds=0, steps_into_epoch=0, steps_per_epoch=5
        )


def test_recent_rate_forgets_old_calls():
    rate = RecentRate(window=10)
    assert rate.seconds_per_step is None
    for _ in range(10):
        rate.add(1.0, 1)
    for _ in range(10):
        rate.add(3.0, 1)
    assert rate.seconds_per_step == 3.0 and rate.steps == 10


# ------------------------------------------------------ fits on a fake clock
class _Clock:
    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now


class _Cost(keras.callbacks.Callback):
    """Advances the clock by ``step(k)`` after training step ``k`` (0-based,
    over the whole fit), by ``validation`` after each validation batch and by
    ``epoch_start`` before the first batch of each epoch."""

    def __init__(self, clock, step, validation=0.0, epoch_start=0.0):
        super().__init__()
        self.clock, self.step, self.validation = clock, step, validation
        self.epoch_start = epoch_start
        self.steps = 0

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.clock.now += self.epoch_start

    def on_train_batch_end(self, batch, logs=None):
        self.clock.now += self.step(self.steps)
        self.steps += 1

    def on_test_batch_end(self, batch, logs=None):
        self.clock.now += self.validation


@pytest.fixture
def clock(monkeypatch):
    clock = _Clock()
    fake = types.SimpleNamespace(monotonic=clock.monotonic)
    for module in (skcnn._estimators.base, skcnn._training.budget, skcnn._training.checkpoint):
        monkeypatch.setattr(module, "time", fake)
    return clock


@pytest.fixture(scope="module")
def digits200():
    X, y = load_digits(return_X_y=True)
    return X[:200], y[:200]


def _fit(clock, X, y, step, *, validation=0.0, epoch_start=0.0, **params):
    params = {"epochs": 100, "batch_size": 50, "random_state": 0, **params}
    cost = _Cost(clock, step, validation, epoch_start)
    return CNNClassifier(**params, callbacks=[cost]).fit(X, y), cost


def test_the_plan_fills_the_budget_with_a_partial_last_epoch(clock, digits200):
    X, y = digits200
    # 4 steps an epoch at 1 s each; the budget less its 1 % reserve (1 s) pays
    # for 99 steps: 24 whole epochs and 3 steps of a 25th.
    clf, cost = _fit(clock, X, y, lambda k: 1.0, time_budget=100, learning_rate="cosine")
    plan = clf.time_budget_plan_
    assert isinstance(plan, BudgetPlan)
    assert plan.steps == plan.steps_run == cost.steps == 99
    assert plan.steps_per_epoch == 4 and plan.epochs_run == clf.n_iter_ == 25
    assert len(clf.history_) == 25 and list(clf.history_.index) == list(range(1, 26))
    assert clf.time_budget_used_ == pytest.approx(99.0)
    assert plan.seconds == pytest.approx(99.0) and plan.step_seconds == pytest.approx(1.0)
    # The schedule's length is the planned steps: it ends at its final rate.
    schedule = planned_schedule(clf.model_)
    assert float(schedule.total_steps.numpy()) == 99.0
    assert int(clf.model_.optimizer.iterations.numpy()) == 99
    rate = float(clf.model_.optimizer.learning_rate.numpy())
    assert rate == pytest.approx(float(schedule(99)), abs=1e-9)
    assert rate < 0.01 * schedule.peak


def test_validation_and_epoch_ends_are_paid_for(clock, digits200):
    X, y = digits200
    # 180 training images: 4 steps an epoch; 20 held out in one validation
    # batch of 2 s. Each epoch costs 4 + 2 = 6 s; 99 s hold 16 epochs (96 s)
    # and a 17th of 1 step and its validation (3 s).
    clf, cost = _fit(
        clock, X, y, lambda k: 1.0, validation=2.0, time_budget=100, validation_split=0.1
    )
    plan = clf.time_budget_plan_
    assert plan.epoch_end_seconds == pytest.approx(2.0)
    assert plan.steps_run == cost.steps == 16 * 4 + 1 == plan.steps
    assert clf.n_iter_ == len(clf.history_) == 17
    assert clf.history_["val_loss"].notna().all()  # the partial epoch validated too
    assert clf.time_budget_used_ == pytest.approx(99.0)


def test_the_start_of_an_epoch_is_paid_for(clock, digits200):
    X, y = digits200
    # Each epoch's first batch comes 3 s late (its data pipeline starting):
    # 7 s an epoch of 4 steps. After 14 epochs (98 s) a 15th would need 4 s
    # for its first step: the fit ends there.
    clf, cost = _fit(clock, X, y, lambda k: 1.0, epoch_start=3.0, time_budget=100)
    plan = clf.time_budget_plan_
    assert plan.epoch_start_seconds == pytest.approx(3.0)
    assert cost.steps == plan.steps == 56 and clf.n_iter_ == 14
    assert clf.time_budget_used_ == pytest.approx(98.0)


def test_the_plan_follows_a_machine_that_slows_down(clock, digits200):
    X, y = digits200
    # 1 s a step for the first 30 steps, then 2 s: planned at first for 99
    # steps, the plan shrinks as the slower steps come in, and the schedule
    # with it, to end where the fit stops.
    clf, cost = _fit(
        clock, X, y, lambda k: 1.0 if k < 30 else 2.0, time_budget=100, learning_rate="cosine"
    )
    plan = clf.time_budget_plan_
    assert plan.plans > 1 and 1.0 < plan.step_seconds <= 2.0
    assert plan.steps == plan.steps_run == cost.steps
    assert 60 <= cost.steps < 99
    assert float(planned_schedule(clf.model_).total_steps.numpy()) == cost.steps
    # It stops when less than a step is left: within a step (2 s) of the 99 s.
    assert 97.0 <= clf.time_budget_used_ <= 100.0


def test_the_plan_grows_on_a_machine_that_speeds_up(clock, digits200):
    X, y = digits200
    clf, cost = _fit(clock, X, y, lambda k: 2.0 if k < 10 else 0.5, time_budget=100)
    plan = clf.time_budget_plan_
    # 10 steps of 2 s, then 79 s of 0.5 s steps: 158 more.
    assert plan.plans > 1 and plan.steps == plan.steps_run == 168
    assert 95.0 <= clf.time_budget_used_ <= 100.0


def test_a_sudden_slow_down_overruns_by_at_most_one_step(clock, digits200):
    X, y = digits200
    # The steps after the 90th take 8 s: the plan cannot know before the first of
    # them ends (98 s). Its mean over the latest 64 steps, 1.11 s, puts the
    # nearest stop one step later, which takes 8 s too: 106 s.
    clf, cost = _fit(clock, X, y, lambda k: 1.0 if k < 90 else 8.0, time_budget=100)
    assert cost.steps == 92 and clf.time_budget_used_ == pytest.approx(106.0)
    clf, cost = _fit(clock, X, y, lambda k: 1.0 if k < 97 else 8.0, time_budget=100)
    assert cost.steps == 98 and clf.time_budget_used_ <= 110.0


def test_epochs_stay_the_most_a_budget_trains(clock, digits200):
    X, y = digits200
    clf, cost = _fit(clock, X, y, lambda k: 1.0, time_budget=100, epochs=5)
    assert clf.n_iter_ == 5 and cost.steps == 20
    assert clf.time_budget_plan_.steps == 20 and clf.time_budget_used_ == pytest.approx(20.0)


def test_images_read_from_files_stop_at_an_epochs_end(clock, digits200, tmp_path):
    X, y = digits200
    for k in range(len(X)):
        folder = tmp_path / str(y[k])
        folder.mkdir(exist_ok=True)
        image = (X[k].reshape(8, 8) * 15).astype(np.uint8)
        Image.fromarray(image).save(folder / f"{k:04d}.png")
    files, labels = load_image_folder(tmp_path, lazy=True)
    threads = threading.active_count()
    clf, cost = _fit(clock, files, labels, lambda k: 1.0, time_budget=30)
    # 29 s hold 29 steps, but Keras's file readers stop only at an epoch's end:
    # 7 whole epochs of 4 steps, and no reader thread left running.
    assert cost.steps == clf.time_budget_plan_.steps_run == 28 and clf.n_iter_ == 7
    assert clf.time_budget_used_ == pytest.approx(28.0)
    gc.collect()
    assert threading.active_count() <= threads


def test_without_a_budget_the_attributes_are_none(digits200):
    X, y = digits200
    clf = CNNClassifier(epochs=1, batch_size=50, random_state=0).fit(X, y)
    assert clf.time_budget_plan_ is None and clf.time_budget_used_ is None


def test_the_regressor_plans_alike(clock, digits200):
    X, y = digits200
    cost = _Cost(clock, lambda k: 1.0)
    reg = CNNRegressor(
        epochs=100, batch_size=50, random_state=0, time_budget=50, callbacks=[cost]
    ).fit(X, y.astype(float))
    # 50 s less the 1 % reserve is 49.5 s: the nearest stops are 49 s and 50 s, the
    # later one is taken: 12 whole epochs and 2 steps.
    assert reg.time_budget_plan_.steps_run == cost.steps == 50 and reg.n_iter_ == 13
    assert reg.time_budget_used_ == pytest.approx(50.0)


# ---------------------------------------------------------------- a real fit
def test_a_real_fit_reports_a_consistent_plan(digits):
    X, y = digits
    budget = 3.0
    clf = CNNClassifier(epochs=500, time_budget=budget, validation_split=0.1, random_state=0)
    clf.fit(X[:600], y[:600])
    plan = clf.time_budget_plan_
    assert plan.budget == budget
    assert plan.steps_run == plan.steps
    assert plan.epochs_run == clf.n_iter_ == len(clf.history_)
    assert plan.steps_per_epoch == math.ceil(540 / 32)
    assert plan.step_seconds > 0 and plan.epoch_end_seconds > 0
    # Planned within the budget, and the fit took about that (generous bounds:
    # the machine may be busy, and the first fit of a process pays TensorFlow's
    # start before any step can be timed).
    assert 0 < clf.time_budget_used_ < budget * 5
    assert abs(clf.time_budget_used_ - plan.seconds) < budget / 2
    restored = pickle.loads(pickle.dumps(clf.time_budget_plan_))
    assert restored == plan
