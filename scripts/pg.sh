#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the tests, on 127.0.0.1 only.
#   scripts/pg.sh start   installs postgresql-15 and libpq-dev if missing, creates a cluster in a new
#                         temporary directory (initdb, pg_ctl) on a free loopback port, prints its URL
#   scripts/pg.sh url     prints the URL of the running cluster (nothing, exit 1, when none)
#   scripts/pg.sh stop    stops the cluster and removes its directory
# The cluster runs as a non-root user: as root, Debian's `postgres` user owns the directory. Its
# superuser is `plam` with trust authentication, reachable only over 127.0.0.1 and a unix socket in
# the directory; fsync is off (a test cluster holds nothing worth a power cut). Databases are created
# with the C collation (template0, LC_COLLATE=C), the one plam's text ordering is defined in.
# The state file (PLAM_PG_STATE, default build/pg-cluster) holds the directory of the running cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${PLAM_PG_STATE:-$PWD/build/pg-cluster}
bindir=/usr/lib/postgresql/15/bin

install_missing() {
  local missing=()
  for p in postgresql-15 libpq-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "plam: installation des paquets Debian manquants : ${missing[*]}" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

as_owner() { # runs a command as the cluster's user
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url_of() { # dir
  echo "postgresql://plam@127.0.0.1:$(cat "$1/port")/postgres"
}

case ${1:-} in
start)
  if [ -f "$state" ] && [ -d "$(cat "$state")" ]; then "$0" stop >/dev/null 2>&1 || true; fi
  install_missing
  dir=$(mktemp -d /tmp/plam-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U plam --auth=trust --encoding=UTF8 --locale=C -A trust >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  port=$(free_port)
  echo "$port" | as_owner tee "$dir/port" >/dev/null
  cat <<CONF | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 64MB
log_min_messages = warning
CONF
  mkdir -p "$(dirname "$state")"
  echo "$dir" >"$state"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  url_of "$dir"
  ;;
url)
  [ -f "$state" ] && [ -d "$(cat "$state")" ] || exit 1
  url_of "$(cat "$state")"
  ;;
stop)
  [ -f "$state" ] || exit 0
  dir=$(cat "$state")
  if [ -d "$dir/data" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  case $dir in /tmp/plam-pg.*) rm -rf "$dir" ;; esac
  rm -f "$state"
  ;;
*) echo "usage: scripts/pg.sh start|stop|url" >&2; exit 2 ;;
esac
