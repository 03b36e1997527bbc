"""Tests for skcnn.datasets.load_image_folder and ImageFiles.

Every image is a real file written here with Pillow (most of them sklearn's 8x8
digits scaled to 0..240) and decoded by the code under test; nothing is mocked.
"""

import pickle
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import load_digits
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_score,
    train_test_split,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils import _safe_indexing, check_consistent_length, shuffle

from skcnn.datasets import ImageFileError, ImageFiles, load_image_folder

N_PER_CLASS = 4
CLASSES = ("0", "1", "2")


def digit_images():
    """sklearn's digits 0, 1, 2 as uint8 8x8 images, N_PER_CLASS of each."""
    digits = load_digits(n_class=3)
    out = {}
    for label in range(3):
        images = digits.images[digits.target == label][:N_PER_CLASS]
        out[str(label)] = (images * 15).astype(np.uint8)
    return out


def save(path, array, **kwargs):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path, **kwargs)
    return path


@pytest.fixture
def png_folder(tmp_path):
    """path/<digit>/<k>.png, gray 8x8; returns (root, X expected, y expected)."""
    root = tmp_path / "digits"
    X, y = [], []
    for name, images in digit_images().items():
        for k, image in enumerate(images):
            save(root / name / f"{k}.png", image)
            X.append(image[:, :, None])
            y.append(name)
    return root, np.stack(X), np.array(y)


@pytest.fixture
def mixed_formats(tmp_path):
    """One class per lossless format pair, plus JPEG: every format is read."""
    root = tmp_path / "formats"
    images = digit_images()
    paths = []
    for i, image in enumerate(images["0"]):
        paths.append(save(root / "a" / f"{i}.{('png', 'bmp', 'gif', 'jpg')[i]}", image))
    for i, image in enumerate(images["1"]):
        paths.append(save(root / "b" / f"{i}.{('jpeg', 'PNG', 'GIF', 'BMP')[i]}", image))
    return root, paths, np.concatenate([images["0"], images["1"]])


def pillow_pixels(path, mode):
    with Image.open(path) as image:
        array = np.asarray(image.convert(mode))
    return array if array.ndim == 3 else array[:, :, None]


# ---------------------------------------------------------------------------
# reading folders


def test_reads_classes_and_files_in_keras_order(tmp_path):
    root = tmp_path / "pets"
    rng = np.random.default_rng(0)
    written = {}
    for relative in ["dog/b.png", "dog/a.png", "dog/sub/c.png", "cat/z.png", "cat/Y.PNG"]:
        written[relative] = rng.integers(0, 256, (5, 7), dtype=np.uint8)
        save(root / relative, written[relative])
    # ignored: other extensions, hidden files and folders, files directly in path
    (root / "dog" / "notes.txt").write_text("not an image")
    save(root / "dog" / ".hidden.png", written["dog/a.png"])
    save(root / ".thumbnails" / "t.png", written["dog/a.png"])
    save(root / "stray.png", written["dog/a.png"])

    X, y = load_image_folder(root)
    order = ["cat/Y.PNG", "cat/z.png", "dog/a.png", "dog/b.png", "dog/sub/c.png"]
    assert X.dtype == np.uint8 and X.shape == (5, 5, 7, 1)
    np.testing.assert_array_equal(X[..., 0], np.stack([written[r] for r in order]))
    assert y.tolist() == ["cat", "cat", "dog", "dog", "dog"]
    assert y.dtype.kind == "U"


def test_digits_png_folder_roundtrip(png_folder):
    root, X_expected, y_expected = png_folder
    X, y = load_image_folder(str(root))
    np.testing.assert_array_equal(X, X_expected)
    np.testing.assert_array_equal(y, y_expected)


def test_class_names_choose_order_and_subset(png_folder):
    root, X_expected, y_expected = png_folder
    X, y = load_image_folder(root, class_names=["2", "0"])
    assert y.tolist() == ["2"] * N_PER_CLASS + ["0"] * N_PER_CLASS
    np.testing.assert_array_equal(X[:N_PER_CLASS], X_expected[y_expected == "2"])
    np.testing.assert_array_equal(X[N_PER_CLASS:], X_expected[y_expected == "0"])


