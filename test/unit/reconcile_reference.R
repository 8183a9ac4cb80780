# Reference values for test/unit/test_forecast_reconcile.c: the 8-node
# example reconciled by the textbook formulas with R's solve().
#   Rscript test/unit/reconcile_reference.R
# Nodes 0..7 (C numbering): total 4 -> A 0, B 6; A -> 2, 5, 7; B -> 1, 3.
par <- c(4, 6, 0, 6, -1, 0, 4, 0)
n <- 8; h <- 3; T <- 12
i <- 0:7
base <- t(sapply(i, function(i) 10 * (1 + i %% 3) + 3 * sin(i + 2 * (0:(h - 1))) + 0:(h - 1)))
base[5, 1] <- base[5, 1] + 7          # node 4 (the total), step 1
E <- t(sapply(i, function(i) { t <- 0:(T - 1)
	sin(1.3 * i + 0.7 * t * t) + 0.5 * cos(0.9 * t + i * i) + 0.4 * sin(2.1 * t) }))
under <- function(v, u) { while (v >= 0) { if (v == u) return(TRUE); v <- par[v + 1] }; FALSE }
leaves <- i[!(i %in% par)]
S <- outer(i, leaves, Vectorize(function(r, l) as.numeric(under(l, r))))
gls <- function(W) S %*% solve(t(S) %*% solve(W) %*% S, t(S) %*% solve(W) %*% base)
# hts::shrink.estim(t(E), diag(...)) written out (residuals as columns)
x <- t(E)
covm <- crossprod(x) / T
tar <- diag(diag(covm))
corm <- cov2cor(covm)
xs <- scale(x, center = FALSE, scale = sqrt(diag(covm)))
v <- (1 / (T * (T - 1))) * (crossprod(xs^2) - 1 / T * (crossprod(xs))^2)
diag(v) <- 0
d <- (corm - cov2cor(tar))^2
lambda <- max(min(sum(v) / sum(d), 1), 0)
W <- lambda * tar + (1 - lambda) * covm
mint <- gls(W)
ols <- gls(diag(n))
options(digits = 17)
cat(sprintf("#define R_MINT_TOTAL_1 %.17g\n", mint[5, 1]))
cat(sprintf("#define R_MINT_A1_3 %.17g\n", mint[3, 3]))
cat(sprintf("#define R_LAMBDA %.17g\n", lambda))
cat(sprintf("#define R_OLS_TOTAL_1 %.17g\n", ols[5, 1]))
cat(sprintf("#define R_OLS_B_2 %.17g\n", ols[7, 2]))
