"""Every public function and method that takes images ``X`` takes them in all
three kinds: an array, a DataFrame of flat rows and image files
(:class:`skcnn.datasets.ImageFiles`, decoded batch by batch).

The files are ~40 8x8 PNGs of sklearn's digits; the array is their decoded
pixels and the DataFrame the same pixels as rows, so every deterministic result
must agree across the three kinds. Training with a seed is deterministic for the
array and the DataFrame; image files are shuffled by their own stream, so of a
fit on files only what it learned the shape of is compared.

:func:`test_every_public_callable_that_takes_images_is_covered` enumerates the
public API (``skcnn.__all__``, the public submodules and docs/api.rst) and fails
for a callable with an ``X`` (or ``image``) parameter that has no case here.
"""

import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import skcnn
from skcnn import CNNClassifier, CNNFeatureExtractor, CNNRegressor

KINDS = ("array", "frame", "files")
IMAGE_PARAMETERS = ("X", "image", "images")
SMALL = {"filters": 4, "epochs": 1, "random_state": 0}


# --------------------------------------------------------------------------
# Data and models, once per module
# --------------------------------------------------------------------------


class Context:
    """The images in each kind, the labels, and the fitted models."""

    def __init__(self, files, y):
        self.y = y
        # A numeric target for the regressor: the mean ink of each image.
        array = files.load()
        self.target = array.reshape(len(array), -1).mean(axis=1) / 255.0
        self.X = {
            "array": array,
            "frame": pd.DataFrame(array.reshape(len(array), -1)),
            "files": files,
        }
        self._fits = {}
        self.expected = {}

    def fitted(self, cls, kind="array"):
        """``cls`` fitted on ``X[kind]`` (labels, or the numeric target for the
        regressor), fitted once per module."""
        key = (cls, kind)
        if key not in self._fits:
            y = self.target if cls is CNNRegressor else self.y
            self._fits[key] = cls(**SMALL).fit(self.X[kind], y)
        return self._fits[key]

    @property
    def clf(self):
        return self.fitted(CNNClassifier)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    from PIL import Image
    from sklearn.datasets import load_digits

    from skcnn.datasets import load_image_folder

    digits = load_digits(n_class=2)
    root = tmp_path_factory.mktemp("input_kinds")
    for k, (image, label) in enumerate(zip(digits.images[:40], digits.target[:40], strict=True)):
        folder = root / f"digit{label}"
        folder.mkdir(exist_ok=True)
        Image.fromarray((image * 15).astype(np.uint8)).save(folder / f"{k:03d}.png")
    files, y = load_image_folder(root, lazy=True)
    return Context(files, y)


def head(X, k):
    """The first ``k`` images, in the kind of ``X``."""
    return X.iloc[:k] if isinstance(X, pd.DataFrame) else X[:k]


def one_image(X):
    """The first image, as a user of each kind would pass one image."""
    if isinstance(X, pd.DataFrame):
        return X.iloc[0]  # a flat row
    if isinstance(X, np.ndarray):
        return X[0]
    return X[0:1]  # image files holding one file


def figure_content(fig):
    """What a figure shows: titles, and the data of every image drawn."""
    import matplotlib.pyplot as plt

    content = [fig.get_suptitle()]
    for ax in fig.axes:
        content.append(ax.get_title())
        content.extend(np.asarray(image.get_array()) for image in ax.get_images())
    extra = getattr(fig, "top_losses", None)
    if extra is not None:
        content.append(extra.to_numpy())
    plt.close(fig)
    return content


def fit_summary(estimator):
    """What a fit on image files must agree on with a fit on the array."""
    summary = {
        "class": type(estimator).__name__,
        "input_shape_": tuple(estimator.input_shape_),
        "n_features_in_": estimator.n_features_in_,
        "n_iter_": estimator.n_iter_,
        "history": list(estimator.history_.columns),
    }
    if hasattr(estimator, "classes_"):
        summary["classes_"] = list(estimator.classes_)
    return summary


# --------------------------------------------------------------------------
# The cases: one per public callable that takes images
# --------------------------------------------------------------------------

# name -> (run(ctx, X, kind) -> result, trains). A case that trains returns
# (summary, values): the summary must agree for every kind, the values for the
# array and the DataFrame (image files are shuffled by their own stream).
CASES = {}


def case(name, *, trains=False):
    def register(run):
        CASES[name] = (run, trains)
        return run

    return register


def _trained(estimator, ctx):
    return fit_summary(estimator), estimator.predict(ctx.X["array"])


@case("CNNClassifier.fit", trains=True)
def _(ctx, X, kind):
    return _trained(ctx.fitted(CNNClassifier, kind), ctx)


@case("CNNClassifier.partial_fit", trains=True)
def _(ctx, X, kind):
    clf = CNNClassifier(**SMALL).partial_fit(X, ctx.y, classes=np.unique(ctx.y))
    return _trained(clf, ctx)


@case("CNNClassifier.predict")
def _(ctx, X, kind):
    return ctx.clf.predict(X)


