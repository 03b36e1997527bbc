"""CNNClassifier: a Keras convolutional network as a scikit-learn classifier."""

from __future__ import annotations

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _check_sample_weight

from ._estimators.base import (
    BaseCNN,
    replicas_of,
)
from ._estimators.targets import LabelTargetsMixin, as_label_array, same_labels

__all__ = ["CNNClassifier"]

_LOSSES = {"auto", "sparse_categorical_crossentropy", "categorical_crossentropy"}


class CNNClassifier(ClassifierMixin, LabelTargetsMixin, BaseCNN):
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
    augment : "auto", bool, dict or None, default="auto"
        Data augmentation by Keras preprocessing layers placed after rescaling
        and resizing, active only while training: predictions are those of the
        network without them. ``"auto"``: for up to 10,000 images of 8 to 12
        pixels a side, random shifts of up to 10 % of the image, rotations of up to 18 degrees
        and zooms of up to 10 % (``{"translation": 0.1, "rotation": 0.05,
        "zoom": 0.1}``, the largest single gain on digits,
        ``docs/benchmarks.md``); nothing for larger images or larger sets (on
        the task suite it cost 3 to 4 points on 28x28 Fashion-MNIST at 1,500,
        5,000 and 60,000 images, and 12 points of micro F1 on 16x16 digit
        composites). ``"auto"`` never
        flips, since it cannot know whether a mirror image shows the same class.
        ``None`` or ``False`` trains on the images as they are. ``True`` is
        AlexNet's recipe (horizontal flips,
        10% translations, 10% contrast); a dict picks among ``flip`` (True,
        "horizontal", "vertical", "horizontal_and_vertical"), ``translation``,
        ``zoom`` (fractions of the image size, or (height, width) pairs),
        ``rotation`` (fraction of a full turn) and ``contrast`` (fraction), e.g.
        ``{"translation": 0.1, "rotation": 0.05}`` for digits, which must not
        be flipped.
    optimizer : str or keras.optimizers.Optimizer, default="adam"
        A Keras optimizer name or instance (copied at each fit).
    learning_rate : "auto", float, callable, "cosine", "one_cycle" or schedule, default="auto"
        Learning rate. ``"auto"``: the one-cycle policy (as ``"one_cycle"``)
        peaking at three times a named optimizer's default rate (Adam: 0.003,
        measured on digits); an optimizer instance keeps its own rate.
        ``None`` keeps the optimizer's default, constant. A callable
        ``epoch -> rate`` (0-based epochs) is applied at the start of every
        epoch. ``"cosine"`` (linear warm-up over 5 % of the steps, then cosine
        decay to 0) and ``"one_cycle"`` (fastai's one-cycle policy) step the
        rate every batch over the whole fit, peaking at the optimizer's rate;
        a :mod:`skcnn.schedules` instance sets the peak and the warm-up. A
        ``keras.optimizers.schedules`` schedule (e.g. ``ExponentialDecay``) is a
        function of the step, which the optimizer applies every batch. A
        warm-started fit continues the schedule where it ended.
    loss : str or callable, default="auto"
        ``"auto"`` is sparse categorical cross-entropy on class indices; a callable
        or Keras loss receives class indices too, except
        ``"categorical_crossentropy"``, which receives one-hot targets.
    label_smoothing : float in [0, 1) or "auto", default="auto"
        Label smoothing of the cross-entropy (Szegedy et al. 2016): the targets
        become ``1 - label_smoothing`` for the true class and
        ``label_smoothing / n_classes`` spread over all classes. ``"auto"``:
        0.1 with the built-in cross-entropy over single-label classes, 0 with
        a custom ``loss`` and for multi-label targets. Smoothing keeps
        ``predict_proba`` away from 0 and 1; pass 0 for unsmoothed targets.
    precision : {"auto", "float32", "mixed_bfloat16", "mixed_float16"}, default="auto"
        Arithmetic of the network's layers. The mixed policies compute in
        bfloat16 or float16 and keep the weights in float32; the output layer
        computes in float32, so ``predict_proba`` has float32 resolution.
        ``"auto"``: ``mixed_float16`` on CUDA GPUs with tensor cores,
        ``mixed_bfloat16`` on CPUs with native bfloat16 (AVX512_BF16 or AMX),
        ``float32`` elsewhere. The policy belongs to the network: Keras's
        global policy is left as it was. ``precision_`` records the choice.
        Networks passed as a ``keras.Model`` keep the dtypes of their layers.
    epochs : int or "auto", default="auto"
        Passes over the training data per :meth:`fit` (the most passes with
        ``time_budget``). ``"auto"``: the preset's ``default_epochs`` (30 for
        ``simple``, 60 for ``lenet5``, 20 for the others, for builders and for
        ``keras.Model`` networks; see :func:`skcnn.list_architectures`).
    batch_size : int or "auto", default="auto"
        Images per gradient step. ``"auto"`` takes one hundredth of the training
        images, clipped to [32, 128]: small sets such as digits still get enough
        steps per epoch, large ones train at full speed.
    time_budget : float, default=None
        Seconds :meth:`fit` may take. The time per training step, per
        validation pass and per epoch's end and start is measured from the
        second compiled call on (the first one traces), and after every call the
        number of training steps that fit in the time left is planned anew
        (at most ``epochs`` epochs of them): the fit stops after the planned
        step, so its last epoch may be partial (that epoch still validates and
        has its row in ``history_``), and a planned schedule (``"auto"``,
        ``"cosine"``, ``"one_cycle"``) is as long as the planned steps, so it
        anneals to its end when the time runs out (images read from files
        stop at an epoch's end only). The fit stops at the compiled call
        nearest to the budget's end: it uses 95 % to 105 % of a budget that is
        longer than the start of training (TensorFlow's start, tracing), and
        overruns further only by the call that shows a sudden slow-down.
        ``time_budget_used_`` and ``time_budget_plan_`` say what was spent and
        planned. ``random_state`` fixes everything
        except the number of steps, which depends on the machine's speed.
    checkpoint : str or path-like, default=None
        A folder in which :meth:`fit` saves the training state at the end of
        every epoch (Keras's ``BackupAndRestore``: weights and optimizer state,
        plus the history so far, the seconds spent and the time budget's
        plan). A fit that is killed, even by SIGKILL, continues from its last
        finished epoch when the same call (same parameters, same data) runs
        again, and ends with the epochs, ``history_`` and schedule position it
        would have had; ``time_budget`` counts the seconds already spent.
        With ``random_state`` set the continuation is exact: the random
        generators (shuffling, dropout, augmentation) go on from where they
        were. Each save is atomic; a finished fit removes its own files from
        the folder. A folder holding another fit's state is refused. Not kept:
        ``early_stopping``'s count of epochs without improvement, which starts
        anew, and the time of the epoch that was cut short. The continuation
        of a warm-started fit and :meth:`partial_fit` do not checkpoint.
    validation_split : float in [0, 1), default=0.0
        Fraction held out (stratified, shuffled with ``random_state``) to report
        ``val_loss``/``val_accuracy`` and drive early stopping. The default
        trains on every image, as scikit-learn's estimators do; measure the
        model by cross-validation or on a test set, or pass e.g. 0.1 to watch
        validation curves in ``history_``.
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
        ``~/.keras/models``; downloaded there through Keras when missing, with
        a clear error offline), into the network without its classifier,
        followed by a new head (global average pooling and a softmax
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
    tta : bool, default=False
        Test-time augmentation: :meth:`predict_proba` (and so :meth:`predict`
        and :meth:`score`) averages the probabilities of each image and of its
        horizontal mirror image. Use it only where a mirrored image shows the
        same class (photos, clothes; not digits or text).
    n_threads : int, default=None
        Threads TensorFlow computes with in this process. ``None``: the
        process's allotment, for seeded and unseeded fits alike: a Dask
        worker's threads, joblib's share of the cores in its worker processes
        (``OMP_NUM_THREADS``), else every core, so a fit uses the cores it is
        given and parallel grid searches do not oversubscribe the machine. An
        int applies in every process. The results of a seeded fit depend on
        this count (see :ref:`reproducibility`): ``n_threads=1`` is the mode
        whose seeded results do not depend on ``n_jobs``, the joblib backend or
        the machine's core count. TensorFlow fixes its thread pools when it
        starts: a different value later in the same process warns and has no
        effect.
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
        NumPy's global generators. Seeded fits are bit-identical when they
        compute with the same number of threads: with ``n_threads=None`` the
        same fit is reproducible run to run on the same machine (in fresh
        processes, with all the cores it is allotted); with ``n_threads=1`` it
        is also the same for every ``n_jobs``, in joblib's and Dask's workers.
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
        Epochs trained in total (a partial last epoch under ``time_budget`` counts).
    precision_ : str
        The Keras dtype policy the network was built with (see ``precision``).
    time_budget_used_ : float or None
        Seconds the last :meth:`fit` took under ``time_budget`` (those of the
        interrupted runs of a resumed ``checkpoint`` fit included); None
        without a budget.
    time_budget_plan_ : BudgetPlan or None
        What ``time_budget`` planned: ``budget``, ``seconds`` (the time the
        last plan expected), ``steps`` (planned training steps, the schedule's
        length), ``steps_run``, ``steps_per_epoch``, ``step_seconds``,
        ``epoch_end_seconds``, ``epoch_start_seconds`` and ``plans`` (times
        the plan changed); None
        without a budget.

    See Also
    --------
    skcnn.list_architectures : The presets ``arch`` accepts.
    sklearn.neural_network.MLPClassifier : A fully connected network.

    Notes
    -----
    The ``"auto"`` defaults are a training recipe measured on scikit-learn's
    digits (``docs/benchmarks.md``): augmentation for small images, a
    one-cycle schedule, label smoothing 0.1, every image used for training,
    bfloat16 where the CPU computes it natively. With them
    ``cross_val_score(CNNClassifier(), X, y, cv=5)`` on digits scores above
    ``SVC(gamma=0.001)`` on plain, shuffled and by-writer splits. The
    presets' layers are those of their papers; only the training around them
    is chosen.

    Integer parameters (``epochs``, ``batch_size``, ``filters``, ...) also take
    whole-number floats such as ``5.0``: R passes every number as a double,
    and ``epochs = 5`` from R through reticulate arrives as ``5.0``.

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
    ['accuracy', 'loss']
    """

    _parameter_constraints: dict = {
        **BaseCNN._parameter_constraints,
        "loss": [StrOptions(_LOSSES), callable],
        "class_weight": [None, dict, StrOptions({"balanced"})],
        "label_smoothing": [Interval(Real, 0, 1, closed="left"), StrOptions({"auto"})],
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
        label_smoothing="auto",
        precision="auto",
        epochs="auto",
        batch_size="auto",
        time_budget=None,
        checkpoint=None,
        validation_split=0.0,
        early_stopping=False,
        patience=5,
        class_weight=None,
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
        shared = {
            k: v
            for k, v in locals().items()
            if k not in ("self", "class_weight", "label_smoothing")
        }
        BaseCNN.__init__(self, **shared)
        self.class_weight = class_weight
        self.label_smoothing = label_smoothing

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
        return self._fit_epochs(X, y, sample_weight, continue_when=hasattr(self, "model_"))

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
        on everything it is given. Under ``learning_rate="auto"`` it trains at
        the optimizer's constant default rate: a one-cycle schedule needs the
        length of the whole training, which incremental calls do not know.
        """
        first = not hasattr(self, "model_")
        if first and classes is None:
            raise ValueError(
                "classes must be passed on the first call to partial_fit: all labels that "
                "will ever be seen, e.g. partial_fit(X, y, classes=np.unique(y_all))."
            )
        if not first and classes is not None:
            given = np.unique(as_label_array(classes))
            if not same_labels(given, self.classes_):
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
            incremental=True,
        )

    # --------------------------------------------------------------- predicting
    def predict_proba(self, X):
        """Class probabilities (one probability per label for a multi-label model).

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``; rows sum to 1. For a multi-label
            model each column is the independent probability of that label.
        """
        images = self._validated_images(X)
        proba = self._outputs(images).astype(np.float64)
        if not self._is_multilabel():
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
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_labels)
            One label per image, from ``classes_``; for a multi-label model,
            the 0/1 indicator matrix (a label where its probability is >= 0.5).
        """
        proba = self.predict_proba(X)
        if self._is_multilabel():
            return (proba >= 0.5).astype(np.int64)
        return self.classes_[np.argmax(proba, axis=1)]

    def evaluate(self, X, y, sample_weight=None):
        """Loss and accuracy on ``(X, y)``, like R keras's ``evaluate``.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,) or (n, n_labels)
            Labels, all among ``classes_`` (a 0/1 indicator matrix for a
            multi-label model).
        sample_weight : array-like of shape (n,), default=None
            Per-sample weights of the loss.

        Returns
        -------
        pandas.Series
            ``loss`` (the training loss, label smoothing included) and
            ``accuracy`` (for a multi-label model, the share of correct label
            decisions, Keras's binary accuracy).
        """
        import pandas as pd

        images = self._validated_images(X)
        targets = self._encode_known(y, images.shape[0])
        weights = _check_sample_weight(sample_weight, images, dtype=np.float32)
        if replicas_of(self.model_) > 1:
            # Keras 3.15's distributed evaluate fails when a batch does not split
            # evenly over the replicas: compute both figures from the predictions.
            loss, accuracy = self._evaluate_predictions(images, targets, weights)
        else:
            result = self._keras_evaluate(images, targets, weights)
            loss, accuracy = float(result["loss"]), float(result["accuracy"])
        return pd.Series({"loss": loss, "accuracy": accuracy}, name="value")

    def _evaluate_predictions(self, images, targets, weights):
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
        if self._is_multilabel():
            return loss, float(np.mean((proba >= 0.5) == targets))
        truth = targets.argmax(axis=1) if targets.ndim == 2 else targets
        return loss, float(np.mean(np.argmax(proba, axis=1) == truth))

    # ------------------------------------------------------------------ reports
    def report(self, X, y, *, positive=None, mode="sens_spec", labels=None):
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
        labels : array-like, default=None
            The levels in order, e.g. an R factor's ``levels(y)``; by default
            ``classes_`` (sorted). The first level is caret's default positive
            class.

        Returns
        -------
        skcnn.metrics.ConfusionMatrixReport
            Prints like caret's ``print(confusionMatrix(pred, ref))``; every class
            of ``classes_`` is a level, predicted or not.
        """
        from .metrics import confusion_matrix_report

        if self._is_multilabel():
            raise ValueError(
                "caret's confusionMatrix is for single-label problems; this model predicts "
                "several labels per image. Use skcnn.metrics.classification_report(Y, "
                "clf.predict(X)) for per-label precision, recall and F1."
            )
        y_pred = self.predict(X)
        levels = self.classes_ if labels is None else labels
        return confusion_matrix_report(y, y_pred, positive=positive, labels=levels, mode=mode)

    def roc(self, X, y):
        """pROC's ``roc()`` of this binary model's probabilities on ``(X, y)``.

        The controls are ``classes_[0]``, the cases ``classes_[1]``, and the
        score is the probability of ``classes_[1]``, as pROC's
        ``roc(y, predict(model, type = "prob")[, 2])``.

        Parameters
        ----------
        X : array-like of images
            Images, in any layout :meth:`fit` accepts.
        y : array-like of shape (n,)
            True labels, among ``classes_``.

        Returns
        -------
        skcnn.metrics.ROCCurve
            ``auc``, ``ci_auc()``, ``coords("best")``, ``roc_test`` against
            another model's curve on the same images, and pROC's print.
        """
        from .metrics import roc

        if self._is_multilabel():
            raise ValueError(
                "roc is for single-label binary models; for a multi-label model use "
                "skcnn.metrics.roc(Y[:, j], clf.predict_proba(X)[:, j]) for each label j."
            )
        if len(self.classes_) != 2:
            raise ValueError(
                f"roc needs a binary model; this one has {len(self.classes_)} classes. Use "
                f"skcnn.metrics.multiclass_roc(y, clf.predict_proba(X)) for Hand and Till's "
                f"multi-class AUC."
            )
        import pandas as pd

        # pROC labels a curve by its predictor; name it after the model and the case
        # class, so that plot_roc's legend tells two models apart.
        name = f"{type(self).__name__} P({self.classes_[1]})"
        scores = pd.Series(self.predict_proba(X)[:, 1], name=name)
        return roc(y, scores, levels=self.classes_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
