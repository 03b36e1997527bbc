"""Image files on disk: ImageFiles (a lazy, indexable array) and load_image_folder.

Pillow decodes the files; it is imported on first use, so importing this module
(and :mod:`skcnn.datasets`) stays light.
"""

from __future__ import annotations

import numbers
import os
import struct
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np

__all__ = ["IMAGE_EXTENSIONS", "ImageFileError", "ImageFiles", "load_image_folder"]

# The extensions Keras's image_dataset_from_directory reads, in any letter case.
IMAGE_EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")

_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
_COLOR_MODES = ("auto", *_CHANNELS)
_PIL_MODE = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}

# Pillow modes of one grey channel; the 16- and 32-bit ones are scaled to 8 bits.
_GRAY_MODES = frozenset({"1", "L", "I", "F"})
_ALPHA_MODES = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})

_ON_ERROR = ("raise", "skip")
# Paths an error message names per kind of problem, and a skip warning in all.
_SHOWN = 3
_SHOWN_SKIPPED = 20


class ImageFileError(ValueError):
    """An image file cannot be used: unreadable, or unlike the other files.

    Raised by :func:`load_image_folder`, :meth:`ImageFiles.verify` and
    decoding, and by the estimators when a file breaks while they train (it
    changed on disk after it was loaded). A ``ValueError``: the message names
    the files and the fix.

    Attributes
    ----------
    files : dict
        ``{path: why it cannot be used}`` for every file found (the message
        shows the first few).
    """

    def __init__(self, message, files=None):
        super().__init__(message)
        self.files = dict(files or {})


# ---------------------------------------------------------------------------
# Reading one file


@contextmanager
def _opened(path):
    """Open ``path`` with Pillow; a file Pillow cannot read raises ValueError naming it.

    A missing file or a permission problem is left as the OSError Python raises
    (it names the path already).
    """
    from PIL import Image

    try:
        with Image.open(path) as image:
            yield image
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except (
        OSError,  # includes PIL.UnidentifiedImageError and "image file is truncated"
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
        Image.DecompressionBombError,
    ) as exc:
        reason = _reason(path, exc)
        raise ImageFileError(
            f"Cannot read the image file {path}: {reason}. The file is corrupt, "
            f"truncated or not an image; replace it or remove it from the folder.",
            {path: reason},
        ) from exc


def _reason(path, exc):
    """Why Pillow could not read ``path``, in a few words."""
    from PIL import UnidentifiedImageError

    try:
        if os.path.getsize(path) == 0:
            return "zero bytes"
    except OSError:
        pass
    if isinstance(exc, UnidentifiedImageError):
        return "not an image Pillow can identify"
    text = str(exc).strip() or type(exc).__name__
    if text.lower() == "truncated file read":
        return "truncated header"
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _palette_is_gray(image):
    palette = image.getpalette("RGB") or []
    return palette[0::3] == palette[1::3] == palette[2::3]


def _auto_mode(image):
    """The color mode ``"auto"`` reads an opened image in: grayscale, rgb or rgba."""
    mode = image.mode
    if mode in _ALPHA_MODES or (mode == "P" and "transparency" in image.info):
        return "rgba"
    if mode in _GRAY_MODES or mode.startswith("I;"):
        return "grayscale"
    if mode == "P" and _palette_is_gray(image):
        return "grayscale"
    return "rgb"


def _header(path):
    """Return ``((height, width), auto color mode)`` without decoding the pixels."""
    with _opened(path) as image:
        width, height = image.size
        return (height, width), _auto_mode(image)


def _to_8bit_gray(image):
    """Scale a 16- or 32-bit grey image to 8 bits (the high byte, as TensorFlow does)."""
    from PIL import Image

    values = np.asarray(image).astype(np.int64)
    return Image.fromarray((np.clip(values, 0, 65535) >> 8).astype(np.uint8), mode="L")


def _decode(path, color_mode, image_size):
    """Decode ``path`` to a uint8 array (height, width, channels) and its color mode."""
    from PIL import Image

    with _opened(path) as image:
        mode = _auto_mode(image) if color_mode == "auto" else color_mode
        if image.mode == "I" or image.mode.startswith("I;"):
            image = _to_8bit_gray(image)
        image = image.convert(_PIL_MODE[mode])
        if image_size is not None:
            height, width = image_size
            if image.size != (width, height):
                image = image.resize((width, height), Image.Resampling.BILINEAR)
        array = np.asarray(image, dtype=np.uint8)
    if array.ndim == 2:
        array = array[:, :, np.newaxis]
    return array, mode


