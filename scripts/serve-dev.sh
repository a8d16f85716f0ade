#!/usr/bin/env bash
# Serve the app for development: Django's server and one Celery process running both the
# worker and the beat scheduler (-B). Ctrl-C (or any exit) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
# Links in the emails the worker sends (reminders, unlock, password reset) point at this server,
# whatever port it was given, unless SITE_URL says otherwise.
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}

cleanup() {
  trap - INT TERM EXIT
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
pids=()
trap cleanup INT TERM EXIT

"$BIN/celery" -A send_portal worker -B --pool=solo --loglevel=INFO \
  --schedule var/celerybeat-schedule &
pids+=($!)
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" &
pids+=($!)

echo "SEND Portal: http://127.0.0.1:$PORT  (Ctrl-C stops the web server and the worker)"
wait -n "${pids[@]}"