def test_every_format_is_decoded(mixed_formats):
    root, paths, originals = mixed_formats
    X, y = load_image_folder(root)
    assert X.shape == (8, 8, 8, 1)  # GIF's grey palette is read as grayscale
    assert y.tolist() == ["a"] * 4 + ["b"] * 4
    # files sorted by name: a/0.png a/1.bmp a/2.gif a/3.jpg b/0.jpeg b/1.PNG b/2.GIF b/3.BMP
    for i, path in enumerate(paths):
        np.testing.assert_array_equal(X[i], pillow_pixels(path, "L"))
        if path.suffix.lower() in (".jpg", ".jpeg"):  # lossy: close to the digit
            assert np.abs(X[i, ..., 0].astype(int) - originals[i]).mean() < 8
        else:  # PNG, BMP and GIF keep 8-bit grey exactly
            np.testing.assert_array_equal(X[i, ..., 0], originals[i])


def test_animated_gif_gives_its_first_frame(tmp_path):
    frames = [Image.fromarray(np.full((5, 5), v, np.uint8)) for v in (30, 220)]
    path = tmp_path / "a" / "anim.gif"
    path.parent.mkdir()
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100)
    with Image.open(path) as image:
        assert image.n_frames == 2
    save(tmp_path / "b" / "still.gif", np.full((5, 5), 99, np.uint8))
    X, y = load_image_folder(tmp_path)
    assert X.shape == (2, 5, 5, 1)
    assert (X[0] == 30).all() and (X[1] == 99).all()


def test_rgb_files_give_three_channels(tmp_path):
    rng = np.random.default_rng(1)
    root = tmp_path / "rgb"
    arrays = [rng.integers(0, 256, (6, 5, 3), dtype=np.uint8) for _ in range(4)]
    paths = [
        save(root / "x" / "0.png", arrays[0]),
        save(root / "x" / "1.bmp", arrays[1]),
        save(root / "y" / "0.jpg", arrays[2], quality=95),
        save(root / "y" / "1.gif", arrays[3]),
    ]
    X, y = load_image_folder(root)
    assert X.shape == (4, 6, 5, 3)
    np.testing.assert_array_equal(X[0], arrays[0])
    np.testing.assert_array_equal(X[1], arrays[1])
    np.testing.assert_array_equal(X[2], pillow_pixels(paths[2], "RGB"))
    np.testing.assert_array_equal(X[3], pillow_pixels(paths[3], "RGB"))  # quantised palette
    gray, _ = load_image_folder(root, color_mode="grayscale")
    for i, path in enumerate(paths):
        np.testing.assert_array_equal(gray[i], pillow_pixels(path, "L"))
    # ITU-R 601-2 luma, as Pillow and TensorFlow convert colour to grey
    luma = arrays[0].astype(float) @ [0.299, 0.587, 0.114]
    assert np.abs(gray[0, ..., 0] - luma).max() <= 1


def test_color_modes_convert(png_folder):
    root, X_gray, _ = png_folder
    rgb, _ = load_image_folder(root, color_mode="rgb")
    rgba, _ = load_image_folder(root, color_mode="rgba")
    gray, _ = load_image_folder(root, color_mode="grayscale")
    np.testing.assert_array_equal(gray, X_gray)
    np.testing.assert_array_equal(rgb, np.repeat(X_gray, 3, axis=3))
    np.testing.assert_array_equal(rgba[..., :3], rgb)
    assert (rgba[..., 3] == 255).all()


def test_auto_reads_transparency_as_rgba(tmp_path):
    rng = np.random.default_rng(2)
    rgba = rng.integers(0, 256, (4, 4, 4), dtype=np.uint8)
    gray = rng.integers(1, 256, (4, 4), dtype=np.uint8)
    gray[0, 0] = 0  # the transparent entry of the palette image below
    root = tmp_path / "alpha"
    save(root / "a" / "rgba.png", rgba)
    Image.fromarray(np.dstack([gray, gray])).convert("LA").save(root / "a" / "la.png")
    (root / "b").mkdir()
    Image.fromarray(gray).convert("P").save(root / "b" / "p.png", transparency=0)
    X, y = load_image_folder(root)
    assert X.shape == (3, 4, 4, 4)  # files: a/la.png, a/rgba.png, b/p.png
    np.testing.assert_array_equal(X[0][..., :3], np.repeat(gray[:, :, None], 3, axis=2))
    np.testing.assert_array_equal(X[0][..., 3], gray)
    np.testing.assert_array_equal(X[1], rgba)
    np.testing.assert_array_equal(X[2], pillow_pixels(root / "b" / "p.png", "RGBA"))
    np.testing.assert_array_equal(X[2][..., 3], np.where(gray == 0, 0, 255))
    rgb, _ = load_image_folder(root, color_mode="rgb")  # alpha dropped
    np.testing.assert_array_equal(rgb[1], rgba[..., :3])


