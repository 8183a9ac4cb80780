#!/usr/bin/env bash
# The library exports nothing but the module magic, _PG_init (its hooks) and the V1 entry points
# with their finfo records, each named logistics_<name> (doc/CONTRIBUTING.md,
# Naming): PostgreSQL loads libraries with RTLD_GLOBAL, so a generic exported
# name (eoq, normal_cdf, ...) could interpose on another library's symbol.
# Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
echo "1..3"
syms=$(nm -D --defined-only logistics.so 2>/dev/null | awk '{ print $3 }')
if [ -n "$syms" ]; then
	echo "ok 1 - logistics.so exports $(echo "$syms" | wc -l) symbols"
else
	echo "not ok 1 - nm -D found no exported symbols in logistics.so (not built?)"
fi
bad=$(echo "$syms" | grep -vE '^(Pg_magic_func|_PG_init|logistics_[a-z0-9_]+|pg_finfo_logistics_[a-z0-9_]+)$')
if [ -z "$bad" ]; then
	echo "ok 2 - every exported symbol is Pg_magic_func, logistics_* or pg_finfo_logistics_*"
else
	echo "not ok 2 - exported symbols outside the naming scheme: name V1 entry points logistics_<sql name> (doc/CONTRIBUTING.md)"
	echo "$bad" | sed 's/^/#   /' | head -n 40
fi
# every entry point has its finfo record and the other way round
fn=$(echo "$syms" | grep -E '^logistics_' | sort)
fi_=$(echo "$syms" | sed -n 's/^pg_finfo_//p' | sort)
if [ "$fn" = "$fi_" ]; then
	echo "ok 3 - each of the $(echo "$fn" | grep -c .) entry points has its PG_FUNCTION_INFO_V1 record"
else
	echo "not ok 3 - entry points and finfo records differ"
	diff <(echo "$fn") <(echo "$fi_") | sed 's/^/#   /' | head -n 20
fi
