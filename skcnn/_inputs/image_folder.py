"""load_image_folder: a folder of class folders of images, ``path/<class>/<image>``.

The layout of Keras's ``image_dataset_from_directory``: the class folders are
found and indexed, every file's header is checked at once (every file that
cannot be used in one error, or left out with ``on_error="skip"`` and one
warning), and the images come back as one uint8 array, or as
:class:`~skcnn._inputs.image_files.ImageFiles` with ``lazy=True``, with the
class names as labels.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np

from .image_files import ImageFiles
from .image_reading import (
    IMAGE_EXTENSIONS,
    ImageFileError,
    _check_color_mode,
    _check_headers,
    _check_image_size,
)

__all__ = ["load_image_folder"]

_ON_ERROR = ("raise", "skip")


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
