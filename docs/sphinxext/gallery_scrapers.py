"""A sphinx-gallery image scraper for matplotlib figures made without pyplot.

skcnn's plotting functions and the examples build
:class:`matplotlib.figure.Figure` objects directly, so pyplot never sees them and
sphinx-gallery's own ``"matplotlib"`` scraper (which walks ``plt.get_fignums()``)
finds nothing. After each code block this scraper looks through the example's
global variables (and one level into lists, tuples and dicts) for figures it has
not saved yet and that pyplot does not manage, saves each once, and returns the
reST that shows them. Pyplot's figures are left to the ``"matplotlib"`` scraper.

conf.py names it by its import path, ``"gallery_scrapers.figure_scraper"``, so the
configuration stays picklable.
"""

from __future__ import annotations

import weakref
from pathlib import PurePosixPath

from sphinx_gallery.scrapers import figure_rst

# Figures already shown, so a figure bound to a name in block 1 is not shown
# again after block 2. Weak references: the examples' figures are freed as usual.
_SAVED: weakref.WeakSet = weakref.WeakSet()


def _candidates(value):
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def _new_figures(example_globals):
    from matplotlib.figure import Figure

    found = []
    for name, value in list(example_globals.items()):
        if name.startswith("__"):
            continue
        for item in _candidates(value):
            if not isinstance(item, Figure) or item in _SAVED or item in found:
                continue
            if getattr(item.canvas, "manager", None) is not None:
                continue  # a pyplot figure: the "matplotlib" scraper shows it
            found.append(item)
    return found


def _title(figure):
    """The figure's suptitle, else its first axes' title (the image's alt text)."""
    title = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    if not title and figure.axes:
        title = figure.axes[0].get_title()
    return title


def figure_scraper(block, block_vars, gallery_conf, **kwargs):
    """Save the new non-pyplot figures of a code block and return their reST."""
    figures = _new_figures(block_vars["example_globals"])
    paths = []
    titles = []
    image_paths = block_vars["image_path_iterator"]
    for figure in figures:
        path = PurePosixPath(next(image_paths))
        figure.savefig(path, **kwargs)
        _SAVED.add(figure)
        paths.append(path)
        titles.append(_title(figure))
    if not paths:
        return ""
    return figure_rst(paths, gallery_conf["src_dir"], " | ".join(t for t in titles if t))
