# Writes tests/r/proc_ci_rates_fixtures.json: what pROC 1.18.0 returns and prints for
# ci.se, ci.sp, ci.thresholds and ci.coords, which tests/metrics/test_roc_ci_rates.py
# checks against skcnn.metrics.ci_se / ci_sp / ci_thresholds / ci_coords.
#
#   Rscript tests/r/make_proc_ci_rates_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite (Debian: r-base-core r-cran-proc r-cran-jsonlite).
# Takes a few minutes (10000 bootstrap replicates per interval).
#
# Two kinds of record per curve:
# - "intervals": pROC's intervals with a large boot.n (BOOT_N), so that their own
#   Monte-Carlo error is small; the tests compare skcnn's, from a few hundred replicates
#   of its own random numbers, within the error of a quantile of that many replicates.
#   The record also holds pROC's print of the interval, which the tests compare line for
#   line with skcnn's print of pROC's numbers.
# - "replicates": single bootstrap replicates, pROC's own internal functions
#   (stratified.ci.se, ...) run after set.seed(k), with the resample they drew (the same
#   seed replays the same sample() calls). The tests feed skcnn the very same resample
#   and expect the very same numbers (1e-9 relative): R is deterministic there. The
#   coords replicates are t() of R's matrix, so that the JSON holds them ret by ret.
#
# Encoding as make_proc_fixtures.R: input data (and the rates and thresholds given to
# the intervals: seq(0, 1, 0.1) holds 0.30000000000000004) are strings with 17 significant digits,
# results are numbers (15 significant digits), R's NA as null, +-Inf as "Inf"/"-Inf",
# printed output one string per line.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_ci_rates_fixtures.json")

BOOT_N <- as.integer(Sys.getenv("PROC_BOOT_N", "10000"))  # smaller only to try the script out
N_REPLICATES <- 5

exact <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) || is.integer(x) || is.character(x)) return(x)
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}

num <- function(x) {
  x <- as.numeric(x)
  out <- as.list(x)
  out[is.infinite(x) & x > 0] <- "Inf"
  out[is.infinite(x) & x < 0] <- "-Inf"
  out
}

matrix_record <- function(m) {
  m <- unclass(m)
  list(rownames = if (is.null(rownames(m))) NULL else rownames(m), colnames = colnames(m),
       lower = num(m[, 1]), median = num(m[, 2]), upper = num(m[, 3]))
}

strip <- function(x) {  # the ci object without its roc, for printing and records
  attr(x, "roc") <- NULL
  x
}

# One bootstrap replicate of pROC's internal function `fun`, and the resample it drew.
replicate_record <- function(r, k, fun, ...) {
  set.seed(k)
  value <- fun(...)
  set.seed(k)
  controls <- sample(r$controls, replace = TRUE)
  cases <- sample(r$cases, replace = TRUE)
  list(seed = k, controls = exact(controls), cases = exact(cases), value = num(value))
}

