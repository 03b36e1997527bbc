"""R's statistics that more than one package uses: the one-sample ``t.test``
(model_selection's ``diff`` tests and plotting's dot plot intervals) and
``density()`` with its bandwidth rules (plotting's density plot of resamples,
metrics' smoothed ROC curves).

A private module of the root package, below both; it imports nothing of skcnn."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy import stats

__all__ = [
    "Density",
    "approx",
    "bandwidth",
    "bin_dist",
    "bw_nrd",
    "bw_nrd0",
    "density",
    "dnorm",
    "quantile7",
    "seq_length_out",
    "t_test",
]


def t_test(d: np.ndarray, confidence_level: float, variance_factor=None) -> dict:
    """R's one-sample t.test(d, conf.level) on the non-missing values.

    ``variance_factor`` replaces R's ``1/n`` in the variance of the mean: Nadeau and
    Bengio's corrected resampled t-test uses ``1/n + n_test/n_train``. When R's
    t.test would stop (fewer than two values, or values that are essentially
    constant), the test statistics are NaN and ``problem`` says why.

    Returns the dict ``estimate``, ``statistic``, ``df``, ``p_value``,
    ``conf_low``, ``conf_high``, ``stderr`` (R's ``stderr``, the standard error
    of the mean), ``n`` and ``problem``.
    """
    d = d[~np.isnan(d)]
    n = len(d)
    estimate = math.fsum(d) / n if n else math.nan
    result = {
        "estimate": estimate,
        "statistic": math.nan,
        "df": float(n - 1) if n else math.nan,
        "p_value": math.nan,
        "conf_low": math.nan,
        "conf_high": math.nan,
        "stderr": math.nan,
        "n": n,
        "problem": None,
    }
    if n < 2:
        result["problem"] = f"not enough observations ({n})"
        return result
    factor = 1.0 / n if variance_factor is None else variance_factor(n)
    stderr = math.sqrt(factor * float(np.var(d, ddof=1)))
    if stderr < 10 * np.finfo(float).eps * abs(estimate):
        result["problem"] = "the data are essentially constant"
        return result
    if stderr == 0:  # all differences zero: R's t.test computes 0/0, NaN throughout
        result["problem"] = "the differences are all zero"
        return result
    df = n - 1
    tstat = estimate / stderr
    q = float(stats.t.ppf(1 - (1 - confidence_level) / 2, df))
    result.update(
        stderr=stderr,
        statistic=tstat,
        p_value=float(2 * stats.t.cdf(-abs(tstat), df)),
        conf_low=(tstat - q) * stderr,
        conf_high=(tstat + q) * stderr,
    )
    return result


# --------------------------------------------------------------------------
# R's density(): bandwidths, linear binning, FFT convolution, approx()
# --------------------------------------------------------------------------

_KERNELS = (
    "gaussian",
    "epanechnikov",
    "rectangular",
    "triangular",
    "biweight",
    "cosine",
    "optcosine",
)
_BANDWIDTHS = ("nrd0", "nrd")
_SQRT_DBL_MAX = math.sqrt(np.finfo(float).max)
_DNORM_UNDERFLOW = math.sqrt(-2 * math.log(2) * (-1021 + 1 - 53))  # DBL_MIN_EXP, DBL_MANT_DIG


class Density(NamedTuple):
    """What R's ``density()`` returns that skcnn uses: the grid, the estimate, the bandwidth."""

    x: np.ndarray
    y: np.ndarray
    bw: float


def seq_length_out(start: float, stop: float, n: int) -> np.ndarray:
    """R's ``seq.int(from, to, length.out = n)``: ``from + i * by`` inside, ``to`` last."""
    out = np.empty(n)
    if n > 0:
        out[0] = start
    if n > 1:
        out[-1] = stop
    if n > 2:
        by = (stop - start) / (n - 1)
        out[1:-1] = start + np.arange(1, n - 1, dtype=float) * by
    return out


def quantile7(x: np.ndarray, probs) -> np.ndarray:
    """R's ``quantile(x, probs, type = 7)``: ``(1 - h) x[lo] + h x[hi]`` on sorted values."""
    ordered = np.sort(np.asarray(x, dtype=float))
    # R's 1-based index, so that h rounds as R's does.
    index = 1 + max(len(ordered) - 1, 0) * np.asarray(probs, dtype=float)
    lo = np.floor(index).astype(int)
    hi = np.ceil(index).astype(int)
    qs = ordered[lo - 1].copy()
    mix = (index > lo) & (ordered[hi - 1] != qs)
    h = (index - lo)[mix]
    qs[mix] = (1 - h) * qs[mix] + h * ordered[hi[mix] - 1]
    return qs


