# m3_ets_r.R
#   R's forecast::ets() on M3 series, for comparison with bench/m3_ets.c.
#
#   Rscript bench/m3_ets_r.R [DATADIR] [STEP] [OUT.csv]
#
# Fits ets() (defaults: model "ZZZ", AICc) to every STEP-th series (default
# 10, i.e. 301 series spread over the four categories), forecasts the
# official horizon with a 95% interval, writes one line per series (chosen
# model, parameters, log-likelihood, AICc, sigma2, sMAPE, MASE, interval
# hits) to OUT.csv and prints the CPU time per series.  The C driver writes
# the same columns (bench/m3_ets -o FILE) so the two can be joined by id.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "/work/shared/data/forecast/m3"
step <- if (length(args) >= 2) as.integer(args[2]) else 10L
out <- if (length(args) >= 3) args[3] else "m3_ets_r.csv"

info <- read.csv(file.path(dir, "m3_info.csv"), stringsAsFactors = FALSE)
train <- read.csv(file.path(dir, "m3_train.csv"), stringsAsFactors = FALSE)
test <- read.csv(file.path(dir, "m3_test.csv"), stringsAsFactors = FALSE)
tr <- split(train$value, train$id)
te <- split(test$value, test$id)

ids <- info$id[seq(1, nrow(info), by = step)]
rows <- list()
elapsed <- 0
for (id in ids) {
  i <- match(id, info$id)
  f <- info$frequency[i]
  y <- ts(tr[[id]], frequency = f)
  yt <- te[[id]]
  h <- info$h[i]
  t0 <- proc.time()[["user.self"]]
  fit <- ets(y)
  fc <- forecast(fit, h = h, level = 95)
  elapsed <- elapsed + proc.time()[["user.self"]] - t0
  comp <- fit$components
  code <- paste0(comp[1], comp[2], ifelse(comp[4] == "TRUE", "d", ""), comp[3])
  par <- fit$par
  g <- function(nm) if (is.na(par[nm])) NA else unname(par[nm])
  n <- length(y)
  scale <- mean(abs(diff(as.numeric(y), lag = f)))
  mean_fc <- as.numeric(fc$mean)
  rows[[length(rows) + 1]] <- data.frame(
    id = id, model = code, alpha = g("alpha"), beta = g("beta"),
    gamma = g("gamma"), phi = g("phi"), loglik = fit$loglik,
    aicc = fit$aicc, sigma2 = fit$sigma2,
    smape = mean(200 * abs(yt - mean_fc) / (abs(yt) + abs(mean_fc))),
    mase = mean(abs(yt - mean_fc)) / scale,
    hits = sum(yt >= fc$lower[, 1] & yt <= fc$upper[, 1]), h = h)
}
res <- do.call(rbind, rows)
write.csv(res, out, row.names = FALSE)
cat(sprintf("R ets(): %d series, %.2f s CPU, %.1f ms per series\n",
            nrow(res), elapsed, 1000 * elapsed / nrow(res)))
