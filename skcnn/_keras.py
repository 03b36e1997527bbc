"""Lazy access to Keras and TensorFlow for the estimator.

Nothing here imports TensorFlow at module import time: ``import skcnn`` stays
light, and the backend loads when the first model is built.
"""

from __future__ import annotations

import contextlib
import os
import sys

_CONFIGURED = False


def get_keras(verbose=0):
    """Import and return ``keras`` on the TensorFlow backend, quietly.

    TensorFlow's C++ start-up logs are silenced unless ``verbose >= 2`` on the
    first call or the user set ``TF_CPP_MIN_LOG_LEVEL=0`` (the choice is made
    once, when TensorFlow loads).
    """
    global _CONFIGURED
    if not _CONFIGURED:
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        # TF_CPP_MIN_LOG_LEVEL=0 set by the user asks for every log line.
        quiet = verbose < 2 and os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2") != "0"
        with _stderr_silenced(quiet):
            import keras

            if keras.backend.backend() == "tensorflow":
                import tensorflow as tf

                # Device discovery prints CUDA probing errors on CPU-only hosts.
                tf.config.list_physical_devices()
        if quiet:
            import logging

            import absl.logging

            absl.logging.set_verbosity(absl.logging.ERROR)
            # tf.function retracing notices: each fit builds a new model on purpose.
            logging.getLogger("tensorflow").setLevel(logging.ERROR)
        _CONFIGURED = True
    import keras

    return keras


@contextlib.contextmanager
def _stderr_silenced(active):
    """Send file descriptor 2 to /dev/null for the duration.

    TensorFlow's C++ runtime writes its start-up banner (oneDNN, CUDA probing)
    straight to the descriptor before its logging is configured, so neither
    ``TF_CPP_MIN_LOG_LEVEL`` nor Python's ``sys.stderr`` can catch it.
    """
    if not active:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def seed_everything(seed):
    """Seed Python, NumPy and the backend so a fit is reproducible.

    Keras's ``set_random_seed`` also seeds NumPy's global generator: skcnn
    draws its own randomness from ``check_random_state`` instead, so the global
    state is the only side effect, as with any Keras training script.
    """
    keras = get_keras()
    keras.utils.set_random_seed(int(seed))


def model_to_bytes(model):
    """Serialize a Keras model (architecture, weights, optimizer state) to the
    bytes of a ``.keras`` archive."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="skcnn-") as tmp:
        path = os.path.join(tmp, "model.keras")
        model.save(path)
        with open(path, "rb") as fh:
            return fh.read()


def model_from_bytes(data):
    """Inverse of :func:`model_to_bytes`."""
    import tempfile

    keras = get_keras()
    register_custom_objects()
    with tempfile.TemporaryDirectory(prefix="skcnn-") as tmp:
        path = os.path.join(tmp, "model.keras")
        with open(path, "wb") as fh:
            fh.write(data)
        return keras.saving.load_model(path)


def register_custom_objects():
    """Import the modules whose Keras layers skcnn's networks may contain, so that
    Keras can deserialize them: :mod:`skcnn.layers` and the ImageNet input
    preprocessing of :mod:`skcnn.architectures.keras_apps`."""
    import skcnn.architectures.keras_apps  # noqa: F401  (ImageNetPreprocessing)
    import skcnn.layers  # noqa: F401  (LocalResponseNormalization, SqueezeExcite, ...)
