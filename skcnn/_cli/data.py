"""The data of the ``skcnn`` commands: the ``--dataset`` / ``--data`` options read and split.

:func:`data_settings` gathers the data options in effect, :func:`data_problems`
finds what is wrong with them before anything is read, :func:`read_source`
reads the images they name (``--dataset``, or a ``--data`` folder, .npz or .npy
file) with a record of what they are, and :func:`split_source` holds out the
test part (digits 75/25, ``--data`` by ``--test-size``, a source's own test set
kept); :func:`load_split` and :func:`load_data` do all of it for a dataset name
or parsed options.
"""

from __future__ import annotations

import argparse
import os

from .messages import CLIError, raise_problems

# digits is split 75/25 with --seed; MNIST and Fashion-MNIST have their own test sets.
DIGITS_TEST_SIZE = 0.25
DEFAULT_TEST_SIZE = 0.2


class _Settings(argparse.Namespace):
    """The data options in effect: dataset, data_home, data, labels,
    image_size, color_mode, on_error, test_size, seed."""


def data_settings(args, **overrides):
    fields = ("dataset", "data_home", "data", "labels", "image_size", "color_mode", "on_error")
    settings = _Settings(**{name: getattr(args, name, None) for name in fields})
    settings.dataset = settings.dataset or "digits"
    settings.test_size = getattr(args, "test_size", None)
    settings.seed = getattr(args, "seed", None) or 0
    for name, value in overrides.items():
        setattr(settings, name, value)
    return settings


def data_problems(settings):
    """What is wrong with the data options, found without reading any data."""
    problems = []
    data = settings.data
    exists = data is not None and os.path.exists(data)
    folder = exists and os.path.isdir(data)
    npy = data is not None and data.endswith(".npy")
    needs = (
        ("--labels", settings.labels, npy, "--data images.npy"),
        ("--image-size", settings.image_size, folder, "a --data folder"),
        ("--color-mode", settings.color_mode, folder, "a --data folder"),
        ("--on-error", settings.on_error, folder, "a --data folder"),
    )
    for option, value, applies, what in needs:
        if value is None or applies or (data is not None and not exists):
            continue
        if data is None:
            problems.append(f"{option} goes with {what}, which is not given")
        elif option == "--labels" and folder:
            problems.append(
                "--labels goes with an .npy file; a folder's labels are its class folders"
            )
        else:
            problems.append(f"{option} goes with {what}, not with --data {data}")
    if settings.test_size is not None:
        if data is None:
            split = "is split 75/25 by --seed" if settings.dataset == "digits" else "has its own"
            problems.append(
                f"--test-size goes with --data; --dataset {settings.dataset} {split}"
                + ("" if settings.dataset == "digits" else " test images")
            )
        elif not 0 <= settings.test_size < 1:
            problems.append(f"--test-size must lie in [0, 1), got {settings.test_size:g}")
    if data is not None and not exists:
        problems.append(f"--data {data} does not exist; {_DATA_HELP}")
    elif data is not None and not folder:
        if not data.endswith((".npz", ".npy")):
            problems.append(f"cannot read --data {data}: {_DATA_HELP}")
        elif npy and settings.labels is None:
            problems.append(f"--data {data} holds images only; pass --labels labels.npy")
    if settings.labels is not None and not os.path.isfile(settings.labels):
        problems.append(f"--labels {settings.labels} does not exist")
    return problems


_DATA_HELP = (
    "--data takes a folder of class folders (path/<class>/<image>.png), an .npz file "
    "with arrays X and y (or x_train, y_train, x_test, y_test), or an .npy file of "
    "images with --labels labels.npy"
)


class _Source:
    """The images of ``--data`` or ``--dataset``: all of them (``X``, ``y``)
    when skcnn holds out the test part, or the source's own training part
    with its ``test`` part; ``record`` says what they are."""

    def __init__(self, name, X, y, test, record):
        self.name, self.X, self.y, self.test, self.record = name, X, y, test, record


