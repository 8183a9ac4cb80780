#!/usr/bin/env bash
# Reconciliation benchmark: speed of logistics.reconcile() on a hierarchy
# of 10,021 nodes (company -> 20 warehouses -> 500 SKU x warehouse each)
# with 28 steps and 100 residuals per node, every method; and, on a
# 1,001-node hierarchy (company -> 10 -> 99 each), agreement with and
# speed against the dense textbook computation in R (solve() of
# S'W^-1 S as R hts/fable do it) measured in the same run.  Run by
# `make bench` (PG* env set); BENCH_R=0 skips R.
#
# Grouped hierarchies (a leaf under its warehouse and under its SKU, SKUs
# under categories): 10,541 nodes (20 warehouses x 500 SKUs, 20
# categories) for speed, 1,121 nodes (10 x 100, 10 categories) against R.
#
# Data: deterministic pseudo-random numbers frac(sin(k) * 43758.5453)
# (the same in SQL and R): base forecasts 10 + 5 u, residuals with a
# warehouse-wide component so that they are correlated.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }

psql <<'SQL'
DROP SCHEMA IF EXISTS rcbench CASCADE;
CREATE SCHEMA rcbench;
CREATE FUNCTION rcbench.u(k float8) RETURNS float8 LANGUAGE sql IMMUTABLE
	RETURN sin(k) * 43758.5453 - floor(sin(k) * 43758.5453);
-- one row per node: key, parent, warehouse number (0 for the company)
CREATE FUNCTION rcbench.hier(nw int, nl int) RETURNS TABLE (i int, node text, parent text, w int)
LANGUAGE sql IMMUTABLE AS $$
	SELECT 0, 'company', NULL::text, 0
	UNION ALL
	SELECT wi, 'w' || wi, 'company', wi FROM generate_series(1, nw) wi
	UNION ALL
	SELECT nw + (wi - 1) * nl + li, 'w' || wi || '/s' || li, 'w' || wi, wi
	FROM generate_series(1, nw) wi, generate_series(1, nl) li
$$;
-- base forecasts (28 steps) and residuals (100) per node
CREATE FUNCTION rcbench.data(nw int, nl int)
RETURNS TABLE (nodes text[], parents text[], base float8[], resid float8[])
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(node ORDER BY i), array_agg(parent ORDER BY i),
		   array_agg(b ORDER BY i), array_agg(e ORDER BY i)
	FROM (SELECT i, node, parent,
				 ARRAY(SELECT 10 + 5 * rcbench.u(i * 31.0 + s) FROM generate_series(1, 28) s) AS b,
				 ARRAY(SELECT rcbench.u(i * 101.0 + t * 7.0) - 0.5
							  + 0.7 * (rcbench.u(w * 13.0 + t * 3.0) - 0.5)
					   FROM generate_series(1, 100) t) AS e
		  FROM rcbench.hier(nw, nl)) s
$$;
CREATE TABLE rcbench.big AS SELECT * FROM rcbench.data(20, 500);
CREATE TABLE rcbench.small AS SELECT * FROM rcbench.data(10, 99);
-- grouped: company; warehouses; categories; SKUs under categories;
-- SKU x warehouse under its warehouse and its SKU (parents as rows)
CREATE FUNCTION rcbench.ghier(nw int, ns int, nc int)
RETURNS TABLE (i int, node text, parents text[], w int)
LANGUAGE sql IMMUTABLE AS $$
	SELECT 0, 'company', ARRAY[NULL, NULL]::text[], 0
	UNION ALL
	SELECT wi, 'w' || wi, ARRAY['company', NULL], wi FROM generate_series(1, nw) wi
	UNION ALL
	SELECT nw + ci, 'c' || ci, ARRAY['company', NULL], 0 FROM generate_series(1, nc) ci
	UNION ALL
	SELECT nw + nc + si, 's' || si, ARRAY['c' || (si % nc + 1), NULL], 0
	FROM generate_series(1, ns) si
	UNION ALL
	SELECT nw + nc + ns + (wi - 1) * ns + si, 'w' || wi || '/s' || si,
		   ARRAY['w' || wi, 's' || si], wi
	FROM generate_series(1, nw) wi, generate_series(1, ns) si
