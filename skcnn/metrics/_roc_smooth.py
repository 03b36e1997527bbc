"""pROC's ``smooth``: a smoothed ROC curve, binormal or from kernel densities,
number for number.

Every step follows pROC 1.18.0's ``smooth.roc``, ``smooth.roc.binormal``,
``smooth.roc.density``, ``roc.utils.perfs.dens``, ``sort.smooth.roc``,
``auc.roc`` and ``print.smooth.roc``. R's ``density()`` lives one floor down in
:mod:`skcnn._rstats`, shared with plotting's density plot of resamples. The
tests compare the curves, their AUCs and the prints with what R itself
produced (``tests/r/make_proc_smooth_fixtures.R``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from .._rprint import cat, r_label
from .._rstats import bandwidth, density
from ._roc import AUC, ROCCurve, _partial_auc_of
from ._roc_utils import _trapezoid

__all__ = ["SmoothROC", "smooth_roc"]

_METHODS = ("binormal", "density")
_NOT_PORTED = ("fitdistr", "logcondens", "logcondens.smooth")
_QR_TOL = 1e-7  # lm()'s tolerance for a rank-deficient model matrix


class SmoothROC:
    """A smoothed ROC curve, as pROC's ``smooth.roc`` object.

    Build it with :func:`smooth_roc`. The arrays are in pROC's order
    (specificities increasing, from 0 to 1 (or 100), the end points included)
    and read-only. ``print(s)`` reads like ``print(smooth(r))`` in R.

    Attributes
    ----------
    sensitivities, specificities : numpy.ndarray
        ``n + 2`` points of the smoothed curve, in percent when the curve is.
    auc : AUC
        The area under the smoothed curve (pROC's ``auc(s)``), a float that prints
        as pROC's ``print.auc``: for the binormal
        curve ``pnorm(a / sqrt(1 + b^2))`` from its model, otherwise the
        trapezoid sum over the points; in percent when the curve is.
    method : {"binormal", "density"}
    percent : bool
        Whether the values are percentages, as the curve's.
    levels : tuple
        ``(control, case)``, as the curve's.
    direction : {"<", ">"}
        As the curve's.
    response_name, predictor_name : str
        As the curve's, for the print.
    roc : ROCCurve
        The curve that was smoothed (pROC's ``attr(s, "roc")``).
    n : int
        The number of points asked for.
    coefficients : tuple of float or None
        Binormal: ``(intercept, slope)`` of pROC's linear model
        ``qnorm(sp) ~ qnorm(se)`` over the curve's points. None otherwise.
    bw : str or float or None
        Density: the bandwidth as given (a rule's name or a number), as the print
        shows it. None for binormal.
    bandwidth : float or None
        Density: the bandwidth used, ``adjust`` applied (None for binormal or for
        densities given as numbers).
    adjust, kernel : float, str or None
        Density: as given. None for binormal.
    call : str
        The call shown on the print's "Call:" line.

    See Also
    --------
    smooth_roc : Builds it.
    roc : The empirical curve.

    Examples
    --------
    >>> from skcnn.metrics import roc, smooth_roc
    >>> y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    >>> r = roc(y, [0.12, 0.3, 0.33, 0.61, 0.2, 0.45, 0.41, 0.52, 0.8, 0.93, 0.7, 0.38])
    >>> s = smooth_roc(r, n=5)
    >>> [round(v, 4) for v in s.specificities.tolist()]
    [0.0, 0.0, 0.7188, 0.8293, 0.9071, 1.0, 1.0]
    >>> [round(v, 4) for v in s.sensitivities.tolist()]
    [1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """

    def __init__(
        self,
        curve,
        method,
        sensitivities,
        specificities,
        auc,
        *,
        n,
        call,
        coefficients=None,
        bw=None,
        bandwidth=None,
        adjust=None,
        kernel=None,
    ):
        self.roc = curve
        self.method = method
        self.sensitivities = _frozen(sensitivities)
        self.specificities = _frozen(specificities)
        self._auc = AUC(float(auc), percent=bool(getattr(curve, "percent", False)))
        self.percent = bool(getattr(curve, "percent", False))
        self.levels = tuple(curve.levels)
        self.direction = curve.direction
        self.response_name = curve.response_name
        self.predictor_name = curve.predictor_name
        self.n = n
        self.call = call
        self.coefficients = coefficients
        self.bw = bw
        self.bandwidth = bandwidth
        self.adjust = adjust
        self.kernel = kernel

    @property
    def auc(self) -> AUC:
        """The area under the smoothed curve (pROC's ``auc(s)``): an :class:`AUC`, a float."""
        return self._auc

    def auc_partial(self, bounds=None, focus="specificity", correct=False) -> AUC:
        """Partial area under the smoothed curve, as pROC's ``auc(s, partial.auc = ...)``.

        pROC integrates the smoothed curve's points by trapezoids here, for the
        binormal curve too (only its full AUC comes from the model).

        Parameters
        ----------
        bounds : pair of float, optional
            The interval of specificity (or sensitivity) to integrate over, in
            any order, in the curve's units: within [0, 1], or [0, 100] for a
            curve in percent. Default (1, 0.9), or (100, 90) in percent.
        focus : {"specificity", "sensitivity"}, default="specificity"
            Which axis ``bounds`` applies to.
        correct : bool, default=False
            McClish's correction: 0.5 (50) for a curve on the diagonal, 1 (100)
            for a perfect one. Undefined (NaN, with a warning) below the diagonal.

        Returns
        -------
        float
            In percent when the curve is.

        Examples
        --------
        >>> from skcnn.metrics import roc, smooth_roc
        >>> y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
        >>> r = roc(y, [0.12, 0.3, 0.33, 0.61, 0.2, 0.45, 0.41, 0.52, 0.8, 0.93, 0.7, 0.38])
        >>> s = smooth_roc(r, method="density")
        >>> round(s.auc_partial((1, 0.8)), 6)
        0.094826
        """
        return _partial_auc_of(self, bounds, focus, correct)

    # ---- printing ------------------------------------------------------------

    def _smoothing_line(self) -> str:
        if self.method == "density":
            bw = self.bw if isinstance(self.bw, str) else cat(float(self.bw))
            return f"Smoothing: density (bandwidth: {bw}; adjust: {cat(float(self.adjust))})"
        return f"Smoothing: {self.method} "  # pROC's cat(method, "\n") leaves a space

    def to_string(self) -> str:
        """The smoothed curve as pROC's ``print(smooth(r))`` shows it.

        Returns
        -------
        str

        Examples
        --------
        >>> from skcnn.metrics import roc, smooth_roc
        >>> y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
        >>> r = roc(y, [0.12, 0.3, 0.33, 0.61, 0.2, 0.45, 0.41, 0.52, 0.8, 0.93, 0.7, 0.38])
        >>> print(smooth_roc(r, method="density").to_string())
        <BLANKLINE>
        Call:
        smooth_roc(roc(y_true, y_score), method='density')
        <BLANKLINE>
        Data: y_score in 6 controls (y_true 0) < 6 cases (y_true 1).
        Smoothing: density (bandwidth: nrd0; adjust: 1)
        Area under the curve: 0.8133
        """
        return "\n".join(
            [
                "",
                "Call:",
                self.call,
                "",
                _data_line(self.roc),
                self._smoothing_line(),
                self.auc.to_string(),
            ]
        )

    def __str__(self) -> str:
        return self.to_string()

    __repr__ = __str__


def _frozen(values) -> np.ndarray:
    values = np.array(values, dtype=float)
    values.flags.writeable = False
    return values


def _data_line(curve) -> str:
    """pROC's print.dataline of the smoothed curve."""
    low, high = (r_label(v) for v in curve.levels)
    return (
        f"Data: {curve.predictor_name} in {len(curve.controls)} controls "
        f"({curve.response_name} {low}) {curve.direction} {len(curve.cases)} cases "
        f"({curve.response_name} {high})."
    )


# --------------------------------------------------------------------------
# smooth.roc.binormal
# --------------------------------------------------------------------------


def _r_seq_by(start: float, stop: float, by: float) -> np.ndarray:
    """R's seq(from, to, by) for doubles: ``from + (0:n) * by``, capped at ``to``."""
    count = int((stop - start) / by + 1e-10)
    return np.minimum(start + np.arange(count + 1, dtype=float) * by, stop)


def _binormal(curve, n: int, percent: bool):
    """smooth.roc.binormal: a line through the probits of the curve's points."""
    factor = 1 / 100 if percent else 1.0
    sp = special.ndtri(np.asarray(curve.specificities, dtype=float) * factor)
    se = special.ndtri(np.asarray(curve.sensitivities, dtype=float) * factor)
    finite = np.isfinite(sp) & np.isfinite(se)
    sp, se = sp[finite], se[finite]
    if sp.size <= 1:
        raise ValueError(
            f"This ROC curve cannot be smoothed by the binormal method: it has "
            f"{sp.size} point(s) with both sensitivity and specificity strictly between "
            "0 and 1, and the binormal model needs at least 2 at different sensitivities "
            "(pROC stops with 'ROC curve not smoothable (not enough points)'). Use "
            "method='density', or scores that take more distinct values."
        )
    centred = se - se.mean()
    ss = float(np.dot(centred, centred))
    if ss <= (_QR_TOL**2) * float(np.dot(se, se)):
        raise ValueError(
            "This ROC curve cannot be smoothed by the binormal method: all its points "
            "strictly inside the unit square have the same sensitivity, so the line of "
            "qnorm(specificity) on qnorm(sensitivity) is not defined (pROC stops with "
            "'ROC curve not smoothable (not enough points)'). Use method='density'."
        )
    slope = float(np.dot(centred, sp - sp.mean())) / ss
    intercept = float(sp.mean()) - slope * float(se.mean())
    grid = special.ndtri(_r_seq_by(0.0, 1.0, 1 / (n - 1)))
    predicted = (
        intercept + grid * slope if slope else np.where(np.isinf(grid), -grid, intercept)
    )  # a flat line: its ends as a decreasing line's, not 0 * Inf
    scale = 100.0 if percent else 1.0
    sensitivities = special.ndtr(grid) * scale
    specificities = special.ndtr(predicted) * scale
    auc = float(special.ndtr(intercept / math.sqrt(1 + slope**2)))
    if percent:
        auc = auc * 100**2 / 100  # auc.roc: in percent squared, then / 100
    return sensitivities, specificities, (intercept, slope), auc


# --------------------------------------------------------------------------
# smooth.roc.density
# --------------------------------------------------------------------------


def _given_density(values, name: str) -> np.ndarray | None:
    if values is None:
        return None
    try:
        dens = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be None or numbers (a density over a grid common to both "
            f"groups), got {type(values).__name__}."
        ) from None
    if dens.ndim != 1 or dens.size < 1 or not np.all(np.isfinite(dens)) or np.any(dens < 0):
        raise ValueError(
            f"{name} must be a 1-D array of finite non-negative density values, got "
            f"shape {dens.shape}."
        )
    return dens


def _perfs_dens(dens_controls: np.ndarray, dens_cases: np.ndarray, direction: str):
    """roc.utils.perfs.dens at every grid point: sums of the densities on each side."""
    m = dens_controls.size
    controls, cases = dens_controls.tolist(), dens_cases.tolist()
    total_controls, total_cases = math.fsum(controls), math.fsum(cases)
    if direction == "<":  # positive at or above the threshold
        tp = [math.fsum(cases[i:]) for i in range(m)]
        tn = [math.fsum(controls[:i]) for i in range(m)]
    else:
        tp = [math.fsum(cases[: i + 1]) for i in range(m)]
        tn = [math.fsum(controls[i + 1 :]) for i in range(m)]
    return np.array(tp) / total_cases, np.array(tn) / total_controls


def _density_curve(curve, n, bw, adjust, kernel, cut, density_controls, density_cases, percent):
    """smooth.roc.density: the two groups' densities on a common grid, then their sums."""
    dens_controls = _given_density(density_controls, "density_controls")
    dens_cases = _given_density(density_cases, "density_cases")
    width = start = stop = None
    if dens_controls is None or dens_cases is None:
        predictor = np.concatenate(
            (np.asarray(curve.controls, dtype=float), np.asarray(curve.cases, dtype=float))
        )
        width = bandwidth(predictor, bw) * adjust
        if not (math.isfinite(width) and width > 0):
            raise ValueError(
                f"the bandwidth (bw times adjust) must be a positive number, got {width!r}."
            )
        start = float(predictor.min() - cut * width)
        stop = float(predictor.max() + cut * width)

    def estimate(values):
        return density(values, bw=width, n=n, from_=start, to=stop, kernel=kernel).y

    if dens_controls is None:
        dens_controls = estimate(curve.controls)
    if dens_cases is None:
        dens_cases = estimate(curve.cases)
    if dens_controls.size != dens_cases.size:
        raise ValueError(
            f"density_controls and density_cases have different lengths "
            f"({dens_controls.size} and {dens_cases.size}); give both over the same grid."
        )
    if not (dens_controls.sum() > 0 and dens_cases.sum() > 0):
        raise ValueError("density_controls and density_cases must each have a positive sum.")
    se, sp = _perfs_dens(dens_controls, dens_cases, curve.direction)
    scale = 100.0 if percent else 1.0
    return se * scale, sp * scale, width


# --------------------------------------------------------------------------
# smooth_roc()
# --------------------------------------------------------------------------


def _check_n(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"n must be an int of at least 2 (points on the curve), got {n!r}.")
    return int(n)


def _python_call(curve, method, n, bw, adjust, kernel, cut, given) -> str:
    args = [getattr(curve, "call", "roc(...)")]
    if method != "binormal":
        args.append(f"method={method!r}")
    if n != 512:
        args.append(f"n={n!r}")
    if method == "density":
        if not (isinstance(bw, str) and bw == "nrd0"):
            args.append(f"bw={bw!r}")
        if adjust != 1:
            args.append(f"adjust={adjust!r}")
        if kernel != "gaussian":
            args.append(f"kernel={kernel!r}")
        if cut != 3:
            args.append(f"cut={cut!r}")
        args.extend(f"{name}=..." for name in given)
    return f"smooth_roc({', '.join(args)})"


def smooth_roc(
    curve,
    method="binormal",
    n=512,
    bw="nrd0",
    adjust=1,
    kernel="gaussian",
    cut=3,
    density_controls=None,
    density_cases=None,
) -> SmoothROC:
    """A smoothed ROC curve, as pROC's ``smooth(roc, method, n, bw, ...)``.

    ``"binormal"`` fits pROC's linear model of ``qnorm(specificity)`` on
    ``qnorm(sensitivity)`` over the curve's points (the points at 0 or 1
    dropped) and draws the line back through ``pnorm`` at ``n`` sensitivities
    evenly spaced from 0 to 1. ``"density"`` estimates the density of the
    controls' and of the cases' scores with R's ``density()`` over a common
    grid of ``n`` points (bandwidth from all the scores, from ``min - cut bw``
    to ``max + cut bw``) and sums each side of every grid point. Either way the
    points (specificity 0, sensitivity 1) and (1, 0) close the curve, as pROC's.

    Parameters
    ----------
    curve : ROCCurve
        From :func:`roc`. A curve in percent (``curve.percent``) gives a
        smoothed curve in percent.
    method : {"binormal", "density"}, default="binormal"
    n : int, default=512
        Points of the smoothed curve (besides the two end points).
    bw : {"nrd0", "nrd"} or float, default="nrd0"
        Density: the bandwidth rule (R's ``bw.nrd0``, ``bw.nrd``) applied to all
        the scores together, or the bandwidth itself.
    adjust : float, default=1
        Density: the bandwidth is ``adjust * bw``.
    kernel : str, default="gaussian"
        Density: R's kernels, "gaussian", "epanechnikov", "rectangular",
        "triangular", "biweight", "cosine" or "optcosine".
    cut : float, default=3
        Density: the grid reaches ``cut`` bandwidths beyond the scores.
    density_controls, density_cases : array-like of float, optional
        Density: the controls' or the cases' density over a grid common to both
        (increasing scores), instead of estimating it; pROC's numeric
        ``density.controls`` and ``density.cases``.

    Returns
    -------
    SmoothROC

    Raises
    ------
    ValueError
        For an unknown or unported method, a binormal fit on a curve with
        fewer than two points strictly inside the unit square (or all at one
        sensitivity), an unknown bandwidth rule or kernel, a non-positive
        bandwidth, ``n`` below 2, or given densities of different lengths.

    Notes
    -----
    Deliberate differences from pROC 1.18.0:

    - methods "fitdistr", "logcondens" and "logcondens.smooth" (which need R's
      MASS and logcondens) are not ported, nor bandwidth rules "ucv", "bcv" and
      "SJ" (pass their value as a number), nor density functions given as
      functions (give the densities as numbers); kernel names are not
      abbreviated;
    - numpy's FFT replaces R's, so the density curve agrees with R's to the
      FFT's round-off (about 1e-15 of the peak density), not to the last digit;
      the binormal curve and every AUC agree to 1e-9;
    - ``n`` below 2 is an error (R goes on with one point);
    - a binormal line of slope exactly 0 ends at (0, 1) and (1, 0) as a
      decreasing one does (R's ``0 * Inf`` gives NaN there; its least squares
      usually leave a slope of about -1e-16 instead, which ends the same way);
    - density_controls or density_cases with method="binormal" is an error (R
      ignores them);
    - the print's "Call:" line shows the Python call;
    - the AUC of the smoothed curve is the full AUC (pROC reuses the partial
      AUC settings of ``roc(..., partial.auc=)``, which :func:`roc` does not
      take); use :meth:`SmoothROC.auc_partial`. No confidence interval is
      carried over (pROC's ``reuse.ci``).

    See Also
    --------
    roc : The empirical curve.
    SmoothROC.auc_partial : Partial AUC of the smoothed curve.

    Examples
    --------
    >>> from skcnn.metrics import roc, smooth_roc
    >>> y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]
    >>> r = roc(y, [0.12, 0.3, 0.33, 0.61, 0.2, 0.45, 0.41, 0.52, 0.8, 0.93, 0.7, 0.38])
    >>> s = smooth_roc(r)
    >>> round(s.auc, 6), [round(c, 6) for c in s.coefficients]
    (0.797564, [0.951212, -0.55146])
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
    Call:
    smooth_roc(roc(y_true, y_score))
    <BLANKLINE>
    Data: y_score in 6 controls (y_true 0) < 6 cases (y_true 1).
    Smoothing: binormal
    Area under the curve: 0.7976
    >>> d = smooth_roc(r, method="density", adjust=2)
    >>> round(d.auc, 6), round(d.bandwidth, 6)
    (0.740613, 0.253334)
    """
    if isinstance(curve, SmoothROC):
        raise ValueError(
            "curve is already smoothed; smooth its empirical curve instead: smooth_roc(s.roc, ...)."
        )
    if not isinstance(curve, ROCCurve):
        raise ValueError(
            f"curve must be a ROCCurve (from skcnn.metrics.roc), got {type(curve).__name__}."
        )
    if method not in _METHODS:
        extra = (
            f" ({method!r} is a pROC method that is not ported: it needs R's MASS or logcondens)"
            if method in _NOT_PORTED
            else ""
        )
        raise ValueError(f"method must be one of {list(_METHODS)}, got {method!r}{extra}.")
    n = _check_n(n)
    percent = bool(getattr(curve, "percent", False))
    given = [
        name
        for name, value in (
            ("density_controls", density_controls),
            ("density_cases", density_cases),
        )
        if value is not None
    ]
    if method == "binormal" and given:
        raise ValueError(
            f"{' and '.join(given)} apply to method='density' only; drop them or pass "
            "method='density'."
        )
    call = _python_call(curve, method, n, bw, adjust, kernel, cut, given)
    if method == "binormal":
        se, sp, coefficients, auc = _binormal(curve, n, percent)
        extra = {"coefficients": coefficients}
    else:
        for name, value in (("adjust", adjust), ("cut", cut)):
            if isinstance(value, bool) or not isinstance(value, int | float | np.number):
                raise ValueError(f"{name} must be a number, got {value!r}.")
        se, sp, width = _density_curve(
            curve,
            n,
            bw,
            float(adjust),
            kernel,
            float(cut),
            density_controls,
            density_cases,
            percent,
        )
        auc = None
        extra = {"bw": bw, "bandwidth": width, "adjust": adjust, "kernel": kernel}
    if np.any(np.diff(sp) < 0):  # sort.smooth.roc
        se, sp = se[::-1], sp[::-1]
    scale = 100.0 if percent else 1.0
    sp = np.concatenate(([0.0], sp, [scale]))
    se = np.concatenate(([scale], se, [0.0]))
    if auc is None:
        auc = _trapezoid(se, sp) / scale  # auc.roc: in percent squared, then / 100
    return SmoothROC(curve, method, se, sp, auc, n=n, call=call, **extra)
