"""Labels as plain Python values, for every package that shows or matches them."""

from __future__ import annotations

from typing import Any

import numpy as np


def _native(value: Any) -> Any:
    """A numpy scalar as the Python scalar it holds (prints and serialises plainly)."""
    return value.item() if isinstance(value, np.generic) else value
