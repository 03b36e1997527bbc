"""What ``model.fit`` iterates: batches of arrays or of image files, in one order.

Arrays and :class:`skcnn.datasets.ImageFiles` are fed in the same batches: each
epoch's order is :func:`skcnn._inputs.order.epoch_order` of the fit's seed and the
epoch number, which :class:`EpochClock` (a callback) tells :class:`EpochOrder`
as each epoch begins. Arrays go through a ``tf.data`` pipeline that gathers
each batch from the arrays held in memory (as Keras's own array adapter does);
image files through :class:`FileBatches`, a Keras ``PyDataset`` that decodes
each batch when the training loop asks for it, on background threads that work
ahead of the loop, so memory is bounded by the batches, not by the data set.
Imported only when a network trains (it imports Keras).
"""

from __future__ import annotations

import math

import keras
import numpy as np

from .image_reading import ImageFileError
from .order import epoch_order
from .validation import is_image_files

# Threads that decode batches ahead of the training loop, and how many
# batches they may hold ready.
DECODING_THREADS = 2
QUEUE_SIZE = 8
# Batches of in-memory arrays gathered ahead of the training step.
PREFETCH_BATCHES = 2


class EpochOrder:
    """The order of ``n`` training rows in the current epoch.

    ``epoch`` is set by :class:`EpochClock` when Keras begins an epoch; the
    order is a function of ``seed`` and ``epoch`` only, so a fit resumed at
    epoch k sees the orders an uninterrupted fit sees. Read from the decoding
    threads and from ``tf.data``: each epoch's permutation is computed once and
    replaced as a whole.
    """

    def __init__(self, n, seed, epoch=0):
        self.n = int(n)
        self.seed = int(seed)
        self.epoch = int(epoch)
        self._cached = None

    def rows(self):
        """The permutation of ``range(n)`` for the current epoch (int64)."""
        epoch, cached = self.epoch, self._cached
        if cached is None or cached[0] != epoch:
            cached = (epoch, epoch_order(self.seed, epoch, self.n))
            self._cached = cached
        return cached[1]


class EpochClock(keras.callbacks.Callback):
    """Tells an :class:`EpochOrder` which epoch Keras begins (before its first batch)."""

    def __init__(self, order):
        super().__init__()
        self.order = order

    def on_epoch_begin(self, epoch, logs=None):
        self.order.epoch = int(epoch)


def standard_dtypes(*arrays):
    """``arrays`` with float arrays as Keras's float type (float32), as Keras's
    array adapter casts them; integer images (uint8) stay as they are."""
    floatx = np.dtype(keras.backend.floatx())
    return tuple(
        None
        if a is None or is_image_files(a)
        else (a.astype(floatx) if a.dtype.kind == "f" and a.dtype != floatx else a)
        for a in arrays
    )


class FileBatches(keras.utils.PyDataset):
    """Batches of ``(images, targets[, weights])`` decoded from ``files``.

    Parameters
    ----------
    files : ImageFiles or ndarray
        The images; an array is indexed (Keras backends other than TensorFlow
        train arrays through this class too).
    targets : ndarray, optional
        One row per file; None for prediction.
    weights : ndarray, optional
        Per-file loss weights.
    batch_size : int
    order : EpochOrder, optional
        The order of each epoch; None keeps the files' order.

    Attributes
    ----------
    failure : ImageFileError or None
        The error of the first file that could not be decoded: Keras carries
        it through ``tf.data`` as a TensorFlow error, which
        :func:`skcnn._inputs.feeding.file_errors` replaces by this one.
    """

    def __init__(self, files, targets=None, weights=None, *, batch_size, order=None):
        super().__init__(
            workers=DECODING_THREADS, use_multiprocessing=False, max_queue_size=QUEUE_SIZE
        )
        self.files = files
        self.targets = targets
        self.sample_weights = weights
        self.batch_size = int(batch_size)
        self.order = order
        self.failure = None

    def __len__(self):
        return math.ceil(len(self.files) / self.batch_size)

    def __getitem__(self, index):
        batch = slice(index * self.batch_size, (index + 1) * self.batch_size)
        rows = np.arange(len(self.files))[batch] if self.order is None else self.order.rows()[batch]
        images = self._images(rows)
        if self.targets is None:
            return images
        if self.sample_weights is None:
            return images, self.targets[rows]
        return images, self.targets[rows], self.sample_weights[rows]

    def _images(self, rows):
        if not is_image_files(self.files):
            return self.files[rows]
        try:
            return self.files.load(rows)
        except ImageFileError as exc:
            if self.failure is None:
                self.failure = broken_file_error(self.files, exc)
            raise self.failure from None


