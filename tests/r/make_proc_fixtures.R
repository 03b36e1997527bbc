# Writes tests/r/proc_fixtures.json: what pROC 1.18.0 returns and prints for the ROC
# analyses tests/metrics/test_roc.py checks (roc, auc, partial auc, ci.auc, coords,
# roc.test, multiclass.roc).
#
#   Rscript tests/r/make_proc_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite (Debian: r-base-core r-cran-proc r-cran-jsonlite).
# CI has no R: the tests read the JSON, which holds the data too (pROC's aSAH data
# set and the designed cases below).
#
# Encoding: numeric input data are strings with 17 significant digits
# (sprintf("%.17g")), so the Python side sees exactly the doubles R saw (the near-ties
# case needs that), a missing score being the string "NA"; labels keep their JSON type
# (string, integer, boolean), a missing label is null. The curves' thresholds,
# sensitivities and specificities are written both ways: the exact strings let the
# tests check that they are the very doubles pROC computes. Results are numbers with jsonlite's digits = NA
# (15 significant digits, enough for the tests' relative tolerance of 1e-9), R's NA
# and NaN as null, +-Inf as the strings "Inf" / "-Inf". Printed output is one string
# per line, as capture.output() returns it.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_fixtures.json")

exact <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) || is.integer(x) || is.character(x)) return(x)  # NA: null
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}

num <- function(x) {
  x <- as.numeric(x)
  out <- as.list(x)
  out[is.infinite(x) & x > 0] <- "Inf"
  out[is.infinite(x) & x < 0] <- "-Inf"
  out
}

# pROC's printed output names the variables of the call, so every curve is built
# by a call naming them (response = <response_name>, predictor = <predictor_name>).
build <- function(response, predictor, response_name, predictor_name, levels, direction) {
  env <- new.env()
  assign(response_name, response, envir = env)
  assign(predictor_name, predictor, envir = env)
  cl <- call("roc", response = as.name(response_name), predictor = as.name(predictor_name))
  if (!is.null(levels)) cl$levels <- levels
  if (!is.null(direction)) cl$direction <- direction
  cl$quiet <- TRUE
  eval(cl, env)
}

warned <- function(expr) {
  msgs <- character()
  value <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = msgs)
}

PAUC_RANGES <- list(c(1, 0.9), c(0.9, 0.6), c(0.55, 0.45))

partial_results <- function(r) {
  out <- list()
  for (range in PAUC_RANGES) {
    for (focus in c("specificity", "sensitivity")) {
      for (correct in c(FALSE, TRUE)) {
        w <- warned(auc(r, partial.auc = range, partial.auc.focus = focus,
                        partial.auc.correct = correct))
        out[[length(out) + 1]] <- list(
          range = range, focus = focus, correct = correct,
          value = if (is.na(w$value)) NULL else as.numeric(w$value),
          warnings = w$warnings,
          printed = capture.output(print(w$value)))
      }
    }
  }
  out
}

coords_frame <- function(df) {
  lapply(as.list(df), num)
}

