# Writes tests/r/proc_curve_fixtures.json: what pROC 1.18.0 returns and prints for the
# rest of its curve API that tests/metrics/test_roc_curve_extra.py checks: percent = TRUE
# curves (sensitivities, specificities, auc, partial auc, ci.auc, coords in percent),
# print.auc of full, partial and corrected partial areas, coords with x = "local maximas",
# ret = "all", every monotone input (and pROC's errors for the others), transpose and
# drop, and multiclass.roc of one numeric predictor (with its warning for a level
# without observations).
#
#   Rscript tests/r/make_proc_curve_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite (Debian: r-base-core r-cran-proc r-cran-jsonlite).
# CI has no R: the tests read the JSON, which holds the data too (pROC's aSAH data
# set and the designed cases below).
#
# Encoding, as tests/r/make_proc_fixtures.R: numeric input data (and the x values
# coords is asked about) are strings with 17 significant digits (sprintf("%.17g")),
# a missing score being "NA"; labels keep their JSON type. Results are numbers with
# jsonlite's digits = NA, R's NA and NaN as null, +-Inf as the strings "Inf" / "-Inf".
# Printed output is one string per line, as capture.output() returns it; errors and
# warnings are their conditionMessage().

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_curve_fixtures.json")

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

frame <- function(df) lapply(as.list(as.data.frame(df, check.names = FALSE)), num)

warned <- function(expr) {
  msgs <- character()
  value <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = msgs)
}

error_of <- function(expr) tryCatch({
  expr
  NULL
}, error = function(e) conditionMessage(e))

# Each curve is built by a call naming its variables, so that the prints name them.
build <- function(response, predictor, response_name, predictor_name, direction, percent) {
  env <- new.env()
  assign(response_name, response, envir = env)
  assign(predictor_name, predictor, envir = env)
  cl <- call("roc", response = as.name(response_name), predictor = as.name(predictor_name))
  if (!is.null(direction)) cl$direction <- direction
  if (percent) cl$percent <- TRUE
  cl$quiet <- TRUE
  eval(cl, env)
}

MONOTONE <- c("threshold", "specificity", "sensitivity", "tn", "tp", "fn", "fp", "tpr",
              "tnr", "fpr", "fnr", "1-specificity", "1-sensitivity", "recall")
NOT_MONOTONE <- c("accuracy", "npv", "ppv", "fdr", "1-accuracy", "1-npv", "1-ppv",
                  "precision", "youden", "closest.topleft")

# Values of `input` to ask coords about: points of the curve (first, middle, last of
# its distinct values) and midpoints between neighbouring distinct values.
input_values <- function(r, input) {
  all <- coords(r, "all", ret = "all", transpose = FALSE)
  v <- sort(unique(all[[input]]))
  v <- v[is.finite(v)]
  n <- length(v)
  k <- max(1, n %/% 2)
  picks <- unique(c(v[1], v[k], v[n]))
  if (n > 1) picks <- c(picks, (v[1] + v[2]) / 2, (v[k] + v[min(n, k + 1)]) / 2)
  picks
}

PAUC <- list(c(1, 0.9), c(0.9, 0.6), c(0.3, 0.7))

curve_case <- function(name, response, predictor, response_name = "y_true",
                       predictor_name = "y_score", direction = NULL, percent = FALSE) {
  r <- build(response, predictor, response_name, predictor_name, direction, percent)
  scale <- if (percent) 100 else 1
  partial <- list()
  for (range in PAUC) {
    for (focus in c("specificity", "sensitivity")) {
      for (correct in c(FALSE, TRUE)) {
        w <- warned(auc(r, partial.auc = range * scale, partial.auc.focus = focus,
                        partial.auc.correct = correct))
        partial[[length(partial) + 1]] <- list(
          range = range * scale, focus = focus, correct = correct,
          value = if (is.na(w$value)) NULL else as.numeric(w$value),
          warnings = w$warnings, printed = capture.output(print(w$value)))
      }
    }
  }
  ci <- warned(ci.auc(r, method = "delong"))
  inputs <- list()
  for (input in MONOTONE) {
    x <- input_values(r, input)
    inputs[[input]] <- list(x = exact(x),
                            coords = frame(coords(r, x, input = input,
                                                  ret = unique(c("threshold",
                                                                 "specificity",
                                                                 "sensitivity", input)))))
  }
  out_of_range <- list(
    specificity = error_of(coords(r, 1.5 * scale, input = "specificity")),
    fpr = error_of(coords(r, -0.5, input = "fpr")),
    tp = error_of(coords(r, length(r$cases) + 1, input = "tp")))
  list(
    name = name, response = exact(response), predictor = exact(predictor),
    response_name = response_name, predictor_name = predictor_name,
    direction_arg = direction, percent = percent, direction = r$direction,
    thresholds = num(r$thresholds), sensitivities = num(r$sensitivities),
    specificities = num(r$specificities),
    auc = as.numeric(r$auc), auc_printed = capture.output(print(r$auc)),
    printed = capture.output(print(r)),
    partial = partial,
    ci_delong = num(ci$value), ci_warnings = ci$warnings,
    ci_printed = capture.output(print(ci$value)),
    local_maximas = frame(coords(r, "local maximas", ret = "all")),
    all = frame(coords(r, "all", ret = "all")),
    all_names = names(coords(r, "all", ret = "all")),
    best_youden = frame(coords(r, "best", ret = "all", best.method = "youden")),
    best_topleft = frame(coords(r, "best", ret = "all", best.method = "closest.topleft")),
    best_topleft_own = frame(coords(r, "best", ret = c("threshold", "closest.topleft"),
                                    best.method = "closest.topleft")),
    best_youden_own = frame(coords(r, "best", ret = c("threshold", "youden"))),
    best_weighted = frame(coords(r, "best", ret = "all", best.weights = c(2, 0.3))),
    inputs = inputs,
    not_monotone = lapply(setNames(NOT_MONOTONE, NOT_MONOTONE),
                          function(i) error_of(coords(r, 0.5, input = i))),
    out_of_range = out_of_range
  )
}

