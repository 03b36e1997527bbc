# Writes tests/r/proc_percent_fixtures.json: what pROC 1.18.0 returns and prints for
# var.roc, cov.roc, roc.test and power.roc.test on curves built with percent = TRUE,
# which tests/metrics/test_roc_percent.py checks.
#
#   Rscript tests/r/make_proc_percent_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite. CI has no R: the tests read the JSON, which holds the
# data too (pROC's aSAH data set and the designed case of make_proc_test_fixtures.R),
# encoded as there: numeric input data are strings with 17 significant digits, results
# numbers with jsonlite's digits = NA, prints one string per line as capture.output()
# returns them; R's warnings are recorded beside each result.
#
# What pROC does with percent: var.roc computes on the unpercented curve (partial.auc
# bounds / 100) and multiplies by 100^2; cov.roc multiplies DeLong's and Obuchowski's
# covariances by 100^2 (Obuchowski's with the partial.auc bounds still in percent) and
# bootstraps the AUCs in percent; roc.test reports the AUCs in percent, while DeLong's
# Z, D, df and confidence interval stay on fractions (and the bootstrap D is a ratio);
# sensitivity = / specificity = are in percent; power.roc.test unpercents the curves.
# Deterministic results are compared to 1e-9; the bootstrap ones (boot.n below) within
# the Monte-Carlo error of both runs.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_percent_fixtures.json")

exact <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) || is.integer(x) || is.character(x)) return(x)
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}

BIG_BOOT <- 10000L   # bootstrap replicates for the Monte-Carlo references
BIG_PERM <- 5000L    # Venkatraman permutations

data(aSAH)
set.seed(2024)
design_y <- rep(c("ctrl", "case"), c(24, 16))
design_a <- round(c(rnorm(24), rnorm(16, 0.9)), 1)  # ties
design_b <- round(design_a + rnorm(40, 0, 0.8), 1)

data <- list(
  outcome = as.character(aSAH$outcome),
  s100b = exact(aSAH$s100b), ndka = exact(aSAH$ndka),
  wfns = exact(as.numeric(as.character(aSAH$wfns))),
  design_y = design_y, design_a = exact(design_a), design_b = exact(design_b)
)
outcome <- data$outcome
s100b <- aSAH$s100b
ndka <- aSAH$ndka
wfns <- as.numeric(as.character(aSAH$wfns))

curve_args <- list(
  s100b = list(y = "outcome", x = "s100b", percent = TRUE),
  ndka = list(y = "outcome", x = "ndka", percent = TRUE),
  wfns = list(y = "outcome", x = "wfns", percent = TRUE),
  design_a = list(y = "design_y", x = "design_a", levels = c("ctrl", "case"), percent = TRUE),
  design_b = list(y = "design_y", x = "design_b", levels = c("ctrl", "case"), percent = TRUE),
  s100b_first = list(y = "outcome", x = "s100b", rows = c(1, 60), percent = TRUE),
  ndka_last = list(y = "outcome", x = "ndka", rows = c(61, 113), percent = TRUE),
  ndka_fraction = list(y = "outcome", x = "ndka", percent = FALSE)
)
vectors <- list(outcome = outcome, s100b = s100b, ndka = ndka, wfns = wfns,
                design_y = design_y, design_a = design_a, design_b = design_b)
make_curve <- function(a) {
  y <- vectors[[a$y]]
  x <- vectors[[a$x]]
  if (!is.null(a$rows)) {
    y <- y[a$rows[1]:a$rows[2]]
    x <- x[a$rows[1]:a$rows[2]]
  }
  if (is.null(a$levels)) roc(y, x, percent = a$percent, quiet = TRUE)
  else roc(y, x, levels = a$levels, percent = a$percent, quiet = TRUE)
}
curves <- lapply(curve_args, make_curve)

with_pauc <- function(r, partial) {
  if (is.null(partial)) return(r)
  r$auc <- auc(r, partial.auc = partial$range, partial.auc.focus = partial$focus,
               partial.auc.correct = partial$correct)
  r
}

