# Writes tests/r/caret_extra_fixtures.json: what caret's confusionMatrix() on a
# table (with and without prevalence), caret's single statistics (sensitivity,
# specificity, posPredValue, negPredValue, precision, recall, F_meas) and R's
# mcnemar.test() return and print, for the cases
# tests/metrics/test_metrics_caret_extra.py checks; and the errors caret gives for
# bad tables and bad prevalence.
#
#   Rscript tests/r/make_caret_extra_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret, e1071 and jsonlite. CI has no R: the tests read the JSON.
#
# Encoding (as in make_caret_fixtures.R): numbers with jsonlite's digits = NA;
# R's NA as the string "NA" and NaN as "NaN". Tables of counts are written row
# by row (rows = Prediction, columns = Reference). A label vector with missing
# values is written with "NA" at those places and their 0-based positions in
# `*_missing`. Printed output is one string per line, as capture.output() gives.

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "caret_extra_fixtures.json")

modes <- c("sens_spec", "prec_recall", "everything")

by_rows <- function(k, ...) matrix(c(...), nrow = k, byrow = TRUE)

# A table as the tests build it: no levels -> as.table(m) names them A, B, ...;
# levels -> dimnames, named by dnn when given.
make_table <- function(m, levels = NULL, dnn = NULL) {
  if (is.null(levels)) return(as.table(m))
  dn <- list(levels, levels)
  if (!is.null(dnn)) names(dn) <- dnn
  as.table(matrix(m, nrow(m), dimnames = dn))
}

cm_result <- function(cm) {
  by_class <- cm$byClass
  if (is.matrix(by_class)) {
    levels <- sub("^Class: ", "", rownames(by_class))
    by_class <- lapply(seq_len(nrow(by_class)), function(i) as.list(by_class[i, ]))
    names(by_class) <- levels
  } else {
    by_class <- setNames(list(as.list(by_class)), cm$positive)
  }
  prints <- lapply(modes, function(m) I(capture.output(print(cm, mode = m))))
  names(prints) <- modes
  list(caret_positive = cm$positive, overall = as.list(cm$overall), by_class = by_class,
       print = prints)
}

# --- confusionMatrix(table) ---------------------------------------------------

table_case <- function(name, m, levels = NULL, dnn = NULL, positive = NULL,
                       prevalence = NULL) {
  tab <- make_table(m, levels, dnn)
  cm <- confusionMatrix(tab, positive = positive, prevalence = prevalence)
  c(list(name = name, counts = unname(unclass(m)), levels = if (is.null(levels)) NULL else I(levels),
         dnn = if (is.null(dnn)) NULL else I(dnn), positive = positive,
         prevalence = if (is.null(prevalence)) NULL else as.list(prevalence),
         named_prevalence = !is.null(names(prevalence)),
         r_levels = I(rownames(tab))),
    cm_result(cm))
}

pr <- c("Prediction", "Reference")
t2 <- by_rows(2, 20, 5, 10, 65)
t3 <- by_rows(3, 30, 4, 2, 5, 25, 6, 1, 3, 24)
t3_empty <- by_rows(3, 12, 0, 3, 0, 0, 0, 2, 0, 9)
t4 <- by_rows(4, 40, 2, 1, 0, 3, 35, 2, 1, 0, 4, 28, 6, 1, 0, 2, 30)
wide <- diag(c(50, 45, 40, 38, 36, 33, 30, 29, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18,
               17, 16, 15, 14, 13, 12, 11, 10, 9, 8))
wide[2, 1] <- 3
wide[27, 28] <- 2

tables <- list(
  table_case("t2_letters", t2),
  table_case("t2_letters_positive_b", t2, positive = "B"),
  table_case("t2_named_dnn", t2, c("pos", "neg"), pr),
  table_case("t2_named_no_dnn", t2, c("pos", "neg")),
  table_case("t2_int_levels", t2, c("0", "1"), pr, positive = "1"),
  table_case("t2_never_predicted_first", by_rows(2, 0, 0, 10, 30), c("a", "b"), pr),
  table_case("t2_empty_reference_first", by_rows(2, 0, 4, 0, 30), c("a", "b"), pr),
  table_case("t2_all_one_cell", by_rows(2, 25, 0, 0, 0)),
  table_case("t2_zero_off_diagonal", by_rows(2, 25, 0, 0, 18)),
  table_case("t2_prevalence", t2, prevalence = 0.05),
  table_case("t2_prevalence_positive_b", t2, positive = "B", prevalence = 0.7),
  table_case("t2_prevalence_zero", t2, c("pos", "neg"), pr, prevalence = 0),
  table_case("t2_prevalence_one", t2, c("pos", "neg"), pr, prevalence = 1),
  table_case("t2_prevalence_empty_reference", by_rows(2, 0, 4, 0, 30), c("a", "b"), pr,
             prevalence = 0.2),
  table_case("t3_letters", t3),
  table_case("t3_named", t3, c("cat", "dog", "eel"), pr),
  table_case("t3_empty_level", t3_empty, c("x", "y", "z"), pr),
  table_case("t3_prevalence", t3, c("cat", "dog", "eel"), pr,
             prevalence = c(cat = 0.6, dog = 0.3, eel = 0.1)),
  table_case("t3_prevalence_out_of_order", t3,
             prevalence = c(C = 0.05, A = 0.9, B = 0.05)),
  table_case("t3_prevalence_empty_level", t3_empty, c("x", "y", "z"), pr,
             prevalence = c(x = 0.5, y = 0.25, z = 0.25)),
  table_case("t4_letters", t4),
  table_case("t28_letters", wide)
)