# --- the curves ---------------------------------------------------------------------

data(aSAH)
outcome <- as.character(aSAH$outcome)
wfns <- as.numeric(as.character(aSAH$wfns))

set.seed(20240515)
ties_y <- rep(c("neg", "pos"), times = c(35, 25))
ties_x <- c(sample(1:5, 35, replace = TRUE, prob = c(0.3, 0.3, 0.2, 0.1, 0.1)),
            sample(1:5, 25, replace = TRUE, prob = c(0.1, 0.15, 0.25, 0.25, 0.25)))
small_y <- c(0L, 0L, 0L, 1L, 1L, 1L)
small_x <- c(0.1, 0.4, 0.35, 0.8, 0.3, 0.9)

curves <- list()
for (percent in c(FALSE, TRUE)) {
  tag <- if (percent) "_percent" else ""
  curves <- c(curves, list(
    curve_case(paste0("asah_s100b", tag), outcome, aSAH$s100b, "outcome", "s100b",
               percent = percent),
    curve_case(paste0("asah_ndka_gt", tag), outcome, aSAH$ndka, "outcome", "ndka",
               direction = ">", percent = percent),
    curve_case(paste0("asah_wfns", tag), outcome, wfns, "outcome", "wfns",
               percent = percent),
    curve_case(paste0("ties", tag), ties_y, ties_x, percent = percent),
    curve_case(paste0("small", tag), small_y, small_x, percent = percent)
  ))
}

# --- transpose and drop ---------------------------------------------------------------

shapes <- local({
  r <- build(outcome, aSAH$s100b, "outcome", "s100b", NULL, FALSE)
  one <- function(value) {
    if (is.matrix(value)) {
      list(kind = "matrix", rows = rownames(value), ncol = ncol(value),
           values = lapply(seq_len(nrow(value)), function(i) num(value[i, ])))
    } else if (is.data.frame(value)) {
      list(kind = "data.frame", names = names(value), values = frame(value))
    } else if (is.list(value)) {
      list(kind = "list", names = names(value), values = num(unlist(value)))
    } else {
      list(kind = "vector", names = names(value), values = num(value))
    }
  }
  list(
    list(x = exact(0.2), ret = c("threshold", "specificity", "sensitivity"),
         transpose = TRUE, drop = NULL,
         value = one(coords(r, 0.2, transpose = TRUE))),
    list(x = exact(c(0.2, 0.5)), ret = c("threshold", "specificity", "sensitivity"),
         transpose = TRUE, drop = NULL,
         value = one(coords(r, c(0.2, 0.5), transpose = TRUE))),
    list(x = exact(c(0.2, 0.5)), ret = "sensitivity", transpose = TRUE, drop = NULL,
         value = one(coords(r, c(0.2, 0.5), ret = "sensitivity", transpose = TRUE))),
    list(x = exact(0.2), ret = "sensitivity", transpose = TRUE, drop = NULL,
         value = one(coords(r, 0.2, ret = "sensitivity", transpose = TRUE))),
    list(x = exact(c(0.2, 0.5)), ret = "sensitivity", transpose = TRUE, drop = FALSE,
         value = one(coords(r, c(0.2, 0.5), ret = "sensitivity", transpose = TRUE,
                            drop = FALSE))),
    list(x = exact(c(0.2, 0.5)), ret = "sensitivity", transpose = FALSE, drop = TRUE,
         value = one(coords(r, c(0.2, 0.5), ret = "sensitivity", drop = TRUE))),
    list(x = exact(0.2), ret = c("sensitivity", "specificity"), transpose = FALSE,
         drop = TRUE,
         value = one(coords(r, 0.2, ret = c("sensitivity", "specificity"), drop = TRUE))),
    list(x = exact(c(0.2, 0.5)), ret = c("sens", "spec", "npe", "t"), transpose = FALSE,
         drop = NULL,
         value = one(coords(r, c(0.2, 0.5), ret = c("sens", "spec", "npe", "t"))))
  )
})

