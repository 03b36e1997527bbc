"""A sphinx-gallery image scraper for matplotlib figures made without pyplot.

skcnn's plotting functions return pyplot figures, which sphinx-gallery's own
``"matplotlib"`` scraper shows (it walks ``plt.get_fignums()`` and then closes
every pyplot figure). Some examples build :class:`matplotlib.figure.Figure`
objects directly, which pyplot never sees; this scraper shows those. After each
code block it looks through the example's global variables (and one level into
lists, tuples and dicts) for figures it has not handled yet, saves each once,
and returns the reST that shows them.

It must run before the ``"matplotlib"`` scraper (conf.py lists it first): a
pyplot figure is recognised by its figure manager, which closing removes. Every
pyplot figure it meets is remembered as handled, so a figure that a block made
with pyplot and that stays bound to a name is not shown again, as a closed
figure, after a later block.

conf.py names it by its import path, ``"gallery_scrapers.figure_scraper"``, so the
configuration stays picklable.
"""

from __future__ import annotations

import weakref
from pathlib import PurePosixPath

from sphinx_gallery.scrapers import figure_rst

# Figures already handled: shown by this scraper, or pyplot's (shown by the
# "matplotlib" scraper), so a figure bound to a name in block 1 is not shown
# again after block 2. Weak references: the examples' figures are freed as usual.
_HANDLED: weakref.WeakSet = weakref.WeakSet()


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
            if not isinstance(item, Figure) or item in _HANDLED or item in found:
                continue
            if getattr(item.canvas, "manager", None) is not None:
                _HANDLED.add(item)  # a pyplot figure: the "matplotlib" scraper shows it
                continue
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
        _HANDLED.add(figure)
        paths.append(path)
        titles.append(_title(figure))
    if not paths:
        return ""
    return figure_rst(paths, gallery_conf["src_dir"], " | ".join(t for t in titles if t))