# confusionMatrix(data, reference, prevalence = ...): the vector method.
vector_case <- function(name, truth, pred, levels, positive = NULL, prevalence = NULL) {
  cm <- confusionMatrix(factor(pred, levels = levels), factor(truth, levels = levels),
                        positive = positive, prevalence = prevalence)
  c(list(name = name, y_true = I(truth), y_pred = I(pred), levels = I(levels),
         positive = positive,
         prevalence = if (is.null(prevalence)) NULL else as.list(prevalence),
         named_prevalence = !is.null(names(prevalence))),
    cm_result(cm))
}

set.seed(20261201)
vt <- sample(c("pos", "neg"), 60, replace = TRUE, prob = c(0.3, 0.7))
vp <- ifelse(runif(60) < 0.8, vt, sample(c("pos", "neg"), 60, replace = TRUE))
mt <- sample(c("bird", "cat", "dog"), 90, replace = TRUE)
mp <- ifelse(runif(90) < 0.7, mt, sample(c("bird", "cat", "dog"), 90, replace = TRUE))
vectors <- list(
  vector_case("binary_prevalence", vt, vp, c("pos", "neg"), prevalence = 0.02),
  vector_case("binary_prevalence_positive_neg", vt, vp, c("pos", "neg"), positive = "neg",
              prevalence = 0.9),
  vector_case("multi_prevalence", mt, mp, c("bird", "cat", "dog"),
              prevalence = c(bird = 0.1, cat = 0.45, dog = 0.45))
)

# --- the single statistics ------------------------------------------------------

r_functions <- list(
  sensitivity = sensitivity, specificity = specificity, pos_pred_value = posPredValue,
  neg_pred_value = negPredValue, precision = precision, recall = recall, f_meas = F_meas
)
r_names <- c(sensitivity = "sensitivity", specificity = "specificity",
             pos_pred_value = "posPredValue", neg_pred_value = "negPredValue",
             precision = "precision", recall = "recall", f_meas = "F_meas")

# Arguments of each call, as named lists; na.rm is written na_rm for Python.
variants <- function(first, second, vectors) {
  na <- if (vectors) list(list(na_rm = FALSE)) else list()
  list(
    sensitivity = c(list(list(), list(positive = second)), na),
    specificity = c(list(list(), list(negative = first)), na),
    pos_pred_value = list(list(), list(positive = second), list(prevalence = 0.1),
                          list(positive = second, prevalence = 0.9)),
    neg_pred_value = list(list(), list(negative = first), list(prevalence = 0.1)),
    precision = c(list(list(), list(relevant = second)), na),
    recall = c(list(list(), list(relevant = second)), na),
    f_meas = list(list(), list(relevant = second), list(beta = 2), list(beta = 0.5))
  )
}

r_args <- function(a) {
  if (!is.null(a$na_rm)) {
    a$na.rm <- a$na_rm
    a$na_rm <- NULL
  }
  a
}

# The level argument of each function and the default caret means for it.
level_arg <- c(sensitivity = "positive", specificity = "negative",
               pos_pred_value = "positive", neg_pred_value = "negative",
               precision = "relevant", recall = "relevant", f_meas = "relevant")
intended_default <- function(f, levels) {
  if (level_arg[[f]] == "negative") levels[-1] else levels[1]
}

