#!/usr/bin/env bash
# Install what building and testing logistics needs, from Debian's packages,
# and only what is missing: PostgreSQL server headers matching the installed
# major, PostGIS, pgTAP, pg_prove and GLPK (glpsol, the reference of the
# allocation tests).  Safe to run again; prints the pg_config to use on its
# last line.
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
	make gcc clang; do
	have "$p" || need+=("$p")
done

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

echo "/usr/lib/postgresql/$major/bin/pg_config"
