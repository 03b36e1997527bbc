"""Estimators on ImageFiles: fit, predict and evaluate decode the files batch by batch."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from sklearn.model_selection import GridSearchCV, cross_val_score

from skcnn import CNNClassifier, CNNRegressor
from skcnn.datasets import ImageFiles, load_image_folder


@pytest.fixture(scope="module")
def digit_folder(tmp_path_factory, digits):
    """400 of sklearn's digits as 8x8 PNG files in class folders."""
    X, y = digits
    root = tmp_path_factory.mktemp("digit_files")
    for k in range(400):
        folder = root / str(y[k])
        folder.mkdir(exist_ok=True)
        Image.fromarray((X[k].reshape(8, 8) * 15).astype(np.uint8)).save(folder / f"{k:04d}.png")
    return root


def test_fit_predict_evaluate_from_files_without_loading_them(digit_folder, monkeypatch):
    files, y = load_image_folder(digit_folder, lazy=True)
    decoded = []
    decode_one = ImageFiles._decode_one

    def counting(self, i):
        decoded.append(self._paths[i])
        return decode_one(self, i)

    def no_array(self, dtype=None, copy=None):
        raise AssertionError("the whole set of files was decoded into one array")

    with monkeypatch.context() as patch:
        patch.setattr(ImageFiles, "_decode_one", counting)
        patch.setattr(ImageFiles, "__array__", no_array)
        clf = CNNClassifier(epochs=2, batch_size=32, random_state=0).fit(files, y)
        proba = clf.predict_proba(files)
    assert clf.input_shape_ == (8, 8, 1) and clf.rescale_ == pytest.approx(1 / 255)
    # Each epoch decodes every training and validation image (Keras also reads a
    # first batch ahead to learn the shapes).
    assert len(set(decoded)) == len(files) and len(decoded) >= 3 * len(files)
    arrays = np.asarray(files)
    np.testing.assert_allclose(proba, clf.predict_proba(arrays), rtol=1e-6)
    np.testing.assert_allclose(clf.predict_proba(files), clf.predict_proba(arrays), rtol=1e-6)
    assert clf.score(files, y) == clf.score(arrays, y)
    assert clf.evaluate(files, y)["accuracy"] == pytest.approx(clf.evaluate(arrays, y)["accuracy"])
    np.testing.assert_allclose(clf.embed(files[:5]), clf.embed(arrays[:5]), rtol=1e-6)


def test_a_seeded_fit_from_files_is_reproducible(digit_folder):
    files, y = load_image_folder(digit_folder, lazy=True)
    a = CNNClassifier(epochs=1, random_state=0).fit(files, y).predict_proba(files[:20])
    b = CNNClassifier(epochs=1, random_state=0).fit(files, y).predict_proba(files[:20])
    np.testing.assert_array_equal(a, b)


def test_cross_validation_and_grid_search_split_the_file_list(digit_folder):
    files, y = load_image_folder(digit_folder, lazy=True)
    scores = cross_val_score(CNNClassifier(epochs=1, random_state=0), files, y, cv=2)
    assert scores.shape == (2,)
    search = GridSearchCV(CNNClassifier(epochs=1, random_state=0), {"filters": [4, 8]}, cv=2).fit(
        files, y
    )
    assert set(search.cv_results_["param_filters"]) == {4, 8}
    assert isinstance(search.best_estimator_.predict(files[:3]), np.ndarray)


def test_regressor_from_files(digit_folder):
    files, _ = load_image_folder(digit_folder, lazy=True)
    ink = np.asarray(files).reshape(len(files), -1).mean(axis=1)
    reg = CNNRegressor(epochs=1, random_state=0).fit(files, ink)
    assert reg.predict(files[:4]).shape == (4,)


def test_files_of_another_size_than_fitted_are_rejected(digit_folder):
    files, y = load_image_folder(digit_folder, lazy=True)
    clf = CNNClassifier(epochs=1, random_state=0).fit(files, y)
    bigger = ImageFiles(files.paths, image_size=(10, 10))
    with pytest.raises(ValueError, match=r"image_size=\(8, 8\)"):
        clf.predict(bigger)


def test_strategy_with_files_says_what_to_do(digit_folder):
    files, y = load_image_folder(digit_folder, lazy=True)
    with pytest.raises(ValueError, match=r"np.asarray\(X\)"):
        CNNClassifier(epochs=1, strategy="mirrored").fit(files, y)


@pytest.fixture
def small_folder(tmp_path, digits):
    """60 digits as PNG files of this test's own (the test may break them)."""
    X, y = digits
    root = tmp_path / "digits"
    for k in range(60):
        folder = root / str(y[k])
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray((X[k].reshape(8, 8) * 15).astype(np.uint8)).save(folder / f"{k:04d}.png")
    return root


def _break(files, k):
    """Overwrite the k-th file with garbage, as a disk or another program might."""
    path = files.paths[k]
    with open(path, "wb") as f:
        f.write(b"\x89PNG garbage written after the files were loaded")
    return path


def _assert_names_the_broken_file(info, path):
    message = str(info.value)
    assert message.startswith(f"The image file {path} cannot be used any more: ")
    assert "has changed on disk since" in message and "on_error='skip'" in message
    assert info.value.files and list(info.value.files) == [path]
    assert "InvalidArgumentError" not in message and "Traceback" not in message


@pytest.mark.parametrize("validation_split", [0.0, 0.25])
def test_a_file_that_breaks_mid_fit_raises_skcnns_error_naming_it(small_folder, validation_split):
    from skcnn.datasets import ImageFileError

    files, y = load_image_folder(small_folder, lazy=True)
    path = _break(files, 7)
    clf = CNNClassifier(epochs=1, batch_size=16, random_state=0, validation_split=validation_split)
    with pytest.raises(ImageFileError) as info:
        clf.fit(files, y)
    _assert_names_the_broken_file(info, path)
    assert not hasattr(clf, "model_")


def test_a_file_that_breaks_raises_inside_cross_val_score(small_folder):
    from skcnn.datasets import ImageFileError

    files, y = load_image_folder(small_folder, lazy=True)
    path = _break(files, 40)
    with pytest.raises(ImageFileError) as info:
        cross_val_score(
            CNNClassifier(epochs=1, random_state=0), files, y, cv=2, error_score="raise"
        )
    _assert_names_the_broken_file(info, path)


def test_a_file_that_breaks_before_evaluate_is_named(small_folder):
    from skcnn.datasets import ImageFileError

    files, y = load_image_folder(small_folder, lazy=True)
    clf = CNNClassifier(epochs=1, random_state=0).fit(files, y)
    path = _break(files, 3)
    with pytest.raises(ImageFileError) as info:
        clf.evaluate(files, y)
    _assert_names_the_broken_file(info, path)
    with pytest.raises(ImageFileError, match=f"Cannot read the image file {path}"):
        clf.predict(files)
