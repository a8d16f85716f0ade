# Sourced by backup.sh and restore.sh: turns DATABASE_URL (from the environment, never from the
# command line) into libpq's PG* variables, with the password in a private passfile, so that no
# password appears in a command line (visible to every user in `ps`) or in these scripts.
# Sets PGHOST, PGPORT, PGUSER, PGDATABASE (+ PGSSLMODE when the URL asks for one) and
# PGPASSFILE; pg_env_cleanup removes the passfile (the callers trap it on exit).

pg_env_cleanup() {
  if [ -n "${PG_ENV_DIR:-}" ]; then rm -rf "$PG_ENV_DIR"; fi
}

pg_env_load() {
  if [ -z "${DATABASE_URL:-}" ]; then
    echo "error: set DATABASE_URL (postgres://user:password@host:5432/name) in the environment" >&2
    return 2
  fi
  case "$DATABASE_URL" in
    postgres://* | postgresql://* | pgsql://*) ;;
    *)
      echo "error: DATABASE_URL is not a PostgreSQL URL; backups need PostgreSQL" \
        "(a SQLite database is one file: copy it while the app is stopped)" >&2
      return 2
      ;;
  esac
  PG_ENV_DIR=$(mktemp -d)
  chmod 700 "$PG_ENV_DIR"
  export PGPASSFILE="$PG_ENV_DIR/pgpass"
  local parsed
  # Python's URL parser decodes percent-escapes (a password with @ or / in it) correctly; the
  # URL reaches it through the environment, and the password goes straight to the passfile.
  parsed=$(PGPASSFILE="$PGPASSFILE" python3 - <<'PY'
import os
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
password = unquote(url.password or "")
with open(os.open(os.environ["PGPASSFILE"], os.O_WRONLY | os.O_CREAT, 0o600), "w") as passfile:
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    passfile.write(f"*:*:*:*:{escaped}\n" if password else "")
query = parse_qs(url.query)
print(unquote(url.hostname or ""))
print(url.port or "")
print(unquote(url.username or ""))
print(unquote(url.path.lstrip("/")))
print(query.get("sslmode", [""])[0])
PY
  ) || return 2
  {
    IFS= read -r PGHOST
    IFS= read -r PGPORT
    IFS= read -r PGUSER
    IFS= read -r PGDATABASE
    IFS= read -r PGSSLMODE
  } <<<"$parsed"
  for name in PGHOST PGPORT PGUSER PGDATABASE PGSSLMODE; do
    if [ -n "${!name}" ]; then export "${name?}"; else unset "$name"; fi
  done
  if [ -z "${PGDATABASE:-}" ]; then
    echo "error: DATABASE_URL names no database" >&2
    return 2
  fi
}

# host:port/name, for messages (never the password).
pg_env_where() {
  printf '%s:%s/%s' "${PGHOST:-local socket}" "${PGPORT:-5432}" "${1:-$PGDATABASE}"
}
