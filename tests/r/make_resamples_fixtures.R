# Writes tests/r/resamples_fixtures.json: what caret's summary(resamples),
# diff(resamples) and summary(diff(resamples)) return and print, and what R's
# paired t.test returns, for the cases tests/model_selection/test_model_selection.py checks.
#
#   Rscript tests/r/make_resamples_fixtures.R   (from any directory; the JSON goes beside it)
#
# Needs R with caret and jsonlite (Debian: r-base-core r-cran-caret r-cran-jsonlite).
# CI has no R: the tests read the JSON.
#
# The per-resample values are written out below. caret's resamples() takes a list
# of train objects; its summary and diff methods only read the object's $values,
# $models, $metrics, $methods and $timings, so the object is built directly with
# that structure (as resamples.default does at its end).
#
# Encoding: numbers are written with jsonlite's digits = NA (15 significant
# digits; every input below has at most 4 decimals, so inputs are exact); R's NA
# is the string "NA" and NaN the string "NaN". Printed output is one string per
# line, as capture.output() returns it.

suppressPackageStartupMessages({
  library(caret)
  library(jsonlite)
})
options(digits = 7, width = 80, scipen = 0)

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_path <- file.path(dirname(normalizePath(script)), "resamples_fixtures.json")

# --- the cases ---------------------------------------------------------------

folds <- function(k) paste0("Fold", gsub(" ", "0", format(seq_len(k))))

# values: a named list, model -> list(metric -> numeric vector, one per fold)
make_resamples <- function(values, metrics = c("Accuracy", "Kappa")) {
  models <- names(values)
  k <- length(values[[1]][[metrics[1]]])
  df <- data.frame(Resample = folds(k), stringsAsFactors = FALSE)
  for (m in models) {
    for (metric in metrics) {
      df[[paste(m, metric, sep = "~")]] <- values[[m]][[metric]]
    }
  }
  structure(
    list(
      call = quote(resamples.default(x = models)),
      values = df,
      models = models,
      metrics = metrics,
      timings = data.frame(Everything = rep(NA_real_, length(models)),
                           FinalModel = rep(NA_real_, length(models)),
                           Prediction = rep(NA_real_, length(models))),
      methods = setNames(models, models)
    ),
    class = "resamples"
  )
}

two_models <- list(
  glmnet = list(
    Accuracy = c(0.9444, 0.9722, 0.9333, 0.9611, 0.9500, 0.9556, 0.9667, 0.9389, 0.9553, 0.9609),
    Kappa = c(0.9382, 0.9691, 0.9259, 0.9568, 0.9444, 0.9506, 0.9630, 0.9321, 0.9503, 0.9565)
  ),
  knn = list(
    Accuracy = c(0.9778, 0.9833, 0.9722, 0.9889, 0.9667, 0.9778, 0.9944, 0.9611, 0.9832, 0.9777),
    Kappa = c(0.9753, 0.9815, 0.9691, 0.9877, 0.9630, 0.9753, 0.9938, 0.9568, 0.9814, 0.9752)
  )
)

three_models <- list(
  lda = list(
    Accuracy = c(0.82, 0.86, 0.84, 0.80, 0.88, 0.85, 0.83, 0.87, 0.81, 0.84),
    Kappa = c(0.6312, 0.7105, 0.6744, 0.5987, 0.7561, 0.6930, 0.6601, 0.7388, 0.6154, 0.6790)
  ),
  rf = list(
    Accuracy = c(0.84, 0.85, 0.86, 0.83, 0.89, 0.86, 0.86, 0.88, 0.84, 0.85),
    Kappa = c(0.6720, 0.6952, 0.7199, 0.6570, 0.7788, 0.7177, 0.7201, 0.7601, 0.6745, 0.7003)
  ),
  svmRadial = list(
    Accuracy = c(0.93, 0.95, 0.94, 0.92, 0.96, 0.94, 0.95, 0.95, 0.93, 0.94),
    Kappa = c(0.8598, 0.8999, 0.8801, 0.8402, 0.9199, 0.8797, 0.9003, 0.9001, 0.8600, 0.8799)
  )
)

three_models_na <- three_models
three_models_na$svmRadial$Kappa[3] <- NA
three_models_na$rf$Accuracy[7] <- NA
three_models_na$lda$Kappa[10] <- NA

