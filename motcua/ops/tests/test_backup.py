"""A backup restores: into an empty database of the same engine and an empty MEDIA_ROOT,
checked by its checksums, with the same rows, an intact event trail and the same files."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from motcua import testing
from motcua.ops.backup import MANIFEST, BackupError, backup_create, read_manifest
from motcua.ops.tests.conftest import manage, production_env

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def dossiers(frozen):
    p = testing.Province.build()
    procedure = testing.standard_procedure(p)
    return [testing.receive_dossier(p, procedure) for _ in range(3)]


@pytest.fixture
def empty_database(tmp_path):
    """The address of a new, empty database on the suite's own server (or a new file)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_with_its_rows_events_and_files(
    tmp_path, files_on_disk, dossiers, empty_database
):
    default_storage.save("scans/giay-to.pdf", ContentFile(b"%PDF-1.4 giay to"))
    folder = backup_create(destination=tmp_path / "backups")
    manifest = read_manifest(folder)
    assert manifest["counts"]["dossiers.Dossier"] == 3
    assert manifest["counts"]["dossiers.Event"] >= 3

    env = production_env(
        tmp_path / "restored", DATABASE_URL=empty_database, MEDIA_ROOT=str(tmp_path / "media2")
    )
    result = manage(env, "restore", str(folder))
    assert result.returncode == 0, result.stderr
    assert "dossiers.Dossier: 3" in result.stdout
    assert (tmp_path / "media2" / "scans" / "giay-to.pdf").read_bytes() == b"%PDF-1.4 giay to"
    verified = manage(env, "verify_events")
    assert verified.returncode == 0, verified.stderr
    # Everything the code expects is there: no migration left to apply.
    assert manage(env, "migrate", "--check").returncode == 0

    # A second restore over the data is refused unless told to replace it.
    again = manage(env, "restore", str(folder))
    assert again.returncode != 0 and "--force" in again.stderr
    assert manage(env, "restore", "--force", str(folder)).returncode == 0


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path, files_on_disk, dossiers):
    folder = backup_create(destination=tmp_path)
    dump = next(p for p in folder.iterdir() if p.name.startswith("database"))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="hỏng"):
        read_manifest(folder)
    env = production_env(tmp_path / "other")
    result = manage(env, "restore", str(folder))
    assert result.returncode != 0 and "damaged" in result.stderr
    assert not Path(env["MEDIA_ROOT"]).exists()


def test_a_folder_without_a_manifest_is_refused(tmp_path):
    result = manage(production_env(tmp_path), "restore", str(tmp_path))
    assert result.returncode != 0 and MANIFEST in result.stderr
