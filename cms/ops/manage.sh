#!/bin/sh
# manage.py with the production environment file: for cron, an upgrade, an admin's shell.
#   cms/ops/manage.sh migrate --noinput
# LOC_ENV_FILE names the file (default /etc/loc/loc.env, the one the systemd units read;
# values with spaces in double quotes, which both systemd and sh understand).
set -eu
cd "$(dirname "$0")/../.."
env_file="${LOC_ENV_FILE:-/etc/loc/loc.env}"
if [ -f "$env_file" ]; then
    set -a
    . "$env_file"
    set +a
fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-cms.settings.production}"
exec .venv/bin/python manage.py "$@"
