# logistics: supply-chain analytics inside PostgreSQL (PGXS build)
#
#   make test    set up what is missing, build, install, run every test
#   make demo    the same set-up, then a sample data set and the analytics
#   make bench   benchmarks against references measured in the same run

EXTENSION = logistics
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script is assembled from one SQL file per area, in this order.
SQL_PARTS = $(wildcard src/logistics.sql src/normal.sql src/inventory.sql \
	src/fulfillment.sql src/geodesic.sql src/route.sql src/forecast.sql \
	src/accuracy.sql)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
EXTRA_CLEAN = test/unit/*.bin

# Server headers as system headers: their own macros trip -Wextra's
# sign-compare check, which is not ours to fix; our code stays -Werror clean.
PG_CPPFLAGS = -I$(srcdir)/src -isystem $(shell $(PG_CONFIG) --includedir-server 2>/dev/null)
PG_CFLAGS = -Wall -Wextra -Werror

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
# No server headers yet: only the targets that install them work.
all install:
	@echo "PostgreSQL server headers not found: run 'make test' or 'make demo' as root," \
		"or install postgresql-server-dev-NN" >&2; exit 1
endif

# Plain-C kernels (files without postgres.h) export nothing from the shared
# library: PostgreSQL loads libraries with RTLD_GLOBAL, so an exported kernel
# name could interpose on another library's (PROJ's geod_* did, once).
KERNEL_OBJS = $(patsubst %.c,%.o,$(shell grep -L '^\#include "postgres.h"' $(wildcard src/*.c)))
$(KERNEL_OBJS): CFLAGS += -fvisibility=hidden

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS) $(EXTENSION).control
	cat $(SQL_PARTS) > $@

.PHONY: test demo bench
test:
	@bash scripts/test.sh
demo:
	@KEEP=$(KEEP) bash scripts/demo.sh
bench:
	@BENCH="$(BENCH)" bash scripts/bench.sh
