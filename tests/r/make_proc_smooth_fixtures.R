# Writes tests/r/proc_smooth_fixtures.json: what pROC 1.18.0's smooth() returns and
# prints for the curves tests/metrics/test_roc_smooth.py checks (methods "binormal"
# and "density": the smoothed sensitivities and specificities, the AUC, partial AUCs,
# the binormal model's coefficients and the printed lines), and the errors it stops
# with on curves that cannot be smoothed.
#
#   Rscript tests/r/make_proc_smooth_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with pROC and jsonlite (Debian: r-base-core r-cran-proc r-cran-jsonlite).
# CI has no R: the tests read the JSON, which holds the data too (pROC's aSAH data
# set and the simulated and designed cases below).
#
# Encoding, as make_proc_fixtures.R: input data are strings with 17 significant
# digits (sprintf("%.17g")), so the Python side sees exactly the doubles R saw; labels
# keep their JSON type. Results are numbers with jsonlite's digits = NA (15
# significant digits, enough for the tests' relative tolerance of 1e-9). Printed
# output is one string per line, as capture.output() returns it.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("pROC") == "1.18.0")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "proc_smooth_fixtures.json")

exact <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x) || is.integer(x) || is.character(x)) return(x)
  ifelse(is.na(x), "NA", sprintf("%.17g", x))
}

# pROC's printed output names the variables of the call, so every curve is built by a
# call naming them (response = <response_name>, predictor = <predictor_name>).
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

PAUC <- list(
  list(range = c(1, 0.9), focus = "specificity", correct = FALSE),
  list(range = c(0.9, 0.6), focus = "sensitivity", correct = FALSE),
  list(range = c(1, 0.8), focus = "specificity", correct = TRUE)
)

partials <- function(s, percent) {
  lapply(PAUC, function(p) {
    range <- if (percent) p$range * 100 else p$range
    value <- suppressWarnings(auc(s, partial.auc = range, partial.auc.focus = p$focus,
                                  partial.auc.correct = p$correct))
    list(range = range, focus = p$focus, correct = p$correct,
         value = if (is.na(value)) NULL else as.numeric(value),
         printed = capture.output(print(value)))
  })
}

# one smoothing of a curve: the arguments as the Python side passes them, and pROC's
# results
smoothing <- function(r, label, percent, ...) {
  s <- smooth(r, ...)
  a <- list(...)
  list(
    label = label,
    args = a[setdiff(names(a), c("density.controls", "density.cases"))],
    density_controls = if (is.null(a$density.controls)) NULL else exact(a$density.controls),
    density_cases = if (is.null(a$density.cases)) NULL else exact(a$density.cases),
    sensitivities = as.numeric(s$sensitivities),
    specificities = as.numeric(s$specificities),
    auc = as.numeric(s$auc),
    coefficients = if (is.null(s$model)) NULL else unname(as.numeric(coef(s$model))),
    partial = partials(s, percent),
    printed = capture.output(print(s))
  )
}

curve_case <- function(name, response, predictor, smoothings, response_name = "y_true",
                       predictor_name = "y_score", direction = NULL, percent = FALSE) {
  r <- build(response, predictor, response_name, predictor_name, direction, percent)
  list(
    name = name,
    response = exact(response), predictor = exact(predictor),
    response_name = response_name, predictor_name = predictor_name,
    direction_arg = direction, percent = percent,
    levels = exact(r$levels), direction = r$direction,
    roc_sensitivities_exact = exact(r$sensitivities),
    roc_specificities_exact = exact(r$specificities),
    smooth = lapply(smoothings, function(s) do.call(smoothing, c(list(r, s$label, percent),
                                                                 s$args)))
  )
}

sm <- function(label, ...) list(label = label, args = list(...))

# --- the data --------------------------------------------------------------------

data(aSAH)
outcome <- as.character(aSAH$outcome)
wfns <- as.numeric(as.character(aSAH$wfns))

set.seed(1)
norm_x <- rnorm(20)
norm_y <- rep(0:1, 10)          # auto direction ">" (controls score higher)

set.seed(20240515)
ties_y <- rep(c("neg", "pos"), times = c(35, 25))
ties_x <- c(sample(1:5, 35, replace = TRUE, prob = c(0.3, 0.3, 0.2, 0.1, 0.1)),
            sample(1:5, 25, replace = TRUE, prob = c(0.1, 0.15, 0.25, 0.25, 0.25)))

set.seed(7)
big_y <- rep(c("a", "b"), times = c(150, 100))
big_x <- c(rnorm(150, 0, 1), rnorm(100, 1.2, 1.5))

grid_controls <- dnorm(seq(-3, 5, length.out = 64), 0, 1)
grid_cases <- dnorm(seq(-3, 5, length.out = 64), 1.5, 1.2)