def test_sixteen_bit_png_keeps_the_high_byte(tmp_path):
    values = (np.arange(16, dtype=np.uint16).reshape(4, 4) * 4099).astype(np.uint16)
    root = tmp_path / "deep"
    save(root / "a" / "x.png", values)
    save(root / "b" / "y.png", values[::-1].copy())
    with Image.open(root / "a" / "x.png") as image:
        assert image.mode.startswith("I")  # really a 16-bit file
    X, _ = load_image_folder(root)
    np.testing.assert_array_equal(X[0, ..., 0], (values >> 8).astype(np.uint8))
    rgb, _ = load_image_folder(root, color_mode="rgb")
    np.testing.assert_array_equal(rgb[0], np.repeat(X[0], 3, axis=2))


def test_image_size_resizes_bilinear(tmp_path):
    rng = np.random.default_rng(3)
    root = tmp_path / "sizes"
    small = rng.integers(0, 256, (8, 8), dtype=np.uint8)
    large = rng.integers(0, 256, (20, 13), dtype=np.uint8)
    save(root / "a" / "small.png", small)
    save(root / "b" / "large.jpg", large)
    X, y = load_image_folder(root, image_size=(10, 12))
    assert X.shape == (2, 10, 12, 1)
    for i, path in enumerate([root / "a" / "small.png", root / "b" / "large.jpg"]):
        with Image.open(path) as image:
            expected = np.asarray(image.convert("L").resize((12, 10), Image.Resampling.BILINEAR))
            nearest = np.asarray(image.convert("L").resize((12, 10), Image.Resampling.NEAREST))
        np.testing.assert_array_equal(X[i, ..., 0], expected)
        assert not np.array_equal(expected, nearest)
    # the files' own size: nothing is resampled
    same, _ = load_image_folder(root, image_size=(8, 8), class_names=["a", "b"])
    np.testing.assert_array_equal(same[0, ..., 0], small)


# ---------------------------------------------------------------------------
# errors


def test_missing_path(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match="does not exist") as info:
        load_image_folder(missing)
    assert str(missing) in str(info.value)


def test_path_is_a_file(tmp_path):
    path = save(tmp_path / "one.png", np.zeros((2, 2), np.uint8))
    with pytest.raises(NotADirectoryError, match="is a file, not a folder"):
        load_image_folder(path)


def test_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="is empty.*sub-folder named after the class"):
        load_image_folder(tmp_path)


def test_images_but_no_class_folders(tmp_path):
    save(tmp_path / "a.png", np.zeros((2, 2), np.uint8))
    with pytest.raises(ValueError, match="holds image files but no class folders"):
        load_image_folder(tmp_path)


def test_no_image_files(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "readme.txt").write_text("x")
        (tmp_path / name / "photo.tiff").write_bytes(b"II*\0")
    with pytest.raises(ValueError, match=r"\['a', 'b'\].*hold no image files") as info:
        load_image_folder(tmp_path)
    assert ".bmp, .gif, .jpeg, .jpg, .png" in str(info.value)


def test_one_empty_class_folder_is_named(png_folder):
    root, _, _ = png_folder
    (root / "empty").mkdir()
    with pytest.raises(ValueError, match=r"\['empty'\].*class_names=") as info:
        load_image_folder(root)
    assert str(root) in str(info.value)


def test_one_class_is_an_error(tmp_path):
    save(tmp_path / "cat" / "0.png", np.zeros((2, 2), np.uint8))
    with pytest.raises(ValueError, match="one class \\('cat'\\); a classifier needs at least two"):
        load_image_folder(tmp_path)


