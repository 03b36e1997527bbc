"""Image datasets: scikit-learn's digits, MNIST, Fashion-MNIST and folders of images.

:func:`load_image_folder` reads ``path/<class>/<image>`` folders into an array,
or into :class:`ImageFiles`, which decodes the files on demand and indexes like
an array; both are documented in their own docstrings. The rest of this page is
about the loaders of MNIST and Fashion-MNIST.

MNIST and Fashion-MNIST are read from the four standard IDX files::

    train-images-idx3-ubyte   train-labels-idx1-ubyte
    t10k-images-idx3-ubyte    t10k-labels-idx1-ubyte

each either gzip-compressed (``<name>.gz``, as published) or uncompressed
(``<name>``). For every file, in this order, the loaders use:

1. the cache folder ``<root>/<dataset>/``, where ``<root>`` is ``data_home`` when
   given, else the ``SKCNN_DATA`` environment variable when set, else
   ``~/.skcnn/data``, and ``<dataset>`` is ``mnist`` or ``fashion-mnist``;
2. Fashion-MNIST only: the files of Debian's ``dataset-fashion-mnist`` package in
   ``/usr/share/datasets/fashion-mnist/``, read in place;
3. a download from the public mirror into the cache folder (``download=True``).

Every file is verified before use, so a damaged or foreign file is never read as
data. A file passes when the SHA-256 of its IDX content (after decompression for a
gzip file) equals the official one; a gzip file also passes when the SHA-256 of the
archive itself equals that of the archive published on the mirror. The content
check is what lets the same table verify gzip and uncompressed copies, and archives
that were recompressed or had their gzip header rewritten (Debian's are).

Nothing here imports TensorFlow or Keras.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import zlib
from pathlib import Path

import numpy as np

from ._inputs.image_files import ImageFiles
from ._inputs.image_folder import load_image_folder
from ._inputs.image_reading import ImageFileError

__all__ = [
    "DatasetUnavailableError",
    "ImageFileError",
    "ImageFiles",
    "load_digits_images",
    "load_fashion_mnist",
    "load_image_folder",
    "load_mnist",
]

_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

# SHA-256 of each standard file, two forms per file:
#   "gz":  the .gz archive exactly as the first mirror below serves it;
#   "idx": the uncompressed IDX content, whatever the compression of the copy.
# A file passes verification when either matches (see _read_verified).
#
# MNIST
#   gz:  tensorflow/datasets, tensorflow_datasets/url_checksums/mnist.txt
#        (commit 31f1255e57e519a6c004f0b097a2f5cfcf0dde7d), for the
#        storage.googleapis.com/cvdf-datasets/mnist/ mirror TFDS downloads from.
#   idx: t10k-images, t10k-labels and train-labels were computed here by
#        decompressing the original archives kept in the public GitHub
#        repositories kelas/mnist (283b387) and unixpickle/mnistlite (7e77ce1);
#        both copies give the same values. train-images (a 9.9 MB archive no
#        offline copy held) is the value that several public projects pin next to
#        TFDS's archive checksum above; it is the one IDX value not recomputed here.
# Fashion-MNIST
#   gz:  tensorflow/datasets, tensorflow_datasets/url_checksums/fashion_mnist.txt
#        (commit 333639b37af6c6fedf3610a4a2d42f1c6ef6f7d5). Rechecked here: the
#        label archives in zalandoresearch/fashion-mnist (b2617bb, data/fashion/)
#        hash to these values, and so do all four Debian archives once their
#        original gzip header (file name, mtime) is put back: Debian's deflate
#        streams are byte-identical to Zalando's.
#   idx: computed here from Debian's dataset-fashion-mnist
#        0.0~git20200523.55506a9-1 files in /usr/share/datasets/fashion-mnist/
#        (gzip-compressed there), and equal to the content of Zalando's label files.
_CHECKSUMS: dict[str, dict[str, dict[str, str | None]]] = {
    "mnist": {
        "train-images-idx3-ubyte": {
            "gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "idx": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        },
        "train-labels-idx1-ubyte": {
            "gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "idx": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        },
        "t10k-images-idx3-ubyte": {
            "gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "idx": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        },
        "t10k-labels-idx1-ubyte": {
            "gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            "idx": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        },
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte": {
            "gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "idx": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        },
        "train-labels-idx1-ubyte": {
            "gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "idx": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        },
        "t10k-images-idx3-ubyte": {
            "gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "idx": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        },
        "t10k-labels-idx1-ubyte": {
            "gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            "idx": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
        },
    },
}

# Base URLs tried in order; each serves the four "<name>.gz" files.
_MIRRORS: dict[str, tuple[str, ...]] = {
    # The mirror tensorflow-datasets downloads MNIST from, then torchvision's.
    "mnist": (
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ),
    # Zalando's own: the files in its GitHub repository (HTTPS), then the S3
    # site its README links to (HTTP only; the checksum guards the content).
    "fashion-mnist": (
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ),
}

# Folders searched, after the cache, for Fashion-MNIST files installed by the
# system: Debian's dataset-fashion-mnist package ships the four .gz files here.
_FASHION_MNIST_SYSTEM_DIRS: tuple[str, ...] = ("/usr/share/datasets/fashion-mnist",)

_DEBIAN_PACKAGE = {"fashion-mnist": "dataset-fashion-mnist"}

# Zalando's names of the ten Fashion-MNIST labels, in label order (0 to 9).
_FASHION_MNIST_CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
_GZIP_MAGIC = b"\x1f\x8b"
_TIMEOUT = 60.0


class DatasetUnavailableError(OSError):
    """The dataset's files are neither on disk nor downloadable.

    Raised by :func:`load_mnist` and :func:`load_fashion_mnist` when some of the
    four IDX files are missing and ``download=False``, or when downloading them
    failed (no network, or every mirror served a truncated or wrong file). The
    message names the missing files and the folder to put them in; nothing
    partial is left in that folder.

    Attributes
    ----------
    dataset : str
        ``"mnist"`` or ``"fashion-mnist"``.
    folder : pathlib.Path
        The cache folder the files belong in.
    missing : list of str
        Names of the missing IDX files (without ``.gz``).

    Examples
    --------
    An empty cache folder and ``download=False``:

    >>> import tempfile
    >>> from skcnn.datasets import DatasetUnavailableError, load_mnist
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     try:
    ...         load_mnist(data_home=folder, download=False)
    ...     except DatasetUnavailableError as exc:
    ...         error = exc
    >>> error.dataset, error.folder.name, error.missing[0]
    ('mnist', 'mnist', 'train-images-idx3-ubyte')
    >>> print(str(error).splitlines()[0])
    mnist: 4 of the 4 files are missing and download=False was given.
    >>> isinstance(error, OSError)
    True
    """

    def __init__(self, message, *, dataset=None, folder=None, missing=()):
        super().__init__(message)
        self.dataset = dataset
        self.folder = folder
        self.missing = list(missing)

    def __str__(self):
        return self.args[0]


def load_digits_images(*, n_class=10):
    """Load scikit-learn's handwritten digits as 8x8 images.

    The 1797 images ship with scikit-learn, so nothing is downloaded. Values are
    kept as scikit-learn has them, integers 0 to 16 stored as float64, so
    ``X.reshape(len(X), -1)`` equals ``sklearn.datasets.load_digits().data``;
    :class:`~skcnn.CNNClassifier` with ``rescale="auto"`` divides them by the
    training maximum.

    Parameters
    ----------
    n_class : int, default=10
        Number of classes to return, between 1 and 10: digits ``0`` to
        ``n_class - 1``.

    Returns
    -------
    X : ndarray of shape (n_samples, 8, 8, 1), dtype float64
        Grey-level images with one channel, values 0 to 16.
    y : ndarray of shape (n_samples,), dtype int
        The digit in each image.

    See Also
    --------
    sklearn.datasets.load_digits : The same data as flat rows.
    load_mnist : 70,000 28x28 digits.

    Examples
    --------
    >>> from skcnn.datasets import load_digits_images
    >>> X, y = load_digits_images()
    >>> X.shape, X.dtype, y.shape
    ((1797, 8, 8, 1), dtype('float64'), (1797,))
    >>> float(X.min()), float(X.max()), sorted(set(y.tolist()))
    (0.0, 16.0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    >>> X, y = load_digits_images(n_class=2)
    >>> X.shape
    (360, 8, 8, 1)
    """
    from sklearn.datasets import load_digits

    bunch = load_digits(n_class=n_class)
    return bunch.images[..., np.newaxis], bunch.target


def load_mnist(data_home=None, download=True):
    """Load the MNIST handwritten digits, downloading them once.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Root of the cache; the files live in ``<data_home>/mnist/``. When None,
        the ``SKCNN_DATA`` environment variable, else ``~/.skcnn/data``.
    download : bool, default=True
        Whether missing files may be downloaded. With False, files already in the
        cache folder are used and a missing one raises.

    Returns
    -------
    (X_train, y_train) : tuple of ndarray
        60,000 images of shape (28, 28), ``X_train`` of shape (60000, 28, 28),
        and their labels 0 to 9, ``y_train`` of shape (60000,); both uint8.
    (X_test, y_test) : tuple of ndarray
        The 10,000 test images, shape (10000, 28, 28), and labels; both uint8.

    Raises
    ------
    DatasetUnavailableError
        Some files are missing and could not be downloaded (or
        ``download=False``). The message names the files and the folder.
    ValueError
        A file is truncated, is not an IDX file of the expected kind, or fails
        its SHA-256 check. The message names the file; delete it to have it
        downloaded again.

    Notes
    -----
    The cache folder holds the four standard files, gzip-compressed
    (``train-images-idx3-ubyte.gz``, ...) or not (``train-images-idx3-ubyte``,
    ...); files copied there by hand are used without any network access.
    Downloads come from the mirror tensorflow-datasets uses
    (``https://storage.googleapis.com/cvdf-datasets/mnist/``), then torchvision's;
    each is written to a temporary file in the cache folder, verified, and only
    then renamed into place, so an interrupted or corrupted download leaves
    nothing behind. Every file, downloaded or found, is verified: the SHA-256 of
    its uncompressed IDX content must be the official one (for a ``.gz`` file,
    the SHA-256 of the archive as the mirror serves it is also accepted).

    The arrays are the same as ``keras.datasets.mnist.load_data()`` returns.

    Examples
    --------
    >>> from skcnn.datasets import load_mnist
    >>> (X_train, y_train), (X_test, y_test) = load_mnist()  # doctest: +SKIP
    >>> X_train.shape, X_train.dtype, X_test.shape  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'), (10000, 28, 28))
    """
    return _load_idx_dataset("mnist", data_home=data_home, download=download)


def load_fashion_mnist(data_home=None, download=True, *, return_class_names=False):
    """Load Zalando's Fashion-MNIST, from Debian's package or a one-time download.

    Ten classes of clothing in 28x28 grey-level images, a drop-in replacement for
    MNIST: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
    6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Root of the cache; the files live in ``<data_home>/fashion-mnist/``. When
        None, the ``SKCNN_DATA`` environment variable, else ``~/.skcnn/data``.
    download : bool, default=True
        Whether missing files may be downloaded.
    return_class_names : bool, default=False
        Also return the names of the ten classes, as a third value (as
        :func:`sklearn.datasets.make_blobs` adds ``centers`` with
        ``return_centers=True``).

    Returns
    -------
    (X_train, y_train) : tuple of ndarray
        60,000 uint8 images of shape (28, 28) and their uint8 labels 0 to 9.
    (X_test, y_test) : tuple of ndarray
        10,000 uint8 test images of shape (28, 28) and their uint8 labels.
    class_names : ndarray of str, shape (10,)
        Only with ``return_class_names=True``: the name of each label, so
        ``class_names[y_train]`` holds the names of the training labels. The names
        are Zalando's: "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot".

    Raises
    ------
    DatasetUnavailableError
        Some files are missing and could not be downloaded (or
        ``download=False``). The message names the files and the folder, and
        the Debian package that provides them.
    ValueError
        A file is truncated, is not an IDX file of the expected kind, or fails
        its SHA-256 check. The message names the file and the fix.

    Notes
    -----
    Each file is looked for in the cache folder first, then in
    ``/usr/share/datasets/fashion-mnist/``, where Debian's
    ``dataset-fashion-mnist`` package installs the four ``.gz`` files
    (``apt-get install dataset-fashion-mnist`` makes the loader work offline);
    files found there are verified and read in place, not copied. Only files
    found in neither place are downloaded, from Zalando's GitHub repository or
    its S3 site, through a verified temporary file as for :func:`load_mnist`.
    Debian's archives differ from Zalando's in their gzip header only, so they are
    verified by the SHA-256 of their uncompressed content.

    The arrays are the same as ``keras.datasets.fashion_mnist.load_data()``
    returns.

    Examples
    --------
    >>> from skcnn.datasets import load_fashion_mnist
    >>> (X_train, y_train), (X_test, y_test) = load_fashion_mnist()  # doctest: +SKIP
    >>> X_train.shape, y_train.dtype, len(set(y_test.tolist()))  # doctest: +SKIP
    ((60000, 28, 28), dtype('uint8'), 10)
    >>> train, test, names = load_fashion_mnist(return_class_names=True)  # doctest: +SKIP
    >>> names[train[1][:4]].tolist()  # doctest: +SKIP
    ['Ankle boot', 'T-shirt/top', 'T-shirt/top', 'Dress']
    """
    train, test = _load_idx_dataset("fashion-mnist", data_home=data_home, download=download)
    if return_class_names:
        return train, test, np.array(_FASHION_MNIST_CLASS_NAMES)
    return train, test


# ---------------------------------------------------------------------------
# Locating, downloading and verifying files


def _data_root(data_home):
    if data_home is not None:
        return Path(data_home).expanduser()
    env = os.environ.get("SKCNN_DATA")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".skcnn" / "data"


def _system_dirs(dataset):
    if dataset == "fashion-mnist":
        return tuple(Path(d) for d in _FASHION_MNIST_SYSTEM_DIRS)
    return ()


def _find_file(folder, name):
    """Return the path of ``name`` (gzip first, then uncompressed) in ``folder``."""
    for candidate in (folder / f"{name}.gz", folder / name):
        if candidate.is_file():
            return candidate
    return None


def _load_idx_dataset(dataset, *, data_home, download):
    cache = _data_root(data_home) / dataset
    checksums = _CHECKSUMS[dataset]
    found = {}
    for name in _FILES:
        path = _find_file(cache, name)
        where = "cache"
        if path is None:
            for folder in _system_dirs(dataset):
                path = _find_file(folder, name)
                if path is not None:
                    where = "system"
                    break
        if path is not None:
            found[name] = (path, where)

    missing = [name for name in _FILES if name not in found]
    if missing and not download:
        raise DatasetUnavailableError(
            _missing_message(dataset, cache, missing, "download=False was given."),
            dataset=dataset,
            folder=cache,
            missing=missing,
        )

    contents = {}
    for name in _FILES:
        if name in found:
            path, where = found[name]
            contents[name] = _read_verified(path, checksums[name], dataset, where)
        else:
            contents[name] = _download(dataset, name, cache, missing)

    train = _images_and_labels(contents, "train", found, cache)
    test = _images_and_labels(contents, "t10k", found, cache)
    return train, test


def _images_and_labels(contents, split, found, cache):
    images_name = f"{split}-images-idx3-ubyte"
    labels_name = f"{split}-labels-idx1-ubyte"
    images_path = found.get(images_name, (cache / f"{images_name}.gz",))[0]
    labels_path = found.get(labels_name, (cache / f"{labels_name}.gz",))[0]
    images = _parse_idx(contents[images_name], images_path, _IMAGES_MAGIC)
    labels = _parse_idx(contents[labels_name], labels_path, _LABELS_MAGIC)
    if len(images) != len(labels):
        raise ValueError(
            f"{images_path} holds {len(images)} images but {labels_path} holds "
            f"{len(labels)} labels; the two files do not belong together."
        )
    return images, labels


def _missing_message(dataset, cache, missing, reason):
    names = "\n".join(f"    {name}.gz  (or uncompressed: {name})" for name in missing)
    lines = [
        f"{dataset}: {len(missing)} of the 4 files are missing and {reason}",
        f"Put these files in {cache}:",
        names,
        f"They are published at {_MIRRORS[dataset][0]}",
        "(or pass data_home=..., or set SKCNN_DATA, to use another folder; "
        f"the files go in <folder>/{dataset}/).",
    ]
    package = _DEBIAN_PACKAGE.get(dataset)
    if package:
        where = " in " + ", ".join(_FASHION_MNIST_SYSTEM_DIRS) if _FASHION_MNIST_SYSTEM_DIRS else ""
        lines.append(
            f"On Debian or Ubuntu, 'apt-get install {package}' installs them{where}; "
            "the loader then finds them there, without any copy."
        )
    return "\n".join(lines)


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _decompress(data, path):
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as exc:
        raise ValueError(f"{path} is truncated or is not a valid gzip file ({exc}).") from exc


def _verify(data, path, checksum):
    """Return the IDX content of ``data`` (read from ``path``) once verified.

    Raises ValueError, without any advice, when it does not verify; the callers
    add the fix that fits where the file came from.
    """
    if data[:2] == _GZIP_MAGIC:
        archive_ok = checksum.get("gz") is not None and _sha256(data) == checksum["gz"]
        content = _decompress(data, path)
        if archive_ok:
            return content
    else:
        content = data
    digest = _sha256(content)
    if digest != checksum["idx"]:
        raise ValueError(
            f"SHA-256 mismatch for {path}: its IDX content hashes to {digest}, "
            f"expected {checksum['idx']}. The file is damaged or is not the official one."
        )
    return content


def _read_verified(path, checksum, dataset, where):
    """Read a file found on disk and return its verified IDX content."""
    data = path.read_bytes()
    try:
        return _verify(data, path, checksum)
    except ValueError as exc:
        if where == "cache":
            fix = (
                f"Delete {path} and call the loader again to download it anew, "
                "or replace it with a good copy."
            )
        else:
            package = _DEBIAN_PACKAGE.get(dataset, "the package that provides it")
            fix = (
                f"Reinstall {package} ('apt-get install --reinstall {package}'), "
                "or put a good copy in the cache folder, which is searched first "
                "(see data_home)."
            )
        raise ValueError(f"{exc} {fix}") from exc


def _fetch_url(url, fileobj, *, timeout=_TIMEOUT):
    """Write the body served at ``url`` to ``fileobj``; raise OSError on failure.

    The only function here that touches the network (tests replace it).
    """
    from http.client import HTTPException
    from urllib.request import Request, urlopen

    request = Request(url, headers={"User-Agent": "skcnn"})
    try:
        with urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            received = 0
            while chunk := response.read(1 << 20):
                fileobj.write(chunk)
                received += len(chunk)
    except HTTPException as exc:  # IncompleteRead and friends are not OSErrors
        raise OSError(f"download from {url} failed: {exc!r}") from exc
    if expected is not None and received != int(expected):
        raise OSError(f"truncated download from {url}: {received} of {expected} bytes")


def _download(dataset, name, cache, missing):
    """Download ``name`` into ``cache``, verified, and return its IDX content.

    The bytes go to a temporary file in ``cache`` that is renamed to
    ``<name>.gz`` only once verified; on any failure it is removed.
    """
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{name}.gz"
    checksum = _CHECKSUMS[dataset][name]
    failures = []
    for base in _MIRRORS[dataset]:
        url = base + f"{name}.gz"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.gz.", suffix=".part", dir=cache)
        try:
            with os.fdopen(fd, "wb") as fileobj:
                _fetch_url(url, fileobj)
                fileobj.flush()
                os.fsync(fileobj.fileno())
            content = _verify(Path(tmp).read_bytes(), url, checksum)
            os.replace(tmp, target)
            return content
        except (OSError, ValueError) as exc:
            failures.append(f"  {url}: {exc}")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    reason = "the download failed:\n" + "\n".join(failures)
    still_missing = [n for n in missing if not _find_file(cache, n)]
    raise DatasetUnavailableError(
        _missing_message(dataset, cache, still_missing, reason),
        dataset=dataset,
        folder=cache,
        missing=still_missing,
    )


# ---------------------------------------------------------------------------
# IDX format


def _parse_idx(data, path, magic):
    """Parse IDX bytes of unsigned bytes into an array, checking every length.

    ``magic`` is the expected magic number: 0x00000803 for images (3-D),
    0x00000801 for labels (1-D).
    """
    kind = "image" if magic == _IMAGES_MAGIC else "label"
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(
            f"{path} is truncated: {len(data)} bytes, fewer than the {header}-byte "
            f"header of an IDX {kind} file."
        )
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        raise ValueError(
            f"{path} is not an IDX {kind} file: magic number 0x{found:08X}, expected 0x{magic:08X}."
        )
    dims = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(dims, dtype=np.int64))
    if len(data) != expected:
        state = "truncated" if len(data) < expected else "longer than its header says"
        raise ValueError(
            f"{path} is {state}: its header gives shape {dims}, i.e. {expected} bytes, "
            f"but it holds {len(data)} bytes."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()
