"""The small-batch forward pass (skcnn/_estimators/forward.py, issue 23 item 5).

Up to 32 images go through one cached concrete ``tf.function`` of the network's
``predict_step`` instead of ``model.predict_on_batch``: the same numbers, bit for
bit, one trace per network and input dtype, nothing kept once the network is
gone. Latency itself is measured in benchmarks/bench_predict_latency.py, not here.
"""

import gc
import weakref

import numpy as np
import pytest

from skcnn import CNNClassifier, CNNFeatureExtractor, CNNRegressor
from skcnn._estimators.forward import _FORWARDS, compiled_forward

TINY = dict(filters=2, dense_units=4, epochs=1, batch_size=16, augment=None, random_state=0)


@pytest.fixture(scope="module")
def images():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(70, 8, 8), dtype=np.uint8), np.arange(70) % 3


@pytest.fixture(scope="module")
def clf(images):
    X, y = images
    return CNNClassifier(precision="float32", **TINY).fit(X, y)


@pytest.mark.parametrize("n", [2, 5, 32])
def test_compiled_forward_is_predict_on_batch_bit_for_bit(clf, images, n):
    X, _ = images
    batch = clf._validated_images(X[:n])
    forward = compiled_forward(clf.model_, batch.dtype, batch.shape[1:])
    np.testing.assert_array_equal(forward(batch), np.asarray(clf.model_.predict_on_batch(batch)))
    floats = batch.astype(np.float32)
    forward = compiled_forward(clf.model_, floats.dtype, floats.shape[1:])
    np.testing.assert_array_equal(forward(floats), np.asarray(clf.model_.predict_on_batch(floats)))


def test_small_batches_do_not_go_through_keras_predict(clf, images, monkeypatch):
    X, _ = images
    expected = {n: clf.predict_proba(X[:n]) for n in (1, 7, 32)}

    def refuse(*args, **kwargs):
        raise AssertionError("a small batch went through Keras's predict loop")

    monkeypatch.setattr(clf.model_, "predict_on_batch", refuse)
    monkeypatch.setattr(clf.model_, "predict", refuse)
    for n, proba in expected.items():
        np.testing.assert_array_equal(clf.predict_proba(X[:n]), proba)
    # One image alone, inside a batch of 7 and inside a batch of 32: the same row.
    np.testing.assert_array_equal(expected[1][0], expected[7][0])
    np.testing.assert_array_equal(expected[1][0], expected[32][0])


def test_one_trace_per_network_dtype_and_shape(clf, images):
    X, _ = images
    for n in (1, 2, 3, 17, 32):
        clf.predict(X[:n])
        clf.predict(X[:n].astype(np.float64))  # validated to float32
    assert sorted(_FORWARDS[clf.model_]) == [("<f4", (8, 8, 1)), ("|u1", (8, 8, 1))]


@pytest.mark.parametrize("cls", [CNNClassifier, CNNRegressor, CNNFeatureExtractor])
def test_an_image_alone_and_in_batches_of_every_path(images, cls):
    X, y = images
    target = X.reshape(len(X), -1).mean(axis=1) if cls is CNNRegressor else y
    est = cls(tta=True, **TINY).fit(X, target)
    method = {CNNClassifier: "predict_proba", CNNRegressor: "predict"}.get(cls, "transform")
    together = getattr(est, method)(X[:65])  # Keras's predict loop, batches of 32 and 2
    for i in (0, 31, 32, 64):
        np.testing.assert_array_equal(getattr(est, method)(X[i : i + 1])[0], together[i])
    np.testing.assert_array_equal(getattr(est, method)(X[30:34]), together[30:34])


def test_the_cached_function_goes_with_its_network(images):
    from tensorflow.python.framework.func_graph import FuncGraph

    def graphs():
        return [obj for obj in gc.get_objects() if isinstance(obj, FuncGraph)]

    X, y = images
    est = CNNClassifier(**TINY).fit(X, y)
    gc.collect()
    before = {id(graph) for graph in graphs()}
    est.predict(X[:1])
    traced = [weakref.ref(graph) for graph in graphs() if id(graph) not in before]
    assert traced, "predict traced no graph"
    network = weakref.ref(est.model_)
    assert len(_FORWARDS[est.model_]) == 1
    del est
    gc.collect()  # drops the network, hence its entry of the cache and the function
    gc.collect()  # the function's graph, a cycle of its own
    assert network() is None, "the cache kept the network alive"
    alive = [ref() for ref in traced if ref() is not None]
    assert alive == [], f"{len(alive)} traced graph(s) outlive the network"


def test_a_network_that_runs_eagerly_keeps_keras_predict(images):
    X, y = images
    est = CNNClassifier(**TINY).fit(X, y)
    expected = est.predict_proba(X[:3])
    est.model_.run_eagerly = True
    assert compiled_forward(est.model_, np.uint8, (8, 8, 1)) is None
    np.testing.assert_allclose(est.predict_proba(X[:3]), expected, rtol=1e-6)


# ------------------------------------------------- validation of plain arrays
class _ArrayType(np.ndarray):
    """An ndarray subclass: the fast path does not take it, check_array does."""


@pytest.mark.parametrize(
    "X",
    [
        np.arange(2 * 64, dtype=np.uint8).reshape(2, 64),
        np.arange(2 * 64, dtype=np.int64).reshape(2, 8, 8),
        np.linspace(0, 16, 3 * 64).reshape(3, 8, 8, 1),
        np.linspace(0, 1, 64, dtype=np.float32).reshape(1, 8, 8),
        np.asfortranarray(np.linspace(0, 16, 2 * 64).reshape(2, 64)),
    ],
    ids=["uint8 rows", "int64 images", "float64 channels", "float32 one", "fortran rows"],
)
def test_plain_arrays_skip_check_array_and_give_what_it_gives(X, monkeypatch):
    from skcnn._inputs import validation

    checked = validation.check_images(X.view(_ArrayType), expected_shape=(8, 8, 1))

    def refuse(*args, **kwargs):
        raise AssertionError("a plain finite array went through check_array")

    monkeypatch.setattr(validation, "check_array", refuse)
    fast = validation.check_images(X, expected_shape=(8, 8, 1))
    assert fast.images.dtype == checked.images.dtype
    assert fast.images.shape == checked.images.shape == (X.shape[0], 8, 8, 1)
    np.testing.assert_array_equal(fast.images, checked.images)
    assert (fast.flat, fast.n_features, fast.feature_names) == (checked.flat, 64, None)


@pytest.mark.parametrize(
    "X, message",
    [
        (np.full((1, 8, 8), np.nan), "Input X contains NaN"),
        (np.full((1, 8, 8), np.inf), "Input X contains infinity"),
        (np.zeros((0, 8, 8)), "0 sample"),
        (np.zeros(64), "Expected 2D array"),
        (np.array([["a"] * 64], dtype=object), "could not convert"),
    ],
    ids=["nan", "inf", "empty", "1-d", "strings"],
)
def test_arrays_the_fast_path_refuses_get_check_arrays_error(clf, X, message):
    with pytest.raises(ValueError, match=message):
        clf.predict(X)


def test_an_array_after_a_dataframe_fit_still_warns(images):
    pd = pytest.importorskip("pandas")
    X, y = images
    frame = pd.DataFrame(X.reshape(len(X), -1), columns=[f"px{i}" for i in range(64)])
    clf = CNNClassifier(precision="float32", **TINY).fit(frame, y)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        clf.predict(X[:1].reshape(1, -1).astype(np.float64))
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = clf.predict(X[:3].reshape(3, -1))
    np.testing.assert_array_equal(clf.predict(frame.iloc[:3]), from_array)
