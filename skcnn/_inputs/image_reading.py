"""Reading one image file, and the checks and messages every reader of files shares.

Pillow decodes the files (imported on first use, so importing this module and
:mod:`skcnn.datasets` stays light): :func:`_header` reads a file's size and
colour mode without its pixels, :func:`_decode` its pixels as a uint8 array,
and a file Pillow cannot read raises :class:`ImageFileError`, the ValueError
naming the files and the fix. The messages of files that disagree in size or
channels, :func:`_check_headers` (every header read at once, every problem in
one error) and the checks of ``image_size`` and ``color_mode`` serve both
:class:`~skcnn._inputs.image_files.ImageFiles` and
:func:`~skcnn._inputs.image_folder.load_image_folder`.
"""

from __future__ import annotations

import numbers
import os
import struct
from collections import Counter
from contextlib import contextmanager

import numpy as np

__all__ = ["IMAGE_EXTENSIONS", "ImageFileError"]

# The extensions Keras's image_dataset_from_directory reads, in any letter case.
IMAGE_EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")

_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
_COLOR_MODES = ("auto", *_CHANNELS)
_PIL_MODE = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}

# Pillow modes of one grey channel; the 16- and 32-bit ones are scaled to 8 bits.
_GRAY_MODES = frozenset({"1", "L", "I", "F"})
_ALPHA_MODES = frozenset({"LA", "La", "PA", "RGBA", "RGBa"})

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
