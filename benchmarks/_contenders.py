"""The contenders: one R-lab network, trained five ways.

Every contender trains the network of the R keras MNIST lab
(conv32-pool-conv64-pool-conv64-flatten-dense64-softmax, 93,322 weights) with
RMSprop on the same images; they differ only in how the code around the
network is written:

``raw_rlab``
    raw Keras as the R lab writes it: ``x / 255`` (float64 arrays, as R's
    doubles arrive through reticulate), one-hot labels,
    ``categorical_crossentropy``.
``raw_well``
    raw Keras written well: uint8 input, a ``Rescaling`` layer in the graph,
    integer labels, ``sparse_categorical_crossentropy``.
``scikeras``
    scikeras 0.13 ``KerasClassifier`` around the ``raw_well`` network and data.
``skcnn``
    ``CNNClassifier(arch="simple", optimizer="rmsprop", batch_size=64, ...)``
    with the same epochs and validation split as the others, and the others'
    plain float32 training (no augmentation, schedule or label smoothing).
``skcnn_default``
    ``CNNClassifier()`` with its own defaults (adam on a one-cycle schedule,
    ``batch_size="auto"``, augmentation, label smoothing, bfloat16 where the CPU
    has it, no validation split), only ``epochs`` matched.

Functions here import Keras lazily: the worker decides when TensorFlow loads.
"""

from __future__ import annotations

import time

import numpy as np

CONTENDERS = ("raw_rlab", "raw_well", "scikeras", "skcnn", "skcnn_default")
DESCRIPTIONS = {
    "raw_rlab": "raw Keras, R-lab style (float64 /255, one-hot, categorical_crossentropy)",
    "raw_well": "raw Keras written well (uint8 input, Rescaling layer, sparse labels)",
    "scikeras": "scikeras 0.13 KerasClassifier (raw_well network and data)",
    "skcnn": 'skcnn CNNClassifier(arch="simple", optimizer="rmsprop", batch_size=64)',
    "skcnn_default": "skcnn CNNClassifier() with its defaults, epochs matched",
}