case_record <- function(name, response, predictor, direction = NULL, percent = FALSE,
                        specificities = NULL, sensitivities = NULL,
                        thresholds = "local maximas", coords_x = NULL,
                        coords_input = "specificity",
                        coords_ret = c("sensitivity", "accuracy", "ppv"),
                        nonstratified = FALSE) {
  cl <- list(response = response, predictor = predictor, quiet = TRUE, percent = percent)
  if (!is.null(direction)) cl$direction <- direction
  r <- do.call(roc, cl)
  scale <- if (percent) 100 else 1
  if (is.null(specificities)) specificities <- seq(0, 1, 0.1) * scale
  if (is.null(sensitivities)) sensitivities <- seq(0, 1, 0.1) * scale
  set.seed(1)
  se <- ci.se(r, specificities = specificities, boot.n = BOOT_N, progress = "none")
  set.seed(2)
  sp <- ci.sp(r, sensitivities = sensitivities, boot.n = BOOT_N, progress = "none")
  set.seed(3)
  th <- ci.thresholds(r, thresholds = thresholds, boot.n = BOOT_N, progress = "none")
  out <- list(
    name = name, response = exact(response), predictor = exact(predictor),
    direction = r$direction, percent = percent, levels = r$levels,
    n_controls = length(r$controls), n_cases = length(r$cases),
    boot_n = BOOT_N,
    ci_se = list(specificities = exact(specificities), matrix = matrix_record(se),
                 printed = capture.output(print(strip(se)))),
    ci_sp = list(sensitivities = exact(sensitivities), matrix = matrix_record(sp),
                 printed = capture.output(print(strip(sp)))),
    ci_thresholds = list(
      thresholds = if (is.character(thresholds)) thresholds else exact(thresholds),
      values = exact(attr(th, "thresholds")),
      specificity = matrix_record(th$specificity),
      sensitivity = matrix_record(th$sensitivity),
      printed = capture.output(print(strip(th))))
  )
  if (!is.null(coords_x)) {
    set.seed(4)
    cb <- ci.coords(r, x = "best", best.policy = "random", boot.n = BOOT_N,
                    progress = "none")
    set.seed(5)
    cx <- ci.coords(r, x = coords_x, input = coords_input, ret = coords_ret,
                    boot.n = BOOT_N, progress = "none")
    out$ci_coords_best <- list(ret = attr(cb, "ret"),
                               matrices = lapply(unclass(strip(cb)), matrix_record),
                               printed = capture.output(print(strip(cb))))
    out$ci_coords <- list(x = exact(coords_x), input = coords_input, ret = attr(cx, "ret"),
                          matrices = lapply(unclass(strip(cx)), matrix_record),
                          printed = capture.output(print(strip(cx))))
  }
  if (nonstratified) {
    set.seed(6)
    ns <- ci.se(r, specificities = specificities, boot.n = BOOT_N,
                boot.stratified = FALSE, progress = "none")
    out$ci_se_nonstratified <- list(specificities = exact(specificities),
                                    matrix = matrix_record(ns),
                                    printed = capture.output(print(strip(ns))))
  }
  thr_num <- attr(th, "thresholds")
  out$replicates <- lapply(seq_len(N_REPLICATES), function(k) {
    rec <- list(
      se = replicate_record(r, 100 + k, pROC:::stratified.ci.se, 1, r, specificities),
      sp = replicate_record(r, 200 + k, pROC:::stratified.ci.sp, 1, r, sensitivities),
      thresholds = replicate_record(r, 300 + k, pROC:::stratified.ci.thresholds, 1, r,
                                    thr_num)
    )
    if (!is.null(coords_x)) {
      # one row per x, the ret columns; "best" with best.policy = "stop", so that a
      # replicate with tied best thresholds (an error in R) is simply not recorded
      rec$coords <- replicate_record(r, 400 + k, function() t(pROC:::stratified.ci.coords(
        r, coords_x, coords_input, coords_ret, "youden", c(1, 0.5), "stop")))
      best <- tryCatch(replicate_record(r, 500 + k, function() t(pROC:::stratified.ci.coords(
        r, "best", "threshold", c("threshold", "specificity", "sensitivity", "accuracy"),
        "closest.topleft", c(1, 0.5), "stop"))), error = function(e) NULL)
      if (!is.null(best)) rec$coords_best_topleft <- best
    }
    rec
  })
  out
}

data(aSAH)
outcome <- as.character(aSAH$outcome)

set.seed(20240601)
ties_y <- rep(c("neg", "pos"), times = c(20, 15))
ties_x <- c(sample(1:6, 20, replace = TRUE, prob = c(0.1, 0.1, 0.2, 0.2, 0.2, 0.2)),
            sample(1:6, 15, replace = TRUE, prob = c(0.3, 0.3, 0.2, 0.1, 0.05, 0.05)))

cases <- list(
  case_record("asah_s100b", outcome, aSAH$s100b,
              specificities = c(0, 0.25, 0.5, 0.75, 0.9, 1),
              sensitivities = c(0, 0.5, 0.8, 0.95, 1),
              coords_x = c(0.5, 0.9), nonstratified = TRUE),
  case_record("ties_gt", ties_y, ties_x, coords_x = c(0.3, 0.7),
              thresholds = c(0.5, 2.5, 3, 4.5, 7)),
  case_record("asah_s100b_percent", outcome, aSAH$s100b, percent = TRUE,
              thresholds = "best")
)

# Prints at other levels: ci.se's header and quantile names.
r1 <- roc(outcome, aSAH$s100b, quiet = TRUE)
set.seed(7)
lv <- ci.se(r1, specificities = c(0.5, 0.9), conf.level = 0.9, boot.n = 200,
            progress = "none")
levels_record <- list(level = 0.9, boot_n = 200, specificities = exact(c(0.5, 0.9)),
                      matrix = matrix_record(lv), printed = capture.output(print(strip(lv))))
set.seed(8)
lv2 <- ci.sp(r1, sensitivities = c(0.5), conf.level = 0.99, boot.n = 200,
             progress = "none")
levels_record2 <- list(level = 0.99, boot_n = 200, sensitivities = exact(0.5),
                       matrix = matrix_record(lv2), printed = capture.output(print(strip(lv2))))

out <- list(
  generated_by = "tests/r/make_proc_ci_rates_fixtures.R",
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  cases = cases,
  levels = list(levels_record, levels_record2)
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null",
                  pretty = TRUE), out_path)
cat("wrote", out_path, "\n")
