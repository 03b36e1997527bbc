"""Reports on labels the way R prints them, and scikit-learn's per-class scores.

Pure functions from label vectors to pandas objects: R's ``table()`` and caret's
``confusionMatrix()`` number for number (:mod:`._caret`), scikit-learn style
reports (:mod:`._reports`). Every R-style print shares R's print rules
(:mod:`._rprint`); the tests compare the numbers and the printed text with
output that R itself produced (``tests/r/``).

This package never imports TensorFlow or Keras.
"""

from ._caret import ConfusionMatrixReport, confusion_matrix_report, table
from ._reports import classification_report, top_k_accuracy

__all__ = [
    "ConfusionMatrixReport",
    "classification_report",
    "confusion_matrix_report",
    "table",
    "top_k_accuracy",
]
