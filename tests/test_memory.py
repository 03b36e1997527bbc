"""Memory per fit: no fit leaves its traced training step behind (skcnn/_training/graph_release.py).

TensorFlow's gradient registry keeps a ``CustomGradient`` entry for every
all-reduce traced in a training step, and with it the step's ``FuncGraph`` and
the network it captured (tensorflow/tensorflow#97697). These tests check that
every way of training an estimator releases them, that
:func:`released_step_graphs` does so around a raw ``model.fit``, and that a
user's own ``tf.custom_gradient`` registrations are left alone.
"""

import gc
import subprocess
import sys
import weakref

import numpy as np
import pytest

from skcnn import CNNClassifier
from skcnn._training.graph_release import (
    _gradient_registry,
    _is_all_reduce_gradient,
    released_step_graphs,
)

# Tiny fits: 8x8 images, two classes, one epoch of plain float32 training.
TINY = dict(
    filters=2,
    dense_units=4,
    epochs=1,
    batch_size=16,
    augment=None,
    learning_rate=None,
    precision="float32",
    random_state=0,
)


@pytest.fixture(scope="module")
def images():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(48, 8, 8), dtype=np.uint8), np.arange(48) % 2


@pytest.fixture(scope="module", autouse=True)
def warmed_up(images):
    """One fit first: TensorFlow's own one-off functions are traced before any
    test counts what a fit leaves behind."""
    X, y = images
    CNNClassifier(**TINY).fit(X, y).predict(X)
    gc.collect()


def all_reduce_names():
    registry = _gradient_registry()
    assert registry is not None, "TensorFlow's gradient registry was not found"
    return {name for name, entry in list(registry.items()) if _is_all_reduce_gradient(name, entry)}


def func_graphs():
    from tensorflow.python.framework.func_graph import FuncGraph

    return [obj for obj in gc.get_objects() if isinstance(obj, FuncGraph)]


def graphs_traced_by(train):
    """Weak references to the FuncGraphs alive after ``train()`` that were not before."""
    gc.collect()
    before = {id(graph) for graph in func_graphs()}
    train()
    new = [weakref.ref(graph) for graph in func_graphs() if id(graph) not in before]
    assert new, "the fit traced no graph"
    return new


