"""ImageFiles: image files on disk that index like a uint8 array, decoded on demand.

An :class:`ImageFiles` holds paths and the settings they are read with
(``image_size``, ``color_mode``), never pixels: indexing with a slice or an
index array gives another ImageFiles (so scikit-learn's splitters select files),
an integer, ``np.asarray``, :meth:`~ImageFiles.load` and
:meth:`~ImageFiles.batches` decode, and :meth:`~ImageFiles.verify` checks every
header up front. Reading a file and the shared checks live in
:mod:`skcnn._inputs.image_reading`.
"""

from __future__ import annotations

import numbers
import os

import numpy as np

from .image_reading import (
    _CHANNELS,
    _check_color_mode,
    _check_headers,
    _check_image_size,
    _decode,
    _header,
    _mode_error,
    _size_error,
)

__all__ = ["ImageFiles"]


class ImageFiles:
    """Image files that index like a uint8 array of shape (n, height, width, channels).

    Nothing is decoded until pixels are asked for: the shape comes from
    ``image_size`` and ``color_mode`` when they fix it, else from the header of the
    first file. Indexing with a slice, or with an array of integer or boolean
    indices, returns another ``ImageFiles`` over the chosen files (still nothing
    decoded); a single integer returns that image as an array. So scikit-learn's
    splitters and ``_safe_indexing`` (``train_test_split``, ``KFold``,
    ``cross_val_score``, ``GridSearchCV``) select files, not pixels.
    ``np.asarray(files)``, :meth:`load` and :meth:`batches` decode.

    Parameters
    ----------
    paths : iterable of str or path-like
        The image files, in order. At least one. Any format Pillow reads; the
        first frame of an animated GIF.
    image_size : (int, int), default=None
        (height, width) every image is resized to, with Pillow's bilinear filter.
        None keeps the files' size, which must then be the same for all.
    color_mode : {"auto", "grayscale", "rgb", "rgba"}, default="auto"
        The channels: ``"grayscale"`` 1, ``"rgb"`` 3, ``"rgba"`` 4, converted by
        Pillow (colour to grey with ITU-R 601-2 luma weights; an alpha channel
        dropped by ``"grayscale"`` and ``"rgb"``; an opaque alpha added by
        ``"rgba"``). ``"auto"`` reads each file as it is: ``"grayscale"`` when it
        has one grey channel (Pillow modes 1, L, 16-bit I;16, or a palette of
        greys, as GIF stores grey images), ``"rgba"`` when it has transparency
        (RGBA, LA, a palette with a transparent entry), ``"rgb"`` otherwise
        (RGB, a colour palette, CMYK); all files must then agree. 16-bit images are
        reduced to 8 bits by keeping the high byte.

    Attributes
    ----------
    paths : ndarray of str, shape (n,)
        The files, read-only (object dtype).
    image_size : (int, int) or None
        As given.
    color_mode : str
        As given.
    shape : tuple
        ``(n, height, width, channels)``.
    dtype : numpy.dtype
        Always ``uint8``.
    ndim : int
        Always 4.

    See Also
    --------
    load_image_folder : Read ``path/<class>/<image>`` folders, eagerly or as ImageFiles.

    Notes
    -----
    A file whose size (without ``image_size``) or channels (with
    ``color_mode="auto"``) differ from the first one's raises an
    :class:`ImageFileError` (a ValueError) naming both files when it is decoded;
    :meth:`verify` reads every header (not the pixels) to find all such files,
    and unreadable ones, up front, in one error (:func:`load_image_folder` does
    so itself, and the repr then says ``headers checked``). An ImageFiles
    pickles as its list of paths and settings, never pixels. Like
    ``tf.io.decode_image``, decoding ignores a JPEG's EXIF orientation tag. Resizing
    uses Pillow's bilinear filter, which averages over the source pixels when it
    shrinks an image (TensorFlow's ``tf.image.resize``, which Keras's
    ``image_dataset_from_directory`` uses, samples without antialiasing by
    default), so shrunk images can differ slightly from Keras's.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from skcnn.datasets import ImageFiles
    >>> tmp = tempfile.TemporaryDirectory()
    >>> paths = [Path(tmp.name) / f"{i}.png" for i in range(5)]
    >>> for i, path in enumerate(paths):
    ...     Image.fromarray(np.full((4, 6), 10 * i, dtype=np.uint8)).save(path)
    >>> files = ImageFiles(paths)
    >>> files
    ImageFiles(5 files, shape=(5, 4, 6, 1), dtype=uint8)
    >>> files[1:4]
    ImageFiles(3 files, shape=(3, 4, 6, 1), dtype=uint8)
    >>> files[[0, 4]].paths.tolist() == [str(paths[0]), str(paths[4])]
    True
    >>> files[2].shape, int(files[2][0, 0, 0])
    ((4, 6, 1), 20)
    >>> np.asarray(files)[:, 0, 0, 0].tolist()
    [0, 10, 20, 30, 40]
    >>> [batch.shape for batch in files.batches(batch_size=2)]
    [(2, 4, 6, 1), (2, 4, 6, 1), (1, 4, 6, 1)]
    >>> ImageFiles(paths, image_size=(8, 8), color_mode="rgb").shape
    (5, 8, 8, 3)
    >>> from sklearn.model_selection import train_test_split
    >>> train, test = train_test_split(files, test_size=2, random_state=0)
    >>> train
    ImageFiles(3 files, shape=(3, 4, 6, 1), dtype=uint8)
    >>> [Path(p).name for p in test.paths]
    ['2.png', '0.png']
    >>> tmp.cleanup()
    """

    # Whether every header was read and found to agree (verify, load_image_folder);
    # a class default, for ImageFiles pickled before it existed.
    _checked = False

    def __init__(self, paths, image_size=None, color_mode="auto"):
        self.image_size = _check_image_size(image_size)
        self.color_mode = _check_color_mode(color_mode)
        if isinstance(paths, (str, bytes, os.PathLike)):
            raise TypeError(
                f"paths must be a sequence of file paths, got the single path {paths!r}; "
                f"pass [path], or load_image_folder(path) for a folder of class folders."
            )
        names = [os.fspath(p) for p in paths]
        array = np.empty(len(names), dtype=object)
        array[:] = names
        if len(array) == 0:
            raise ValueError("ImageFiles needs at least one path, got an empty sequence.")
        self._paths = array
        self._reference, self._image_shape, self._mode = self._first_file_shape()

    def _first_file_shape(self):
        """(file the shape came from or None, (h, w, c), color mode or None)."""
        if self.image_size is not None and self.color_mode != "auto":
            return None, (*self.image_size, _CHANNELS[self.color_mode]), self.color_mode
        first = self._paths[0]
        size, auto_mode = _header(first)
        mode = auto_mode if self.color_mode == "auto" else self.color_mode
        size = self.image_size if self.image_size is not None else size
        return first, (*size, _CHANNELS[mode]), mode

    def _subset(self, paths):
        subset = object.__new__(type(self))
        subset.__dict__.update(self.__dict__)
        subset._paths = paths
        return subset

    # -- the array-like protocol -------------------------------------------

    @property
    def paths(self):
        view = self._paths.view()
        view.flags.writeable = False
        return view

    @property
    def shape(self):
        return (len(self._paths), *self._image_shape)

    @property
    def dtype(self):
        return np.dtype(np.uint8)

    @property
    def ndim(self):
        return 4

    def __len__(self):
        return len(self._paths)

    def __iter__(self):
        """Yield the images one at a time, each decoded as (height, width, channels)."""
        for i in range(len(self)):
            yield self[i]

    def __getitem__(self, key):
        if isinstance(key, tuple):
            return self._getitem_tuple(key)
        if isinstance(key, (numbers.Integral, np.integer)) and not isinstance(
            key, (bool, np.bool_)
        ):
            return self._decode_one(int(key))
        if isinstance(key, slice):
            return self._subset(self._paths[key])
        return self._subset(self._paths[self._row_indices(key)])

    def _getitem_tuple(self, key):
        """``files[rows, ...]`` selects files (what scikit-learn does); more decodes."""
        if not key:
            return self
        rows, rest = key[0], key[1:]
        if rows is Ellipsis:
            return np.asarray(self)[key]
        picked = self[rows]
        if all(r is Ellipsis or (isinstance(r, slice) and r == slice(None)) for r in rest):
            return picked
        if isinstance(picked, np.ndarray):  # one decoded image
            return picked[rest]
        return np.asarray(picked)[(slice(None), *rest)]

    def _row_indices(self, key):
        indices = np.asarray(key)
        if indices.dtype == bool:
            if indices.shape != (len(self),):
                raise IndexError(
                    f"A boolean index into ImageFiles must have shape ({len(self)},), one "
                    f"value per file, got shape {indices.shape}."
                )
            return indices
        if indices.size == 0 and indices.ndim == 1:
            return indices.astype(np.intp)
        if indices.dtype.kind not in "iu" or indices.ndim != 1:
            raise IndexError(
                f"ImageFiles takes an int, a slice, or a 1-D array of int or bool indices, "
                f"got {type(key).__name__} with dtype {indices.dtype} and shape "
                f"{indices.shape}."
            )
        bad = (indices < -len(self)) | (indices >= len(self))
        if bad.any():
            raise IndexError(
                f"index {int(indices[bad][0])} is out of bounds for ImageFiles of "
                f"{len(self)} files."
            )
        return indices

    def __array__(self, dtype=None, copy=None):
        if copy is False:
            raise ValueError(
                "ImageFiles decodes its files into a new array, so np.asarray(files, "
                "copy=False) cannot be honoured; use np.asarray(files)."
            )
        images = self.load()
        return images if dtype is None else images.astype(dtype, copy=False)

    def __repr__(self):
        extra = ""
        if self.image_size is not None:
            extra += f", image_size={self.image_size}"
        if self.color_mode != "auto":
            extra += f", color_mode={self.color_mode!r}"
        if self._checked:
            extra += ", headers checked"
        n = len(self)
        return f"ImageFiles({n} file{'s' * (n != 1)}, shape={self.shape}, dtype=uint8{extra})"

    # -- decoding ------------------------------------------------------------

    def _decode_one(self, i):
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"index {i} is out of bounds for ImageFiles of {n} files.")
        path = self._paths[i]
        array, mode = _decode(path, self.color_mode, self.image_size)
        if array.shape[:2] != self._image_shape[:2]:
            raise _size_error(self._reference, self._image_shape[:2], path, array.shape[:2])
        if mode != self._mode:
            raise _mode_error(self._reference, self._mode, path, mode)
        return array

    def load(self, indices=None):
        """Decode images into one uint8 array.

        Parameters
        ----------
        indices : array-like of int or bool, slice, or None, default=None
            Which files, as for indexing; None decodes all of them.

        Returns
        -------
        images : ndarray of shape (k, height, width, channels), dtype uint8

        Raises
        ------
        ValueError
            A file cannot be decoded, or its size or channels differ from the
            first file's; the message names the files and the fix.
        """
        if indices is None:
            files = self
        elif isinstance(indices, (numbers.Integral, np.integer)):
            files = self[[indices]]
        else:
            files = self[indices]
        images = np.empty(files.shape, dtype=np.uint8)
        for i in range(len(files)):
            images[i] = files._decode_one(i)
        return images

    def batches(self, batch_size=32, indices=None):
        """Yield the images in order, ``batch_size`` at a time, as uint8 arrays.

        Only one batch is decoded at a time, so a training loop (for example a
        ``keras.utils.PyDataset`` whose ``__getitem__(i)`` returns
        ``files.load(order[i * batch_size:(i + 1) * batch_size])``) never holds the
        whole set in memory. There are ``ceil(k / batch_size)`` batches; the last
        may be shorter.

        Parameters
        ----------
        batch_size : int, default=32
            Images per batch, at least 1.
        indices : array-like of int or bool, slice, or None, default=None
            Which files, in which order; None means all, in order.

        Yields
        ------
        images : ndarray of shape (batch, height, width, channels), dtype uint8
        """
        if (
            not isinstance(batch_size, numbers.Integral)
            or isinstance(batch_size, bool)
            or batch_size < 1
        ):
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}.")
        files = self if indices is None else self[indices]
        for start in range(0, len(files), batch_size):
            yield files.load(slice(start, start + batch_size))

    def verify(self):
        """Read every file's header (not its pixels) and check the files agree.

        Finds, before any pixel is decoded, every file decoding would fail on:
        files Pillow cannot read (empty, truncated header, not an image), sizes
        that differ from the first file's (without ``image_size``), channels
        that differ (with ``color_mode="auto"``); one error lists them all.
        Afterwards the repr says ``headers checked``.

        Raises
        ------
        ImageFileError
            Some files cannot be used: their counts, the first few paths and
            the fix. Its ``files`` attribute maps every such path to the reason.

        Returns
        -------
        self : ImageFiles
        """
        expected = (self._image_shape[:2], self._mode, self._reference)
        problems, _ = _check_headers(self._paths, self.image_size, self.color_mode, expected)
        if problems:
            raise problems.error(
                skip=False, note="load_image_folder(..., on_error='skip') leaves such files out."
            )
        self._checked = True
        return self