@case("CNNClassifier.predict_proba")
def _(ctx, X, kind):
    return ctx.clf.predict_proba(X)


@case("CNNClassifier.score")
def _(ctx, X, kind):
    return ctx.clf.score(X, ctx.y)


@case("CNNClassifier.evaluate")
def _(ctx, X, kind):
    return ctx.clf.evaluate(X, ctx.y).to_numpy()


@case("CNNClassifier.embed")
def _(ctx, X, kind):
    return ctx.clf.embed(X)


@case("CNNClassifier.report")
def _(ctx, X, kind):
    report = ctx.clf.report(X, ctx.y)
    return report.table.to_numpy(), report.overall.to_numpy()


@case("CNNClassifier.roc")
def _(ctx, X, kind):
    curve = ctx.clf.roc(X, ctx.y)
    # the curve is named after the model and its case class (plot_roc's legend)
    assert curve.predictor_name == f"CNNClassifier P({ctx.clf.classes_[1]})"
    return curve.auc


@case("CNNRegressor.fit", trains=True)
def _(ctx, X, kind):
    return _trained(ctx.fitted(CNNRegressor, kind), ctx)


@case("CNNRegressor.partial_fit", trains=True)
def _(ctx, X, kind):
    return _trained(CNNRegressor(**SMALL).partial_fit(X, ctx.target), ctx)


@case("CNNRegressor.predict")
def _(ctx, X, kind):
    return ctx.fitted(CNNRegressor).predict(X)


@case("CNNRegressor.score")
def _(ctx, X, kind):
    return ctx.fitted(CNNRegressor).score(X, ctx.target)


@case("CNNRegressor.evaluate")
def _(ctx, X, kind):
    return ctx.fitted(CNNRegressor).evaluate(X, ctx.target).to_numpy()


@case("CNNRegressor.embed")
def _(ctx, X, kind):
    return ctx.fitted(CNNRegressor).embed(X)


@case("CNNFeatureExtractor.fit", trains=True)
def _(ctx, X, kind):
    extractor = ctx.fitted(CNNFeatureExtractor, kind)
    return fit_summary(extractor), extractor.transform(ctx.X["array"])


@case("CNNFeatureExtractor.fit_transform", trains=True)
def _(ctx, X, kind):
    extractor = CNNFeatureExtractor(**SMALL)
    features = extractor.fit_transform(X, ctx.y)
    return (fit_summary(extractor), features.shape), features


@case("CNNFeatureExtractor.transform")
def _(ctx, X, kind):
    return ctx.fitted(CNNFeatureExtractor).transform(X)


@case("CNNFeatureExtractor.embed")
def _(ctx, X, kind):
    return ctx.fitted(CNNFeatureExtractor).embed(X)


@case("lr_find", trains=True)
def _(ctx, X, kind):
    curve = skcnn.lr_find(CNNClassifier(filters=4, random_state=0), X, ctx.y, num=6)
    return (list(curve.columns), len(curve)), curve.to_numpy()


@case("resamples", trains=True)
def _(ctx, X, kind):
    from skcnn.model_selection import resamples

    result = resamples(
        {"cnn": CNNClassifier(**SMALL)}, X, ctx.y, cv=2, scoring="accuracy", random_state=0
    )
    values = result.values
    return (values.shape, list(values.columns)), values.to_numpy()


@case("train_report")
def _(ctx, X, kind):
    # The search is fitted once (on the pixels as rows); train_report reads X
    # and y only to count the samples of each fold, from X in every kind.
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from skcnn.model_selection import train_report

    if not hasattr(ctx, "search"):
        rows = ctx.X["array"].reshape(len(ctx.y), -1) / 255.0
        ctx.search = GridSearchCV(
            LogisticRegression(max_iter=200), {"C": [0.1, 1.0]}, cv=StratifiedKFold(2)
        ).fit(rows, ctx.y)
    return str(train_report(ctx.search, X, ctx.y))


@case("gradcam")
def _(ctx, X, kind):
    from skcnn.inspection import gradcam

    return gradcam(ctx.clf, head(X, 6))


@case("occlusion")
def _(ctx, X, kind):
    from skcnn.inspection import occlusion

    return occlusion(ctx.clf, head(X, 4), patch=2, stride=1)


@case("plot_gradcam")
def _(ctx, X, kind):
    from skcnn.plotting import plot_gradcam

    return figure_content(plot_gradcam(ctx.clf, X, ctx.y, max_images=6))


@case("plot_occlusion")
def _(ctx, X, kind):
    from skcnn.plotting import plot_occlusion

    return figure_content(plot_occlusion(ctx.clf, X, ctx.y, patch=2, max_images=4))


@case("plot_top_losses")
def _(ctx, X, kind):
    from skcnn.plotting import plot_top_losses

    return figure_content(plot_top_losses(ctx.clf, X, ctx.y, k=4, gradcam=True))


@case("plot_misclassified")
def _(ctx, X, kind):
    from skcnn.plotting import plot_misclassified

    return figure_content(plot_misclassified(ctx.clf, X, ctx.y, max_images=6))