binary_case <- function(name, response, predictor, response_name = "y_true",
                        predictor_name = "y_score", levels = NULL, direction = NULL,
                        at_thresholds = c(0.5), at_specificities = c(0.5),
                        at_sensitivities = c(0.5)) {
  r <- build(response, predictor, response_name, predictor_name, levels, direction)
  ci <- warned(ci.auc(r, method = "delong"))
  best_y <- coords(r, "best", best.method = "youden", transpose = FALSE)
  best_t <- coords(r, "best", best.method = "closest.topleft", transpose = FALSE)
  all_ret <- c("threshold", "specificity", "sensitivity", "accuracy", "tn", "tp", "fn",
               "fp", "npv", "ppv", "youden", "closest.topleft")
  list(
    name = name,
    response = exact(response), response_type = class(response)[1],
    predictor = exact(predictor),
    response_name = response_name, predictor_name = predictor_name,
    levels_arg = if (is.null(levels)) NULL else exact(levels),
    direction_arg = direction,
    levels = exact(r$levels), direction = r$direction,
    n_controls = length(r$controls), n_cases = length(r$cases),
    thresholds = num(r$thresholds),
    sensitivities = num(r$sensitivities),
    specificities = num(r$specificities),
    thresholds_exact = exact(r$thresholds),
    sensitivities_exact = exact(r$sensitivities),
    specificities_exact = exact(r$specificities),
    auc = as.numeric(r$auc),
    printed = capture.output(print(r)),
    partial = partial_results(r),
    ci_delong = num(ci$value), ci_warnings = ci$warnings,
    ci_printed = capture.output(print(ci$value)),
    best_youden = coords_frame(best_y),
    best_topleft = coords_frame(best_t),
    at_thresholds = exact(at_thresholds),
    coords_thresholds = coords_frame(coords(r, at_thresholds, input = "threshold",
                                            ret = all_ret, transpose = FALSE)),
    at_specificities = exact(at_specificities),
    coords_specificities = coords_frame(coords(r, at_specificities, input = "specificity",
                                               transpose = FALSE)),
    at_sensitivities = exact(at_sensitivities),
    coords_sensitivities = coords_frame(coords(r, at_sensitivities, input = "sensitivity",
                                               transpose = FALSE)),
    all_coords = coords_frame(coords(r, "all", ret = all_ret, transpose = FALSE))
  )
}

# --- the cases -------------------------------------------------------------------

data(aSAH)
outcome <- as.character(aSAH$outcome)
wfns <- as.numeric(as.character(aSAH$wfns))

set.seed(20240515)
n_ties <- 60
ties_y <- rep(c("neg", "pos"), times = c(35, 25))
ties_x <- c(sample(1:5, 35, replace = TRUE, prob = c(0.3, 0.3, 0.2, 0.1, 0.1)),
            sample(1:5, 25, replace = TRUE, prob = c(0.1, 0.15, 0.25, 0.25, 0.25)))

na_y <- c("a", "b", NA, "a", "b", "a", "b", "b", "a", "a", "b", NA, "a", "b", "b", "a")
na_x <- c(0.2, 0.8, 0.5, NA, 0.7, 0.1, NA, 0.9, 0.35, 0.4, 0.6, 0.3, 0.65, 0.55, 0.2, 0.5)

near <- c(1, 1 + 2^-52, 1 + 2 * 2^-52, 2, 2, 3, 3 - 2^-51, 1 + 2^-52)
near_y <- c(0L, 1L, 0L, 1L, 0L, 1L, 1L, 1L)

bools <- c(TRUE, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, FALSE, TRUE, FALSE)
bool_x <- c(0.9, 0.1, 0.8, 0.4, 0.35, 0.2, 0.7, 0.6, 0.65, 0.3)

ints <- c(1L, 0L, 1L, 0L, 0L, 1L, 1L, 0L, 0L, 1L, 0L, 1L)
int_x <- c(12, 3, 9, 4, 7, 15, 7, 1, 6, 11, 2, 8)

big <- c(-1e300, 1e300, -5e299, 7e299, 0, 3e299)
big_y <- c("c", "d", "c", "d", "c", "d")

