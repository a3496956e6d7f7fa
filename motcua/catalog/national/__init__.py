"""Import of the catalog from the national database of administrative procedures.

Public API (see docs/national-import.md):

- ``read_records(path) -> list[dict]`` reads .jsonl, .jsonl.gz and the portal's .xlsx lists;
- ``import_records(records, *, overwrite_local=False, run=None, progress=None, codes=None,
  withdraw_missing=None, dry_run=False) -> ImportResult`` writes them into the catalog.
"""

from __future__ import annotations

from motcua.catalog.national.reader import SourceError, read_records, read_stream

__all__ = ["ImportResult", "SourceError", "import_records", "read_records", "read_stream"]


def __getattr__(name: str):
    # The importer needs the models; keep ``parsing`` and ``reader`` importable without apps.
    if name in ("import_records", "ImportResult"):
        from motcua.catalog.national import importer

        return getattr(importer, name)
    raise AttributeError(name)
