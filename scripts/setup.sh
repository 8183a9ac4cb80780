#!/usr/bin/env bash
# Install what building and testing logistics needs, from Debian's packages,
# and only what is missing: PostgreSQL server headers matching the installed
# major, PostGIS, pgTAP, pg_prove, GLPK (glpsol, the reference of the
# allocation tests), and the client drivers of the BI tests (psycopg2;
# node and npm unless a node is installed, then npm ci of test/bi's pinned
# node packages).  Safe to run again; after the first run it needs no
# network.  Prints the pg_config to use on its last line.
set -euo pipefail

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# The PostgreSQL major: the newest server installed, else Debian's default.
major=$(ls -1 /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
if [ -z "$major" ] || [ ! -x "/usr/lib/postgresql/$major/bin/postgres" ]; then
	major=${PG_MAJOR:-15}
	have "postgresql-$major" || need+=("postgresql-$major")
fi

for p in "postgresql-server-dev-$major" "postgresql-$major-postgis-3" \
	"postgresql-$major-pgtap" libtap-parser-sourcehandler-pgtap-perl glpk-utils \
	make gcc clang python3-psycopg2; do
	have "$p" || need+=("$p")
done
# node: Debian's, unless one is installed (from NodeSource, say)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	have nodejs || need+=(nodejs)
	have npm || need+=(npm)
fi

if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: missing packages: ${need[*]}; run as root (or install them)" >&2
		exit 1
	fi
	echo "setup: installing ${need[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# the node packages of the BI tests, exactly as package-lock.json pins them
bi=$(dirname "$0")/../test/bi
if [ ! -f "$bi/node_modules/.package-lock.json" ] ||
	[ "$bi/package-lock.json" -nt "$bi/node_modules/.package-lock.json" ]; then
	echo "setup: npm ci in test/bi" >&2
	(cd "$bi" && npm ci --ignore-scripts --no-audit --no-fund >&2) ||
		echo "setup: npm ci in test/bi failed: the node pg tests will fail" >&2
fi

echo "/usr/lib/postgresql/$major/bin/pg_config"