def bw_nrd0(x: np.ndarray) -> float:
    """R's ``bw.nrd0``: ``0.9 * min(sd, IQR / 1.34) * n^(-1/5)``, with R's fallbacks."""
    x = np.asarray(x, dtype=float)
    if len(x) < 2:
        raise ValueError(
            f"bw='nrd0' needs at least 2 data points, got {len(x)}; pass a numeric bandwidth."
        )
    hi = float(np.std(x, ddof=1))
    q25, q75 = quantile7(x, [0.25, 0.75])
    lo = min(hi, float(q75 - q25) / 1.34)
    if not lo:
        lo = hi or abs(float(x[0])) or 1.0
    return 0.9 * lo * len(x) ** -0.2


def bw_nrd(x: np.ndarray) -> float:
    """R's ``bw.nrd`` (Scott's rule): ``1.06 * min(sd, IQR / 1.34) * n^(-1/5)``."""
    x = np.asarray(x, dtype=float)
    if len(x) < 2:
        raise ValueError(
            f"bw='nrd' needs at least 2 data points, got {len(x)}; pass a numeric bandwidth."
        )
    q25, q75 = quantile7(x, [0.25, 0.75])
    h = float(q75 - q25) / 1.34
    return 1.06 * min(math.sqrt(float(np.var(x, ddof=1))), h) * len(x) ** (-1 / 5)


def bandwidth(x: np.ndarray, bw) -> float:
    """A bandwidth rule's value (``"nrd0"``, ``"nrd"``) or a positive number as given."""
    if isinstance(bw, str):
        rule = {"nrd0": bw_nrd0, "nrd": bw_nrd}.get(bw.lower())
        if rule is None:
            raise ValueError(
                f"bw must be a number or one of {list(_BANDWIDTHS)}, got {bw!r} (R's "
                "'ucv', 'bcv' and 'SJ' are not ported; pass their value as a number)."
            )
        return rule(x)
    try:
        value = float(bw)
    except (TypeError, ValueError):
        raise ValueError(
            f"bw must be a number or one of {list(_BANDWIDTHS)}, got {bw!r}."
        ) from None
    return value


def dnorm(x: np.ndarray, sd: float) -> np.ndarray:
    """R's ``dnorm(x, 0, sd)`` (src/nmath/dnorm.c), its exact arithmetic included."""
    z = np.abs(np.asarray(x, dtype=float) / sd)
    out = np.zeros_like(z)
    near = z < 5
    out[near] = (1 / math.sqrt(2 * math.pi)) * np.exp(-0.5 * z[near] * z[near]) / sd
    far = (z >= 5) & (z <= _DNORM_UNDERFLOW) & (z < 2 * _SQRT_DBL_MAX)
    x1 = np.ldexp(np.rint(np.ldexp(z[far], 16)), -16)  # R_forceint: nearbyint
    x2 = z[far] - x1
    out[far] = (
        (1 / math.sqrt(2 * math.pi)) / sd * (np.exp(-0.5 * x1 * x1) * np.exp((-0.5 * x2 - x1) * x2))
    )
    return out


def bin_dist(x: np.ndarray, weights: np.ndarray, lo: float, hi: float, n: int) -> np.ndarray:
    """R's C ``BinDist``: linear binning of ``weights`` onto ``n`` points, in a 2n vector."""
    y = np.zeros(2 * n)
    delta = (hi - lo) / (n - 1)
    for value, weight in zip(x, weights, strict=True):
        if not math.isfinite(value):
            continue
        position = (value - lo) / delta
        ix = math.floor(position)
        fx = position - ix
        if 0 <= ix <= n - 2:
            y[ix] += weight * (1 - fx)
            y[ix + 1] += weight * fx
        elif ix == -1:
            y[0] += weight * fx
        elif ix == n - 1:
            y[ix] += weight * (1 - fx)
    return y


def approx(x: np.ndarray, y: np.ndarray, xout: np.ndarray) -> np.ndarray:
    """R's ``approx(x, y, xout)$y`` for increasing ``x``: linear, NaN outside (rule 1)."""
    xout = np.asarray(xout, dtype=float)
    out = np.full(xout.shape, np.nan)
    inside = (xout >= x[0]) & (xout <= x[-1])
    v = xout[inside]
    j = np.clip(np.searchsorted(x, v, side="right"), 1, len(x) - 1)
    i = j - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        value = y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]))
    value = np.where(v == x[j], y[j], np.where(v == x[i], y[i], value))
    out[inside] = value
    return out


