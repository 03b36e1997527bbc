"""Memory per fit: what sequential fits leave behind in one process (issue 9, item 9).

Run by hand, never in CI. Each contender runs in a fresh interpreter, one at a
time, on sklearn's digits (1,797 8x8 images, no download); after every fit the
worker calls ``gc.collect()`` (``--no-collect``: it does not) and reads the
process's RSS. Stages (``--stages``, comma-separated):

``fits``     ``--fits`` (12) sequential fits of one tiny network (conv16-conv32-
             dense32-softmax, 2 epochs, batch 32), each fitted, predicted on the
             training images and dropped:

             ``raw_keras``    the network built by hand, compiled (Adam, sparse
                              cross-entropy), fit, predict;
             ``skcnn_plain``  ``CNNClassifier(arch=tiny)`` with raw_keras's plain
                              float32 training (no augmentation, schedule or label
                              smoothing);
             ``skcnn``        ``CNNClassifier(arch=tiny)`` with its defaults.

             Reported: MB per fit, the slope of a line through the RSS after
             fits 3..N (the first two warm up TensorFlow), and its ratio to
             raw_keras; the objects alive after each fit (keras models,
             ``FuncGraph``s, ``AtomicFunction``s, and the all-reduce gradients in
             TensorFlow's gradient registry, which held every traced training
             step before skcnn released them).
``grid``     ``GridSearchCV(CNNClassifier(arch=tiny, epochs=1), 50 candidates,
             cv=2, n_jobs=1, refit=False)``: 100 fits in one process, and
             ``raw_loop``, the same 100 fits written by hand. RSS growth and MB/fit.
``presets``  (not run by default) ``--presets`` in sequence on 300 digits (1 epoch,
             ``resize="auto"``), the sequence twice: the second round should cost
             no memory.

``--repeats`` interleaves the fits stage's contenders round-robin, the order
rotated every round; the tables show medians. The default stages (``fits,grid``)
take about 9 minutes on 2 cores, ``presets`` 2 more.

Examples::

    python benchmarks/bench_memory.py
    python benchmarks/bench_memory.py --stages fits,grid,presets --tag after
    python benchmarks/bench_memory.py --stages fits --no-collect
    python benchmarks/bench_memory.py --stages presets --presets simple,resnet20
    python benchmarks/bench_memory.py --render benchmarks/results/memory_<stamp>.json
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _measure import (  # noqa: E402
    MB,
    loadavg,
    machine_info,
    median,
    peak_rss_bytes,
    rss_bytes,
    wait_until_quiet,
)

FIT_CONTENDERS = ("raw_keras", "skcnn_plain", "skcnn")
GRID_CONTENDERS = ("skcnn", "raw_loop")
# 5 x 5 x 2 = 50 candidates of the tiny network.
GRID = {"filters": [4, 6, 8, 12, 16], "dense_units": [8, 16, 24, 32, 48], "dropout": [0.0, 0.2]}
DEFAULT_PRESETS = "simple,lenet5,fashion,resnet20,resnet18"
PLAIN = {"augment": None, "learning_rate": None, "label_smoothing": 0.0, "precision": "float32"}
SKIP = 2  # fits left out of the line: TensorFlow's warm-up


# ------------------------------------------------------------------ workers
def tiny(input_shape, n_classes, *, filters=16, dense_units=32, dropout=0.0):
    """The tiny network, as an skcnn builder (no rescaling: skcnn puts it in front)."""
    import keras

    layers = keras.layers
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(filters, 3, activation="relu")(inputs)
    x = layers.Conv2D(2 * filters, 3, activation="relu")(x)
    x = layers.Flatten()(x)
    x = layers.Dense(dense_units, activation="relu")(x)
    if dropout:
        x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="tiny")


def raw_network(keras, scale, n_classes=10, *, filters=16, dense_units=32, dropout=0.0):
    """The same network as a raw Keras user writes it, rescaling in the graph."""
    layers = keras.layers
    model = keras.Sequential(name="tiny_raw")
    model.add(keras.Input(shape=(8, 8, 1)))
    model.add(layers.Rescaling(scale))
    model.add(layers.Conv2D(filters, 3, activation="relu"))
    model.add(layers.Conv2D(2 * filters, 3, activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(dense_units, activation="relu"))
    if dropout:
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(n_classes, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _digits():
    import numpy as np
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.images.astype(np.float32)[..., None], data.target


def _keras():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from skcnn._keras import get_keras

    return get_keras()


def alive():
    """Objects alive now: keras models, traced graphs and functions, and the
    all-reduce gradient functions in TensorFlow's (private) gradient registry."""
    import keras
    from tensorflow.python.eager.polymorphic_function.atomic_function import AtomicFunction
    from tensorflow.python.framework import ops
    from tensorflow.python.framework.func_graph import FuncGraph

    counts = {"models": 0, "func_graphs": 0, "atomic_functions": 0}
    for obj in gc.get_objects():
        if isinstance(obj, keras.Model):
            counts["models"] += 1
        elif isinstance(obj, FuncGraph):
            counts["func_graphs"] += 1
        elif isinstance(obj, AtomicFunction):
            counts["atomic_functions"] += 1
    registry = getattr(getattr(ops, "_gradient_registry", None), "_registry", {})
    counts["all_reduce_gradients"] = sum(
        1 for name, entry in list(registry.items()) if _is_all_reduce_gradient(name, entry)
    )
    return counts


