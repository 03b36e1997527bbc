# Writes tests/r/caret_summary_fixtures.json: what caret 6.0-93 returns and prints
# for its summary functions (postResample, defaultSummary, twoClassSummary,
# multiClassSummary, prSummary, mnLogLoss) on the designed cases that
# tests/metrics/test_caret_summaries.py checks.
#
#   Rscript tests/r/make_caret_summary_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret, e1071, pROC, MLmetrics (with ROCR), ModelMetrics and jsonlite.
# CI has no R: the tests read the JSON, which holds the data too.
#
# Encoding: numeric input data (probabilities, regression values) are strings with
# 17 significant digits (sprintf("%.17g")), so Python sees exactly the doubles R saw,
# a missing value being "NA"; labels are strings. Each result is a list of
# {name, value, na, nan}: the value with jsonlite's digits = NA (15 significant
# digits, enough for the tests' 1e-9 relative tolerance), null for R's NA and NaN,
# which the flags tell apart. `print` is one string per line as capture.output()
# returns it; `warnings` the messages of the warnings R gave (empty when none).

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("caret") == "6.0.93")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "caret_summary_fixtures.json")

exact <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

# Run a summary, keeping its value, its print and the warnings it gave.
run <- function(expr) {
  messages <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    messages <<- c(messages, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  value <- value
  cells <- lapply(seq_along(value), function(i) {
    v <- unname(value[i])
    list(name = unbox(names(value)[i]),
         value = if (is.na(v)) NULL else unbox(as.numeric(v)),
         na = unbox(is.na(v) && !is.nan(v)),
         nan = unbox(is.nan(v)))
  })
  list(values = cells, print = I(capture.output(print(value))), warnings = I(messages))
}

# Class probabilities: positive weights normalised by row, rounded to two decimals
# for ties, renormalised so each row sums to one.
probs <- function(n, lev, seed, sharp = 1) {
  set.seed(seed)
  w <- matrix(rexp(n * length(lev))^sharp, n, length(lev))
  p <- round(w / rowSums(w), 2)
  p[, length(lev)] <- 1 - rowSums(p[, -length(lev), drop = FALSE])
  colnames(p) <- lev
  p
}

classification_case <- function(name, obs, pred, p, lev) {
  data <- data.frame(obs = factor(obs, levels = lev), pred = factor(pred, levels = lev))
  data <- cbind(data, as.data.frame(p))
  out <- list(
    name = unbox(name), kind = unbox("classification"), levels = lev,
    obs = as.character(obs), pred = as.character(pred),
    prob = lapply(lev, function(l) exact(p[, l])),
    post_resample = run(postResample(data$pred, data$obs)),
    default_summary = run(defaultSummary(data, lev = lev)),
    multi_class_summary = run(multiClassSummary(data, lev = lev)),
    mn_log_loss = run(mnLogLoss(data, lev = lev))
  )
  names(out$prob) <- lev
  if (length(lev) == 2) {
    out$two_class_summary <- run(twoClassSummary(data, lev = lev))
    out$pr_summary <- run(prSummary(data, lev = lev))
  }
  out
}

argmax <- function(p) colnames(p)[max.col(p, ties.method = "first")]

cases <- list()

# Two classes, ties in the probabilities, some errors.
lev2 <- c("Class1", "Class2")
p <- probs(24, lev2, 1)
set.seed(11)
obs <- ifelse(runif(24) < p[, "Class1"] * 0.8 + 0.1, "Class1", "Class2")
cases[[length(cases) + 1]] <- classification_case("two_class", obs, argmax(p), p, lev2)

# Two classes, the event level first in the level order although it sorts last.
lev_ev <- c("yes", "no")
p <- probs(16, lev_ev, 2)
set.seed(12)
obs <- ifelse(runif(16) < p[, "yes"], "yes", "no")
cases[[length(cases) + 1]] <- classification_case("two_class_event_first", obs, argmax(p), p, lev_ev)

# Two classes, every prediction the second level (precision 0/0, Kappa 0).
p <- probs(12, lev2, 3)
p[, "Class1"] <- pmin(p[, "Class1"], 0.4)
p[, "Class2"] <- 1 - p[, "Class1"]
obs <- rep(c("Class1", "Class2"), 6)
cases[[length(cases) + 1]] <- classification_case("two_class_one_prediction", obs, argmax(p), p, lev2)

# Two classes, only the second one observed: no ROC or PR curve (NA), and
# multiClassSummary's means of no AUC at all (NaN).
p <- probs(10, lev2, 7)
obs <- rep("Class2", 10)
cases[[length(cases) + 1]] <- classification_case("two_class_one_observed", obs, argmax(p), p, lev2)

# Perfect predictions with probabilities of exactly 0 and 1 (logLoss clipping).
obs <- rep(c("Class1", "Class2"), c(5, 7))
p <- cbind(Class1 = as.numeric(obs == "Class1"), Class2 = as.numeric(obs == "Class2"))
cases[[length(cases) + 1]] <- classification_case("perfect", obs, obs, p, lev2)

# Probabilities of exactly 0 and 1, two of them wrong.
p2 <- p
p2[c(1, 8), ] <- p2[c(1, 8), 2:1]
cases[[length(cases) + 1]] <- classification_case("hard_zero_one", obs, argmax(p2), p2, lev2)

# Three classes.
lev3 <- c("a", "b", "c")
p <- probs(30, lev3, 4)
set.seed(14)
obs <- apply(p, 1, function(r) sample(lev3, 1, prob = r * 0.7 + 0.1))
cases[[length(cases) + 1]] <- classification_case("three_class", obs, argmax(p), p, lev3)

# Three classes, level "c" never predicted.
p <- probs(21, lev3, 5)
p[, "c"] <- pmin(p[, "c"], 0.05)
p[, "a"] <- 1 - p[, "b"] - p[, "c"]
set.seed(15)
obs <- rep(lev3, 7)
cases[[length(cases) + 1]] <- classification_case("three_class_absent_prediction", obs, argmax(p), p, lev3)

# Three classes, level "b" absent from the observations (its one-vs-rest AUCs are NA).
p <- probs(18, lev3, 6)
obs <- rep(c("a", "c"), 9)
cases[[length(cases) + 1]] <- classification_case("three_class_absent_observation", obs, argmax(p), p, lev3)

regression_case <- function(name, obs, pred) {
  list(name = unbox(name), kind = unbox("regression"), obs = exact(obs), pred = exact(pred),
       post_resample = run(postResample(pred, obs)),
       default_summary = run(defaultSummary(data.frame(obs = obs, pred = pred))))
}

set.seed(21)
x <- rnorm(15, 10, 3)
cases[[length(cases) + 1]] <- regression_case("regression", x, x + rnorm(15))
cases[[length(cases) + 1]] <- regression_case("regression_constant_prediction", x, rep(10, 15))
cases[[length(cases) + 1]] <- regression_case("regression_ties", c(1, 2, 2, 3, 3, 3, 4, 5, 5, 6),
                                              c(1, 1, 2, 3, 4, 3, 4, 4, 5, 7))
cases[[length(cases) + 1]] <- regression_case("regression_perfect", x, x)
cases[[length(cases) + 1]] <- regression_case("regression_missing_prediction", x[1:8],
                                              c(x[1:3] + 0.5, NA, x[5:8] - 0.25))

out <- list(
  versions = list(R = unbox(paste(R.version$major, R.version$minor, sep = ".")),
                  caret = unbox(as.character(packageVersion("caret"))),
                  pROC = unbox(as.character(packageVersion("pROC"))),
                  MLmetrics = unbox(as.character(packageVersion("MLmetrics"))),
                  ModelMetrics = unbox(as.character(packageVersion("ModelMetrics")))),
  cases = cases
)
writeLines(toJSON(out, digits = NA, pretty = TRUE, null = "null"), out_path)
