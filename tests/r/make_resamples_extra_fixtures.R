# Writes tests/r/resamples_extra_fixtures.json: what caret's modelCor() and
# compare_models() return and print, R's density() that caret's densityplot draws, what caret's confusionMatrix() returns and
# prints for a table of zeros, and what R's p.adjust() returns with its n argument,
# for the cases tests/model_selection/test_resamples_extra.py and
# tests/metrics/test_caret_parity.py check.
#
#   Rscript tests/r/make_resamples_extra_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret (and MASS for its "lda" models) and jsonlite (Debian:
# r-base-core r-cran-caret r-cran-jsonlite). CI has no R: the tests read the JSON.
#
# Encoding: every number, input or result, is a string with 17 significant digits
# (sprintf("%.17g")), so the Python side sees exactly the doubles R saw; R's NA is
# the string "NA" and NaN the string "NaN" (caret tells the two apart and prints them
# differently). Printed output is one string per line, as capture.output() returns it.

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("caret") == "6.0.93")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "resamples_extra_fixtures.json")

exact <- function(x) sprintf("%.17g", as.numeric(x))  # NA -> "NA", NaN -> "NaN"

folds <- function(k) paste0("Fold", gsub(" ", "0", format(seq_len(k))))

# A resamples object with the structure resamples.default gives (its methods read
# only $values, $models and $metrics); values: model -> metric -> one number per fold.
make_resamples <- function(values, metrics) {
  models <- names(values)
  k <- length(values[[1]][[metrics[1]]])
  df <- data.frame(Resample = folds(k), stringsAsFactors = FALSE)
  for (m in models) for (metric in metrics) df[[paste(m, metric, sep = "~")]] <- values[[m]][[metric]]
  structure(list(call = quote(resamples.default(x = models)), values = df, models = models,
                 metrics = metrics, methods = setNames(models, models)),
            class = "resamples")
}

values_json <- function(rs) lapply(as.list(rs$values), function(col) {
  if (is.character(col)) col else exact(col)
})

matrix_json <- function(m) list(
  rows = rownames(m), columns = colnames(m),
  values = lapply(seq_len(nrow(m)), function(i) exact(m[i, ]))
)

