"""One-image latency of predict, predict_proba and transform, before and after (issue 23 item 5).

Run by hand, never in CI. In one process, for each estimator (``CNNClassifier``,
``CNNRegressor``, ``CNNFeatureExtractor``) fitted once, on each image size
(sklearn's 8x8 digits; 28x28 Fashion-MNIST where Debian's files or skcnn's
cache have it) and each ``--precisions``:

- ``after``: the estimator as it is (a cached concrete ``tf.function`` of the
  network's ``predict_step`` with a ``(None, h, w, c)`` signature, for batches of
  up to 32 images; one image is still sent twice, for batch independence);
- ``before``: the same fitted estimator with the forward pass of the previous
  release (``model.predict_on_batch`` on the image twice) and its validation
  (scikit-learn's ``check_array`` and feature-name check on every array, which
  skcnn now skips for plain finite NumPy arrays), by subclassing;
- ``network: predict_on_batch x2`` and ``network: concrete x2``: the network
  alone on the doubled image, without skcnn's validation, for scale.

All methods of one case are timed interleaved (rounds of ``--calls`` calls each,
the order rotated every round), so a busy machine slows them alike; the JSON
keeps every round's p50. The ``after`` and ``before`` outputs are checked to be
bit for bit equal, on one image and inside batches of 2, 33 and 65 images.

Writes ``benchmarks/results/predict_latency_<UTC stamp>.json``.

Examples::

    python benchmarks/bench_predict_latency.py
    python benchmarks/bench_predict_latency.py --precisions float32,mixed_bfloat16 --rounds 10
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _measure import loadavg, machine_info, median, percentile  # noqa: E402


def _data(size, n):
    import numpy as np

    if size == 8:
        from sklearn.datasets import load_digits

        X, y = load_digits(return_X_y=True)
        return X[:n].reshape(-1, 8, 8), y[:n]
    from skcnn.datasets import load_fashion_mnist

    (X, y), _ = load_fashion_mnist(download=False)
    return np.asarray(X[:n]), np.asarray(y[:n])


def _before(estimator):
    """``estimator`` (fitted) as an instance of a subclass whose forward pass is
    the previous release's, sharing the fitted network."""
    import numpy as np

    from skcnn._inputs.feeding import PREDICT_BATCH, pad_for_replicas, replicas_of

    cls = type(estimator)

    class Array(np.ndarray):
        """An array type of its own: the validation's fast path for plain NumPy
        arrays (``skcnn._inputs.validation.is_checked_array``) does not take it."""

    class Before(cls):
        def _validated_images(self, X):
            return super()._validated_images(np.asarray(X).view(Array))

        def _forward(self, images, model=None):
            model = self.model_ if model is None else model
            replicas = replicas_of(self.model_)
            if replicas == 1 and images.shape[0] == 1:
                return np.asarray(model.predict_on_batch(np.repeat(images, 2, axis=0)))[:1]
            if replicas == 1 and images.shape[0] <= PREDICT_BATCH:
                return np.asarray(model.predict_on_batch(images))
            n = images.shape[0]
            padded, _, _ = pad_for_replicas(images, None, None, PREDICT_BATCH, replicas)
            if replicas == 1 and n % PREDICT_BATCH == 1:
                padded = np.concatenate([images, images[-1:]])
            outputs = model.predict(padded, batch_size=PREDICT_BATCH, verbose=0)
            return np.asarray(outputs)[:n]

    Before.__name__ = f"Before{cls.__name__}"
    before = Before.__new__(Before)
    before.__dict__.update(estimator.__dict__)
    return before


def _methods(name, est, x1):
    """(label, callable) of one image for an estimator."""
    import numpy as np
    import tensorflow as tf

    before = _before(est)
    if name == "CNNClassifier":
        calls = [("predict", "predict"), ("predict_proba", "predict_proba")]
    elif name == "CNNRegressor":
        calls = [("predict", "predict")]
    else:
        calls = [("transform", "transform")]
    methods = []
    for label, attr in calls:
        methods.append((f"after: {label}", getattr(est, attr)))
        methods.append((f"before: {label}", getattr(before, attr)))
    model = est.model_ if name != "CNNFeatureExtractor" else est._embedding_model()
    images = est._validated_images(x1)
    doubled = np.repeat(images, 2, axis=0)
    spec = tf.TensorSpec((None, *images.shape[1:]), tf.as_dtype(images.dtype))
    concrete = tf.function(lambda x: model(x, training=False), input_signature=[spec])
    concrete = concrete.get_concrete_function()
    methods.append(("network: predict_on_batch x2", lambda: model.predict_on_batch(doubled)))
    methods.append(("network: concrete x2", lambda: concrete(tf.constant(doubled)).numpy()))
    return [
        (label, (lambda f=f: f(x1))) if label.startswith(("after", "before")) else (label, f)
        for label, f in methods
    ], before