def broken_file_error(files, exc):
    """The ImageFileError of a file that breaks while a network trains or evaluates."""
    path, why = next(iter(exc.files.items()), (None, str(exc)))
    checked = (
        "Its header was checked when the files were loaded, so it has changed on disk since "
        "(or its pixel data are corrupt). "
        if files._checked
        else ""
    )
    return ImageFileError(
        f"The image file {path} cannot be used any more: {why}. {checked}Restore or "
        f"replace it, or load the folder again (load_image_folder(path, lazy=True) checks "
        f"every header; on_error='skip' leaves such files out) and fit again.",
        exc.files,
    )


def array_batches(images, targets, weights, *, batch_size, order):
    """A ``tf.data.Dataset`` of ``(images, targets[, weights])`` batches of
    in-memory arrays, in ``order``'s order: the batches :class:`FileBatches`
    gives for the same images.

    Keras's array adapter is the model: the arrays are held once as tensors and
    each batch is a ``tf.gather`` of its rows, on ``tf.data``'s threads; only
    the epoch's permutation comes from Python (one call per epoch).
    """
    if keras.backend.backend() != "tensorflow":
        return FileBatches(images, targets, weights, batch_size=batch_size, order=order)
    import tensorflow as tf

    n = images.shape[0]
    full, rest = divmod(n, batch_size)

    def permutation(_):
        rows = tf.numpy_function(order.rows, [], tf.int64, stateful=True)
        return tf.ensure_shape(rows, [n])

    def batches(rows):
        batched = tf.data.Dataset.from_tensor_slices(
            tf.reshape(rows[: full * batch_size], [full, batch_size])
        )
        if rest:
            batched = batched.concatenate(tf.data.Dataset.from_tensors(rows[full * batch_size :]))
        return batched

    arrays = tuple(tf.convert_to_tensor(a) for a in (images, targets, weights) if a is not None)
    indices = tf.data.Dataset.range(1).map(permutation).flat_map(batches)
    dataset = tf.data.Dataset.zip((indices, tf.data.Dataset.from_tensors(arrays).repeat()))
    # A batch is one gather of rows in memory, microseconds against a training
    # step: one call at a time and two batches ready ahead keep the network fed.
    dataset = dataset.map(lambda rows, data: tuple(tf.gather(a, rows) for a in data))
    options = tf.data.Options()
    # As Keras's adapter: no graph rewrites (their serialization costs more than
    # they save here), and the permutation's Python call is allowed.
    options.experimental_optimization.apply_default_optimizations = False
    options.experimental_external_state_policy = tf.data.experimental.ExternalStatePolicy.IGNORE
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    # No autotuning: Keras makes a new iterator every epoch, and destroying the
    # old one waits for the autotuner's thread to wake from a sleep that grows
    # to a minute over a long epoch (up to 35-60 s lost per epoch measured on
    # 60,000 images, benchmarks/bench_epoch_start.py); a gather has nothing to tune.
    options.autotune.enabled = False
    dataset = dataset.with_options(options)
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(full + (rest > 0)))
    return dataset.prefetch(PREFETCH_BATCHES)
