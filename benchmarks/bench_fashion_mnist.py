"""skcnn against raw Keras and scikeras on Fashion-MNIST, side by side (issue 7).

Run by hand, never in CI. Every contender trains the R keras lab's network
(see ``_contenders.py``) with RMSprop on the same real Fashion-MNIST images,
loaded by ``skcnn.datasets.load_fashion_mnist`` (Debian's
``dataset-fashion-mnist`` files in /usr/share/datasets/fashion-mnist work
offline).

Stages (``--stages``, default all but ``accuracy``):

``import``    ``import skcnn`` time in fresh interpreters (median of ``--import-runs``).
``predict``   one process, contenders interleaved round by round: one-image
              latency (p50/p95) of ``predict``/``predict_proba`` (skcnn,
              scikeras) and of ``model.predict``/``model(x)`` (raw Keras), and
              10,000-image batch throughput.
``fit``       a fresh subprocess per contender and repeat (peak RSS is a
              per-process figure), contenders interleaved and rotated between
              repeats: fit throughput and peak RSS of a fit on ``--fit-images``.
``knobs``     skcnn with CPU knobs applied from the outside (``_knobs.py``):
              thread pools, XLA, steps_per_execution, tf.data, no unit weights.
``grid``      RSS growth over a 20-fit ``GridSearchCV`` in one process.
``accuracy``  test accuracy with the R-lab recipe (rmsprop, 5 epochs, batch 64,
              validation_split=0.1), skcnn against raw Keras in the same run.

Results go to ``benchmarks/results/<name>.json`` and a Markdown summary beside
it. Examples::

    # debug run: tiny sizes, one repeat (a minute or two)
    python benchmarks/bench_fashion_mnist.py --quick
    # the full run of docs/benchmarks.md (about 20 minutes on 2 cores)
    python benchmarks/bench_fashion_mnist.py --wait-quiet 1.0 --stages all
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from _contenders import CONTENDERS, DESCRIPTIONS  # noqa: E402
from _knobs import KNOB_CONFIGS  # noqa: E402
from _measure import (  # noqa: E402
    MB,
    loadavg,
    machine_info,
    median,
    peak_rss_bytes,
    percentile,
    rss_bytes,
    wait_until_quiet,
)

ALL_STAGES = ("import", "predict", "fit", "knobs", "grid", "accuracy")
DEFAULT_STAGES = ("import", "predict", "fit", "knobs", "grid")
DEFAULT_KNOBS = ("baseline", "no_unit_sw", "xla", "spe8", "tfdata", "threads_2_1",
                 "threads_1_1", "batch128")


def log(*args):
    print(*args, flush=True)


def have_scikeras():
    try:
        import importlib.util

        return importlib.util.find_spec("scikeras") is not None
    except (ImportError, ValueError):
        return False


# =================================================================== workers
# Each worker runs in its own interpreter and prints one line ``RESULT {json}``.
def _worker_env():
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("KERAS_BACKEND", "tensorflow")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_worker(kind, params, timeout=1800):
    """Run a worker subprocess; return its result dict (``error`` on failure)."""
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", kind, json.dumps(params)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=_worker_env(), timeout=timeout, cwd=REPO
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    wall = time.perf_counter() - start
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            result["process_wall_s"] = round(wall, 3)
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


def _emit(result):
    print("RESULT " + json.dumps(result), flush=True)


def _load_data(n_train, n_test=0):
    from skcnn.datasets import load_fashion_mnist

    (X, y), (Xt, yt) = load_fashion_mnist(download=False)
    return X[:n_train].copy(), y[:n_train].copy(), Xt[:n_test].copy(), yt[:n_test].copy()


def _cpu_seconds():
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _import_keras_quietly():
    """Import Keras/TensorFlow before any timer starts, for every contender
    alike (skcnn would otherwise pay TensorFlow's import inside its first fit)."""
    from skcnn._keras import get_keras

    return get_keras()


def worker_fit(p):
    """One fit of one contender: throughput and this process's peak RSS."""
    import _contenders as C
    import _knobs as K

    rss_start = rss_bytes()
    knobs = p.get("knobs", {})
    K.set_threads(knobs.get("threads"))
    keras = _import_keras_quietly()
    K.patch_compile(
        keras,
        jit_compile=knobs.get("jit_compile"),
        steps_per_execution=knobs.get("steps_per_execution"),
    )
    rss_tf = rss_bytes()
    name = knobs.get("contender", p["contender"])
    if knobs.get("no_copy"):
        K.patch_no_copy()
    X, y, _, _ = _load_data(p["n_images"])
    rss_data = rss_bytes()
    batch_size = knobs.get("batch_size", p["batch_size"])
    cls = None
    if name.startswith("skcnn"):
        cls = K.tuned_classifier(
            drop_unit_weights=knobs.get("drop_unit_weights", False),
            pipeline=knobs.get("pipeline", "numpy"),
        )
    clock = C.BatchClock.make(keras)
    est = C.make_estimator(
        name,
        epochs=p["epochs"],
        batch_size=batch_size,
        validation_split=p["validation_split"],
        seed=p["seed"],
        callbacks=[clock],
        cls=cls,
    )
    # The user's own preparation (float64 copies for the R-lab style) counts.
    t0 = time.perf_counter()
    x_fit, y_fit = C.prepare(name, X, y)
    prep_s = time.perf_counter() - t0
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    est.fit(x_fit, y_fit)
    fit_s = time.perf_counter() - t0
    fit_cpu_s = _cpu_seconds() - cpu0
    n_train = C.n_trained(name, len(X), p["validation_split"])
    bs = C.batch_size_used(name, batch_size, n_train)
    _emit(
        {
            "contender": name,
            "n_images": len(X),
            "n_train": n_train,
            "epochs": p["epochs"],
            "batch_size": bs,
            "prep_s": round(prep_s, 4),
            "fit_s": round(fit_s, 3),
            "fit_images_per_s": n_train * p["epochs"] / fit_s,
            "fit_cpu_s": round(fit_cpu_s, 3),
            # CPU time is less sensitive than wall time to other processes
            # sharing the cores: images per CPU-second of this process.
            "images_per_cpu_s": n_train * p["epochs"] / fit_cpu_s,
            "steady_images_per_s": C.BatchClock.steady_images_per_s(bs),
            "rss_start_mb": rss_start / MB,
            "rss_after_tf_import_mb": rss_tf / MB,
            "rss_after_data_mb": rss_data / MB,
            "rss_end_mb": rss_bytes() / MB,
            "peak_rss_mb": peak_rss_bytes() / MB,
        }
    )


def worker_predict(p):
    """Predict latency and batch throughput, all contenders in this process."""
    import _contenders as C
    import _knobs as K
    import numpy as np

    _import_keras_quietly()
    X, y, Xt, _ = _load_data(p["n_fit"], p["n_batch"])
    x1 = Xt[:1]
    contenders = {}

    def fitted(name, cls=None):
        est = C.make_estimator(
            name, epochs=1, batch_size=64, validation_split=0.0, seed=p["seed"],
            callbacks=None, cls=cls,
        )
        xf, yf = C.prepare(name, X, y)
        return est.fit(xf, yf)

    # (label, callable of one image, callable of the batch) per method.
    methods = []
    for name in ("raw_rlab", "raw_well"):
        est = fitted(name)
        model = est.model_
        one, batch = C.prepare(name, x1, np.zeros(1, np.uint8))[0], C.prepare(
            name, Xt, np.zeros(len(Xt), np.uint8))[0]
        contenders[name] = est
        methods.append((f"{name}: model.predict", lambda m=model, a=one: m.predict(a, verbose=0),
                        lambda m=model, a=batch: m.predict(a, verbose=0)))
        methods.append((f"{name}: model(x)",
                        lambda m=model, a=one: np.asarray(m(a, training=False)), None))
    images_4d = Xt.reshape(-1, 28, 28, 1)
    methods.append(("raw_well: model.predict(batch_size=256)", None,
                    lambda m=contenders["raw_well"].model_, a=images_4d:
                    m.predict(a, batch_size=256, verbose=0)))
    if p["scikeras"]:
        est = fitted("scikeras")
        one, batch = x1.reshape(-1, 28, 28, 1), Xt.reshape(-1, 28, 28, 1)
        methods.append(("scikeras: predict", lambda e=est, a=one: e.predict(a),
                        lambda e=est, a=batch: e.predict(a)))
        methods.append(("scikeras: predict_proba", lambda e=est, a=one: e.predict_proba(a),
                        lambda e=est, a=batch: e.predict_proba(a)))
    variants = [("skcnn", None), ("skcnn+eager call", K.direct_call_classifier("eager")),
                ("skcnn+tf.function", K.direct_call_classifier("function")),
                ("skcnn+chunked predict_on_batch", K.direct_call_classifier("chunked"))]
    for label, cls in variants:
        est = fitted("skcnn", cls)
        methods.append((f"{label}: predict", lambda e=est: e.predict(x1),
                        lambda e=est: e.predict(Xt)))
        methods.append((f"{label}: predict_proba", lambda e=est: e.predict_proba(x1),
                        lambda e=est: e.predict_proba(Xt)))

    # Warm up every path (graph tracing), then interleave rounds.
    for _, single, batch in methods:
        for _ in range(5):
            if single:
                single()
        if batch:
            batch()
    single_ms = {label: [] for label, _, _ in methods}
    batch_rate = {label: [] for label, _, _ in methods}
    loads = [loadavg()]
    for r in range(p["rounds"]):
        order = methods[r % len(methods):] + methods[: r % len(methods)]
        for label, single, batch in order:
            if single:
                for _ in range(p["calls"]):
                    t0 = time.perf_counter()
                    single()
                    single_ms[label].append((time.perf_counter() - t0) * 1000)
            if batch:
                gc.collect()
                t0 = time.perf_counter()
                batch()
                batch_rate[label].append(len(Xt) / (time.perf_counter() - t0))
        print(f"  predict round {r + 1}/{p['rounds']} done", file=sys.stderr, flush=True)
        loads.append(loadavg())
    out = {}
    for label, _, _ in methods:
        s = single_ms[label]
        out[label] = {
            "p50_ms": percentile(s, 50) if s else None,
            "p95_ms": percentile(s, 95) if s else None,
            "round_p50s_ms": [percentile(s[k * p["calls"]:(k + 1) * p["calls"]], 50)
                              for k in range(p["rounds"])] if s else None,
            "n_calls": len(s),
            "batch_images_per_s": median(batch_rate[label]) if batch_rate[label] else None,
            "batch_rates": batch_rate[label],
        }
    _emit({"methods": out, "n_batch": len(Xt), "loadavg_rounds": loads})


def worker_grid(p):
    """RSS after each of the fits of a 20-fit grid search, in this process."""
    import _contenders as C
    import numpy as np

    _import_keras_quietly()
    X, y, _, _ = _load_data(p["n_images"])
    name = p["contender"]
    values = p["filters"]
    trace = []

    def record():
        gc.collect()
        trace.append(rss_bytes() / MB)

    rss_before = rss_bytes() / MB
    t0 = time.perf_counter()
    extra = {}
    if name == "raw_loop":
        # The hand-written equivalent: 20 build/compile/fit/predict cycles.
        x, yy = C.prepare("raw_well", X, y)
        half = len(x) // 2
        for f in values:
            for train, test in ((slice(0, half), slice(half, None)),
                                (slice(half, None), slice(0, half))):
                est = C.RawKeras(rlab_style=False, epochs=1, batch_size=64,
                                 validation_split=0.0, seed=p["seed"], callbacks=None,
                                 filters=f)
                est.fit(x[train], yy[train]).predict(x[test])
                record()
    else:
        from sklearn.base import is_classifier
        from sklearn.model_selection import GridSearchCV

        if name == "skcnn":
            from skcnn import CNNClassifier

            class Recorded(CNNClassifier):
                def fit(self, X, y, sample_weight=None):
                    out = super().fit(X, y, sample_weight=sample_weight)
                    record()
                    return out

            est = C.make_estimator("skcnn", epochs=1, batch_size=64, validation_split=0.0,
                                   seed=p["seed"], callbacks=None, cls=Recorded)
            grid = {"filters": values}
            xg, yg = X, y
        else:
            from scikeras.wrappers import KerasClassifier

            class RecordedKC(KerasClassifier):
                def fit(self, X, y, **kw):
                    out = super().fit(X, y, **kw)
                    record()
                    return out

            est = C.make_estimator("scikeras", epochs=1, batch_size=64, validation_split=0.0,
                                   seed=p["seed"], callbacks=None, cls=RecordedKC)
            grid = {"model__filters": values}
            xg, yg = C.prepare("scikeras", X, y)
        extra["is_classifier"] = bool(is_classifier(est))
        search = GridSearchCV(est, grid, cv=2, refit=False, n_jobs=1, error_score="raise")
        search.fit(xg, yg)
        extra["mean_test_score"] = [float(s) for s in search.cv_results_["mean_test_score"]]
        extra["cv_splitter"] = type(
            __import__("sklearn.model_selection", fromlist=["check_cv"]).check_cv(
                2, yg, classifier=is_classifier(est))).__name__
    wall = time.perf_counter() - t0
    fits = len(trace)
    slope = None
    if fits >= 4:
        xs = np.arange(1, fits)
        slope = float(np.polyfit(xs, np.asarray(trace[1:]), 1)[0])
    _emit(
        {
            "contender": name,
            "fits": fits,
            "wall_s": wall,
            "rss_before_mb": rss_before,
            "rss_after_first_fit_mb": trace[0] if trace else None,
            "rss_after_last_fit_mb": trace[-1] if trace else None,
            "growth_first_to_last_mb": (trace[-1] - trace[0]) if trace else None,
            "growth_total_mb": (trace[-1] - rss_before) if trace else None,
            "slope_mb_per_fit": slope,
            "trace_mb": trace,
            "peak_rss_mb": peak_rss_bytes() / MB,
            **extra,
        }
    )


def worker_accuracy(p):
    """Test accuracy of one contender with the R-lab recipe."""
    import _contenders as C
    import numpy as np

    _import_keras_quietly()
    X, y, Xt, yt = _load_data(p["n_images"], 10000)
    name = p["contender"]
    est = C.make_estimator(name, epochs=p["epochs"], batch_size=64,
                           validation_split=p["validation_split"], seed=p["seed"],
                           callbacks=None)
    xf, yf = C.prepare(name, X, y)
    t0 = time.perf_counter()
    est.fit(xf, yf)
    fit_s = time.perf_counter() - t0
    xt, _ = C.prepare(name, Xt, yt)
    pred = est.predict(xt)
    acc = float(np.mean(np.asarray(pred) == yt))
    history = est.history_ if name.startswith("skcnn") else None
    val_acc = None
    if history is not None:
        val_acc = float(history["val_accuracy"].iloc[-1])
    elif hasattr(est, "history_"):
        val_acc = float(est.history_.history["val_accuracy"][-1])
    _emit({"contender": name, "test_accuracy": acc, "val_accuracy": val_acc,
           "fit_s": fit_s, "seed": p["seed"], "epochs": p["epochs"]})


WORKERS = {"fit": worker_fit, "predict": worker_predict, "grid": worker_grid,
           "accuracy": worker_accuracy}


# ==================================================================== stages
def stage_import(cfg, res):
    code = ("import time; t = time.perf_counter(); import {mod}; "
            "d = time.perf_counter() - t; import sys; "
            "print(d, 'tensorflow' in sys.modules, 'keras' in sys.modules, "
            "'sklearn' in sys.modules)")
    out = {}
    targets = {"import skcnn": "skcnn",
               "from skcnn import CNNClassifier": None,
               "import keras (for scale)": "keras"}
    if cfg.scikeras:
        targets["import scikeras.wrappers (for scale)"] = "scikeras.wrappers"
    for label, mod in targets.items():
        times, flags = [], None
        runs = cfg.import_runs if mod == "skcnn" or mod is None else max(3, cfg.import_runs // 2)
        for _ in range(runs):
            if mod is None:
                src = ("import time; t = time.perf_counter(); from skcnn import CNNClassifier; "
                       "d = time.perf_counter() - t; import sys; "
                       "print(d, 'tensorflow' in sys.modules, 'keras' in sys.modules, "
                       "'sklearn' in sys.modules)")
            else:
                src = code.format(mod=mod)
            proc = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                                  env=_worker_env(), cwd=REPO)
            parts = proc.stdout.split()
            if proc.returncode or len(parts) < 4:
                out[label] = {"error": proc.stderr.strip().splitlines()[-1:]}
                break
            times.append(float(parts[0]))
            flags = {"tensorflow_loaded": parts[1] == "True", "keras_loaded": parts[2] == "True",
                     "sklearn_loaded": parts[3] == "True"}
        else:
            out[label] = {"median_s": median(times), "runs_s": times, **(flags or {})}
        log(f"  {label}: {out[label].get('median_s', out[label])}")
    res["import"] = out


def stage_predict(cfg, res):
    params = {"n_fit": cfg.predict_fit_images, "n_batch": cfg.batch_images, "seed": cfg.seed,
              "rounds": cfg.repeats, "calls": cfg.predict_calls, "scikeras": cfg.scikeras}
    result = run_worker("predict", params)
    res["predict"] = result
    if "error" in result:
        log("  predict worker failed:", result["error"])
        return
    for label, m in result["methods"].items():
        p50 = f"{m['p50_ms']:.2f}" if m["p50_ms"] is not None else "-"
        p95 = f"{m['p95_ms']:.2f}" if m["p95_ms"] is not None else "-"
        rate = f"{m['batch_images_per_s']:.0f}" if m["batch_images_per_s"] else "-"
        log(f"  {label:45s} p50 {p50:>8} ms  p95 {p95:>8} ms  10k: {rate:>7} img/s")


def _rotations(items, repeats):
    items = list(items)
    for r in range(repeats):
        k = r % len(items)
        yield r, items[k:] + items[:k]


def stage_fit(cfg, res):
    contenders = [c for c in CONTENDERS if c != "scikeras" or cfg.scikeras]
    runs = []
    for r, order in _rotations(contenders, cfg.repeats):
        for name in order:
            params = {"contender": name, "n_images": cfg.fit_images, "epochs": cfg.fit_epochs,
                      "batch_size": 64, "validation_split": 0.0, "seed": cfg.seed}
            before = loadavg()
            result = run_worker("fit", params)
            result.update({"repeat": r, "contender": name, "loadavg_before": before,
                           "loadavg_after": loadavg()})
            runs.append(result)
            _log_fit(f"fit {r + 1}/{cfg.repeats}", name, result)
    res["fit"] = {"runs": runs, "summary": _summarise(runs, "contender")}


def _log_fit(prefix, name, result):
    if "error" in result:
        log(f"  [{prefix}] {name}: ERROR {result['error']}")
        return
    steady = result.get("steady_images_per_s")
    log(f"  [{prefix}] {name:14s} {result['fit_images_per_s']:7.0f} img/s (steady "
        f"{steady or float('nan'):7.0f}), peak RSS {result['peak_rss_mb']:6.0f} MB, "
        f"load {result['loadavg_before'][0]}")


def _summarise(runs, key):
    groups = {}
    for run in runs:
        groups.setdefault(run[key], []).append(run)
    summary = {}
    for name, group in groups.items():
        ok = [g for g in group if "error" not in g]
        if not ok:
            summary[name] = {"error": group[0]["error"]}
            continue
        summary[name] = {
            "n": len(ok),
            "fit_images_per_s": median([g["fit_images_per_s"] for g in ok]),
            "fit_images_per_s_runs": [round(g["fit_images_per_s"]) for g in ok],
            "steady_images_per_s": median([g["steady_images_per_s"] for g in ok]),
            "peak_rss_mb": median([g["peak_rss_mb"] for g in ok]),
            "peak_rss_mb_runs": [round(g["peak_rss_mb"]) for g in ok],
            "rss_after_data_mb": median([g["rss_after_data_mb"] for g in ok]),
            "fit_s": median([g["fit_s"] for g in ok]),
            "batch_size": ok[0]["batch_size"],
            "n_train": ok[0]["n_train"],
        }
    return summary


def stage_knobs(cfg, res):
    names = [n for n in KNOB_CONFIGS if n in (cfg.knobs or DEFAULT_KNOBS)]
    runs = []
    for r, order in _rotations(names, cfg.repeats):
        for knob in order:
            params = {"contender": "skcnn", "n_images": cfg.knob_images,
                      "epochs": cfg.knob_epochs, "batch_size": 64, "validation_split": 0.0,
                      "seed": cfg.seed, "knobs": KNOB_CONFIGS[knob][1]}
            before = loadavg()
            result = run_worker("fit", params)
            result.update({"repeat": r, "knob": knob, "loadavg_before": before,
                           "loadavg_after": loadavg()})
            runs.append(result)
            _log_fit(f"knobs {r + 1}/{cfg.repeats}", knob, result)
    res["knobs"] = {"runs": runs, "summary": _summarise(runs, "knob"),
                    "descriptions": {k: KNOB_CONFIGS[k][0] for k in names}}


def stage_grid(cfg, res):
    out = {}
    names = ["skcnn"] + (["scikeras"] if cfg.scikeras else []) + ["raw_loop"]
    for name in names:
        params = {"contender": name, "n_images": cfg.grid_images, "seed": cfg.seed,
                  "filters": cfg.grid_filters}
        before = loadavg()
        result = run_worker("grid", params)
        result.update({"loadavg_before": before, "loadavg_after": loadavg()})
        out[name] = result
        if "error" in result:
            log(f"  grid {name}: ERROR {result['error']}")
        else:
            log(f"  grid {name:9s} {result['fits']} fits in {result['wall_s']:.0f} s: RSS "
                f"{result['rss_after_first_fit_mb']:.0f} -> {result['rss_after_last_fit_mb']:.0f}"
                f" MB (growth {result['growth_first_to_last_mb']:+.1f} MB, "
                f"{result['slope_mb_per_fit']:+.2f} MB/fit)")
    res["grid"] = out


def stage_accuracy(cfg, res):
    runs = []
    names = ["raw_rlab", "skcnn"]
    for r, order in _rotations(names, cfg.accuracy_repeats):
        for name in order:
            params = {"contender": name, "epochs": cfg.accuracy_epochs,
                      "validation_split": 0.1, "seed": cfg.seed + r,
                      "n_images": cfg.accuracy_images}
            before = loadavg()
            result = run_worker("accuracy", params)
            result.update({"repeat": r, "contender": name, "loadavg_before": before,
                           "loadavg_after": loadavg()})
            runs.append(result)
            if "error" in result:
                log(f"  accuracy {name}: ERROR {result['error']}")
            else:
                log(f"  accuracy {name:9s} seed {result['seed']}: test "
                    f"{result['test_accuracy']:.4f} (fit {result['fit_s']:.0f} s)")
    res["accuracy"] = {"runs": runs}


STAGES = {"import": stage_import, "predict": stage_predict, "fit": stage_fit,
          "knobs": stage_knobs, "grid": stage_grid, "accuracy": stage_accuracy}


# ==================================================================== report
def _fmt(x, spec=".0f"):
    return "-" if x is None or x != x else format(x, spec)


def _ratio(a, b):
    if a is None or b is None or b != b or a != a or b == 0:
        return None
    return a / b


def render(res):
    """Markdown tables and target verdicts from a results dict."""
    lines = []
    m = res["machine"]
    v = m["versions"]
    lines += [
        f"Run {res['started']} ({res.get('elapsed_s', 0) / 60:.1f} min), command: "
        f"`{res['command']}`",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpus_usable']} usable), {m['cpu_model']}, "
        f"{m['ram_gib']} GiB RAM; Python {m['python']}, TensorFlow {v['tensorflow']}, "
        f"Keras {v['keras']}, scikit-learn {v['scikit-learn']}, NumPy {v['numpy']}, "
        f"scikeras {v['scikeras']}; skcnn at {m['git_head']}"
        f"{' + uncommitted changes' if m['skcnn_tree_dirty'] else ''} "
        f"(estimator.py sha256 {m['estimator_py_sha256']}).",
        "",
        "Load average (1/5/15 min) per stage: "
        + "; ".join(f"{k} {s['loadavg_before']} -> {s['loadavg_after']}"
                    for k, s in res["stage_load"].items()),
        "",
    ]
    verdicts = []
    fit = res.get("fit", {}).get("summary", {})
    pred = res.get("predict", {}).get("methods", {})
    well = fit.get("raw_well", {})
    rlab = fit.get("raw_rlab", {})
    if fit:
        cfgf = res["config"]
        lines += [
            f"### Fit: {cfgf['fit_images']} images x {cfgf['fit_epochs']} epoch(s), "
            f"median of {cfgf['repeats']} interleaved runs (fresh process each)",
            "",
            "| contender | batch | fit img/s | x raw_well | steady img/s | x raw_well "
            "| peak RSS MB | x raw_well | x raw_rlab | runs img/s |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name in CONTENDERS:
            s = fit.get(name)
            if not s:
                continue
            if "error" in s:
                lines.append(f"| {name} | error: {s['error'][:200]} |")
                continue
            lines.append(
                f"| {name} | {s['batch_size']} | {_fmt(s['fit_images_per_s'])} | "
                f"{_fmt(_ratio(s['fit_images_per_s'], well.get('fit_images_per_s')), '.3f')} | "
                f"{_fmt(s['steady_images_per_s'])} | "
                f"{_fmt(_ratio(s['steady_images_per_s'], well.get('steady_images_per_s')), '.3f')}"
                f" | {_fmt(s['peak_rss_mb'])} | "
                f"{_fmt(_ratio(s['peak_rss_mb'], well.get('peak_rss_mb')), '.2f')} | "
                f"{_fmt(_ratio(s['peak_rss_mb'], rlab.get('peak_rss_mb')), '.2f')} | "
                f"{s['fit_images_per_s_runs']} |"
            )
        lines.append("")
        sk, skd = fit.get("skcnn", {}), fit.get("skcnn_default", {})
        r = _ratio(sk.get("fit_images_per_s"), well.get("fit_images_per_s"))
        verdicts.append(("fit throughput >= 0.98x raw_well (same settings)", r is not None
                         and r >= 0.98, f"{_fmt(r, '.3f')}x"))
        a = _ratio(skd.get("peak_rss_mb"), well.get("peak_rss_mb"))
        b = _ratio(skd.get("peak_rss_mb"), rlab.get("peak_rss_mb"))
        verdicts.append(("defaults: peak RSS <= raw_well", a is not None and a <= 1.0,
                         f"{_fmt(a, '.3f')}x ({_fmt(skd.get('peak_rss_mb'))} vs "
                         f"{_fmt(well.get('peak_rss_mb'))} MB)"))
        verdicts.append(("defaults: peak RSS <= 0.6x raw_rlab", b is not None and b <= 0.6,
                         f"{_fmt(b, '.3f')}x ({_fmt(skd.get('peak_rss_mb'))} vs "
                         f"{_fmt(rlab.get('peak_rss_mb'))} MB)"))
        c = _ratio(skd.get("fit_images_per_s"), well.get("fit_images_per_s"))
        verdicts.append(("defaults: no loss of speed (img/s vs raw_well)", c is not None
                         and c >= 0.98, f"{_fmt(c, '.3f')}x"))
    if pred:
        lines += [
            f"### Predict: one image (p50/p95 over {res['config']['repeats']} interleaved "
            f"rounds x {res['config']['predict_calls']} calls) and "
            f"{res['predict'].get('n_batch')} images in one call (median img/s)",
            "",
            "| method | 1 image p50 ms | p95 ms | batch img/s | batch x raw_well model.predict |",
            "|---|---|---|---|---|",
        ]
        ref = pred.get("raw_well: model.predict", {}).get("batch_images_per_s")
        for label, s in pred.items():
            lines.append(
                f"| {label} | {_fmt(s['p50_ms'], '.2f')} | {_fmt(s['p95_ms'], '.2f')} | "
                f"{_fmt(s['batch_images_per_s'])} | "
                f"{_fmt(_ratio(s['batch_images_per_s'], ref), '.2f')} |"
            )
        lines.append("")
        for label in ("skcnn: predict", "skcnn: predict_proba"):
            s = pred.get(label, {})
            verdicts.append((f"one-image {label.split(': ')[1]} p50 <= 10 ms",
                             s.get("p50_ms") is not None and s["p50_ms"] <= 10,
                             f"{_fmt(s.get('p50_ms'), '.2f')} ms"))
        best_raw = max([x for x in (ref, pred.get("raw_well: model.predict(batch_size=256)", {})
                                    .get("batch_images_per_s")) if x] or [None])
        r = _ratio(pred.get("skcnn: predict", {}).get("batch_images_per_s"), ref)
        r2 = _ratio(pred.get("skcnn: predict", {}).get("batch_images_per_s"), best_raw)
        verdicts.append(("10k batch predict >= raw Keras", r is not None and r >= 1.0,
                         f"{_fmt(r, '.2f')}x raw_well model.predict (default batch 32), "
                         f"{_fmt(r2, '.2f')}x the faster of batch 32/256"))
    imp = res.get("import")
    if imp:
        lines += ["### Import time (fresh interpreter, median)", "",
                  "| statement | median s | runs | loads TF | loads sklearn |",
                  "|---|---|---|---|---|"]
        for label, s in imp.items():
            if "error" in s:
                lines.append(f"| {label} | error |")
                continue
            lines.append(f"| `{label}` | {s['median_s']:.3f} | "
                         f"{[round(t, 3) for t in s['runs_s']]} | {s['tensorflow_loaded']} | "
                         f"{s['sklearn_loaded']} |")
        lines.append("")
        s = imp.get("import skcnn", {})
        verdicts.append(("import skcnn <= 0.3 s", s.get("median_s", 9) <= 0.3,
                         f"{_fmt(s.get('median_s'), '.3f')} s"))
    grid = res.get("grid")
    if grid:
        lines += ["### RSS over a 20-fit GridSearchCV in one process "
                  f"({res['config']['grid_images']} images, filters "
                  f"{res['config']['grid_filters']} x cv=2, 1 epoch each)", "",
                  "| contender | fits | wall s | RSS after fit 1 MB | after last MB | growth MB "
                  "| MB/fit | notes |", "|---|---|---|---|---|---|---|---|"]
        for name, s in grid.items():
            if "error" in s:
                lines.append(f"| {name} | error: {s['error'][:300]} |")
                continue
            notes = []
            if "is_classifier" in s:
                notes.append(f"is_classifier={s['is_classifier']}, CV splitter {s['cv_splitter']}")
            lines.append(
                f"| {name} | {s['fits']} | {s['wall_s']:.0f} | {s['rss_after_first_fit_mb']:.0f} | "
                f"{s['rss_after_last_fit_mb']:.0f} | {s['growth_first_to_last_mb']:+.1f} | "
                f"{_fmt(s['slope_mb_per_fit'], '+.2f')} | {'; '.join(notes)} |")
        lines.append("")
        s = grid.get("skcnn", {})
        g = s.get("growth_first_to_last_mb")
        verdicts.append(("RSS growth over 20 GridSearchCV fits < 50 MB", g is not None and g < 50,
                         f"{_fmt(g, '+.1f')} MB"))
    knobs = res.get("knobs")
    if knobs:
        ks = knobs["summary"]
        base = ks.get("baseline", {})
        lines += [f"### CPU knobs on skcnn ({res['config']['knob_images']} images x "
                  f"{res['config']['knob_epochs']} epoch(s), median of {res['config']['repeats']})",
                  "", "| knob | fit img/s | x baseline | steady img/s | x baseline | peak RSS MB "
                  "| runs img/s |", "|---|---|---|---|---|---|---|"]
        for name, s in ks.items():
            if "error" in s:
                lines.append(f"| {name} | error: {s['error'][:200]} |")
                continue
            lines.append(
                f"| {name}: {knobs['descriptions'][name]} | {_fmt(s['fit_images_per_s'])} | "
                f"{_fmt(_ratio(s['fit_images_per_s'], base.get('fit_images_per_s')), '.3f')} | "
                f"{_fmt(s['steady_images_per_s'])} | "
                f"{_fmt(_ratio(s['steady_images_per_s'], base.get('steady_images_per_s')), '.3f')}"
                f" | {_fmt(s['peak_rss_mb'])} | {s['fit_images_per_s_runs']} |")
        lines.append("")
    acc = res.get("accuracy")
    if acc:
        c = res["config"]
        lines += [f"### Accuracy, R-lab recipe (rmsprop, {c['accuracy_epochs']} epochs, batch 64, "
                  f"validation_split=0.1), {c['accuracy_images']} training / 10,000 test images",
                  "",
                  "| contender | seed | test accuracy | last val_accuracy | fit s |",
                  "|---|---|---|---|---|"]
        by = {}
        for run in acc["runs"]:
            if "error" in run:
                lines.append(f"| {run['contender']} | error: {run['error'][:200]} |")
                continue
            by.setdefault(run["contender"], []).append(run["test_accuracy"])
            lines.append(f"| {run['contender']} | {run['seed']} | {run['test_accuracy']:.4f} | "
                         f"{_fmt(run['val_accuracy'], '.4f')} | {run['fit_s']:.0f} |")
        lines.append("")
        if "skcnn" in by and "raw_rlab" in by:
            d = (median(by["skcnn"]) - median(by["raw_rlab"])) * 100
            verdicts.append(("simple within 0.5 points of raw Keras (or better)", d >= -0.5,
                             f"{d:+.2f} points (median over seeds)"))
    if verdicts:
        lines += ["### Targets (issue 7)", "", "| target | met | measured |", "|---|---|---|"]
        for text, ok, value in verdicts:
            lines.append(f"| {text} | {'met' if ok else 'MISSED'} | {value} |")
        lines.append("")
    return "\n".join(lines)


# ====================================================================== main
def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stages", default=",".join(DEFAULT_STAGES),
                    help=f"comma-separated from {ALL_STAGES}, or 'all'")
    ap.add_argument("--quick", action="store_true",
                    help="tiny sizes and one repeat, to check the scripts run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--fit-images", type=int, default=60000)
    ap.add_argument("--fit-epochs", type=int, default=2)
    ap.add_argument("--knob-images", type=int, default=30000)
    ap.add_argument("--knob-epochs", type=int, default=1)
    ap.add_argument("--knobs", default="", help="comma-separated subset of the knob configs")
    ap.add_argument("--predict-fit-images", type=int, default=1024)
    ap.add_argument("--predict-calls", type=int, default=40)
    ap.add_argument("--batch-images", type=int, default=10000)
    ap.add_argument("--grid-images", type=int, default=2000)
    ap.add_argument("--grid-filters", default="4,6,8,10,12,14,16,20,24,32",
                    help="10 values x cv=2 = 20 fits")
    ap.add_argument("--accuracy-repeats", type=int, default=2,
                    help="seeds per contender in the accuracy stage")
    ap.add_argument("--accuracy-images", type=int, default=60000)
    ap.add_argument("--accuracy-epochs", type=int, default=5)
    ap.add_argument("--import-runs", type=int, default=7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-scikeras", action="store_true")
    ap.add_argument("--wait-quiet", type=float, default=None, metavar="LOAD",
                    help="before each stage, wait until the 1-min load average < LOAD")
    ap.add_argument("--max-wait", type=float, default=2400, help="seconds, in all")
    ap.add_argument("--out", default=None, help="results JSON path")
    ap.add_argument("--render", metavar="JSON", help="print the Markdown of a results file")
    cfg = ap.parse_args(argv)
    if cfg.quick:
        cfg.repeats = 1
        cfg.fit_images = cfg.knob_images = 512
        cfg.predict_fit_images = 256
        cfg.predict_calls = 5
        cfg.batch_images = 1000
        cfg.grid_images = 300
        cfg.import_runs = 2
        cfg.accuracy_images, cfg.accuracy_epochs, cfg.accuracy_repeats = 2000, 1, 1
    cfg.stages = ALL_STAGES if cfg.stages == "all" else tuple(cfg.stages.split(","))
    cfg.grid_filters = [int(f) for f in str(cfg.grid_filters).split(",")]
    cfg.knobs = [k for k in cfg.knobs.split(",") if k]
    cfg.scikeras = have_scikeras() and not cfg.no_scikeras
    return cfg


def main(argv):
    if argv[:1] == ["--worker"]:
        WORKERS[argv[1]](json.loads(argv[2]))
        return
    cfg = parse_args(argv)
    if cfg.render:
        with open(cfg.render) as fh:
            print(render(json.load(fh)))
        return
    started = datetime.now(timezone.utc)
    suffix = "_quick" if cfg.quick else ""
    out = cfg.out or os.path.join(
        HERE, "results", f"fashion_mnist_{started:%Y%m%dT%H%M%SZ}{suffix}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    res = {
        "started": started.isoformat(timespec="seconds"),
        "command": " ".join([os.path.relpath(sys.executable, REPO)
                             if sys.executable.startswith(REPO) else sys.executable,
                             os.path.relpath(__file__, REPO), *argv]),
        "config": {k: v for k, v in vars(cfg).items() if k not in ("render",)},
        "machine": machine_info(REPO),
        "stage_load": {},
        "descriptions": DESCRIPTIONS,
    }
    if not cfg.scikeras:
        log("scikeras is not importable here: its column is skipped "
            "(install it in a separate benchmark venv, see benchmarks/README.md)")
    t_start = time.perf_counter()
    waited_total = 0.0
    for stage in cfg.stages:
        if cfg.wait_quiet is not None:
            quiet, waited = wait_until_quiet(cfg.wait_quiet, max(0, cfg.max_wait - waited_total))
            waited_total += waited
        log(f"[{stage}] load average {loadavg()}")
        before = loadavg()
        t0 = time.perf_counter()
        STAGES[stage](cfg, res)
        res["stage_load"][stage] = {"loadavg_before": before, "loadavg_after": loadavg(),
                                    "seconds": round(time.perf_counter() - t0, 1),
                                    "estimator_py_sha256":
                                        machine_info(REPO)["estimator_py_sha256"]}
        res["elapsed_s"] = time.perf_counter() - t_start
        with open(out, "w") as fh:
            json.dump(res, fh, indent=1)
        log(f"[{stage}] done in {time.perf_counter() - t0:.0f} s")
    text = render(res)
    with open(out[:-5] + ".md", "w") as fh:
        fh.write(text + "\n")
    print(text)
    log(f"results: {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