def test_class_names_errors(png_folder):
    root, _, _ = png_folder
    with pytest.raises(ValueError, match=r"class_names=\['1'\] names one class"):
        load_image_folder(root, class_names=["1"])
    with pytest.raises(ValueError, match=r"\['7'\] that are not in .*\['0', '1', '2'\]"):
        load_image_folder(root, class_names=["0", "7"])
    with pytest.raises(ValueError, match="names a class twice"):
        load_image_folder(root, class_names=["0", "1", "0"])
    with pytest.raises(TypeError, match="class_names must be a list"):
        load_image_folder(root, class_names="01")


def test_corrupt_file_is_named_before_decoding(png_folder):
    root, _, _ = png_folder
    bad = root / "1" / "2.png"
    bad.write_bytes(b"this is not a PNG file")
    for lazy in (False, True):
        with pytest.raises(ImageFileError, match="1 of 12 image files cannot be used") as info:
            load_image_folder(root, lazy=lazy)
        assert f"{bad}: not an image Pillow can identify" in str(info.value)
        assert "Replace or remove the unreadable file(s)" in str(info.value)
        assert info.value.files == {str(bad): "not an image Pillow can identify"}
    # An ImageFiles of the paths reads the first header only: decoding names the file.
    files = ImageFiles(sorted(root.glob("*/*.png")))
    assert len(files) == 3 * N_PER_CLASS
    with pytest.raises(ValueError, match="corrupt, truncated or not an image") as info:
        np.asarray(files)
    assert str(bad) in str(info.value)
    with pytest.raises(ImageFileError, match="1 unreadable"):
        files.verify()
    files[:4].verify()  # the other files are fine


def test_truncated_pixels_are_found_while_decoding(png_folder):
    root, _, _ = png_folder
    bad = root / "0" / "3.png"
    rng = np.random.default_rng(0)
    save(bad, rng.integers(0, 256, (8, 8), dtype=np.uint8))
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) - 30])  # the header is intact, the pixels are not
    with pytest.raises(ImageFileError, match="1 of 12 image files cannot be used") as info:
        load_image_folder(root)
    assert f"{bad}: corrupt pixels (" in str(info.value)
    with pytest.warns(UserWarning, match="left out 1 of 12") as caught:
        X, y = load_image_folder(root, on_error="skip")
    assert len(caught) == 1 and X.shape == (11, 8, 8, 1) and len(y) == 11
    # Lazily only the header is read, and it is sound.
    files, _ = load_image_folder(root, lazy=True)
    assert len(files) == 12


def test_different_sizes_are_named(tmp_path):
    save(tmp_path / "a" / "0.png", np.zeros((8, 8), np.uint8))
    save(tmp_path / "a" / "1.png", np.zeros((8, 8), np.uint8))
    other = save(tmp_path / "b" / "0.png", np.zeros((16, 12), np.uint8))
    save(tmp_path / "b" / "1.png", np.zeros((8, 8), np.uint8))
    with pytest.raises(ImageFileError) as info:
        load_image_folder(tmp_path)
    message = str(info.value)
    assert f"1 of size 16x12 where the others are 8x8 ({other})" in message
    assert "image_size=(8, 8) (height, width) to resize them all" in message
    X, _ = load_image_folder(tmp_path, image_size=(8, 8))
    assert X.shape == (4, 8, 8, 1)
    files = ImageFiles(sorted(tmp_path.glob("*/*.png")))
    files[:2].load()
    with pytest.raises(ValueError, match="16x12"):
        files.load()
    with pytest.raises(ValueError, match="16x12"):
        files[2]