warnings_of <- function(expr) {
  caught <- character()
  value <- withCallingHandlers(expr, warning = function(w) {
    caught <<- c(caught, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = caught)
}

# --- modelCor ----------------------------------------------------------------

set.seed(20261203)
k <- 10
four <- list(
  cnn = list(Accuracy = round(runif(k, 0.90, 0.97), 4), Kappa = round(runif(k, 0.80, 0.94), 4)),
  logreg = list(Accuracy = round(runif(k, 0.84, 0.92), 4), Kappa = round(runif(k, 0.68, 0.84), 4)),
  rf = list(Accuracy = round(runif(k, 0.86, 0.94), 4), Kappa = round(runif(k, 0.72, 0.88), 4)),
  svm = list(Accuracy = round(runif(k, 0.88, 0.95), 4), Kappa = round(runif(k, 0.76, 0.90), 4))
)
# ties for Spearman and Kendall
four$rf$Accuracy[c(2, 5)] <- four$rf$Accuracy[7]
four$svm$Accuracy[c(1, 3)] <- four$svm$Accuracy[9]
rs_four <- make_resamples(four, c("Accuracy", "Kappa"))

with_na <- four
with_na$logreg$Accuracy[3] <- NA
with_na$rf$Accuracy[8] <- NA
rs_na <- make_resamples(with_na, c("Accuracy", "Kappa"))

constant <- four[c("cnn", "logreg")]
constant$logreg$Accuracy <- rep(0.9, k)
rs_constant <- make_resamples(constant, c("Accuracy", "Kappa"))

model_cor_case <- function(name, rs, metric = NULL, method = NULL, use = NULL) {
  cl <- list(rs)
  if (!is.null(metric)) cl$metric <- metric
  if (!is.null(method)) cl$method <- method
  if (!is.null(use)) cl$use <- use
  result <- warnings_of(do.call(modelCor, cl))
  list(name = name, data = name_of[[name]], metric = metric, method = method, use = use,
       cor = matrix_json(result$value), warnings = result$warnings)
}

name_of <- list()
cases <- list(
  list("default", rs_four), list("kappa", rs_four, "Kappa"),
  list("spearman", rs_four, NULL, "spearman"), list("kendall", rs_four, NULL, "kendall"),
  list("kendall_kappa", rs_four, "Kappa", "kendall"),
  list("na_everything", rs_na), list("na_complete", rs_na, NULL, NULL, "complete.obs"),
  list("na_pairwise", rs_na, NULL, NULL, "pairwise.complete.obs"),
  list("na_pairwise_spearman", rs_na, NULL, "spearman", "pairwise.complete.obs"),
  list("na_complete_kendall", rs_na, NULL, "kendall", "complete.obs"),
  list("constant", rs_constant)
)
data_name <- c(default = "four", kappa = "four", spearman = "four", kendall = "four",
               kendall_kappa = "four", na_everything = "with_na", na_complete = "with_na",
               na_pairwise = "with_na", na_pairwise_spearman = "with_na",
               na_complete_kendall = "with_na", constant = "constant")
name_of <- as.list(data_name)
model_cor <- lapply(cases, function(a) {
  model_cor_case(a[[1]], a[[2]], if (length(a) > 2) a[[3]], if (length(a) > 3) a[[4]],
                 if (length(a) > 4) a[[5]])
})

# --- R's density() with its defaults, as caret's densityplot draws it ----------

density_cases <- lapply(names(four), function(model) {
  x <- four[[model]]$Accuracy
  d <- density(x)
  list(model = model, metric = "Accuracy", bw = exact(bw.nrd0(x)), bw_density = exact(d$bw),
       x = exact(d$x), y = exact(d$y))
})

# --- compare_models: two caret train objects on the same folds ----------------

two_class <- droplevels(subset(iris, Species != "setosa"))
set.seed(7)
index <- createFolds(two_class$Species, k = 10, returnTrain = TRUE)
control <- trainControl(method = "cv", index = index)
fit_lda <- train(Species ~ ., data = two_class, method = "lda", trControl = control)
fit_glm <- suppressWarnings(
  train(Species ~ ., data = two_class, method = "glm", trControl = control)
)

resample_json <- function(fit) {
  r <- fit$resample[order(fit$resample$Resample), ]
  list(Resample = r$Resample, Accuracy = exact(r$Accuracy), Kappa = exact(r$Kappa))
}

htest_json <- function(h) list(
  statistic = exact(h$statistic), parameter = exact(h$parameter),
  p_value = exact(h$p.value), conf_int = exact(h$conf.int),
  conf_level = exact(attr(h$conf.int, "conf.level")), estimate = exact(h$estimate),
  null_value = exact(h$null.value), stderr = exact(h$stderr),
  alternative = h$alternative, method = h$method, data_name = h$data.name,
  print = I(capture.output(print(h)))
)

compare <- list(
  models = list(lda = resample_json(fit_lda), glm = resample_json(fit_glm)),
  accuracy = htest_json(compare_models(fit_lda, fit_glm)),
  kappa = htest_json(compare_models(fit_lda, fit_glm, metric = "Kappa")),
  reversed = htest_json(compare_models(fit_glm, fit_lda))
)

# the htest objects of diff(resamples) for three models: Bonferroni widens the
# confidence level to 1 - 0.05 / 3
three <- four[c("cnn", "logreg", "rf")]
rs_three <- make_resamples(three, c("Accuracy", "Kappa"))
d <- diff(rs_three)
diff_tests <- list(
  values = values_json(rs_three),
  tests = lapply(d$statistics, function(per_metric) lapply(per_metric, htest_json))
)

# --- confusionMatrix of a table of zeros ---------------------------------------

zero_case <- function(levels, positive = NULL, mode = "sens_spec", prevalence = NULL) {
  m <- as.table(matrix(0L, length(levels), length(levels),
                       dimnames = list(Prediction = levels, Reference = levels)))
  cl <- list(m, mode = mode)
  if (!is.null(positive)) cl$positive <- positive
  if (!is.null(prevalence)) cl$prevalence <- prevalence
  cm <- do.call(confusionMatrix, cl)
  by_class <- if (is.matrix(cm$byClass)) {
    lapply(seq_len(nrow(cm$byClass)), function(i) as.list(exact(cm$byClass[i, ])))
  } else list(as.list(exact(cm$byClass)))
  by_class <- lapply(by_class, function(row) setNames(row, colnames(rbind(cm$byClass))))
  list(levels = levels, positive = positive, mode = mode,
       prevalence = if (is.null(prevalence)) NULL else exact(prevalence),
       prevalence_names = names(prevalence),
       overall = as.list(setNames(exact(cm$overall), names(cm$overall))),
       by_class = by_class, print = I(capture.output(print(cm))))
}

zero_tables <- list(
  two = zero_case(c("a", "b")),
  two_second = zero_case(c("no", "yes"), positive = "yes", mode = "everything"),
  two_prevalence = zero_case(c("a", "b"), prevalence = 0.25),
  three = zero_case(c("a", "b", "c")),
  three_prec_recall = zero_case(c("x", "y", "z"), mode = "prec_recall")
)

# --- p.adjust with n ---------------------------------------------------------

p <- c(0.012, 0.031, NA, 0.0004, 0.25, 0.049, 0.8, 0.031)
p_adjust_cases <- list()
for (method in p.adjust.methods) {
  for (n in c(NA, 7, 8, 12, 40)) {
    value <- if (is.na(n)) p.adjust(p, method) else p.adjust(p, method, n = n)
    p_adjust_cases[[length(p_adjust_cases) + 1]] <- list(
      method = method, n = if (is.na(n)) NULL else n, adjusted = exact(value)
    )
  }
}
# three or two p-values with n larger: hommel turns to hochberg only when n == 2
small <- list(c(0.02, 0.04), c(0.03))
for (q in small) for (method in c("hommel", "hochberg", "holm", "BY")) for (n in c(2, 3, 5)) {
  p_adjust_cases[[length(p_adjust_cases) + 1]] <- list(
    method = method, n = n, p = I(exact(q)), adjusted = I(exact(p.adjust(q, method, n = n)))
  )
}
too_small <- tryCatch(p.adjust(p, "holm", n = 3), error = conditionMessage)

fixtures <- list(
  r_version = R.version.string,
  caret_version = as.character(packageVersion("caret")),
  model_cor = list(
    data = list(four = values_json(rs_four), with_na = values_json(rs_na),
                constant = values_json(rs_constant)),
    cases = model_cor
  ),
  density = density_cases,
  compare_models = compare,
  diff_tests = diff_tests,
  zero_tables = zero_tables,
  p_adjust = list(p = exact(p), cases = p_adjust_cases, n_too_small_error = too_small)
)

writeLines(
  toJSON(fixtures, digits = NA, na = "string", auto_unbox = TRUE, null = "null", pretty = TRUE),
  out_path
)
cat("wrote", out_path, "\n")