def _same_outputs(name, est, before, X):
    """Whether ``after`` gives each row exactly what ``before`` gives it, alone
    and inside batches of 2, 33 and 65 rows."""
    import numpy as np

    method = (
        "transform"
        if name == "CNNFeatureExtractor"
        else ("predict_proba" if name == "CNNClassifier" else "predict")
    )
    checks = {}
    for n in (1, 2, 33, 65):
        a = getattr(est, method)(X[:n])
        b = getattr(before, method)(X[:n])
        alone = np.concatenate([getattr(est, method)(X[i : i + 1]) for i in (0, n - 1)])
        checks[f"n={n}"] = bool(np.array_equal(a, b)) and bool(np.array_equal(alone, a[[0, n - 1]]))
    return checks


def run_case(name, size, precision, args):
    import skcnn

    X, y = _data(size, args.n_fit)
    cls = getattr(skcnn, name)
    kwargs = dict(epochs=1, precision=precision, random_state=args.seed)
    if args.n_threads:
        kwargs["n_threads"] = args.n_threads
    t0 = time.perf_counter()
    if name == "CNNClassifier":
        est = cls(**kwargs).fit(X, y)
    elif name == "CNNRegressor":
        est = cls(**kwargs).fit(X, X.reshape(len(X), -1).mean(axis=1))
    else:
        est = cls(**kwargs).fit(X, y)
    fit_s = time.perf_counter() - t0
    x1 = X[-1:]
    methods, before = _methods(name, est, x1)
    same = _same_outputs(name, est, before, X)
    for _, f in methods:  # tracing, caches
        for _ in range(10):
            f()
    times = {label: [] for label, _ in methods}
    rounds = []
    for r in range(args.rounds):
        k = r % len(methods)
        for label, f in methods[k:] + methods[:k]:
            for _ in range(args.calls):
                t = time.perf_counter()
                f()
                times[label].append((time.perf_counter() - t) * 1000)
        rounds.append(loadavg())
    import tensorflow as tf

    out = {
        "estimator": name,
        "image_size": size,
        "precision": precision,
        "precision_": getattr(est, "precision_", None),
        "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
        "fit_s": round(fit_s, 2),
        "same_outputs": same,
        "loadavg_rounds": rounds,
        "methods": {},
    }
    for label, s in times.items():
        out["methods"][label] = {
            "p50_ms": percentile(s, 50),
            "p95_ms": percentile(s, 95),
            "round_p50s_ms": [
                percentile(s[i * args.calls : (i + 1) * args.calls], 50) for i in range(args.rounds)
            ],
        }
    for label in list(out["methods"]):
        if label.startswith("after: "):
            method = label.split(": ", 1)[1]
            a, b = out["methods"][label], out["methods"][f"before: {method}"]
            out[f"speedup_p50_{method}"] = b["p50_ms"] / a["p50_ms"]
            out[f"speedup_median_round_{method}"] = median(
                [bb / aa for aa, bb in zip(a["round_p50s_ms"], b["round_p50s_ms"], strict=True)]
            )
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--precisions",
        default="float32",
        help="comma-separated precision values (default: float32)",
    )
    parser.add_argument("--sizes", default="8,28", help="image sizes: 8 (digits), 28 (Fashion)")
    parser.add_argument("--estimators", default="CNNClassifier,CNNRegressor,CNNFeatureExtractor")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--n-fit", type=int, default=600)
    parser.add_argument("--n-threads", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    started = datetime.now(timezone.utc)
    cases = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for precision in args.precisions.split(","):
            for name in args.estimators.split(","):
                try:
                    case = run_case(name, size, precision, args)
                except FileNotFoundError as exc:  # no Fashion-MNIST here
                    print(f"skipped {name} {size}x{size}: {exc}", file=sys.stderr)
                    continue
                cases.append(case)
                print(
                    f"{name} {size}x{size} {precision} ({case['precision_']}, "
                    f"{case['intra_op_threads']} intra-op threads) "
                    f"same outputs: {case['same_outputs']}"
                )
                for label, m in case["methods"].items():
                    print(f"  {label:32s} p50 {m['p50_ms']:6.3f} ms  p95 {m['p95_ms']:6.3f} ms")
                for key, value in case.items():
                    if key.startswith("speedup"):
                        print(f"  {key}: {value:.2f}x")
    result = {
        "benchmark": "predict_latency",
        "started_utc": started.isoformat(),
        "args": vars(args),
        "machine": machine_info(str(HERE.parent)),
        "cases": cases,
    }
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = Path(args.out) if args.out else HERE / "results" / f"predict_latency_{stamp}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
