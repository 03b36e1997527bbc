# Writes tests/r/train_fixtures.json: what caret 6.0-93's train() returns and prints
# for the cases tests/model_selection/test_train_report.py rebuilds in scikit-learn
# (skcnn.model_selection.train_report).
#
#   Rscript tests/r/make_train_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret and jsonlite (Debian: r-base-core r-cran-caret r-cran-jsonlite).
# CI has no R: the tests read the JSON, which holds the data and the folds too.
#
# The data: iris with every measurement moved by a small uniform jitter (seeded).
# caret's knn (knn3Train, knnregTrain, as class::knn) puts in the vote every training
# row whose distance is within a relative 1e-4 of the k-th nearest, and breaks tied
# votes at random, while scikit-learn's KNeighborsClassifier/Regressor takes exactly
# k rows and the first class of a tied vote. iris has duplicated rows and
# measurements to 0.1 cm, so its distances tie often; after the jitter no two
# distances from a row are equal (checked below), and for the folds and k grids
# below no near-tie reaches the k-th neighbour and no vote ties (k = 9 in the
# regression case did meet a near-tie, so that grid skips it). caret's per-fold
# predictions are written out and the tests check that scikit-learn predicts the
# same in every fold, so the comparison of the scores is a comparison of the
# reporting alone.

# The folds are built here (createFolds, createMultiFolds, createResample) and given
# to trainControl(index = ...), so both sides use the very same rows; index lists
# are 1-based, as R writes them.
#
# Encoding: numeric input data are strings with 17 significant digits
# (sprintf("%.17g")), so the Python side sees exactly the doubles R saw. Results are
# numbers with jsonlite's digits = NA (15 significant digits), R's NA as the string
# "NA". Printed output is one string per line, as capture.output() returns it.

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 7, width = 80, scipen = 0)
stopifnot(packageVersion("caret") == "6.0.93")

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "train_fixtures.json")

exact <- function(x) sprintf("%.17g", x)

set.seed(20240611)
data <- iris
for (j in 1:4) data[[j]] <- data[[j]] + runif(nrow(data), -0.05, 0.05)

# no two rows at the same distance from any row
no_distance_ties <- function(x) {
  d <- as.matrix(dist(x))
  all(apply(d, 1, function(r) !anyDuplicated(r)))
}
x_class <- data[, 1:4]
stopifnot(no_distance_ties(x_class))
x_reg <- data[, 2:4]
stopifnot(no_distance_ties(x_reg))

index_out <- function(index, n) lapply(index, function(i) setdiff(seq_len(n), i))

run_case <- function(name, x, y, index, method, grid, metric, number = NA, repeats = NA,
                     model = "knn") {
  n <- nrow(x)
  args <- list(method = method, index = index, indexOut = index_out(index, n),
               savePredictions = "all")
  if (!is.na(number)) args$number <- number
  if (!is.na(repeats)) args$repeats <- repeats
  ctrl <- do.call(trainControl, args)
  set.seed(1)
  fit <- train(x, y, method = model, tuneGrid = grid, trControl = ctrl, metric = metric)
  preds <- fit$pred
  list(
    name = name,
    model = model,
    control_method = method,
    metric = metric,
    index = lapply(unname(index), I),
    index_names = I(names(index)),
    index_out = lapply(unname(index_out(index, n)), I),
    grid = lapply(as.list(grid), I),
    results = lapply(as.list(fit$results), I),
    resample = lapply(as.list(fit$resample), I),
    best_tune = lapply(as.list(fit$bestTune), I),
    predictions = list(
      param = I(preds[[names(grid)[1]]]),
      row = I(preds$rowIndex),
      resample = I(as.character(preds$Resample)),
      pred = I(if (is.factor(preds$pred)) as.character(preds$pred) else exact(preds$pred))
    ),
    print = I(capture.output(print(fit))),
    print_sd = I(capture.output(print(fit, showSD = TRUE)))
  )
}

k_grid <- data.frame(k = c(1, 3, 5, 7, 9, 25, 35))

set.seed(1)
folds5 <- createFolds(data$Species, k = 5, returnTrain = TRUE)
set.seed(2)
folds10x3 <- createMultiFolds(data$Species, k = 10, times = 3)
set.seed(3)
folds_reg <- createFolds(data$Sepal.Length, k = 5, returnTrain = TRUE)
set.seed(4)
boots <- createResample(data$Sepal.Length, times = 25)

cases <- list(
  run_case("iris_knn_cv5", x_class, data$Species, folds5, "cv", k_grid, "Accuracy",
           number = 5),
  run_case("iris_knn_repeatedcv", x_class, data$Species, folds10x3, "repeatedcv",
           data.frame(k = c(5, 9, 13)), "Kappa", number = 10, repeats = 3),
  run_case("iris_knnreg_cv5", x_reg, data$Sepal.Length, folds_reg, "cv",
           data.frame(k = c(3, 5, 7, 11)), "RMSE", number = 5),
  # one candidate (lm's intercept is held constant), bootstrap resamples
  run_case("iris_lm_boot", x_reg, data$Sepal.Length, boots, "boot",
           data.frame(intercept = TRUE), "RMSE", model = "lm")
)

fixtures <- list(
  generated_by = "tests/r/make_train_fixtures.R",
  r_version = R.version.string,
  caret_version = as.character(packageVersion("caret")),
  data = list(
    columns = I(names(data)[1:4]),
    x = lapply(1:4, function(j) I(exact(data[[j]]))),
    species = I(as.character(data$Species))
  ),
  cases = cases
)

writeLines(
  toJSON(fixtures, digits = NA, na = "string", auto_unbox = TRUE, null = "null",
         pretty = TRUE),
  out_path
)
cat("wrote", out_path, "\n")