$$;
CREATE FUNCTION rcbench.gdata(nw int, ns int, nc int)
RETURNS TABLE (nodes text[], parents text[], base float8[], resid float8[])
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(node ORDER BY i), array_agg(parents ORDER BY i),
		   array_agg(b ORDER BY i), array_agg(e ORDER BY i)
	FROM (SELECT i, node, parents,
				 ARRAY(SELECT 10 + 5 * rcbench.u(i * 31.0 + s) FROM generate_series(1, 28) s) AS b,
				 ARRAY(SELECT rcbench.u(i * 101.0 + t * 7.0) - 0.5
							  + 0.7 * (rcbench.u(w * 13.0 + t * 3.0) - 0.5)
					   FROM generate_series(1, 100) t) AS e
		  FROM rcbench.ghier(nw, ns, nc)) s
$$;
CREATE TABLE rcbench.gbig AS SELECT * FROM rcbench.gdata(20, 500, 20);
CREATE TABLE rcbench.gsmall AS SELECT * FROM rcbench.gdata(10, 100, 10);
SQL

# every method on the hierarchy in table $1: wall time in the server
timings() {
	for m in bottom_up ols wls_struct wls_var mint_shrink; do
		psql -At <<SQL
SELECT format('  %-12s %s s  (%s rows)', '$m',
			  round(extract(epoch FROM clock_timestamp() - t0)::numeric, 3), n)
FROM (SELECT clock_timestamp() AS t0) t,
	 LATERAL (SELECT count(*) AS n FROM $1 b,
			  logistics.reconcile(b.nodes, b.parents, b.base, '$m', b.resid, NULL, 0.95) r) c;
SQL
	done
}
echo "10,021 nodes x 28 steps (100 residuals per node), one call, wall time in the server:"
timings rcbench.big

echo "grouped, 10,541 nodes (541 aggregates) x 28 steps (100 residuals per node), one call:"
timings rcbench.gbig

if [ "${BENCH_R:-1}" = 0 ] || ! command -v Rscript >/dev/null; then
	echo "R not available: peer comparison skipped"
	exit 0
fi
rdir=$(mktemp -d /tmp/logistics-rcbench.XXXXXX)
trap 'rm -rf "$rdir"' EXIT
psql -At -c "SELECT array_to_string(parents, ',', 'NA') FROM rcbench.small" >"$rdir/parents.txt"
psql -At -c "SELECT array_to_string(nodes, ',') FROM rcbench.small" >"$rdir/nodes.txt"
psql -At -c "SELECT array_to_string(base, ',') FROM rcbench.small" >"$rdir/base.txt"
psql -At -c "SELECT array_to_string(resid, ',') FROM rcbench.small" >"$rdir/resid.txt"
t0=$(now)
psql -At -c "COPY (SELECT r.node, r.step, r.forecast FROM rcbench.small b,
	logistics.reconcile(b.nodes, b.parents, b.base, 'mint_shrink', b.resid) r) TO STDOUT WITH (FORMAT csv)" >"$rdir/ours_mint.csv"
t1=$(now)
psql -At -c "COPY (SELECT r.node, r.step, r.forecast FROM rcbench.small b,
	logistics.reconcile(b.nodes, b.parents, b.base, 'ols') r) TO STDOUT WITH (FORMAT csv)" >"$rdir/ours_ols.csv"
mkdir -p "$rdir/g"
psql -At -c "SELECT string_agg(coalesce(parents[i][1], 'NA') || '|' || coalesce(parents[i][2], 'NA'), ',' ORDER BY i)
	FROM rcbench.gsmall, generate_series(1, array_length(nodes, 1)) i" >"$rdir/g/parents.txt"
