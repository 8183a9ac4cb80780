#!/usr/bin/env bash
# Build and install Citus 13.2.2 from ../shared/peers/citus/ (or $CITUS_SRC)
# into the PostgreSQL of $PG_CONFIG, unless citus.so is there already.
# As root, installs the build dependencies with apt-get when missing.  The
# build directory is kept (/tmp/logistics-citus-build-13.2.2), so a second
# install (another private copy of PostgreSQL) is only "make install".
set -euo pipefail
cd "$(dirname "$0")/.."

pg_config=${PG_CONFIG:-pg_config}
libdir=$("$pg_config" --pkglibdir)
[ -f "$libdir/citus.so" ] && exit 0

src=${CITUS_SRC:-$(cd .. && pwd)/shared/peers/citus}
[ -d "$src" ] || src=/work/shared/peers/citus
tarball=$src/citus-13.2.2.tar.gz
[ -f "$tarball" ] || { echo "citus_build: $tarball not found (set CITUS_SRC)" >&2; exit 1; }

deps=(libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev libxslt1-dev libpam0g-dev
	libselinux1-dev libreadline-dev libicu-dev flex bison)
need=()
for p in "${deps[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "citus_build: missing packages: ${need[*]}; run as root (or install them)" >&2
		exit 1
	fi
	echo "citus_build: installing ${need[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${need[@]}" >&2
fi

build=/tmp/logistics-citus-build-13.2.2
if [ ! -f "$build/.built" ]; then
	echo "citus_build: building Citus 13.2.2 in $build (a few minutes)" >&2
	rm -rf "$build"
	mkdir -p "$build"
	tar xzf "$tarball" -C "$build" --strip-components=1
	# Debian's PostgreSQL 15.20 exports have_createdb_privilege() itself
	patch -d "$build" -p1 -s <"$src/pg15.20-have_createdb_privilege.patch"
	(cd "$build" && ./configure -q PG_CONFIG="$pg_config" >configure.log 2>&1 &&
		make -s -j2 >make.log 2>&1) ||
		{ echo "citus_build: build failed, see $build/configure.log and make.log" >&2; exit 1; }
	touch "$build/.built"
fi
make -s -C "$build" install PG_CONFIG="$pg_config" >"$build/install.log" 2>&1 ||
	{ echo "citus_build: make install failed, see $build/install.log" >&2; exit 1; }
[ -f "$libdir/citus.so" ]
