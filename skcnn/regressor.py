"""CNNRegressor: a Keras convolutional network as a scikit-learn regressor."""

from __future__ import annotations

import inspect

import numpy as np
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import _check_sample_weight

from ._docs import parameters_section
from ._estimators.base import BaseCNN, EncodedTargets, replicas_of
from ._inputs.validation import check_continuous_targets
from .estimator import CNNClassifier

__all__ = ["CNNRegressor"]

# The loss names of scikit-learn's regressors, and the Keras losses underneath.
LOSSES = {
    "squared_error": "mean_squared_error",
    "absolute_error": "mean_absolute_error",
    "huber": "huber",
}


class CNNRegressor(RegressorMixin, BaseCNN):
    _parameter_constraints: dict = {
        **BaseCNN._parameter_constraints,
        "loss": [StrOptions(set(LOSSES)), callable],
        "standardize_targets": ["boolean"],
    }

    def __init__(
        self,
        arch="simple",
        *,
        filters=None,
        kernel_size=None,
        dense_units=None,
        dropout=None,
        arch_kwargs=None,
        input_shape=None,
        rescale="auto",
        resize="auto",
        augment=None,
        optimizer="adam",
        learning_rate="auto",
        loss="squared_error",
        standardize_targets=True,
        precision="auto",
        epochs="auto",
        batch_size="auto",
        time_budget=None,
        checkpoint=None,
        validation_split=0.0,
        early_stopping=False,
        patience=5,
        callbacks=None,
        weights=None,
        trainable=True,
        tta=False,
        n_threads=None,
        strategy=None,
        random_state=None,
        verbose=0,
        warm_start=False,
    ):
        shared = {k: v for k, v in locals().items() if k not in ("self", "standardize_targets")}
        BaseCNN.__init__(self, **shared)
        self.standardize_targets = standardize_targets

    # ------------------------------------------------------------------ fitting
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on images ``X`` with continuous targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), or DataFrame
            Training images: flat rows, grayscale, with channels, or a DataFrame.
        y : array-like of shape (n,) or (n, n_targets)
            Numbers: one target, or one row of targets, per image.
        sample_weight : array-like of shape (n,), default=None
            Per-sample loss weights.

        Returns
        -------
        self : CNNRegressor
            The fitted estimator.
        """
        return self._fit_epochs(X, y, sample_weight, continue_when=hasattr(self, "model_"))

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Train for one epoch on ``(X, y)``, continuing from the current network.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,) or (n, n_targets)
            Targets, with as many columns as in the first call.
        sample_weight : array-like of shape (n,), default=None
            Per-sample loss weights.

        Returns
        -------
        self : CNNRegressor
            The estimator, trained one more epoch. The target standardization
            is the one of the first call.
        """
        return self._fit(
            X,
            y,
            sample_weight,
            classes=None,
            epochs=1,
            continue_training=hasattr(self, "model_"),
            holdout=0.0,
            incremental=True,
        )

    # ------------------------------------------------------------ target hooks
    def _encode_targets(self, y, n_samples, *, continue_training, classes):
        y = check_continuous_targets(y, n_samples)
        targets = y.reshape(n_samples, -1)
        if continue_training:
            if targets.shape[1] != self.n_outputs_:
                raise ValueError(
                    f"y has {targets.shape[1]} target column(s), but the estimator was "
                    f"fitted on {self.n_outputs_}."
                )
            mean, scale = self._y_mean, self._y_scale
        elif self.standardize_targets:
            mean = targets.mean(axis=0)
            scale = targets.std(axis=0)
            scale[scale == 0] = 1.0
        else:
            mean, scale = np.zeros(targets.shape[1]), np.ones(targets.shape[1])
        return EncodedTargets(
            values=((targets - mean) / scale).astype(np.float32),
            n_outputs=targets.shape[1],
            state={
                "n_outputs_": targets.shape[1],
                "_y_ndim": y.ndim,
                "_y_mean": mean,
                "_y_scale": scale,
            },
            head="linear",
        )

    def _compile_loss(self, encoded):
        loss = LOSSES.get(self.loss, self.loss) if isinstance(self.loss, str) else self.loss
        from ._keras import get_keras

        return loss, [get_keras().metrics.MeanAbsoluteError(name="mae")]

    def _target_state(self):
        return {
            "n_outputs": int(self.n_outputs_),
            "y_ndim": int(self._y_ndim),
            "y_mean": self._y_mean.tolist(),
            "y_scale": self._y_scale.tolist(),
        }

    def _restore_target_state(self, state):
        self.n_outputs_ = state["n_outputs"]
        self._y_ndim = state["y_ndim"]
        self._y_mean = np.asarray(state["y_mean"], dtype=np.float64)
        self._y_scale = np.asarray(state["y_scale"], dtype=np.float64)

    # --------------------------------------------------------------- predicting
    def predict(self, X):
        """Predicted targets.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            float64, in the units of the training targets; 1-D when ``y`` was.
        """
        images = self._validated_images(X)
        outputs = self._outputs(images).astype(np.float64) * self._y_scale + self._y_mean
        return outputs.ravel() if self._y_ndim == 1 else outputs

    def evaluate(self, X, y, sample_weight=None):
        """Loss and mean absolute error on ``(X, y)``, like R keras's ``evaluate``.

        Both are computed by the network on standardized targets (see
        ``standardize_targets``), as ``history_`` reports them.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,) or (n, n_targets)
            True targets.
        sample_weight : array-like of shape (n,), default=None
            Per-sample weights of the loss.

        Returns
        -------
        pandas.Series
            ``loss`` and ``mae``.
        """
        import pandas as pd

        images = self._validated_images(X)
        targets = check_continuous_targets(y, images.shape[0]).reshape(images.shape[0], -1)
        targets = ((targets - self._y_mean) / self._y_scale).astype(np.float32)
        weights = _check_sample_weight(sample_weight, images, dtype=np.float32)
        if replicas_of(self.model_) > 1:
            # Keras 3.15's distributed evaluate fails on batches that do not split
            # evenly over the replicas: compute both figures from the predictions.
            from ._keras import get_keras

            outputs = self._forward(images)
            loss_fn = get_keras().losses.get(self.model_.loss)
            loss = float(np.mean(weights * np.asarray(loss_fn(targets, outputs))))
            mae = float(np.mean(np.abs(outputs - targets)))
        else:
            result = self._keras_evaluate(images, targets, weights)
            loss, mae = float(result["loss"]), float(result["mae"])
        return pd.Series({"loss": loss, "mae": mae}, name="value")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