# caret's table methods for more than two classes evaluate their default level
# (rownames(data)[1]) lazily, after `data` has become the pooled 2x2 table
# ("pos"/"neg"), so the default call answers NA whatever the counts. For those
# tables the calls name the default level explicitly (`explicit_default`), and
# `lazy_default` keeps what the default call itself returns.
stat_calls <- function(inputs, levels, vectors, extra = list()) {
  calls <- list()
  # Level names as caret means them: characters (an integer `relevant` would
  # index the table by position).
  levels <- as.character(levels)
  vs <- variants(levels[1], levels[2], vectors)
  for (f in names(vs)) {
    for (a in c(vs[[f]], extra[[f]])) {
      explicit <- !vectors && length(levels) > 2 && is.null(a[[level_arg[[f]]]])
      r_a <- a
      if (explicit) r_a[[level_arg[[f]]]] <- intended_default(f, levels)
      value <- do.call(r_functions[[f]], c(inputs, r_args(r_a)))
      lazy <- if (explicit) unname(do.call(r_functions[[f]], c(inputs, r_args(a)))) else NULL
      calls[[length(calls) + 1]] <- list(
        "function" = f, r_function = r_names[[f]],
        args = if (length(a)) lapply(a, function(v) if (length(v) > 1) I(v) else v)
               else setNames(list(), character()),
        value = unname(value),
        explicit_default = explicit,
        lazy_default = lazy
      )
    }
  }
  calls
}

stat_vector_case <- function(name, data, reference, levels) {
  d <- factor(data, levels = levels)
  r <- factor(reference, levels = levels)
  list(name = name, kind = "vectors", data = I(as.character(data)),
       reference = I(as.character(reference)), levels = I(levels),
       data_missing = I(which(is.na(data)) - 1), reference_missing = I(which(is.na(reference)) - 1),
       label_type = if (is.numeric(data)) "int" else "str",
       calls = stat_calls(list(d, r), levels, TRUE))
}

stat_table_case <- function(name, m, levels = NULL, extra = list()) {
  tab <- make_table(m, levels)
  list(name = name, kind = "table", counts = unname(unclass(m)),
       levels = if (is.null(levels)) NULL else I(levels), r_levels = I(rownames(tab)),
       calls = stat_calls(list(tab), rownames(tab), FALSE, extra))
}

set.seed(7)
sd <- sample(c("yes", "no"), 40, replace = TRUE)
sr <- ifelse(runif(40) < 0.7, sd, sample(c("yes", "no"), 40, replace = TRUE))
with_na_d <- sd
with_na_r <- sr
with_na_d[c(3, 11, 20)] <- NA
with_na_r[c(5, 11, 33)] <- NA
data_na_only <- sd
data_na_only[c(2, 9)] <- NA
id <- sample(0:1, 30, replace = TRUE)
ir <- ifelse(runif(30) < 0.6, id, 1 - id)

pooled <- list(
  sensitivity = list(list(positive = c("cat", "dog"))),
  specificity = list(list(negative = c("dog", "eel"))),
  pos_pred_value = list(list(positive = "eel", prevalence = 0.05)),
  neg_pred_value = list(list(negative = c("cat", "eel"))),
  precision = list(list(relevant = "eel")),
  recall = list(list(relevant = "eel")),
  f_meas = list(list(relevant = "eel", beta = 3))
)

stats <- list(
  stat_vector_case("v_yes_no", sd, sr, c("yes", "no")),
  stat_vector_case("v_never_predicted_first", rep("no", 12),
                   c(rep("yes", 4), rep("no", 8)), c("yes", "no")),
  stat_vector_case("v_first_absent_from_reference", c(rep("yes", 3), rep("no", 9)),
                   rep("no", 12), c("yes", "no")),
  stat_vector_case("v_missing_both", with_na_d, with_na_r, c("yes", "no")),
  stat_vector_case("v_missing_data_only", data_na_only, sr, c("yes", "no")),
  stat_vector_case("v_int", id, ir, c(0L, 1L)),
  stat_vector_case("v_perfect", c("a", "b", "a", "b"), c("a", "b", "a", "b"), c("a", "b")),
  stat_table_case("t2_letters", t2),
  stat_table_case("t2_zero_first_row", by_rows(2, 0, 0, 10, 30), c("a", "b")),
  stat_table_case("t2_zero_second_column", by_rows(2, 5, 0, 5, 0), c("a", "b")),
  stat_table_case("t3_named", t3, c("cat", "dog", "eel"), pooled),
  stat_table_case("t3_empty_level", t3_empty, c("x", "y", "z")),
  stat_table_case("t4_letters", t4)
)

# --- errors -----------------------------------------------------------------------

r_error <- function(expr) {
  tryCatch({
    force(expr)
    "no error"
  }, error = function(e) conditionMessage(e))
}

