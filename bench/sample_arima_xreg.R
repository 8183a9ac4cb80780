# R's forecast 8.20 on promoted series of the sample company, for
# bench/sample_regressors.sh: auto.arima(y, xreg = X) against our choice,
# and Arima() at our orders against our coefficients (1e-4 relative).
# usage: Rscript sample_arima_xreg.R rseries.csv ours.csv
# rseries.csv: sku_id, t, y, xreg row (space-separated);
# ours.csv: sku_id, p, d, q, P, D, Q, has intercept, has drift,
# coefficients (JSON object), loglik.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("integer", "integer", "numeric", "character"))
o <- read.csv(args[2], colClasses = c("integer", rep("integer", 6), "character", "character",
                                      "character", "numeric"))
# our coefficients from {"ar1": 0.1, "xreg1": 2, ...}
parse_coef <- function(js) {
	js <- gsub("[{}\" ]", "", js)
	kv <- strsplit(strsplit(js, ",")[[1]], ":")
	setNames(as.numeric(sapply(kv, `[`, 2)), sapply(kv, `[`, 1))
}
cpu <- 0
same_orders <- 0
worst <- 0
cat("sku_id | ours | R auto.arima | loglik ours / R at our orders | largest relative coefficient difference\n")
for (i in seq_len(nrow(o))) {
	id <- o$sku_id[i]
	s <- d[d$sku_id == id, ]
	X <- do.call(rbind, lapply(strsplit(s[[4]], " "), as.numeric))
	colnames(X) <- paste0("xreg", seq_len(ncol(X)))
	y <- ts(s[[3]], frequency = 7)
	t0 <- proc.time()[["user.self"]]
	a <- auto.arima(y, xreg = X)
	cpu <- cpu + proc.time()[["user.self"]] - t0
	ro <- arimaorder(a)
	ours <- c(o[i, 2], o[i, 3], o[i, 4], o[i, 5], o[i, 6], o[i, 7])
	rord <- c(ro[1:3], if (length(ro) > 3) ro[4:6] else c(0, 0, 0))
	same <- all(ours == rord) &&
		(o[i, 8] == "t") == ("intercept" %in% names(coef(a))) &&
		(o[i, 9] == "t") == ("drift" %in% names(coef(a)))
	same_orders <- same_orders + same
	# R at our orders, with our mean/drift choice
	f <- Arima(y, order = ours[1:3], seasonal = ours[4:6], xreg = X,
	           include.mean = o[i, 8] == "t", include.drift = o[i, 9] == "t")
	oc <- parse_coef(o[i, 10])
	rc <- coef(f)
	nm <- intersect(names(oc), names(rc))
	rel <- max(abs(oc[nm] - rc[nm]) / pmax(abs(rc[nm]), 1e-8))
	if (length(nm) != length(rc)) rel <- Inf
	worst <- max(worst, rel)
	cat(sprintf("%d | (%s) | (%s)%s | %.6f / %.6f | %.2g\n", id,
	            paste(ours, collapse = ","), paste(rord, collapse = ","),
	            if (same) "" else " differs", o[i, 11], f$loglik, rel))
}
cat(sprintf("R auto.arima chose our orders on %d of %d; largest relative coefficient difference at our orders %.2g (bar 1e-4): %s\n",
            same_orders, nrow(o), worst, if (worst <= 1e-4) "ok" else "NOT MET"))
cat(sprintf("R auto.arima(xreg) CPU %.1f s\n", cpu))