_OWN_PARAMETERS = {
    "augment": """    augment : bool, dict, "auto" or None, default=None
        Data augmentation while training, as :class:`CNNClassifier`'s
        ``augment``. Off by default: shifts, rotations and zooms change targets
        that depend on an object's position, angle or size. ``"auto"`` applies
        the classifier's small-image jitter where the targets do not.
""",
    "loss": """    loss : {"squared_error", "absolute_error", "huber"} or callable, \
default="squared_error"
        The regression loss (Keras's mean squared error, mean absolute error or
        Huber loss underneath), or a Keras loss ``f(y_true, y_pred)``.
""",
    "standardize_targets": """    standardize_targets : bool, default=True
        Train on targets shifted to mean 0 and scaled to standard deviation 1
        (per column, from the first fit); :meth:`predict` gives them back in
        their units. Networks train far better on targets of that size than on,
        say, angles in degrees. The losses in ``history_`` and :meth:`evaluate`
        are in the standardized units.
""",
}

CNNRegressor.__doc__ = (
    """Convolutional neural network regressor on Keras 3, as a scikit-learn estimator.

    Images go in as flat rows ``(n, d)``, grayscale ``(n, h, w)``, with channels
    ``(n, h, w, c)``, or a DataFrame; targets are numbers, one column
    ``(n,)`` or several ``(n, n_targets)``. Every preset ends in a linear
    layer with one unit per target. :meth:`score` is R^2, as for every
    scikit-learn regressor, so it works in ``cross_val_score``, ``GridSearchCV``
    and ``TransformedTargetRegressor``.

"""
    + parameters_section(
        CNNClassifier.__doc__,
        list(inspect.signature(CNNRegressor.__init__).parameters)[1:],
        _OWN_PARAMETERS,
    )
    + """
    Attributes
    ----------
    n_outputs_ : int
        Number of targets per image.
    n_features_in_ : int
        Values per image (``height * width * channels``).
    feature_names_in_ : ndarray of str
        Column names, when fitted on a DataFrame with string column names.
    input_shape_ : tuple of int
        ``(height, width, channels)`` of the training images.
    model_ : keras.Model
        The trained network, ending in a linear layer of ``n_outputs_`` units.
    history_ : pandas.DataFrame
        One row per epoch: ``loss``, ``mae`` and, with a validation split,
        ``val_loss``, ``val_mae`` (in standardized units).
    n_iter_ : int
        Epochs trained in total (a partial last epoch under ``time_budget`` counts).
    precision_ : str
        The Keras dtype policy the network was built with.
    time_budget_used_ : float or None
        Seconds the last :meth:`fit` took under ``time_budget``; None without
        a budget.
    time_budget_plan_ : BudgetPlan or None
        What ``time_budget`` planned (see :class:`CNNClassifier`); None
        without a budget.

    See Also
    --------
    CNNClassifier : The same network for class labels.
    sklearn.neural_network.MLPRegressor : A fully connected network.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNRegressor
    >>> X, _ = load_digits(return_X_y=True)
    >>> ink = (X > 8).mean(axis=1)             # share of dark pixels
    >>> reg = CNNRegressor(epochs=2, random_state=0).fit(X[:300], ink[:300])
    >>> reg.predict(X[:3]).shape
    (3,)
    >>> list(reg.history_.columns)
    ['loss', 'mae']
    """
)
