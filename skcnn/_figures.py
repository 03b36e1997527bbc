"""Figures for skcnn's plots, known to pyplot as scikit-learn's Displays' are.

``plt.show()`` in a script shows them and notebooks render them inline, and
on a machine without a display pyplot falls back to its Agg backend, so the
plots still save to files. pyplot is imported only when a plot is drawn.
"""

from __future__ import annotations


def new_figure(**kwargs):
    """A new pyplot figure (``matplotlib.pyplot.figure(**kwargs)``)."""
    import matplotlib.pyplot as plt

    return plt.figure(**kwargs)