def test_mixed_channels_are_named(tmp_path):
    gray = save(tmp_path / "a" / "0.png", np.zeros((4, 4), np.uint8))
    color = save(tmp_path / "b" / "0.png", np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(ImageFileError, match="color_mode=") as info:
        load_image_folder(tmp_path)
    # Among as many of each, the first file's mode is the one the others lack.
    assert f"1 rgb where the others are grayscale ({color})" in str(info.value)
    X, _ = load_image_folder(tmp_path, color_mode="rgb")
    assert X.shape == (2, 4, 4, 3)
    files = ImageFiles([gray, color])
    with pytest.raises(ValueError, match="color_mode='grayscale', 'rgb' or 'rgba'"):
        np.asarray(files)
    with pytest.raises(ImageFileError, match=f"where the first file, {gray}, is grayscale"):
        files.verify()


@pytest.fixture
def broken_folder(tmp_path):
    """28x28 grey digits with every kind of file that cannot be used among them.

    Returns (root, {path: why} of the bad files, the number of good files).
    """
    root = tmp_path / "broken"
    images = digit_images()
    big = np.kron(images["0"][0], np.ones((4, 4), np.uint8))  # 32x32
    good = 0
    for name, group in images.items():
        for k, image in enumerate(group):
            save(root / name / f"{k}.png", np.pad(image, 10))  # 28x28
            good += 1
    bad = {}
    zero = root / "0" / "zero.png"
    zero.write_bytes(b"")
    bad[zero] = "zero bytes"
    truncated = root / "1" / "truncated.png"
    truncated.write_bytes((root / "1" / "0.png").read_bytes()[:20])
    bad[truncated] = "truncated header"
    text = root / "2" / "notes.png"
    text.write_text("not an image, only named like one")
    bad[text] = "not an image Pillow can identify"
    for k in range(2):
        bad[save(root / "1" / f"big{k}.png", big)] = "32x32"
    bad[save(root / "2" / "color.png", np.stack([np.pad(images["2"][0], 10)] * 3, -1))] = (
        "rgb (3 channels)"
    )
    return root, {str(path): why for path, why in bad.items()}, good


@pytest.mark.parametrize("lazy", [False, True])
def test_one_error_lists_every_file_that_cannot_be_used(broken_folder, lazy):
    root, bad, good = broken_folder
    with pytest.raises(ImageFileError) as info:
        load_image_folder(root, lazy=lazy)
    message = str(info.value)
    assert message.startswith(f"6 of {good + 6} image files cannot be used: 3 unreadable (")
    unreadable = [p for p, why in bad.items() if "x" not in why[:3] and "rgb" not in why]
    for path in unreadable:
        assert f"{path}: {bad[path]}" in message
    big = [p for p, why in bad.items() if why == "32x32"]
    assert f"2 of size 32x32 where the others are 28x28 ({big[0]}, {big[1]})" in message
    assert f"1 rgb where the others are grayscale ({list(bad)[-1]})" in message
    assert message.endswith(
        "Replace or remove the unreadable file(s). Pass on_error='skip' to load the rest, "
        "image_size=(28, 28) (height, width) to resize them all, or color_mode='grayscale', "
        "'rgb' or 'rgba' to convert them all."
    )
    assert info.value.files == bad
    assert isinstance(info.value, ValueError)


def test_only_what_would_fail_is_reported(broken_folder):
    """Resizing makes any size fine, converting any colour mode."""
    root, bad, good = broken_folder
    with pytest.raises(ImageFileError) as info:
        load_image_folder(root, image_size=(28, 28), color_mode="grayscale")
    message = str(info.value)
    assert message.startswith(f"3 of {good + 6} image files cannot be used: 3 unreadable (")
    assert "size" not in message and "rgb" not in message
    assert "image_size=" not in message and "color_mode=" not in message


@pytest.mark.parametrize("lazy", [False, True])
def test_skip_loads_the_rest_and_warns_once(broken_folder, png_folder, lazy):
    root, bad, good = broken_folder
    with pytest.warns(UserWarning) as caught:
        X, y = load_image_folder(root, lazy=lazy, on_error="skip")
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith(f"on_error='skip' left out 6 of {good + 6} image files")
    for path, why in bad.items():
        assert f"{path} ({why})" in message
    assert X.shape == (good, 28, 28, 1) and y.tolist() == ["0"] * 4 + ["1"] * 4 + ["2"] * 4
    if lazy:
        assert (
            repr(X) == f"ImageFiles({good} files, shape=({good}, 28, 28, 1), dtype=uint8, "
            "headers checked)"
        )
        assert not set(bad) & set(X.paths)
    expected = np.stack([np.pad(im, 10) for group in digit_images().values() for im in group])
    np.testing.assert_array_equal(np.asarray(X)[..., 0], expected)
    # With nothing to skip, nothing is said.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_image_folder(png_folder[0], lazy=lazy, on_error="skip")


def test_skip_that_would_empty_a_class_raises(broken_folder):
    root, _, _ = broken_folder
    (root / "3").mkdir()
    (root / "3" / "empty.png").write_bytes(b"")
    with pytest.raises(ImageFileError, match=r"No image file of class\(es\) \['3'\] can be used"):
        load_image_folder(root, on_error="skip")
    with pytest.warns(UserWarning, match="left out 6 of 18"):
        _, y = load_image_folder(root, on_error="skip", class_names=["0", "1", "2"])
    assert set(y) == {"0", "1", "2"}


def test_on_error_is_checked(png_folder):
    with pytest.raises(ValueError, match="on_error must be 'raise' .* or 'skip'.*got 'ignore'"):
        load_image_folder(png_folder[0], on_error="ignore")


def test_cli_train_skips_files_with_on_error(broken_folder, tmp_path, capsys):
    from skcnn.cli import main

    root, bad, good = broken_folder
    model = tmp_path / "m.keras"
    argv = ["train", "--data", str(root), "--epochs", "1", "--model", str(model)]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "6 of 18 image files cannot be used" in err and "--on-error skip" in err
    assert main([*argv, "--on-error", "skip", "--test-size", "0"]) == 0
    err = capsys.readouterr().err
    assert "--on-error skip left out 6 of 18 image files" in err
    assert model.exists()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"image_size": 8}, "image_size must be None or \\(height, width\\)"),
        ({"image_size": (8, 0)}, "image_size must be"),
        ({"image_size": (8, 8.0)}, "image_size must be"),
        ({"color_mode": "RGB"}, "color_mode must be one of 'auto', 'grayscale', 'rgb', 'rgba'"),
    ],
)
def test_bad_arguments(png_folder, kwargs, match):
    root, _, _ = png_folder
    with pytest.raises(ValueError, match=match):
        load_image_folder(root, **kwargs)


