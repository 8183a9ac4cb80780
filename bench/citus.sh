#!/usr/bin/env bash
# The aggregate families on Citus (issue 17), grouped by warehouse (not the
# distribution column): a coordinator and two workers against the same
# query on a local copy of the data on one node, in the same run, with the
# bytes the coordinator received (EXPLAIN ANALYZE).  Target: at most 2x the
# single-node time.  Runs make test-citus's set-up (scripts/citus_test.sh,
# which also checks the results) with a bigger sample company:
#
#   bash bench/citus.sh                                  # 200 SKUs, 200,000 lines (minutes)
#   CITUS_SKUS=2052 CITUS_LINES=2000000 bash bench/citus.sh   # the issue's size:
#                                   2 million order lines, 3 million snapshots
set -uo pipefail
cd "$(dirname "$0")/.."
LOGISTICS_PRIVATE_PG=${LOGISTICS_PRIVATE_PG:-1} CITUS_BENCH=1 CITUS_SKUS=${CITUS_SKUS:-200} CITUS_LINES=${CITUS_LINES:-200000} \
	bash scripts/citus_test.sh
