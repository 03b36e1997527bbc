"""The shared estimator base: what every skcnn estimator does that is not about its targets.

:class:`BaseCNN` holds the parameters common to all estimators, the input checks,
building the network through the registry, the training loop settings, threads,
``tf.distribute`` strategies, persistence (``save``/``load`` and pickling) and
interruption safety. A concrete estimator (``CNNClassifier``) adds only what its
targets need, through four hooks:

- ``_encode_targets(y, n_samples, *, continue_training, classes)`` checks ``y``
  before anything is built and returns an :class:`EncodedTargets`;
- ``_compile_loss(encoded)`` gives the Keras loss and metrics to compile with;
- ``_commit_targets(encoded)`` stores the fitted target attributes (``classes_``)
  once training has finished;
- ``_target_state()`` / ``_restore_target_state(state)`` for ``save``/``load``.

scikit-learn's ``BaseMultilayerPerceptron`` and skorch's ``NeuralNet`` are the models.

One thing: the life cycle of a fitted estimator (check, build, fit, predict,
save, export) that every skcnn estimator shares. Each step's work lives a layer
down (``skcnn._training``, ``skcnn._inputs``, ``persistence``, ``export``); what
stays here is the order of the steps and the parameters that steer them, which
scikit-learn's estimator contract wants on one class.
"""

from __future__ import annotations

import math
import os
import sys
import time
import weakref
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import _check_feature_names, _check_sample_weight, check_is_fitted

from .._checks import is_auto
from .._inputs.feeding import (
    PREDICT_BATCH,
    file_errors,
    fit_inputs,
    holdout_split,
    in_decoded_batches,
    pad_for_replicas,
    replica_batch_size,
    replicas_of,
)
from .._inputs.validation import check_images, is_image_files, mapping_as_frame
from .._training.loop import auto_batch_size
from .._training.precision import PRECISIONS

__all__ = ["BaseCNN", "EncodedTargets", "WholeNumber"]

OPTIMIZERS = {"adam", "adamw", "rmsprop", "sgd", "nadam", "adamax", "adagrad", "adadelta"}
# Training steps per compiled call (Keras's ``steps_per_execution``): one call
# runs this many batches, which trains the R-lab network on CPU about 1.3x as
# fast as one step per call (docs/benchmarks.md). Callbacks with batch hooks
# get one step per call, so that they see every batch.
STEPS_PER_EXECUTION = 8
# Epochs of ``epochs="auto"`` for networks that are not registered presets (a
# preset states its own, ``ArchitectureSpec.default_epochs``).
DEFAULT_EPOCHS = 20
# batch_size="auto": a hundredth of the training images within these bounds.
# Below 32 images per step digits trained no better and cost 30 % more CPU.


# The embedding model of each fitted network (see BaseCNN.embed), freed with it.
_EMBEDDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class WholeNumber(Interval):
    """An integer interval that also accepts whole-number floats.

    R passes every number as a double (``epochs = 5`` arrives as ``5.0``
    through reticulate), so integer parameters take ``5.0`` as ``5`` and
    reject ``5.5`` with scikit-learn's usual message.
    """

    def __init__(self, left, right=None, *, closed="left"):
        super().__init__(Real, left, right, closed=closed)

    def is_satisfied_by(self, val):
        if isinstance(val, bool) or not isinstance(val, Real):
            return False
        return float(val).is_integer() and super().is_satisfied_by(val)

    def __str__(self):
        left = (
            "(-inf"
            if self.left is None
            else f"{'[' if self.closed in ('left', 'both') else '('}{int(self.left)}"
        )
        right = (
            "inf)"
            if self.right is None
            else f"{int(self.right)}{']' if self.closed in ('right', 'both') else ')'}"
        )
        return f"an int in the range {left}, {right} (or a whole-number float such as 5.0)"


