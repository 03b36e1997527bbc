"""The network's forward pass on a small batch, as one compiled TensorFlow call.

``model.predict_on_batch`` costs about 0.3 ms of Python per call before the
network computes anything: Keras wraps the batch in a dataset-like structure and
its ``tf.function`` (traced with ``reduce_retracing``) looks the input's type up
in its cache every time. For one image that is most of the latency. This module
traces the network's own ``predict_step`` once per network and input dtype, with
a fixed ``(None, height, width, channels)`` input signature, and keeps the
concrete function: every batch size then runs the same graph, with the same
kernels and the same XLA setting (``model.jit_compile``) as Keras's predict
loop, so a row's outputs are those ``model.predict`` gives it (tests/
test_predict_latency.py checks them bit for bit).

The functions are cached outside the estimator (scikit-learn's
``check_dict_unchanged`` wants ``predict`` to leave ``__dict__`` alone) and
outside the network (a ``keras.Model`` must stay deep-copyable and
serializable), in a dictionary with weak keys: the traced function reaches the
network only through a weak reference, so the entry goes with the network.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

__all__ = ["compiled_forward"]

# network -> {(input dtype, input shape): concrete function}
_FORWARDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def compiled_forward(model, dtype, shape):
    """A function from an image batch ``(n, *shape)`` of ``dtype`` to ``model``'s
    outputs as NumPy, computed as ``model.predict_on_batch`` computes them; or
    None where that path must stay (a network that runs eagerly).

    Parameters
    ----------
    model : keras.Model
    dtype : numpy dtype
        The dtype of the batches (uint8 or float32 after validation).
    shape : tuple of int
        One image's shape, ``(height, width, channels)``.
    """
    if getattr(model, "run_eagerly", False):
        return None
    key = (np.dtype(dtype).str, tuple(int(s) for s in shape))
    with _LOCK:
        functions = _FORWARDS.get(model)
        if functions is None:
            functions = _FORWARDS[model] = {}
        function = functions.get(key)
    if function is None:
        function = _trace(model, np.dtype(dtype), key[1])
        with _LOCK:
            function = functions.setdefault(key, function)
    return function


def _trace(model, dtype, shape):
    import tensorflow as tf

    network = weakref.ref(model)

    def step(images):
        return network().predict_step(images)

    spec = tf.TensorSpec((None, *shape), tf.as_dtype(dtype), name="images")
    concrete = tf.function(
        step, input_signature=[spec], jit_compile=bool(model.jit_compile)
    ).get_concrete_function()

    def forward(images):
        return np.asarray(concrete(tf.constant(images)))

    return forward