def read_source(settings):
    """Read the data the settings name (after :func:`data_problems`)."""
    from .. import datasets
    from .._inputs.validation import is_image_files

    record = {
        "dataset": None if settings.data else settings.dataset,
        "data": None if settings.data is None else os.path.abspath(settings.data),
        "labels": None if settings.labels is None else os.path.abspath(settings.labels),
        "data_home": settings.data_home,
        "image_size": None,
        "color_mode": None,
        "on_error": settings.on_error,
    }
    if settings.data is not None:
        X, y, test = _read_data(settings)
        if is_image_files(X):
            record["image_size"] = (
                None if settings.image_size is None else list(settings.image_size)
            )
            record["color_mode"] = settings.color_mode
        name = f"--data {settings.data}"
    elif settings.dataset == "digits":
        (X, y), test = datasets.load_digits_images(), None
        name = "digits"
    else:
        (X, y), test = _load_standard(settings.dataset, settings.data_home)
        name = settings.dataset
    root = settings.data if settings.data is not None and os.path.isdir(settings.data) else None
    record["n_images"] = len(X) + (0 if test is None else len(test[0]))
    record["fingerprint"] = _fingerprint(root, (X, y), test)
    return _Source(name, X, y, test, record)


def _load_standard(dataset, data_home):
    """((X_train, y_train), (X_test, y_test)) of MNIST or Fashion-MNIST."""
    from .. import datasets

    try:
        if dataset == "mnist":
            return datasets.load_mnist(data_home=data_home)
        # Fashion-MNIST's labels by name ("Ankle boot"), as the reports show them.
        train, test, names = datasets.load_fashion_mnist(
            data_home=data_home, return_class_names=True
        )
        return (train[0], names[train[1]]), (test[0], names[test[1]])
    except datasets.DatasetUnavailableError as exc:
        files = ", ".join(f"{name}.gz" for name in exc.missing)
        raise CLIError(
            f"{dataset} is not on disk and could not be downloaded; put {files} in "
            f"{exc.folder} (or point --data-home at a folder that has them)"
        ) from None


def _fingerprint(root, *parts):
    """A SHA-256 of which images, with which labels: of image files their paths
    under ``root`` (not their pixels), of arrays their bytes."""
    import hashlib

    import numpy as np

    from .._inputs.validation import is_image_files

    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            continue
        images, labels = part
        if is_image_files(images):
            names = [os.path.relpath(path, root) for path in images.paths]
            digest.update("\0".join(names).encode())
        else:
            array = np.ascontiguousarray(images)
            digest.update(f"{array.shape}{array.dtype}".encode())
            digest.update(memoryview(array.reshape(-1).view(np.uint8)))
        digest.update("\0".join(map(str, np.asarray(labels).tolist())).encode())
    return digest.hexdigest()