psql -At -c "SELECT array_to_string(nodes, ',') FROM rcbench.gsmall" >"$rdir/g/nodes.txt"
psql -At -c "SELECT array_to_string(base, ',') FROM rcbench.gsmall" >"$rdir/g/base.txt"
psql -At -c "SELECT array_to_string(resid, ',') FROM rcbench.gsmall" >"$rdir/g/resid.txt"
t2=$(now)
psql -At -c "COPY (SELECT r.node, r.step, r.forecast FROM rcbench.gsmall b,
	logistics.reconcile(b.nodes, b.parents, b.base, 'mint_shrink', b.resid) r) TO STDOUT WITH (FORMAT csv)" >"$rdir/g/ours_mint.csv"
t3=$(now)
psql -At -c "COPY (SELECT r.node, r.step, r.forecast FROM rcbench.gsmall b,
	logistics.reconcile(b.nodes, b.parents, b.base, 'ols') r) TO STDOUT WITH (FORMAT csv)" >"$rdir/g/ours_ols.csv"
cat >"$rdir/peer.R" <<'R'
# The dense computation of R hts::MinT / fable min_trace: S built
# explicitly, W the shrunk covariance of hts::shrink.estim, solve().
d <- commandArgs(TRUE)[1]
rd <- function(f) scan(file.path(d, f), what = "", sep = ",", quiet = TRUE)
nodes <- rd("nodes.txt"); parents <- rd("parents.txt"); parents[parents == "NA"] <- NA
n <- length(nodes); h <- 28; T <- 100
base <- matrix(as.numeric(rd("base.txt")), n, h, byrow = TRUE)
E <- matrix(as.numeric(rd("resid.txt")), n, T, byrow = TRUE)
t0 <- proc.time()[["elapsed"]]
# parents: one key, or "a|b" for a node under two parents (grouped)
plist <- lapply(strsplit(parents, "|", fixed = TRUE), function(p) match(p[p != "NA" & !is.na(p)], nodes))
leaves <- which(!(seq_len(n) %in% unlist(plist)))
S <- matrix(0, n, length(leaves))
for (k in seq_along(leaves)) {
	todo <- leaves[k]
	while (length(todo)) { S[todo, k] <- 1; todo <- unique(unlist(plist[todo])) }
}
x <- t(E)
covm <- crossprod(x) / T
tar <- diag(diag(covm))
corm <- cov2cor(covm)
xs <- scale(x, center = FALSE, scale = sqrt(diag(covm)))
v <- (1 / (T * (T - 1))) * (crossprod(xs^2) - 1 / T * (crossprod(xs))^2)
diag(v) <- 0
lambda <- max(min(sum(v) / sum((corm - cov2cor(tar))^2), 1), 0)
W <- lambda * tar + (1 - lambda) * covm
Wi <- solve(W)
mint <- S %*% solve(t(S) %*% Wi %*% S, t(S) %*% Wi %*% base)
secs <- proc.time()[["elapsed"]] - t0
ols <- S %*% solve(crossprod(S), t(S) %*% base)
rel <- function(f, ref) {
	o <- read.csv(file.path(d, f), header = FALSE)
	mine <- matrix(NA, n, h); mine[cbind(match(o$V1, nodes), o$V2)] <- o$V3
	max(abs(mine - ref) / abs(ref))
}
cat(sprintf("%.3f %.3g %.3g %.6f\n", secs, rel("ours_mint.csv", mint), rel("ours_ols.csv", ols), lambda))
R
read -r rsecs relmint relols lambda < <(Rscript "$rdir/peer.R" "$rdir" | tail -n 1)
printf '1,001 nodes x 28 steps, mint_shrink: ours %.3f s (query incl. output), R dense solve() %s s\n' \
	"$(echo "$t1 - $t0" | bc -l)" "$rsecs"
echo "  max relative difference to R: mint_shrink $relmint, ols $relols (shrinkage lambda $lambda)"
read -r rsecs relmint relols lambda < <(Rscript "$rdir/peer.R" "$rdir/g" | tail -n 1)
printf 'grouped 1,121 nodes x 28 steps, mint_shrink: ours %.3f s (query incl. output), R dense solve() %s s\n' \
	"$(echo "$t3 - $t2" | bc -l)" "$rsecs"
echo "  max relative difference to R: mint_shrink $relmint, ols $relols (shrinkage lambda $lambda)"
