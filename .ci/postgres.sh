#!/usr/bin/env bash
# Sourced by .ci/run: starts a throw-away PostgreSQL cluster (the newest server installed; Debian 12 ships 15) on
# 127.0.0.1 (as the postgres user when run as root),
# creates the test database and exports NEARLIGHT_TEST_PG_URL for the fabric manager's PostgreSQL test.
# Idempotent (reuses a running cluster) and harmless when PostgreSQL is not installed (the test is then skipped).
nl_pg_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "ci: no PostgreSQL server is installed; the PostgreSQL test will be skipped" >&2
    return 0
  fi
  local data="${NEARLIGHT_PG_DATA:-/tmp/nearlight-pg$(basename "$(dirname "$bin")")}"
  local port="${NEARLIGHT_PG_PORT:-55432}"
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "ci: running as root but there is no postgres user; PostgreSQL test skipped" >&2
      return 0
    fi
    as=(runuser -u postgres --)
    mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
  else
    mkdir -p "$data" && chmod 700 "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null || return 1
  fi
  if ! "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp" start >/dev/null || return 1
  fi
  if ! "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'nearlight_test'" | grep -q 1; then
    "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres nearlight_test || return 1
  fi
  export NEARLIGHT_TEST_PG_URL="jdbc:postgresql://127.0.0.1:${port}/nearlight_test?user=postgres&password=postgres"
  echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:${port}, NEARLIGHT_TEST_PG_URL set" >&2
}
nl_pg_start