def _is_all_reduce_gradient(name, entry):
    """A ``tf.custom_gradient`` registration whose closures reach
    ``ReplicaContextBase.all_reduce``'s gradient (the optimizer's all-reduce)."""
    if not name.startswith("CustomGradient-"):
        return False
    functions = [entry.get("type")]
    for _ in range(2):
        inner = []
        for function in functions:
            for cell in getattr(function, "__closure__", None) or ():
                try:
                    value = cell.cell_contents
                except ValueError:
                    continue
                if callable(value) and "all_reduce.<locals>.grad_wrapper" in getattr(
                    value, "__qualname__", ""
                ):
                    return True
                if hasattr(value, "__closure__"):
                    inner.append(value)
        functions = inner
    return False


class _Recorder:
    """RSS (and, every ``count_every`` fits, the objects alive) after each fit."""

    def __init__(self, collect, count_every):
        self.collect = collect
        self.count_every = count_every
        self.rss = []
        self.seconds = []
        self.counts = []
        self._started = time.perf_counter()

    def __call__(self):
        self.seconds.append(time.perf_counter() - self._started)
        if self.collect:
            gc.collect()
        self.rss.append(rss_bytes() / MB)
        n = len(self.rss)
        if self.count_every and (n % self.count_every == 0 or n <= 2):
            self.counts.append({"fit": n, **alive()})
        self._started = time.perf_counter()

    def result(self):
        return {
            "rss_mb": self.rss,
            "fit_seconds": self.seconds,
            "alive": self.counts,
            "peak_rss_mb": peak_rss_bytes() / MB,
        }


def worker_fits(p):
    keras = _keras()
    from skcnn import CNNClassifier

    X, y = _digits()
    scale = 1.0 / float(X.max())
    record = _Recorder(p["collect"], count_every=1)
    rss_start = rss_bytes() / MB
    for _ in range(p["fits"]):
        if p["contender"] == "raw_keras":
            model = raw_network(keras, scale)
            model.fit(X, y, epochs=2, batch_size=32, verbose=0)
            model.predict(X, batch_size=32, verbose=0)
            del model
        else:
            params = PLAIN if p["contender"] == "skcnn_plain" else {}
            CNNClassifier(arch=tiny, epochs=2, batch_size=32, **params).fit(X, y).predict(X)
        record()
    return {"rss_start_mb": rss_start, **record.result()}