# One model wins by 0.2 on every fold, within 2e-4: p-values below 2.2e-16.
base <- c(0.70, 0.72, 0.71, 0.69, 0.73, 0.70, 0.71, 0.72, 0.70, 0.71)
clear_winner <- list(
  baseline = list(
    Accuracy = base,
    Kappa = c(0.4012, 0.4398, 0.4205, 0.3801, 0.4597, 0.4003, 0.4210, 0.4404, 0.3996, 0.4191)
  ),
  cnn = list(
    Accuracy = base + 0.2 + c(1, -1, 2, 0, -1, 1, 0, -2, 1, -1) * 1e-4,
    Kappa = c(0.4102, 0.4401, 0.4299, 0.3780, 0.4650, 0.4110, 0.4190, 0.4501, 0.3990, 0.4300)
  )
)

# Five folds ("Fold1", ...); model b's Kappa was never computed (all NA).
all_na_metric <- list(
  a = list(Accuracy = c(0.5, 0.625, 0.75, 0.5, 0.875), Kappa = c(0, 0.25, 0.5, 0, 0.75)),
  b = list(Accuracy = c(1, 1, 0.875, 1, 1), Kappa = rep(NA_real_, 5))
)

cases <- list(
  two_models = make_resamples(two_models),
  three_models = make_resamples(three_models),
  three_models_na = make_resamples(three_models_na),
  clear_winner = make_resamples(clear_winner),
  all_na_metric = make_resamples(all_na_metric)
)

# --- what caret returns and prints --------------------------------------------

matrix_rows <- function(m) lapply(seq_len(nrow(m)), function(i) unname(m[i, ]))

values_json <- function(rs) {
  v <- rs$values
  list(resample = I(v$Resample),
       columns = I(names(v)[-1]),
       data = lapply(names(v)[-1], function(n) I(v[[n]])))
}

summary_json <- function(rs) {
  s <- summary(rs)
  list(
    statistics = lapply(s$statistics, function(m) {
      list(rows = I(rownames(m)), cols = I(colnames(m)), data = matrix_rows(m))
    }),
    print = I(capture.output(print(s)))
  )
}

# R's paired t-test of every pair of models, per metric
paired_tests <- function(rs) {
  out <- list()
  for (metric in rs$metrics) {
    for (i in seq_along(rs$models)) {
      for (j in seq_along(rs$models)) {
        if (i < j) {
          x <- rs$values[[paste(rs$models[i], metric, sep = "~")]]
          y <- rs$values[[paste(rs$models[j], metric, sep = "~")]]
          tt <- t.test(x, y, paired = TRUE)
          out[[length(out) + 1]] <- list(
            metric = metric, left = rs$models[i], right = rs$models[j],
            statistic = unname(tt$statistic), df = unname(tt$parameter),
            p_value = tt$p.value, conf_int = I(as.numeric(tt$conf.int)),
            estimate = unname(tt$estimate)
          )
        }
      }
    }
  }
  out
}

# Nadeau and Bengio's corrected resampled t-test, written out from the paper:
# the variance of the mean difference is (1/k + n_test/n_train) * var(d).
corrected_tests <- function(rs, ratio, conf_level) {
  out <- list()
  for (metric in rs$metrics) {
    for (i in seq_along(rs$models)) {
      for (j in seq_along(rs$models)) {
        if (i < j) {
          d <- rs$values[[paste(rs$models[i], metric, sep = "~")]] -
            rs$values[[paste(rs$models[j], metric, sep = "~")]]
          d <- d[!is.na(d)]
          k <- length(d)
          se <- sqrt((1 / k + ratio) * var(d))
          t <- mean(d) / se
          q <- qt(1 - (1 - conf_level) / 2, k - 1)
          out[[length(out) + 1]] <- list(
            metric = metric, left = rs$models[i], right = rs$models[j],
            estimate = mean(d), statistic = t, df = k - 1,
            p_value = 2 * pt(-abs(t), k - 1),
            conf_int = I(c(mean(d) - q * se, mean(d) + q * se))
          )
        }
      }
    }
  }
  out
}

# caret's dotplot(resamples): t.test(x, conf.level = 0.95) of each model~metric
# column; where t.test stops, the limits are NA and the estimate is the mean
one_sample_tests <- function(rs) {
  lapply(names(rs$values)[-1], function(column) {
    x <- rs$values[[column]]
    tt <- try(t.test(x, conf.level = 0.95), silent = TRUE)
    if (inherits(tt, "htest")) {
      list(column = column, estimate = unname(tt$estimate),
           conf_int = I(as.numeric(tt$conf.int)))
    } else {
      list(column = column, estimate = mean(x, na.rm = TRUE), conf_int = I(c(NA, NA)))
    }
  })
}

