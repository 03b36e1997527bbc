# Writes tests/r/proc_test_fixtures.json: what pROC 1.18.0 returns and prints for the
# variances, covariances, power calculations and the non-DeLong tests that
# tests/metrics/test_roc_tests.py checks (var.roc, cov.roc, power.roc.test,
# roc.test with method = "bootstrap", "venkatraman", "sensitivity", "specificity").
#
#   Rscript tests/r/make_proc_test_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite. CI has no R: the tests read the JSON, which holds
# the data too (pROC's aSAH data set and a designed case), encoded as in
# make_proc_fixtures.R: numeric input data are strings with 17 significant digits,
# results numbers with jsonlite's digits = NA, prints one string per line as
# capture.output() returns them.
#
# Deterministic results (DeLong's and Obuchowski's variances and covariances, the
# power calculations, Venkatraman's statistic E) are compared to 1e-9. The bootstrap
# and permutation results are random: they are computed here with many replicates
# (boot.n below) so that the tests can compare their own, smaller runs within the
# Monte-Carlo error of both. uniroot's solution for the AUC is written twice: as
# pROC returns it (uniroot's default tolerance, about 1.2e-4) and solved to full
# precision with the same function and bracket.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_test_fixtures.json")

exact <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) || is.integer(x) || is.character(x)) return(x)
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}

BIG_BOOT <- 20000L   # bootstrap replicates for the Monte-Carlo references
BIG_PERM <- 10000L   # Venkatraman permutations

data(aSAH)
set.seed(2024)
n_design <- 40
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

curves <- list(
  s100b = roc(outcome, s100b, quiet = TRUE),
  ndka = roc(outcome, ndka, quiet = TRUE),
  wfns = roc(outcome, wfns, quiet = TRUE),
  design_a = roc(design_y, design_a, levels = c("ctrl", "case"), quiet = TRUE),
  design_b = roc(design_y, design_b, levels = c("ctrl", "case"), quiet = TRUE),
  s100b_first = roc(outcome[1:60], s100b[1:60], quiet = TRUE),
  ndka_last = roc(outcome[61:113], ndka[61:113], quiet = TRUE)
)
curve_args <- list(
  s100b = list(y = "outcome", x = "s100b"), ndka = list(y = "outcome", x = "ndka"),
  wfns = list(y = "outcome", x = "wfns"),
  design_a = list(y = "design_y", x = "design_a", levels = c("ctrl", "case")),
  design_b = list(y = "design_y", x = "design_b", levels = c("ctrl", "case")),
  s100b_first = list(y = "outcome", x = "s100b", rows = c(1, 60)),
  ndka_last = list(y = "outcome", x = "ndka", rows = c(61, 113))
)

with_pauc <- function(r, partial) {
  if (is.null(partial)) return(r)
  r$auc <- auc(r, partial.auc = partial$range, partial.auc.focus = partial$focus,
               partial.auc.correct = partial$correct)
  r
}

# --- var.roc ---------------------------------------------------------------------

pauc_sp <- list(range = c(1, 0.8), focus = "specificity", correct = FALSE)
pauc_se <- list(range = c(1, 0.8), focus = "sensitivity", correct = FALSE)
pauc_corr <- list(range = c(1, 0.8), focus = "specificity", correct = TRUE)

var_case <- function(curve, method, partial = NULL, boot.n = 2000L, stratified = TRUE) {
  r <- with_pauc(curves[[curve]], partial)
  v <- var(r, method = method, boot.n = boot.n, boot.stratified = stratified)
  list(curve = curve, method = method, partial = partial, boot_n = boot.n,
       stratified = stratified, value = as.numeric(v))
}

