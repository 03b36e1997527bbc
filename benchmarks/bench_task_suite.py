"""The task suite of issue 23: skcnn's default estimators against classical baselines.

Every (task, contender) pair is fitted in its own worker process (so one
contender's threads, memory or TensorFlow state never touch another's), on the
task's fixed split; the score and the fit and predict seconds are recorded.
Results go to ``benchmarks/results/task_suite_<stamp>.json`` after every pair,
so an interrupted run keeps what it measured and ``--resume`` goes on.

Usage::

    python benchmarks/bench_task_suite.py                       # the whole suite
    python benchmarks/bench_task_suite.py --tasks heldout       # the held-out tasks
    python benchmarks/bench_task_suite.py --tasks regress_count,regress_angle
    python benchmarks/bench_task_suite.py --contenders skcnn,hgb
    python benchmarks/bench_task_suite.py --variant wide='{"filters": 64}'  # a candidate
    python benchmarks/bench_task_suite.py --quick               # tiny sizes: checks the script
    python benchmarks/bench_task_suite.py --render results/task_suite_X.json

``--variant NAME=JSON`` adds a contender ``skcnn:NAME``: the default estimator
with those parameters, so a candidate default is measured beside the current
one in the same run.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks._measure import loadavg, machine_info  # noqa: E402
from benchmarks.tasks import contenders, suite  # noqa: E402

QUICK_SIZES = {"n_train": 200, "n_test": 100}


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def _build(name, seed, quick):
    builder = suite.TASKS[name]
    params = inspect.signature(builder).parameters
    sizes = {k: v for k, v in QUICK_SIZES.items() if quick and k in params}
    task = suite.build(name, seed, **sizes)
    if quick and "n_train" not in params:
        task.X_train, task.y_train = task.X_train[:300], task.y_train[:300]
        task.X_test, task.y_test = task.X_test[:150], task.y_test[:150]
    return task


def worker(spec):
    """Fit one contender on one task; return its score and seconds."""
    task = _build(spec["task"], spec["seed"], spec["quick"])
    name = spec["contender"]
    params = dict(spec.get("cnn_params") or {})
    if spec["quick"] and contenders.is_cnn(name):
        params.setdefault("epochs", 1)
    model = contenders.make(name.split(":")[0], task.kind, spec["seed"], **params)
    cnn = contenders.is_cnn(name)
    X_train = task.X_train if cnn else task.flat(task.X_train)
    X_test = task.X_test if cnn else task.flat(task.X_test)
    load_before = loadavg()
    start = time.perf_counter()
    model.fit(X_train, task.y_train)
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    predicted = model.predict(X_test)
    predict_s = time.perf_counter() - start
    result = {
        **spec,
        "score": task.score(task.y_test, predicted),
        "score_name": task.score_name,
        "fit_s": fit_s,
        "predict_s": predict_s,
        "n_train": len(task.X_train),
        "n_test": len(task.X_test),
        "image_shape": list(task.image_shape),
        "description": task.description,
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }
    if cnn:
        result["epochs"] = int(getattr(model, "n_iter_", 0) or 0)
        result["arch"] = str(model.get_params().get("arch"))
    return result


def run_worker(spec, timeout):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {**spec, "error": f"timed out after {timeout} s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {**spec, "error": proc.stderr.strip().splitlines()[-1:] or ["no output"]}
    return json.loads(lines[-1])


def _done(results):
    return {(r["task"], r["contender"]) for r in results if "error" not in r}


def render(doc):
    """The Markdown table: one row per task, each contender's score and seconds."""
    results = [r for r in doc["results"] if "error" not in r]
    names = []
    for r in doc["results"]:
        if r["contender"] not in names:
            names.append(r["contender"])
    header = "| task | score | " + " | ".join(names) + " | best baseline | skcnn - best |"
    lines = [header, "|" + "---|" * (len(names) + 4)]
    for task in dict.fromkeys(r["task"] for r in doc["results"]):
        row = {r["contender"]: r for r in results if r["task"] == task}
        if not row:
            continue
        any_row = next(iter(row.values()))
        cells = []
        for name in names:
            r = row.get(name)
            cells.append("—" if r is None else f"{r['score']:.4f} ({r['fit_s']:.0f} s)")
        baselines = {n: r["score"] for n, r in row.items() if not contenders.is_cnn(n)}
        best = max(baselines, key=baselines.get) if baselines else None
        margin = ""
        if best and "skcnn" in row:
            margin = f"{row['skcnn']['score'] - baselines[best]:+.4f}"
        best_text = f"{best} {baselines[best]:.4f}" if best else "—"
        lines.append(
            f"| {task} | {any_row['score_name']} | "
            + " | ".join(cells)
            + f" | {best_text} | {margin} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--tasks",
        default="suite",
        help="task names, comma-separated, or a group: suite (default), heldout, all",
    )
    parser.add_argument("--contenders", default=None, help="default: every one")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=JSON")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--resume", type=Path, default=None)
    parser.add_argument("--render", type=Path, default=None)
    args = parser.parse_args(argv)

    if args.worker:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        print(json.dumps(worker(json.loads(args.worker))), flush=True)
        return 0
    if args.render:
        print(render(json.loads(args.render.read_text())))
        return 0

    variants = {}
    for item in args.variant:
        name, _, params = item.partition("=")
        variants[f"skcnn:{name}"] = json.loads(params)
    tasks = []
    for item in (t for t in args.tasks.split(",") if t):
        tasks.extend(suite.GROUPS.get(item, (item,)))
    unknown = [t for t in tasks if t not in suite.TASKS]
    if unknown:
        parser.error(f"--tasks: unknown {unknown}; the suite has {', '.join(suite.TASKS)}")

    if args.resume:
        out = args.resume
        doc = json.loads(out.read_text())
    else:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        prefix = "task_suite_heldout" if set(tasks) <= set(suite.HELD_OUT) else "task_suite"
        out = HERE / "results" / f"{prefix}_{stamp}{'_quick' if args.quick else ''}.json"
        doc = {"machine": machine_info(HERE.parent), "argv": sys.argv[1:], "results": []}
    done = _done(doc["results"])
    doc["results"] = [r for r in doc["results"] if "error" not in r]
    for task in tasks:
        names = list(args.contenders.split(",")) if args.contenders else None
        for name in names or (*contenders.CONTENDERS["classification"], *variants):
            if (task, name) in done:
                continue
            spec = {
                "task": task,
                "contender": name,
                "seed": args.seed,
                "quick": args.quick,
                "cnn_params": variants.get(name),
            }
            log(f"{task} / {name} ...")
            result = run_worker(spec, args.timeout)
            doc["results"].append(result)
            out.parent.mkdir(exist_ok=True)
            out.write_text(json.dumps(doc, indent=1, default=str))
            if "error" in result:
                log(f"  ERROR {result['error']}")
            else:
                log(f"  {result['score_name']} {result['score']:.4f} in {result['fit_s']:.1f} s")
    print(render(doc))
    log(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