# ---------------------------------------------------------------------------
# Messages shared by ImageFiles.verify and decoding


def _size_error(first, first_size, other, other_size):
    return ImageFileError(
        f"The image files differ in size: {first} is {first_size[0]}x{first_size[1]} and "
        f"{other} is {other_size[0]}x{other_size[1]} pixels (height x width). Pass "
        f"image_size=(h, w) to resize every image to one size, e.g. "
        f"image_size={tuple(first_size)}.",
        {other: _pixels(other_size)},
    )


def _mode_error(first, first_mode, other, other_mode):
    return ImageFileError(
        f"With color_mode='auto' the image files must agree on their channels, but "
        f"{first} is {first_mode} ({_CHANNELS[first_mode]} channel(s)) and {other} is "
        f"{other_mode} ({_CHANNELS[other_mode]} channel(s)). Pass color_mode='grayscale', "
        f"'rgb' or 'rgba' to convert every file to one mode.",
        {other: _channels(other_mode)},
    )


# ---------------------------------------------------------------------------
# Checking every file's header at once


def _read_header(path):
    """``((height, width), auto color mode)``, or why the file cannot be read (a str)."""
    try:
        return _header(path)
    except ImageFileError as exc:
        return exc.files[path]
    except OSError as exc:  # missing, a folder, no permission
        return exc.strerror or str(exc)


def _pixels(size):
    return f"{size[0]}x{size[1]}"


def _channels(mode):
    n = _CHANNELS[mode]
    return f"{mode} ({n} channel{'s' * (n != 1)})"


def _shown(paths, limit=_SHOWN):
    text = ", ".join(str(p) for p in paths[:limit])
    return text + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def _join(parts, last="and"):
    if len(parts) < 3:
        return f" {last} ".join(parts)
    return f"{', '.join(parts[:-1])}, {last} {parts[-1]}"


class _Problems:
    """What reading every header found: the files that cannot be used, by kind.

    ``size`` and ``mode`` are what the usable files have (None where the files
    are resized or converted, so that any will do); ``where`` says whose they
    are ("the others are", or the first file's for :meth:`ImageFiles.verify`).
    """

    def __init__(self, n_files, size, mode, where):
        self.n_files, self.size, self.mode, self.where = n_files, size, mode, where
        self.unreadable = []  # (path, reason)
        self.sizes = []  # (path, (height, width))
        self.modes = []  # (path, auto color mode)

    def __len__(self):
        return len(self.unreadable) + len(self.sizes) + len(self.modes)

    def by_path(self):
        """``{path: why}`` for every file that cannot be used, in the files' order."""
        why = {path: reason for path, reason in self.unreadable}
        why.update((path, _pixels(size)) for path, size in self.sizes)
        why.update((path, _channels(mode)) for path, mode in self.modes)
        return why

    def _kinds(self, with_paths):
        kinds = []
        if self.unreadable:
            shown = "; ".join(f"{p}: {why}" for p, why in self.unreadable[:_SHOWN])
            more = len(self.unreadable) - _SHOWN
            shown += f"; and {more} more" if more > 0 else ""
            kinds.append(f"{len(self.unreadable)} unreadable" + f" ({shown})" * with_paths)
        if self.sizes:
            counts = Counter(size for _, size in self.sizes)
            sizes = _join([f"{n} of size {_pixels(size)}" for size, n in counts.most_common()])
            paths = [p for p, _ in self.sizes]
            kinds.append(
                f"{sizes} where {self.where} {_pixels(self.size)}"
                + f" ({_shown(paths)})" * with_paths
            )
        if self.modes:
            counts = Counter(mode for _, mode in self.modes)
            modes = _join([f"{n} {mode}" for mode, n in counts.most_common()])
            paths = [p for p, _ in self.modes]
            kinds.append(
                f"{modes} where {self.where} {self.mode}" + f" ({_shown(paths)})" * with_paths
            )
        return kinds

    def summary(self, with_paths=True):
        """``"3 of 603 image files cannot be used: 1 unreadable (...), ..."``."""
        return (
            f"{len(self)} of {self.n_files} image file{'s' * (self.n_files != 1)} cannot be "
            f"used: {_join(self._kinds(with_paths))}"
        )

    def fixes(self, skip=True):
        """What to pass: ``on_error='skip'`` (when ``skip``), then resizing and
        converting where they help."""
        options = ["on_error='skip' to load the rest"] if skip else []
        if self.sizes:
            options.append(f"image_size={tuple(self.size)} (height, width) to resize them all")
        if self.modes:
            options.append("color_mode='grayscale', 'rgb' or 'rgba' to convert them all")
        text = f"Pass {_join(options, 'or')}." if options else ""
        if self.unreadable:
            text = f"Replace or remove the unreadable file(s). {text}".strip()
        return text

    def error(self, skip=True, note=""):
        message = f"{self.summary()}. {self.fixes(skip)}"
        return ImageFileError(f"{message} {note}".strip(), self.by_path())

    def warning(self):
        why = self.by_path()
        listed = [f"{path} ({reason})" for path, reason in list(why.items())[:_SHOWN_SKIPPED]]
        more = len(why) - len(listed)
        return (
            f"on_error='skip' left out {len(self)} of {self.n_files} image files that cannot "
            f"be used ({_join(self._kinds(with_paths=False))}): {', '.join(listed)}"
            + (f" and {more} more." if more > 0 else ".")
        )


