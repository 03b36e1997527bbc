# skcnn from R through reticulate: fit, predict, and caret's report beside skcnn's
#
# An R user trains a small CNN on digits with skcnn, predicts from R, and prints
# caret's confusionMatrix() and skcnn's confusion_matrix_report() of the same
# predictions, one after the other, then checks that they are the same lines.
#
# Run it with the Python that has skcnn:
#
#   RETICULATE_PYTHON=/path/to/.venv/bin/python Rscript examples/r_reticulate_report.R
#
# Needs R with reticulate and caret (Debian: r-cran-reticulate, r-cran-caret;
# written against R 4.2.2, reticulate 1.28, caret 6.0-93). It is an R script,
# so the docs gallery does not run it; tests/metrics/test_reticulate.py does, when R
# and reticulate are installed. Each idiom below is explained in
# docs/r_to_python.rst, section "skcnn from R (reticulate)".

suppressPackageStartupMessages({
  library(reticulate)
  library(caret)
})

skcnn <- import("skcnn")
metrics <- import("skcnn.metrics")
sklearn_datasets <- import("sklearn.datasets")

# Python to R: reticulate 1.28 cannot convert NumPy 2 arrays ("incompatible
# NumPy binary version"), so an array comes over as a Python list: tolist().
digits <- sklearn_datasets$load_digits()
X <- do.call(rbind, digits$data$tolist()) # 1797 x 64 R matrix, pixels 0..16
words <- c("zero", "one", "two", "three", "four",
           "five", "six", "seven", "eight", "nine")
y <- factor(words[unlist(digits$target$tolist()) + 1], levels = words)

# R to Python: an R matrix is converted to a NumPy array, which fails in the
# same way. A list of rows arrives as a list of lists, which skcnn reads as
# flat images, one row included. A data.frame passed as as.list(df) arrives
# as a dict of columns (scalars for one row), which skcnn reads as the
# DataFrame it stands for (tests/test_one_row_frames.py).
rows <- function(m) lapply(seq_len(nrow(m)), function(i) m[i, ])

set.seed(1)
train <- sample(nrow(X), 300)
test <- sample(setdiff(seq_len(nrow(X)), train), 300)

# R numbers are doubles: epochs = 5 arrives as 5.0, which skcnn accepts for its
# integer parameters (random_state and verbose included).
clf <- skcnn$CNNClassifier(epochs = 5, batch_size = 16, random_state = 0)
invisible(clf$fit(rows(X[train, ]), y[train])) # the factor arrives as strings

# predict() returns a NumPy array: tolist() makes it an R vector, and the
# factor gets R's levels back.
predicted <- factor(unlist(clf$predict(rows(X[test, ]))$tolist()), levels = levels(y))
actual <- y[test]
one <- unlist(clf$predict(rows(X[test[1], , drop = FALSE]))$tolist())
cat("First test digit:", as.character(actual[1]), "predicted as", one, "\n")
proba <- do.call(rbind, clf$predict_proba(rows(X[test[1:2], ]))$tolist())
colnames(proba) <- unlist(clf$classes_$tolist()) # Python's sorted order
cat("predict_proba of two digits, columns in clf$classes_ order:\n")
print(round(proba, 3))

# Python sorts the classes ("eight five four ..."), R keeps the factor's levels
# ("zero one two ..."); labels = levels(...) gives skcnn R's order, and the
# default positive class of a two-class report is the first of them.
trim <- function(lines) sub("[[:space:]]+$", "", lines)
side_by_side <- function(title, cm, report) {
  caret_lines <- trim(capture.output(print(cm)))
  skcnn_lines <- trim(strsplit(py_str(report), "\n", fixed = TRUE)[[1]])
  cat("\n==== ", title, ": caret::confusionMatrix ====\n", sep = "")
  writeLines(caret_lines)
  cat("==== ", title, ": skcnn.metrics.confusion_matrix_report ====\n", sep = "")
  writeLines(skcnn_lines)
  cat("==== ", title, ": same lines: ", identical(caret_lines, skcnn_lines), " ====\n", sep = "")
  numbers <- unlist(report$overall$to_dict()) # a pandas Series as an R vector
  cat("overall statistics equal:",
      isTRUE(all.equal(unname(cm$overall), unname(numbers[names(cm$overall)]))), "\n")
}

side_by_side(
  "ten digits",
  confusionMatrix(predicted, actual),
  metrics$confusion_matrix_report(actual, predicted, labels = levels(y))
)

# Two classes with R's default levels: factor() sorts with R's collation
# ("eight" before "Other"), Python puts capitals first ("Other" before "eight").
actual8 <- factor(ifelse(actual == "eight", "eight", "Other"))
predicted8 <- factor(ifelse(predicted == "eight", "eight", "Other"), levels = levels(actual8))
cat("\nR's levels:", levels(actual8), "; Python's sorted labels:",
    unlist(import_builtins()$sorted(levels(actual8))), "\n")
side_by_side(
  "eight or not",
  confusionMatrix(predicted8, actual8),
  metrics$confusion_matrix_report(actual8, predicted8, labels = levels(actual8))
)

# pandas objects print through pandas (wide ones wrap or are cut with "...");
# to_dict() turns them into R lists.
history <- as.data.frame(lapply(clf$history_$to_dict("list"), unlist))
cat("\nTraining history as an R data.frame:\n")
print(round(history, 4))
