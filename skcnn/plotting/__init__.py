"""matplotlib figures from skcnn's objects and from a fitted :class:`CNNClassifier`.

Every function returns a :class:`matplotlib.figure.Figure` known to pyplot, as
scikit-learn's Displays do: ``plt.show()`` in a script shows it, a notebook
displays it, and on a machine without a display pyplot uses its Agg backend, so
``fig.savefig(path)`` works everywhere. ``plt.close(fig)`` frees it. Functions
with an ``ax=`` argument draw into an existing axes instead.

Importing this module loads neither matplotlib nor TensorFlow; matplotlib loads
on the first plot, and the functions that look inside a network use the Keras
that the fitted estimator already loaded.

One module per kind of figure; this file only hands their names on:

- ``_history.py``: :func:`plot_history`, :func:`plot_lr_find`
- ``_confusion.py``: :func:`plot_confusion_matrix`
- ``_roc.py``: :func:`plot_roc`
- ``_network.py``: :func:`plot_misclassified`, :func:`plot_filters`,
  :func:`plot_feature_maps`
- ``_inspection.py``: :func:`plot_gradcam`, :func:`plot_occlusion`,
  :func:`plot_top_losses`
- ``_resamples.py``: :func:`plot_resamples`
- ``_train.py``: :func:`plot_train` (caret's ``plot(train)``)
- ``_common.py``: ``new_figure`` and the helpers more than one of them uses.

The figure modules import ``_common`` and, for what they draw, the layer below
(:mod:`skcnn.metrics`, :mod:`skcnn.model_selection`) and skcnn's bottom modules;
from :mod:`skcnn.inspection`, on the same layer, only names without an
underscore. Nothing here imports the estimators or the CLI.
"""

from ._confusion import plot_confusion_matrix
from ._history import plot_history, plot_lr_find
from ._inspection import plot_gradcam, plot_occlusion, plot_top_losses
from ._network import plot_feature_maps, plot_filters, plot_misclassified
from ._resamples import plot_resamples
from ._roc import plot_roc
from ._train import plot_train

__all__ = [
    "plot_confusion_matrix",
    "plot_feature_maps",
    "plot_filters",
    "plot_gradcam",
    "plot_history",
    "plot_lr_find",
    "plot_misclassified",
    "plot_occlusion",
    "plot_resamples",
    "plot_roc",
    "plot_top_losses",
    "plot_train",
]
