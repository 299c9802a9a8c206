"""cms/ops/backup.sh and restore.sh: a backup of a PostgreSQL database restores into another
with the same rows, and the media come back byte for byte."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.postgres
OPS = Path(__file__).resolve().parents[2] / "cms" / "ops"


def url(name):
    s = connection.settings_dict
    return (f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{name}")


def psql(database_url, sql):
    return subprocess.run(["psql", "--no-psqlrc", "-tA", "-c", sql, database_url], check=True,
                          capture_output=True, text=True).stdout.strip()


def counts(database_url):
    return {table: psql(database_url, f"SELECT count(*) FROM {table}")  # noqa: S608
            for table in ("wagtailcore_page", "accounts_user", "wagtailsearch_indexentry")}


@pytest.fixture
def restored_db():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = url("postgres")
    psql(admin, f'DROP DATABASE IF EXISTS "{name}"')
    psql(admin, f'CREATE DATABASE "{name}"')
    yield url(name)
    psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script, *args, env):
    return subprocess.run([str(OPS / script), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


@pytest.mark.django_db(transaction=True)  # pg_dump must see the rows: committed, not in a test
def test_backup_restores_into_another_database_with_the_same_rows(
    demo_content, restored_db, tmp_path
):
    source = url(connection.settings_dict["NAME"])
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "foto.jpg").write_bytes(b"\xff\xd8 not really a jpeg")

    backup = run("backup.sh", tmp_path / "backups",
                 env={"DATABASE_URL": source, "MEDIA_ROOT": str(media)})
    assert backup.returncode == 0, backup.stderr
    dump, tarball = backup.stdout.split()
    assert dump.endswith(".dump") and tarball.endswith("-media.tar.gz")

    target_media = tmp_path / "restored-media"
    restore = run("restore.sh", dump, tarball,
                  env={"DATABASE_URL": restored_db, "MEDIA_ROOT": str(target_media)})
    assert restore.returncode == 0, restore.stderr

    before = counts(source)
    assert int(before["wagtailcore_page"]) > 50  # the demo, not an empty site
    assert counts(restored_db) == before
    assert psql(restored_db, "SELECT email FROM accounts_user WHERE is_superuser") == \
        psql(source, "SELECT email FROM accounts_user WHERE is_superuser")
    assert (target_media / "original_images" / "foto.jpg").read_bytes() == \
        (media / "original_images" / "foto.jpg").read_bytes()

    # A second restore over the now-filled database is refused and changes nothing.
    again = run("restore.sh", dump, env={"DATABASE_URL": restored_db})
    assert again.returncode == 1
    assert "refusing" in again.stderr
    assert counts(restored_db) == before
