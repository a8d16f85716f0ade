#!/usr/bin/env bash
# Restore a backup made by backup.sh into a named database on the server DATABASE_URL points at.
#
#   DATABASE_URL=postgres://user:pass@host:5432/send_portal \
#     scripts/restore.sh [--force] /srv/backups/send_portal-20261124T063000Z.dump send_portal_restored
#
# The target is created when it does not exist. A target that already holds tables is refused
# unless --force is given; then the archive's objects are dropped and restored over them. The
# restore runs as one transaction: if anything fails, the target is left as it was.
# DATABASE_URL gives the server, the user and the password (never the command line); its own
# database is only where CREATE DATABASE is run from.
# Exit codes: 0 restored, 1 the restore failed, 2 usage or configuration error, 3 refused
# (the target is not empty and --force was not given).
set -euo pipefail

usage() {
  echo "usage: DATABASE_URL=postgres://... $0 [--force] ARCHIVE.dump TARGET_DATABASE" >&2
  exit 2
}

force=no
args=()
for arg in "$@"; do
  case "$arg" in
    --force) force=yes ;;
    -h | --help) usage ;;
    -*) echo "error: unknown option $arg" >&2; usage ;;
    *) args+=("$arg") ;;
  esac
done
[ "${#args[@]}" -eq 2 ] || usage
archive="${args[0]}"
target="${args[1]}"
if [ ! -r "$archive" ]; then
  echo "error: cannot read $archive" >&2
  exit 2
fi
# A plain name, so it can never be read as a connection string or need quoting.
if ! [[ "$target" =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]]; then
  echo "error: the target database name may use letters, digits, _ and - only" >&2
  exit 2
fi

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pg-env.sh
source "$here/pg-env.sh"
trap pg_env_cleanup EXIT
pg_env_load || exit 2

if ! pg_restore --list "$archive" >/dev/null; then
  echo "error: $archive is not a pg_dump custom-format archive" >&2
  exit 2
fi

maintenance=(psql --no-password --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1)
exists=$("${maintenance[@]}" -v target="$target" <<<"SELECT 1 FROM pg_database WHERE datname = :'target';")
started=$(date +%s)
if [ -z "$exists" ]; then
  "${maintenance[@]}" -v target="$target" <<<'CREATE DATABASE :"target";' || exit 1
  echo "created database $(pg_env_where "$target")"
  clean=()
else
  objects=$("${maintenance[@]}" --dbname="$target" <<<"
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%';")
  if [ "$objects" != 0 ] && [ "$force" != yes ]; then
    echo "refused: $(pg_env_where "$target") is not empty ($objects tables, views and" \
      "sequences); give --force to restore over it" >&2
    exit 3
  fi
  clean=(--clean --if-exists)
fi

# --no-owner/--no-privileges: the restored objects belong to the user restoring them, so a
# backup restores on a server where the original roles do not exist.
if ! pg_restore --no-password --dbname="$target" --single-transaction --exit-on-error \
  --no-owner --no-privileges "${clean[@]}" "$archive"; then
  if [ -z "$exists" ]; then
    "${maintenance[@]}" -v target="$target" <<<'DROP DATABASE :"target";' || true
    echo "error: restoring $archive failed; the new database $target was dropped again" >&2
  else
    echo "error: restoring $archive into $(pg_env_where "$target") failed; it is unchanged" \
      "(the restore is one transaction)" >&2
  fi
  exit 1
fi
"${maintenance[@]}" --dbname="$target" <<<"ANALYZE;" || true
tables=$("${maintenance[@]}" --dbname="$target" <<<"
  SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema');")
echo "restored $archive into $(pg_env_where "$target") ($tables tables," \
  "$(($(date +%s) - started))s)"
