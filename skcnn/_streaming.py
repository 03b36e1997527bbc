"""Training and evaluating from image files, decoded batch by batch.

A :class:`skcnn.datasets.ImageFiles` never becomes one array: a Keras
``PyDataset`` decodes each batch when the training loop asks for it, on
background threads that work ahead of the loop, so memory is bounded by the
batches, not by the data set. Imported only when a network trains (it
imports Keras).
"""

from __future__ import annotations

import math

import keras
import numpy as np

# Threads that decode batches ahead of the training loop, and how many
# batches they may hold ready.
DECODING_THREADS = 2
QUEUE_SIZE = 8


class FileBatches(keras.utils.PyDataset):
    """Batches of ``(images, targets[, weights])`` decoded from ``files``.

    Parameters
    ----------
    files : ImageFiles
    targets : ndarray, optional
        One row per file; None for prediction.
    weights : ndarray, optional
        Per-file loss weights.
    batch_size : int
    shuffle : bool
        Draw a new order every epoch (seeded by ``seed``).
    seed : int, optional
    """

    def __init__(self, files, targets=None, weights=None, *, batch_size, shuffle, seed=None):
        super().__init__(
            workers=DECODING_THREADS, use_multiprocessing=False, max_queue_size=QUEUE_SIZE
        )
        self.files = files
        self.targets = targets
        self.sample_weights = weights
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self._rng = np.random.RandomState(seed)
        self._order = self._rng.permutation(len(files)) if shuffle else np.arange(len(files))

    def __len__(self):
        return math.ceil(len(self.files) / self.batch_size)

    def __getitem__(self, index):
        rows = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        images = self.files.load(rows)
        if self.targets is None:
            return images
        if self.sample_weights is None:
            return images, self.targets[rows]
        return images, self.targets[rows], self.sample_weights[rows]

    def on_epoch_end(self):
        if self.shuffle:
            self._order = self._rng.permutation(len(self.files))