ret_errors <- local({
  r <- build(outcome, aSAH$s100b, "outcome", "s100b", NULL, FALSE)
  list(all_and_more = error_of(coords(r, "best", ret = c("all", "threshold"))),
       empty_x = error_of(coords(r, numeric(0))))
})

# --- multiclass.roc of one numeric predictor -----------------------------------------

univariate_case <- function(name, response, predictor, response_name = "y_true",
                            predictor_name = "y_score", levels = NULL, direction = NULL,
                            percent = FALSE) {
  env <- new.env()
  assign(response_name, response, envir = env)
  assign(predictor_name, predictor, envir = env)
  cl <- call("multiclass.roc", response = as.name(response_name),
             predictor = as.name(predictor_name))
  if (!is.null(levels)) cl$levels <- levels
  if (!is.null(direction)) cl$direction <- direction
  if (percent) cl$percent <- TRUE
  cl$quiet <- TRUE
  m <- warned(eval(cl, env))
  list(name = name, response = exact(response), response_type = class(response)[1],
       factor_levels = if (is.factor(response)) levels(response) else NULL,
       predictor = exact(predictor), response_name = response_name,
       predictor_name = predictor_name,
       levels_arg = if (is.null(levels)) NULL else exact(levels),
       direction_arg = direction, percent = percent,
       levels = exact(m$value$levels), auc = as.numeric(m$value$auc),
       pair_aucs = sapply(m$value$rocs, function(p) as.numeric(auc(p))),
       pair_directions = sapply(m$value$rocs, function(p) p$direction),
       pair_levels = lapply(m$value$rocs, function(p) exact(p$levels)),
       warnings = m$warnings, printed = capture.output(print(m$value)),
       auc_printed = capture.output(print(m$value$auc)))
}

# multivariate with a factor level without observations: warned and dropped
multivariate_case <- function(name, response, proba, response_name = "y_true",
                              predictor_name = "proba", percent = FALSE) {
  env <- new.env()
  assign(response_name, response, envir = env)
  assign(predictor_name, proba, envir = env)
  cl <- call("multiclass.roc", response = as.name(response_name),
             predictor = as.name(predictor_name))
  if (percent) cl$percent <- TRUE
  m <- warned(eval(cl, env))
  pairs <- lapply(m$value$rocs, function(p) c(as.numeric(auc(p[[1]])),
                                              as.numeric(auc(p[[2]]))))
  list(name = name, response = exact(response), factor_levels = levels(response),
       percent = percent, pair_aucs = pairs,
       columns = colnames(proba), proba = lapply(as.list(as.data.frame(proba)), exact),
       response_name = response_name, predictor_name = predictor_name,
       levels = exact(m$value$levels), auc = as.numeric(m$value$auc),
       warnings = m$warnings, printed = capture.output(print(m$value)))
}

set.seed(7)
sp_y <- sample(c("setosa", "versicolor", "virginica"), 40, replace = TRUE)
sp_x <- round(match(sp_y, c("setosa", "versicolor", "virginica")) + rnorm(40, sd = 0.9), 2)
gos_p <- local({
  g <- matrix(rgamma(113 * 5, shape = 1), 113, 5)
  y <- as.integer(as.character(aSAH$gos6))
  g[cbind(seq_len(113), y)] <- g[cbind(seq_len(113), y)] + 1
  p <- g / rowSums(g)
  colnames(p) <- as.character(1:5)
  as.data.frame(p)
})
sp_factor <- factor(sp_y, levels = c("setosa", "versicolor", "virginica", "unseen"))

univariate <- list(
  univariate_case("asah_gos6_s100b", aSAH$gos6, aSAH$s100b, "gos6", "s100b"),
  univariate_case("asah_gos6_s100b_percent", aSAH$gos6, aSAH$s100b, "gos6", "s100b",
                  percent = TRUE),
  univariate_case("species", sp_y, sp_x),
  univariate_case("species_gt", sp_y, sp_x, direction = ">"),
  univariate_case("species_factor_unseen", sp_factor, sp_x),
  univariate_case("species_two_levels", sp_y, sp_x, levels = c("setosa", "virginica")),
  univariate_case("asah_wfns_ndka", as.character(aSAH$wfns), aSAH$ndka, "wfns", "ndka")
)

multivariate <- list(
  multivariate_case("asah_gos6_probabilities", aSAH$gos6, gos_p, "gos6", "proba"),
  multivariate_case("asah_gos6_probabilities_percent", aSAH$gos6, gos_p, "gos6", "proba",
                    percent = TRUE)
)

fixtures <- list(
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  curves = curves, shapes = shapes, ret_errors = ret_errors,
  univariate = univariate, multivariate = multivariate
)
writeLines(toJSON(fixtures, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  pretty = TRUE),
           out_path)
cat("wrote", out_path, "\n")
