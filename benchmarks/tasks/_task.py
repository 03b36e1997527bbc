"""What a task of the suite is: a train/test split, its kind and how it is scored."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

KINDS = ("classification", "regression", "multilabel")


@dataclass
class Task:
    """One task of the suite: images, targets, a fixed split and a score.

    Attributes
    ----------
    name : str
        Short identifier (``"fashion_5k"``, ``"regress_angle"``, ...).
    kind : {"classification", "regression", "multilabel"}
        Which estimators it takes and how it is scored: accuracy, R^2, or the
        micro-averaged F1 of the label indicators.
    X_train, X_test : ndarray of shape (n, h, w)
        Grey images, values 0 to 255 (uint8) or 0 to 16 (the digits).
    y_train, y_test : ndarray
        Labels, numbers, or 0/1 indicator rows.
    description : str
        What the target is, in one sentence (the benchmark table prints it).
    info : dict
        What the builder drew for each image (positions, angles, ...), so the
        tests can check that the targets are what they claim.
    """

    name: str
    kind: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    description: str
    info: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")

    @property
    def image_shape(self) -> tuple[int, int]:
        return tuple(self.X_train.shape[1:3])

    def flat(self, X: np.ndarray) -> np.ndarray:
        """``X`` as rows of pixels, float64, for the classical baselines."""
        return X.reshape(len(X), -1).astype(np.float64)

    def score(self, y_true, y_pred) -> float:
        """The task's score: accuracy, R^2 or micro-averaged F1."""
        from sklearn.metrics import accuracy_score, f1_score, r2_score

        if self.kind == "classification":
            return float(accuracy_score(y_true, y_pred))
        if self.kind == "regression":
            return float(r2_score(y_true, y_pred))
        return float(f1_score(y_true, y_pred, average="micro", zero_division=0.0))

    @property
    def score_name(self) -> str:
        return {"classification": "accuracy", "regression": "R^2", "multilabel": "micro F1"}[
            self.kind
        ]
