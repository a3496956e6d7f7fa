"""Importing a catalog workbook: validate everything, then apply all of it or nothing.

Rules (docs/catalog-excel.md explains them for administrators):

- Fields, agencies and procedures are keyed by their codes: a row whose code is
  new creates a record, a known code updates it. A column that is absent from a
  sheet leaves that attribute untouched; a blank cell means "empty".
- Channels, documents and fees of a procedure that appears in their sheet are
  replaced by exactly the rows of the file. Rows are matched to existing records
  by their natural key (channel; case and name; name), so records that did not
  change keep their identity (and a document keeps its uploaded template file).
- The steps of a procedure publish a new process version only when they differ
  from the current version, through ``process_publish`` which checks the budgets.
- Nothing is written if any cell is wrong; re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.utils.translation import gettext_lazy as _

from motcua.catalog.excel import layout
from motcua.catalog.excel.reader import CellError, Progress, Row, SheetData, read_workbook
from motcua.catalog.models import (
    Agency,
    Fee,
    Field,
    Procedure,
    ProcedureChannel,
    Process,
    RequiredDocument,
    format_amount,
)
from motcua.catalog.services import StepSpec, process_check_budgets, process_publish
from motcua.catalog.validators import validate_agency_code, validate_procedure_code

DUPLICATE_ROW = _("Trùng “%(value)s” với dòng %(row)s.")
DUPLICATE_STEP = _("Bước %(order)s của thủ tục “%(code)s” đã có ở dòng %(row)s.")
FIELD_NOT_FOUND = _(
    "Không có lĩnh vực mã “%(code)s” trong trang “Lĩnh vực” của tệp hay trong hệ thống."
)
AGENCY_NOT_FOUND = _(
    "Không có cơ quan mã định danh “%(code)s” trong trang “Cơ quan” của tệp hay trong hệ thống."
)
PROCEDURE_NOT_FOUND = _(
    "Không có thủ tục mã “%(code)s” trong trang “Thủ tục” của tệp hay trong hệ thống."
)
FIELD_NAME_TAKEN = _("Tên lĩnh vực “%(name)s” đã dùng cho lĩnh vực mã “%(code)s”.")
AGENCY_CYCLE = _("Cơ quan cấp trên tạo thành vòng lặp: %(chain)s.")
BAD_EMAIL = _("Thư điện tử “%(value)s” không hợp lệ.")
LIMIT_BREAKS_PROCESS = _(
    "Thời hạn mới là %(limit)s giờ làm việc nhưng quy trình đang áp dụng (phiên bản %(version)s) "
    "có tổng %(total)s giờ làm việc: hãy gửi kèm các bước mới trong trang “Quy trình”."
)
WRITE_FAILED = _("Không ghi được dữ liệu, không có thay đổi nào được lưu: %(detail)s")
IMPORT_NOTE = "Nhập từ tệp Excel"

CHUNK = 500


@dataclass
class SheetCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ImportReport:
    errors: list[CellError] = field(default_factory=list)
    counts: dict[str, SheetCount] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return sum(count.changes for count in self.counts.values())


def catalog_import(
    *,
    source: str | IO[bytes],
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the workbook at ``source`` (a path or a binary file object).

    Returns a report with every error (and nothing written) or the counts of
    what changed. ``dry_run`` applies everything and rolls it back, so its
    counts are exact.
    """
    book = read_workbook(source, progress=progress)
    report = ImportReport(errors=list(book.errors), dry_run=dry_run)
    if book.fatal:
        return report
    with transaction.atomic():
        plan = _Validator(book.sheets, report.errors).run()
        if report.errors:
            return report
        try:
            with transaction.atomic():
                report.counts = _Applier(plan, user, progress).run()
                if dry_run:
                    transaction.set_rollback(True)
        except (ValidationError, DatabaseError, ValueError) as exc:
            # Validation should have caught it; never leave half a catalog behind.
            detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            report.errors.append(
                CellError("", None, "", "", str(WRITE_FAILED % {"detail": detail}))
            )
            report.counts = {}
    return report