def _most_common(values):
    """The value most files have; among equals, the one met first."""
    return Counter(values).most_common(1)[0][0] if values else None


def _check_headers(paths, image_size, color_mode, expected=None):
    """Read every file's header; return ``(problems, usable)``.

    ``usable`` is a boolean array, one value per path. Without ``expected``
    (``((height, width), mode, first path)`` the files must match), the size
    and the channels most files have are the ones the others must have; a size
    only matters without ``image_size``, and the channels only with
    ``color_mode="auto"``: resizing and converting handle the rest.
    """
    # Sequential: on a local disk, threads read 1,797 digits' headers slower (the
    # parsing holds the GIL) than one loop, which takes 0.05 s.
    headers = [_read_header(path) for path in paths]
    readable = [h for h in headers if not isinstance(h, str)]
    if expected is None:
        size = _most_common([h[0] for h in readable])
        mode = _most_common([h[1] for h in readable])
        where = "the others are"
    else:
        size, mode, first = expected
        where = f"the first file, {first}, is"
    problems = _Problems(
        len(paths),
        size if image_size is None else None,
        mode if color_mode == "auto" else None,
        where,
    )
    usable = np.ones(len(paths), dtype=bool)
    for i, (path, header) in enumerate(zip(paths, headers, strict=True)):
        if isinstance(header, str):
            problems.unreadable.append((path, header))
        elif problems.size is not None and header[0] != problems.size:
            problems.sizes.append((path, header[0]))
        elif problems.mode is not None and header[1] != problems.mode:
            problems.modes.append((path, header[1]))
        else:
            continue
        usable[i] = False
    return problems, usable


def _check_image_size(image_size):
    if image_size is None:
        return None
    try:
        size = tuple(image_size)
    except TypeError:
        size = ()
    if len(size) != 2 or not all(
        isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 1 for s in size
    ):
        raise ValueError(
            f"image_size must be None or (height, width), two positive ints, got {image_size!r}."
        )
    return (int(size[0]), int(size[1]))


def _check_color_mode(color_mode):
    if not isinstance(color_mode, str) or color_mode not in _COLOR_MODES:
        options = ", ".join(repr(m) for m in _COLOR_MODES)
        raise ValueError(f"color_mode must be one of {options}, got {color_mode!r}.")
    return color_mode


# ---------------------------------------------------------------------------
# ImageFiles


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


# ---------------------------------------------------------------------------
# Folders of class folders


def _is_hidden(name):
    return name.startswith(".")


def _is_image(name):
    return name.lower().endswith(IMAGE_EXTENSIONS) and not _is_hidden(name)


def _extensions_text():
    return ", ".join(IMAGE_EXTENSIONS) + " (in any letter case)"


def _check_folder(path):
    folder = Path(path)
    if not folder.exists():
        raise FileNotFoundError(
            f"path={os.fspath(path)!r} does not exist. Pass the folder that holds one "
            f"sub-folder of images per class: path/<class>/<image>.png."
        )
    if not folder.is_dir():
        raise NotADirectoryError(
            f"path={os.fspath(path)!r} is a file, not a folder. Pass the folder that holds "
            f"one sub-folder of images per class: path/<class>/<image>.png."
        )
    return folder