def worker_grid(p):
    keras = _keras()
    import numpy as np
    from sklearn.model_selection import GridSearchCV, ParameterGrid, StratifiedKFold

    from skcnn import CNNClassifier

    X, y = _digits()
    record = _Recorder(p["collect"], count_every=10)
    rss_start = rss_bytes() / MB
    extra = {}
    if p["contender"] == "raw_loop":
        scale = 1.0 / float(X.max())
        scores = []
        for params in ParameterGrid(GRID):
            for train, test in StratifiedKFold(2).split(X, y):
                model = raw_network(keras, scale, **params)
                model.fit(X[train], y[train], epochs=1, batch_size=32, verbose=0)
                proba = model.predict(X[test], batch_size=32, verbose=0)
                scores.append(float(np.mean(np.argmax(proba, axis=1) == y[test])))
                del model
                record()
        extra["mean_test_score"] = float(np.mean(scores))
    else:

        class Recorded(CNNClassifier):
            def fit(self, X, y, sample_weight=None):
                out = super().fit(X, y, sample_weight=sample_weight)
                record()
                return out

        search = GridSearchCV(
            Recorded(arch=tiny, epochs=1, batch_size=32),
            GRID,
            cv=2,
            n_jobs=1,
            refit=False,
            error_score="raise",
        )
        search.fit(X, y)
        extra["mean_test_score"] = float(np.mean(search.cv_results_["mean_test_score"]))
    return {"rss_start_mb": rss_start, **record.result(), **extra}


def worker_presets(p):
    _keras()
    from skcnn import CNNClassifier

    X, y = _digits()
    X, y = X[:300], y[:300]
    record = _Recorder(p["collect"], count_every=1)
    rss_start = rss_bytes() / MB
    order = []
    for _ in range(2):
        for arch in p["presets"]:
            CNNClassifier(arch=arch, epochs=1, batch_size=32).fit(X, y).predict(X)
            order.append(arch)
            record()
    return {"rss_start_mb": rss_start, "order": order, **record.result()}


WORKERS = {"fits": worker_fits, "grid": worker_grid, "presets": worker_presets}


def _skcnn_source():
    import inspect

    import skcnn
    from skcnn._estimators.base import BaseCNN

    return {
        "skcnn_file": skcnn.__file__,
        # BaseCNN._train wraps model.fit in skcnn._training.graph_release.released_step_graphs().
        "releases_step_graphs": "released_step_graphs" in inspect.getsource(BaseCNN._train),
    }


def worker_main(spec):
    p = json.loads(spec)
    out = WORKERS[p["stage"]](p)
    out.update(_skcnn_source())
    print(json.dumps(out))


# ------------------------------------------------------------------- driver
def log(*args):
    print(*args, flush=True)


def run_worker(params):
    load = loadavg()
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(params)],
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-3000:], "params": params}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(
        params=params, load_before=load, load_after=loadavg(), wall_s=time.perf_counter() - started
    )
    return result


def slope(values, skip=SKIP):
    """MB per fit: least-squares slope through the RSS after fits skip+1..N."""
    import numpy as np

    ys = np.asarray(values[skip:], dtype=float)
    if len(ys) < 2:
        return None
    return float(np.polyfit(np.arange(skip + 1, skip + 1 + len(ys)), ys, 1)[0])


def _summarise(runs):
    good = [r for r in runs if "error" not in r]
    if not good:
        return {"error": runs[-1].get("error") if runs else "no run"}
    return {
        "mb_per_fit": median([slope(r["rss_mb"]) for r in good]),
        "mb_per_fit_runs": [slope(r["rss_mb"]) for r in good],
        "growth_mb": median([r["rss_mb"][-1] - r["rss_mb"][SKIP - 1] for r in good]),
        "rss_after_first_fit_mb": median([r["rss_mb"][0] for r in good]),
        "rss_after_last_fit_mb": median([r["rss_mb"][-1] for r in good]),
        "peak_rss_mb": median([r["peak_rss_mb"] for r in good]),
        "fit_s": median([median(r["fit_seconds"]) for r in good]),
        "alive_last": good[-1]["alive"][-1] if good[-1]["alive"] else None,
        "fits": len(good[-1]["rss_mb"]),
        "runs": len(good),
        "releases_step_graphs": good[-1].get("releases_step_graphs"),
    }