def _chunks(items: Iterable[str]) -> Iterable[list[str]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _by_code(model, codes: Iterable[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for chunk in _chunks(set(codes)):
        found.update({obj.code: obj for obj in model.objects.filter(code__in=chunk)})
    return found


@dataclass
class Plan:
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    agencies: dict[str, dict[str, Any]] = field(default_factory=dict)
    procedures: dict[str, dict[str, Any]] = field(default_factory=dict)
    # procedure code -> rows (value dicts) in file order
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    documents: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fees: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    steps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    present: dict[str, set[str]] = field(default_factory=dict)  # sheet -> column keys
    db_fields: dict[str, Field] = field(default_factory=dict)
    db_agencies: dict[str, Agency] = field(default_factory=dict)
    db_procedures: dict[str, Procedure] = field(default_factory=dict)
    agency_order: list[str] = field(default_factory=list)


class _Validator:
    """Cross-sheet rules. Cell-level errors were found by the reader."""

    def __init__(self, sheets: dict[str, SheetData], errors: list[CellError]):
        self.sheets = sheets
        self.errors = errors
        self.plan = Plan(present={name: data.present for name, data in sheets.items()})
        self.file_fields: set[str] = set()
        self.file_agencies: set[str] = set()
        self._procedure_rows: dict[str, Row] = {}
        self._child_rows: dict[str, dict[str, list[Row]]] = {}

    def run(self) -> Plan:
        self._fields()
        self._agencies()
        self._procedures()
        for spec, target in (
            (layout.CHANNELS_SHEET, self.plan.channels),
            (layout.DOCUMENTS, self.plan.documents),
            (layout.FEES, self.plan.fees),
            (layout.STEPS, self.plan.steps),
        ):
            self._children(spec, target)
        self._steps()
        self._limits()
        self.errors.sort(key=_error_order)
        return self.plan

    # -- helpers ------------------------------------------------------------
    def _add(self, sheet: SheetData, row: Row, key: str, message) -> None:
        row.bad.add(key)
        self.errors.append(sheet.error(row, key, str(message)))

    def _keyed_rows(self, sheet: SheetData, validator=None) -> dict[str, Row]:
        """Rows by their code; a repeated code is an error on the later row."""
        rows: dict[str, Row] = {}
        for row in sheet.rows:
            if "code" in row.bad:
                continue
            code = row.values["code"]
            if validator is not None:
                try:
                    validator(code)
                except ValidationError as exc:
                    self._add(sheet, row, "code", exc.messages[0])
                    continue
            if code in rows:
                self._add(
                    sheet, row, "code", DUPLICATE_ROW % {"value": code, "row": rows[code].number}
                )
                continue
            rows[code] = row
        return rows

    def _agency_exists(self, code: str) -> bool:
        return code in self.file_agencies or code in self.plan.db_agencies

    # -- sheets -------------------------------------------------------------
    def _fields(self) -> None:
        sheet = self.sheets.get(layout.FIELDS.name)
        if sheet is None:
            return
        rows = self._keyed_rows(sheet)
        self.file_fields = set(rows)
        self.plan.db_fields = _by_code(Field, rows)
        owner: dict[str, str] = {}
        for code, name in Field.objects.values_list("code", "name"):
            if code not in rows or "name" not in rows[code].values:
                owner[name] = code
        for code, row in rows.items():
            name = row.values.get("name")
            if name is None:
                continue
            if owner.setdefault(name, code) != code:
                self._add(
                    sheet, row, "name", FIELD_NAME_TAKEN % {"name": name, "code": owner[name]}
                )
        self.plan.fields = {code: row.values for code, row in rows.items() if not row.bad}

    def _agencies(self) -> None:
        sheet = self.sheets.get(layout.AGENCIES.name)
        if sheet is None:
            return
        rows = self._keyed_rows(sheet, validate_agency_code)
        self.file_agencies = set(rows)
        parents = dict(Agency.objects.values_list("code", "parent__code"))
        for code, row in rows.items():
            email = row.values.get("email")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self._add(sheet, row, "email", BAD_EMAIL % {"value": email})
            if "parent" in row.values:
                parent = row.values["parent"] or None
                if parent is not None and parent not in rows and parent not in parents:
                    self._add(sheet, row, "parent", AGENCY_NOT_FOUND % {"code": parent})
                parents[code] = parent
            elif code not in parents:
                parents[code] = None
        for code, row in rows.items():
            if "parent" in row.bad:
                continue
            chain = [code]
            current = parents.get(code)
            while current is not None and current not in chain:
                chain.append(current)
                current = parents.get(current)
            if current is not None:
                chain.append(current)
                self._add(sheet, row, "parent", AGENCY_CYCLE % {"chain": " → ".join(chain)})
        self.plan.db_agencies = _by_code(Agency, rows)
        self.plan.agencies = {code: row.values for code, row in rows.items() if not row.bad}

        def depth(code: str) -> int:
            level, current = 0, parents.get(code)
            while current is not None and level < len(parents):
                level, current = level + 1, parents.get(current)
            return level

        self.plan.agency_order = sorted(self.plan.agencies, key=depth)

    def _resolve_agencies(self, codes: Iterable[str]) -> None:
        missing = {code for code in codes if not self._agency_exists(code)}
        if missing:
            self.plan.db_agencies.update(_by_code(Agency, missing))

    def _procedures(self) -> None:
        sheet = self.sheets.get(layout.PROCEDURES.name)
        if sheet is None:
            return
        rows = self._keyed_rows(sheet, validate_procedure_code)
        field_codes = {row.values["field"] for row in rows.values() if "field" in row.values}
        known_fields = self.file_fields | set(self.plan.db_fields)
        unknown = field_codes - known_fields
        for chunk in _chunks(unknown):
            known_fields.update(Field.objects.filter(code__in=chunk).values_list("code", flat=True))
        self._resolve_agencies(
            code for row in rows.values() for code in row.values.get("agencies", ())
        )
        for row in rows.values():
            code = row.values.get("field")
            if code is not None and code not in known_fields:
                self._add(sheet, row, "field", FIELD_NOT_FOUND % {"code": code})
            missing = [c for c in row.values.get("agencies", ()) if not self._agency_exists(c)]
            if missing:
                self._add(sheet, row, "agencies", AGENCY_NOT_FOUND % {"code": "; ".join(missing)})
        self.plan.db_procedures = _by_code(Procedure, rows)
        self.plan.procedures = {code: row.values for code, row in rows.items() if not row.bad}
        self._procedure_rows = rows

    def _children(self, spec: layout.Sheet, target: dict[str, list[dict[str, Any]]]) -> None:
        sheet = self.sheets.get(spec.name)
        if sheet is None:
            return
        codes = {row.values["procedure"] for row in sheet.rows if "procedure" in row.values}
        in_file = self._procedure_rows
        self.plan.db_procedures.update(
            _by_code(Procedure, codes - set(in_file) - set(self.plan.db_procedures))
        )
        by_procedure: dict[str, list[Row]] = defaultdict(list)
        for row in sheet.rows:
            code = row.values.get("procedure")
            if code is None:
                continue
            if code not in in_file and code not in self.plan.db_procedures:
                self._add(sheet, row, "procedure", PROCEDURE_NOT_FOUND % {"code": code})
                continue
            by_procedure[code].append(row)
        self._child_rows[spec.name] = by_procedure
        for code, rows in by_procedure.items():
            if all(not row.bad for row in rows):
                target[code] = [{**row.values, "_row": row.number} for row in rows]

    def _steps(self) -> None:
        sheet = self.sheets.get(layout.STEPS.name)
        if sheet is None:
            return
        by_procedure: dict[str, list[Row]] = self._child_rows.get(layout.STEPS.name, {})
        self._resolve_agencies(
            row.values["unit"]
            for rows in by_procedure.values()
            for row in rows
            if row.values.get("unit")
        )
        for code, rows in by_procedure.items():
            seen: dict[int, int] = {}
            for row in rows:
                unit = row.values.get("unit")
                if unit and not self._agency_exists(unit):
                    self._add(sheet, row, "unit", AGENCY_NOT_FOUND % {"code": unit})
                order = row.values.get("order")
                if order is not None:
                    if order in seen:
                        self._add(
                            sheet,
                            row,
                            "order",
                            DUPLICATE_STEP % {"order": order, "code": code, "row": seen[order]},
                        )
                    else:
                        seen[order] = row.number
            if any(row.bad for row in rows):
                self.plan.steps.pop(code, None)
                continue
            procedure = self._future_procedure(code)
            if procedure is None:
                # The procedure's own row has errors, already reported.
                self.plan.steps.pop(code, None)
                continue
            steps = [
                StepSpec(row.values["name"], row.values["role"], row.values["budget_hours"])
                for row in rows
            ]
            try:
                process_check_budgets(procedure, steps)
            except ValidationError as exc:
                first = min(rows, key=lambda row: row.number)
                self._add(sheet, first, "budget_hours", exc.messages[0])
                self.plan.steps.pop(code, None)

    def _limits(self) -> None:
        """A new time limit must still fit the current process, unless new steps come too."""
        sheet = self.sheets.get(layout.PROCEDURES.name)
        if sheet is None:
            return
        with_steps = set(self._child_rows.get(layout.STEPS.name, {}))
        for code, row in self._procedure_rows.items():
            existing = self.plan.db_procedures.get(code)
            if existing is None or code in with_steps or row.bad:
                continue
            columns = [key for key in _LIMIT_KEYS if key in row.values]
            future = self._future_procedure(code)
            if not columns or future is None:
                continue
            hours = future.time_limit_hours
            if hours == existing.time_limit_hours and future.time_limit == existing.time_limit:
                continue
            process = existing.current_process
            if process is None:
                continue
            total = process.total_hours
            if hours != total:
                key = next(
                    (k for k in ("committed_time_amount", "legal_time_amount") if k in columns),
                    columns[0],
                )
                self._add(
                    sheet,
                    row,
                    key,
                    LIMIT_BREAKS_PROCESS
                    % {
                        "limit": "—" if hours is None else format_amount(hours),
                        "version": process.version,
                        "total": format_amount(total),
                    },
                )

    def _future_procedure(self, code: str) -> Procedure | None:
        """The procedure as it will be after the import, unsaved, to check step budgets."""
        rows = self._procedure_rows
        existing = self.plan.db_procedures.get(code)
        if code not in rows:
            return existing
        row = rows[code]
        if row.bad:
            return None
        procedure = Procedure() if existing is None else Procedure(**_copy_fields(existing))
        for key in _LIMIT_KEYS:
            if key in row.values:
                setattr(procedure, key, row.values[key])
        return procedure


_LIMIT_KEYS = (
    "legal_time_amount",
    "legal_time_unit",
    "committed_time_amount",
    "committed_time_unit",
)


def _copy_fields(procedure: Procedure) -> dict[str, Any]:
    return {
        f.attname: getattr(procedure, f.attname)
        for f in Procedure._meta.concrete_fields
        if not f.primary_key
    }


def _error_order(error: CellError) -> tuple:
    sheets = [sheet.name for sheet in layout.SHEETS]
    position = sheets.index(error.sheet) if error.sheet in sheets else -1
    return (position, error.row or 0, len(error.column), error.column)


# --- applying ---------------------------------------------------------------


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _flags(values: dict[str, Any], key: str, enumeration: layout.Enumeration) -> dict[str, bool]:
    if key not in values:
        return {}
    chosen = values[key]
    return {choice.value: choice.value in chosen for choice in enumeration.choices}


class _Applier:
    def __init__(self, plan: Plan, user, progress: Progress | None):
        self.plan = plan
        self.user = user
        self.progress = progress
        self.counts: dict[str, SheetCount] = {}
        self.fields: dict[str, Field] = dict(plan.db_fields)
        self.agencies: dict[str, Agency] = dict(plan.db_agencies)
        self.procedures: dict[str, Procedure] = dict(plan.db_procedures)

    def run(self) -> dict[str, SheetCount]:
        present = self.plan.present
        if layout.FIELDS.name in present:
            self._fields()
        if layout.AGENCIES.name in present:
            self._agencies()
        if layout.PROCEDURES.name in present:
            self._procedures()
        if layout.CHANNELS_SHEET.name in present:
            self._replace(
                layout.CHANNELS_SHEET,
                self.plan.channels,
                ProcedureChannel,
                "channels",
                ("channel",),
            )
        if layout.DOCUMENTS.name in present:
            self._replace(
                layout.DOCUMENTS,
                self.plan.documents,
                RequiredDocument,
                "documents",
                ("case_name", "name"),
            )
        if layout.FEES.name in present:
            self._replace(layout.FEES, self.plan.fees, Fee, "fees", ("name",))
        if layout.STEPS.name in present:
            self._steps()
        return self.counts

    def _tick(self, stage: str, done: int, total: int) -> None:
        if self.progress and (done % 200 == 0 or done == total):
            self.progress(f"Ghi {stage}", done, total)

    def _field(self, code: str) -> Field:
        if code not in self.fields:
            self.fields[code] = Field.objects.get(code=code)
        return self.fields[code]

    def _agency(self, code: str) -> Agency:
        if code not in self.agencies:
            self.agencies[code] = Agency.objects.get(code=code)
        return self.agencies[code]

    def _fields(self) -> None:
        count = self.counts.setdefault(layout.FIELDS.name, SheetCount())
        for code, values in self.plan.fields.items():
            obj = self.fields.get(code)
            if obj is None:
                obj = self.fields[code] = Field(code=code)
                _assign(obj, values)
                obj.save()
                count.created += 1
            elif _assign(obj, values):
                obj.save()
                count.updated += 1
            else:
                count.unchanged += 1

    def _agencies(self) -> None:
        count = self.counts.setdefault(layout.AGENCIES.name, SheetCount())
        moved = False
        total = len(self.plan.agency_order)
        for done, code in enumerate(self.plan.agency_order, start=1):
            values = dict(self.plan.agencies[code])
            parent_code = values.pop("parent", _KEEP)
            obj = self.agencies.get(code)
            is_new = obj is None
            if is_new:
                obj = Agency(code=code)
            if moved and not is_new:
                # An earlier move rewrote materialised paths in the database.
                obj.refresh_from_db(fields=["path", "depth", "parent"])
            changed = _assign(obj, values)
            if parent_code is not _KEEP:
                parent = self._agency(parent_code) if parent_code else None
                if obj.parent_id != (parent.pk if parent else None):
                    changed = True
                    moved = moved or not is_new
                    obj.parent = Agency.objects.get(pk=parent.pk) if parent else None
            if is_new:
                obj.save()
                self.agencies[code] = obj
                count.created += 1
            elif changed:
                if obj.parent_id and moved:
                    obj.parent = Agency.objects.get(pk=obj.parent_id)
                obj.save()
                count.updated += 1
            else:
                count.unchanged += 1
            self._tick(layout.AGENCIES.name, done, total)

    def _procedures(self) -> None:
        count = self.counts.setdefault(layout.PROCEDURES.name, SheetCount())
        through = Procedure.agencies.through
        current: dict[int, set[int]] = defaultdict(set)
        ids = [p.pk for p in self.procedures.values() if p.code in self.plan.procedures]
        for chunk in _chunks(ids):
            for procedure_id, agency_id in through.objects.filter(
                procedure_id__in=chunk
            ).values_list("procedure_id", "agency_id"):
                current[procedure_id].add(agency_id)
        total = len(self.plan.procedures)
        links: list[Any] = []  # agencies of new procedures, inserted at once
        for done, (code, values) in enumerate(self.plan.procedures.items(), start=1):
            plain = {key: values[key] for key in layout.PROCEDURE_PLAIN if key in values}
            plain.update(_flags(values, "levels", layout.PROCEDURE_LEVELS))
            plain.update(_flags(values, "deliveries", layout.DELIVERIES))
            if "field" in values:
                plain["field_id"] = self._field(values["field"]).pk
            obj = self.procedures.get(code)
            if obj is None:
                obj = Procedure(code=code)
                _assign(obj, plain)
                obj.save()
                self.procedures[code] = obj
                links.extend(
                    through(procedure_id=obj.pk, agency_id=self._agency(c).pk)
                    for c in values.get("agencies", ())
                )
                count.created += 1
                self._tick(layout.PROCEDURES.name, done, total)
                continue
            changed = _assign(obj, plain)
            if changed:
                obj.save()
            if "agencies" in values:
                wanted = {self._agency(c).pk for c in values["agencies"]}
                if wanted != current.get(obj.pk, set()):
                    obj.agencies.set(wanted)
                    changed = True
            if changed:
                count.updated += 1
            else:
                count.unchanged += 1
            self._tick(layout.PROCEDURES.name, done, total)
        through.objects.bulk_create(links, batch_size=CHUNK)

    def _replace(
        self,
        spec: layout.Sheet,
        plan: dict[str, list[dict[str, Any]]],
        model,
        related: str,
        key_fields: tuple[str, ...],
    ) -> None:
        """Make each procedure's set of ``model`` rows equal to the file's rows."""
        count = self.counts.setdefault(spec.name, SheetCount())
        present = self.plan.present[spec.name]
        keys = [name for name in key_fields if name in present]
        existing: dict[int, list[Any]] = defaultdict(list)
        procedures = {code: self._procedure(code) for code in plan}
        for chunk in _chunks([p.pk for p in procedures.values()]):
            for obj in model.objects.filter(procedure_id__in=chunk).order_by(
                "procedure_id", "order", "pk"
            ):
                existing[obj.procedure_id].append(obj)
        total = len(plan)
        new: list[Any] = []
        leftover: list[int] = []
        for done, (code, rows) in enumerate(plan.items(), start=1):
            procedure = procedures[code]
            pool: dict[tuple, list[Any]] = defaultdict(list)
            for obj in existing.get(procedure.pk, []):
                pool[tuple(getattr(obj, name) for name in keys)].append(obj)
            pairs: list[tuple[dict[str, Any], Any]] = []
            for row in rows:
                values = {
                    k: v for k, v in row.items() if not k.startswith("_") and k != "procedure"
                }
                candidates = pool.get(tuple(values.get(name) for name in keys))
                pairs.append((values, candidates.pop(0) if candidates else None))
            matched = [obj for _values, obj in pairs if obj is not None]
            # Without explicit numbers, the file's row order is the order; existing
            # numbers are kept when they already give that order.
            renumber = len(matched) < len(pairs) or [obj.pk for obj in matched] != [
                obj.pk for obj in sorted(matched, key=lambda obj: (obj.order, obj.pk))
            ]
            for position, (values, obj) in enumerate(pairs, start=1):
                if values.get("order") is None and ("order" in values or renumber):
                    values["order"] = position
                if obj is None:
                    new.append(model(procedure=procedure, **values))
                elif _assign(obj, values):
                    obj.save()
                    count.updated += 1
                else:
                    count.unchanged += 1
            leftover.extend(obj.pk for objs in pool.values() for obj in objs)
            self._tick(spec.name, done, total)
        for chunk in _chunks(leftover):
            model.objects.filter(pk__in=chunk).delete()
        model.objects.bulk_create(new, batch_size=CHUNK)
        count.created += len(new)
        count.deleted += len(leftover)

    def _procedure(self, code: str) -> Procedure:
        if code not in self.procedures:
            self.procedures[code] = Procedure.objects.get(code=code)
        return self.procedures[code]

    def _steps(self) -> None:
        count = self.counts.setdefault(layout.STEPS.name, SheetCount())
        procedures = {code: self._procedure(code) for code in self.plan.steps}
        latest: dict[int, Process] = {}
        for chunk in _chunks([p.pk for p in procedures.values()]):
            for process in (
                Process.objects.filter(procedure_id__in=chunk)
                .order_by("procedure_id", "-version")
                .prefetch_related("steps")
            ):
                latest.setdefault(process.procedure_id, process)
        total = len(self.plan.steps)
        for done, (code, rows) in enumerate(self.plan.steps.items(), start=1):
            procedure = procedures[code]
            rows = sorted(rows, key=lambda row: row["order"])
            wanted = [
                (
                    row["name"],
                    row["role"],
                    self._agency(row["unit"]).pk if row.get("unit") else None,
                    Decimal(row["budget_hours"]),
                )
                for row in rows
            ]
            process = latest.get(procedure.pk)
            if process is not None:
                have = [
                    (step.name, step.role, step.unit_id, step.budget_hours)
                    for step in sorted(process.steps.all(), key=lambda step: step.order)
                ]
                if have == wanted:
                    count.unchanged += 1
                    self._tick(layout.STEPS.name, done, total)
                    continue
            process_publish(
                procedure=procedure,
                steps=[
                    StepSpec(
                        name=name,
                        role=role,
                        budget_hours=hours,
                        unit=self._agency(row["unit"]) if row.get("unit") else None,
                    )
                    for (name, role, _unit, hours), row in zip(wanted, rows, strict=True)
                ],
                note=IMPORT_NOTE,
                user=self.user,
            )
            if process is None:
                count.created += 1
            else:
                count.updated += 1
            self._tick(layout.STEPS.name, done, total)


_KEEP = object()