def _class_folders(folder, class_names):
    """The class names in order: sorted sub-folders, or ``class_names``."""
    entries = sorted(os.listdir(folder))
    found = [name for name in entries if not _is_hidden(name) and (folder / name).is_dir()]
    if not found:
        if not entries:
            problem = "is empty"
        elif any(_is_image(name) for name in entries):
            problem = "holds image files but no class folders"
        else:
            problem = "holds no class folders"
        raise ValueError(
            f"{folder} {problem}. load_image_folder reads path/<class>/<image>: put each "
            f"class's images in a sub-folder named after the class."
        )
    if class_names is None:
        names = found
    else:
        if isinstance(class_names, str) or not all(isinstance(c, str) for c in class_names):
            raise TypeError(
                f"class_names must be a list of class folder names (str), got {class_names!r}."
            )
        names = list(class_names)
        unknown = [c for c in names if c not in found]
        if unknown:
            raise ValueError(
                f"class_names={names!r} names folder(s) {unknown!r} that are not in {folder}; "
                f"its class folders are {found!r}."
            )
        if len(set(names)) != len(names):
            raise ValueError(f"class_names={names!r} names a class twice.")
    if len(names) < 2:
        given = f"class_names={names!r} names" if class_names is not None else f"{folder} holds"
        raise ValueError(
            f"{given} one class ({names[0]!r}); a classifier needs at least two. Add a "
            f"sub-folder per class (path/<class>/<image>), or check that path is the folder "
            f"above the class folders."
        )
    return names


def _class_files(folder):
    """Image files under ``folder``, recursively, in Keras's order (by folder, then name)."""
    walk = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        walk.append((root, files))
    return [
        os.path.join(root, name)
        for root, files in sorted(walk, key=lambda entry: entry[0])
        for name in sorted(files)
        if _is_image(name)
    ]


def _index_folder(path, class_names):
    folder = _check_folder(path)
    names = _class_folders(folder, class_names)
    paths, labels, empty = [], [], []
    for name in names:
        files = _class_files(folder / name)
        if not files:
            empty.append(name)
        paths += files
        labels += [name] * len(files)
    if empty:
        raise ValueError(
            f"Class folder(s) {empty!r} in {folder} hold no image files; the files read are "
            f"{_extensions_text()}. Add images, or leave those classes out with "
            f"class_names=[...]."
        )
    return paths, np.asarray(labels)


