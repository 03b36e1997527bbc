"""Venkatraman's permutation tests of two ROC curves (pROC's
``venkatraman.paired.test`` and ``venkatraman.unpaired.test``): whether the curves
differ at any operating point, from the ranks of the scores.
"""

from __future__ import annotations

import numpy as np


def _first_ranks(values: np.ndarray) -> np.ndarray:
    """R's rank(x, ties.method = "first"), along the last axis (1-based)."""
    order = np.argsort(values, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, values.shape[-1] + 1), axis=-1)
    return ranks


def _paired_stat(order_r: np.ndarray, order_s: np.ndarray, is_case: np.ndarray) -> np.ndarray:
    """venkatraman.paired.stat from the samples' order by each rank, batched on axis 0.

    At each rank x the false negatives (cases ranked <= x) plus the false positives
    (controls ranked > x); E sums their absolute difference between the curves.
    """
    n_controls = int(np.sum(~is_case))

    def errors(order):
        cases = is_case[order]
        return np.cumsum(cases, axis=-1) + n_controls - np.cumsum(~cases, axis=-1)

    return np.abs(errors(order_s) - errors(order_r)).sum(axis=-1).astype(float)


def venkatraman_paired(x: np.ndarray, y: np.ndarray, is_case: np.ndarray, n_perm: int, rng):
    """E and its permutation distribution for two scores of the same samples."""
    r, s = _first_ranks(x), _first_ranks(y)
    e = float(_paired_stat(np.argsort(r), np.argsort(s), is_case))
    n = x.size
    r2 = r + rng.random((n_perm, n)) - 0.5
    s2 = s + rng.random((n_perm, n)) - 0.5
    q = 1 - np.round(rng.random((n_perm, n)))
    r3 = r2 * q + (1 - q) * s
    s3 = s2 * q + (1 - q) * r
    perm = _paired_stat(
        np.argsort(r3, axis=1, kind="stable"), np.argsort(s3, axis=1, kind="stable"), is_case
    )
    return e, perm


def _unpaired_stat(r, s, case1, case2, mp) -> float:
    """venkatraman.unpaired.stat: the area between the curves' expected error rates."""

    def curve(ranks, cases):
        order = np.argsort(ranks, kind="stable")
        sorted_cases = cases[order]
        fx = np.cumsum(sorted_cases) / cases.sum()
        gx = np.cumsum(~sorted_cases) / (~cases).sum()
        return mp * fx + (1 - mp) * gx, mp * fx + (1 - mp) * (1 - gx)

    rp, rexp = curve(r, case1)
    sp, sexp = curve(s, case2)
    x = np.sort(np.concatenate((rp, sp)))
    y = np.abs(
        np.interp(x, rp, rexp, left=np.nan, right=np.nan)
        - np.interp(x, sp, sexp, left=np.nan, right=np.nan)
    )
    terms = (y[1:] + y[:-1]) * (x[1:] - x[:-1]) / 2
    return float(np.nansum(terms))


def venkatraman_unpaired(x, case1, y, case2, n_perm: int, rng):
    """E and its permutation distribution for the scores of two sets of samples."""
    r, s = _first_ranks(x).astype(float), _first_ranks(y).astype(float)
    # pROC divides by twice the first curve's size (length(D1) + length(D1))
    mp = (case1.sum() + case2.sum()) / (2 * x.size)
    e = _unpaired_stat(r, s, case1, case2, mp)
    perm = np.empty(n_perm)
    n1_controls = int((~case1).sum())
    n1_cases = int(case1.sum())
    for b in range(n_perm):
        rj = r + rng.random(r.size) - 0.5
        sj = s + rng.random(s.size) - 0.5
        controls = rng.permutation(np.concatenate((rj[~case1], sj[~case2])))
        cases = rng.permutation(np.concatenate((rj[case1], sj[case2])))
        rj[~case1], sj[~case2] = controls[:n1_controls], controls[n1_controls:]
        rj[case1], sj[case2] = cases[:n1_cases], cases[n1_cases:]
        perm[b] = _unpaired_stat(_first_ranks(rj), _first_ranks(sj), case1, case2, mp)
    return e, perm