m3 <- make_table(t3)
errors <- list(
  cm_not_square = r_error(confusionMatrix(as.table(matrix(1:6, 2)))),
  cm_three_dimensions = r_error(confusionMatrix(as.table(array(1:8, c(2, 2, 2))))),
  cm_one_level = r_error(confusionMatrix(as.table(matrix(5, 1, 1)))),
  cm_different_names = r_error(confusionMatrix(
    as.table(matrix(1:4, 2, dimnames = list(c("a", "b"), c("b", "a")))))),
  cm_prevalence_two_numbers = r_error(confusionMatrix(make_table(t2), prevalence = c(0.1, 0.2))),
  cm_prevalence_wrong_length = r_error(confusionMatrix(m3, prevalence = c(A = 0.5, B = 0.5))),
  cm_prevalence_no_names = r_error(confusionMatrix(m3, prevalence = c(0.2, 0.3, 0.5))),
  cm_prevalence_unknown_name = r_error(confusionMatrix(m3, prevalence = c(A = 0.2, B = 0.3,
                                                                          X = 0.5))),
  cm_negative_count = r_error(confusionMatrix(as.table(by_rows(2, 5, -1, 2, 7)))),
  cm_fractional_count = r_error(confusionMatrix(as.table(by_rows(2, 5, 1.5, 2, 7)))),
  cm_positive_not_level = r_error(confusionMatrix(make_table(t2), positive = "Z")),
  stat_three_levels = r_error(sensitivity(factor(c("a", "b", "c")), factor(c("a", "b", "c")))),
  stat_table_not_square = r_error(sensitivity(as.table(matrix(1:6, 2))))
)
# What caret answers for the unknown name: NA where it cannot find the level.
unknown_name_by_class <- confusionMatrix(m3, prevalence = c(A = 0.2, B = 0.3, X = 0.5))$byClass

# --- mcnemar.test for two classifiers ----------------------------------------------

# Label vectors whose (a correct?, b correct?) table is `cells`
# (both right, a only, b only, both wrong); wrong answers differ between a and b.
mcnemar_vectors <- function(cells, classes) {
  k <- length(classes)
  truth <- c()
  a <- c()
  b <- c()
  kinds <- rep(1:4, times = cells)
  for (i in seq_along(kinds)) {
    t <- ((i - 1) %% k) + 1
    wrong1 <- (t %% k) + 1
    wrong2 <- ((t - 2) %% k) + 1
    truth <- c(truth, classes[t])
    a <- c(a, classes[if (kinds[i] %in% c(1, 2)) t else wrong1])
    b <- c(b, classes[if (kinds[i] %in% c(1, 3)) t else wrong2])
  }
  list(truth = truth, a = a, b = b)
}

mcnemar_case <- function(name, cells, classes = c("cat", "dog", "eel"), correct = TRUE) {
  v <- mcnemar_vectors(cells, classes)
  outcome <- function(p) factor(ifelse(p == v$truth, "correct", "wrong"),
                                levels = c("correct", "wrong"))
  pred_a <- outcome(v$a)
  pred_b <- outcome(v$b)
  res <- mcnemar.test(pred_a, pred_b, correct = correct)
  list(name = name, y_true = I(v$truth), pred_a = I(v$a), pred_b = I(v$b), correct = correct,
       label_type = if (is.numeric(classes)) "int" else "str",
       statistic = unname(res$statistic), parameter = unname(res$parameter),
       p_value = res$p.value, method = res$method, data_name = res$data.name,
       table = unname(unclass(table(pred_a, pred_b))),
       table_print = I(capture.output(print(table(pred_a, pred_b)))),
       print = I(capture.output(print(res))))
}

mcnemar <- list(
  mcnemar_case("typical", c(40, 12, 5, 8)),
  mcnemar_case("typical_uncorrected", c(40, 12, 5, 8), correct = FALSE),
  mcnemar_case("equal_discordant", c(30, 6, 6, 10)),
  mcnemar_case("zero_discordant", c(30, 0, 0, 10)),
  mcnemar_case("zero_discordant_uncorrected", c(30, 0, 0, 10), correct = FALSE),
  mcnemar_case("one_side_only", c(25, 0, 9, 4)),
  mcnemar_case("b_always_right", c(50, 0, 7, 0)),
  mcnemar_case("tiny_p_value", c(10, 150, 2, 5)),
  mcnemar_case("off_by_one", c(3, 1, 0, 2)),
  mcnemar_case("integer_labels", c(20, 9, 3, 6), classes = 0:3),
  mcnemar_case("two_classes", c(18, 2, 11, 4), classes = c("no", "yes"))
)

fixtures <- list(
  generated_by = "tests/r/make_caret_extra_fixtures.R",
  r_version = R.version.string,
  caret_version = as.character(packageVersion("caret")),
  na_encoding = "R NA -> \"NA\", R NaN -> \"NaN\"",
  tables = tables,
  vectors = vectors,
  statistics = stats,
  errors = errors,
  unknown_name_by_class = list(rows = I(rownames(unknown_name_by_class)),
                               prevalence = I(unname(unknown_name_by_class[, "Prevalence"]))),
  mcnemar = mcnemar
)

writeLines(
  toJSON(fixtures, digits = NA, na = "string", auto_unbox = TRUE, null = "null",
         pretty = TRUE),
  out_path
)
cat("wrote", out_path, "\n")