def _read_data(settings):
    """``(X, y, test)`` from a ``--data`` path; ``test`` is None unless the .npz
    file holds its own test arrays."""
    import numpy as np

    from ..datasets import load_image_folder

    path = settings.data
    if os.path.isdir(path):
        options = {"image_size": settings.image_size, "lazy": True}
        options["color_mode"] = settings.color_mode or "auto"
        if settings.on_error is not None:
            options["on_error"] = settings.on_error
        X, y = load_image_folder(path, **options)
        X.verify()
        return X, y, None
    try:
        if path.endswith(".npz"):
            with np.load(path, allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
            return _npz_arrays(path, arrays)
        images = np.load(path, allow_pickle=False)
        labels = np.load(settings.labels, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    if len(labels) != len(images):
        raise CLIError(
            f"--labels {settings.labels} holds {len(labels)} labels for the {len(images)} "
            f"images of --data {path}; pass one label per image"
        )
    return images, labels, None


def _npz_arrays(path, arrays):
    keys = set(arrays)
    for train_x, train_y in (("X", "y"), ("x", "y")):
        if {train_x, train_y} <= keys:
            return arrays[train_x], arrays[train_y], None
    if {"x_train", "y_train", "x_test", "y_test"} <= keys:
        test = (arrays["x_test"], arrays["y_test"])
        return arrays["x_train"], arrays["y_train"], test
    raise CLIError(
        f"{path} holds the arrays {sorted(keys)}; skcnn reads X and y, or x_train, y_train, "
        f"x_test and y_test"
    )


class _Split:
    """The training and test parts of a source, and what the test part is:
    ``test_indices`` into the source's images, or None for its own test set."""

    def __init__(self, source, test_size, seed, train_indices, test_indices):
        self.source, self.test_size, self.seed = source, test_size, seed
        self.train_indices, self.test_indices = train_indices, test_indices
        if source.test is not None:
            self.train, self.test = (source.X, source.y), source.test
        elif test_indices is None:
            self.train, self.test = (source.X, source.y), None
        else:
            self.train = (source.X[train_indices], source.y[train_indices])
            self.test = (source.X[test_indices], source.y[test_indices])

    def record(self):
        """What ``skcnn train`` stores: JSON-ready."""
        return {
            **self.source.record,
            "test_size": self.test_size,
            "seed": self.seed,
            "n_train": len(self.train[0]),
            "n_test": 0 if self.test is None else len(self.test[0]),
            "test_indices": None if self.test_indices is None else self.test_indices.tolist(),
        }


def split_source(source, settings):
    """Hold out the test part: digits 75/25 and ``--data`` by ``--test-size``
    (default 0.2), stratified, with ``--seed``; a source with its own test set
    keeps it."""
    import numpy as np

    if source.test is not None:
        return _Split(source, None, None, None, None)
    if settings.data is None:
        test_size = DIGITS_TEST_SIZE
    else:
        test_size = DEFAULT_TEST_SIZE if settings.test_size is None else settings.test_size
    everything = np.arange(len(source.X))
    if test_size == 0:
        return _Split(source, 0.0, settings.seed, everything, None)
    from sklearn.model_selection import train_test_split

    try:
        train, test = train_test_split(
            everything, test_size=test_size, stratify=source.y, random_state=settings.seed
        )
    except ValueError as exc:
        raise CLIError(
            f"cannot hold out --test-size {test_size} of {source.name}: {exc} (pass "
            f"--test-size 0 to train on everything)"
        ) from None
    return _Split(source, float(test_size), settings.seed, train, test)


def load_split(dataset, seed=0, data_home=None):
    """Train and test arrays for a ``--dataset`` name.

    Parameters
    ----------
    dataset : {"digits", "mnist", "fashion-mnist"}
        ``digits`` is split 75/25, stratified, with ``seed``; MNIST and
        Fashion-MNIST come with their own split, Fashion-MNIST's labels as its
        class names ("T-shirt/top", ..., "Ankle boot").
    seed : int, default=0
        Seed of the digits split.
    data_home : str, default=None
        Cache folder of MNIST and Fashion-MNIST (see :mod:`skcnn.datasets`).

    Returns
    -------
    (X_train, y_train), (X_test, y_test) : tuples of ndarray

    Raises
    ------
    CLIError
        When MNIST or Fashion-MNIST is neither on disk nor downloadable.

    Examples
    --------
    >>> from skcnn.cli import load_split
    >>> (X_train, y_train), (X_test, y_test) = load_split("digits")
    >>> X_train.shape, X_test.shape
    ((1347, 8, 8, 1), (450, 8, 8, 1))
    """
    settings = _Settings(
        dataset=dataset,
        data_home=data_home,
        data=None,
        labels=None,
        image_size=None,
        color_mode=None,
        on_error=None,
        test_size=None,
        seed=seed,
    )
    part = split_source(read_source(settings), settings)
    return part.train, part.test


def load_data(args):
    """Train and test data for the ``--dataset`` / ``--data`` options.

    Parameters
    ----------
    args : argparse.Namespace
        ``dataset``, ``data_home``, ``data``, ``labels``, ``image_size``,
        ``test_size`` and ``seed`` (0 when absent); ``color_mode`` and
        ``on_error`` when present.

    Returns
    -------
    (X_train, y_train), test
        ``test`` is ``(X_test, y_test)``, or None when ``--test-size 0`` keeps
        every image of ``--data`` for training. A folder gives lazily decoded
        :class:`skcnn.datasets.ImageFiles`.

    Raises
    ------
    CLIError
        For options that do not go together or data that cannot be read, all
        the problems found before reading in one message.

    Examples
    --------
    >>> import argparse
    >>> from skcnn.cli import load_data
    >>> args = argparse.Namespace(dataset="digits", data_home=None, data=None, labels=None,
    ...                           image_size=None, test_size=None, seed=0)
    >>> (X_train, y_train), (X_test, y_test) = load_data(args)
    >>> X_train.shape
    (1347, 8, 8, 1)
    """
    settings = data_settings(args)
    raise_problems(data_problems(settings))
    part = split_source(read_source(settings), settings)
    return part.train, part.test
