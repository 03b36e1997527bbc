"""Comparing models on shared resamples, as caret's ``resamples()`` does.

:func:`resamples` scores every model on the same cross-validation folds (caret's
shared ``index``) and returns a :class:`Resamples`: the per-fold scores laid out
as caret's ``$values``, a ``summary()`` that prints like caret's
``summary(resamples)``, and a ``diff()`` that runs caret's paired t-tests of every
pair of models (with R's ``p.adjust`` for multiple comparisons) or Nadeau and
Bengio's corrected resampled t-test. :meth:`Resamples.from_values` compares scores
computed elsewhere. The numbers and the printed text are checked against R
(``tests/r/make_resamples_fixtures.R``).

:func:`train_report` prints a fitted ``GridSearchCV`` (or randomized or halving
search) as caret prints a ``train`` object, with caret's ``$results``,
``$resample`` and ``$bestTune`` (checked against R by
``tests/r/make_train_fixtures.R``).

One module per concern: ``_resamples`` (the run on shared folds), ``_results``
(:class:`Resamples`), ``_multitest`` (:func:`p_adjust`), ``_prints`` (what
``summary()`` and ``diff()`` return, printed as caret prints them) and
``_train_report`` (:func:`train_report`, caret's ``print(train)``, with
``_train_resampling`` naming the search's resampling as caret does), ``_cor``
(R's ``cor`` for caret's ``modelCor``, :meth:`Resamples.model_cor`) and
``_compare`` (caret's :func:`compare_models`; its :class:`TTest`, R's ``htest``,
lives in ``_prints``). They import
scikit-learn, scipy, pandas and the shared helpers below them (``skcnn._rprint``
for R's print rules, ``skcnn._rstats`` for R's ``t.test``), never another skcnn
package, and never TensorFlow or Keras.
"""

from ._compare import compare_models
from ._multitest import p_adjust
from ._prints import ResamplesDiff, ResamplesDiffSummary, ResamplesSummary, TTest
from ._resamples import resamples
from ._results import Resamples
from ._train_report import TrainReport, train_report

__all__ = [
    "Resamples",
    "ResamplesDiff",
    "ResamplesDiffSummary",
    "ResamplesSummary",
    "TTest",
    "TrainReport",
    "compare_models",
    "p_adjust",
    "resamples",
    "train_report",
]
