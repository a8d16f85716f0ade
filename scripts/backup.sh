#!/usr/bin/env bash
# Back up the SEND Portal database: one pg_dump archive in custom format, named with the time
# it was taken, written to BACKUP_DIR, then read back to check it is whole.
#
#   DATABASE_URL=postgres://user:pass@host:5432/send_portal BACKUP_DIR=/srv/backups scripts/backup.sh
#
# Environment: DATABASE_URL (required), BACKUP_DIR (default var/backups), BACKUP_KEEP_DAYS
# (optional: after a good backup, delete this database's archives older than that many days).
# Prints the file it wrote. Exit codes: 0 backed up, 1 the dump or its check failed (nothing is
# left behind but the earlier backups), 2 misconfigured (no DATABASE_URL, not PostgreSQL, ...).
set -euo pipefail
umask 077 # the archive holds children's personal data: readable by its owner only

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/pg-env.sh
source "$here/pg-env.sh"
trap pg_env_cleanup EXIT
pg_env_load || exit 2

backup_dir="${BACKUP_DIR:-$here/../var/backups}"
keep_days="${BACKUP_KEEP_DAYS:-}"
if [ -n "$keep_days" ] && ! [[ "$keep_days" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: BACKUP_KEEP_DAYS must be a whole number of days, not '$keep_days'" >&2
  exit 2
fi
mkdir -p "$backup_dir" || exit 2
backup_dir="$(cd "$backup_dir" && pwd)"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
file="$backup_dir/$PGDATABASE-$stamp.dump"
partial="$file.partial"
started=$(date +%s)

# Written under a temporary name and renamed only once whole and checked, so a dump that
# failed half-way never looks like a backup.
if ! pg_dump --format=custom --compress=6 --no-password --file="$partial"; then
  rm -f "$partial"
  echo "error: pg_dump of $(pg_env_where) failed; no backup written" >&2
  exit 1
fi
if ! tables=$(pg_restore --list "$partial" | grep -c ' TABLE DATA '); then
  rm -f "$partial"
  echo "error: the archive of $(pg_env_where) could not be read back; no backup written" >&2
  exit 1
fi
mv "$partial" "$file"
bytes=$(wc -c <"$file" | tr -d ' ')
echo "backed up $(pg_env_where) to $file ($bytes bytes, $tables tables, $(($(date +%s) - started))s)"

if [ -n "$keep_days" ]; then
  find "$backup_dir" -maxdepth 1 -type f -name "$PGDATABASE-*.dump" ! -newer "$file" \
    -mtime "+$keep_days" -print -delete | sed 's/^/deleted old backup /'
fi