set.seed(1)
variances <- list(
  var_case("s100b", "delong"), var_case("ndka", "delong"), var_case("wfns", "delong"),
  var_case("design_a", "delong"),
  var_case("s100b", "obuchowski"), var_case("ndka", "obuchowski"),
  var_case("wfns", "obuchowski"), var_case("design_a", "obuchowski"),
  var_case("s100b", "obuchowski", pauc_sp), var_case("design_a", "obuchowski", pauc_sp),
  var_case("s100b", "obuchowski", list(range = c(0.9, 0.6), focus = "specificity",
                                        correct = FALSE)),
  var_case("s100b", "bootstrap", boot.n = BIG_BOOT),
  var_case("design_a", "bootstrap", boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", boot.n = BIG_BOOT, stratified = FALSE),
  var_case("s100b", "bootstrap", pauc_sp, boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", pauc_se, boot.n = BIG_BOOT),
  var_case("s100b", "bootstrap", pauc_corr, boot.n = BIG_BOOT)
)

# --- cov.roc ---------------------------------------------------------------------

cov_case <- function(c1, c2, method, partial = NULL, boot.n = 2000L, stratified = TRUE) {
  r1 <- with_pauc(curves[[c1]], partial)
  r2 <- with_pauc(curves[[c2]], partial)
  v <- suppressMessages(cov(r1, r2, method = method, boot.n = boot.n,
                            boot.stratified = stratified))
  list(curve1 = c1, curve2 = c2, method = method, partial = partial, boot_n = boot.n,
       stratified = stratified, value = as.numeric(v))
}

set.seed(2)
covariances <- list(
  cov_case("s100b", "ndka", "delong"), cov_case("wfns", "s100b", "delong"),
  cov_case("design_a", "design_b", "delong"),
  cov_case("s100b", "ndka", "obuchowski"), cov_case("wfns", "s100b", "obuchowski"),
  cov_case("design_a", "design_b", "obuchowski"),
  cov_case("s100b", "ndka", "obuchowski", pauc_sp),
  cov_case("s100b", "ndka", "bootstrap", boot.n = BIG_BOOT),
  cov_case("design_a", "design_b", "bootstrap", boot.n = BIG_BOOT),
  cov_case("s100b", "ndka", "bootstrap", boot.n = BIG_BOOT, stratified = FALSE),
  cov_case("s100b", "ndka", "bootstrap", pauc_sp, boot.n = BIG_BOOT),
  cov_case("s100b_first", "ndka_last", "delong")
)

# --- power.roc.test --------------------------------------------------------------

power_result <- function(p) {
  keep <- setdiff(names(p), c("method", "note"))
  vals <- lapply(p[keep], function(v) if (is.character(v)) v else as.numeric(v))
  list(values = vals, method = p$method, printed = capture.output(print(p)))
}

power_case <- function(form, args) {
  p <- switch(form,
    one = do.call(power.roc.test, c(list(curves[[args$curve]]), args$call)),
    two = do.call(power.roc.test, c(list(curves[[args$curve1]], curves[[args$curve2]]),
                                    args$call)),
    numeric = do.call(power.roc.test, args$call),
    params = do.call(power.roc.test, c(list(args$params), args$call)))
  c(list(form = form, args = args), power_result(p))
}

nul <- list(NULL)
params <- list(A1 = qnorm(0.8) * sqrt(2), B1 = 1, A2 = qnorm(0.9) * sqrt(2), B2 = 1,
               rn = 0.6, ra = 0.6, delta = 0.1)
powers <- list(
  power_case("one", list(curve = "s100b", call = list())),
  power_case("one", list(curve = "s100b", call = list(power = 0.9))),
  power_case("one", list(curve = "ndka", call = list(power = 0.9, kappa = 2))),
  power_case("one", list(curve = "s100b", call = c(list(sig.level = NULL), power = 0.9))),
  power_case("one", list(curve = "s100b", call = list(alternative = "one.sided"))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka", call = list())),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka",
                         call = list(method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "wfns",
                         call = list(power = 0.9, method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "wfns", call = list(power = 0.9))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka",
                         call = c(list(sig.level = NULL), power = 0.9,
                                  method = "obuchowski"))),
  power_case("two", list(curve1 = "s100b", curve2 = "ndka",
                         call = list(alternative = "one.sided", power = 0.8,
                                     method = "delong"))),
  power_case("numeric", list(call = list(auc = 0.8, ncontrols = 20, ncases = 30))),
  power_case("numeric", list(call = list(auc = 0.8, power = 0.9))),
  power_case("numeric", list(call = list(auc = 0.7, power = 0.8, kappa = 2.5))),
  power_case("numeric", list(call = list(auc = 0.8, ncases = 30, kappa = 2, power = 0.9,
                                         sig.level = NULL))),
  power_case("numeric", list(call = list(auc = 0.75, ncontrols = 40, ncases = 20,
                                         alternative = "one.sided"))),
  power_case("numeric", list(call = list(ncontrols = 40, ncases = 30, power = 0.9))),
  power_case("params", list(params = params, call = list(ncases = 60))),
  power_case("params", list(params = params, call = list(power = 0.9, kappa = 1.5))),
  power_case("params", list(params = params, call = list(ncases = 60, ncontrols = 80,
                                                         power = 0.9, sig.level = NULL)))
)

# uniroot of the AUC to full precision (pROC's function and bracket)
auc_exact <- uniroot(pROC:::power.roc.test.optimize.auc.function, interval = c(0.5, 1 - 1e-16),
                     ncontrols = 40, ncases = 30, zalpha = qnorm(1 - 0.05 / 2),
                     zbeta = qnorm(0.9), tol = 1e-15)$root

# --- roc.test --------------------------------------------------------------------

test_case <- function(name, c1, c2, method, partial = NULL, boot.n = 10000L, ...) {
  r1 <- with_pauc(curves[[c1]], partial)
  r2 <- with_pauc(curves[[c2]], partial)
  env <- new.env()
  assign(curve_args[[c1]]$x, r1, envir = env)
  if (curve_args[[c2]]$x == curve_args[[c1]]$x) stop("same names")
  assign(curve_args[[c2]]$x, r2, envir = env)
  cl <- as.call(c(list(as.name("roc.test"), as.name(curve_args[[c1]]$x),
                       as.name(curve_args[[c2]]$x), method = method, boot.n = boot.n),
                  list(...)))
  t <- suppressWarnings(eval(cl, env))
  list(name = name, curve1 = c1, curve2 = c2, method_arg = method, partial = partial,
       boot_n = boot.n, extra = list(...),
       method = t$method, statistic = as.numeric(t$statistic),
       statistic_name = names(t$statistic),
       parameter = as.list(t$parameter),
       p_value = t$p.value,
       estimate = if (is.null(t$estimate)) NULL else as.numeric(t$estimate),
       estimate_names = names(t$estimate), null_value_name = names(t$null.value),
       alternative = t$alternative, printed = capture.output(print(t)))
}

set.seed(3)
tests <- list(
  test_case("boot_paired", "s100b", "ndka", "bootstrap"),
  test_case("boot_paired_less", "wfns", "s100b", "bootstrap", alternative = "less"),
  test_case("boot_paired_nonstrat", "s100b", "ndka", "bootstrap", boot.stratified = FALSE),
  test_case("boot_design", "design_a", "design_b", "bootstrap"),
  test_case("boot_unpaired", "s100b_first", "ndka_last", "bootstrap"),
  test_case("boot_pauc", "s100b", "ndka", "bootstrap", partial = pauc_sp),
  test_case("boot_pauc_corrected", "s100b", "wfns", "bootstrap", partial = pauc_corr),
  test_case("sp_paired", "s100b", "ndka", "specificity", specificity = 0.9),
  test_case("se_paired", "s100b", "wfns", "sensitivity", sensitivity = 0.8,
            alternative = "greater"),
  test_case("sp_unpaired", "s100b_first", "ndka_last", "specificity", specificity = 0.75),
  test_case("venkatraman_paired", "s100b", "ndka", "venkatraman", boot.n = BIG_PERM),
  test_case("venkatraman_design", "design_a", "design_b", "venkatraman", boot.n = BIG_PERM),
  test_case("venkatraman_unpaired", "s100b_first", "ndka_last", "venkatraman",
            boot.n = BIG_PERM)
)

# pROC's Obuchowski covariance of a curve with itself is not its Obuchowski variance
obuchowski_self <- list(curve = "s100b",
                        cov = as.numeric(cov(curves$s100b, curves$s100b, method = "obuchowski")),
                        var = as.numeric(var(curves$s100b, method = "obuchowski")))

fixtures <- list(
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  data = data, curves = curve_args,
  variances = variances, covariances = covariances, powers = powers,
  auc_exact = list(ncontrols = 40, ncases = 30, power = 0.9, sig_level = 0.05,
                   auc = auc_exact),
  tests = tests, obuchowski_self = obuchowski_self
)
writeLines(toJSON(fixtures, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  pretty = TRUE),
           out_path)
cat("wrote", out_path, "\n")