# ---------------------------------------------------------------------------
# ImageFiles


@pytest.fixture
def files_and_array(png_folder):
    root, X, y = png_folder
    files, y_lazy = load_image_folder(root, lazy=True)
    np.testing.assert_array_equal(y_lazy, y)
    return files, X, y


def test_lazy_and_eager_are_identical(mixed_formats, tmp_path):
    root, _, _ = mixed_formats
    for kwargs in ({}, {"image_size": (5, 9)}, {"color_mode": "rgb"}, {"color_mode": "rgba"}):
        eager, y_eager = load_image_folder(root, **kwargs)
        files, y_lazy = load_image_folder(root, lazy=True, **kwargs)
        assert isinstance(files, ImageFiles)
        assert files.shape == eager.shape and files.dtype == eager.dtype
        lazy = np.asarray(files)
        assert lazy.dtype == np.uint8
        np.testing.assert_array_equal(lazy, eager)
        np.testing.assert_array_equal(y_lazy, y_eager)


def test_array_attributes_and_repr(files_and_array):
    files, X, _ = files_and_array
    assert len(files) == len(X) == 12
    assert files.shape == (12, 8, 8, 1)
    assert files.ndim == 4 and files.dtype == np.uint8
    # load_image_folder read every header; subsets keep saying so
    checked = "ImageFiles(12 files, shape=(12, 8, 8, 1), dtype=uint8, headers checked)"
    assert repr(files) == checked
    assert repr(files[:1]) == "ImageFiles(1 file, shape=(1, 8, 8, 1), dtype=uint8, headers checked)"
    resized = ImageFiles(files.paths, image_size=(4, 5), color_mode="rgb")
    assert repr(resized) == (
        "ImageFiles(12 files, shape=(12, 4, 5, 3), dtype=uint8, image_size=(4, 5), "
        "color_mode='rgb')"
    )
    assert repr(resized.verify()).endswith("color_mode='rgb', headers checked)")
    with pytest.raises(ValueError, match="read-only"):
        files.paths[0] = "elsewhere.png"