def stage_fits(cfg, res):
    runs = {name: [] for name in FIT_CONTENDERS}
    for r in range(cfg.repeats):
        k = r % len(FIT_CONTENDERS)
        for name in FIT_CONTENDERS[k:] + FIT_CONTENDERS[:k]:
            _maybe_wait(cfg)
            result = run_worker(
                {"stage": "fits", "contender": name, "fits": cfg.fits, "collect": cfg.collect}
            )
            runs[name].append(result)
            if "error" in result:
                log(f"  fits {name}: ERROR {result['error'][-500:]}")
            else:
                log(
                    f"  fits {name:12s} repeat {r + 1}: {_fmt(slope(result['rss_mb']))} MB/fit, "
                    f"alive {result['alive'][-1]}"
                )
    summary = {name: _summarise(rs) for name, rs in runs.items()}
    raw = summary["raw_keras"].get("mb_per_fit")
    for s in summary.values():
        if raw and s.get("mb_per_fit") is not None:
            s["x_raw_keras"] = s["mb_per_fit"] / raw
    res["fits"] = {"runs": runs, "summary": summary}


def stage_grid(cfg, res):
    runs = {}
    for name in GRID_CONTENDERS:
        _maybe_wait(cfg)
        result = run_worker({"stage": "grid", "contender": name, "collect": cfg.collect})
        runs[name] = [result]
        if "error" in result:
            log(f"  grid {name}: ERROR {result['error'][-500:]}")
        else:
            log(
                f"  grid {name:9s} {len(result['rss_mb'])} fits in {result['wall_s']:.0f} s: "
                f"{result['rss_mb'][-1] - result['rss_mb'][SKIP - 1]:+.0f} MB, "
                f"{_fmt(slope(result['rss_mb']))} MB/fit"
            )
    summary = {name: _summarise(rs) for name, rs in runs.items()}
    raw = summary.get("raw_loop", {}).get("mb_per_fit")
    for name, s in summary.items():
        if raw and s.get("mb_per_fit") is not None:
            s["x_raw_loop"] = s["mb_per_fit"] / raw
        if "error" not in runs[name][0]:
            s["mean_test_score"] = runs[name][0].get("mean_test_score")
            s["wall_s"] = runs[name][0]["wall_s"]
    res["grid"] = {"runs": runs, "summary": summary}


def stage_presets(cfg, res):
    _maybe_wait(cfg)
    result = run_worker({"stage": "presets", "presets": cfg.presets, "collect": cfg.collect})
    summary = {}
    if "error" in result:
        log(f"  presets: ERROR {result['error'][-500:]}")
    else:
        n = len(cfg.presets)
        rss = result["rss_mb"]
        summary = {
            "round1_growth_mb": rss[n - 1] - result["rss_start_mb"],
            "round2_growth_mb": rss[2 * n - 1] - rss[n - 1],
            "rss_after_round1_mb": rss[n - 1],
            "rss_after_round2_mb": rss[2 * n - 1],
            "per_fit_growth_mb": {
                f"{arch}#{1 + i // n}": rss[i] - (rss[i - 1] if i else result["rss_start_mb"])
                for i, arch in enumerate(result["order"])
            },
            "fit_s": dict(
                zip(
                    [f"{a}#{1 + i // n}" for i, a in enumerate(result["order"])],
                    result["fit_seconds"],
                    strict=True,
                )
            ),
        }
        log(
            f"  presets: round 1 {summary['round1_growth_mb']:+.0f} MB, "
            f"round 2 {summary['round2_growth_mb']:+.0f} MB"
        )
    res["presets"] = {"runs": [result], "summary": summary}


def _maybe_wait(cfg):
    if cfg.wait_quiet is not None:
        wait_until_quiet(cfg.wait_quiet, cfg.max_wait, log=log)


STAGES = {"fits": stage_fits, "grid": stage_grid, "presets": stage_presets}


# ------------------------------------------------------------------- render
def _fmt(value, spec="+.2f"):
    return "-" if value is None else format(value, spec)


def _alive(counts):
    if not counts:
        return "-"
    return (
        f"{counts['models']} models, {counts['func_graphs']} FuncGraphs, "
        f"{counts['atomic_functions']} AtomicFunctions, "
        f"{counts['all_reduce_gradients']} all-reduce gradients"
    )


