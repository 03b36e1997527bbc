"""CNNClassifier: a Keras convolutional network as a scikit-learn classifier."""

from __future__ import annotations

import math
import os
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils import check_random_state, compute_sample_weight
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import _check_feature_names, _check_sample_weight, check_is_fitted

from ._validation import check_images, check_labels

__all__ = ["CNNClassifier"]

_OPTIMIZERS = {"adam", "adamw", "rmsprop", "sgd", "nadam", "adamax", "adagrad", "adadelta"}
_LOSSES = {"auto", "sparse_categorical_crossentropy", "categorical_crossentropy"}
# Up to this many images, predict is one compiled call (``predict_on_batch``),
# several times faster than Keras's ``predict`` loop for a single image; larger
# inputs go through that loop in batches of the same size, Keras's default,
# which bounds the activation memory of the big presets.
_PREDICT_BATCH = 32
# Training steps per compiled call (Keras's ``steps_per_execution``): one call
# runs this many batches, which trains the R-lab network on CPU about 1.3x as
# fast as one step per call (docs/benchmarks.md). Callbacks with batch hooks
# get one step per call, so that they see every batch.
_STEPS_PER_EXECUTION = 8

# Generic scikit-learn checks this estimator is known to fail, with the reason.
# ``tests/test_sklearn_checks.py`` passes them to ``parametrize_with_checks``.
EXPECTED_FAILED_CHECKS: dict[str, str] = {
    "check_sample_weight_equivalence_on_dense_data": (
        "Mini-batch gradient descent does not make an integer sample weight equivalent to "
        "repeating the sample: a weight of 2 scales one loss term in one batch, a repeat adds "
        "a term in another batch and changes the shuffling and the validation split, so the "
        "two networks differ although both are trained correctly. scikit-learn marks its "
        "own SGDClassifier and Perceptron expected-to-fail for the same reason."
    ),
}


