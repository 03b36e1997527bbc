"""Tests for caret's modelCor, compare_models and the htest objects of diff, for
R's p.adjust with n, and for the density, xy and scatter-matrix plots of resamples.

The fixtures in tests/r/resamples_extra_fixtures.json were written by
tests/r/make_resamples_extra_fixtures.R (R 4.2.2, caret 6.0-93): every number
as a 17-digit string ("NA" and "NaN" for R's two missing values). Numbers must
agree to a relative tolerance of 1e-9, printed lines verbatim.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from skcnn.model_selection import Resamples, TTest, compare_models, p_adjust
from skcnn.plotting import plot_resamples

matplotlib.use("Agg")

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "resamples_extra_fixtures.json").read_text(
        encoding="utf-8"
    )
)
COR = FIXTURES["model_cor"]
COR_CASES = {case["name"]: case for case in COR["cases"]}


def _r(value) -> float:
    return math.nan if value in ("NA", "NaN") else float(value)


def _assert_close(ours, r_value, what: str) -> None:
    expected, ours = _r(r_value), float(ours)
    if math.isnan(expected):
        assert math.isnan(ours), f"{what}: R has {r_value}, we have {ours}"
    else:
        assert math.isclose(ours, expected, rel_tol=1e-9), f"{what}: R {expected!r}, us {ours!r}"


def _frame(columns: dict) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: (col if name == "Resample" else [_r(v) for v in col])
            for name, col in columns.items()
        }
    )


def _resamples(columns: dict) -> Resamples:
    return Resamples.from_values(_frame(columns))


def _one_model(name: str, resample: dict) -> Resamples:
    return Resamples.from_values(
        pd.DataFrame(
            {
                "Resample": resample["Resample"],
                f"{name}~Accuracy": [_r(v) for v in resample["Accuracy"]],
                f"{name}~Kappa": [_r(v) for v in resample["Kappa"]],
            }
        )
    )


# --------------------------------------------------------------------------
# modelCor
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COR_CASES))
def test_model_cor_matches_caret(name):
    case = COR_CASES[name]
    rs = _resamples(COR["data"][case["data"]])
    kwargs = {k: case[k] for k in ("metric", "method", "use") if case[k] is not None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = rs.model_cor(**kwargs)
    expected = case["cor"]
    assert list(ours.index) == expected["rows"] and list(ours.columns) == expected["columns"]
    for i, row in enumerate(expected["values"]):
        for j, value in enumerate(row):
            _assert_close(ours.iloc[i, j], value, f"{name}[{i}, {j}]")
    # R warns exactly where we do
    ours_warned = any("do not vary" in str(w.message) for w in caught)
    assert ours_warned == bool(case["warnings"])


def test_model_cor_is_symmetric_and_defaults_to_the_first_metric():
    rs = _resamples(COR["data"]["four"])
    default = rs.model_cor()
    assert default.equals(rs.model_cor("Accuracy", method="pearson", use="everything"))
    assert np.allclose(default.to_numpy(), default.to_numpy().T)
    assert not default.equals(rs.model_cor("Kappa"))


def test_model_cor_errors():
    rs = _resamples(COR["data"]["four"])
    with pytest.raises(ValueError, match="not one of R's cor methods"):
        rs.model_cor(method="distance")
    with pytest.raises(ValueError, match="not one of R's cor uses"):
        rs.model_cor(use="complete")
    with pytest.raises(ValueError, match="Unknown metric"):
        rs.model_cor("Acc")  # caret's grep would take it; we want the exact name
    with pytest.raises(TypeError, match="one metric name"):
        rs.model_cor(["Accuracy", "Kappa"])
    with pytest.raises(ValueError, match="all.obs"):
        _resamples(COR["data"]["with_na"]).model_cor(use="all.obs")


# --------------------------------------------------------------------------
# compare_models and the htest objects of diff
# --------------------------------------------------------------------------


def _assert_htest(ours: TTest, r: dict, what: str) -> None:
    _assert_close(ours.statistic, r["statistic"], f"{what} statistic")
    _assert_close(ours.df, r["parameter"], f"{what} df")
    _assert_close(ours.parameter, r["parameter"], f"{what} parameter")
    _assert_close(ours.p_value, r["p_value"], f"{what} p_value")
    assert ours.pvalue == ours.p_value
    _assert_close(ours.conf_int[0], r["conf_int"][0], f"{what} conf low")
    _assert_close(ours.conf_int[1], r["conf_int"][1], f"{what} conf high")
    _assert_close(ours.confidence_level, r["conf_level"], f"{what} level")
    _assert_close(ours.estimate, r["estimate"], f"{what} estimate")
    _assert_close(ours.stderr, r["stderr"], f"{what} stderr")
    _assert_close(ours.null_value, r["null_value"], f"{what} null")
    assert (ours.alternative, ours.method, ours.data_name) == (
        r["alternative"],
        r["method"],
        r["data_name"],
    )
    assert str(ours).split("\n") == r["print"], what


@pytest.mark.parametrize(
    ("case", "first", "second", "metric"),
    [
        ("accuracy", "lda", "glm", None),
        ("kappa", "lda", "glm", "Kappa"),
        ("reversed", "glm", "lda", None),
    ],
)
def test_compare_models_matches_caret(case, first, second, metric):
    models = FIXTURES["compare_models"]["models"]
    a, b = _one_model(first, models[first]), _one_model(second, models[second])
    ours = compare_models(a, b) if metric is None else compare_models(a, b, metric=metric)
    _assert_htest(ours, FIXTURES["compare_models"][case], case)


def test_compare_models_errors():
    models = FIXTURES["compare_models"]["models"]
    a, b = _one_model("lda", models["lda"]), _one_model("glm", models["glm"])
    with pytest.raises(TypeError, match="Resamples of one model"):
        compare_models(a, "glm")
    with pytest.raises(ValueError, match="compares two models, one in each"):
        compare_models(a.combine(b), b)
    with pytest.raises(ValueError, match="in both Resamples"):
        compare_models(a, a)
    with pytest.raises(ValueError, match="not a metric both"):
        compare_models(a, b, metric="ROC")
    other_folds = _one_model("glm", models["glm"]).values.copy()
    other_folds["Resample"] = [f"Resample{i:02d}" for i in range(1, len(other_folds) + 1)]
    with pytest.raises(ValueError, match="not scored on the same folds"):
        compare_models(a, Resamples.from_values(other_folds))


@pytest.mark.parametrize("metric", ["Accuracy", "Kappa"])
def test_diff_tests_are_r_htests(metric):
    case = FIXTURES["diff_tests"]
    d = _resamples(case["values"]).diff()
    r_tests = case["tests"][metric]
    assert list(d.tests[metric]) == list(r_tests)
    for pair, r in r_tests.items():
        ours = d.tests[metric][pair]
        _assert_htest(ours, r, f"{metric} {pair}")
        row = d.statistics[metric].loc[pair]  # the table holds the same numbers
        assert row["p_value"] == ours.pvalue and row["statistic"] == ours.statistic


def test_corrected_diff_tests_name_their_method():
    d = _resamples(FIXTURES["diff_tests"]["values"])
    rs = Resamples.from_values(d.values, test_train_ratio=1 / 9)
    plain = rs.diff().tests["Accuracy"]["cnn.diff.logreg"]
    corrected = rs.diff(method="corrected").tests["Accuracy"]["cnn.diff.logreg"]
    assert corrected.method.startswith("Corrected resampled t-test")
    assert corrected.stderr > plain.stderr and corrected.pvalue > plain.pvalue
    assert "\tCorrected resampled t-test" in str(corrected)


def test_untestable_pair_is_nan_htest():
    rs = Resamples.from_values(
        pd.DataFrame(
            {
                "Resample": ["F1", "F2", "F3"],
                "a~Accuracy": [0.8, 0.9, 0.7],
                "b~Accuracy": [0.7, 0.8, 0.6],
            }
        )
    )
    with pytest.warns(UserWarning, match="cannot be tested"):
        test = rs.diff().tests["Accuracy"]["a.diff.b"]
    assert math.isnan(test.pvalue) and math.isnan(test.statistic)
    assert "p-value = NA" in str(test)


# --------------------------------------------------------------------------
# p.adjust with n
# --------------------------------------------------------------------------

P_CASES = FIXTURES["p_adjust"]["cases"]


@pytest.mark.parametrize("index", range(len(P_CASES)))
def test_p_adjust_with_n_matches_r(index):
    case = P_CASES[index]
    p = [_r(v) for v in case.get("p", FIXTURES["p_adjust"]["p"])]
    ours = (
        p_adjust(p, case["method"])
        if case["n"] is None
        else p_adjust(p, case["method"], n=case["n"])
    )
    assert len(ours) == len(case["adjusted"])
    for i, (a, b) in enumerate(zip(ours, case["adjusted"], strict=True)):
        _assert_close(a, b, f"{case['method']} n={case['n']} [{i}]")


def test_p_adjust_covers_every_method_and_larger_n():
    methods = {c["method"] for c in P_CASES}
    assert methods == {"holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "fdr", "none"}
    assert {c["n"] for c in P_CASES} >= {None, 7, 8, 12, 40}


def test_p_adjust_n_errors_as_r():
    p = [_r(v) for v in FIXTURES["p_adjust"]["p"]]
    assert FIXTURES["p_adjust"]["n_too_small_error"] == "n >= lp is not TRUE"
    with pytest.raises(ValueError, match="n >= lp is not TRUE"):
        p_adjust(p, "holm", n=3)
    with pytest.raises(ValueError, match="whole number"):
        p_adjust(p, "holm", n=7.5)
    with pytest.raises(TypeError, match="number of comparisons"):
        p_adjust(p, "holm", n="7")
    assert p_adjust([0.02], "bonferroni", n=1).tolist() == [0.02]  # R: n <= 1 returns p


# --------------------------------------------------------------------------
# plots: density, xy, splom
# --------------------------------------------------------------------------


def _plot_rs() -> Resamples:
    return _resamples(COR["data"]["four"])


def _undrawn_tick_labels(fig) -> set[int]:
    """Tick labels of ticks outside the axis range: matplotlib keeps but does not draw them."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if tick.get_loc() is None or not lo - 1e-12 <= tick.get_loc() <= hi + 1e-12:
                    hidden.update((id(tick.label1), id(tick.label2)))
    return hidden


