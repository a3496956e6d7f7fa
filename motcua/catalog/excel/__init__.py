"""Excel import and export of the catalog in one documented layout (docs/catalog-excel.md)."""

from __future__ import annotations

from motcua.catalog.excel.exporter import export_workbook
from motcua.catalog.excel.importer import ImportReport, SheetCount, catalog_import
from motcua.catalog.excel.reader import CellError

__all__ = ["CellError", "ImportReport", "SheetCount", "catalog_import", "export_workbook"]