cases <- list(
  curve_case("asah_s100b", outcome, aSAH$s100b, list(
    sm("binormal"),
    sm("density", method = "density"),
    sm("density_adjust", method = "density", adjust = 2, n = 100),
    sm("density_epanechnikov_nrd", method = "density", bw = "nrd",
       kernel = "epanechnikov", n = 64)
  ), "outcome", "s100b"),
  curve_case("asah_ndka_gt", outcome, aSAH$ndka, list(
    sm("binormal_n50", n = 50),
    sm("density_bw_number", method = "density", bw = 3.5, n = 80),
    sm("density_biweight_cut", method = "density", kernel = "biweight", cut = 1, n = 70)
  ), "outcome", "ndka", direction = ">"),
  curve_case("normal_auto_gt", norm_y, norm_x, list(
    sm("binormal"),
    sm("density_adjust_1.5", method = "density", adjust = 1.5)
  ), "y", "x"),
  curve_case("ties", ties_y, ties_x, list(
    sm("binormal_n7", n = 7),
    sm("density_n60", method = "density", n = 60),
    sm("density_rectangular", method = "density", kernel = "rectangular", n = 40),
    sm("density_triangular", method = "density", kernel = "triangular", n = 40),
    sm("density_cosine", method = "density", kernel = "cosine", n = 40),
    sm("density_optcosine", method = "density", kernel = "optcosine", n = 40)
  )),
  curve_case("asah_wfns_percent", outcome, wfns, list(
    sm("binormal"),
    sm("density", method = "density", n = 128)
  ), "outcome", "wfns", percent = TRUE),
  curve_case("big_normal", big_y, big_x, list(
    sm("binormal_n1000", n = 1000),
    sm("density_n1000", method = "density", n = 1000)
  )),
  # a curve whose binormal line is flat: R's slope is round-off (about -2e-16)
  curve_case("flat_binormal", rep(0:1, each = 4), c(0.1, 0.3, 0.35, 0.6, 0.4, 0.5, 0.8, 0.9),
             list(sm("binormal_n5", n = 5))),
  curve_case("given_densities", big_y, big_x, list(
    sm("density_given", method = "density", density.controls = grid_controls,
       density.cases = grid_cases)
  ))
)

# --- curves pROC will not smooth --------------------------------------------------

failure <- function(name, response, predictor, method = "binormal") {
  r <- build(response, predictor, "y_true", "y_score", NULL, FALSE)
  msg <- tryCatch({
    smooth(r, method = method)
    NULL
  }, error = function(e) conditionMessage(e))
  stopifnot(!is.null(msg))
  list(name = name, response = exact(response), predictor = exact(predictor),
       method = method, error = msg)
}

failures <- list(
  # every point has sensitivity or specificity 0 or 1: no finite probit
  failure("perfect", rep(c("x", "y"), each = 5), c(1:5, 6:10)),
  # the points inside the square all have sensitivity 1/2: the slope is NA
  failure("one_sensitivity", c(rep("x", 6), "y", "y"), c(2:7, 1, 10)),
  # one point inside the square
  failure("one_point", c("x", "x", "y", "y"), c(1, 3, 2, 4))
)

# --- R's density() itself, which smooth.roc.density calls ---------------------------

density_case <- function(.name, .x, ...) {  # dotted: n = would match name
  d <- density(.x, ...)
  a <- list(...)
  list(name = .name, x_data = exact(.x), args = if (length(a)) a else NULL,
       x = exact(d$x), y = as.numeric(d$y), bw = as.numeric(d$bw))
}

set.seed(3)
dx <- rnorm(37)
densities <- list(
  density_case("defaults", dx),
  density_case("nrd_epanechnikov_from_to_n700", dx, bw = "nrd", adjust = 1.7,
               kernel = "epanechnikov", n = 700, from = -2, to = 5),
  density_case("bw_number_biweight_n100", dx, bw = 0.3, kernel = "biweight", n = 100),
  density_case("iqr_zero_cosine", c(1, 1, 1, 2), kernel = "cosine"),
  density_case("cut_1_optcosine", dx, kernel = "optcosine", cut = 1, n = 64)
)
bandwidths <- list(
  list(x = exact(dx), nrd0 = bw.nrd0(dx), nrd = bw.nrd(dx)),
  list(x = exact(c(2, 2, 2)), nrd0 = bw.nrd0(c(2, 2, 2)), nrd = bw.nrd(c(2, 2, 2))),
  list(x = exact(c(0, 0)), nrd0 = bw.nrd0(c(0, 0)), nrd = bw.nrd(c(0, 0))),
  list(x = exact(c(1, 1, 1, 5, 9)), nrd0 = bw.nrd0(c(1, 1, 1, 5, 9)),
       nrd = bw.nrd(c(1, 1, 1, 5, 9)))
)

fixtures <- list(
  r_version = R.version.string,
  proc_version = as.character(packageVersion("pROC")),
  cases = cases, failures = failures, densities = densities, bandwidths = bandwidths
)
writeLines(toJSON(fixtures, auto_unbox = TRUE, digits = NA, na = "null", null = "null",
                  pretty = TRUE),
           out_path)
cat("wrote", out_path, "\n")
