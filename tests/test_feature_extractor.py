"""CNNFeatureExtractor and CNNClassifier.embed: a network's embeddings as features."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skcnn import CNNClassifier, CNNFeatureExtractor


def test_embed_is_the_input_of_the_last_dense_layer(fitted_simple, small_digits):
    X, _ = small_digits
    from skcnn._keras import get_keras

    keras = get_keras()
    body = fitted_simple.model_.get_layer(index=-1)
    features = fitted_simple.embed(X[:7])
    assert features.shape == (7, 64) and features.dtype == np.float64
    # The softmax of the head applied to the embedding gives predict_proba.
    head = body.layers[-1]
    logits = features @ head.kernel.numpy() + head.bias.numpy()
    proba = keras.ops.convert_to_numpy(keras.ops.softmax(logits))
    np.testing.assert_allclose(proba, fitted_simple.predict_proba(X[:7]), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    "arch, kwargs, width",
    [
        ("lenet5", {}, 84),  # F6
        ("resnet20", {"filters": 4}, 16),  # global-average-pooled conv4 maps
        ("densenet121", {"filters": 4, "arch_kwargs": {"small_input": True}}, None),
    ],
)
def test_embedding_of_presets(small_digits, arch, kwargs, width):
    import tensorflow as tf

    X, y = small_digits
    # densenet121's training graph takes 40 s to trace on a CPU (test_export.py
    # traces it); the embedding does not depend on how the fit ran.
    tf.config.run_functions_eagerly(arch == "densenet121")
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Even though the `tf.config")
            clf = CNNClassifier(arch=arch, epochs=1, random_state=0, **kwargs)
            clf.fit(X[:60], y[:60])
    finally:
        tf.config.run_functions_eagerly(False)
    features = clf.embed(X[:3])
    assert features.ndim == 2 and features.shape[0] == 3
    if width is not None:
        assert features.shape[1] == width


def test_trained_extractor_equals_the_classifier_it_trains(small_digits):
    X, y = small_digits
    extractor = CNNFeatureExtractor(epochs=1, random_state=0).fit(X, y)
    clf = CNNClassifier(epochs=1, random_state=0).fit(X, y)
    np.testing.assert_allclose(extractor.transform(X[:10]), clf.embed(X[:10]), rtol=1e-5)
    names = extractor.get_feature_names_out()
    assert names.tolist() == [f"cnnfeatureextractor{i}" for i in range(64)]


def test_pipeline_into_a_linear_model_and_pandas_output(digits):
    X, y = digits
    pipe = make_pipeline(
        CNNFeatureExtractor(epochs=4, random_state=0), LogisticRegression(max_iter=2000)
    )
    pipe.fit(X[:1000], y[:1000])
    assert pipe.score(X[1000:], y[1000:]) > 0.8
    extractor = CNNFeatureExtractor(epochs=1, random_state=0).set_output(transform="pandas")
    frame = extractor.fit(X[:200], y[:200]).transform(X[:5])
    assert isinstance(frame, pd.DataFrame) and frame.shape == (5, 64)
    assert frame.columns[0] == "cnnfeatureextractor0"


def test_pretrained_weights_without_training(small_digits):
    X, y = small_digits
    source = CNNClassifier(epochs=1, random_state=0).fit(X, y)
    extractor = CNNFeatureExtractor(weights=source.model_).fit(X)
    assert extractor.n_iter_ == 0 and len(extractor.history_) == 0
    assert not hasattr(extractor, "classes_")
    # The network is the source's, so are its features.
    np.testing.assert_allclose(extractor.transform(X[:8]), source.embed(X[:8]), rtol=1e-5)
    copy = pickle.loads(pickle.dumps(extractor))
    np.testing.assert_allclose(copy.transform(X[:8]), source.embed(X[:8]), rtol=1e-5)


def test_save_and_load_an_untrained_extractor(small_digits, tmp_path):
    X, y = small_digits
    source = CNNClassifier(epochs=1, random_state=0).fit(X, y)
    extractor = CNNFeatureExtractor(weights=source.model_).fit(X)
    extractor.save(tmp_path / "features.keras")
    loaded = CNNFeatureExtractor.load(tmp_path / "features.keras")
    np.testing.assert_allclose(loaded.transform(X[:4]), extractor.transform(X[:4]), rtol=1e-6)


def test_fit_without_labels_or_weights_says_what_to_pass(small_digits):
    X, _ = small_digits
    with pytest.raises(ValueError, match=r"fit\(X, y\).*weights='imagenet'"):
        CNNFeatureExtractor().fit(X)


def test_transform_before_fit_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        CNNFeatureExtractor().transform(np.zeros((2, 64)))


def test_is_a_transformer_not_a_classifier():
    from sklearn.base import is_classifier

    assert not is_classifier(CNNFeatureExtractor())
    assert hasattr(CNNFeatureExtractor(), "fit_transform")
    assert CNNFeatureExtractor().get_params() == CNNClassifier().get_params()
