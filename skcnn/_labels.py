"""Labels as plain Python values, for every package that shows or matches them.

A private module of the root package, below metrics, model_selection, inspection
and plotting; it imports nothing of skcnn."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["native"]


def native(value: Any) -> Any:
    """A numpy scalar as the Python scalar it holds (prints and serialises plainly)."""
    return value.item() if isinstance(value, np.generic) else value