diff_json <- function(case, adjustment = "bonferroni", conf_level = 0.95) {
  rs <- cases[[case]]
  d <- diff(rs, adjustment = adjustment, confLevel = conf_level)
  s <- summary(d)
  stats <- list()
  for (metric in names(d$statistics)) {
    pairs <- colnames(d$difs[[metric]])
    for (p in seq_along(pairs)) {
      tt <- d$statistics[[metric]][[p]]
      stats[[length(stats) + 1]] <- list(
        metric = metric, pair = pairs[p],
        estimate = unname(tt$estimate), statistic = unname(tt$statistic),
        df = unname(tt$parameter), p_value = tt$p.value,
        conf_int = I(as.numeric(tt$conf.int))
      )
    }
  }
  adjusted <- lapply(names(s$table), function(metric) {
    m <- length(rs$models)
    p <- matrix(NA_real_, m, m)
    index <- 0
    for (i in seq_len(m)) for (j in seq_len(m)) if (i < j) {
      index <- index + 1
      p[j, i] <- d$statistics[[metric]][[index]]$p.value
    }
    p[lower.tri(p)] <- p.adjust(p[lower.tri(p)], method = adjustment)
    est <- matrix(NA_real_, m, m)
    index <- 0
    for (i in seq_len(m)) for (j in seq_len(m)) if (i < j) {
      index <- index + 1
      est[i, j] <- d$statistics[[metric]][[index]]$estimate
    }
    list(metric = metric, estimates = matrix_rows(est), p_values = matrix_rows(p),
         table = matrix_rows(unname(s$table[[metric]])))
  })
  list(
    case = case, adjustment = adjustment, conf_level = conf_level,
    diff_conf_level = d$confLevel,
    differences = lapply(d$difs, function(m) {
      list(cols = I(colnames(m)), data = lapply(seq_len(ncol(m)), function(j) I(m[, j])))
    }),
    statistics = stats,
    summary = adjusted,
    print = I(capture.output(print(s)))
  )
}

diffs <- list(
  diff_json("two_models"),
  diff_json("three_models"),
  diff_json("three_models", conf_level = 0.9),
  diff_json("three_models", adjustment = "none"),
  diff_json("three_models", adjustment = "holm"),
  diff_json("three_models", adjustment = "hochberg"),
  diff_json("three_models", adjustment = "hommel"),
  diff_json("three_models", adjustment = "BH"),
  diff_json("three_models", adjustment = "BY"),
  diff_json("three_models_na"),
  diff_json("clear_winner")
)

# p.adjust directly, on vectors with ties, NA and more p-values than a diff has
p_adjust_inputs <- list(
  c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04),
  c(0.5, NA, 0.001, 0.02),
  c(1e-20, 0.7, 0.049, 0.051, 0.3, 0.0001, 0.9, 0.02),
  c(0.3)
)
p_adjust_cases <- lapply(p_adjust_inputs, function(p) {
  methods <- c("bonferroni", "holm", "hochberg", "hommel", "BH", "BY", "fdr", "none")
  adjusted <- lapply(methods, function(m) I(p.adjust(p, method = m)))
  names(adjusted) <- methods
  list(p = I(p), adjusted = adjusted)
})

fixtures <- list(
  generated_by = "tests/r/make_resamples_fixtures.R",
  r_version = R.version.string,
  caret_version = as.character(packageVersion("caret")),
  na_encoding = "R NA -> \"NA\", R NaN -> \"NaN\"",
  cases = lapply(names(cases), function(name) {
    rs <- cases[[name]]
    list(
      name = name,
      models = I(rs$models),
      metrics = I(rs$metrics),
      values = values_json(rs),
      print = I(capture.output(print(rs))),
      summary = summary_json(rs),
      paired_t_tests = if (name == "all_na_metric") NULL else paired_tests(rs),
      corrected_t_tests = if (name == "all_na_metric") NULL else
        corrected_tests(rs, ratio = 1 / 9, conf_level = 0.95),
      one_sample_t_tests = one_sample_tests(rs)
    )
  }),
  diffs = diffs,
  p_adjust = p_adjust_cases
)

writeLines(
  toJSON(fixtures, digits = NA, na = "string", auto_unbox = TRUE, null = "null",
         pretty = TRUE),
  out_path
)
cat("wrote", out_path, "\n")