# ------------------------------------------------------------------ network
def rlab_network(keras, *, rescale, filters=32, input_shape=(28, 28, 1), n_classes=10):
    """The R lab's network; ``rescale`` puts ``Rescaling(1/255)`` first."""
    layers = keras.layers
    model = keras.Sequential(name="rlab")
    model.add(keras.Input(shape=input_shape))
    if rescale:
        model.add(layers.Rescaling(1.0 / 255.0))
    model.add(layers.Conv2D(filters, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Conv2D(2 * filters, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))
    model.add(layers.Conv2D(2 * filters, 3, activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(n_classes, activation="softmax"))
    return model


def scikeras_build_fn(filters=32):
    """scikeras ``model=`` callable: the ``raw_well`` network, uncompiled."""
    import keras

    return rlab_network(keras, rescale=True, filters=filters)


# ----------------------------------------------------------------- timing
class BatchClock:
    """Keras callback that records ``(batch index, time)`` after every step
    call, in a class-level list so that it survives copies (scikeras copies
    its callbacks)."""

    records: list = []

    @classmethod
    def make(cls, keras):
        outer = cls

        class _Clock(keras.callbacks.Callback):
            def on_train_begin(self, logs=None):
                outer.records.clear()
                outer.records.append(("begin", -1, time.perf_counter()))

            def on_train_batch_end(self, batch, logs=None):
                outer.records.append(("batch", batch, time.perf_counter()))

            def on_epoch_begin(self, epoch, logs=None):
                outer.records.append(("epoch", epoch, time.perf_counter()))

        return _Clock()

    @classmethod
    def steady_images_per_s(cls, batch_size, skip_fraction=0.1):
        """Training images per second over the last epoch's steps after its
        first ``skip_fraction``, with graph tracing and warm-up excluded."""
        marks = [i for i, r in enumerate(cls.records) if r[0] == "epoch"]
        if not marks:
            return None
        last = [r for r in cls.records[marks[-1] + 1 :] if r[0] == "batch"]
        if len(last) < 4:
            return None
        start = last[int(len(last) * skip_fraction)]
        end = last[-1]
        steps = end[1] - start[1]
        seconds = end[2] - start[2]
        return steps * batch_size / seconds if seconds > 0 else None


# ------------------------------------------------------------------- fitting
def prepare(name, X, y):
    """The arrays each contender's user would hand to ``fit``.

    ``X``: uint8 images (n, 28, 28); ``y``: uint8 labels.
    """
    if name == "raw_rlab":
        import keras

        x = X.reshape((-1, 28, 28, 1)) / 255  # float64, as R's doubles
        return x, keras.utils.to_categorical(y, 10)  # one-hot, float64
    if name in ("raw_well", "scikeras"):
        return X.reshape((-1, 28, 28, 1)), y.astype(np.int64)
    return X, y  # skcnn takes (n, h, w) uint8 and any labels


def make_estimator(name, *, epochs, batch_size, validation_split, seed, callbacks, cls=None):
    """A ``fit``-able object for each contender, with a ``fit(x, y)`` method."""
    if name in ("skcnn", "skcnn_default"):
        if cls is None:
            from skcnn import CNNClassifier as cls
        if name == "skcnn":
            return cls(
                arch="simple",
                optimizer="rmsprop",
                batch_size=batch_size,
                epochs=epochs,
                validation_split=validation_split,
                rescale="auto",
                learning_rate=None,
                augment=None,
                label_smoothing=0.0,
                precision="float32",
                random_state=seed,
                callbacks=callbacks,
            )
        return cls(epochs=epochs, random_state=seed, callbacks=callbacks)
    if name == "scikeras":
        from scikeras.wrappers import KerasClassifier

        if cls is None:
            cls = KerasClassifier
        import keras

        # No random_state: scikeras then sets TF_DETERMINISTIC_OPS, which
        # would slow it down for a reason unrelated to the wrapper. Seed like
        # the raw scripts instead.
        keras.utils.set_random_seed(seed)
        return cls(
            model=scikeras_build_fn,
            loss="sparse_categorical_crossentropy",
            optimizer="rmsprop",
            metrics=["accuracy"],
            epochs=epochs,
            batch_size=batch_size,
            validation_split=validation_split,
            verbose=0,
            callbacks=callbacks,
        )
    return RawKeras(
        rlab_style=name == "raw_rlab",
        epochs=epochs,
        batch_size=batch_size,
        validation_split=validation_split,
        seed=seed,
        callbacks=callbacks,
    )


class RawKeras:
    """The hand-written script, wrapped only so the driver can call ``fit``."""

    def __init__(self, *, rlab_style, epochs, batch_size, validation_split, seed, callbacks,
                 filters=32, compile_kwargs=None):
        self.rlab_style = rlab_style
        self.epochs = epochs
        self.batch_size = batch_size
        self.validation_split = validation_split
        self.seed = seed
        self.callbacks = callbacks
        self.filters = filters
        self.compile_kwargs = compile_kwargs or {}

    def fit(self, x, y):
        import keras

        keras.utils.set_random_seed(self.seed)
        model = rlab_network(keras, rescale=not self.rlab_style, filters=self.filters)
        model.compile(
            optimizer="rmsprop",
            loss="categorical_crossentropy" if self.rlab_style else
            "sparse_categorical_crossentropy",
            metrics=["accuracy"],
            **self.compile_kwargs,
        )
        self.history_ = model.fit(
            x,
            y,
            epochs=self.epochs,
            batch_size=self.batch_size,
            validation_split=self.validation_split,
            verbose=0,
            callbacks=self.callbacks,
        )
        self.model_ = model
        return self

    def predict(self, x):
        return np.argmax(self.model_.predict(x, verbose=0), axis=1)


def n_trained(name, n, validation_split):
    """Images the contender trains on per epoch (the rest validate)."""
    if name == "skcnn_default":
        validation_split = 0.0
    if not validation_split:
        return n
    if name.startswith("skcnn"):
        import math

        return n - math.ceil(validation_split * n)
    return int(n * (1 - validation_split))  # Keras slices off the tail


def batch_size_used(name, batch_size, n_train):
    if name == "skcnn_default":
        return int(np.clip(n_train // 100, 32, 128))  # skcnn's "auto"
    return batch_size