def raw_model():
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Conv2D(2, 3, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def user_custom_gradient():
    """A user's own ``tf.custom_gradient``, traced in graph mode: it registers
    one ``CustomGradient-`` entry. Returns the names it added."""
    import tensorflow as tf

    @tf.custom_gradient
    def clip_gradient(x):
        return tf.identity(x), lambda dy: tf.clip_by_value(dy, -1.0, 1.0)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = clip_gradient(x)
        return tape.gradient(y, x)

    registry = _gradient_registry()
    before = set(registry)
    step(tf.constant([1.0, 2.0]))
    added = set(registry) - before
    assert len(added) == 1 and not any(_is_all_reduce_gradient(n, registry[n]) for n in added)
    return added, step


# ------------------------------------------------------------ the estimators
def test_fit_warm_start_and_partial_fit_leave_no_all_reduce_gradient(images):
    X, y = images
    before = all_reduce_names()
    clf = CNNClassifier(**TINY).fit(X, y)
    assert all_reduce_names() - before == set(), "fit"
    clf.set_params(warm_start=True, batch_size=8).fit(X, y)  # a new batch size retraces
    assert all_reduce_names() - before == set(), "warm-start fit"
    clf.partial_fit(X, y)
    assert all_reduce_names() - before == set(), "partial_fit"
    CNNClassifier(**TINY).partial_fit(X, y, classes=[0, 1])
    assert all_reduce_names() - before == set(), "first partial_fit"


def test_lr_find_and_feature_extractor_leave_no_all_reduce_gradient(images):
    from skcnn import CNNFeatureExtractor, lr_find

    X, y = images
    before = all_reduce_names()
    lr_find(CNNClassifier(**TINY), X, y, num=4)
    assert all_reduce_names() - before == set(), "lr_find"
    CNNFeatureExtractor(**TINY).fit(X, y).transform(X)
    assert all_reduce_names() - before == set(), "CNNFeatureExtractor.fit"


def test_graphs_traced_by_fits_are_collected_with_the_estimator(images):
    X, y = images
    box = {}

    def train():
        clf = CNNClassifier(**TINY).fit(X, y)
        clf.set_params(warm_start=True, batch_size=8).fit(X, y)
        clf.partial_fit(X, y)
        clf.predict(X)
        box["clf"] = clf

    graphs = graphs_traced_by(train)
    del box["clf"]
    gc.collect()
    alive = [ref() for ref in graphs if ref() is not None]
    assert alive == [], f"{len(alive)} of {len(graphs)} traced graphs outlive the estimator"


def test_users_custom_gradient_survives_a_fit(images):
    X, y = images
    added, step = user_custom_gradient()
    CNNClassifier(**TINY).fit(X, y)
    assert added <= set(_gradient_registry())
    # ... and still differentiates through it.
    import tensorflow as tf

    np.testing.assert_allclose(step(tf.constant([3.0])).numpy(), [1.0])


# ------------------------------------------------- the context manager alone
def test_released_step_graphs_around_a_raw_keras_fit(images):
    X, y = images
    before = all_reduce_names()
    box = {}

    def train():
        model = raw_model()
        with released_step_graphs():
            model.fit(X[..., None], y, epochs=1, batch_size=16, verbose=0)
        box["model"] = model

    graphs = graphs_traced_by(train)
    assert all_reduce_names() - before == set()
    del box["model"]
    gc.collect()
    assert [ref() for ref in graphs if ref() is not None] == []


def test_raw_keras_fit_without_it_leaks(images):
    """The leak the context manager exists for (if TensorFlow fixes it, the
    module can go)."""
    X, y = images
    before = all_reduce_names()
    raw_model().fit(X[..., None], y, epochs=1, batch_size=16, verbose=0)
    leaked = all_reduce_names() - before
    assert leaked
    # Clean up after ourselves: remove what this test leaked.
    registry = _gradient_registry()
    for name in leaked:
        registry.pop(name)


def test_released_on_exception(images):
    import keras

    class Stop(Exception):
        pass

    class Interrupt(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            raise Stop

    X, y = images
    before = all_reduce_names()
    with pytest.raises(Stop), released_step_graphs():
        raw_model().fit(
            X[..., None], y, epochs=1, batch_size=16, verbose=0, callbacks=[Interrupt()]
        )
    assert all_reduce_names() - before == set()


def test_custom_gradients_registered_before_and_during_stay(images):
    X, y = images
    before_fit, _ = user_custom_gradient()
    with released_step_graphs():
        during_fit, _ = user_custom_gradient()
        raw_model().fit(X[..., None], y, epochs=1, batch_size=16, verbose=0)
    assert before_fit | during_fit <= set(_gradient_registry())


# -------------------------------------------------- without TensorFlow itself
def _fake_all_reduce_entry():
    """A registry entry shaped as TensorFlow's: internal_grad_fn -> tape_grad_fn
    -> the all-reduce's gradient."""

    def grad(*dy):
        return dy

    grad.__module__ = "tensorflow.python.distribute.distribute_lib"
    grad.__qualname__ = "ReplicaContextBase.all_reduce.<locals>.grad_wrapper.<locals>.<lambda>"

    def tape_grad_fn(*dy):
        return grad(*dy)

    def internal_grad_fn(op, *dy):
        return tape_grad_fn(*dy)

    return {"type": internal_grad_fn, "location": None}


def test_predicate_on_fake_entries():
    entry = _fake_all_reduce_entry()
    assert _is_all_reduce_gradient("CustomGradient-7", entry)
    assert not _is_all_reduce_gradient("MatMul", entry)
    assert not _is_all_reduce_gradient("CustomGradient-8", {"type": lambda op: None})
    assert not _is_all_reduce_gradient("CustomGradient-9", None)


def test_nested_and_overlapping_uses_prune_once_at_the_end(monkeypatch):
    import skcnn._training.graph_release as graph_release

    registry = {"MatMul": {"type": None}, "CustomGradient-1": _fake_all_reduce_entry()}
    monkeypatch.setattr(graph_release, "_gradient_registry", lambda: registry)
    with released_step_graphs():
        registry["CustomGradient-2"] = _fake_all_reduce_entry()
        with released_step_graphs():
            registry["CustomGradient-3"] = _fake_all_reduce_entry()
        # The inner exit keeps what an outer fit may still be tracing with.
        assert {"CustomGradient-2", "CustomGradient-3"} <= set(registry)
    assert set(registry) == {"MatMul", "CustomGradient-1"}


def test_no_op_when_the_registry_is_not_found(monkeypatch):
    import tensorflow  # noqa: F401  (the module the accessor reads)

    ops = sys.modules["tensorflow.python.framework.ops"]
    assert isinstance(_gradient_registry(), dict)
    # TensorFlow's private layout changed: no registry, and nothing is touched.
    monkeypatch.setattr(ops, "gradient_registry", object())
    monkeypatch.setattr(ops, "_gradient_registry", object())
    assert _gradient_registry() is None
    with released_step_graphs():
        pass
    monkeypatch.undo()
    # TensorFlow not loaded: nothing to read.
    monkeypatch.delitem(sys.modules, "tensorflow.python.framework.ops")
    assert _gradient_registry() is None


def test_import_does_not_load_tensorflow():
    code = (
        "import sys, skcnn._training.graph_release as g\n"
        "with g.released_step_graphs(): pass\n"
        "assert 'tensorflow' not in sys.modules, 'tensorflow imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