binary <- list(
  binary_case("asah_s100b", outcome, aSAH$s100b, "outcome", "s100b",
              at_thresholds = c(0.03, 0.1, 0.205, 0.5, 2),
              at_specificities = c(0, 0.5, 0.9, 0.8055555555555556, 1),
              at_sensitivities = c(0, 0.5, 0.6341463414634146, 0.95, 1)),
  binary_case("asah_ndka", outcome, aSAH$ndka, "outcome", "ndka",
              at_thresholds = c(5, 10, 20.5, 100),
              at_specificities = c(0.25, 0.6), at_sensitivities = c(0.3, 0.75)),
  binary_case("asah_wfns", outcome, wfns, "outcome", "wfns",
              at_thresholds = c(1, 1.5, 2.5, 4, 5),
              at_specificities = c(0.5, 0.75), at_sensitivities = c(0.5, 0.9)),
  binary_case("asah_s100b_levels_reversed", outcome, aSAH$s100b, "outcome", "s100b",
              levels = c("Poor", "Good"), at_thresholds = c(0.1, 0.3),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("ties", ties_y, ties_x, at_thresholds = c(1, 2, 2.5, 3, 6),
              at_specificities = c(0.3, 0.6), at_sensitivities = c(0.4, 0.8)),
  binary_case("perfect", rep(c("x", "y"), each = 5), c(1:5, 6:10),
              at_thresholds = c(5.5), at_specificities = c(0.5),
              at_sensitivities = c(0.5)),
  binary_case("inverted_forced_lt", rep(c("x", "y"), each = 6),
              c(7, 9, 8, 12, 10, 11, 1, 3, 2, 6, 4, 8), direction = "<",
              at_thresholds = c(5, 8), at_specificities = c(0.5),
              at_sensitivities = c(0.5)),
  binary_case("inverted_auto", rep(c("x", "y"), each = 6),
              c(7, 9, 8, 12, 10, 11, 1, 3, 2, 6, 4, 8),
              at_thresholds = c(5, 8), at_specificities = c(0.5),
              at_sensitivities = c(0.5)),
  binary_case("direction_gt", outcome, aSAH$ndka, "outcome", "ndka", direction = ">",
              at_thresholds = c(10, 20.5), at_specificities = c(0.5),
              at_sensitivities = c(0.5)),
  binary_case("missing_values", na_y, na_x, at_thresholds = c(0.5, 0.62),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("near_ties_lt", near_y, near, direction = "<", at_thresholds = c(1, 2),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("near_ties_gt", near_y, near, direction = ">", at_thresholds = c(1, 2),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("logical_response", bools, bool_x, at_thresholds = c(0.5),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("integer_response", ints, int_x, levels = c(0L, 1L),
              at_thresholds = c(7, 7.5), at_specificities = c(0.5),
              at_sensitivities = c(0.5)),
  binary_case("huge_values", big_y, big, at_thresholds = c(0),
              at_specificities = c(0.5), at_sensitivities = c(0.5)),
  binary_case("one_case", c("n", "n", "p", "n", "n"), c(0.3, 0.1, 0.6, 0.7, 0.2),
              at_thresholds = c(0.65), at_specificities = c(0.5),
              at_sensitivities = c(0.5))
)

# --- roc.test ----------------------------------------------------------------------

paired_test <- function(name, response, x1, x2, name1, name2, response_name = "outcome",
                        direction1 = NULL, direction2 = NULL) {
  r1 <- build(response, x1, response_name, name1, NULL, direction1)
  r2 <- build(response, x2, response_name, name2, NULL, direction2)
  env <- new.env()
  assign(name1, r1, envir = env)
  assign(name2, r2, envir = env)
  t <- warned(eval(call("roc.test", as.name(name1), as.name(name2), method = "delong"),
                   env))$value
  list(
    name = name, response = exact(response), x1 = exact(x1), x2 = exact(x2),
    name1 = name1, name2 = name2, response_name = response_name,
    method = t$method, statistic = as.numeric(t$statistic),
    statistic_name = names(t$statistic),
    parameter = if (is.null(t$parameter)) NULL else as.numeric(t$parameter),
    p_value = t$p.value, estimate = as.numeric(t$estimate),
    estimate_names = names(t$estimate),
    conf_int = if (is.null(t$conf.int)) NULL else as.numeric(t$conf.int),
    printed = capture.output(print(t))
  )
}

na_x2 <- c(0.3, 0.6, 0.2, 0.45, NA, 0.25, 0.5, 0.7, 0.5, 0.1, 0.8, 0.9, 0.3, 0.35, 0.4, 0.6)

tests <- list(
  paired_test("s100b_vs_ndka", outcome, aSAH$s100b, aSAH$ndka, "s100b", "ndka"),
  paired_test("wfns_vs_s100b", outcome, wfns, aSAH$s100b, "wfns", "s100b"),
  paired_test("ndka_vs_s100b", outcome, aSAH$ndka, aSAH$s100b, "ndka", "s100b"),
  paired_test("missing_values", na_y, na_x, na_x2, "first", "second", "y_true"),
  paired_test("ties_vs_noise", ties_y, ties_x, round(seq(0, 1, length.out = n_ties), 2),
              "ties", "noise", "y_true")
)

# unpaired: the same response name, but different patients
unpaired <- local({
  r1 <- build(outcome[1:60], aSAH$s100b[1:60], "outcome", "s100b", NULL, NULL)
  r2 <- build(outcome[61:113], aSAH$ndka[61:113], "outcome", "ndka", NULL, NULL)
  s100b <- r1
  ndka <- r2
  t <- roc.test(s100b, ndka, method = "delong")
  list(name = "unpaired_halves", response1 = exact(outcome[1:60]),
       x1 = exact(aSAH$s100b[1:60]), response2 = exact(outcome[61:113]),
       x2 = exact(aSAH$ndka[61:113]), name1 = "s100b", name2 = "ndka",
       response_name = "outcome", method = t$method,
       statistic = as.numeric(t$statistic), statistic_name = names(t$statistic),
       parameter = as.numeric(t$parameter), p_value = t$p.value,
       estimate = as.numeric(t$estimate), estimate_names = names(t$estimate),
       conf_int = NULL, printed = capture.output(print(t)))
})

# --- multiclass.roc with per-class probabilities --------------------------------------

multiclass_case <- function(name, response, proba, response_name = "y_true",
                            predictor_name = "proba", levels = NULL) {
  env <- new.env()
  assign(response_name, response, envir = env)
  assign(predictor_name, proba, envir = env)
  cl <- call("multiclass.roc", response = as.name(response_name),
             predictor = as.name(predictor_name))
  if (!is.null(levels)) cl$levels <- levels
  m <- warned(eval(cl, env))
  pairs <- lapply(m$value$rocs, function(p) c(as.numeric(auc(p[[1]])),
                                              as.numeric(auc(p[[2]]))))
  list(name = name, response = exact(response), response_type = class(response)[1],
       columns = colnames(proba),
       proba = lapply(as.list(as.data.frame(proba)), exact),
       levels_arg = if (is.null(levels)) NULL else exact(levels),
       levels = exact(m$value$levels), auc = as.numeric(m$value$auc),
       pair_names = names(m$value$rocs), pair_aucs = pairs, warnings = m$warnings,
       response_name = response_name, predictor_name = predictor_name,
       printed = capture.output(print(m$value)))
}

dirichlet <- function(n, k, y, strength) {
  g <- matrix(rgamma(n * k, shape = 1), n, k)
  g[cbind(seq_len(n), y)] <- g[cbind(seq_len(n), y)] + strength
  g / rowSums(g)
}

set.seed(42)
y3 <- sample(1:3, 45, replace = TRUE)
p3 <- round(dirichlet(45, 3, y3, 1.5), 2)
colnames(p3) <- c("setosa", "versicolor", "virginica")
y3_names <- colnames(p3)[y3]

y4 <- sample(1:4, 60, replace = TRUE)
p4 <- dirichlet(60, 4, y4, 0.8)
colnames(p4) <- c("1", "2", "3", "4")

gos <- as.integer(as.character(aSAH$gos6))
gos_levels <- sort(unique(gos))
gos_p <- dirichlet(113, length(gos_levels), match(gos, gos_levels), 1.0)
colnames(gos_p) <- as.character(gos_levels)

multiclass <- list(
  multiclass_case("three_species", y3_names, as.data.frame(p3)),
  multiclass_case("four_integer_classes", y4, as.data.frame(p4)),
  multiclass_case("asah_gos6", gos, as.data.frame(gos_p), "gos6", "proba"),
  multiclass_case("three_species_two_levels", y3_names, as.data.frame(p3),
                  levels = c("setosa", "virginica"))
)

fixtures <- list(
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  binary = binary, tests = c(tests, list(unpaired)), multiclass = multiclass
)
writeLines(toJSON(fixtures, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  pretty = TRUE),
           out_path)
cat("wrote", out_path, "\n")
