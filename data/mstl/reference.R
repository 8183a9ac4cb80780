# Reference values for sql/forecast_mstl.sql and bench/mstl.sh, written by
# R 4.2 with forecast 8.20 (Debian r-cran-forecast):
#   cd data/mstl && Rscript reference.R
# taylor: half-hourly electricity demand in England and Wales, 5 June to
# 27 August 2000 (Taylor 2003, J. Operational Research Society 54:799-805),
# as shipped with the R package forecast (GPL-3).
suppressMessages(library(forecast))
stopifnot(packageVersion("forecast") == "8.20")
num <- function(x) formatC(x, digits = 17, format = "g")
y <- as.numeric(taylor)
write.csv(data.frame(t = seq_along(y), value = y), "taylor.csv", row.names = FALSE)
d <- mstl(msts(y, seasonal.periods = c(48, 336)))
out <- data.frame(t = seq_along(y), trend = num(d[, "Trend"]),
                  seasonal48 = num(d[, "Seasonal48"]),
                  seasonal336 = num(d[, "Seasonal336"]),
                  remainder = num(d[, "Remainder"]))
con <- gzfile("taylor_mstl_r.csv.gz", "w")
write.csv(out, con, row.names = FALSE, quote = FALSE)
close(con)
f <- forecast(d, h = 336, level = c(80, 95))
write.csv(data.frame(step = 1:336, mean = num(f$mean),
                     lower80 = num(f$lower[, 1]), upper80 = num(f$upper[, 1]),
                     lower95 = num(f$lower[, 2]), upper95 = num(f$upper[, 2])),
          "taylor_forecast_r.csv", row.names = FALSE, quote = FALSE)
cat("ETS model of the seasonally adjusted series:", f$model$method, "\n")
# method "arima": auto.arima(seasonal = FALSE) on the seasonally adjusted
# series (forecast.stl), for 'mstl:arima'
fa <- forecast(d, h = 336, level = 95, method = "arima")
write.csv(data.frame(step = 1:336, mean = num(fa$mean),
                     lower95 = num(fa$lower[, 1]), upper95 = num(fa$upper[, 1])),
          "taylor_forecast_arima_r.csv", row.names = FALSE, quote = FALSE)
cat("ARIMA model of the seasonally adjusted series:", fa$method, "\n")
