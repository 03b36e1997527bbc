"""Lazy access to Keras and TensorFlow for the estimator.

Nothing here imports TensorFlow at module import time: ``import skcnn`` stays
light, and the backend loads when the first model is built.
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import warnings

_CONFIGURED = False
# The intra-op thread count skcnn gave TensorFlow (with one inter-op thread),
# None while it has given none (TensorFlow's defaults, or the user's, apply).
_THREADS = None
# The implicit requests whose mismatch has been reported (once per process).
_WARNED = set()
_ALLOTMENT = None


def get_keras(verbose=0):
    """Import and return ``keras`` on the TensorFlow backend, quietly.

    TensorFlow's C++ start-up logs are silenced unless ``verbose >= 2`` on the
    first call or the user set ``TF_CPP_MIN_LOG_LEVEL=0`` (the choice is made
    once, when TensorFlow loads).
    """
    _load_keras(verbose)
    import keras

    return keras


def _load_keras(verbose):
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


# The n_jobs-independent mode is an explicit ``n_threads=1``, not a seed: a
# seeded fit computes with its process's allotment (docs/reproducibility.rst).
# TensorFlow's CPU kernels (oneDNN's and Eigen's alike, with or without op
# determinism) split the weight-gradient reductions of a convolution by the size
# of the intra-op pool, so the same seeded fit with 1 and with 2 threads ends in
# different weights; with the same count it ends in the same weights, run after
# run. One thread is the only count that is the same in the parent process, in
# joblib's workers and in Dask's without oversubscribing any of them.


def thread_allotment(n_threads=None):
    """The number of threads this process's TensorFlow should compute with.

    In order: ``n_threads`` when given; inside a Dask worker, the worker's
    threads (``LocalCluster(threads_per_worker=...)``); the ``OMP_NUM_THREADS``
    environment variable, which joblib's process workers receive as their share
    of the cores (``cpu_count // n_jobs``); else every usable core. The
    allotment is read once per process, at its first fit. Seeded and unseeded
    fits get the same allotment; a seeded fit asks TensorFlow for it exactly
    (:func:`limit_threads`).
    """
    if n_threads is not None:
        return int(n_threads)
    global _ALLOTMENT
    if _ALLOTMENT is None:
        _ALLOTMENT = _process_allotment()
    return _ALLOTMENT


def _process_allotment():
    # Read once per process: starting a distributed.LocalCluster sets
    # OMP_NUM_THREADS=1 in the client process too, which is not its share.
    worker_threads = _dask_worker_threads()
    if worker_threads:
        return worker_threads
    try:
        allotted = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        allotted = 0
    if allotted >= 1:
        return allotted
    import joblib

    return joblib.cpu_count()


def _dask_worker_threads():
    if "distributed" not in sys.modules:
        return None
    from distributed import get_worker

    try:
        return int(get_worker().state.nthreads)
    except (ValueError, AttributeError):
        return None


def limit_threads(n_threads=None, *, seeded=False):
    """Size TensorFlow's thread pools to :func:`thread_allotment`.

    One intra-op pool of the allotted size computes each operation; one
    inter-op thread schedules them, so two workers sharing a machine do not
    oversubscribe its cores. An unseeded fit with neither ``n_threads`` nor an
    allotment smaller than the machine keeps TensorFlow's defaults (and the
    user's own ``tf.config.threading`` settings). A seeded fit, or an explicit
    ``n_threads``, asks for a count its results depend on: a seeded fit sets
    its process's allotment explicitly, so that the same fit computes with the
    same count in every fresh process on the machine. TensorFlow fixes its
    pools when it starts computing: a later, different request for such a
    count warns (a seeded one once per process) and changes nothing.
    """
    global _THREADS
    import joblib

    wanted = thread_allotment(n_threads)
    exact = n_threads is not None or seeded
    if not exact and wanted >= joblib.cpu_count():
        return
    if _THREADS == wanted:
        return
    import tensorflow as tf

    threading = tf.config.threading
    configured = threading.get_intra_op_parallelism_threads()
    if n_threads is None and _THREADS is None and configured:
        # The user configured TensorFlow before skcnn did: their choice stands.
        if seeded and configured != wanted:
            _warn_pools(configured, wanted, seeded=True)
        return
    try:
        threading.set_intra_op_parallelism_threads(wanted)
        threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:
        current = configured or joblib.cpu_count()
        if current != wanted:
            _warn_pools(current, wanted, seeded=seeded, explicit=n_threads is not None)
        return
    _THREADS = wanted


def _warn_pools(current, wanted, *, seeded, explicit=False):
    """Say that TensorFlow's pools already have another size: every time for an
    explicit ``n_threads``, once per process for an implicit request."""
    kind = "explicit" if explicit else "seeded" if seeded else "allotment"
    if kind != "explicit":
        if kind in _WARNED:
            return
        _WARNED.add(kind)
    started = (
        f"TensorFlow already runs with {current} thread(s) per operation in this "
        f"process, and its thread pools cannot change once it has started: "
    )
    if kind == "seeded":
        message = started + (
            f"this seeded fit computes with them, not with the {wanted} it computes "
            f"with in a fresh process on this machine, so its results can differ from "
            f"the same fit there. Run seeded fits before anything else runs TensorFlow "
            f"in the process, or give every fit the same n_threads (n_threads=1 gives "
            f"the same results in every process, whatever n_jobs; see "
            f"docs/reproducibility.rst)."
        )
    else:
        message = started + (
            f"n_threads={wanted} is ignored. Set n_threads in a fresh process (each "
            f"joblib or Dask worker is one) before its first fit."
        )
    warnings.warn(message, RuntimeWarning, stacklevel=4)


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
    # Keras draws its initializers' seeds from Python's global generator, which
    # other threads draw from too (a Dask worker's event loop, sizing data with
    # random.sample): give Keras a generator of its own, or the initial weights
    # depend on timing. ``python_random`` is a private name of Keras 3.
    from keras.src.random import seed_generator

    if hasattr(seed_generator, "python_random"):
        seed_generator.python_random = random.Random(int(seed))


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
    keras_objects()
    with tempfile.TemporaryDirectory(prefix="skcnn-") as tmp:
        path = os.path.join(tmp, "model.keras")
        with open(path, "wb") as fh:
            fh.write(data)
        return keras.saving.load_model(path)


# Every module that defines a Keras class skcnn's networks may contain, registered
# with ``keras.saving.register_keras_serializable(package="skcnn")`` on import.
# ``tests/test_persistence.py`` checks that this list names every such module.
KERAS_OBJECT_MODULES = (
    "skcnn.layers",  # LocalResponseNormalization, DepthwiseMaxPooling2D, SqueezeExcite
    "skcnn._training.schedules",  # PlannedSchedule, the optimizer's per-batch learning rate
    "skcnn.architectures.keras_apps",  # ImageNetPreprocessing
)


def keras_objects():
    """skcnn's Keras classes, registered with Keras, by their registered names.

    A network that skcnn built can contain them: its custom layers, the
    ImageNet preprocessing of the ``keras.<Name>`` presets, and the
    per-batch learning-rate schedule of its optimizer. ``CNNClassifier.load``,
    pickle and joblib call this themselves; call it before opening the network
    alone with ``keras.saving.load_model`` (or pass its result as that
    function's ``custom_objects``).

    Returns
    -------
    dict
        ``{"skcnn>PlannedSchedule": PlannedSchedule, ...}``.

    Examples
    --------
    >>> import skcnn
    >>> sorted(skcnn.keras_objects())[:2]
    ['skcnn>DepthwiseMaxPooling2D', 'skcnn>ImageNetPreprocessing']
    """
    import importlib

    get_keras()
    found = {}
    for module_name in KERAS_OBJECT_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module_name:
                name = _registered_name(value)
                if name is not None:
                    found[name] = value
    return found


def _registered_name(cls):
    import keras

    name = keras.saving.get_registered_name(cls)
    return name if name.startswith("skcnn>") else None
