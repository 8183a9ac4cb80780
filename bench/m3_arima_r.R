# m3_arima_r.R
#   R's forecast::auto.arima() on M3 series, the peer of bench/m3_arima.c.
#
#   Rscript bench/m3_arima_r.R FLATFILE STEP OUT.csv
#
# FLATFILE has one series per line (id,category,frequency,h,n,train...,
# test..., see bench/m3_flat.awk).  Every STEP-th series is fitted with the
# defaults, forecast h steps; OUT.csv gets the same columns as m3_arima.c.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
lines <- readLines(args[1])
step <- as.integer(args[2])
out <- file(args[3], "w")
cat("id,category,p,d,q,P,D,Q,constant,loglik,sigma2,aicc,smape,mase,cpu,forecasts\n", file = out)
for (i in seq(1, length(lines), by = step)) {
  f <- strsplit(lines[i], ",")[[1]]
  freq <- as.integer(f[3]); h <- as.integer(f[4]); n <- as.integer(f[5])
  v <- as.numeric(f[-(1:5)])
  y <- ts(v[1:n], frequency = freq)
  yt <- v[n + 1:h]
  t0 <- proc.time()[["user.self"]]
  fit <- tryCatch(auto.arima(y), error = function(e) NULL)
  fc <- if (is.null(fit)) NULL else forecast(fit, h = h)$mean
  cpu <- proc.time()[["user.self"]] - t0
  if (is.null(fc)) {
    cat(sprintf("%s,%s,,,,,,,,,,,,,%.6f,\n", f[1], f[2], cpu), file = out)
    next
  }
  a <- fit$arma
  cst <- as.integer(any(names(fit$coef) %in% c("intercept", "drift")))
  scale <- mean(abs(diff(v[1:n], lag = freq)))
  smape <- mean(200 * abs(yt - fc) / (abs(yt) + abs(fc)))
  mase <- mean(abs(yt - fc)) / scale
  cat(sprintf("%s,%s,%d,%d,%d,%d,%d,%d,%d,%.10g,%.10g,%.10g,%.8g,%.8g,%.6f,%s\n",
              f[1], f[2], a[1], a[6], a[2], a[3], a[7], a[4], cst,
              fit$loglik, fit$sigma2, fit$aicc, smape, mase, cpu,
              paste(sprintf("%.12g", fc), collapse = ";")), file = out)
}
close(out)