def _texts_inside(fig) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    hidden = _undrawn_tick_labels(fig)
    texts = [
        t
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text() and id(t) not in hidden
    ]
    assert len(texts) > 5
    for text in texts:
        box = text.get_window_extent(renderer)
        assert (
            box.x0 >= frame.x0 - 0.5
            and box.y0 >= frame.y0 - 0.5
            and box.x1 <= frame.x1 + 0.5
            and box.y1 <= frame.y1 + 0.5
        ), f"{text.get_text()!r} lies outside the figure: {box} not in {frame}"


def _bw_nrd0(x):
    """R's bw.nrd0, written out here from R's definition."""
    x = np.asarray(x, dtype=float)
    hi = np.std(x, ddof=1)
    q75, q25 = np.quantile(x, [0.75, 0.25])
    lo = min(hi, (q75 - q25) / 1.34) or hi or abs(x[0]) or 1.0
    return 0.9 * lo * len(x) ** -0.2


def test_density_plot_draws_r_density_of_each_model():
    rs = _plot_rs()
    fig = plot_resamples(rs, kind="density")
    assert [ax.get_title() for ax in fig.axes] == ["Accuracy", "Kappa"]
    for ax, metric in zip(fig.axes, ["Accuracy", "Kappa"], strict=True):
        curves = {
            line.get_label(): line
            for line in ax.get_lines()
            if not line.get_label().startswith("_")
        }
        assert sorted(curves) == sorted(rs.models)
        for model, line in curves.items():
            x = rs.values[f"{model}~{metric}"].to_numpy()
            gx, gy = line.get_xdata(), line.get_ydata()
            bw = _bw_nrd0(x)
            assert len(gx) == 512  # R's density(n = 512)
            assert math.isclose(gx[0], x.min() - 3 * bw, rel_tol=1e-12)  # cut = 3
            assert math.isclose(gx[-1], x.max() + 3 * bw, rel_tol=1e-12)
            kde = np.exp(-0.5 * ((gx[:, None] - x[None, :]) / bw) ** 2).sum(1)
            kde /= len(x) * bw * math.sqrt(2 * math.pi)
            # R's binned estimate is close to the exact kernel sum, not equal to it
            assert np.allclose(gy, kde, rtol=0, atol=5e-3 * kde.max())
            assert math.isclose(np.trapezoid(gy, gx), 1.0, rel_tol=1e-3)
    legend = fig.axes[-1].get_legend()  # one key for the figure, as caret's
    assert [t.get_text() for t in legend.get_texts()] == rs.models
    _texts_inside(fig)


