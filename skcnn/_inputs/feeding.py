"""What ``model.fit`` is fed: the validation holdout, the training batches, replica padding.

The estimator decides *what* to train on; this module turns the checked images,
targets and weights into the arguments of ``model.fit``, splits off the
validation part, and pads the last batch for distribution strategies.

Storage does not change the model: arrays and image files
(:class:`skcnn.datasets.ImageFiles`) are fed in the same batches, each epoch in
the order :func:`~skcnn._inputs.order.epoch_order` gives for the fit's seed and the epoch number, so
a seeded fit on files ends with the network the same fit on the decoded arrays
ends with, and a fit resumed at epoch k sees the orders of an uninterrupted one.
Arrays go through a ``tf.data`` pipeline that gathers each batch in memory,
files through a ``PyDataset`` that decodes each batch
(:mod:`skcnn._inputs.streaming`, which imports Keras when a network trains).
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np

from .validation import is_image_files

# Up to this many images, predict is one compiled call (``predict_on_batch``),
# several times faster than Keras's ``predict`` loop for a single image; larger
# inputs go through that loop in batches of the same size, Keras's default,
# which bounds the activation memory of the big presets.
PREDICT_BATCH = 32


def in_decoded_batches(images, function):
    """``function(images)``, or for image files its results on the decoded
    batches, concatenated: memory bounded by one batch of images."""
    if not is_image_files(images):
        return function(images)
    return np.concatenate([function(batch) for batch in images.batches(4 * PREDICT_BATCH)], axis=0)


def fit_inputs(images, targets, weights, train, val, *, batch_size, val_batch_size, replicas, rng):
    """``(keyword arguments of model.fit, callbacks to run first)`` for a fit.

    ``train`` and ``val`` (None without a validation split) index ``images``
    (an array or ImageFiles). One seed is drawn from ``rng`` for either kind, and
    the training rows come in :func:`~skcnn._inputs.order.epoch_order` of it: a callback
    (:class:`skcnn._inputs.streaming.EpochClock`) tells the batches which epoch Keras
    begins. The validation rows come in their order, in batches of
    ``val_batch_size``. Float targets and weights are fed as float32 for both.
    """
    from .streaming import EpochClock, EpochOrder, FileBatches, array_batches, standard_dtypes

    seed = rng.randint(np.iinfo(np.int32).max)
    targets, weights = standard_dtypes(targets, weights)
    if is_image_files(images):
        order = EpochOrder(len(train), seed)
        training = FileBatches(
            images[train],
            targets[train],
            _subset(weights, train),
            batch_size=batch_size,
            order=order,
        )
        inputs = {"x": training, "validation_data": None}
        if val is not None:
            inputs["validation_data"] = FileBatches(
                images[val], targets[val], _subset(weights, val), batch_size=val_batch_size
            )
    else:
        (images,) = standard_dtypes(images)
        x, y, w = pad_for_replicas(
            images[train], targets[train], _subset(weights, train), batch_size, replicas
        )
        order = EpochOrder(x.shape[0], seed)
        inputs = {
            "x": array_batches(x, y, w, batch_size=batch_size, order=order),
            "validation_data": None,
        }
        if val is not None:
            inputs["validation_data"] = (images[val], targets[val], _subset(weights, val))
            inputs["validation_batch_size"] = val_batch_size
    # The order is the batches'; Keras's own shuffling of a PyDataset's batch
    # order (Python's random module) is off.
    inputs["shuffle"] = False
    return inputs, [EpochClock(order)]


@contextmanager
def file_errors(*inputs):
    """Raise the :class:`~skcnn.datasets.ImageFileError` of an image file that
    breaks inside ``model.fit`` or ``evaluate`` (one of ``inputs``, a
    :class:`~skcnn._inputs.streaming.FileBatches`, recorded it), instead of the
    TensorFlow error that carried it out of ``tf.data``."""
    try:
        yield
    except Exception:
        for data in inputs:
            failure = getattr(data, "failure", None)
            if failure is not None:
                raise failure from None
        raise


def holdout_split(n, stratify, fraction, rng):
    """Indices of the training and validation parts (validation None if no split).

    With ``stratify`` (class indices), each class keeps its share in both parts
    (scikit-learn's ``StratifiedShuffleSplit``) where the counts allow it, and
    the training part always gets every class: with too few samples per class,
    the validation samples are drawn at random from classes that keep one in
    training. When even that is impossible, a ValueError names
    ``validation_split``, the class counts and the fix, before any training.
    """
    if fraction == 0:
        return np.arange(n), None
    n_val = math.ceil(fraction * n)
    if n - n_val < 1:
        raise ValueError(
            f"Too few samples for validation_split={fraction}: holding out {n_val} of {n} "
            f"sample(s) leaves none to train on. Pass more samples or validation_split=0."
        )
    from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

    seed = rng.randint(np.iinfo(np.int32).max)
    if stratify is None:
        split = ShuffleSplit(n_splits=1, test_size=n_val, random_state=seed)
        train, val = next(split.split(np.zeros((n, 1))))
        return np.sort(train), np.sort(val)
    counts = np.bincount(stratify)
    n_classes = np.count_nonzero(counts)
    if n - n_val < n_classes:
        raise ValueError(
            f"Too few samples for validation_split={fraction}: holding out {n_val} of {n} "
            f"samples leaves {n - n_val} to train on, fewer than the {n_classes} classes "
            f"(samples per class: {_class_counts(counts)}), so some class could not be "
            f"trained on. Pass more samples per class, a smaller validation_split, or "
            f"validation_split=0."
        )
    if counts[counts > 0].min() >= 2 and n_val >= n_classes:
        split = StratifiedShuffleSplit(n_splits=1, test_size=n_val, random_state=seed)
        train, val = next(split.split(np.zeros((n, 1)), stratify))
        if np.count_nonzero(np.bincount(stratify[train])) == n_classes:
            return np.sort(train), np.sort(val)
    return _split_keeping_every_class(stratify, counts, n_val, seed)


def _split_keeping_every_class(stratify, counts, n_val, seed):
    """A random validation part of ``n_val`` samples that leaves at least one
    sample of every class in training (callers ensure ``n - n_val >= n_classes``)."""
    left = counts.copy()
    val = []
    for i in np.random.RandomState(seed).permutation(stratify.shape[0]):
        if left[stratify[i]] > 1:
            left[stratify[i]] -= 1
            val.append(i)
            if len(val) == n_val:
                break
    val = np.sort(np.asarray(val, dtype=np.int64))
    return np.setdiff1d(np.arange(stratify.shape[0]), val), val


def _class_counts(counts):
    return ", ".join(f"class {i}: {c}" for i, c in enumerate(counts) if c)


def replicas_of(model):
    """Replicas the network trains on: more than one under a distribution strategy."""
    strategy = getattr(model, "_distribute_strategy", None)
    return 1 if strategy is None else int(strategy.num_replicas_in_sync)


def replica_batch_size(n, batch_size, replicas):
    """The smallest batch size from ``batch_size`` up whose last batch of ``n`` rows
    gives every replica a row: TensorFlow's distributed step fails on a replica
    whose share of the batch is empty."""
    if replicas == 1:
        return batch_size
    if n < replicas:
        raise ValueError(
            f"{n} image(s) cannot be spread over the distribution strategy's {replicas} "
            f"replicas: pass at least {replicas}."
        )
    size = batch_size
    while 0 < n % size < replicas:
        size += 1
    return size


def pad_for_replicas(images, targets, weights, batch_size, replicas):
    """Repeat a few rows, with weight 0, so that the last batch has a row per replica.

    For training, whose batch size is the user's: TensorFlow's distributed step
    fails on a replica whose share of the batch is empty. The repeated rows
    carry no weight in the loss (the unweighted training accuracy counts them:
    fewer rows than replicas per epoch).
    """
    n = images.shape[0]
    last = n % batch_size
    if replicas == 1 or last == 0 or last >= replicas:
        return images, targets, weights
    extra = np.arange(replicas - last) % n
    if weights is None:
        weights = np.ones(n, dtype=np.float32)
    return (
        np.concatenate([images, images[extra]]),
        None if targets is None else np.concatenate([targets, targets[extra]]),
        np.concatenate([weights, np.zeros(len(extra), dtype=np.float32)]),
    )


def _subset(weights, index):
    return None if weights is None else weights[index]