# the value and the warnings of an expression
warned <- function(expr) {
  msgs <- character()
  value <- withCallingHandlers(
    tryCatch(expr, error = function(e) structure(conditionMessage(e), class = "r_error")),
    warning = function(w) {
      msgs <<- c(msgs, conditionMessage(w))
      invokeRestart("muffleWarning")
    },
    message = function(m) invokeRestart("muffleMessage"))
  list(value = value, warnings = msgs)
}

pauc_sp <- list(range = c(100, 80), focus = "specificity", correct = FALSE)
pauc_se <- list(range = c(100, 80), focus = "sensitivity", correct = FALSE)
pauc_corr <- list(range = c(100, 80), focus = "specificity", correct = TRUE)
pauc_mid <- list(range = c(90, 60), focus = "specificity", correct = FALSE)

# --- var.roc ---------------------------------------------------------------------

var_case <- function(curve, method, partial = NULL, boot.n = 2000L, stratified = TRUE) {
  r <- with_pauc(curves[[curve]], partial)
  v <- warned(var(r, method = method, boot.n = boot.n, boot.stratified = stratified))
  list(curve = curve, method = method, partial = partial, boot_n = boot.n,
       stratified = stratified, value = as.numeric(v$value), warnings = I(v$warnings))
}

set.seed(1)
variances <- list(
  var_case("s100b", "delong"), var_case("wfns", "delong"), var_case("design_a", "delong"),
  var_case("s100b", "obuchowski"), var_case("design_a", "obuchowski"),
  var_case("s100b", "obuchowski", pauc_sp), var_case("design_a", "obuchowski", pauc_mid),
  var_case("s100b", "bootstrap", boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", boot.n = BIG_BOOT, stratified = FALSE),
  var_case("s100b", "bootstrap", pauc_sp, boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", pauc_se, boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", pauc_corr, boot.n = BIG_BOOT)
)

# --- cov.roc ---------------------------------------------------------------------

cov_case <- function(c1, c2, method, partial = NULL, boot.n = 2000L, stratified = TRUE) {
  r1 <- with_pauc(curves[[c1]], partial)
  r2 <- with_pauc(curves[[c2]], partial)
  v <- warned(cov(r1, r2, method = method, boot.n = boot.n, boot.stratified = stratified))
  list(curve1 = c1, curve2 = c2, method = method, partial = partial, boot_n = boot.n,
       stratified = stratified, value = as.numeric(v$value), warnings = I(v$warnings))
}

set.seed(2)
covariances <- list(
  cov_case("s100b", "ndka", "delong"), cov_case("design_a", "design_b", "delong"),
  cov_case("s100b", "ndka", "obuchowski"), cov_case("design_a", "design_b", "obuchowski"),
  cov_case("s100b", "ndka", "obuchowski", pauc_sp),
  cov_case("s100b", "ndka", "bootstrap", boot.n = BIG_BOOT),
  cov_case("s100b", "ndka", "bootstrap", pauc_sp, boot.n = BIG_BOOT),
  cov_case("s100b_first", "ndka_last", "delong"),
  cov_case("s100b", "ndka_fraction", "delong"),
  cov_case("ndka_fraction", "s100b", "delong")
)

# --- power.roc.test --------------------------------------------------------------

power_case <- function(form, args) {
  p <- warned(switch(form,
    one = do.call(power.roc.test, c(list(with_pauc(curves[[args$curve]], args$partial)),
                                    args$call)),
    two = do.call(power.roc.test,
                  c(list(with_pauc(curves[[args$curve1]], args$partial),
                         with_pauc(curves[[args$curve2]], args$partial)), args$call))))
  if (inherits(p$value, "r_error"))
    return(list(form = form, args = args, error = unclass(p$value)))
  v <- p$value
  keep <- setdiff(names(v), c("method", "note"))
  vals <- lapply(v[keep], function(x) if (is.character(x)) x else as.numeric(x))
  list(form = form, args = args, values = vals, method = v$method,
       printed = capture.output(print(v)), warnings = I(p$warnings))
}

powers <- list(
  power_case("one", list(curve = "s100b", call = list())),
  power_case("one", list(curve = "s100b", call = list(power = 0.9))),
  power_case("one", list(curve = "ndka", call = list(power = 0.9, kappa = 2))),
  power_case("one", list(curve = "s100b", call = c(list(sig.level = NULL), power = 0.9))),
  power_case("one", list(curve = "s100b", partial = pauc_sp, call = list())),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka", call = list())),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka", call = list(power = 0.9))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka",
                         call = list(method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "wfns",
                         call = list(power = 0.9, method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka", partial = pauc_sp,
                         call = list(method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka",
                         call = c(list(sig.level = NULL), power = 0.9))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka_fraction", call = list())),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka", partial = pauc_corr,
                         call = list()))
)

