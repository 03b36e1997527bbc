"""pROC's ``var.roc`` and ``cov.roc``: the variance of a curve's AUC (or partial
AUC) and the covariance of two curves' AUCs, by DeLong's placements, Obuchowski's
binormal formulas or a (stratified) bootstrap.

The bootstrap machinery here (:func:`_replicates`) also serves the bootstrap
tests of :mod:`._roc_test` and the bootstrap variances of :mod:`._roc_power`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._rprint import r_as_character
from ._roc import _FOCUS, ROCCurve, _check_bounds
from ._roc_ci import _placements
from ._roc_pairing import _are_paired, _complete_pair
from ._roc_utils import _build, _is_perfect, _partial_auc, _unpercent

__all__ = ["roc_cov", "roc_var"]

_METHODS = ("delong", "bootstrap", "obuchowski")
_MIXED = (
    "Different AUC specifications in the ROC curves. Enforcing the inconsistency, but "
    "unexpected results may be produced."
)


# ---- which area ---------------------------------------------------------------


@dataclass(frozen=True)
class _AUCSpec:
    """The area a variance or test is about: the full AUC or a partial one.

    ``bounds`` are fractions, whatever the curves' units; ``shown`` are the bounds
    as given (in percent for curves in percent), for the names pROC prints.
    """

    bounds: tuple[float, float] | None = None  # (high, low)
    focus: str = "specificity"
    correct: bool = False
    shown: tuple[float, float] | None = None

    @property
    def partial(self) -> bool:
        return self.bounds is not None

    def value(self, se: np.ndarray, sp: np.ndarray) -> float:
        """auc.roc with allow.invalid.partial.auc.correct = TRUE."""
        if self.bounds is None:
            return float(np.sum((se[1:] + se[:-1]) / 2 * (sp[1:] - sp[:-1])))
        auc = _partial_auc(se, sp, self.bounds, self.focus)
        if not self.correct:
            return auc
        hi, lo = self.bounds
        low = ((1 - hi) + (1 - lo)) * abs(lo - hi) / 2
        return (1 + (auc - low) / (abs(lo - hi) - low)) / 2

    def fraction_of(self, curve: ROCCurve) -> float:
        """The area of ``curve`` as a fraction (pROC's on the unpercented curve)."""
        if self.bounds is None and curve.percent:
            return float(curve.auc) / 100
        return self.value(*_unpercent(curve.sensitivities, curve.specificities, curve.percent))

    def of(self, curve: ROCCurve) -> float:
        """The area of ``curve`` in the curve's units (percent where it is), as roc$auc."""
        if self.bounds is None:
            return float(curve.auc)
        value = self.fraction_of(curve)
        return value * 100 if curve.percent else value

    def estimate_name(self, which: str) -> str:
        """roc.test's name of the estimate: "AUC of roc1", "pAUC (1-0.9 specificity) of roc1"."""
        if self.bounds is None:
            return f"AUC of {which}"
        hi, lo = (r_as_character(v) for v in (self.shown or self.bounds))
        head = "Corrected pAUC" if self.correct else "pAUC"
        return f"{head} ({hi}-{lo} {self.focus}) of {which}"


def _auc_spec(partial_auc, partial_focus, partial_correct, percent=False) -> _AUCSpec:
    """The area asked for; ``partial_auc`` is in percent for curves in percent, as pROC's."""
    if partial_auc is None:
        return _AUCSpec()
    if partial_focus not in _FOCUS:
        raise ValueError(f"partial_focus must be one of {list(_FOCUS)}, got {partial_focus!r}.")
    shown = _check_bounds(partial_auc, percent)
    bounds = (shown[0] / 100, shown[1] / 100) if percent else shown
    return _AUCSpec(bounds, partial_focus, bool(partial_correct), shown)


def _pair_spec(roc1, roc2, partial_auc, partial_focus, partial_correct, *, warn=True):
    """The area of two curves; pROC's warning where one is in percent and the other not."""
    if roc1.percent == roc2.percent:
        return _auc_spec(partial_auc, partial_focus, partial_correct, roc1.percent)
    if partial_auc is not None:
        raise ValueError(
            "partial_auc cannot be given for two curves of which one is in percent and the "
            "other not: its bounds would be percent for one and fractions for the other. "
            "Build both curves with the same percent= argument."
        )
    if warn:
        warnings.warn(_MIXED, UserWarning, stacklevel=3)
    return _AUCSpec()


def _scale(*curves) -> float:
    """100 for each curve in percent: a variance (two curves: a covariance) in percent^2."""
    return float(np.prod([100.0 if c.percent else 1.0 for c in curves]))


def _check_curve(name: str, curve) -> None:
    if not isinstance(curve, ROCCurve):
        raise ValueError(
            f"{name} must be a ROCCurve (from skcnn.metrics.roc), got {type(curve).__name__}."
        )


def _check_n_boot(n_boot) -> int:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 2:
        raise ValueError(f"n_boot must be an int of at least 2, got {n_boot!r}.")
    return int(n_boot)


# ---- the bootstrap --------------------------------------------------------------


def _kernel(curve: ROCCurve) -> np.ndarray:
    """Mann-Whitney kernel: 1 where a case outscores a control (in the curve's
    direction), 1/2 on a tie; rows are cases, columns controls."""
    cases, controls = curve.cases[:, None], curve.controls[None, :]
    if curve.direction == ">":
        cases, controls = -cases, -controls
    return (cases > controls) + 0.5 * (cases == controls)


def _draws(n: int, n_boot: int, rng) -> np.ndarray:
    return rng.integers(0, n, size=(n_boot, n))


def _counts(idx: np.ndarray, n: int) -> np.ndarray:
    counts = np.zeros((idx.shape[0], n))
    np.add.at(counts, (np.repeat(np.arange(idx.shape[0]), idx.shape[1]), idx.ravel()), 1)
    return counts


def _stat_from_indices(curve, ctrl_idx, case_idx, statistic):
    """One statistic per replicate, the curve rebuilt from resampled scores."""
    out = np.empty(len(ctrl_idx))
    for b, (ci, ki) in enumerate(zip(ctrl_idx, case_idx, strict=True)):
        controls, cases = curve.controls[ci], curve.cases[ki]
        if controls.size == 0 or cases.size == 0:
            out[b] = math.nan
            continue
        _, se, sp = _build(controls, cases, curve.direction)
        out[b] = statistic(se, sp)
    return out


def _replicates(curves, statistic, *, spec, paired, stratified, n_boot, rng) -> np.ndarray:
    """The statistic of each curve on ``n_boot`` bootstrap resamples, (n_boot, len(curves)).

    ``statistic`` is None for the AUC (or partial AUC) of ``spec``, else a function
    of (sensitivities, specificities). Paired curves share their resamples, as in
    pROC; stratified resampling draws the controls and the cases separately,
    otherwise the samples are drawn together and split by their label (a draw
    without a control or a case gives NaN).
    """
    out = np.empty((n_boot, len(curves)))
    shared = None
    for k, curve in enumerate(curves):
        n, m = curve.controls.size, curve.cases.size
        if shared is None or not paired:
            if stratified:
                draws = (_draws(n, n_boot, rng), _draws(m, n_boot, rng))
            else:
                draws = _draws(n + m, n_boot, rng)
            shared = draws
        draws = shared
        fast = statistic is None and not spec.partial
        if stratified:
            ctrl_idx, case_idx = draws
            if fast:
                wc, wk = _counts(ctrl_idx, n), _counts(case_idx, m)
                out[:, k] = ((wk @ _kernel(curve)) * wc).sum(axis=1) / (n * m)
                continue
        else:
            if fast:
                counts = _counts(draws, n + m)
                wc, wk = counts[:, :n], counts[:, n:]
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[:, k] = ((wk @ _kernel(curve)) * wc).sum(axis=1) / (
                        wc.sum(axis=1) * wk.sum(axis=1)
                    )
                continue
            ctrl_idx = [row[row < n] for row in draws]
            case_idx = [row[row >= n] - n for row in draws]
        stat = statistic if statistic is not None else spec.value
        out[:, k] = _stat_from_indices(curve, ctrl_idx, case_idx, stat)
    return out


def _drop_nan(values: np.ndarray) -> np.ndarray:
    bad = np.isnan(values).reshape(values.shape[0], -1).any(axis=1)
    if bad.any():
        warnings.warn(
            f"{int(bad.sum())} NA value(s) produced during bootstrap were ignored.",
            UserWarning,
            stacklevel=4,
        )
    return values[~bad]


# ---- Obuchowski's binormal formulas ----------------------------------------------


def _binormal(curve: ROCCurve) -> tuple[float, float]:
    """smooth.roc.binormal: A and B of lm(qnorm(sp) ~ qnorm(se)) over the finite points."""
    se, sp = _unpercent(curve.sensitivities, curve.specificities, curve.percent)
    with np.errstate(divide="ignore"):
        x = stats.norm.ppf(se)
        y = stats.norm.ppf(sp)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size <= 1 or np.all(x == x[0]):
        raise ValueError(
            "Obuchowski's variance needs the binormal fit of the curve, and this curve has "
            "too few points to fit it (pROC: 'ROC curve not smoothable'); use "
            "method='bootstrap' or 'delong'."
        )
    xm, ym = x.mean(), y.mean()
    b = float(np.sum((x - xm) * (y - ym)) / np.sum((x - xm) ** 2))
    return float(ym - b * xm), b


def _fg(a: float, b: float, fpr=None) -> tuple[float, float]:
    """pROC's f.full/g.full, or f.partial/g.partial over the FPR interval ``fpr``."""
    e1 = math.exp(-(a**2) / (2 * (1 + b**2)))
    e2 = 1 + b**2
    if fpr is None:
        return e1 * (2 * math.pi * e2) ** -0.5, -e1 * a * b * (2 * math.pi * e2**3) ** -0.5
    c1, c2 = ((stats.norm.ppf(f) + a * b / e2) * math.sqrt(e2) for f in fpr)
    e3 = stats.norm.cdf(c1) - stats.norm.cdf(c2)
    e4 = math.exp(-(c1**2) / 2) - math.exp(-(c2**2) / 2)
    f = e1 * (2 * math.pi * e2) ** -0.5 * e3
    g = e1 * (2 * math.pi * e2) ** -1 * (-e4) - a * b * e1 * (2 * math.pi * e2**3) ** -0.5 * e3
    return f, g


def _fpr(spec: _AUCSpec):
    """var.roc.obuchowski's FPR1, FPR2: one minus the specificity bounds (low, high)."""
    if spec.bounds is None:
        return None
    hi, lo = spec.bounds
    return (1 - lo, 1 - hi)


def _var_obuchowski(curve: ROCCurve, spec: _AUCSpec) -> float:
    """var.roc.obuchowski: the variance of the (partial) AUC as a fraction, times the cases."""
    a, b = _binormal(curve)
    kappa = curve.controls.size / curve.cases.size
    return _obuchowski_var_params(a, b, kappa, _fpr(spec))


def _obuchowski_var_params(a, b, kappa, fpr=None) -> float:
    """var.params.obuchowski: the variance of the (partial) AUC times the cases."""
    f, g = _fg(a, b, fpr)
    return f**2 * (1 + b**2 / kappa + a**2 / 2) + g**2 * b**2 * (1 + kappa) / (2 * kappa)


def _obuchowski_cov_params(a1, b1, a2, b2, rn, ra, kappa, fpr1=None, fpr2=None) -> float:
    """cov.params.obuchowski: the covariance of two (partial) AUCs times the cases."""
    f1, g1 = _fg(a1, b1, fpr1)
    f2, g2 = _fg(a2, b2, fpr2)
    return (
        f1 * f2 * (ra + rn * b1 * b2 / kappa + ra**2 * a1 * a2 / 2)
        + g1 * g2 * (b1 * b2 * (rn**2 + kappa * ra**2) / (2 * kappa))
        + f1 * g2 * (ra**2 * a1 * b2 / 2)
        + f2 * g1 * (ra**2 * a2 * b1 / 2)
    )


def _check_obuchowski(spec: _AUCSpec) -> None:
    if spec.partial and spec.focus == "sensitivity":
        raise ValueError(
            "Obuchowski's method does not support a partial AUC over a sensitivity range; "
            "use method='bootstrap'."
        )


# ---- var.roc ------------------------------------------------------------------------


def roc_var(
    curve,
    method=None,
    *,
    partial_auc=None,
    partial_focus="specificity",
    partial_correct=False,
    n_boot=2000,
    stratified=True,
    random_state=None,
) -> float:
    """Variance of a ROC curve's AUC (or partial AUC), as pROC's ``var(roc)``.

    Parameters
    ----------
    curve : ROCCurve
    method : {"delong", "bootstrap", "obuchowski"}, optional
        DeLong's placements (full AUC only), a bootstrap, or Obuchowski's
        formula on the curve's binormal fit (full AUC or a partial AUC over a
        specificity range). None: "bootstrap" for a partial AUC, else "delong",
        as pROC chooses.
    partial_auc : pair of float, optional
        The bounds of a partial AUC (pROC's ``partial.auc``), e.g. ``(1, 0.8)``;
        in percent, e.g. ``(100, 80)``, for a curve in percent.
    partial_focus : {"specificity", "sensitivity"}, default="specificity"
    partial_correct : bool, default=False
        McClish's correction of the partial AUC (bootstrap only; Obuchowski's
        formula ignores it, as pROC's does).
    n_boot : int, default=2000
        Bootstrap replicates (pROC's ``boot.n``).
    stratified : bool, default=True
        Resample controls and cases separately (pROC's ``boot.stratified``).
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap.

    Returns
    -------
    float
        In percent^2 for a curve in percent (pROC computes on fractions and
        multiplies by 100^2).

    Raises
    ------
    ValueError
        For an unknown method, DeLong's method with a partial AUC, Obuchowski's
        with a partial AUC over sensitivities, or a curve Obuchowski's binormal
        fit cannot use.

    See Also
    --------
    roc_cov : The covariance of two curves' AUCs.

    Notes
    -----
    Differences from R:

    - The bootstrap draws its own random numbers (numpy's), not R's: results
      agree with pROC's within Monte-Carlo error, not digit for digit.
    - A replicate that has no control or no case (non-stratified bootstrap)
      gives NaN, dropped with a warning, as pROC drops its NA.

    Examples
    --------
    >>> from skcnn.metrics import roc, roc_var
    >>> y = [0] * 6 + [1] * 6
    >>> r = roc(y, [0.1, 0.3, 0.2, 0.6, 0.4, 0.35, 0.5, 0.8, 0.9, 0.7, 0.45, 0.65])
    >>> round(roc_var(r), 6)
    0.004321
    >>> round(roc_var(r, "obuchowski"), 6)
    0.015273
    >>> v = roc_var(r, "bootstrap", n_boot=500, random_state=0)
    >>> 0.002 < v < 0.008
    True
    >>> p = roc(y, [0.1, 0.3, 0.2, 0.6, 0.4, 0.35, 0.5, 0.8, 0.9, 0.7, 0.45, 0.65], percent=True)
    >>> round(roc_var(p), 2)
    43.21
    """
    _check_curve("curve", curve)
    spec = _auc_spec(partial_auc, partial_focus, partial_correct, curve.percent)
    if method is None:
        method = "bootstrap" if spec.partial else "delong"
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}.")
    if _is_perfect(curve.sensitivities, curve.specificities, curve.percent):
        warnings.warn(
            "roc_var() of a ROC curve with AUC == 1 is always 0 and can be misleading.",
            UserWarning,
            stacklevel=2,
        )
    return _var(curve, method, spec, n_boot, stratified, random_state) * _scale(curve, curve)


