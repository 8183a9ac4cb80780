# logistics: supply-chain analytics inside PostgreSQL (PGXS build)
#
#   make test          set up what is missing, build, install, run every test
#   make demo          the same set-up, then a sample data set and the analytics
#   make dashboard     the sample company in Cube 0.33, screenshotted (doc/dashboard.md)
#   make bench         benchmarks against references measured in the same run
#   make fuzz          the fuzzing campaign (FUZZ_SECONDS of sqlsmith, default 300)
#   make test-citus    the extension on Citus: a coordinator and two workers
#                      (builds Citus from ../shared/peers/citus when missing)
#   make installcheck  the pg_regress suite against an installed server
#   make WERROR=1      turn warnings into errors (make test does)
#   make check-clang   compile every C file with clang, -Wall -Wextra -Werror

EXTENSION = logistics
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
SRCS = $(sort $(wildcard src/*/*.c))
OBJS = $(SRCS:.c=.o)

# The install script, assembled in this order from the areas' SQL files.
# A listed part that is missing stops the build ("No rule to make target").
SQL_PARTS = \
	src/common/logistics.sql \
	src/common/normal.sql \
	src/inventory/inventory.sql \
	src/fulfillment/fulfillment.sql \
	src/routing/geodesic.sql \
	src/routing/route.sql \
	src/routing/tsp.sql \
	src/routing/vrp.sql \
	src/forecast/forecast.sql \
	src/forecast/accuracy.sql \
	src/forecast/reconcile.sql \
	src/forecast/mstl.sql \
	src/ledger/ledger.sql \
	src/allocation/allocation.sql \
	src/forecast/forecast_model_ops.sql \
	src/bi/bi.sql \
	src/forecast/forecast_xreg.sql \
	src/fulfillment/sketch.sql \
	src/fulfillment/kpi_rates.sql

# Parts that are new in 0.2.0: listed in SQL_PARTS above too, and appended
# verbatim to the upgrade script from 0.1.0, after the changes that
# src/upgrade/0.1.0--0.2.0.sql makes to the objects 0.1.0 had.
NEW_IN_0_2_0 = \
	src/forecast/reconcile.sql \
	src/forecast/mstl.sql \
	src/ledger/ledger.sql \
	src/routing/vrp.sql \
	src/allocation/allocation.sql \
	src/forecast/forecast_model_ops.sql \
	src/bi/bi.sql \
	src/forecast/forecast_xreg.sql \
	src/fulfillment/sketch.sql \
	src/fulfillment/kpi_rates.sql

UPGRADE_0_1_0 = src/upgrade/0.1.0--0.2.0.sql $(NEW_IN_0_2_0)

# Released install and upgrade scripts are committed and never edited.
DATA = $(EXTENSION)--0.1.0.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--0.1.0--0.2.0.sql
EXTRA_CLEAN = test/unit/*.bin scripts/fuzz/*.o scripts/fuzz/*.so scripts/fuzz/*.bc

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --dbname=logistics_regression

# Server headers as system headers: their own macros trip -Wextra's
# sign-compare check, which is not ours to fix.  Every object is built with
# hidden visibility; only the V1 entry points and the module magic are
# exported (PGDLLEXPORT, see src/common/logistics.h), and every entry point
# is named logistics_<name>, so no kernel, helper or generic name can
# interpose on another library loaded into the server (PostgreSQL loads
# libraries with RTLD_GLOBAL); scripts/test.sh checks the exported names.
PG_CPPFLAGS = -I$(srcdir)/src -isystem $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
PG_CPPFLAGS += -DLOGISTICS_VERSION='"$(EXTVERSION)"'
PG_CFLAGS = -Wall -Wextra -fvisibility=hidden $(if $(WERROR),-Werror)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
# No server headers yet: only the targets that install them work.
all install installcheck:
	@echo "PostgreSQL server headers not found: run 'make test' or 'make demo' as root," \
		"or install postgresql-server-dev-NN" >&2; exit 1
endif

src/common/logistics.o: $(EXTENSION).control

# The inner loops of the ARIMA likelihood (AS 154's Givens rows, the Kalman
# steps) are element-wise: vectorising them (gcc's -O3) reassociates
# nothing, so no result bit changes, and auto ARIMA takes ~20% less time.
# The filter's step loops also have an AVX2 version chosen at load time
# (arima_filter.c); -ffp-contract=off keeps any FMA out of both.
src/forecast/arima_kalman.o src/forecast/arima_filter.o: CFLAGS += -O3 -ffp-contract=off

# PGXS tracks no header dependencies here: the allocation objects share
# struct layouts through their headers, so rebuild them when one changes.
$(patsubst %.c,%.o,$(wildcard src/allocation/*.c)): $(wildcard src/allocation/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) $(EXTENSION).control
	cat $(SQL_PARTS) > $@

$(EXTENSION)--0.1.0--0.2.0.sql: $(EXTENSION)--0.1.0.sql src/upgrade/relink.sh $(UPGRADE_0_1_0)
	sh src/upgrade/relink.sh $(EXTENSION)--0.1.0.sql > $@
	cat $(UPGRADE_0_1_0) >> $@

# clang on every C file with the server's include paths; PGXS's own CFLAGS
# are gcc's (-fexcess-precision=standard), so they are not passed.
CLANG ?= clang
.PHONY: check-clang
check-clang:
	@set -e; for f in $(SRCS); do \
		$(CLANG) -fsyntax-only -std=gnu99 -Wall -Wextra -Werror \
			-Wno-unknown-warning-option $(PG_CPPFLAGS) $$f; \
	done

.PHONY: test demo bench fuzz dashboard test-citus
test:
	@bash scripts/test.sh
test-citus:
	@bash scripts/citus_test.sh
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SEED=$(FUZZ_SEED) FUZZ_CALLS=$(FUZZ_CALLS) bash scripts/fuzz/run.sh
demo:
	@KEEP=$(KEEP) bash scripts/demo.sh
dashboard:
	@SKUS=$(SKUS) ORDER_LINES=$(ORDER_LINES) bash scripts/dashboard.sh
bench:
	@BENCH="$(BENCH)" bash scripts/bench.sh