def load_image_folder(
    path, image_size=None, color_mode="auto", class_names=None, lazy=False, on_error="raise"
):
    """Load a folder of class folders of images: ``path/<class>/<image>``.

    The layout of Keras's ``image_dataset_from_directory``: each sub-folder of
    ``path`` is a class, named after the folder, and holds that class's images
    (sub-folders inside it are read too). Files are read when their name ends in
    .bmp, .gif, .jpeg, .jpg or .png, in any letter case; other files, files
    directly in ``path`` and names starting with a dot are ignored. Classes come
    in the order of their folder names (sorted), or in the order of
    ``class_names``; within a class, files are sorted by folder, then name.

    Every file's header (its size and colour mode, not its pixels) is read
    first, eagerly and with ``lazy=True``, so that every file that cannot be
    used is found at once: an unreadable file (empty, truncated header, not an
    image), a size other than most files' (without ``image_size``, which
    resizes them all), channels other than most files' (with
    ``color_mode="auto"``; another mode converts them all).

    Parameters
    ----------
    path : str or path-like
        The folder that holds one sub-folder per class, at least two.
    image_size : (int, int), default=None
        (height, width) every image is resized to, with Pillow's bilinear filter.
        None keeps the files' size, which must then be the same for all.
    color_mode : {"auto", "grayscale", "rgb", "rgba"}, default="auto"
        1, 3 or 4 channels; ``"auto"`` reads grey files as grayscale, colour files
        as rgb and files with transparency as rgba, and needs all files to agree.
        See :class:`ImageFiles` for the conversions.
    class_names : list of str, default=None
        The class folders to read, in this order (a subset is allowed); None reads
        every sub-folder.
    lazy : bool, default=False
        Return the images as :class:`ImageFiles`, which decodes them on demand,
        instead of an array. The headers are checked all the same (its repr
        says ``headers checked``); the pixels are decoded when used.
    on_error : {"raise", "skip"}, default="raise"
        What to do with files that cannot be used. ``"raise"``: one
        :class:`ImageFileError` lists them all (counts, the first few paths, the
        fix). ``"skip"``: load the others and warn once with the count and the
        files left out (their labels go with them).

    Returns
    -------
    X : ndarray of shape (n_samples, height, width, channels), dtype uint8, or ImageFiles
        The images, in class order, then file order.
    y : ndarray of str, shape (n_samples,)
        The class (folder name) of each image. Unlike Keras, which gives integer
        codes, y holds the names, which scikit-learn estimators and
        :class:`~skcnn.CNNClassifier` take as they are (``classes_`` is their sorted
        list).

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        ``path`` does not exist, or is a file.
    ValueError
        ``path`` has no class folders, only one, or a class folder without image
        files; ``class_names`` names a folder that is not there; a bad argument.
    ImageFileError
        With ``on_error="raise"``, files that cannot be used (a ValueError whose
        ``files`` maps each path to the reason). Raised after reading the
        headers, before any image is decoded; eagerly, files whose pixel data are
        corrupt behind a sound header are found while decoding, and reported
        together. With ``on_error="skip"``, when a class would be left without
        files.

    See Also
    --------
    ImageFiles : The lazy array ``lazy=True`` returns.
    load_digits_images : Digits as an image array.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from skcnn.datasets import load_image_folder
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = Path(tmp.name)
    >>> for name, value in [("dog", 200), ("cat", 50)]:
    ...     (folder / name).mkdir()
    ...     for i in range(3):
    ...         image = np.full((4, 6), value + i, dtype=np.uint8)
    ...         Image.fromarray(image).save(folder / name / f"{i}.png")
    >>> X, y = load_image_folder(folder)
    >>> X.shape, X.dtype
    ((6, 4, 6, 1), dtype('uint8'))
    >>> y.tolist()
    ['cat', 'cat', 'cat', 'dog', 'dog', 'dog']
    >>> X[:, 0, 0, 0].tolist()
    [50, 51, 52, 200, 201, 202]
    >>> X, y = load_image_folder(folder, image_size=(8, 8), color_mode="rgb")
    >>> X.shape
    (6, 8, 8, 3)
    >>> X, y = load_image_folder(folder, class_names=["dog", "cat"], lazy=True)
    >>> X
    ImageFiles(6 files, shape=(6, 4, 6, 1), dtype=uint8, headers checked)
    >>> y.tolist()
    ['dog', 'dog', 'dog', 'cat', 'cat', 'cat']

    A file that is not an image is left out with ``on_error="skip"``:

    >>> _ = (folder / "cat" / "3.png").write_text("not an image")
    >>> try:
    ...     load_image_folder(folder)
    ... except ValueError as error:
    ...     print(str(error).split(" (")[0])
    1 of 7 image files cannot be used: 1 unreadable
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     X, y = load_image_folder(folder, on_error="skip")
    >>> X.shape, len(caught)
    ((6, 4, 6, 1), 1)
    >>> tmp.cleanup()
    """
    image_size = _check_image_size(image_size)
    color_mode = _check_color_mode(color_mode)
    if not isinstance(on_error, str) or on_error not in _ON_ERROR:
        raise ValueError(
            f"on_error must be 'raise' (stop at files that cannot be used) or 'skip' (leave "
            f"them out with a warning), got {on_error!r}."
        )
    paths, y = _index_folder(path, class_names)
    problems, usable = _check_headers(paths, image_size, color_mode)
    if problems and on_error == "raise":
        raise problems.error()
    _check_classes(y, usable, problems)
    files = ImageFiles(np.asarray(paths, dtype=object)[usable], image_size, color_mode)
    files._checked = True
    y = y[usable]
    if not lazy:
        files, y = _decode_all(files, y, problems, on_error)
    if problems:
        warnings.warn(problems.warning(), UserWarning, stacklevel=2)
    return files, y


def _check_classes(y, usable, problems):
    """Raise an ImageFileError when leaving out the unusable files empties a class."""
    emptied = [str(name) for name in dict.fromkeys(y) if name not in set(y[usable])]
    if emptied:
        raise ImageFileError(
            f"No image file of class(es) {emptied!r} can be used, so on_error='skip' would "
            f"leave nothing to learn them from. {problems.summary()}. "
            f"{problems.fixes(skip=False)} Or leave those classes out with class_names=[...].",
            problems.by_path(),
        )


def _decode_all(files, y, problems, on_error):
    """Decode ``files`` into one array; files whose pixels turn out corrupt join
    ``problems`` (raised together with ``on_error="raise"``, else left out)."""
    images = np.empty(files.shape, dtype=np.uint8)
    decoded = np.ones(len(files), dtype=bool)
    for i in range(len(files)):
        try:
            images[i] = files._decode_one(i)
        except ImageFileError as exc:
            path = files._paths[i]
            why = exc.files.get(path)
            problems.unreadable.append((path, f"corrupt pixels ({why})" if why else str(exc)))
            decoded[i] = False
    if decoded.all():
        return images, y
    if on_error == "raise":
        raise problems.error()
    _check_classes(y, decoded, problems)
    return images[decoded], y[decoded]