@pytest.mark.parametrize("case", FIXTURES["density"], ids=lambda c: c["model"])
def test_density_plot_is_r_density(case):
    # R's own algorithm (linear binning, FFT convolution, linear interpolation):
    # the same numbers, but for FFT round-off (~1e-16 of the peak) in the far tails.
    rs = _plot_rs()
    fig = plot_resamples(rs, metric=case["metric"], kind="density")
    line = next(line for line in fig.axes[0].get_lines() if line.get_label() == case["model"])
    r_x = np.array([_r(v) for v in case["x"]])
    r_y = np.array([_r(v) for v in case["y"]])
    assert np.allclose(line.get_xdata(), r_x, rtol=1e-9, atol=0)
    assert np.allclose(line.get_ydata(), r_y, rtol=1e-9, atol=1e-12 * r_y.max())
    values = rs.values[f"{case['model']}~{case['metric']}"].to_numpy()
    _assert_close(_bw_nrd0(values), case["bw"], "bw.nrd0")
    assert fig.axes[0].get_xlabel() == case["metric"]


def test_xy_plot_shows_first_against_second_with_the_identity_line():
    rs = _plot_rs()
    fig = plot_resamples(rs, kind="xy", models=["rf", "svm"], metric="Kappa")
    (ax,) = fig.axes
    assert ax.get_ylabel() == "rf" and ax.get_xlabel() == "svm" and ax.get_title() == "Kappa"
    points = ax.collections[0].get_offsets()
    assert np.array_equal(points[:, 0], rs.values["svm~Kappa"].to_numpy())
    assert np.array_equal(points[:, 1], rs.values["rf~Kappa"].to_numpy())
    identity = [line for line in ax.get_lines() if line.get_label() == "identity"]
    assert len(identity) == 1
    lo, hi = ax.get_xlim()
    assert ax.get_ylim() == (lo, hi)  # caret: the same extendrange() on both axes
    both = np.concatenate([points[:, 0], points[:, 1]])
    span = both.max() - both.min()
    assert math.isclose(lo, both.min() - 0.04 * span) and math.isclose(hi, both.max() + 0.04 * span)
    _texts_inside(fig)


