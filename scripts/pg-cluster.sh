# A throw-away PostgreSQL cluster for tests and benchmarks (sourced, not run).
# pg_cluster_start BIN_DIR  sets PG_URL; pg_cluster_stop removes everything.
pg_cluster_start() {
  local bin="$1"
  PG_DIR=$(mktemp -d /tmp/motcua-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  mkdir -p "$PG_DIR/data" "$PG_DIR/socket"
  chown -R postgres:postgres "$PG_DIR"
  PG_PORT=$(( 54000 + RANDOM % 1000 ))
  su postgres -s /bin/sh -c "'$bin/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$PG_DIR/initdb.log' 2>&1"
  su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-k '$PG_DIR/socket' -p $PG_PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
  PG_BIN="$bin"
  PG_URL="postgres://postgres@$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1], safe=""))' "$PG_DIR/socket"):${PG_PORT}/motcua"
  su postgres -s /bin/sh -c "'$bin/createdb' -h '$PG_DIR/socket' -p $PG_PORT motcua"
  export PG_URL PG_DIR PG_PORT PG_BIN
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running in $PG_DIR on port $PG_PORT"
}

pg_cluster_stop() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]] || return 0
  su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop >/dev/null 2>&1" || true
  rm -rf "$PG_DIR"
}