# --- roc.test --------------------------------------------------------------------

test_case <- function(name, c1, c2, method, partial = NULL, boot.n = 5000L, ...) {
  r1 <- with_pauc(curves[[c1]], partial)
  r2 <- with_pauc(curves[[c2]], partial)
  env <- new.env()
  assign(curve_args[[c1]]$x, r1, envir = env)
  if (curve_args[[c2]]$x == curve_args[[c1]]$x) stop("same names")
  assign(curve_args[[c2]]$x, r2, envir = env)
  cl <- as.call(c(list(as.name("roc.test"), as.name(curve_args[[c1]]$x),
                       as.name(curve_args[[c2]]$x), method = method, boot.n = boot.n),
                  list(...)))
  w <- warned(eval(cl, env))
  t <- w$value
  list(name = name, curve1 = c1, curve2 = c2, method_arg = method, partial = partial,
       boot_n = boot.n, extra = list(...),
       method = t$method, statistic = as.numeric(t$statistic),
       statistic_name = names(t$statistic),
       parameter = as.list(t$parameter),
       p_value = t$p.value,
       conf_int = if (is.null(t$conf.int)) NULL else as.numeric(t$conf.int),
       estimate = if (is.null(t$estimate)) NULL else as.numeric(t$estimate),
       estimate_names = names(t$estimate), null_value_name = names(t$null.value),
       alternative = t$alternative, printed = capture.output(print(t)),
       warnings = I(w$warnings))
}

set.seed(3)
tests <- list(
  test_case("delong_paired", "s100b", "ndka", "delong"),
  test_case("delong_paired_less", "wfns", "s100b", "delong", alternative = "less",
            conf.level = 0.9),
  test_case("delong_design", "design_a", "design_b", "delong"),
  test_case("delong_unpaired", "s100b_first", "ndka_last", "delong"),
  test_case("boot_paired", "s100b", "ndka", "bootstrap"),
  test_case("boot_unpaired", "s100b_first", "ndka_last", "bootstrap"),
  test_case("boot_pauc", "s100b", "ndka", "bootstrap", partial = pauc_sp),
  test_case("boot_pauc_se", "s100b", "ndka", "bootstrap", partial = pauc_se),
  test_case("boot_pauc_corrected", "s100b", "wfns", "bootstrap", partial = pauc_corr),
  test_case("sp_paired", "s100b", "ndka", "specificity", specificity = 90),
  test_case("se_paired", "s100b", "wfns", "sensitivity", sensitivity = 80,
            alternative = "greater"),
  test_case("sp_unpaired", "s100b_first", "ndka_last", "specificity", specificity = 75),
  test_case("venkatraman_paired", "s100b", "ndka", "venkatraman", boot.n = BIG_PERM),
  test_case("venkatraman_design", "design_a", "design_b", "venkatraman", boot.n = BIG_PERM),
  test_case("mixed_delong", "s100b", "ndka_fraction", "delong")
)

fixtures <- list(
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  data = data, curves = curve_args,
  variances = variances, covariances = covariances, powers = powers, tests = tests
)
writeLines(toJSON(fixtures, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  pretty = TRUE),
           out_path)
cat("wrote", out_path, "\n")