def _kernel(kernel: str, kords: np.ndarray, bw: float) -> np.ndarray:
    """R's density(): the kernel with standard deviation ``bw`` at ``kords``."""
    if kernel == "gaussian":
        return dnorm(kords, bw)
    ax = np.abs(kords)
    if kernel == "rectangular":
        a = bw * math.sqrt(3)
        return np.where(ax < a, 0.5 / a, 0.0)
    if kernel == "triangular":
        a = bw * math.sqrt(6)
        return np.where(ax < a, (1 - ax / a) / a, 0.0)
    if kernel == "epanechnikov":
        a = bw * math.sqrt(5)
        return np.where(ax < a, 3 / 4 * (1 - (ax / a) ** 2) / a, 0.0)
    if kernel == "biweight":
        a = bw * math.sqrt(7)
        return np.where(ax < a, 15 / 16 * (1 - (ax / a) ** 2) ** 2 / a, 0.0)
    if kernel == "cosine":
        a = bw / math.sqrt(1 / 3 - 2 / math.pi**2)
        return np.where(ax < a, (1 + np.cos(math.pi * kords / a)) / (2 * a), 0.0)
    a = bw / math.sqrt(1 - 8 / math.pi**2)  # optcosine
    return np.where(ax < a, math.pi / 4 * np.cos(math.pi * kords / (2 * a)) / a, 0.0)


def density(
    x,
    bw="nrd0",
    adjust=1.0,
    kernel="gaussian",
    n=512,
    from_=None,
    to=None,
    cut=3.0,
) -> Density:
    """R's ``density(x, bw, adjust, kernel, n = n, from, to, cut)`` without weights.

    R's algorithm step by step: the bandwidth (a rule's or the number given) times
    ``adjust``; the data binned linearly on ``max(n, 512)`` points (rounded up to
    a power of two above 512) from ``from - 4 bw`` to ``to + 4 bw``; convolved
    with the kernel by FFT; negative round-off set to 0; interpolated linearly
    onto the ``n`` points from ``from`` (default ``min - cut bw``) to ``to``
    (default ``max + cut bw``). Non-finite values are dropped and their share
    of the mass with them, as R does; missing values are an error, as R's
    ``na.rm = FALSE``. numpy's FFT replaces R's, so the estimate agrees with R's
    to round-off of the FFT (about 1e-15 of the peak), not to the last digit.
    """
    x = np.asarray(x, dtype=float).ravel()
    if np.isnan(x).any():
        raise ValueError("density() got missing values (NaN); drop them first.")
    if kernel not in _KERNELS:
        raise ValueError(f"kernel must be one of {list(_KERNELS)}, got {kernel!r}.")
    n_user = int(n)
    if n_user < 1:
        raise ValueError(f"n must be a positive number of points, got {n!r}.")
    total = len(x)
    finite = x[np.isfinite(x)]
    if finite.size == 0:
        raise ValueError("density() needs at least one finite value.")
    size = max(n_user, 512)
    if size > 512:
        size = 2 ** math.ceil(math.log2(size))
    if isinstance(bw, str) and finite.size < 2:
        raise ValueError("need at least 2 points to select a bandwidth automatically")
    width = bandwidth(finite, bw)
    if not math.isfinite(width):
        raise ValueError("non-finite 'bw'")
    width = adjust * width
    if width <= 0:
        raise ValueError(f"the bandwidth must be positive, got {width!r}.")
    start = float(finite.min() - cut * width) if from_ is None else float(from_)
    stop = float(finite.max() + cut * width) if to is None else float(to)
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise ValueError("non-finite 'from' or 'to'")
    lo, up = start - 4 * width, stop + 4 * width
    weights = np.full(finite.size, 1.0 / finite.size)
    binned = bin_dist(finite, weights, lo, up, size) * (finite.size / total)
    kords = seq_length_out(0.0, 2 * (up - lo), 2 * size)
    kords[size + 1 :] = -kords[size - 1 : 0 : -1]
    kern = _kernel(kernel, kords, width)
    smoothed = np.fft.ifft(np.fft.fft(binned) * np.conj(np.fft.fft(kern))).real[:size]
    smoothed = np.maximum(0.0, smoothed)
    xords = seq_length_out(lo, up, size)
    grid = seq_length_out(start, stop, n_user)
    return Density(grid, approx(xords, smoothed, grid), width)