def test_shape_comes_from_the_header_only(tmp_path):
    path = save(
        tmp_path / "x.png", np.random.default_rng(0).integers(0, 256, (30, 20, 3)).astype(np.uint8)
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a header, half the pixels
    files = ImageFiles([path])
    assert files.shape == (1, 30, 20, 3)
    with pytest.raises(ValueError, match="Cannot read"):
        files.load()
    # image_size and an explicit color_mode fix the shape without opening anything
    absent = ImageFiles([tmp_path / "absent.png"], image_size=(6, 7), color_mode="grayscale")
    assert absent.shape == (1, 6, 7, 1)
    with pytest.raises(FileNotFoundError):
        absent[0]


def test_integer_slice_and_array_indexing(files_and_array):
    files, X, _ = files_and_array
    np.testing.assert_array_equal(files[3], X[3])
    np.testing.assert_array_equal(files[np.int64(-1)], X[-1])
    for key in (slice(2, 9, 3), [5, 0, 5], np.array([11, 1]), X[:, 0, 0, 0] > 0, []):
        subset = files[key]
        assert isinstance(subset, ImageFiles)
        assert subset.shape == X[key].shape
        np.testing.assert_array_equal(np.asarray(subset), X[key])
        np.testing.assert_array_equal(subset.paths, files.paths[key])
    empty = files[np.zeros(12, dtype=bool)]
    assert empty.shape == (0, 8, 8, 1) and np.asarray(empty).shape == (0, 8, 8, 1)


def test_tuple_indexing_as_scikit_learn_does(files_and_array):
    files, X, _ = files_and_array
    rows = np.array([4, 2])
    subset = files[rows, ...]  # sklearn's _array_indexing writes array[key, ...]
    assert isinstance(subset, ImageFiles)
    np.testing.assert_array_equal(np.asarray(subset), X[rows])
    np.testing.assert_array_equal(files[rows, :, :, 0], X[rows, :, :, 0])
    np.testing.assert_array_equal(files[1, 2:5], X[1, 2:5])
    np.testing.assert_array_equal(files[..., 0], X[..., 0])


def test_bad_indices(files_and_array):
    files, _, _ = files_and_array
    with pytest.raises(IndexError, match="out of bounds"):
        files[12]
    with pytest.raises(IndexError, match="index -13 is out of bounds"):
        files[[0, -13]]
    with pytest.raises(IndexError, match="shape \\(12,\\)"):
        files[np.array([True, False])]
    with pytest.raises(IndexError, match="dtype float64"):
        files[np.array([0.5])]
    with pytest.raises(IndexError, match="1-D"):
        files[np.array([[0, 1]])]


def test_load_batches_and_iteration(files_and_array):
    files, X, _ = files_and_array
    np.testing.assert_array_equal(files.load(), X)
    np.testing.assert_array_equal(files.load([7, 1]), X[[7, 1]])
    np.testing.assert_array_equal(files.load(5), X[[5]])
    batches = list(files.batches(batch_size=5))
    assert [b.shape[0] for b in batches] == [5, 5, 2]
    assert all(b.dtype == np.uint8 for b in batches)
    np.testing.assert_array_equal(np.concatenate(batches), X)
    order = np.array([9, 3, 0, 11])
    np.testing.assert_array_equal(np.concatenate(list(files.batches(3, indices=order))), X[order])
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        next(files.batches(0))
    images = list(files[:3])
    assert len(images) == 3
    np.testing.assert_array_equal(np.stack(images), X[:3])


def test_numpy_conversion(files_and_array):
    files, X, _ = files_and_array
    as_float = np.asarray(files, dtype=np.float32)
    assert as_float.dtype == np.float32
    np.testing.assert_array_equal(as_float, X.astype(np.float32))
    with pytest.raises(ValueError, match="copy=False"):
        np.array(files, copy=False)


def test_constructor_takes_any_iterable_of_paths(files_and_array):
    files, X, _ = files_and_array
    rebuilt = ImageFiles(Path(p) for p in files.paths)
    np.testing.assert_array_equal(np.asarray(rebuilt), X)


def test_constructor_errors(tmp_path):
    with pytest.raises(TypeError, match="single path"):
        ImageFiles(str(tmp_path / "a.png"))
    with pytest.raises(ValueError, match="at least one path"):
        ImageFiles([])


def test_pickle_keeps_paths_not_pixels(files_and_array):
    files, X, _ = files_and_array
    restored = pickle.loads(pickle.dumps(files))
    assert isinstance(restored, ImageFiles)
    assert repr(restored) == repr(files)
    np.testing.assert_array_equal(restored.paths, files.paths)
    np.testing.assert_array_equal(np.asarray(restored), X)
    blob = pickle.dumps(files[[0, 1]])
    # the pickle reads the files again when decoded: change one, the pixels follow
    save(Path(files.paths[1]), 255 - X[1, ..., 0])
    np.testing.assert_array_equal(pickle.loads(blob)[1][..., 0], 255 - X[1, ..., 0])


# ---------------------------------------------------------------------------
# scikit-learn treats ImageFiles as an array and indexes it, never converts it


class FlatNeighbors(ClassifierMixin, BaseEstimator):
    """k nearest neighbours on flattened images; records the type of every X it sees."""

    seen = []

    def __init__(self, n_neighbors=1):
        self.n_neighbors = n_neighbors

    def _flat(self, X):
        type(self).seen.append(type(X))
        return np.asarray(X, dtype=float).reshape(len(X), -1)

    def fit(self, X, y):
        self.model_ = KNeighborsClassifier(n_neighbors=self.n_neighbors)
        self.model_.fit(self._flat(X), y)
        self.classes_ = self.model_.classes_
        return self

    def predict(self, X):
        return self.model_.predict(self._flat(X))


def test_sklearn_validation_and_indexing(files_and_array):
    files, X, y = files_and_array
    check_consistent_length(files, y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        check_consistent_length(files, y[:-1])
    subset = _safe_indexing(files, np.array([0, 5, 6]))
    assert isinstance(subset, ImageFiles)
    np.testing.assert_array_equal(np.asarray(subset), X[[0, 5, 6]])
    assert isinstance(_safe_indexing(files, slice(0, 4)), ImageFiles)
    np.testing.assert_array_equal(_safe_indexing(files, 2), X[2])
    shuffled, y_shuffled = shuffle(files, y, random_state=0)
    X_shuffled, y_expected = shuffle(X, y, random_state=0)
    assert isinstance(shuffled, ImageFiles)
    np.testing.assert_array_equal(np.asarray(shuffled), X_shuffled)
    np.testing.assert_array_equal(y_shuffled, y_expected)


def test_train_test_split_and_folds(files_and_array):
    files, X, y = files_and_array
    F_train, F_test, y_train, y_test = train_test_split(
        files, y, test_size=0.25, stratify=y, random_state=0
    )
    X_train, X_test, yy_train, yy_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    assert isinstance(F_train, ImageFiles) and isinstance(F_test, ImageFiles)
    np.testing.assert_array_equal(np.asarray(F_train), X_train)
    np.testing.assert_array_equal(np.asarray(F_test), X_test)
    np.testing.assert_array_equal(y_train, yy_train)
    for cv in (KFold(4, shuffle=True, random_state=0), StratifiedKFold(4)):
        for (train_f, test_f), (train_x, test_x) in zip(
            cv.split(files, y), cv.split(X, y), strict=True
        ):
            np.testing.assert_array_equal(train_f, train_x)
            np.testing.assert_array_equal(test_f, test_x)


def test_cross_val_score_and_grid_search_pass_image_files(files_and_array):
    files, X, y = files_and_array
    FlatNeighbors.seen.clear()
    on_files = cross_val_score(FlatNeighbors(), files, y, cv=4)
    assert set(FlatNeighbors.seen) == {ImageFiles}
    on_array = cross_val_score(FlatNeighbors(), X, y, cv=4)
    np.testing.assert_array_equal(on_files, on_array)
    assert on_files.mean() > 0.5  # three digits, a real classifier
    FlatNeighbors.seen.clear()
    search = GridSearchCV(FlatNeighbors(), {"n_neighbors": [1, 3]}, cv=3)
    search.fit(files, y)
    assert set(FlatNeighbors.seen) == {ImageFiles}
    reference = GridSearchCV(FlatNeighbors(), {"n_neighbors": [1, 3]}, cv=3).fit(X, y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )
