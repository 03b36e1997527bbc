# Writes tests/r/caret_fixtures.json: what R's table() and caret's
# confusionMatrix() return and print for the cases tests/metrics/test_metrics.py checks.
#
#   Rscript tests/r/make_caret_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret, e1071 and jsonlite (Debian: r-base-core r-cran-caret
# r-cran-e1071 r-cran-jsonlite). CI has no R: the tests read the JSON.
#
# Encoding: numbers are written with jsonlite's digits = NA (15 significant
# digits, enough for the tests' relative tolerance of 1e-9); R's NA is written
# as the string "NA" and NaN as the string "NaN", so the two stay distinct.
# The inputs of the number-formatting checks ("format") must be exact, so they
# are strings with 17 significant digits (sprintf("%.17g")), "NA" or "NaN".
# Printed output is one string per line, as capture.output() returns it.
# Collation is the C locale, so string levels sort by code point as in Python.

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "caret_fixtures.json")

# --- building label vectors ---------------------------------------------------

# counts[i, j] = how many samples have truth levels[i] and prediction levels[j]
expand <- function(counts, levels) {
  truth <- c()
  pred <- c()
  for (i in seq_along(levels)) {
    for (j in seq_along(levels)) {
      truth <- c(truth, rep(levels[i], counts[i, j]))
      pred <- c(pred, rep(levels[j], counts[i, j]))
    }
  }
  list(truth = truth, pred = pred)
}

by_rows <- function(levels, ...) {
  matrix(c(...), nrow = length(levels), byrow = TRUE)
}

# A caret-shaped case: truth and pred as plain vectors, levels as the factor
# levels shared by both (NULL: sorted union, as skcnn does by default). Cases
# built from a table of counts keep the counts, so the JSON stays small: the
# tests expand them row by row, as expand() does.
make_case <- function(name, truth, pred, levels = NULL, positive = NULL, counts = NULL,
                      count_levels = NULL) {
  list(name = name, truth = truth, pred = pred, levels = levels, positive = positive,
       counts = counts, count_levels = count_levels)
}

from_counts <- function(name, levels, counts, positive = NULL, pass_levels = FALSE) {
  v <- expand(counts, levels)
  make_case(name, v$truth, v$pred, if (pass_levels) levels else NULL, positive,
            counts = counts, count_levels = levels)
}

mnist <- by_rows(0:9,
  947, 0, 4, 1, 3, 2, 2, 2, 5, 14,
  0, 1115, 7, 3, 0, 2, 1, 1, 4, 2,
  0, 0, 1027, 0, 0, 0, 0, 3, 2, 0,
  0, 0, 3, 998, 0, 7, 0, 0, 2, 0,
  0, 0, 3, 0, 966, 0, 0, 0, 2, 11,
  0, 0, 0, 3, 0, 888, 1, 0, 0, 0,
  1, 2, 1, 1, 2, 6, 941, 0, 4, 0,
  0, 0, 4, 2, 0, 0, 0, 999, 1, 22,
  0, 0, 4, 0, 0, 1, 0, 0, 967, 2,
  0, 0, 0, 0, 2, 3, 0, 0, 1, 1003)

# caret's own two-class example (?confusionMatrix)
lvs <- c("normal", "abnormal")
caret_truth <- as.character(rep(lvs, times = c(86, 258)))
caret_pred <- as.character(c(rep(lvs, times = c(54, 32)), rep(lvs, times = c(27, 231))))

ab <- c("a", "b")
abc <- c("a", "b", "c")
long_names <- c("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
                "horse", "ship", "truck", "unknown_object_class", "zebra_crossing")