class CNNClassifier(ClassifierMixin, BaseEstimator):
    """Convolutional neural network classifier on Keras 3, as a scikit-learn estimator.

    Images go in as flat rows ``(n, d)``, grayscale ``(n, h, w)``, with channels
    ``(n, h, w, c)``, as a DataFrame or as nested lists; labels may be of any type
    scikit-learn accepts and come back from :meth:`predict` unchanged.

    Parameters
    ----------
    arch : str, callable or keras.Model, default="simple"
        A preset name (see :func:`skcnn.list_architectures`), a builder
        ``f(input_shape, n_classes, **hyperparams) -> keras.Model``, or a
        ``keras.Model`` (copied with fresh weights at each fit).
    filters : int or tuple of int, default=None
        Convolution widths. ``None`` keeps the preset's published widths; an int
        sets the first stage and scales later stages as in the preset; a tuple
        gives one width per stage.
    kernel_size : int or tuple of int, default=None
        Convolution kernel size; ``None`` keeps the preset's.
    dense_units : int or tuple of int, default=None
        Hidden dense layer sizes; ``None`` keeps the preset's.
    dropout : float, default=None
        Dropout rate after hidden dense layers; ``None`` keeps the preset's.
    arch_kwargs : dict, default=None
        Further keyword arguments for the builder (family-specific options).
    input_shape : tuple of int, default=None
        ``(height, width[, channels])`` of flat rows. Without it, ``d = s*s``
        features are read as ``(s, s, 1)``, ``d = 3*s*s`` as ``(s, s, 3)``, and
        any other ``d`` as a one-row signal ``(1, d, 1)`` with a warning.
    rescale : "auto", float or None, default="auto"
        Factor applied to pixels inside the network. ``"auto"``: ``1/255`` for
        uint8 input, ``1/max|X|`` of the training data otherwise.
    resize : "auto", (height, width) or None, default="auto"
        Resizing inside the network. ``"auto"`` upsamples images smaller than
        the preset's minimum input size (digits' 8x8 for LeNet-5's 32x32): the
        smaller ``small_input`` minimum with ``arch_kwargs={"small_input": True}``,
        Keras's minimum for ``keras.<Name>`` presets and for resnet50 with
        ``weights="imagenet"``. See ``docs/architectures.md`` for each preset.
    augment : bool or dict, default=None
        Data augmentation by Keras preprocessing layers placed after rescaling
        and resizing, active only while training: predictions are those of the
        network without them. ``True`` is AlexNet's recipe (horizontal flips,
        10% translations, 10% contrast); a dict picks among ``flip`` (True,
        "horizontal", "vertical", "horizontal_and_vertical"), ``translation``,
        ``zoom`` (fractions of the image size, or (height, width) pairs),
        ``rotation`` (fraction of a full turn) and ``contrast`` (fraction), e.g.
        ``{"translation": 0.1, "rotation": 0.05}`` for digits, which must not
        be flipped.
    optimizer : str or keras.optimizers.Optimizer, default="adam"
        A Keras optimizer name or instance (copied at each fit).
    learning_rate : float or callable, default=None
        Learning rate, or a schedule ``epoch -> rate`` (0-based epochs) applied at
        the start of every epoch. ``None`` keeps the optimizer's default.
    loss : str or callable, default="auto"
        ``"auto"`` is sparse categorical cross-entropy on class indices; a callable
        or Keras loss receives class indices too, except
        ``"categorical_crossentropy"``, which receives one-hot targets.
    epochs : int, default=20
        Passes over the training data per :meth:`fit`.
    batch_size : int or "auto", default="auto"
        Images per gradient step. ``"auto"`` takes one hundredth of the training
        images, clipped to [16, 128]: small sets such as digits still get enough
        steps per epoch, large ones train at full speed.
    validation_split : float in [0, 1), default=0.1
        Fraction held out (stratified, shuffled with ``random_state``) to report
        ``val_loss``/``val_accuracy`` and drive early stopping.
    early_stopping : bool, default=False
        Stop when the validation loss (the training loss without a validation
        split) has not improved for ``patience`` epochs, and restore the best
        weights.
    patience : int, default=5
        Epochs without improvement before ``early_stopping`` stops training.
    class_weight : dict, "balanced" or None, default=None
        Weights per class label, multiplied into ``sample_weight``.
    callbacks : list of keras.callbacks.Callback, default=None
        Extra Keras callbacks for each fit.
    weights : "imagenet", path or keras.Model, default=None
        Pretrained weights for a new fit. ``"imagenet"``: Keras's ImageNet
        weights, read from the Keras cache (``$KERAS_HOME/models`` or
        ``~/.keras/models``; never downloaded), into the network without its
        classifier, followed by a new head (global average pooling and a softmax
        over the classes). Available for the presets that are
        ``keras.applications`` networks (vgg16, vgg19, densenet121/169/201,
        xception), for resnet50 (as Keras's variant, whose convolutions carry
        biases) and for every ``arch="keras.<Name>"``. Pixels must lie in
        [0, 1] after ``rescale`` (as ``"auto"`` does); each network's ImageNet
        input convention is applied inside it, and grayscale images are repeated
        to RGB. A path to a ``.keras`` or ``.weights.h5`` file, or a
        ``keras.Model``: its weights go into the built network, layer by layer
        (by name, else in order); the classifier keeps new weights when the
        number of classes differs.
    trainable : bool or int, default=True
        With ``weights``: ``True`` fine-tunes everything; ``False`` freezes the
        pretrained base (its batch normalization included) and trains only the
        classifier; an int ``n`` also trains the top ``n`` layers with weights
        of the base.
    n_threads : int, default=None
        Threads TensorFlow computes with in this process. ``None`` takes the
        process's allotment: a Dask worker's threads, joblib's share of the
        cores in its worker processes (``OMP_NUM_THREADS``), else every core, so
        parallel grid searches do not oversubscribe the machine. TensorFlow fixes
        its thread pools when it starts: a different value later in the same
        process warns and has no effect.
    strategy : "mirrored", tf.distribute.Strategy, callable or None, default=None
        A ``tf.distribute`` strategy for one large fit: the network and its
        optimizer are created in its scope and each batch is split across its
        devices. ``"mirrored"`` is ``tf.distribute.MirroredStrategy()`` over every
        visible GPU (or the CPU); a callable returning a strategy (e.g.
        ``functools.partial(tf.distribute.MirroredStrategy, devices=[...])``)
        keeps the estimator picklable, which a strategy instance is not.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, shuffling and the validation split. An int
        makes fits reproducible; note that seeding Keras also seeds Python's and
        NumPy's global generators.
    verbose : int, default=0
        0 silent, 1 Keras progress bar, 2 one line per epoch. From 2 on,
        TensorFlow's start-up logs are shown too.
    warm_start : bool, default=False
        When True, a second :meth:`fit` on data of the same shape and classes
        continues training the existing network for ``epochs`` more epochs.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted.
    n_features_in_ : int
        Values per image (``height * width * channels``).
    feature_names_in_ : ndarray of str
        Column names, when fitted on a DataFrame with string column names.
    input_shape_ : tuple of int
        ``(height, width, channels)`` of the training images.
    model_ : keras.Model
        The trained network (rescaling, resizing and augmentation included).
    history_ : pandas.DataFrame
        One row per epoch (index ``epoch`` from 1): ``loss``, ``accuracy`` and,
        with a validation split, ``val_loss``, ``val_accuracy``.
    n_iter_ : int
        Epochs trained in total.

    See Also
    --------
    skcnn.list_architectures : The presets ``arch`` accepts.
    sklearn.neural_network.MLPClassifier : A fully connected network.

    Notes
    -----
    A fit that fails or is interrupted (an exception or ``KeyboardInterrupt``,
    also from a callback) leaves the estimator exactly as it was before the
    call: a fresh fit assigns its fitted attributes only once training has
    finished, and a warm-started fit or :meth:`partial_fit` puts the network's
    weights and optimizer state back.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(epochs=2, random_state=0).fit(X[:300], y[:300])
    >>> clf.predict(X[:3]).shape
    (3,)
    >>> clf.input_shape_
    (8, 8, 1)
    >>> list(clf.history_.columns)
    ['accuracy', 'loss', 'val_accuracy', 'val_loss']
    """

    _parameter_constraints: dict = {
        "arch": [str, callable],
        "filters": [None, Interval(Integral, 1, None, closed="left"), tuple, list],
        "kernel_size": [None, Interval(Integral, 1, None, closed="left"), tuple, list],
        "dense_units": [None, Interval(Integral, 1, None, closed="left"), tuple, list],
        "dropout": [None, Interval(Real, 0, 1, closed="left")],
        "arch_kwargs": [None, dict],
        "input_shape": [None, tuple, list],
        "rescale": [StrOptions({"auto"}), None, Interval(Real, 0, None, closed="neither")],
        "resize": [StrOptions({"auto"}), None, tuple, list],
        "augment": [None, "boolean", dict],
        "optimizer": [StrOptions(_OPTIMIZERS), HasMethods(["get_config", "apply_gradients"])],
        "learning_rate": [None, Interval(Real, 0, None, closed="neither"), callable],
        "loss": [StrOptions(_LOSSES), callable],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "validation_split": [Interval(Real, 0, 1, closed="left")],
        "early_stopping": ["boolean"],
        "patience": [Interval(Integral, 0, None, closed="left")],
        "class_weight": [None, dict, StrOptions({"balanced"})],
        "callbacks": [None, list],
        "weights": [
            None,
            str,
            HasMethods(["__fspath__"]),
            HasMethods(["get_weights", "set_weights"]),
        ],
        "trainable": ["boolean", Interval(Integral, 0, None, closed="left")],
        "n_threads": [None, Interval(Integral, 1, None, closed="left")],
        "strategy": [None, StrOptions({"mirrored"}), HasMethods(["scope"]), callable],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
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
        learning_rate=None,
        loss="auto",
        epochs=20,
        batch_size="auto",
        validation_split=0.1,
        early_stopping=False,
        patience=5,
        class_weight=None,
        callbacks=None,
        weights=None,
        trainable=True,
        n_threads=None,
        strategy=None,
        random_state=None,
        verbose=0,
        warm_start=False,
    ):
        self.arch = arch
        self.filters = filters
        self.kernel_size = kernel_size
        self.dense_units = dense_units
        self.dropout = dropout
        self.arch_kwargs = arch_kwargs
        self.input_shape = input_shape
        self.rescale = rescale
        self.resize = resize
        self.augment = augment
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.loss = loss
        self.epochs = epochs
        self.batch_size = batch_size
        self.validation_split = validation_split
        self.early_stopping = early_stopping
        self.patience = patience
        self.class_weight = class_weight
        self.callbacks = callbacks
        self.weights = weights
        self.trainable = trainable
        self.n_threads = n_threads
        self.strategy = strategy
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------------ fitting
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on images ``X`` with labels ``y``.

        Parameters
        ----------
        X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), or DataFrame
            Training images: flat rows, grayscale, with channels, or a DataFrame.
        y : array-like of shape (n,)
            Class labels of any type; at least two classes.
        sample_weight : array-like of shape (n,), default=None
            Per-sample loss weights.

        Returns
        -------
        self : CNNClassifier
            The fitted estimator.
        """
        return self._fit(
            X,
            y,
            sample_weight,
            classes=None,
            epochs=self.epochs,
            continue_training=self.warm_start and hasattr(self, "model_"),
            holdout=self.validation_split,
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Train for one epoch on ``(X, y)``, continuing from the current network.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,)
            Class labels, all among ``classes``.
        classes : array-like of shape (n_classes,), default=None
            All labels that will ever be seen. Required on the first call, as in
            scikit-learn's incremental estimators.
        sample_weight : array-like of shape (n,), default=None
            Per-sample loss weights.

        Returns
        -------
        self : CNNClassifier
            The estimator, trained one more epoch.

        Notes
        -----
        ``partial_fit`` holds no validation data out: each call trains one epoch
        on everything it is given.
        """
        first = not hasattr(self, "model_")
        if first and classes is None:
            raise ValueError(
                "classes must be passed on the first call to partial_fit: all labels that "
                "will ever be seen, e.g. partial_fit(X, y, classes=np.unique(y_all))."
            )
        if not first and classes is not None:
            given = np.unique(_as_label_array(classes))
            if not _same_labels(given, self.classes_):
                raise ValueError(
                    f"classes={given.tolist()} differs from the classes of the first "
                    f"partial_fit call, {self.classes_.tolist()}."
                )
        return self._fit(
            X,
            y,
            sample_weight,
            classes=classes if first else None,
            epochs=1,
            continue_training=not first,
            holdout=0.0,
        )

    def _fit(self, X, y, sample_weight, *, classes, epochs, continue_training, holdout):
        # Everything up to model.fit only reads self: a bad input or parameter
        # raises here and leaves a fitted estimator untouched.
        if continue_training:
            _check_feature_names(self, X, reset=False)
            data = check_images(X, expected_shape=self.input_shape_, estimator=self)
        else:
            data = check_images(X, input_shape=self.input_shape, estimator=self)
        labels = check_labels(y, data.images.shape[0])
        if continue_training:
            known = self.classes_
        elif classes is not None:
            known = np.unique(_as_label_array(classes))
        else:
            known = np.unique(labels)
        self._check_n_classes(known)
        y_index = _encode(labels, known)
        weights = self._sample_weights(sample_weight, data.images, labels)
        rng = check_random_state(self.random_state)
        train, val = _holdout_split(y_index, holdout, rng)

        from ._keras import get_keras, limit_threads, seed_everything
        from ._training import (
            make_callbacks,
            resolve_loss,
            resolve_strategy,
        )

        keras = get_keras(self.verbose)
        limit_threads(self.n_threads)
        if self.random_state is not None:
            seed_everything(rng.randint(np.iinfo(np.int32).max))
        loss, one_hot = resolve_loss(self.loss)
        if continue_training:
            model = self.model_
            scale = self.rescale_
        else:
            scale = _rescale_factor(self.rescale, data.images)
            model = self._build_and_compile(
                data, known, scale, loss, resolve_strategy(self.strategy)
            )
        targets = keras.utils.to_categorical(y_index, len(known)) if one_hot else y_index
        batch_size = _batch_size(self.batch_size, len(train))
        replicas = _replicas(model)
        validation = None
        if val is not None:
            validation = (data.images[val], targets[val], _subset(weights, val))
        images, targets, weights = _pad_for_replicas(
            data.images[train], targets[train], _subset(weights, train), batch_size, replicas
        )
        callbacks = make_callbacks(
            learning_rate=self.learning_rate,
            early_stopping=self.early_stopping,
            patience=self.patience,
            has_validation=validation is not None,
            user_callbacks=self.callbacks,
        )
        done = self.n_iter_ if continue_training else 0
        history = self._train(
            model,
            continue_training,
            images,
            targets,
            sample_weight=weights,
            validation_data=validation,
            initial_epoch=done,
            epochs=done + epochs,
            batch_size=batch_size,
            validation_batch_size=_replica_batch_size(len(val), batch_size, replicas)
            if val is not None
            else None,
            shuffle=True,
            verbose=_keras_verbose(self.verbose),
            callbacks=callbacks,
        )

        # Training finished: commit the fitted state in one go.
        epochs_run = len(history.epoch)
        frame = _history_frame(history, start=done + 1)
        if continue_training:
            import pandas as pd

            frame = pd.concat([self.history_, frame])
        else:
            self.classes_ = known
            self.input_shape_ = data.image_shape
            self.n_features_in_ = data.n_features
            self.rescale_ = scale
            self.model_ = model
            self._set_feature_names(data.feature_names)
        self.history_ = frame
        self.n_iter_ = done + epochs_run
        return self

    def _build_and_compile(self, data, classes, scale, loss, strategy):
        """A new compiled network, its variables created in ``strategy``'s scope."""
        from ._network import build_network
        from ._training import make_optimizer, strategy_scope

        with strategy_scope(strategy):
            model = build_network(
                self.arch,
                data.image_shape,
                len(classes),
                hyperparams=self._hyperparams(),
                scale=scale,
                resize=self.resize,
                weights=self.weights,
                trainable=self.trainable,
                augment=self.augment,
                value_range=_pixel_range(data.images, scale) if self.augment else None,
            )
            model.compile(
                optimizer=make_optimizer(self.optimizer, self.learning_rate),
                loss=loss,
                metrics=["accuracy"],
                steps_per_execution=_steps_per_execution(self.callbacks, strategy),
            )
        return model

    @staticmethod
    def _train(model, continue_training, *args, **kwargs):
        """``model.fit`` that undoes itself when interrupted on an existing model."""
        if not continue_training:
            return model.fit(*args, **kwargs)
        from ._training import restore_state, snapshot_state

        snapshot = snapshot_state(model)
        try:
            return model.fit(*args, **kwargs)
        except BaseException:
            restore_state(snapshot)
            raise

    def _hyperparams(self):
        params = {
            name: getattr(self, name)
            for name in ("filters", "kernel_size", "dense_units", "dropout")
            if getattr(self, name) is not None
        }
        params.update(self.arch_kwargs or {})
        return params

    def _sample_weights(self, sample_weight, images, labels):
        """Per-sample loss weights, or None when every sample weighs 1.

        Keras then skips the weighting, about 9 % faster per step on CPU.
        """
        if sample_weight is None and self.class_weight is None:
            return None
        weights = _check_sample_weight(sample_weight, images, dtype=np.float32)
        if self.class_weight is not None:
            weights = weights * compute_sample_weight(self.class_weight, labels)
        return weights.astype(np.float32, copy=False)

    @staticmethod
    def _check_n_classes(classes):
        if len(classes) < 2:
            raise ValueError(
                f"y has only one class ({classes.tolist()}): a classifier needs samples of "
                f"at least two classes. Add samples of another class."
            )

    def _set_feature_names(self, names):
        if names is None:
            if hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        else:
            self.feature_names_in_ = names

    # --------------------------------------------------------------- predicting
    def _validated_images(self, X):
        check_is_fitted(self)
        _check_feature_names(self, X, reset=False)
        return check_images(X, expected_shape=self.input_shape_, estimator=self).images

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1.
        """
        images = self._validated_images(X)
        proba = self._forward(images).astype(np.float64)
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict(self, X):
        """Predicted class labels, of the same type as the training labels.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            One label per image, from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _forward(self, images):
        replicas = _replicas(self.model_)
        if replicas == 1 and images.shape[0] <= _PREDICT_BATCH:
            return np.asarray(self.model_.predict_on_batch(images))
        # Under a distribution strategy predict_on_batch returns one copy of the
        # batch per replica (Keras 3.15): those networks use the predict loop,
        # on batches that give every replica at least one image.
        n = images.shape[0]
        padded, _, _ = _pad_for_replicas(images, None, None, _PREDICT_BATCH, replicas)
        proba = self.model_.predict(padded, batch_size=_PREDICT_BATCH, verbose=0)
        return np.asarray(proba)[:n]

    def evaluate(self, X, y, sample_weight=None):
        """Loss and accuracy on ``(X, y)``, like R keras's ``evaluate``.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,)
            Labels, all among ``classes_``.
        sample_weight : array-like of shape (n,), default=None
            Per-sample weights of the loss.

        Returns
        -------
        pandas.Series
            ``loss`` (the training loss) and ``accuracy``.
        """
        import pandas as pd

        images = self._validated_images(X)
        labels = check_labels(y, images.shape[0])
        y_index = _encode(labels, self.classes_)
        weights = _check_sample_weight(sample_weight, images, dtype=np.float32)
        from ._training import resolve_loss

        _, one_hot = resolve_loss(self.loss)
        targets = y_index
        if one_hot:
            targets = np.eye(len(self.classes_), dtype=np.float32)[y_index]
        if _replicas(self.model_) > 1:
            # Keras 3.15's distributed evaluate fails when a batch does not split
            # evenly over the replicas: compute both figures from the predictions.
            loss, accuracy = self._evaluate_predictions(images, targets, y_index, weights)
        else:
            result = self.model_.evaluate(
                images,
                targets,
                sample_weight=weights,
                batch_size=_PREDICT_BATCH,
                verbose=0,
                return_dict=True,
            )
            loss, accuracy = float(result["loss"]), float(result["accuracy"])
        return pd.Series({"loss": loss, "accuracy": accuracy}, name="value")

    def _evaluate_predictions(self, images, targets, y_index, weights):
        """Loss (the compiled loss, weighted, plus the network's regularization
        losses) and accuracy, as ``model.evaluate`` reports them."""
        from ._keras import get_keras

        keras = get_keras()
        proba = self._forward(images)
        loss_fn = keras.losses.get(self.model_.loss)
        if isinstance(loss_fn, keras.losses.Loss):
            loss = float(loss_fn(targets, proba, sample_weight=weights))
        else:
            loss = float(np.mean(weights * np.asarray(loss_fn(targets, proba))))
        loss += sum(float(extra) for extra in self.model_.losses)
        return loss, float(np.mean(np.argmax(proba, axis=1) == y_index))

    # ------------------------------------------------------------------ reports
    def report(self, X, y, *, positive=None, mode="sens_spec"):
        """caret's ``confusionMatrix`` of this model's predictions on ``(X, y)``.

        Parameters
        ----------
        X : array-like of images
            Images to predict, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,)
            True labels.
        positive : label, default=None
            Positive class of a binary problem; caret's default is the first level.
        mode : {"sens_spec", "prec_recall", "everything"}, default="sens_spec"
            Which per-class statistics the print shows, as in caret.

        Returns
        -------
        skcnn.metrics.ConfusionMatrixReport
            Prints like caret's ``print(confusionMatrix(pred, ref))``; every class
            of ``classes_`` is a level, predicted or not.
        """
        from .metrics import confusion_matrix_report

        y_pred = self.predict(X)
        return confusion_matrix_report(
            y, y_pred, positive=positive, labels=self.classes_, mode=mode
        )

    def summary(self):
        """The fitted network's layers as a DataFrame (R's ``summary(model)``).

        Returns
        -------
        pandas.DataFrame
            Columns ``layer``, ``type``, ``output_shape``, ``params``,
            ``trainable``; ``attrs`` holds ``total_params``, ``trainable_params``
            and ``non_trainable_params``.
        """
        check_is_fitted(self)
        from ._summary import model_summary

        return model_summary(self.model_)

    # -------------------------------------------------------------- persistence
    def save(self, path):
        """Save the fitted estimator to a ``.keras`` file.

        The file is a regular Keras archive (``keras.saving.load_model`` opens the
        network) with the estimator's parameters, classes and history added.

        Parameters
        ----------
        path : str or os.PathLike
            Must end in ``.keras``.
        """
        check_is_fitted(self)
        from ._persistence import save_estimator

        save_estimator(self, os.fspath(path))

    @classmethod
    def load(cls, path):
        """Load an estimator written by :meth:`save`.

        Parameters
        ----------
        path : str or os.PathLike
            A file written by :meth:`save`.

        Returns
        -------
        CNNClassifier
        """
        from ._persistence import load_estimator

        return load_estimator(cls, os.fspath(path))

    def __getstate__(self):
        if hasattr(self.strategy, "scope"):
            raise TypeError(
                f"A CNNClassifier with strategy={type(self.strategy).__name__}(...) cannot be "
                f"pickled: a tf.distribute strategy holds live devices. Pass strategy='mirrored' "
                f"or a callable that builds the strategy (e.g. functools.partial("
                f"tf.distribute.MirroredStrategy, devices=[...])), or set_params(strategy=None) "
                f"before pickling."
            )
        state = super().__getstate__()
        if "model_" in state:
            from ._keras import model_to_bytes

            state = dict(state)
            state["model_"] = _SerializedModel(model_to_bytes(state["model_"]))
        return state

    def __setstate__(self, state):
        model = state.get("model_")
        if isinstance(model, _SerializedModel):
            from ._keras import model_from_bytes

            state = dict(state)
            state["model_"] = model_from_bytes(model.data)
        super().__setstate__(state)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        tags.classifier_tags.multi_label = False
        return tags


