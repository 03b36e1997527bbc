"""The contenders every task meets: skcnn's defaults and the strongest classical baselines.

The baselines see the pixels as rows, scaled to [0, 1] where the model is
sensitive to scale; targets of the kernel and neural regressors are
standardized (``TransformedTargetRegressor``), as a careful user would do.
"""

from __future__ import annotations

import numpy as np

CONTENDERS = {
    "classification": ("skcnn", "hgb", "svm", "linear", "mlp"),
    "regression": ("skcnn", "hgb", "svm", "linear", "mlp"),
    "multilabel": ("skcnn", "hgb", "svm", "linear", "mlp"),
}

LABELS = {
    "skcnn": "skcnn defaults",
    "hgb": "HistGradientBoosting",
    "svm": "SVC / SVR (RBF)",
    "linear": "LogisticRegression / RidgeCV",
    "mlp": "MLP",
}


def is_cnn(name: str) -> bool:
    return name.startswith("skcnn")


def make(name: str, kind: str, seed: int, **cnn_params):
    """A fresh, unfitted contender ``name`` for a task of ``kind``."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, RidgeCV
    from sklearn.multioutput import MultiOutputClassifier
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MinMaxScaler, StandardScaler
    from sklearn.svm import SVC, SVR

    if is_cnn(name):
        import skcnn

        cls = skcnn.CNNRegressor if kind == "regression" else skcnn.CNNClassifier
        return cls(**cnn_params)

    def scaled(model):
        return make_pipeline(MinMaxScaler(), model)

    if kind == "regression":
        def standardized(model):
            return TransformedTargetRegressor(regressor=model, transformer=StandardScaler())

        return {
            "hgb": lambda: HistGradientBoostingRegressor(random_state=seed),
            "svm": lambda: scaled(standardized(SVR())),
            "linear": lambda: scaled(RidgeCV(alphas=np.logspace(-3, 3, 13))),
            "mlp": lambda: scaled(standardized(MLPRegressor(max_iter=300, random_state=seed))),
        }[name]()
    single = {
        "hgb": lambda: HistGradientBoostingClassifier(random_state=seed),
        "svm": lambda: scaled(SVC()),
        "linear": lambda: scaled(LogisticRegression(max_iter=2000)),
        "mlp": lambda: scaled(MLPClassifier(max_iter=300, random_state=seed)),
    }[name]()
    if kind == "multilabel" and name != "mlp":
        return MultiOutputClassifier(single)
    return single
