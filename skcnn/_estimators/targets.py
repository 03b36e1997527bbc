"""Class labels as network targets: the target hooks of the estimators that learn classes.

``CNNClassifier`` and ``CNNFeatureExtractor`` (when it trains) share them:
labels of any type are encoded to indices into the sorted ``classes_`` at the
edge, so the network only ever sees integers (or one-hot rows); a 2-D 0/1
indicator ``y`` is a multi-label problem with one sigmoid output per label, as
scikit-learn's ``MLPClassifier`` reads it.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils import compute_sample_weight

from .._checks import is_auto
from .._inputs.validation import check_label_indicator, check_labels, is_multilabel
from .base import EncodedTargets

MULTILABEL_LOSS = "binary_crossentropy"
# label_smoothing="auto" with the built-in cross-entropy on single-label classes:
# 0.1 (Szegedy et al. 2016) added about 0.005 accuracy on digits (docs/benchmarks.md).
AUTO_LABEL_SMOOTHING = 0.1


class LabelTargetsMixin:
    """Target hooks of :class:`skcnn._estimators.base.BaseCNN` for class labels.

    Needs the parameters ``loss``, ``label_smoothing`` and ``class_weight``.
    """

    def _encode_targets(self, y, n_samples, *, continue_training, classes):
        if is_multilabel(y):
            return self._encode_indicator(y, n_samples, continue_training, classes)
        if continue_training and self._is_multilabel():
            raise ValueError(
                "This estimator was fitted on a multi-label indicator matrix; pass y of "
                f"shape (n, {len(self.classes_)}) to continue training it."
            )
        labels = check_labels(y, n_samples)
        if continue_training:
            known = self.classes_
        elif classes is not None:
            known = np.unique(as_label_array(classes))
        else:
            known = np.unique(labels)
        check_n_classes(known)
        y_index = encode_labels(labels, known)
        values = y_index
        if self._one_hot():
            values = np.eye(len(known), dtype=np.float32)[y_index]
        weights = None
        if self.class_weight is not None:
            weights = compute_sample_weight(self.class_weight, labels)
        return EncodedTargets(
            values=values,
            n_outputs=len(known),
            stratify=y_index,
            weights=weights,
            state={"classes_": known, "_multilabel": False},
        )

    def _encode_indicator(self, y, n_samples, continue_training, classes):
        indicator = check_label_indicator(y, n_samples)
        n_labels = indicator.shape[1]
        if continue_training and (not self._is_multilabel() or len(self.classes_) != n_labels):
            raise ValueError(
                f"y is a multi-label indicator matrix with {n_labels} columns, but the "
                f"estimator was fitted on {self._describe_targets()}. Pass targets of the "
                f"same kind to continue training."
            )
        if classes is not None and len(as_label_array(classes)) != n_labels:
            raise ValueError(
                f"classes={as_label_array(classes).tolist()} names {len(as_label_array(classes))}"
                f" labels, but y has {n_labels} columns; for a multi-label y pass "
                f"classes=range({n_labels})."
            )
        if self._label_smoothing(multilabel=True):
            raise ValueError(
                "label_smoothing smooths a softmax over classes; a multi-label y trains "
                "independent sigmoid outputs. Pass label_smoothing=0."
            )
        if self.loss not in ("auto", MULTILABEL_LOSS) and not callable(self.loss):
            raise ValueError(
                f"A multi-label y trains one sigmoid output per label with binary "
                f"cross-entropy; loss={self.loss!r} is for single-label classes. Pass "
                f"loss='auto'."
            )
        if self.class_weight is not None:
            raise ValueError(
                "class_weight weighs samples by their single class; with a multi-label y "
                "pass sample_weight instead."
            )
        return EncodedTargets(
            values=indicator,
            n_outputs=n_labels,
            state={"classes_": np.arange(n_labels), "_multilabel": True},
            head="sigmoid",
        )

    def _compile_loss(self, encoded):
        if encoded.head == "sigmoid":
            from .._keras import get_keras

            loss = MULTILABEL_LOSS if is_auto(self.loss) else self.loss
            # Keras reads "accuracy" by the output's shape as categorical accuracy;
            # independent labels need the share of correct 0/1 decisions.
            return loss, [get_keras().metrics.BinaryAccuracy(name="accuracy")]
        from .._training.loop import resolve_loss

        loss, _ = resolve_loss(self.loss, self._label_smoothing())
        return loss, ["accuracy"]

    def _one_hot(self):
        from .._training.loop import needs_one_hot

        return needs_one_hot(self.loss, self._label_smoothing())

    def _label_smoothing(self, *, multilabel=False):
        """``label_smoothing`` as a number: ``"auto"`` is
        :data:`AUTO_LABEL_SMOOTHING` for the built-in cross-entropy over
        single-label classes, 0 for a custom loss and for multi-label targets."""
        if not is_auto(self.label_smoothing):
            return float(self.label_smoothing)
        from .._training.loop import ONE_HOT_LOSS, SPARSE_LOSS

        builtin = isinstance(self.loss, str) and self.loss in ("auto", SPARSE_LOSS, ONE_HOT_LOSS)
        return AUTO_LABEL_SMOOTHING if builtin and not multilabel else 0.0

    def _is_multilabel(self):
        return bool(getattr(self, "_multilabel", False))

    def _describe_targets(self):
        if self._is_multilabel():
            return f"a multi-label indicator matrix with {len(self.classes_)} columns"
        return f"1-D labels of the classes {self.classes_.tolist()}"

    def _target_state(self):
        return {
            "classes": self.classes_.tolist(),
            "classes_dtype": self.classes_.dtype.str,
            "multilabel": self._is_multilabel(),
        }

    def _restore_target_state(self, state):
        self.classes_ = np.asarray(state["classes"], dtype=np.dtype(state["classes_dtype"]))
        self._multilabel = bool(state.get("multilabel", False))

    def _encode_known(self, y, n_samples):
        """Targets of an evaluation set, encoded against the fitted classes."""
        if self._is_multilabel():
            return check_label_indicator(y, n_samples)
        labels = check_labels(y, n_samples)
        y_index = encode_labels(labels, self.classes_)
        if self._one_hot():
            return np.eye(len(self.classes_), dtype=np.float32)[y_index]
        return y_index


def check_n_classes(classes):
    if len(classes) < 2:
        raise ValueError(
            f"y has only one class ({classes.tolist()}): a classifier needs samples of "
            f"at least two classes. Add samples of another class."
        )


def as_label_array(values):
    """Labels as a 1-D array (``classes=`` arguments, label lists)."""
    return np.asarray(values).ravel()


def same_labels(a, b):
    return a.shape == b.shape and bool(np.all(a == b))


def encode_labels(labels, classes):
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
