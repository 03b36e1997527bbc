"""Reports on labels the way R prints them, and scikit-learn's per-class scores.

Pure functions from label vectors to pandas objects, one module each:

- :mod:`._table`: R's ``table()``; :mod:`._caret`: caret's ``confusionMatrix()``,
  number for number;
- :mod:`._statistics`: caret's single statistics (``sensitivity``, ...) and R's
  ``mcnemar.test``;
- pROC's ROC analysis, one module per pROC function: :mod:`._roc` (``roc``,
  ``auc``), :mod:`._roc_ci` (``ci.auc``), :mod:`._roc_ci_rates` (``ci.se``,
  ``ci.sp``), :mod:`._roc_ci_coords` (``ci.thresholds``, ``ci.coords``; their
  bootstrap in :mod:`._roc_bootstrap`), :mod:`._coords` (``coords``),
  :mod:`._roc_test` (``roc.test``; Venkatraman's permutations in
  :mod:`._roc_venkatraman`), :mod:`._roc_var` (``var``, ``cov``),
  :mod:`._roc_power` (``power.roc.test``), :mod:`._roc_smooth` (``smooth``),
  :mod:`._multiclass_roc`
  (``multiclass.roc``), over the curve's arithmetic in :mod:`._roc_utils` and
  the pairing of two curves in :mod:`._roc_pairing`;
- :mod:`._summaries`: caret's summary functions (``postResample``,
  ``twoClassSummary``, ...), and :mod:`._caret_scorers`: the same as
  scikit-learn scorers (``caret_scoring``);
- :mod:`._interpretation`: which classes a model mixes up;
- :mod:`._reports`: scikit-learn style reports.

Every R-style print shares R's print rules (``skcnn._rprint``); the tests compare
the numbers and the printed text with output that R itself produced
(``tests/r/``). Names load on first use. The modules import numpy, pandas,
scipy, scikit-learn and the shared helpers below them (``skcnn._rprint``,
``skcnn._labels``), never another skcnn package, TensorFlow or Keras.

Examples
--------
>>> from skcnn.metrics import table
>>> table(["a", "b", "b"], ["a", "b", "a"])
      predicted
actual a b
     a 1 0
     b 1 1
"""

import importlib

_PUBLIC = {
    "ConfusionMatrixReport": "._caret",
    "confusion_matrix_report": "._caret",
    "table": "._table",
    "classification_report": "._reports",
    "top_k_accuracy": "._reports",
    "sensitivity": "._statistics",
    "specificity": "._statistics",
    "pos_pred_value": "._statistics",
    "neg_pred_value": "._statistics",
    "precision": "._statistics",
    "recall": "._statistics",
    "f_meas": "._statistics",
    "mcnemar_test": "._statistics",
    "McNemarTest": "._statistics",
    "most_confused": "._interpretation",
    "ROCCurve": "._roc",
    "roc": "._roc",
    "AUC": "._roc",
    "AUCInterval": "._roc_ci",
    "ci_se": "._roc_ci_rates",
    "ci_sp": "._roc_ci_rates",
    "ci_thresholds": "._roc_ci_coords",
    "ci_coords": "._roc_ci_coords",
    "RateInterval": "._roc_ci_rates",
    "ThresholdsInterval": "._roc_ci_coords",
    "CoordsInterval": "._roc_ci_coords",
    "roc_test": "._roc_test",
    "ROCTest": "._roc_test",
    "roc_var": "._roc_var",
    "roc_cov": "._roc_var",
    "power_roc_test": "._roc_power",
    "PowerROCTest": "._roc_power",
    "smooth_roc": "._roc_smooth",
    "SmoothROC": "._roc_smooth",
    "multiclass_roc": "._multiclass_roc",
    "MulticlassROC": "._multiclass_roc",
    "CaretSummary": "._summaries",
    "post_resample": "._summaries",
    "default_summary": "._summaries",
    "two_class_summary": "._summaries",
    "multi_class_summary": "._summaries",
    "pr_summary": "._summaries",
    "mn_log_loss": "._summaries",
    "caret_scoring": "._caret_scorers",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skcnn.metrics' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
