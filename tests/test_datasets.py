"""Tests for skcnn.datasets: no network, small IDX files written here.

Every test runs offline: the one function that touches the network,
``datasets._fetch_url``, is replaced by one that fails (or, in the download
tests, by one that serves bytes from memory), and the Debian folder is emptied
unless a test sets it. The synthetic files pass verification because the tests
put their own SHA-256 values in ``datasets._CHECKSUMS``.
"""

import gzip
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from skcnn import datasets
from skcnn.datasets import (
    DatasetUnavailableError,
    load_digits_images,
    load_fashion_mnist,
    load_mnist,
)

FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
# The originals, saved before the autouse fixture replaces them.
DEBIAN_DIRS = datasets._FASHION_MNIST_SYSTEM_DIRS
REAL_FETCH_URL = datasets._fetch_url
N_TRAIN, N_TEST = 7, 3


# ---------------------------------------------------------------------------
# helpers


def idx_bytes(array):
    """Encode a uint8 array (1-D labels or 3-D images) as IDX bytes."""
    array = np.asarray(array, dtype=np.uint8)
    magic = 0x0800 | array.ndim
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


def make_arrays(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": rng.integers(0, 256, (N_TRAIN, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 10, N_TRAIN, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (N_TEST, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, N_TEST, dtype=np.uint8),
    }


def use_checksums(monkeypatch, dataset, arrays):
    """Make the checksum table accept exactly these arrays (IDX content only)."""
    table = {
        name: {"gz": None, "idx": hashlib.sha256(idx_bytes(a)).hexdigest()}
        for name, a in arrays.items()
    }
    monkeypatch.setitem(datasets._CHECKSUMS, dataset, table)


