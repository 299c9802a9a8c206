#!/bin/sh
# Back up the site: the database (pg_dump, custom format) and the media folder (a tarball).
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/loc/media cms/ops/backup.sh /srv/backups
#
# Writes <dir>/loc-<UTC time>.dump and <dir>/loc-<UTC time>-media.tar.gz and prints both
# paths. Media on S3 (AWS_STORAGE_BUCKET_NAME set) are not in the tarball: keep them with the
# bucket's versioning or replication instead. Safe while the site runs: pg_dump reads one
# consistent snapshot.
set -eu

: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
out="${1:-backups}"
media="${MEDIA_ROOT:-$(dirname "$0")/../../media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
umask 077  # members' data: readable by this user only

pg_dump --format=custom --no-owner --no-privileges --file "$out/loc-$stamp.dump" "$DATABASE_URL"
echo "$out/loc-$stamp.dump"

if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    echo "media are in the S3 bucket $AWS_STORAGE_BUCKET_NAME: not archived here" >&2
elif [ -d "$media" ]; then
    tar -czf "$out/loc-$stamp-media.tar.gz" -C "$media" .
    echo "$out/loc-$stamp-media.tar.gz"
else
    echo "no media folder at $media: nothing to archive" >&2
fi