def test_xy_plot_defaults_to_the_first_two_models_and_first_metric():
    rs = _plot_rs()
    (ax,) = plot_resamples(rs, kind="xy").axes
    assert (ax.get_ylabel(), ax.get_xlabel(), ax.get_title()) == ("cnn", "logreg", "Accuracy")


def test_splom_has_one_panel_per_pair():
    rs = _plot_rs()
    fig = plot_resamples(rs, kind="splom")
    models = rs.models
    panels = [ax for ax in fig.axes if ax.collections]
    assert len(panels) == math.comb(len(models), 2)
    seen = set()
    for ax in panels:
        y_model, x_model = ax.get_gid().split(" vs ")
        seen.add(frozenset((y_model, x_model)))
        points = ax.collections[0].get_offsets()
        assert np.array_equal(points[:, 0], rs.values[f"{x_model}~Accuracy"].to_numpy())
        assert np.array_equal(points[:, 1], rs.values[f"{y_model}~Accuracy"].to_numpy())
        assert any(line.get_label() == "identity" for line in ax.get_lines())
    assert len(seen) == len(panels)
    names = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert set(models) <= names  # the model names on the diagonal
    assert fig._suptitle.get_text() == "Accuracy"
    _texts_inside(fig)


def test_new_kinds_skip_missing_scores_and_refuse_bad_arguments():
    rs = _resamples(COR["data"]["with_na"])
    fig = plot_resamples(rs, kind="xy", models=["logreg", "rf"])
    assert len(fig.axes[0].collections[0].get_offsets()) == rs.n_resamples - 2
    fig = plot_resamples(rs, kind="density", metric="Accuracy")
    line = next(line for line in fig.axes[0].get_lines() if line.get_label() == "logreg")
    assert np.all(np.isfinite(line.get_ydata()))
    with pytest.raises(ValueError, match="one metric"):
        plot_resamples(rs, kind="xy", metric=["Accuracy", "Kappa"])
    with pytest.raises(ValueError, match="two models"):
        plot_resamples(rs, kind="xy", models=["cnn"])
    with pytest.raises(ValueError, match="Unknown model"):
        plot_resamples(rs, kind="splom", models=["cnn", "gbm"])
    with pytest.raises(ValueError, match="kind="):
        plot_resamples(rs, kind="violin")
    with pytest.raises(ValueError, match="ax"):
        plot_resamples(rs, kind="splom", ax=fig.axes[0])