class _SerializedModel:
    """A Keras model as the bytes of its ``.keras`` archive, inside a pickle."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    def __getstate__(self):
        return self.data

    def __setstate__(self, data):
        self.data = data


# ---------------------------------------------------------------------- helpers
def _as_label_array(values):
    """Labels as a 1-D array (``classes=`` arguments, label lists)."""
    return np.asarray(values).ravel()


_BATCH_HOOKS = (
    "on_batch_begin",
    "on_batch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


def _steps_per_execution(callbacks, strategy):
    """Steps per compiled call: one when a user callback has batch hooks, which
    must see every batch, and under a distribution strategy, where Keras 3.15's
    multi-step loop fails (an unfed placeholder in ``MirroredStrategy``)."""
    if strategy is not None or any(_has_batch_hooks(cb) for cb in callbacks or ()):
        return 1
    return _STEPS_PER_EXECUTION


def _has_batch_hooks(callback):
    from ._keras import get_keras

    base = get_keras().callbacks.Callback
    return any(
        getattr(type(callback), hook, None) is not getattr(base, hook) for hook in _BATCH_HOOKS
    )


def _replicas(model):
    """Replicas the network trains on: more than one under a distribution strategy."""
    strategy = getattr(model, "_distribute_strategy", None)
    return 1 if strategy is None else int(strategy.num_replicas_in_sync)


def _replica_batch_size(n, batch_size, replicas):
    """The smallest batch size from ``batch_size`` up whose last batch of ``n`` rows
    gives every replica a row: TensorFlow's distributed step fails on a replica
    whose share of the batch is empty."""
    if replicas == 1:
        return batch_size
    if n < replicas:
        raise ValueError(
            f"{n} image(s) cannot be spread over the distribution strategy's {replicas} "
            f"replicas: pass at least {replicas}."
        )
    size = batch_size
    while 0 < n % size < replicas:
        size += 1
    return size


def _pad_for_replicas(images, targets, weights, batch_size, replicas):
    """Repeat a few rows, with weight 0, so that the last batch has a row per replica.

    For training, whose batch size is the user's: TensorFlow's distributed step
    fails on a replica whose share of the batch is empty. The repeated rows
    carry no weight in the loss (the unweighted training accuracy counts them:
    fewer rows than replicas per epoch).
    """
    n = images.shape[0]
    last = n % batch_size
    if replicas == 1 or last == 0 or last >= replicas:
        return images, targets, weights
    extra = np.arange(replicas - last) % n
    if weights is None:
        weights = np.ones(n, dtype=np.float32)
    return (
        np.concatenate([images, images[extra]]),
        None if targets is None else np.concatenate([targets, targets[extra]]),
        np.concatenate([weights, np.zeros(len(extra), dtype=np.float32)]),
    )


def _subset(weights, index):
    return None if weights is None else weights[index]


def _same_labels(a, b):
    return a.shape == b.shape and bool(np.all(a == b))


def _encode(labels, classes):
    """Map labels to indices into ``classes``; unknown labels raise."""
    index = np.searchsorted(classes, labels)
    index = np.clip(index, 0, len(classes) - 1)
    unknown = classes[index] != labels
    if np.any(unknown):
        bad = np.unique(labels[unknown])
        raise ValueError(
            f"y contains label(s) {bad[:10].tolist()} that are not among the known classes "
            f"{classes.tolist()}. Fit on data containing every class (or pass them all in "
            f"partial_fit's classes=)."
        )
    return index.astype(np.int64)


def _rescale_factor(rescale, images):
    if rescale is None:
        return None
    if rescale != "auto":
        return float(rescale)
    if images.dtype == np.uint8:
        return 1.0 / 255.0
    peak = float(np.max(np.abs(images)))
    return 1.0 / peak if peak > 0 else None


def _pixel_range(images, scale):
    """(min, max) of the pixels after ``scale``, for augmentation that clips."""
    if images.dtype == np.uint8:
        low, high = 0.0, 255.0
    else:
        low, high = float(np.min(images)), float(np.max(images))
    factor = 1.0 if scale is None else scale
    return (min(low * factor, 0.0), max(high * factor, 1e-12))


def _holdout_split(y_index, fraction, rng):
    """Indices of the training and validation parts (validation None if no split)."""
    n = y_index.shape[0]
    if fraction == 0:
        return np.arange(n), None
    n_val = math.ceil(fraction * n)
    if n - n_val < 1:
        raise ValueError(
            f"Too few samples for validation_split={fraction}: holding out {n_val} of {n} "
            f"sample(s) leaves none to train on. Pass more samples or validation_split=0."
        )
    from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

    counts = np.bincount(y_index)
    n_classes = np.count_nonzero(counts)
    stratify = counts[counts > 0].min() >= 2 and min(n_val, n - n_val) >= n_classes
    splitter = StratifiedShuffleSplit if stratify else ShuffleSplit
    seed = rng.randint(np.iinfo(np.int32).max)
    split = splitter(n_splits=1, test_size=n_val, random_state=seed)
    train, val = next(split.split(np.zeros((n, 1)), y_index))
    return np.sort(train), np.sort(val)


def _history_frame(history, start):
    import pandas as pd

    frame = pd.DataFrame(history.history)
    frame = frame.reindex(columns=sorted(frame.columns))
    frame.index = pd.RangeIndex(start, start + len(frame), name="epoch")
    return frame


def _batch_size(batch_size, n_train):
    if batch_size == "auto":
        return int(np.clip(n_train // 100, 16, 128))
    return batch_size


def _keras_verbose(verbose):
    return int(min(int(verbose), 2))
