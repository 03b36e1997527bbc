"""caret's ``compare_models(a, b)``: the t-test of two models' per-resample
differences, R's ``htest`` (:class:`~skcnn.model_selection.TTest`)."""

from __future__ import annotations

from ._results import Resamples

__all__ = ["compare_models"]


def compare_models(a, b, metric=None):
    """Test whether two models score alike over the same resamples, as caret's ``compare_models``.

    caret's ``compare_models(a, b)`` puts two ``train`` objects together with
    ``resamples()`` and returns the t-test of ``diff()`` for that pair: R's
    one-sample ``t.test`` of the per-resample differences ``a - b`` (the paired
    t-test). Here ``a`` and ``b`` are the :class:`Resamples` of one model each,
    scored on the same folds.

    Parameters
    ----------
    a, b : Resamples
        One model each (e.g. ``resamples({"cnn": CNNClassifier()}, X, y, cv=cv)``
        with the same ``cv`` and ``random_state`` for both), on the same
        resamples; they are put together with :meth:`Resamples.combine`, which
        checks that the folds are the same.
    metric : str, optional
        The metric; by default ``a``'s first (caret: ``a$metric[1]``).

    Returns
    -------
    TTest
        R's ``htest``: ``statistic``, ``df``, ``p_value`` (and its alias
        ``pvalue``), ``conf_int`` at 95%, ``estimate`` (the mean of ``a - b``),
        ``stderr``; prints as R prints it.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a :class:`Resamples`.
    ValueError
        If either holds more than one model, both hold the same model name,
        they were not scored on the same folds, or the metric is not one they
        share.

    Warns
    -----
    UserWarning
        When the differences cannot be tested (fewer than two, or constant);
        the statistics are NaN where R's ``t.test`` stops.

    See Also
    --------
    Resamples.diff : Every pair of several models, with ``p.adjust``.

    Notes
    -----
    The test treats the resamples as independent, which they are not (their
    training sets overlap), so it rejects too often; ``Resamples.diff(method=
    "corrected")`` gives Nadeau and Bengio's corrected test.

    Examples
    --------
    >>> import pandas as pd
    >>> from skcnn.model_selection import Resamples, compare_models
    >>> folds = ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"]
    >>> a = Resamples.from_values(pd.DataFrame({
    ...     "Resample": folds, "cnn~Accuracy": [0.91, 0.93, 0.90, 0.94, 0.92]}))
    >>> b = Resamples.from_values(pd.DataFrame({
    ...     "Resample": folds, "logreg~Accuracy": [0.86, 0.88, 0.87, 0.87, 0.89]}))
    >>> test = compare_models(a, b)
    >>> round(test.estimate, 3), round(test.pvalue, 5)
    (0.046, 0.00355)
    >>> test  # doctest: +NORMALIZE_WHITESPACE
    <BLANKLINE>
        One Sample t-test
    <BLANKLINE>
    data:  x
    t = 6.147, df = 4, p-value = 0.003552
    alternative hypothesis: true mean is not equal to 0
    95 percent confidence interval:
     0.02522299 0.06677701
    sample estimates:
    mean of x
        0.046
    <BLANKLINE>
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, Resamples):
            raise TypeError(
                f"{name} must be a Resamples of one model (caret's compare_models takes two "
                f"train objects), got {type(value).__name__}."
            )
        if len(value.models) != 1:
            raise ValueError(
                f"{name} holds {len(value.models)} models {value.models}; compare_models "
                f"compares two models, one in each Resamples. For pairs of models in one "
                f"Resamples use its .diff(models=[...]), which also adjusts the p-values."
            )
    if metric is None:
        metric = a.metrics[0]
    both = a.combine(b) if set(a.metrics) == set(b.metrics) else _combine_quietly(a, b)
    if not isinstance(metric, str) or metric not in both.metrics:
        raise ValueError(
            f"metric={metric!r} is not a metric both Resamples have; they share {both.metrics}."
        )
    left, right = both.models
    d = both.diff(metric=metric)
    return d.tests[metric][f"{left}.diff.{right}"]


def _combine_quietly(a, b):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return a.combine(b)