def as_int(value):
    """A whole-number parameter value (int or float such as 5.0) as an int;
    tuples and lists elementwise; anything else unchanged."""
    if isinstance(value, (tuple, list)):
        return type(value)(as_int(v) for v in value)
    if isinstance(value, Real) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class EncodedTargets:
    """Targets checked and encoded for the network, before anything is built.

    Attributes
    ----------
    values : ndarray
        What the network trains on, one row per sample (class indices, one-hot
        rows or continuous values).
    n_outputs : int
        Units of the network's output layer.
    stratify : ndarray or None
        Integer groups the validation split keeps in proportion (class indices),
        or None for a plain shuffled split.
    weights : ndarray or None
        Per-sample weights the targets ask for (``class_weight``), or None.
    state : dict
        Fitted attributes to set once training has finished (``classes_``).
    head : {"softmax", "sigmoid", "linear"}
        Activation of the network's output layer.
    """

    values: np.ndarray
    n_outputs: int
    stratify: np.ndarray | None = None
    weights: np.ndarray | None = None
    state: dict[str, Any] | None = None
    head: str = "softmax"


class BaseCNN(BaseEstimator):
    """Base class of skcnn's estimators; not for direct use.

    Subclasses define ``__init__`` with their parameters (those of
    ``_parameter_constraints`` below plus their own) and the target hooks
    listed in the module docstring.
    """

    _parameter_constraints: dict = {
        "arch": [str, callable],
        "filters": [None, WholeNumber(1), tuple, list],
        "kernel_size": [None, WholeNumber(1), tuple, list],
        "dense_units": [None, WholeNumber(1), tuple, list],
        "dropout": [None, Interval(Real, 0, 1, closed="left")],
        "arch_kwargs": [None, dict],
        "input_shape": [None, tuple, list],
        "rescale": [StrOptions({"auto"}), None, Interval(Real, 0, None, closed="neither")],
        "resize": [StrOptions({"auto"}), None, tuple, list],
        "augment": [None, "boolean", dict, StrOptions({"auto"})],
        "optimizer": [StrOptions(OPTIMIZERS), HasMethods(["get_config", "apply_gradients"])],
        "learning_rate": [
            None,
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"auto", "cosine", "one_cycle"}),
            HasMethods(["rate", "rates"]),
            callable,
        ],
        "precision": [StrOptions(set(PRECISIONS))],
        "epochs": [WholeNumber(1), StrOptions({"auto"})],
        "batch_size": [WholeNumber(1), StrOptions({"auto"})],
        "time_budget": [None, Interval(Real, 0, None, closed="neither")],
        "checkpoint": [None, str, HasMethods(["__fspath__"])],
        "validation_split": [Interval(Real, 0, 1, closed="left")],
        "early_stopping": ["boolean"],
        "patience": [WholeNumber(0)],
        "callbacks": [None, list],
        "weights": [
            None,
            str,
            HasMethods(["__fspath__"]),
            HasMethods(["get_weights", "set_weights"]),
        ],
        "trainable": ["boolean", WholeNumber(0)],
        "tta": ["boolean"],
        "n_threads": [None, WholeNumber(1)],
        "strategy": [None, StrOptions({"mirrored"}), HasMethods(["scope"]), callable],
        "random_state": [WholeNumber(0, 2**32 - 1, closed="both"), "random_state"],
        "verbose": [WholeNumber(0), "verbose"],
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
        augment="auto",
        optimizer="adam",
        learning_rate="auto",
        loss="auto",
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
        self.precision = precision
        self.epochs = epochs
        self.batch_size = batch_size
        self.time_budget = time_budget
        self.checkpoint = checkpoint
        self.validation_split = validation_split
        self.early_stopping = early_stopping
        self.patience = patience
        self.callbacks = callbacks
        self.weights = weights
        self.trainable = trainable
        self.tta = tta
        self.n_threads = n_threads
        self.strategy = strategy
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------- target hooks
    def _encode_targets(self, y, n_samples, *, continue_training, classes):
        raise NotImplementedError

    def _compile_loss(self, encoded):
        """``(loss, metrics)`` to compile the network with, for ``encoded`` targets."""
        raise NotImplementedError

    def _commit_targets(self, encoded):
        for name, value in (encoded.state or {}).items():
            setattr(self, name, value)

    def _target_state(self):
        """JSON-ready fitted target attributes for :meth:`save`."""
        return {}

    def _restore_target_state(self, state):
        """Inverse of :meth:`_target_state`, for :meth:`load`."""

    # ------------------------------------------------------------------ fitting
    def _fit_epochs(self, X, y, sample_weight, *, continue_when):
        """What ``fit`` does: ``epochs`` epochs with the validation split, on the
        existing network when ``warm_start`` and ``continue_when`` hold."""
        return self._fit(
            X,
            y,
            sample_weight,
            classes=None,
            epochs=self._epochs(),
            continue_training=self.warm_start and continue_when,
            holdout=self.validation_split,
        )

    def _fit(
        self, X, y, sample_weight, *, classes, epochs, continue_training, holdout, incremental=False
    ):
        """Train ``epochs`` epochs. ``incremental``: a ``partial_fit`` call, whose
        new network trains at the optimizer's constant rate under
        ``learning_rate="auto"`` (a schedule planned over ``epochs`` would leave
        later calls at its final, near-zero rate)."""
        started = time.monotonic()
        # Everything up to model.fit only reads self: a bad input or parameter
        # raises here and leaves a fitted estimator untouched.
        X = mapping_as_frame(X)  # R's as.list(data.frame), through reticulate
        if continue_training:
            _check_feature_names(self, X, reset=False)
            data = check_images(X, expected_shape=self.input_shape_, estimator=self)
        else:
            data = check_images(X, input_shape=self.input_shape, estimator=self)
        encoded = self._encode_targets(
            y, data.images.shape[0], continue_training=continue_training, classes=classes
        )
        weights = _sample_weights(sample_weight, data.images, encoded.weights)
        streaming = is_image_files(data.images)
        if streaming and self.strategy is not None:
            raise ValueError(
                "strategy= trains on arrays split across devices; X is an ImageFiles, decoded "
                "batch by batch. Load the images into an array (np.asarray(X)) to use a "
                "strategy, or pass strategy=None."
            )
        resume = None
        if self.checkpoint is not None and not (continue_training or incremental):
            from .._training.checkpoint import fit_fingerprint, read_state

            fingerprint = fit_fingerprint(
                self.get_params(deep=False), data.images, encoded.values, weights
            )
            resume = read_state(self.checkpoint, fingerprint)
            # The interrupted runs' seconds count against the time budget.
            started -= resume["seconds"] if resume else 0.0
        rng = check_random_state(as_int(self.random_state))
        train, val = holdout_split(data.images.shape[0], encoded.stratify, holdout, rng)
        epochs = as_int(epochs)
        batch_size = auto_batch_size(self.batch_size, len(train))
        steps_per_epoch = math.ceil(len(train) / batch_size)

        from .._keras import get_keras, limit_threads, seed_everything
        from .._training.loop import make_callbacks, planned_schedule, time_budget_record

        get_keras(self.verbose)
        limit_threads(self.n_threads, seeded=self.random_state is not None)
        if self.random_state is not None:
            seed_everything(rng.randint(np.iinfo(np.int32).max))
        if continue_training:
            model = self.model_
            scale = self.rescale_
            precision = self.precision_
        else:
            auto_rate = is_auto(self.learning_rate)
            model, scale, precision = self._new_network(
                data,
                encoded,
                total_steps=self._epochs() * steps_per_epoch,
                learning_rate=None if incremental and auto_rate else self.learning_rate,
            )
        targets = encoded.values
        replicas = replicas_of(model)
        val_batch_size = None
        if val is not None:
            val_batch_size = replica_batch_size(len(val), batch_size, replicas)
        # The same batches for arrays and files, each epoch's order drawn from the
        # seed and the epoch number; the callbacks tell the batches the epoch.
        inputs, feeding = fit_inputs(
            data.images,
            targets,
            weights,
            train,
            val,
            batch_size=batch_size,
            val_batch_size=val_batch_size,
            replicas=replicas,
            rng=rng,
        )
        done = self.n_iter_ if continue_training else 0
        budget = None
        if self.time_budget is not None:
            budget = {
                "budget": self.time_budget,
                "started": started,
                "steps_per_epoch": steps_per_epoch,
                "validation_steps": 0 if val is None else math.ceil(len(val) / val_batch_size),
                "initial_epoch": done,
                "max_epochs": epochs,
                "schedule": planned_schedule(model),
                "plan": resume["budget"] if resume else None,
                "whole_epochs": streaming,
            }
        checkpoint = None
        if self.checkpoint is not None and not (continue_training or incremental):
            checkpoint = {
                "folder": self.checkpoint,
                "fingerprint": fingerprint,
                "state": resume,
                "started": started,
            }
        callbacks = make_callbacks(
            feeding=feeding,
            learning_rate=self.learning_rate,
            early_stopping=self.early_stopping,
            patience=as_int(self.patience),
            has_validation=val is not None,
            user_callbacks=self.callbacks,
            time_budget=budget,
            checkpoint=checkpoint,
        )
        history = self._train(
            model,
            continue_training,
            **inputs,
            initial_epoch=done,
            epochs=done + epochs,
            verbose=_keras_verbose(self.verbose),
            callbacks=callbacks,
        )

        # Training finished: commit the fitted state in one go.
        if checkpoint is not None:
            # The resumed fit's history: the interrupted runs' epochs, then these.
            rows = callbacks[-1].rows
            epochs_run = len(rows)
            frame = _history_frame(rows, start=done + 1)
        else:
            epochs_run = len(history.epoch)
            frame = _history_frame(history.history, start=done + 1)
        if continue_training:
            import pandas as pd

            frame = pd.concat([self.history_, frame])
        else:
            self._commit_targets(encoded)
            self._commit_network(data, model, scale, precision)
        self.history_ = frame
        self.n_iter_ = done + epochs_run
        self.time_budget_plan_ = time_budget_record(callbacks)
        self.time_budget_used_ = None
        if self.time_budget_plan_ is not None:
            self.time_budget_used_ = time.monotonic() - started
        return self

    def _fit_untrained(self, X):
        """Build the network with its pretrained ``weights`` and train nothing:
        the fit of a feature extractor given no targets."""
        data = check_images(X, input_shape=self.input_shape, estimator=self)
        from .._keras import get_keras, limit_threads

        get_keras(self.verbose)
        limit_threads(self.n_threads)
        # The head is never trained nor used: one unit is enough.
        encoded = EncodedTargets(values=np.zeros(0), n_outputs=1)
        model, scale, precision = self._new_network(
            data, encoded, total_steps=1, learning_rate=self.learning_rate
        )
        # An optimizer with its variables, as after training, so that saving and
        # loading the network restore the same state.
        model.optimizer.build(model.trainable_variables)
        import pandas as pd

        self._commit_network(data, model, scale, precision)
        self.history_ = pd.DataFrame(index=pd.RangeIndex(1, 1, name="epoch"))
        self.n_iter_ = 0
        self.time_budget_plan_ = self.time_budget_used_ = None
        return self

    def _new_network(self, data, encoded, *, total_steps, learning_rate):
        """``(model, scale, precision)``: a compiled network for ``data``'s images,
        its optimizer at ``learning_rate`` planned over ``total_steps`` batches."""
        from .._training.loop import resolve_strategy
        from .._training.precision import resolve_precision

        scale = _rescale_factor(self.rescale, data.images)
        precision = resolve_precision(self.precision)
        model = self._build_and_compile(
            data,
            encoded,
            scale,
            resolve_strategy(self.strategy),
            precision=precision,
            total_steps=total_steps,
            learning_rate=learning_rate,
        )
        return model, scale, precision

    def _commit_network(self, data, model, scale, precision):
        """Set the fitted attributes of a new network, once it is ready."""
        self.input_shape_ = data.image_shape
        self.n_features_in_ = data.n_features
        self.rescale_ = scale
        self.precision_ = precision
        self.model_ = model
        self._set_feature_names(data.feature_names)

    def _build_and_compile(
        self, data, encoded, scale, strategy, *, precision, total_steps, learning_rate
    ):
        """A new compiled network, its variables created in ``strategy``'s scope
        and its layers under the dtype policy ``precision``."""
        from .._training.augment import resolve_augment
        from .._training.loop import make_optimizer, strategy_scope
        from .._training.network import build_network
        from .._training.precision import dtype_policy, float32_output

        loss, metrics = self._compile_loss(encoded)
        augment = resolve_augment(self.augment, data.image_shape, data.images.shape[0])
        with strategy_scope(strategy), dtype_policy(precision):
            model = build_network(
                self.arch,
                data.image_shape,
                encoded.n_outputs,
                hyperparams=self._hyperparams(),
                scale=scale,
                resize=self.resize,
                weights=self.weights,
                trainable=as_int(self.trainable),
                augment=augment,
                value_range=pixel_range(data.images, scale) if augment else None,
                head=encoded.head,
            )
            if precision != "float32":
                float32_output(model)
            model.compile(
                optimizer=make_optimizer(self.optimizer, learning_rate, total_steps),
                loss=loss,
                metrics=metrics,
                steps_per_execution=_steps_per_execution(self.callbacks, strategy),
            )
        return model

    @staticmethod
    def _train(model, continue_training, *args, **kwargs):
        """``model.fit`` that undoes itself when interrupted on an existing model,
        and leaves nothing of its traced steps in TensorFlow's global state."""
        from .._training.graph_release import released_step_graphs

        errors = file_errors(kwargs.get("x"), kwargs.get("validation_data"))
        if not continue_training:
            with errors, released_step_graphs():
                return model.fit(*args, **kwargs)
        from .._training.loop import restore_state, snapshot_state

        snapshot = snapshot_state(model)
        try:
            with errors, released_step_graphs():
                return model.fit(*args, **kwargs)
        except BaseException:
            restore_state(snapshot)
            raise

    def _hyperparams(self):
        params = {
            name: as_int(getattr(self, name))
            for name in ("filters", "kernel_size", "dense_units")
            if getattr(self, name) is not None
        }
        if self.dropout is not None:
            params["dropout"] = self.dropout
        params.update(self.arch_kwargs or {})
        return params

    def _epochs(self):
        """``epochs`` as a number: ``"auto"`` is the preset's ``default_epochs``
        (:data:`DEFAULT_EPOCHS` for builders and ``keras.Model`` networks)."""
        if not is_auto(self.epochs):
            return as_int(self.epochs)
        if isinstance(self.arch, str):
            from ..architectures import get_architecture

            return get_architecture(self.arch).default_epochs
        return DEFAULT_EPOCHS

    def _set_feature_names(self, names):
        if names is None:
            if hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
        else:
            self.feature_names_in_ = names

    # --------------------------------------------------------------- predicting
    def _validated_images(self, X):
        check_is_fitted(self)
        X = mapping_as_frame(X)  # R's as.list(data.frame), through reticulate
        if hasattr(self, "feature_names_in_") or type(X) is not np.ndarray:
            # For an array, scikit-learn's check only warns that it has no
            # names where the estimator was fitted with them; skipped, it saves
            # part of the 0.2 ms validation took of a one-image prediction.
            _check_feature_names(self, X, reset=False)
        return check_images(X, expected_shape=self.input_shape_, estimator=self).images

    def _forward(self, images, model=None):
        """The outputs of ``model`` (the network) for validated images, as NumPy."""
        model = self.model_ if model is None else model
        replicas = replicas_of(self.model_)
        n = images.shape[0]
        if replicas == 1 and n <= PREDICT_BATCH:
            from .forward import compiled_forward

            if n == 1:
                # A batch of one image takes other float32 kernels than larger
                # batches, whose results differ in the last bit: with the image
                # twice, an image gets the same prediction alone as in any batch.
                images = np.repeat(images, 2, axis=0)
            forward = compiled_forward(model, images.dtype, images.shape[1:])
            if forward is None:  # a network that runs eagerly
                return np.asarray(model.predict_on_batch(images))[:n]
            return forward(images)[:n]
        # Under a distribution strategy predict_on_batch returns one copy of the
        # batch per replica (Keras 3.15): those networks use the predict loop,
        # on batches that give every replica at least one image.
        padded, _, _ = pad_for_replicas(images, None, None, PREDICT_BATCH, replicas)
        if replicas == 1 and n % PREDICT_BATCH == 1:
            padded = np.concatenate([images, images[-1:]])  # no batch of one, as above
        outputs = model.predict(padded, batch_size=PREDICT_BATCH, verbose=0)
        return np.asarray(outputs)[:n]

    def _outputs(self, images):
        """The network's outputs, averaged with those of the horizontally
        flipped images when ``tta`` is set (test-time augmentation)."""

        def outputs(batch):
            result = self._forward(batch)
            if self.tta:
                result = (result + self._forward(batch[:, :, ::-1, :])) / 2
            return result

        return in_decoded_batches(images, outputs)

    def _keras_evaluate(self, images, targets, weights):
        """``model.evaluate``'s figures (a dict) on images or image files."""
        if is_image_files(images):
            from .._inputs.streaming import FileBatches

            batches = FileBatches(images, targets, weights, batch_size=PREDICT_BATCH)
            with file_errors(batches):
                return self.model_.evaluate(batches, verbose=0, return_dict=True)
        return self.model_.evaluate(
            images,
            targets,
            sample_weight=weights,
            batch_size=PREDICT_BATCH,
            verbose=0,
            return_dict=True,
        )

    def embed(self, X):
        """The embedding of each image: what the network's last Dense layer receives.

        For the presets with convolutional stages at the end (ResNets, DenseNets,
        ``keras.<Name>``) it is the global-average-pooled feature maps; for
        LeNet-5 and the R-lab network, the last hidden dense layer. Feed it to
        another estimator, e.g. a ``LogisticRegression``.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            float64, one row per image.
        """
        images = self._validated_images(X)
        model = self._embedding_model()
        return in_decoded_batches(images, lambda batch: self._forward(batch, model)).astype(
            np.float64
        )

    def _embedding_model(self):
        # Cached per network, outside the estimator: transform must not change
        # the estimator's __dict__ (scikit-learn's check_dict_unchanged).
        embedder = _EMBEDDERS.get(self.model_)
        if embedder is None:
            from .._training.network import embedding_model

            embedder = _EMBEDDERS[self.model_] = embedding_model(self.model_)
        return embedder

    # ------------------------------------------------------------------ reports
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
        from .summary import model_summary

        return model_summary(self.model_)

    # ------------------------------------------------------------------- export
    def export(self, path, format="onnx"):
        """Write the inference graph, for serving without skcnn (or TensorFlow).

        The graph computes what :meth:`predict_proba` (classifiers, output
        ``probabilities``), :meth:`predict` (the regressor, ``predictions`` in
        the targets' units) or :meth:`transform` (the feature extractor,
        ``embeddings``) return, test-time augmentation included, without the
        augmentation layers, in float32 (also for a mixed-precision fit). Its
        input ``pixels`` is a float32 batch ``(n, height, width, channels)``,
        channels last, of raw pixel values (0-255 for uint8 images): the
        rescaling and resizing are inside. The ONNX file's ``metadata_props``
        hold ``classes`` (JSON) and the input layout.

        Parameters
        ----------
        path : str or os.PathLike
            The ``.onnx`` file, or the SavedModel folder, to write.
        format : {"onnx", "tf_saved_model"}, default="onnx"
            ONNX needs ``pip install 'skcnn[export]'`` (tf2onnx, onnx).

        Returns
        -------
        str
            ``path``.

        Examples
        --------
        >>> import os, tempfile
        >>> from sklearn.datasets import load_digits
        >>> from skcnn import CNNClassifier
        >>> X, y = load_digits(return_X_y=True)
        >>> clf = CNNClassifier(epochs=1, random_state=0).fit(X[:100], y[:100])
        >>> path = clf.export(os.path.join(tempfile.mkdtemp(), "digits.onnx"))
        >>> import onnxruntime as ort
        >>> session = ort.InferenceSession(path)
        >>> [(i.name, i.shape) for i in session.get_inputs()], session.get_outputs()[0].name
        ([('pixels', ['n', 8, 8, 1])], 'probabilities')
        >>> images = X[100:103].reshape(-1, 8, 8, 1).astype("float32")
        >>> session.run(None, {"pixels": images})[0].shape
        (3, 10)
        """
        check_is_fitted(self)
        from .export import export_estimator

        return export_estimator(self, path, format=format)

    # -------------------------------------------------------------- persistence
    def save(self, path):
        """Save the fitted estimator to a ``.keras`` file.

        The file is a regular Keras archive (``keras.saving.load_model`` opens the
        network once :func:`skcnn.keras_objects` has registered skcnn's Keras
        classes) with the estimator's parameters, fitted attributes and history
        added. The write is atomic: a save that fails or is killed leaves the
        previous file at ``path`` intact (a SIGKILL during the write may leave
        a hidden ``.NAME.*.tmp.keras`` file beside it).

        Parameters
        ----------
        path : str or os.PathLike
            Must end in ``.keras``.
        """
        check_is_fitted(self)
        from .persistence import save_estimator

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
        estimator
            An estimator of this class, fitted.
        """
        from .persistence import load_estimator

        return load_estimator(cls, os.fspath(path))

    def __getstate__(self):
        if hasattr(self.strategy, "scope"):
            raise TypeError(
                f"A {type(self).__name__} with strategy={type(self.strategy).__name__}(...) "
                f"cannot be pickled: a tf.distribute strategy holds live devices. Pass "
                f"strategy='mirrored' or a callable that builds the strategy (e.g. "
                f"functools.partial(tf.distribute.MirroredStrategy, devices=[...])), or "
                f"set_params(strategy=None) before pickling."
            )
        state = dict(super().__getstate__())
        # The fitted network, and a keras.Model given as a parameter, travel as
        # .keras bytes that __setstate__ loads after registering skcnn's Keras
        # classes: Keras's own Model pickling would deserialize them before
        # anything registered the custom layers they contain.
        for name in ("model_", *_MODEL_PARAMS):
            if _is_keras_model(state.get(name)):
                from .._keras import model_to_bytes

                state[name] = _SerializedModel(model_to_bytes(state[name]))
        return state

    def __setstate__(self, state):
        state = dict(state)
        for name, value in state.items():
            if isinstance(value, _SerializedModel):
                from .._keras import model_from_bytes

                state[name] = model_from_bytes(value.data)
        super().__setstate__(state)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


# Parameters that may hold a keras.Model (the network, or a network to start from).
_MODEL_PARAMS = ("arch", "weights")


def _is_keras_model(value):
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


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
def _sample_weights(sample_weight, images, target_weights):
    """Per-sample loss weights, or None when every sample weighs 1.

    Keras then skips the weighting, about 9 % faster per step on CPU.
    """
    if sample_weight is None and target_weights is None:
        return None
    weights = _check_sample_weight(sample_weight, images, dtype=np.float32)
    if target_weights is not None:
        weights = weights * target_weights
    return weights.astype(np.float32, copy=False)


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
    return STEPS_PER_EXECUTION


def _has_batch_hooks(callback):
    from .._keras import get_keras

    base = get_keras().callbacks.Callback
    return any(
        getattr(type(callback), hook, None) is not getattr(base, hook) for hook in _BATCH_HOOKS
    )


def _rescale_factor(rescale, images):
    if rescale is None:
        return None
    if rescale != "auto":
        return float(rescale)
    if images.dtype == np.uint8:
        return 1.0 / 255.0
    peak = float(np.max(np.abs(images)))
    return 1.0 / peak if peak > 0 else None


def pixel_range(images, scale):
    """(min, max) of the pixels after ``scale``, for augmentation that clips."""
    if images.dtype == np.uint8:
        low, high = 0.0, 255.0
    else:
        low, high = float(np.min(images)), float(np.max(images))
    factor = 1.0 if scale is None else scale
    return (min(low * factor, 0.0), max(high * factor, 1e-12))


def _history_frame(columns_or_rows, start):
    """``history_``: Keras's ``History.history`` (a dict of columns) or a list of
    per-epoch log rows, one row per epoch numbered from ``start``."""
    import pandas as pd

    frame = pd.DataFrame(columns_or_rows)
    frame = frame.reindex(columns=sorted(frame.columns))
    frame.index = pd.RangeIndex(start, start + len(frame), name="epoch")
    return frame


def _keras_verbose(verbose):
    return int(min(int(verbose), 2))
