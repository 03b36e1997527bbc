"""CNNFeatureExtractor: a convolutional network's embeddings as a scikit-learn transformer."""

from __future__ import annotations

import inspect

from sklearn.base import ClassNamePrefixFeaturesOutMixin, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted

from ._docs import parameters_section
from ._estimators.base import BaseCNN
from ._estimators.targets import LabelTargetsMixin
from .estimator import CNNClassifier

__all__ = ["CNNFeatureExtractor"]


class CNNFeatureExtractor(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, LabelTargetsMixin, BaseCNN
):
    _parameter_constraints: dict = dict(CNNClassifier._parameter_constraints)

    # The classifier's parameters, one for one: with labels, fit trains the
    # same network CNNClassifier would.
    __init__ = CNNClassifier.__init__

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Train the network on ``(X, y)``, or only build it from pretrained weights.

        Parameters
        ----------
        X : array-like of images
            Training images, in any layout :class:`CNNClassifier` accepts.
        y : array-like of shape (n,), default=None
            Class labels to train on. ``None`` trains nothing: the network is
            built with its pretrained ``weights`` (``"imagenet"``, a file or a
            model) and ``fit`` records the input shape.
        sample_weight : array-like of shape (n,), default=None
            Per-sample loss weights (with ``y``).

        Returns
        -------
        self : CNNFeatureExtractor
            The fitted transformer.
        """
        if y is None:
            if self.weights is None:
                raise ValueError(
                    "CNNFeatureExtractor.fit(X) without y has nothing to learn from: pass "
                    "labels, fit(X, y), to train the network, or pretrained weights "
                    "(weights='imagenet', a .keras file or a keras.Model) to use them as "
                    "they are."
                )
            for name in ("classes_", "_multilabel"):
                self.__dict__.pop(name, None)
            return self._fit_untrained(X)
        return self._fit_epochs(X, y, sample_weight, continue_when=hasattr(self, "classes_"))

    def transform(self, X):
        """The embedding of each image (see :meth:`CNNClassifier.embed`).

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            float64 features, named by :meth:`get_feature_names_out`.
        """
        check_is_fitted(self)
        return self.embed(X)

    @property
    def _n_features_out(self):
        check_is_fitted(self)
        return int(self._embedding_model().output_shape[-1])

    def _target_state(self):
        return super()._target_state() if hasattr(self, "classes_") else {}

    def _restore_target_state(self, state):
        if "classes" in state:
            super()._restore_target_state(state)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags


CNNFeatureExtractor.__doc__ = (
    """A convolutional network's embeddings as features, a scikit-learn transformer.

    :meth:`transform` gives each image's embedding: the input of the
    network's classifier head, global-average-pooled where the preset ends in
    feature maps. The network is either trained in :meth:`fit` on ``(X, y)``
    exactly as :class:`CNNClassifier` would train it, or used as it is with
    pretrained ``weights`` (``fit(X)`` only records the input shape). Then
    ``make_pipeline(CNNFeatureExtractor(...), LogisticRegression())`` is a
    linear model on learned features.

"""
    + parameters_section(
        CNNClassifier.__doc__, list(inspect.signature(CNNClassifier.__init__).parameters)[1:], {}
    )
    + """
    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels the network was trained on (absent when fitted without y).
    n_features_in_ : int
        Values per image (``height * width * channels``).
    input_shape_ : tuple of int
        ``(height, width, channels)`` of the training images.
    model_ : keras.Model
        The network, its classifier head included.
    history_ : pandas.DataFrame
        One row per training epoch (empty when fitted without y).
    n_iter_ : int
        Epochs trained (0 without y; a partial last epoch under ``time_budget``
        counts).
    precision_ : str
        The Keras dtype policy the network was built with.
    time_budget_used_ : float or None
        Seconds the last :meth:`fit` took under ``time_budget``; None without
        a budget or without y.
    time_budget_plan_ : BudgetPlan or None
        What ``time_budget`` planned (see :class:`CNNClassifier`); None
        without a budget or without y.

    See Also
    --------
    CNNClassifier.embed : The same features from a fitted classifier.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skcnn import CNNFeatureExtractor
    >>> X, y = load_digits(return_X_y=True)
    >>> features = CNNFeatureExtractor(epochs=2, random_state=0).fit(X[:300], y[:300])
    >>> features.transform(X[:2]).shape
    (2, 64)
    >>> features.get_feature_names_out()[:2].tolist()
    ['cnnfeatureextractor0', 'cnnfeatureextractor1']
    >>> pipe = make_pipeline(CNNFeatureExtractor(epochs=2, random_state=0),
    ...                      LogisticRegression(max_iter=1000))
    >>> pipe.fit(X[:300], y[:300]).predict(X[:3]).shape
    (3,)
    """
)