def render(res):
    cfg = res["config"]
    regime = "after gc.collect()" if cfg["collect"] else "without gc.collect()"
    lines = []
    fits = res.get("fits")
    if fits:
        lines += [
            f"## RSS per fit over {cfg['fits']} sequential fits ({regime}, median of "
            f"{cfg['repeats']}; line through fits {SKIP + 1}..{cfg['fits']})",
            "",
            "| contender | MB/fit | x raw_keras | growth MB | RSS after fit 1 MB | "
            "after last MB | s/fit | alive after the last fit |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, s in fits["summary"].items():
            if "error" in s:
                lines.append(f"| {name} | error | | | | | | |")
                continue
            lines.append(
                f"| {name} | {_fmt(s['mb_per_fit'])} | {_fmt(s.get('x_raw_keras'), '.2f')} | "
                f"{_fmt(s['growth_mb'], '+.0f')} | {s['rss_after_first_fit_mb']:.0f} | "
                f"{s['rss_after_last_fit_mb']:.0f} | {s['fit_s']:.2f} | {_alive(s['alive_last'])} |"
            )
        lines.append("")
    grid = res.get("grid")
    if grid:
        lines += [
            f"## RSS over a 50-candidate GridSearchCV, cv=2, n_jobs=1 (100 fits, {regime})",
            "",
            "| contender | fits | wall s | growth MB (fit 2 to last) | MB/fit | x raw_loop | "
            "alive after the last fit |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, s in grid["summary"].items():
            if "error" in s:
                lines.append(f"| {name} | error | | | | | |")
                continue
            lines.append(
                f"| {name} | {s['fits']} | {s.get('wall_s', 0):.0f} | "
                f"{_fmt(s['growth_mb'], '+.0f')} | {_fmt(s['mb_per_fit'])} | "
                f"{_fmt(s.get('x_raw_loop'), '.2f')} | {_alive(s['alive_last'])} |"
            )
        lines.append("")
    presets = res.get("presets")
    if presets and presets["summary"]:
        s = presets["summary"]
        lines += [
            f"## Presets in sequence, twice ({', '.join(cfg['presets'])}; 300 digits, 1 epoch)",
            "",
            f"Round 1: {_fmt(s['round1_growth_mb'], '+.0f')} MB; round 2 (the same fits "
            f"again): {_fmt(s['round2_growth_mb'], '+.0f')} MB.",
            "",
            "| fit | growth MB | s |",
            "|---|---|---|",
        ]
        for key, growth in s["per_fit_growth_mb"].items():
            lines.append(f"| {key} | {growth:+.0f} | {s['fit_s'][key]:.1f} |")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------- main
def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default="fits,grid")
    parser.add_argument("--fits", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--presets", default=DEFAULT_PRESETS)
    parser.add_argument(
        "--no-collect",
        dest="collect",
        action="store_false",
        help="read RSS without gc.collect() after each fit",
    )
    parser.add_argument("--tag", default="", help="added to the results file's name")
    parser.add_argument("--wait-quiet", type=float, default=None, metavar="LOAD")
    parser.add_argument("--max-wait", type=float, default=600, help="seconds per stage")
    parser.add_argument("--render", metavar="JSON", help="print the tables of a results file")
    cfg = parser.parse_args()
    if cfg.render:
        print(render(json.loads(Path(cfg.render).read_text())))
        return
    cfg.presets = [name for name in cfg.presets.split(",") if name]
    stages = [name for name in cfg.stages.split(",") if name]
    res = {"machine": machine_info(ROOT), "config": {**vars(cfg), "stages": stages}}
    started = time.perf_counter()
    for name in stages:
        log(f"stage {name}")
        STAGES[name](cfg, res)
    res["wall_s"] = time.perf_counter() - started
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    tag = f"{cfg.tag}_" if cfg.tag else ""
    path = HERE / "results" / f"memory_{tag}{stamp}.json"
    path.write_text(json.dumps(res, indent=1))
    print(render(res))
    print(f"wrote {path} ({res['wall_s']:.0f} s)")


if __name__ == "__main__":
    main()
