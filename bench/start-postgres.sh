#!/usr/bin/env bash
# Starts PostgreSQL for `npm run bench` the way CI does (.ci/run): Debian's postgresql package, its first cluster,
# the role postgres with password postgres on 127.0.0.1. Run as root (or with sudo). Prints the URL the bench uses.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
cluster=$(pg_lsclusters -h | head -n 1)
read -r cversion cname cport cstatus _ <<<"$cluster"
if [ "$cstatus" != "online" ]; then
  pg_ctlcluster "$cversion" "$cname" start
fi
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q -p $cport"; then break; fi
  sleep 1
done
su postgres -c "psql -q -p $cport -c \"ALTER USER postgres PASSWORD 'postgres'\""

url="postgres://postgres:postgres@127.0.0.1:${cport}/postgres"
echo "PostgreSQL ${cversion} (${cname}) is up on port ${cport}."
if [ "$cport" = "5432" ]; then
  echo "npm run bench uses it by default (${url%%@*}@127.0.0.1:5432/postgres)."
else
  echo "Run: BENCH_DATABASE_URL=${url} npm run bench"
fi