def write_files(folder, arrays, compress=True):
    """Write the arrays as IDX files in folder, gzip-compressed or not."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    compress_of = compress if isinstance(compress, dict) else dict.fromkeys(arrays, compress)
    for name, array in arrays.items():
        data = idx_bytes(array)
        if compress_of[name]:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)
    return folder


def assert_loaded(result, arrays):
    (X_train, y_train), (X_test, y_test) = result
    assert X_train.shape == (N_TRAIN, 28, 28) and X_test.shape == (N_TEST, 28, 28)
    for got in (X_train, y_train, X_test, y_test):
        assert got.dtype == np.uint8
        assert got.flags.writeable
    np.testing.assert_array_equal(X_train, arrays["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(y_train, arrays["train-labels-idx1-ubyte"])
    np.testing.assert_array_equal(X_test, arrays["t10k-images-idx3-ubyte"])
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte"])


def leftovers(folder):
    """Every file in folder (temporary files included)."""
    folder = Path(folder)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class FakeMirror:
    """Stands in for _fetch_url: serves bytes by file name, records every URL."""

    def __init__(self, payloads):
        self.payloads = payloads  # file name -> bytes, or a callable(url) -> bytes
        self.urls = []

    def __call__(self, url, fileobj, *, timeout=None):
        self.urls.append(url)
        payload = self.payloads[url.rsplit("/", 1)[-1]]
        fileobj.write(payload(url) if callable(payload) else payload)


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """No network, no Debian folder, no SKCNN_DATA, and a private home."""

    def no_network(url, fileobj, *, timeout=None):
        raise OSError(f"network disabled in tests ({url})")

    monkeypatch.setattr(datasets, "_fetch_url", no_network)
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", ())
    monkeypatch.delenv("SKCNN_DATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


# ---------------------------------------------------------------------------
# digits


def test_digits_images_shape_dtype_values():
    X, y = load_digits_images()
    assert X.shape == (1797, 8, 8, 1)
    assert X.dtype == np.float64
    assert y.shape == (1797,)
    assert np.issubdtype(y.dtype, np.integer)
    assert X.min() == 0 and X.max() == 16
    assert np.array_equal(X, np.round(X))
    assert sorted(np.unique(y).tolist()) == list(range(10))


def test_digits_images_match_sklearn_rows():
    from sklearn.datasets import load_digits

    X, y = load_digits_images()
    digits = load_digits()
    np.testing.assert_array_equal(X.reshape(len(X), -1), digits.data)
    np.testing.assert_array_equal(y, digits.target)


def test_digits_images_n_class():
    X, y = load_digits_images(n_class=3)
    assert X.shape[1:] == (8, 8, 1)
    assert sorted(np.unique(y).tolist()) == [0, 1, 2]


def test_import_loads_neither_keras_nor_sklearn():
    code = (
        "import sys, skcnn.datasets; "
        "heavy = [m for m in ('tensorflow', 'keras', 'sklearn') if m in sys.modules]; "
        "print(heavy)"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_checksum_table_is_complete():
    hexdigits = set("0123456789abcdef")
    assert set(datasets._CHECKSUMS) == {"mnist", "fashion-mnist"} == set(datasets._MIRRORS)
    for table in datasets._CHECKSUMS.values():
        assert tuple(table) == FILES
        for entry in table.values():
            for digest in (entry["gz"], entry["idx"]):
                assert len(digest) == 64 and set(digest) <= hexdigits
    digests = [e[k] for t in datasets._CHECKSUMS.values() for e in t.values() for k in e]
    assert len(set(digests)) == len(digests) == 16


# ---------------------------------------------------------------------------
# reading IDX files from the cache


@pytest.mark.parametrize("compress", [True, False], ids=["gz", "raw"])
def test_load_mnist_from_data_home(monkeypatch, tmp_path, compress):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "data" / "mnist", arrays, compress=compress)
    assert_loaded(load_mnist(data_home=tmp_path / "data", download=False), arrays)
    # download=True changes nothing when the files are there: no network is used
    assert_loaded(load_mnist(data_home=str(tmp_path / "data")), arrays)


def test_load_mnist_mixed_gz_and_raw(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    compress = dict(zip(FILES, [True, False, False, True], strict=True))
    write_files(tmp_path / "mnist", arrays, compress=compress)
    assert_loaded(load_mnist(data_home=tmp_path), arrays)


def test_load_mnist_from_env(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "env" / "mnist", arrays)
    monkeypatch.setenv("SKCNN_DATA", str(tmp_path / "env"))
    assert_loaded(load_mnist(download=False), arrays)


def test_data_home_takes_precedence_over_env(monkeypatch, tmp_path):
    arrays, other = make_arrays(0), make_arrays(1)
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "given" / "mnist", arrays)
    write_files(tmp_path / "env" / "mnist", other)
    monkeypatch.setenv("SKCNN_DATA", str(tmp_path / "env"))
    assert_loaded(load_mnist(data_home=tmp_path / "given", download=False), arrays)


def test_default_cache_is_in_home(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "home" / ".skcnn" / "data" / "mnist", arrays)
    assert_loaded(load_mnist(download=False), arrays)


def test_load_fashion_mnist_from_cache(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    write_files(tmp_path / "fashion-mnist", arrays)
    assert_loaded(load_fashion_mnist(data_home=tmp_path, download=False), arrays)


FASHION_NAMES = [
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
]


def test_load_fashion_mnist_return_class_names(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    write_files(tmp_path / "fashion-mnist", arrays)
    result = load_fashion_mnist(data_home=tmp_path, download=False, return_class_names=True)
    assert len(result) == 3
    train, test, names = result
    assert_loaded((train, test), arrays)
    assert isinstance(names, np.ndarray) and names.dtype.kind == "U"
    assert names.tolist() == FASHION_NAMES
    np.testing.assert_array_equal(
        names[train[1]], [FASHION_NAMES[k] for k in arrays["train-labels-idx1-ubyte"]]
    )
    # the default return is unchanged: two (X, y) pairs
    assert len(load_fashion_mnist(data_home=tmp_path, download=False)) == 2
    with pytest.raises(TypeError):
        load_fashion_mnist(tmp_path, False, True)  # keyword-only


# ---------------------------------------------------------------------------
# damaged files on disk


def test_truncated_gz_file_names_the_file(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    folder = write_files(tmp_path / "mnist", arrays)
    path = folder / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ValueError, match="truncated") as info:
        load_mnist(data_home=tmp_path, download=False)
    assert str(path) in str(info.value)
    assert "Delete" in str(info.value)
    assert leftovers(folder) == sorted(f"{name}.gz" for name in FILES)  # nothing added


def test_corrupted_file_fails_checksum(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    folder = write_files(tmp_path / "mnist", arrays, compress=False)
    path = folder / "t10k-images-idx3-ubyte"
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="SHA-256 mismatch") as info:
        load_mnist(data_home=tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert "Delete" in message and "download it anew" in message
    assert leftovers(folder) == sorted(FILES)


def test_truncated_raw_idx_that_passes_checksum_is_caught_by_parser(monkeypatch, tmp_path):
    arrays = make_arrays()
    folder = write_files(tmp_path / "mnist", arrays, compress=False)
    path = folder / "train-labels-idx1-ubyte"
    path.write_bytes(path.read_bytes()[:-2])
    table = {
        name: {"gz": None, "idx": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
        for name in FILES
    }
    monkeypatch.setitem(datasets._CHECKSUMS, "mnist", table)
    with pytest.raises(ValueError, match="truncated") as info:
        load_mnist(data_home=tmp_path)
    assert str(path) in str(info.value)


def test_image_and_label_counts_must_agree(monkeypatch, tmp_path):
    arrays = make_arrays()
    arrays["t10k-labels-idx1-ubyte"] = arrays["t10k-labels-idx1-ubyte"][:-1]
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "mnist", arrays)
    with pytest.raises(ValueError, match="3 images but .* 2 labels"):
        load_mnist(data_home=tmp_path)


def test_parse_idx_checks_magic_and_lengths():
    images = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    data = idx_bytes(images)
    np.testing.assert_array_equal(datasets._parse_idx(data, "x", 0x803), images)
    labels = np.array([3, 1, 4], dtype=np.uint8)
    np.testing.assert_array_equal(datasets._parse_idx(idx_bytes(labels), "y", 0x801), labels)
    with pytest.raises(ValueError, match=r"x is not an IDX label file: magic number 0x00000803"):
        datasets._parse_idx(data, "x", 0x801)
    with pytest.raises(ValueError, match="header"):
        datasets._parse_idx(data[:10], "x", 0x803)
    with pytest.raises(ValueError, match=r"x is truncated: .*\(2, 28, 28\)"):
        datasets._parse_idx(data[:-1], "x", 0x803)
    with pytest.raises(ValueError, match="longer than its header says"):
        datasets._parse_idx(data + b"\0", "x", 0x803)


# ---------------------------------------------------------------------------
# downloads (simulated)


def gz_payloads(arrays):
    return {f"{name}.gz": gzip.compress(idx_bytes(a), mtime=0) for name, a in arrays.items()}


def test_download_caches_verified_files(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    mirror = FakeMirror(gz_payloads(arrays))
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    assert_loaded(load_mnist(data_home=tmp_path), arrays)
    base = datasets._MIRRORS["mnist"][0]
    assert sorted(mirror.urls) == sorted(f"{base}{name}.gz" for name in FILES)
    assert leftovers(tmp_path / "mnist") == sorted(f"{name}.gz" for name in FILES)
    # downloaded once: the next load reads the cache without any fetch
    mirror.urls.clear()
    assert_loaded(load_mnist(data_home=tmp_path, download=False), arrays)
    assert_loaded(load_mnist(data_home=tmp_path), arrays)
    assert mirror.urls == []


def test_download_fetches_only_missing_files(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    write_files(tmp_path / "mnist", {n: arrays[n] for n in FILES[:3]}, compress=False)
    mirror = FakeMirror(gz_payloads(arrays))
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    assert_loaded(load_mnist(data_home=tmp_path), arrays)
    assert [u.rsplit("/", 1)[-1] for u in mirror.urls] == ["t10k-labels-idx1-ubyte.gz"]


def test_download_accepts_the_published_archive_checksum(monkeypatch, tmp_path):
    arrays = make_arrays()
    payloads = gz_payloads(arrays)
    table = {
        name: {"gz": hashlib.sha256(payloads[f"{name}.gz"]).hexdigest(), "idx": "0" * 64}
        for name in FILES
    }
    monkeypatch.setitem(datasets._CHECKSUMS, "mnist", table)
    monkeypatch.setattr(datasets, "_fetch_url", FakeMirror(payloads))
    assert_loaded(load_mnist(data_home=tmp_path), arrays)


def test_truncated_download_leaves_nothing(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    payloads = gz_payloads(arrays)
    name = "train-images-idx3-ubyte.gz"
    payloads[name] = payloads[name][: len(payloads[name]) // 2]
    mirror = FakeMirror(payloads)
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    with pytest.raises(DatasetUnavailableError) as info:
        load_mnist(data_home=tmp_path)
    message = str(info.value)
    assert "train-images-idx3-ubyte.gz" in message and str(tmp_path / "mnist") in message
    assert "truncated" in message
    assert len([u for u in mirror.urls if u.endswith(name)]) == len(datasets._MIRRORS["mnist"])
    assert name not in leftovers(tmp_path / "mnist")
    assert not [f for f in leftovers(tmp_path / "mnist") if f.endswith(".part")]


def test_download_with_wrong_checksum_leaves_nothing(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    payloads = gz_payloads(arrays)
    wrong = make_arrays(seed=1)["t10k-images-idx3-ubyte"]
    payloads["t10k-images-idx3-ubyte.gz"] = gzip.compress(idx_bytes(wrong))
    monkeypatch.setattr(datasets, "_fetch_url", FakeMirror(payloads))
    with pytest.raises(DatasetUnavailableError, match="SHA-256 mismatch"):
        load_fashion_mnist(data_home=tmp_path)
    files = leftovers(tmp_path / "fashion-mnist")
    assert "t10k-images-idx3-ubyte.gz" not in files
    assert not [f for f in files if f.endswith(".part")]


def test_download_falls_back_to_the_next_mirror(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    good = gz_payloads(arrays)
    first = datasets._MIRRORS["mnist"][0]

    def serve(name):
        return lambda url: good[name][:10] if url.startswith(first) else good[name]

    mirror = FakeMirror({name: serve(name) for name in good})
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    assert_loaded(load_mnist(data_home=tmp_path), arrays)
    assert len(mirror.urls) == 2 * len(FILES)
    assert leftovers(tmp_path / "mnist") == sorted(good)


def test_no_files_and_no_network(tmp_path):
    with pytest.raises(DatasetUnavailableError) as info:
        load_mnist(data_home=tmp_path)
    assert isinstance(info.value, OSError)
    message = str(info.value)
    assert str(tmp_path / "mnist") in message
    for name in FILES:
        assert f"{name}.gz" in message
    assert "network disabled in tests" in message
    assert leftovers(tmp_path / "mnist") == []


def test_download_false_names_files_and_folder_without_fetching(monkeypatch, tmp_path):
    mirror = FakeMirror({})
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    with pytest.raises(DatasetUnavailableError, match="download=False") as info:
        load_fashion_mnist(data_home=tmp_path, download=False)
    message = str(info.value)
    assert str(tmp_path / "fashion-mnist") in message
    assert all(name in message for name in FILES)
    assert "apt-get install dataset-fashion-mnist" in message
    assert mirror.urls == []
    assert not (tmp_path / "fashion-mnist").exists()


def test_fetch_url_rejects_short_body(monkeypatch):
    import urllib.request

    class Response(io.BytesIO):
        headers = {"Content-Length": "100"}

    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: Response(b"x" * 40))
    sink = io.BytesIO()
    with pytest.raises(OSError, match="40 of 100 bytes"):
        REAL_FETCH_URL("https://example.invalid/f.gz", sink)


# ---------------------------------------------------------------------------
# Fashion-MNIST from Debian's folder


def test_fashion_mnist_found_in_debian_folder(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    system = write_files(tmp_path / "usr-share", arrays)
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", (str(system),))
    mirror = FakeMirror({})
    monkeypatch.setattr(datasets, "_fetch_url", mirror)
    assert_loaded(load_fashion_mnist(data_home=tmp_path / "cache"), arrays)
    assert mirror.urls == []
    assert not (tmp_path / "cache").exists()  # read in place, nothing copied


def test_debian_folder_is_not_searched_for_mnist(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "mnist", arrays)
    system = write_files(tmp_path / "usr-share", arrays)
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", (str(system),))
    with pytest.raises(DatasetUnavailableError):
        load_mnist(data_home=tmp_path / "cache", download=False)


def test_cache_is_searched_before_debian_folder(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    write_files(tmp_path / "cache" / "fashion-mnist", {n: arrays[n] for n in FILES[:2]})
    other = make_arrays(seed=1)  # would fail the checksum if it were read
    system = write_files(tmp_path / "usr-share", {**other, **{n: arrays[n] for n in FILES[2:]}})
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", (str(system),))
    assert_loaded(load_fashion_mnist(data_home=tmp_path / "cache", download=False), arrays)


def test_damaged_debian_file_says_how_to_fix(monkeypatch, tmp_path):
    arrays = make_arrays()
    use_checksums(monkeypatch, "fashion-mnist", arrays)
    wrong = {**arrays, "train-labels-idx1-ubyte": make_arrays(seed=1)["train-labels-idx1-ubyte"]}
    system = write_files(tmp_path / "usr-share", wrong)
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", (str(system),))
    with pytest.raises(ValueError, match="SHA-256 mismatch") as info:
        load_fashion_mnist(data_home=tmp_path / "cache")
    message = str(info.value)
    assert str(system / "train-labels-idx1-ubyte.gz") in message
    assert "--reinstall dataset-fashion-mnist" in message


def _debian_files_present():
    return any(all(datasets._find_file(Path(d), name) for name in FILES) for d in DEBIAN_DIRS)


@pytest.mark.skipif(
    not _debian_files_present(),
    reason="Debian's dataset-fashion-mnist is not installed (/usr/share/datasets/fashion-mnist)",
)
def test_real_fashion_mnist_from_debian(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", DEBIAN_DIRS)
    (X_train, y_train), (X_test, y_test) = load_fashion_mnist(data_home=tmp_path, download=False)
    assert X_train.shape == (60000, 28, 28) and X_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (X_train, y_train, X_test, y_test)} == {np.dtype(np.uint8)}
    assert np.unique(y_train).tolist() == list(range(10))
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert y_train[:4].tolist() == [9, 0, 0, 3]  # as keras.datasets.fashion_mnist gives
    assert not os.listdir(tmp_path)  # verified and read in place


@pytest.mark.skipif(
    not _debian_files_present(),
    reason="Debian's dataset-fashion-mnist is not installed (/usr/share/datasets/fashion-mnist)",
)
def test_real_fashion_mnist_class_names(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets, "_FASHION_MNIST_SYSTEM_DIRS", DEBIAN_DIRS)
    (X_train, y_train), (X_test, y_test), names = load_fashion_mnist(
        data_home=tmp_path, download=False, return_class_names=True
    )
    assert names.tolist() == FASHION_NAMES
    # labels 9, 0, 0, 3, as keras.datasets.fashion_mnist gives
    assert names[y_train[:4]].tolist() == ["Ankle boot", "T-shirt/top", "T-shirt/top", "Dress"]
    labels, counts = np.unique(names[y_test], return_counts=True)
    assert sorted(labels.tolist()) == sorted(FASHION_NAMES) and counts.tolist() == [1000] * 10
