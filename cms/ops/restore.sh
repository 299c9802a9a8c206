#!/bin/sh
# Restore a backup made by backup.sh into an EMPTY database (and media folder).
#
#   createdb -h 127.0.0.1 -U postgres loc_restored
#   DATABASE_URL=postgres://.../loc_restored MEDIA_ROOT=/srv/loc/media \
#       cms/ops/restore.sh backups/loc-20260101T020000Z.dump [backups/loc-...-media.tar.gz]
#
# It refuses a database that already has tables: restoring over a live site would mix two
# states. Drop and create the database first (or restore into a new one and point
# DATABASE_URL at it). Everything is restored in one transaction: a failure leaves it empty.
# Afterwards clear the cache (sessions stay valid: they are also in the database) and restart.
set -eu

: "${DATABASE_URL:?DATABASE_URL must name the (empty) database to restore into}"
dump="${1:?usage: restore.sh DUMP [MEDIA_TARBALL]}"
tarball="${2:-}"
media="${MEDIA_ROOT:-$(dirname "$0")/../../media}"

tables="$(psql --no-psqlrc -tA -c \
    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'" \
    "$DATABASE_URL")"
if [ "$tables" != "0" ]; then
    echo "refusing: the database already has $tables tables; restore into an empty one" >&2
    exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname "$DATABASE_URL" "$dump"
echo "database restored from $dump"

if [ -n "$tarball" ]; then
    mkdir -p "$media"
    tar -xzf "$tarball" -C "$media"
    echo "media restored into $media"
fi
