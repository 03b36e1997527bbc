"""
The R MNIST lab on scikit-learn's digits
========================================

The R keras lab trains a small CNN with ``rmsprop``, batch size 64 and a 10%
validation split, plots ``history``, and reads the test set through R's
``table()`` and caret's ``confusionMatrix``. This is the same lab on the
digits that ship with scikit-learn, so it runs anywhere without a download.
It ends with the lab's full report, as ``skcnn lab`` prints it: the confusion
table, caret's statistics, per-class precision and recall, top-5 accuracy and
the images the network gets wrong.
"""

# %%
# Data: 8x8 images with values 0..16, upsampled inside the network.
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images
from skcnn.metrics import classification_report, confusion_matrix_report, table, top_k_accuracy
from skcnn.plotting import plot_confusion_matrix, plot_history, plot_misclassified

X, y = load_digits_images()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)

# %%
# The lab's network and settings: RMSprop at its constant default rate, no
# augmentation, no label smoothing (skcnn's defaults add all three).
clf = CNNClassifier(
    arch="simple",
    optimizer="rmsprop",
    learning_rate=None,
    augment=None,
    label_smoothing=0.0,
    batch_size=64,
    validation_split=0.1,
    epochs=15,
    random_state=0,
)
clf.fit(X_train, y_train)
print(clf.summary()[["layer", "output_shape", "params"]].to_string(index=False))
print(clf.history_.round(3).tail())

# %%
# ``evaluate`` and ``plot(history)``.
print(clf.evaluate(X_test, y_test))
fig = plot_history(clf)

# %%
# R's ``table(actual, predicted)`` and caret's ``confusionMatrix``.
y_pred = clf.predict(X_test)
print(table(y_test, y_pred))
print(confusion_matrix_report(y_test, y_pred))
print(classification_report(y_test, y_pred).round(3))
fig = plot_confusion_matrix(y_test, y_pred)

# %%
# ``clf.report`` is the same caret report in one call. Top-5 accuracy counts a
# prediction right when the true digit is among the five most probable.
assert clf.report(X_test, y_test).to_dict() == confusion_matrix_report(y_test, y_pred).to_dict()
proba = clf.predict_proba(X_test)
print("top-5 accuracy:", round(top_k_accuracy(y_test, proba, k=5, labels=clf.classes_), 4))
print("misclassified:", int((y_pred != y_test).sum()), "of", len(y_test))

# %%
# The test images the network gets wrong, with the probability it gave its
# wrong answer.
fig_errors = plot_misclassified(clf, X_test, y_test)
