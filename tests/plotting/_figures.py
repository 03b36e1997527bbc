"""Checks of rendered figures that the plotting tests share."""

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render(fig, tmp_path, name="figure"):
    """Save ``fig`` as PNG and check that a real image came out."""
    path = tmp_path / f"{name}.png"
    fig.savefig(path)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000
    return path


def image_axes(fig):
    """The axes that show an image, in order."""
    return [ax for ax in fig.axes if ax.images]


def shown(ax):
    return np.asarray(ax.images[0].get_array())
