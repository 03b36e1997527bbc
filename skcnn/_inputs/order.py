"""The order of the training rows in each epoch, for arrays and files alike.

A function of the fit's seed and the epoch number only: a fit resumed from a
checkpoint at epoch ``k`` sees the orders the uninterrupted fit would have seen.
"""

from __future__ import annotations

import numpy as np


def epoch_order(seed, epoch, n):
    """The order of ``n`` training rows in ``epoch``: a function of ``seed`` and
    ``epoch`` only (NumPy's PCG64 seeded with both), the same for arrays and files.

    Examples
    --------
    >>> from skcnn._inputs.order import epoch_order
    >>> epoch_order(7, 0, 5).tolist() == epoch_order(7, 0, 5).tolist()
    True
    >>> epoch_order(7, 0, 5).tolist() != epoch_order(7, 1, 5).tolist()
    True
    """
    return np.random.default_rng([int(seed), int(epoch)]).permutation(int(n))
