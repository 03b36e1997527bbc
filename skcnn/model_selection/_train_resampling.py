"""The resampling of a fitted search as caret names it, for :func:`train_report`.

From the search's ``cv`` (a number of folds, a splitter, or a list of (train,
test) index pairs) and, where the search does not keep them, the data: caret's
``resampName()`` ("Cross-Validated (5 fold)", "Bootstrapped (25 reps)", ...),
its short name for plot labels, the names of the resamples ("Fold1",
"Fold01.Rep1", "Resample01") and the "Summary of sample sizes" line.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from .._rprint import r_as_character, r_round

__all__: list[str] = []  # for train_report only


def _is_pairs(cv) -> bool:
    return isinstance(cv, (list, tuple)) and all(
        isinstance(p, (list, tuple)) and len(p) == 2 for p in cv
    )


def _splits(search, X, y, groups) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """The (train, test) index pairs, from the search's list or by splitting X again."""
    cv = search.cv
    if _is_pairs(cv):
        return [(np.asarray(tr).ravel(), np.asarray(te).ravel()) for tr, te in cv]
    if X is None or "n_resources" in search.cv_results_ and search.resource == "n_samples":
        return None
    from sklearn.base import is_classifier
    from sklearn.model_selection import check_cv

    splitter = check_cv(cv, y, classifier=is_classifier(search.estimator))
    return [(np.asarray(tr), np.asarray(te)) for tr, te in splitter.split(X, y, groups)]


def _n_samples(X, splits, search) -> int:
    if X is not None:
        return len(X)
    if splits is not None:
        return int(max(max(tr.max(initial=-1), te.max(initial=-1)) for tr, te in splits)) + 1
    if getattr(search, "resource", None) == "n_samples" and search.max_resources == "auto":
        return int(search.max_resources_)  # a halving search's "auto" is every sample
    raise ValueError(
        f"{type(search).__name__}(cv={search.cv!r}) does not record how many samples it "
        f"saw or its training sets' sizes; pass the data it was fitted on: "
        f"train_report(search, X, y)."
    )


def _cv_kind(search, splits) -> tuple:
    """caret's name for the resampling: (kind, number, repeats or p) for resampName."""
    from sklearn import model_selection as ms

    cv = search.cv
    n_splits = int(search.n_splits_)
    if cv is None or isinstance(cv, Integral):
        return ("cv", n_splits)
    if isinstance(cv, ms.LeaveOneOut):
        return ("loocv", n_splits)
    if isinstance(cv, (ms.KFold, ms.StratifiedKFold, ms.GroupKFold, ms.StratifiedGroupKFold)):
        return ("cv", n_splits)
    if isinstance(cv, (ms.RepeatedKFold, ms.RepeatedStratifiedKFold)):
        return ("repeatedcv", n_splits // cv.n_repeats, cv.n_repeats)
    if isinstance(cv, (ms.ShuffleSplit, ms.StratifiedShuffleSplit)):
        return ("lgocv", n_splits, _train_fraction(cv, splits))
    if _is_pairs(cv):
        return _pairs_kind(splits)
    return ("other", n_splits, type(cv).__name__)


def _train_fraction(cv, splits) -> float | None:
    """caret's p: the training share, as asked for (a float) or as split."""
    if isinstance(cv.train_size, float):
        return cv.train_size
    if isinstance(cv.test_size, float):
        return 1 - cv.test_size
    if cv.train_size is None and cv.test_size is None:
        return 0.9  # ShuffleSplit's default test_size
    if splits is not None:
        train, test = splits[0]
        return len(train) / (len(train) + len(test))
    return None


def _pairs_kind(splits) -> tuple:
    n_splits = len(splits)
    if any(len(np.unique(tr)) < len(tr) for tr, _ in splits):
        return ("boot", n_splits)
    n = max(int(max(tr.max(initial=-1), te.max(initial=-1))) for tr, te in splits) + 1
    everything = np.arange(n)
    # the length of the first partition of the data into test sets
    seen, k = np.zeros(n, dtype=int), 0
    for _, test in splits:
        seen[test] += 1
        k += 1
        if seen.max() > 1 or seen.min() == 1:
            break
    if seen.max() == 1 and seen.min() == 1 and n_splits % k == 0:
        partitions = True
        for start in range(0, n_splits, k):
            group = splits[start:start + k]
            tests = np.sort(np.concatenate([te for _, te in group]))
            complement = all(
                np.array_equal(np.sort(tr), np.setdiff1d(everything, te)) for tr, te in group
            )
            partitions = partitions and complement and np.array_equal(tests, everything)
        if partitions:
            if k == n and n_splits == n:
                return ("loocv", n_splits)
            if n_splits == k:
                return ("cv", k)
            return ("repeatedcv", k, n_splits // k)
    return ("custom", n_splits)


def _resampling_text(kind) -> str:
    """caret's resampName()."""
    name = kind[0]
    if name == "cv":
        return f"Cross-Validated ({kind[1]} fold)"
    if name == "repeatedcv":
        return f"Cross-Validated ({kind[1]} fold, repeated {kind[2]} times)"
    if name == "boot":
        return f"Bootstrapped ({kind[1]} reps)"
    if name == "loocv":
        return "Leave-One-Out Cross-Validation"
    if name == "lgocv":
        p = "?" if kind[2] is None else r_as_character(r_round(kind[2] * 100, 1))
        return f"Repeated Train/Test Splits Estimated ({kind[1]} reps, {p}%)"
    if name == "custom":
        return f"Custom Resampling ({kind[1]} reps)"
    return f"{kind[2]} ({kind[1]} reps)"


def _resampling_short(kind) -> str:
    """caret's resampName(x, numbers = FALSE)."""
    return {
        "cv": "(Cross-Validation)",
        "repeatedcv": "(Repeated Cross-Validation)",
        "boot": "(Bootstrap)",
        "loocv": "Leave-One-Out Cross-Validation",
        "lgocv": "(Repeated Train/Test Splits)",
        "custom": "Custom Resampling",
    }.get(kind[0], f"({kind[-1]})")


def _pretty_seq(prefix: str, n: int) -> list[str]:
    width = len(str(n))
    return [f"{prefix}{str(i).zfill(width)}" for i in range(1, n + 1)]


def _resample_names(kind, n_splits) -> list[str]:
    """caret's names of the resamples (createFolds, createMultiFolds, prettySeq)."""
    if kind[0] in ("cv", "loocv"):
        return _pretty_seq("Fold", n_splits)
    if kind[0] == "repeatedcv":
        folds, reps = _pretty_seq("Fold", kind[1]), _pretty_seq("Rep", kind[2])
        return [f"{f}.{r}" for r in reps for f in folds]
    return _pretty_seq("Resample", n_splits)


def _resampling_lines(search, kind, splits) -> list[str]:
    lines = [f"Resampling: {_resampling_text(kind)} "]
    if "n_resources" in search.cv_results_:
        resources = ", ".join(str(int(r)) for r in search.n_resources_)
        lines.append(
            f"Successive halving: {search.n_iterations_} iterations on "
            f"{search.resource} = {resources} (factor {search.factor:g}) "
        )
    if splits is not None:
        sizes = [str(len(tr)) for tr, _ in splits]
        if len(sizes) > 5:
            sizes = sizes[:6] + ["..."]
        lines.append(f"Summary of sample sizes: {', '.join(sizes)} ")
    elif not ("n_resources" in search.cv_results_ and search.resource == "n_samples"):
        _n_samples(None, None, search)  # raises: the sizes need the data
    return lines