@case("plot_feature_maps")
def _(ctx, X, kind):
    from skcnn.plotting import plot_feature_maps

    return figure_content(plot_feature_maps(ctx.clf, one_image(X)))


def assert_same(got, expected, where):
    """Equal structure, numbers equal to float32 rounding."""
    if isinstance(expected, dict):
        assert isinstance(got, dict) and got.keys() == expected.keys(), where
        for key in expected:
            assert_same(got[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, list | tuple):
        assert len(got) == len(expected), where
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            assert_same(g, e, f"{where}[{i}]")
    elif isinstance(expected, np.ndarray) and expected.dtype.kind in "fiub":
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6, err_msg=where)
    elif isinstance(expected, float):
        assert got == pytest.approx(expected, rel=1e-5, abs=1e-6), where
    elif isinstance(expected, np.ndarray):
        assert np.array_equal(got, expected), where
    else:
        assert got == expected, where


@pytest.mark.parametrize("kind", ["frame", "files"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_takes_every_input_kind(ctx, name, kind):
    run, trains = CASES[name]
    if name not in ctx.expected:
        ctx.expected[name] = run(ctx, ctx.X["array"], "array")
    expected = ctx.expected[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # e.g. a feature-names mismatch
        got = run(ctx, ctx.X[kind], kind)
    if trains and kind == "files":
        assert_same(got[0], expected[0], f"{name} on {kind}")
        return
    assert_same(got, expected, f"{name} on {kind}")


def test_image_files_are_decoded_only_where_shown(ctx, monkeypatch):
    """The inspection plots decode the images they draw, not the whole set
    (their maps and losses come from predict_proba, batch by batch)."""
    from skcnn._inputs.image_files import ImageFiles
    from skcnn.plotting import plot_gradcam, plot_top_losses

    decoded = []
    load = ImageFiles.load

    def counting(self, indices=None):
        images = load(self, indices)
        decoded.append(len(images))
        return images

    monkeypatch.setattr(ImageFiles, "load", counting)
    files = ctx.X["files"]
    clf = ctx.clf
    clf.predict_proba(files)  # the batches of predict
    batches = list(decoded)
    decoded.clear()
    plot_gradcam(clf, files, ctx.y, max_images=3)
    # One predict_proba of the three shown images, and their decoding.
    assert sum(decoded) <= 3 + 3
    decoded.clear()
    plot_top_losses(clf, files, ctx.y, k=2)
    assert sum(decoded) == sum(batches) + 2


# --------------------------------------------------------------------------
# Nothing that takes images is left out
# --------------------------------------------------------------------------


def _public_namespaces():
    """(module, public names) of skcnn and of each public submodule."""
    yield skcnn, list(skcnn.__all__)
    for name in dir(skcnn):
        value = getattr(skcnn, name)
        if inspect.ismodule(value) and value.__name__.startswith("skcnn.") and name[0] != "_":
            names = getattr(value, "__all__", None)
            if names is None:
                names = [n for n in dir(value) if not n.startswith("_")]
            yield value, list(names)
    # docs/api.rst: what the reference documents, module by module.
    api = Path(__file__).resolve().parents[1] / "docs" / "api.rst"
    if api.exists():
        module = None
        documented = {}
        for line in api.read_text().splitlines():
            match = re.match(r"\.\. currentmodule:: (\S+)", line)
            if match:
                module = match.group(1)
            elif module and re.fullmatch(r"   [A-Za-z_][A-Za-z0-9_]*", line):
                documented.setdefault(module, []).append(line.strip())
        import importlib

        for module_name, names in documented.items():
            yield importlib.import_module(module_name), names


def _takes_images(function):
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return any(p in parameters for p in IMAGE_PARAMETERS)


def public_callables_taking_images():
    """``{name: callable}`` of every public function and public method taking
    images; a function reachable under several names is listed once."""
    found, seen = {}, set()
    for module, names in _public_namespaces():
        for name in names:
            value = getattr(module, name, None)
            if inspect.isclass(value):
                for attr in dir(value):
                    member = getattr(value, attr, None)
                    if attr.startswith("_") or not callable(member) or inspect.isclass(member):
                        continue
                    key = f"{value.__name__}.{attr}"
                    if key not in found and _takes_images(member):
                        found[key] = member
            elif inspect.isfunction(value) and id(value) not in seen and _takes_images(value):
                seen.add(id(value))
                found[value.__name__] = value
    return found


def test_every_public_callable_that_takes_images_is_covered():
    found = public_callables_taking_images()
    missing = sorted(set(found) - set(CASES))
    assert not missing, (
        f"{missing} take images but have no case in tests/test_input_kinds.py: add one "
        f"(@case(name)) that runs it on each kind of input."
    )
    stale = sorted(set(CASES) - set(found))
    assert not stale, f"cases {stale} name no public callable that takes images"
    # The enumeration itself sees the three estimators and the plots.
    assert {"CNNClassifier.fit", "gradcam", "plot_gradcam", "lr_find"} <= set(found)
