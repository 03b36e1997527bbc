"""pROC's ``are.paired``: whether two ROC curves come from the same samples, and
the pair rebuilt on the samples that both curves scored.

Shared by :mod:`._roc_test`, :mod:`._roc_var` and :mod:`._roc_power`, which all
treat paired curves (same labels and levels) differently from unpaired ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._roc import ROCCurve, _in_levels


def _same_response(a: ROCCurve, b: ROCCurve) -> bool:
    if a._origin is None or b._origin is None:
        return False
    ra, rb = a._origin[0], b._origin[0]
    if ra.shape != rb.shape:
        return False
    na, nb = pd.isna(ra), pd.isna(rb)
    return bool(
        np.array_equal(na, nb) and all(x == y for x, y in zip(ra[~na], rb[~nb], strict=True))
    )


def _are_paired(a: ROCCurve, b: ROCCurve) -> bool:
    """are.paired: the same levels and the same labels, sample for sample."""
    return a.levels == b.levels and _same_response(a, b)


def _complete_pair(a: ROCCurve, b: ROCCurve) -> tuple[ROCCurve, ROCCurve]:
    """are.paired: both curves rebuilt on the samples where both have a score."""
    response, sa = a._origin
    sb = b._origin[1]
    labelled = ~np.asarray(pd.isna(response), dtype=bool)
    if np.array_equal(np.isnan(sa) & labelled, np.isnan(sb) & labelled):
        return a, b  # the same samples were dropped from both
    keep = labelled & ~np.isnan(sa) & ~np.isnan(sb)

    def rebuild(curve, scores):
        controls = scores[keep & _in_levels(response, curve.levels[0])]
        cases = scores[keep & _in_levels(response, curve.levels[1])]
        return ROCCurve(
            controls,
            cases,
            levels=curve.levels,
            direction=curve.direction,
            response_name=curve.response_name,
            predictor_name=curve.predictor_name,
            call=curve.call,
            percent=curve.percent,
            _origin=curve._origin,
        )

    return rebuild(a, sa), rebuild(b, sb)


def _samples(curve: ROCCurve, other: ROCCurve | None = None) -> tuple[np.ndarray, np.ndarray]:
    """pROC's ``roc$predictor`` and whether each sample is a case, in sample order.

    The samples of the curve's levels that have a score (and, given ``other``, a
    score in ``other`` too), in the order they were given; a curve built without
    its samples' order lists its controls, then its cases.
    """
    if curve._origin is None:
        scores = np.concatenate((curve.controls, curve.cases))
        is_case = np.repeat([False, True], [curve.controls.size, curve.cases.size])
        return scores, is_case
    response, scores = curve._origin
    controls = _in_levels(response, curve.levels[0])
    cases = _in_levels(response, curve.levels[1])
    keep = (controls | cases) & ~np.isnan(scores)
    if other is not None and other._origin is not None:
        keep &= ~np.isnan(other._origin[1])
    return np.asarray(scores[keep], dtype=float), np.asarray(cases[keep], dtype=bool)
