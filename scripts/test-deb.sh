#!/usr/bin/env bash
# Suite "deb" of make test: the Debian package, built by scripts/deb.sh from
# BUILD_DIR's binary into a temporary directory, then
#   1. lintian: no error and no warning (informational tags are listed);
#   2. systemd-analyze verify on the packaged unit: no message at all. The
#      unit names /usr/bin/plam, absent here (the package is not installed),
#      so a copy pointing at the extracted binary is verified, with MANPATH
#      on the extracted man page (Documentation=man:plam(1) is checked too);
#      a copy with a bad key must be reported, or the check proves nothing;
#   3. the packaged binary, extracted with dpkg-deb -x into a temporary
#      root, run for real from an empty directory: init --demo, then serve
#      with the packaged /etc/plam/plam.conf (flags override db, listen and
#      log file), answering /, a DSFR file, /api/version and a demo login;
#      then serve on an absent database (created and migrated at start),
#      restarted on it (kept), and checked by `plam check`; `plam backup`
#      while it serves, and the restore of docs/DEPLOY.md (stop, remove the
#      WAL files, copy the backup in, start).
# Prints one "deb-ok NAME" or "deb-fail NAME: why" line per check; exits 1 on
# any failure. Usage: scripts/test-deb.sh BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/asan}
tmp=$(mktemp -d /tmp/plam-test-deb.XXXXXX)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
t0=$(date +%s%N)
at() { echo "$((($(date +%s%N) - t0) / 1000000)) ms"; }
ok() { echo "deb-ok $1 ($(at))"; }
bad() { echo "deb-fail $1: $2 ($(at))"; fails=$((fails + 1)); }

deb=$(PLAM_DEB_COMPRESSION=gzip scripts/deb.sh "$build" "$tmp/out" 2>"$tmp/deb.err") || { bad build "$(cat "$tmp/deb.err")"; exit 1; }
ok "build $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB, gzip)"

# 1. lintian
if lintian --fail-on error,warning --tag-display-limit 0 "$deb" >"$tmp/lintian.log" 2>&1; then
  ok "lintian (no error, no warning)"
else
  bad lintian "$(grep -E '^(E|W):' "$tmp/lintian.log" | head -20)"
fi

# 2. systemd-analyze verify
root="$tmp/root"
dpkg-deb -x "$deb" "$root"
mkdir -p "$tmp/unit" "$tmp/unit-bad"
sed "s|/usr/bin/plam|$root/usr/bin/plam|" "$root/lib/systemd/system/plam.service" >"$tmp/unit/plam.service"
out=$(cd "$tmp" && MANPATH="$root/usr/share/man" systemd-analyze verify "$tmp/unit/plam.service" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then ok "systemd-analyze verify plam.service"
else bad "systemd-analyze verify" "$out"; fi
{ cat "$tmp/unit/plam.service"; printf '[Service]\nProtectSystem=strictly\n'; } >"$tmp/unit-bad/plam.service"
out=$(cd "$tmp" && MANPATH="$root/usr/share/man" systemd-analyze verify "$tmp/unit-bad/plam.service" 2>&1)
if grep -qi "protect system" <<<"$out"; then ok "systemd-analyze verify reports a bad unit"
else bad "systemd-analyze negative control" "no message for ProtectSystem=strictly: $out"; fi

# 3. the packaged binary, from an empty directory
plam="$root/usr/bin/plam"
conf="$root/etc/plam/plam.conf"
work="$tmp/work"
mkdir -p "$work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() { # db log: starts plam serve in the background, waits for /healthz
  local p
  p=$(port)
  base="http://127.0.0.1:$p"
  (cd "$work" && exec "$plam" serve --config "$conf" --db "$1" --listen "127.0.0.1:$p" --log-file "$2") \
    >"$tmp/serve.out" 2>"$tmp/serve.err" &
  pid=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null "$base/healthz" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}
stop() { kill "$pid" && wait "$pid"; local rc=$?; pid=; return $rc; }

if (cd "$work" && "$plam" init --db demo.db --demo >"$tmp/init.out" 2>&1) &&
   grep -q 'depuis le programme' "$tmp/init.out"; then ok "init --demo from an empty directory"
else bad "init --demo" "$(cat "$tmp/init.out")"; fi
if serve demo.db "$tmp/plam.log"; then
  home=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/")
  css=$(curl -s -o /dev/null -w '%{http_code}' "$base/dsfr/dsfr.min.css")
  ver=$(curl -s "$base/api/version")
  login=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"login":"admin","password":"demo-admin-2026"}' "$base/api/session")
  if [[ $home == "200 text/html"* && $css == 200 && $ver == *'"schema_version":'* && $login == 200 ]]; then
    ok "serve with the packaged plam.conf: / $home, dsfr.min.css $css, /api/version, login $login"
  else bad serve "/: $home, css: $css, version: $ver, login: $login; $(tail -5 "$tmp/serve.err")"; fi
  stop || bad serve "exit status not 0"
  grep -q 'msg="server started"' "$tmp/plam.log" || bad serve "no start line in --log-file"
else bad serve "did not answer: $(tail -5 "$tmp/serve.err")"; stop; fi

# an absent database is created and migrated at start, and kept on restart
if serve "$work/state/plam.db" "$tmp/plam2.log" && stop && [ -f "$work/state/plam.db" ] &&
   "$plam" user add gestionnaire --role admin --password-stdin --db "$work/state/plam.db" \
     <<<'un-mot-de-passe-solide' >/dev/null 2>&1 &&
   serve "$work/state/plam.db" "$tmp/plam2.log" && stop &&
   "$plam" user list --db "$work/state/plam.db" 2>&1 | grep -q gestionnaire &&
   "$plam" check --db "$work/state/plam.db" >/dev/null 2>&1; then
  ok "database created at first start, kept and checked after a restart"
else bad "first start" "$(tail -5 "$tmp/serve.err")"; fi

# backup while serving, then restore as docs/DEPLOY.md says: stop, remove the
# WAL files, copy the checked backup in, start (an account added after the
# backup is gone, the one before it is back)
db="$work/state/plam.db"
if serve "$db" "$tmp/plam3.log" &&
   "$plam" backup --db "$db" --to "$work/backup.db" >/dev/null 2>&1 && stop &&
   "$plam" user add apres --role admin --password-stdin --db "$db" <<<'un-autre-mot-de-passe' >/dev/null 2>&1 &&
   "$plam" check --db "$work/backup.db" >/dev/null 2>&1 &&
   rm -f "$db-wal" "$db-shm" && cp "$work/backup.db" "$db" &&
   serve "$db" "$tmp/plam3.log" && stop &&
   users=$("$plam" user list --db "$db" 2>&1) && grep -q gestionnaire <<<"$users" && ! grep -q apres <<<"$users"; then
  ok "backup while serving, restore after a stop"
else bad "backup and restore" "$(tail -5 "$tmp/serve.err")"; fi

((fails)) && exit 1
exit 0
