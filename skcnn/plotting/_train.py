"""caret's ``plot(train)`` as a matplotlib figure.

Re-exported as :func:`skcnn.plotting.plot_train`. Like every skcnn plot it
returns a pyplot :class:`matplotlib.figure.Figure` (see :mod:`skcnn.plotting`);
matplotlib loads on the first call. The numbers come from
:func:`skcnn.model_selection.train_report`.
"""

from __future__ import annotations

import numpy as np

from ._common import new_figure

__all__ = ["plot_train"]


def plot_train(search, metric=None, ax=None):
    """Each candidate's resampled metric against a tuning parameter, as caret's ``plot(train)``.

    The first tuning parameter that varies is on the x axis; each value of a
    second one is a line of its own (points and lines, with a legend titled by
    the parameter). The y axis is labelled as caret labels it, the metric and the
    resampling (``"Accuracy (Cross-Validation)"``); the x axis by the
    parameter's name (caret uses its model's label, as "#Neighbors" for k).

    Parameters
    ----------
    search : fitted search or TrainReport
        A fitted ``GridSearchCV``, ``RandomizedSearchCV`` or halving search, or
        what :func:`skcnn.model_selection.train_report` made of one.
    metric : str, optional
        The metric on the y axis, one of the report's ``metrics`` (names as the
        report prints them: ``"RMSE"`` for a ``"neg_RMSE"`` scorer); by default
        the one that selected the model, as caret.
    ax : matplotlib.axes.Axes, optional
        Draw on this axes; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure that holds ``ax``.

    Raises
    ------
    ValueError
        If ``metric`` is not one of the report's metrics, or no tuning parameter
        varies (caret: "There are no tuning parameters with more than 1 value").

    Notes
    -----
    Differences from R: caret draws one panel per value of a third parameter
    and more; here further parameters are held at their selected values
    (``best_tune``), and the title names them. Values that are not numbers
    (kernel names, None) are placed evenly in the order of the results.

    See Also
    --------
    skcnn.model_selection.train_report : The same numbers, printed as caret prints them.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skcnn.plotting import plot_train
    >>> X, y = load_iris(return_X_y=True)
    >>> search = GridSearchCV(KNeighborsClassifier(),
    ...                       {"n_neighbors": [3, 5, 9], "weights": ["uniform", "distance"]},
    ...                       cv=5).fit(X, y)
    >>> fig = plot_train(search)
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('n_neighbors', 'Accuracy (Cross-Validation)')
    >>> [line.get_label() for line in ax.get_lines()]
    ['distance', 'uniform']
    >>> ax.get_lines()[0].get_xdata().tolist()
    [3.0, 5.0, 9.0]
    >>> fig.savefig("train.png")  # doctest: +SKIP
    """
    from ..model_selection import TrainReport, train_report

    report = search if isinstance(search, TrainReport) else train_report(search)
    metric = report.metric if metric is None else metric
    if metric not in report.metrics:
        raise ValueError(f"metric={metric!r} is not one of this search's metrics {report.metrics}.")
    if not report.parameters:
        raise ValueError(
            "There are no tuning parameters with more than 1 value: plot_train draws a "
            "metric against a parameter that varies; print(train_report(search)) shows "
            "the one result."
        )
    results = report.results
    x_name = report.parameters[0]
    group_name = report.parameters[1] if len(report.parameters) > 1 else None
    fixed = report.parameters[2:]
    for name in fixed:
        results = results[[_same(v, report.best_tune[name].iloc[0]) for v in results[name]]]

    x_values = results[x_name].tolist()
    numeric = all(_is_number(v) for v in x_values)
    if numeric:
        positions = {_key(v): float(v) for v in x_values}
    else:
        positions = {}
        for v in x_values:
            positions.setdefault(_key(v), float(len(positions)))

    if ax is None:
        fig = new_figure(figsize=(6.4, 4.4))
        ax = fig.add_subplot()
        fig.set_layout_engine("constrained")
    else:
        fig = ax.figure
    groups = [None] if group_name is None else _unique(results[group_name].tolist())
    for group in groups:
        rows = results if group is None else results[
            [_same(v, group) for v in results[group_name]]
        ]
        order = np.argsort([positions[_key(v)] for v in rows[x_name]], kind="stable")
        xs = np.array([positions[_key(v)] for v in rows[x_name]])[order]
        ys = rows[metric].to_numpy(dtype=float)[order]
        ax.plot(xs, ys, marker="o", label=None if group is None else _text(group))
    if not numeric:
        ax.set_xticks(list(positions.values()), labels=[_text(v) for v in _unique(x_values)])
    ax.set_xlabel(x_name)
    ax.set_ylabel(f"{metric} {report.resampling}")
    if group_name is not None:
        ax.legend(title=group_name)
    if fixed:
        ax.set_title(", ".join(f"{n} = {_text(report.best_tune[n].iloc[0])}" for n in fixed))
    ax.grid(True, alpha=0.3)
    return fig


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_)
    )


def _key(v):
    return repr(v.item() if isinstance(v, np.generic) else v)


def _same(a, b) -> bool:
    return _key(a) == _key(b)


def _unique(values) -> list:
    seen = {}
    for v in values:
        seen.setdefault(_key(v), v)
    return list(seen.values())


def _text(v) -> str:
    return str(v.item() if isinstance(v, np.generic) else v)
