"""CPU speed knobs, applied to skcnn from the outside (nothing in skcnn changes).

Each knob is what a change to ``CNNClassifier`` would do, emulated with a
subclass or a patch inside the benchmark's worker process:

``threads``             ``tf.config.threading`` intra-/inter-op pool sizes,
                        set before TensorFlow starts its runtime.
``jit_compile``         ``model.compile(jit_compile=True)``: XLA. Keras's
                        default ``"auto"`` turns XLA *off* on CPU-only hosts.
``steps_per_execution`` ``model.compile(steps_per_execution=k)``: k gradient
                        steps per call into the graph.
``drop_unit_weights``   do not pass an all-ones ``sample_weight`` to
                        ``model.fit`` (skcnn always passes one).
``pipeline="tfdata"``   feed ``model.fit`` a ``tf.data`` pipeline (uint8
                        tensors, shuffle, batch, prefetch) instead of numpy.
``no_copy``             train on the caller's array, not a fancy-indexed copy,
                        when nothing is held out (``_holdout_split`` patched to
                        return a slice).
``batch_size``          a recipe change, not a knob: shown for the default.
``contender``           run the knobs on another contender (``skcnn_default``).
"""

from __future__ import annotations

import numpy as np

KNOB_CONFIGS = {
    # name: (description, knobs)
    "baseline": ("skcnn as shipped (same settings as the fit table)", {}),
    "no_unit_sw": ("no all-ones sample_weight passed to model.fit", {"drop_unit_weights": True}),
    "xla": ("compile(jit_compile=True)", {"jit_compile": True}),
    "spe8": ("compile(steps_per_execution=8)", {"steps_per_execution": 8}),
    "tfdata": ("tf.data pipeline (uint8, shuffle, batch, prefetch)", {"pipeline": "tfdata"}),
    "threads_2_1": ("intra_op=2, inter_op=1 threads", {"threads": (2, 1)}),
    "threads_1_1": ("intra_op=1, inter_op=1 threads (a Dask worker's share)", {"threads": (1, 1)}),
    "batch128": ("batch_size=128 (recipe change: skcnn's 'auto' on 60k images)",
                 {"batch_size": 128}),
    "spe32": ("compile(steps_per_execution=32)", {"steps_per_execution": 32}),
    "no_copy": ("no copy of X when nothing is held out", {"no_copy": True}),
    "spe8_no_copy": ("steps_per_execution=8 + no copy of X",
                     {"steps_per_execution": 8, "no_copy": True}),
    "default": ("skcnn_default as shipped (adam, batch auto=128, validation_split=0.1)",
                {"contender": "skcnn_default"}),
    "default_spe8": ("skcnn_default + steps_per_execution=8",
                     {"contender": "skcnn_default", "steps_per_execution": 8}),
}


def set_threads(threads):
    """Size TensorFlow's thread pools; must run before the runtime starts."""
    if not threads:
        return
    import tensorflow as tf

    intra, inter = threads
    tf.config.threading.set_intra_op_parallelism_threads(int(intra))
    tf.config.threading.set_inter_op_parallelism_threads(int(inter))


def patch_compile(keras, *, jit_compile=None, steps_per_execution=None):
    """Make every ``Model.compile`` in this process use the given options."""
    extra = {}
    if jit_compile is not None:
        extra["jit_compile"] = jit_compile
    if steps_per_execution is not None:
        extra["steps_per_execution"] = steps_per_execution
    if not extra:
        return
    original = keras.Model.compile

    def compile(self, *args, **kwargs):
        for key, value in extra.items():
            kwargs.setdefault(key, value)
        return original(self, *args, **kwargs)

    keras.Model.compile = compile


def patch_no_copy():
    """Make skcnn index its training images with a slice (a view) when
    ``validation_split=0``: ``data.images[train]`` then copies nothing."""
    import skcnn.estimator as E

    original = E._holdout_split

    def holdout_split(y_index, fraction, rng):
        if fraction == 0:
            return slice(None), None
        return original(y_index, fraction, rng)

    E._holdout_split = holdout_split


def tuned_classifier(*, drop_unit_weights=False, pipeline="numpy"):
    """A ``CNNClassifier`` subclass whose training call applies the knobs."""
    from skcnn import CNNClassifier

    if not drop_unit_weights and pipeline == "numpy":
        return CNNClassifier

    def _all_ones(w):
        return w is not None and bool(np.all(w == 1))

    class TunedCNNClassifier(CNNClassifier):
        @staticmethod
        def _train(model, continue_training, x, y, **kwargs):
            weights = kwargs.pop("sample_weight", None)
            if drop_unit_weights and _all_ones(weights):
                weights = None
            val = kwargs.get("validation_data")
            if drop_unit_weights and val is not None and len(val) == 3 and _all_ones(val[2]):
                kwargs["validation_data"] = val[:2]
            if pipeline == "tfdata":
                import tensorflow as tf

                batch_size = kwargs.pop("batch_size")
                kwargs.pop("shuffle", None)
                tensors = (x, y) if weights is None else (x, y, weights)
                data = (
                    tf.data.Dataset.from_tensor_slices(tensors)
                    .shuffle(len(x), reshuffle_each_iteration=True)
                    .batch(batch_size)
                    .prefetch(tf.data.AUTOTUNE)
                )
                return model.fit(data, **kwargs)
            return model.fit(x, y, sample_weight=weights, **kwargs)

    return TunedCNNClassifier


# ------------------------------------------------------------- predict paths
def direct_call_classifier(mode):
    """A ``CNNClassifier`` whose forward pass bypasses ``predict_on_batch``.

    ``mode="eager"``: ``model_(x, training=False)``, an eager call.
    ``mode="function"``: one ``tf.function`` per fitted model with a
    ``(None, h, w, c)`` input signature, so every batch size reuses one graph;
    large inputs go through it in chunks of ``chunk`` images.
    ``mode="chunked"``: skcnn's ``predict_on_batch``, for large inputs too, in
    chunks of ``chunk`` images (instead of ``model.predict(batch_size=256)``).
    """
    from skcnn import CNNClassifier

    chunk = 2048

    class DirectCallCNNClassifier(CNNClassifier):
        def _forward(self, images):
            if mode == "eager":
                if images.shape[0] <= 1024:
                    return np.asarray(self.model_(images, training=False))
                return super()._forward(images)
            if mode == "chunked":
                parts = [np.asarray(self.model_.predict_on_batch(images[i : i + chunk]))
                         for i in range(0, len(images), chunk)]
                return np.concatenate(parts)
            fn = self._compiled_forward(images.dtype)
            if images.shape[0] <= chunk:
                return fn(images).numpy()
            parts = [fn(images[i : i + chunk]).numpy() for i in range(0, len(images), chunk)]
            return np.concatenate(parts)

        def _compiled_forward(self, dtype):
            cache = self.__dict__.setdefault("_forward_cache", {})
            key = (id(self.model_), np.dtype(dtype).str)
            if key not in cache:
                import tensorflow as tf

                model = self.model_
                spec = tf.TensorSpec((None, *self.input_shape_), tf.as_dtype(dtype))
                cache[key] = tf.function(
                    lambda x: model(x, training=False), input_signature=[spec]
                )
            return cache[key]

    return DirectCallCNNClassifier
