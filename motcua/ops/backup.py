"""Backups an operator can restore: the database and the uploaded files in one folder.

A backup folder holds ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or
``database.sqlite3`` (SQLite's online backup, safe while the system runs), ``media.tar.gz``
(``MEDIA_ROOT``: scanned papers, signed results) and ``manifest.json`` (when, which database
engine, the SHA-256 of each file and the row counts of the main tables). ``restore`` checks
the checksums before it touches anything and compares the counts afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"
# Tables whose row counts a restore must reproduce: the dossiers and their history, the
# catalog they follow, the people who file and handle them.
COUNTED = (
    "dossiers.Dossier",
    "dossiers.Event",
    "dossiers.Attachment",
    "catalog.Procedure",
    "catalog.Agency",
    "accounts.User",
    "feedback.Feedback",
)


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: the one on PATH, else a server installation's own."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(f"Không tìm thấy {name} (gói postgresql-client) / {name} not found.")


def _postgres_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """libpq connection arguments and environment (the password never on a command line)."""
    params = connections[alias].get_connection_params()
    arguments = ["--dbname", params.get("dbname") or connections[alias].settings_dict["NAME"]]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            arguments += [option, str(params[key])]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return arguments, env


def row_counts(alias: str = "default") -> dict[str, int]:
    return {label: apps.get_model(label).objects.using(alias).count() for label in COUNTED}


def backup_create(*, destination: Path, alias: str = "default") -> Path:
    """Write a new backup folder under ``destination`` and return it."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = destination / f"motcua-backup-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    db = connections[alias]
    files = []
    if db.vendor == "postgresql":
        arguments, env = _postgres_arguments(alias)
        target = folder / PG_DUMP
        result = subprocess.run(
            [_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
            + arguments,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump: {result.stderr.strip()}")
        files.append(target)
    elif db.vendor == "sqlite":
        target = folder / SQLITE_COPY
        db.ensure_connection()
        with sqlite3.connect(target) as copy:
            db.connection.backup(copy)
        copy.close()
        files.append(target)
    else:
        raise BackupError(f"Unsupported database: {db.vendor}")

    media_root = Path(settings.MEDIA_ROOT)
    media = folder / MEDIA
    with tarfile.open(media, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    files.append(media)

    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": db.vendor,
        "files": {path.name: _sha256(path) for path in files},
        "counts": row_counts(alias),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def read_manifest(folder: Path) -> dict:
    """The manifest, after checking every file it lists against its checksum."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST}: {exc}") from None
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"Tệp sao lưu hỏng hoặc thiếu / damaged or missing: {path}")
    return manifest


def _is_empty(alias: str) -> bool:
    tables = connections[alias].introspection.table_names()
    if "dossiers_dossier" not in tables:
        return True
    return not apps.get_model("dossiers.Dossier").objects.using(alias).exists()


def backup_restore(*, folder: Path, alias: str = "default", force: bool = False) -> dict:
    """Restore ``folder`` into the configured database and ``MEDIA_ROOT``.

    Refuses a database that already holds dossiers, or a non-empty ``MEDIA_ROOT``, unless
    ``force``: a restore replaces everything. Returns the manifest's counts and the restored
    ones.
    """
    manifest = read_manifest(folder)
    db = connections[alias]
    if manifest["engine"] != db.vendor:
        raise BackupError(
            f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {db.vendor}."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if not _is_empty(alias):
            raise BackupError(
                "Cơ sở dữ liệu đích đã có hồ sơ; dùng --force để ghi đè "
                "/ the target database holds dossiers; --force replaces them."
            )
        if media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"MEDIA_ROOT ({media_root}) không trống / is not empty; --force.")

    if db.vendor == "postgresql":
        db.close()
        arguments, env = _postgres_arguments(alias)
        result = subprocess.run(
            [
                _postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(folder / PG_DUMP),
            ]
            + arguments,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore: {result.stderr.strip()}")
    else:
        db.ensure_connection()
        with sqlite3.connect(folder / SQLITE_COPY) as source:
            source.backup(db.connection)
        source.close()

    if force and media_root.is_dir():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media/")
        archive.extractall(media_root, members=[m for m in members if m.name], filter="data")
    db.close()
    return {"expected": manifest["counts"], "restored": row_counts(alias)}