cases <- list(
  from_counts("mnist_lab", 0:9, mnist),
  make_case("binary_caret_example", caret_truth, caret_pred),
  make_case("binary_caret_example_positive", caret_truth, caret_pred, positive = "normal"),
  from_counts("binary_int", 0:1, by_rows(0:1, 50, 10, 5, 35)),
  from_counts("binary_int_positive", 0:1, by_rows(0:1, 50, 10, 5, 35), positive = "1"),
  from_counts("binary_never_predicted_positive", ab, by_rows(ab, 0, 20, 0, 30)),
  from_counts("binary_never_predicted_negative", ab, by_rows(ab, 20, 0, 30, 0)),
  from_counts("binary_empty_level", ab, by_rows(ab, 10, 0, 0, 0), pass_levels = TRUE),
  from_counts("binary_empty_level_positive", ab, by_rows(ab, 10, 0, 0, 0),
              positive = "b", pass_levels = TRUE),
  from_counts("binary_only_in_predictions", ab, by_rows(ab, 7, 3, 0, 0)),
  from_counts("binary_perfect", ab, by_rows(ab, 30, 0, 0, 20)),
  from_counts("binary_perfect_int", 0:1, by_rows(0:1, 12, 0, 0, 12), positive = "1"),
  from_counts("binary_all_wrong", ab, by_rows(ab, 0, 15, 25, 0)),
  from_counts("binary_kappa_negative", ab, by_rows(ab, 5, 20, 18, 7)),
  from_counts("binary_mcnemar_tie", ab, by_rows(ab, 40, 6, 6, 48)),
  from_counts("binary_mcnemar_off_by_one", ab, by_rows(ab, 40, 6, 7, 48)),
  from_counts("binary_imbalance", 0:1, by_rows(0:1, 985, 5, 6, 4), positive = "1"),
  from_counts("binary_imbalance_default", 0:1, by_rows(0:1, 985, 5, 6, 4)),
  from_counts("binary_tiny", ab, by_rows(ab, 1, 0, 0, 1)),
  from_counts("binary_single_sample_each_way", ab, by_rows(ab, 0, 1, 1, 0)),
  from_counts("binary_long_label",
              c("a_positive_class_with_a_deliberately_long_name_for_wrapping", "b"),
              by_rows(ab, 8, 2, 3, 9)),
  from_counts("multi_perfect", abc, by_rows(abc, 5, 0, 0, 0, 7, 0, 0, 0, 9)),
  from_counts("multi_never_predicted", c("bird", "cat", "dog"),
              by_rows(abc, 10, 2, 0, 3, 12, 0, 4, 5, 0)),
  from_counts("multi_empty_level", c("a", "b", "c", "e"),
              by_rows(1:4, 8, 1, 1, 0, 2, 9, 0, 0, 1, 1, 7, 0, 0, 0, 0, 0),
              pass_levels = TRUE),
  from_counts("multi_only_in_predictions", abc, by_rows(abc, 8, 1, 2, 2, 9, 3, 0, 0, 0)),
  from_counts("multi_nir_one", abc, by_rows(abc, 6, 3, 1, 0, 0, 0, 0, 0, 0)),
  from_counts("multi_imbalance", c(0L, 1L, 2L),
              by_rows(1:3, 880, 15, 5, 30, 45, 5, 6, 4, 10)),
  from_counts("multi_strings", c("setosa", "versicolor", "virginica"),
              by_rows(abc, 50, 0, 0, 0, 47, 3, 0, 4, 46)),
  from_counts("multi_int_numeric_order", c(2L, 9L, 10L),
              by_rows(abc, 4, 1, 0, 1, 5, 2, 0, 1, 6)),
  from_counts("multi_wide", long_names,
              diag(c(90, 85, 70, 60, 75, 65, 88, 86, 91, 89, 3, 0)) +
                matrix(c(rep(0, 11), 1, rep(0, 132)), 12, 12)),
  from_counts("multi_kappa_negative", abc, by_rows(abc, 0, 5, 5, 5, 0, 5, 5, 5, 0))
)

set.seed(20240611)
for (r in 1:12) {
  k <- c(2, 3, 4, 5, 2, 3, 6, 2, 3, 4, 2, 3)[r]
  n <- c(20, 60, 200, 150, 500, 35, 300, 8, 1000, 90, 40, 12)[r]
  lv <- letters[1:k]
  truth <- sample(lv, n, replace = TRUE, prob = rev(seq_len(k))^2)
  hit <- runif(n) < c(0.9, 0.6, 0.75, 0.5)[(r %% 4) + 1]
  pred <- ifelse(hit, truth, sample(lv, n, replace = TRUE))
  cases[[length(cases) + 1]] <- make_case(sprintf("random_%02d", r), truth, pred)
}

# --- what caret returns and prints --------------------------------------------

sorted_union <- function(a, b) sort(unique(c(a, b)))

