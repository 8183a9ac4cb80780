# Prophet (Debian r-cran-prophet 1.0) on the sample company's held-back
# days, for bench/sample_regressors.sh: defaults (weekly seasonality; the
# yearly one needs two years of history, which 675 days are not), with the
# holidays of sample.holiday as its holidays table (one effect per name)
# and the promotion discount as an extra regressor, and without both.
# usage: Rscript sample_prophet.R series.csv holidays.csv out.csv
# series.csv: sku_id, day, qty, train (1/0), promo; prints prophet_cpu_s.
suppressMessages(library(prophet))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("integer", "Date", "numeric", "integer", "numeric"))
d$train <- d$train == 1
h <- read.csv(args[2], colClasses = c("character", "Date"))
hol <- data.frame(holiday = h$name, ds = h$day, lower_window = 0, upper_window = 0)
out <- NULL
cpu <- 0
for (id in unique(d$sku_id)) {
	s <- d[d$sku_id == id, ]
	tr <- data.frame(ds = s$day[s$train], y = s$qty[s$train], promo = s$promo[s$train])
	fu <- data.frame(ds = s$day[!s$train], promo = s$promo[!s$train])
	t0 <- proc.time()[["user.self"]]
	for (withx in c(TRUE, FALSE)) {
		if (withx) {
			m <- prophet(holidays = hol, daily.seasonality = FALSE, fit = FALSE)
			if (any(tr$promo != 0)) m <- add_regressor(m, "promo")
		} else {
			m <- prophet(daily.seasonality = FALSE, fit = FALSE)
		}
		m <- suppressMessages(fit.prophet(m, tr))
		p <- predict(m, fu)
		out <- rbind(out, data.frame(sku_id = id, method = if (withx) "prophet+x" else "prophet",
		                             step = seq_len(nrow(fu)), point = p$yhat))
	}
	cpu <- cpu + proc.time()[["user.self"]] - t0
}
write.csv(out, args[3], row.names = FALSE)
cat(sprintf("prophet_cpu_s %.1f\n", cpu))