def _var(curve, method, spec, n_boot, stratified, random_state) -> float:
    """var.roc on the unpercented curve: the variance of the area as a fraction."""
    if method == "delong":
        if spec.partial:
            raise ValueError(
                "DeLong's method does not support a partial AUC; use method='bootstrap'."
            )
        return _var_delong(curve)
    if method == "obuchowski":
        _check_obuchowski(spec)
        return _var_obuchowski(curve, spec) / curve.cases.size
    values = _replicates(
        [curve],
        None,
        spec=spec,
        paired=False,
        stratified=bool(stratified),
        n_boot=_check_n_boot(n_boot),
        rng=np.random.default_rng(random_state),
    )
    return float(np.var(_drop_nan(values)[:, 0], ddof=1))


def _var_delong(curve: ROCCurve) -> float:
    n, m = curve.controls.size, curve.cases.size
    _, x, y = _placements(curve.controls, curve.cases, curve.direction)
    return float(np.var(y, ddof=1) / n + np.var(x, ddof=1) / m)


def _cov_delong(roc1: ROCCurve, roc2: ROCCurve) -> float:
    n, m = roc1.controls.size, roc1.cases.size
    _, x1, y1 = _placements(roc1.controls, roc1.cases, roc1.direction)
    _, x2, y2 = _placements(roc2.controls, roc2.cases, roc2.direction)
    return float(np.cov(x2, x1)[0, 1] / m + np.cov(y2, y1)[0, 1] / n)


