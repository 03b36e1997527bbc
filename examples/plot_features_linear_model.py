"""
Learned features in a linear model
==================================

``CNNFeatureExtractor`` is a scikit-learn transformer: ``fit(X, y)`` trains the
same network ``CNNClassifier`` would, and ``transform`` returns each image's
embedding, the input of the network's last dense layer (``embed()`` gives the
same from any fitted skcnn estimator). In a ``Pipeline`` a
``LogisticRegression`` then works on learned features instead of pixels. The
baseline is a logistic regression on the standardized pixels of scikit-learn's
digits.
"""

# %%
import numpy as np
from matplotlib.figure import Figure
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skcnn import CNNFeatureExtractor
from skcnn.datasets import load_digits_images

X, y = load_digits_images()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)

flatten = FunctionTransformer(lambda images: images.reshape(len(images), -1))
pixels = make_pipeline(flatten, StandardScaler(), LogisticRegression(max_iter=2000))
features = make_pipeline(
    CNNFeatureExtractor(arch="simple", epochs=10, random_state=0),
    LogisticRegression(max_iter=2000),
)
for name, model in [("pixels", pixels), ("CNN features", features)]:
    model.fit(X_train, y_train)
    print(f"{name:>12}: test accuracy {model.score(X_test, y_test):.3f}")

embedding = features[0].transform(X_test)
print("embedding:", embedding.shape, "names:", features[0].get_feature_names_out()[:3].tolist())

# %%
# The first two principal components of the test images, as pixels and as
# the network's features. Two components show only part of either; in the
# features more of the digits gather in clusters of their own.
fig = Figure(figsize=(8, 3.6), layout="constrained")
for ax, (title, values) in zip(
    fig.subplots(1, 2),
    [("pixels", pixels[:1].transform(X_test)), ("CNN features", embedding)],
    strict=True,
):
    points = PCA(n_components=2, random_state=0).fit_transform(values)
    scatter = ax.scatter(*points.T, c=y_test, cmap="tab10", s=6)
    ax.set_title(f"{title}: first two principal components", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
fig.colorbar(scatter, ax=fig.axes, ticks=np.arange(10), label="digit")