caret_result <- function(case) {
  levels <- if (is.null(case$levels)) sorted_union(case$truth, case$pred) else case$levels
  reference <- factor(case$truth, levels = levels)
  data <- factor(case$pred, levels = levels)
  cm <- confusionMatrix(data = data, reference = reference, positive = case$positive)
  by_class <- cm$byClass
  if (is.matrix(by_class)) {
    rownames(by_class) <- sub("^Class: ", "", rownames(by_class))
    by_class <- lapply(seq_len(nrow(by_class)), function(i) as.list(by_class[i, ]))
    names(by_class) <- as.character(levels)
  } else {
    by_class <- setNames(list(as.list(by_class)), cm$positive)
  }
  prints <- lapply(c("sens_spec", "prec_recall", "everything"), function(m) {
    I(capture.output(print(cm, mode = m)))
  })
  names(prints) <- c("sens_spec", "prec_recall", "everything")
  list(
    name = case$name,
    label_type = if (is.character(case$truth)) "str" else "int",
    # rows = truth, columns = prediction, in the order of count_levels
    counts = if (is.null(case$counts)) NULL else unname(case$counts),
    count_levels = if (is.null(case$counts)) NULL else I(case$count_levels),
    y_true = if (is.null(case$counts)) I(case$truth) else NULL,
    y_pred = if (is.null(case$counts)) I(case$pred) else NULL,
    labels = if (is.null(case$levels)) NULL else I(case$levels),
    positive = case$positive,
    levels = I(levels(reference)),
    caret_positive = cm$positive,
    table = unname(unclass(cm$table)),
    overall = as.list(cm$overall),
    by_class = by_class,
    print = prints,
    r_table = r_table(case$truth, case$pred),
    r_table_levels = r_table(factor(case$truth, levels = levels),
                             factor(case$pred, levels = levels))
  )
}

# R's table(actual, predicted): rows and columns each get their own levels.
r_table <- function(actual, predicted) {
  tab <- table(actual = actual, predicted = predicted)
  list(
    rows = I(rownames(tab)),
    cols = I(colnames(tab)),
    counts = unname(unclass(tab)),
    print = I(capture.output(print(tab)))
  )
}

# --- R's number formatting, checked directly --------------------------------

exact <- function(x) {
  ifelse(is.nan(x), "NaN", ifelse(is.na(x), "NA", sprintf("%.17g", x)))
}

format_cases <- function() {
  set.seed(7)
  vectors <- list(
    c(0.8285, 0.7844, 0.8668),
    c(0.0003097, 0.602537),
    c(1, 0.5, 0.25, 0),
    c(0.8953488, 0.627907, NA, NaN),
    c(NA, NA),
    c(NaN, 0.5),
    c(1e-4, 5e-5, 0.00005, 0.99995, 0.999949),
    c(0.03125, 0.28125, 0.96875, 0.15, 2.5, 0.5),
    c(-0.0123456, 0.5, 1),
    c(123456.789, 0.001),
    c(9996, 0.1),
    c(1e-20, 2e-16, 2.3e-16, 0.04),
    c(1e-300, 0.5),
    c(2e-16, 0.6025),
    c(2e-16, NA),
    c(1e-5, 1.5e-10),
    c(0.999999999, 0.12),
    c(1.577646875103495e-12, 6.6464681339298055e-09, 2.243641818561295e-12),
    c(123456789012345678, 1e22, 1e23, 1e26),
    1 / 3,
    2 / 3,
    0.1 + 0.2,
    runif(8),
    runif(8)^6,
    10^runif(8, -20, 0),
    round(runif(6), 3),
    -runif(5)
  )
  lapply(vectors, function(x) {
    list(
      x = I(exact(x)),
      format4 = I(format(x, digits = 4)),
      format7 = I(format(x, digits = 7)),
      format_pval4 = I(format.pval(x, digits = 4)),
      round4 = I(round(x, 4)),
      as_character_round4 = I(as.character(round(x, 4))),
      as_character = I(as.character(x))
    )
  })
}

fixtures <- list(
  generated_by = "tests/r/make_caret_fixtures.R",
  r_version = R.version.string,
  caret_version = as.character(packageVersion("caret")),
  e1071_version = as.character(packageVersion("e1071")),
  na_encoding = "R NA -> \"NA\", R NaN -> \"NaN\"",
  cases = lapply(cases, caret_result),
  format = format_cases()
)

writeLines(
  toJSON(fixtures, digits = NA, na = "string", auto_unbox = TRUE, null = "null",
         pretty = TRUE),
  out_path
)
cat("wrote", out_path, "\n")