def _cov_obuchowski(roc1: ROCCurve, roc2: ROCCurve, spec: _AUCSpec) -> float:
    """cov.roc.obuchowski, times the cases."""
    a1, b1 = _binormal(roc1)
    a2, b2 = _binormal(roc2)
    kappa = roc1.controls.size / roc1.cases.size
    ra = float(np.corrcoef(roc1.cases, roc2.cases)[0, 1])
    rn = float(np.corrcoef(roc1.controls, roc2.controls)[0, 1])
    fpr = _fpr(spec)
    return _obuchowski_cov_params(a1, b1, a2, b2, rn, ra, kappa, fpr, fpr)


# ---- cov.roc ------------------------------------------------------------------------


def roc_cov(
    roc1,
    roc2,
    method=None,
    *,
    partial_auc=None,
    partial_focus="specificity",
    partial_correct=False,
    n_boot=2000,
    stratified=True,
    random_state=None,
) -> float:
    """Covariance of two ROC curves' AUCs (or partial AUCs), as pROC's ``cov(roc1, roc2)``.

    Curves of different samples are independent: their covariance is 0 (with a
    warning, where pROC prints a message). Paired curves (the same labels and
    levels) are compared on the samples both scored. For curves in percent the
    covariance is in percent^2, as pROC's.

    Parameters
    ----------
    roc1, roc2 : ROCCurve
    method : {"delong", "bootstrap", "obuchowski"}, optional
        None: "bootstrap" for a partial AUC or curves of different directions,
        else "delong", as pROC chooses.
    partial_auc, partial_focus, partial_correct
        The partial AUC of both curves, as in :func:`roc_var` (in percent for
        curves in percent).
    n_boot : int, default=2000
    stratified : bool, default=True
    random_state : int, numpy.random.Generator or None
        Seed of the bootstrap; both curves are resampled together (the same
        samples in each replicate).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`roc_var`; also for ``partial_auc`` with one curve in percent
        and the other not.

    See Also
    --------
    roc_var : The variance of one curve's AUC.

    Notes
    -----
    Differences from R:

    - The bootstrap draws numpy's random numbers, not R's; pROC's message for
      unpaired curves is a ``UserWarning``.
    - Obuchowski's covariance of partial AUCs of curves in percent: pROC takes
      one minus the bounds in percent (``1 - 100``) as false positive rates and
      returns NaN; here the bounds are read as fractions and the covariance is
      100^2 times that of the same curves in fractions.
    - One curve in percent and the other not: pROC's warning ("Different AUC
      specifications ...") and its scale (DeLong's and Obuchowski's covariance
      in percent^2 when ``roc1`` is in percent, the bootstrap's in the units of
      each curve), but no ``partial_auc`` (a ValueError: pROC gives each curve
      its own bounds, one ``partial_auc`` cannot).

    Examples
    --------
    >>> from skcnn.metrics import roc, roc_cov
    >>> y = [0] * 6 + [1] * 6
    >>> a = roc(y, [0.1, 0.3, 0.2, 0.6, 0.4, 0.35, 0.5, 0.8, 0.9, 0.7, 0.45, 0.65])
    >>> b = roc(y, [0.2, 0.5, 0.1, 0.4, 0.3, 0.6, 0.55, 0.6, 0.7, 0.45, 0.9, 0.25])
    >>> round(roc_cov(a, b), 6)
    -0.001852
    >>> round(roc_cov(a, b, "obuchowski"), 6)
    -0.001421
    """
    _check_curve("roc1", roc1)
    _check_curve("roc2", roc2)
    if all(_is_perfect(c.sensitivities, c.specificities, c.percent) for c in (roc1, roc2)):
        warnings.warn(
            "roc_cov() of two ROC curves with AUC == 1 is always 0 and can be misleading.",
            UserWarning,
            stacklevel=2,
        )
    if not _are_paired(roc1, roc2):
        warnings.warn(
            "The ROC curves are unpaired (not built from the same labels and levels): "
            "their covariance is 0.",
            UserWarning,
            stacklevel=2,
        )
        return 0.0
    spec = _pair_spec(roc1, roc2, partial_auc, partial_focus, partial_correct)
    roc1, roc2 = _complete_pair(roc1, roc2)
    if method is None:
        method = "bootstrap" if spec.partial or roc1.direction != roc2.direction else "delong"
    if method not in _METHODS:
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}.")
    if method != "bootstrap" and roc1.direction != roc2.direction:
        name = "DeLong's" if method == "delong" else "Obuchowski's"
        warnings.warn(
            f"{name} method should not be applied to ROC curves with a different direction.",
            UserWarning,
            stacklevel=2,
        )
    if method == "delong":
        if spec.partial:
            raise ValueError(
                "DeLong's method does not support a partial AUC; use method='bootstrap'."
            )
        return _cov_delong(roc1, roc2) * _scale(roc1, roc1)
    if method == "obuchowski":
        _check_obuchowski(spec)
        return _cov_obuchowski(roc1, roc2, spec) / roc1.cases.size * _scale(roc1, roc1)
    values = _replicates(
        [roc1, roc2],
        None,
        spec=spec,
        paired=True,
        stratified=bool(stratified),
        n_boot=_check_n_boot(n_boot),
        rng=np.random.default_rng(random_state),
    )
    values = _drop_nan(values)
    return float(np.cov(values[:, 0], values[:, 1])[0, 1]) * _scale(roc1, roc2)
