"""Writing parsed national records into the catalog, idempotently.

``import_records`` is the one write path: the management command, the admin's
background task and the demo loader call it. See docs/national-import.md for the
rules (what is national data, what is a local decision kept on re-import, when a
procedure is withdrawn).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from motcua.catalog.models import (
    Agency,
    Fee,
    Field,
    OnlineMode,
    Procedure,
    ProcedureChannel,
    Process,
    RequiredDocument,
)
from motcua.catalog.models.national import (
    AgencyNameMapping,
    ImportRun,
    NationalRecord,
    name_key,
)
from motcua.catalog.national import parsing
from motcua.catalog.national.records import (
    Issue,
    Kind,
    Prepared,
    prepare,
)
from motcua.lib.text import fold
from motcua.workdays.units import TimeUnit

COUNT_KEYS = (
    "read",
    "imported",
    "updated",
    "skipped",
    "durations_parsed",
    "fees_parsed",
    "documents_parsed",
    "unparsed",
)
CHUNK_SIZE = 100

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    counts: Counter = field(default_factory=Counter)
    issues: list[Issue] = field(default_factory=list)
    unmatched_agencies: Counter = field(default_factory=Counter)
    unmatched_examples: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        """The eight counts of the issue, then the totals that give the parse rates."""
        data = {key: int(self.counts[key]) for key in COUNT_KEYS}
        for key in (
            "unchanged",
            "withdrawn",
            "reactivated",
            "durations_total",
            "fees_total",
            "documents_total",
            "unmatched_agency_names",
        ):
            data[key] = int(self.counts[key])
        return data

    def rates(self) -> dict[str, float]:
        def rate(parsed: str, total: str) -> float:
            return (
                round(100 * self.counts[parsed] / self.counts[total], 1)
                if self.counts[total]
                else 100.0
            )

        return {
            "durations": rate("durations_parsed", "durations_total"),
            "fees": rate("fees_parsed", "fees_total"),
            "documents": rate("documents_parsed", "documents_total"),
        }


class _DryRun(Exception):
    pass


def _raw_code(record: dict) -> str:
    return parsing.clean(str(record.get("ma_thu_tuc") or record.get("ma_so") or ""))


def import_records(
    records: Iterable[dict],
    *,
    overwrite_local: bool = False,
    run: ImportRun | None = None,
    progress: Progress | None = None,
    codes: set[str] | None = None,
    withdraw_missing: bool | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Create or update fields and procedures from national records; see the module docstring.

    ``records`` are dicts as ``read_records`` yields them (detail records and list
    rows may be mixed). ``codes`` limits the import to those procedure codes and
    then never withdraws anything. ``withdraw_missing`` (default: when ``codes`` is
    not given) marks withdrawn the procedures of the same source that the records do
    not contain. ``dry_run`` does everything in a transaction and rolls it back.
    """
    if codes is not None:
        wanted = set(codes)
        records = [record for record in records if _raw_code(record) in wanted]
    else:
        records = list(records)
    if withdraw_missing is None:
        withdraw_missing = codes is None
    result = ImportResult()
    result.counts["read"] = len(records)
    if progress:
        progress(0, len(records))
    items = [prepare(record) for record in records]
    _skip_conflicts(items)
    writer = _Writer(result=result, overwrite_local=overwrite_local, run=run)
    total = len(items)

    # Detail records first, then list rows, never in the same chunk: a code then
    # appears at most once per chunk, and a list row sees the detail record it defers to.
    chunks = [
        group[start : start + CHUNK_SIZE]
        for group in (
            [i for i in items if i.source == "detail"],
            [i for i in items if i.source != "detail"],
        )
        for start in range(0, len(group), CHUNK_SIZE)
    ]

    def work(atomic_chunks: bool) -> None:
        done = 0
        for chunk in chunks:
            if atomic_chunks:
                with transaction.atomic():
                    writer.write_chunk(chunk)
            else:
                writer.write_chunk(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
        if withdraw_missing and items:
            with transaction.atomic():
                writer.withdraw_missing(items)

    if dry_run:
        try:
            with transaction.atomic():
                work(atomic_chunks=False)
                raise _DryRun
        except _DryRun:
            pass
    else:
        work(atomic_chunks=True)
    for item in items:
        result.issues.extend(item.issues)
        if item.skip_reason:
            result.counts["skipped"] += 1
        else:
            result.counts.update(item.stats)
    result.counts["unmatched_agency_names"] = len(result.unmatched_agencies)
    return result


def _skip_conflicts(items: list[Prepared]) -> None:
    """One code twice in the input: same name → keep the first; different names → skip all."""
    groups: dict[tuple[str, str], list[Prepared]] = defaultdict(list)
    for item in items:
        if not item.skip_reason:
            groups[(item.source, item.code)].append(item)
    for (_source, code), group in groups.items():
        if len(group) < 2:
            continue
        names = {name_key(item.name) for item in group}
        if len(names) > 1:
            listing = " | ".join(dict.fromkeys(item.name for item in group))
            for item in group:
                item.skip_reason = Kind.CONFLICT
                item.issue(
                    Kind.CONFLICT,
                    "ten_thu_tuc",
                    f"Mã {code} xuất hiện {len(group)} lần với tên khác nhau; không nhập mã này.",
                    listing,
                )
        else:
            for item in group[1:]:
                item.skip_reason = Kind.DUPLICATE
                item.issue(Kind.DUPLICATE, "ma_thu_tuc", f"Mã {code} lặp lại; chỉ nhập lần đầu.")


def field_code(name: str, taken: set[str]) -> str:
    """A stable code for a field known only by its name: the slug of the folded name.

    Names longer than 40 characters keep 31 characters of the slug and 8 of a hash
    of the whole name, so two long names never share a code.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "linh-vuc"
    if len(slug) > 40:
        digest = hashlib.sha1(fold(name).encode()).hexdigest()[:8]
        slug = f"{slug[:31].rstrip('-')}-{digest}"
    code, number = slug, 2
    while code in taken:
        suffix = f"-{number}"
        code, number = slug[: 40 - len(suffix)] + suffix, number + 1
    return code


def _keyed(rows, key) -> dict:
    found: dict = defaultdict(list)
    for row in rows:
        found[key(row)].append(row)
    return found


class _Writer:
    def __init__(self, *, result: ImportResult, overwrite_local: bool, run: ImportRun | None):
        self.result = result
        self.overwrite = overwrite_local
        self.run = run
        self.now = timezone.now()
        self.fields = {name_key(f.name): f for f in Field.objects.all()}
        self.field_codes = set(Field.objects.values_list("code", flat=True))
        self.mapping: dict[str, list[int]] = defaultdict(list)
        for key, agency_id in AgencyNameMapping.objects.values_list("source_key", "agency_id"):
            self.mapping[key].append(agency_id)
        self.agencies_by_name: dict[str, list[int]] = defaultdict(list)
        for agency_id, agency_name in Agency.objects.values_list("pk", "name"):
            self.agencies_by_name[name_key(agency_name)].append(agency_id)

    # --- helpers ---------------------------------------------------------------------

    def field_for(self, name: str) -> Field:
        key = name_key(name)
        found = self.fields.get(key)
        if found is None:
            code = field_code(name, self.field_codes)
            found = Field.objects.create(code=code, name=name[:255])
            self.fields[key] = found
            self.field_codes.add(code)
        return found

    def resolve_agencies(self, item: Prepared) -> set[int]:
        ids: set[int] = set()
        for agency_name in item.agency_names:
            key = name_key(agency_name)
            matched = self.mapping.get(key) or self.agencies_by_name.get(key)
            if matched:
                ids.update(matched)
            else:
                self.result.unmatched_agencies[agency_name] += 1
                examples = self.result.unmatched_examples.setdefault(agency_name, [])
                if len(examples) < 5:
                    examples.append(item.code)
        return ids

    # --- one chunk -----------------------------------------------------------------------

    def write_chunk(self, chunk: list[Prepared]) -> None:
        items = [item for item in chunk if not item.skip_reason]
        if not items:
            return
        procedures = {p.code: p for p in Procedure.objects.filter(code__in=[i.code for i in items])}
        records = {
            (r.procedure_id, r.source): r
            for r in NationalRecord.objects.filter(procedure__in=procedures.values()).defer(
                "payload"
            )
        }
        ids = [p.pk for p in procedures.values()]
        to_sync: list[tuple[Procedure, Prepared]] = []
        agency_links = defaultdict(set)
        through = Procedure.agencies.through
        for procedure_id, agency_id in through.objects.filter(procedure_id__in=ids).values_list(
            "procedure_id", "agency_id"
        ):
            agency_links[procedure_id].add(agency_id)
        limits_before = {
            p.pk: (p.legal_time_amount, p.legal_time_unit) for p in procedures.values()
        }

        new_procedures: list[Procedure] = []
        new_records, changed_records, new_links, dropped_links = [], [], [], []
        seen_records: list[int] = []
        touched_limits = []
        for item in items:
            procedure = procedures.get(item.code)
            created = procedure is None
            record = None if created else records.get((procedure.pk, item.source))
            other = None if created else records.get((procedure.pk, _other(item.source)))
            if created:
                procedure = Procedure(code=item.code)
            changed = self.apply(item, procedure, created=created, record=record, other=other)
            if created:
                # Inserted in bulk below; Procedure.save() would set the same search column.
                procedure.search_text = Procedure.search_text_for(procedure.code, procedure.name)
                new_procedures.append(procedure)
            elif changed:
                procedure.save()
            if created:
                self.result.counts["imported"] += 1
            else:
                self.result.counts["updated"] += 1
            same_source = record is not None and record.source_hash == item.source_hash
            if item.source == "detail" and (created or not same_source or self.overwrite):
                to_sync.append((procedure, item))
                changed = True
            if not created and not changed and same_source:
                self.result.counts["unchanged"] += 1
            if not created and item.source == "detail":
                touched_limits.append(procedure)
            wanted = self.resolve_agencies(item)
            have = agency_links.get(procedure.pk, set()) if not created else set()
            new_links.extend((procedure, agency_id) for agency_id in wanted - have)
            if self.overwrite and wanted:
                dropped_links.extend((procedure.pk, agency_id) for agency_id in have - wanted)
            if record is None:
                new_records.append(
                    NationalRecord(
                        procedure=procedure,
                        source=item.source,
                        source_group=item.source_group[:255],
                        source_hash=item.source_hash,
                        payload=item.payload,
                        last_run=self.run,
                    )
                )
            elif same_source:
                seen_records.append(record.pk)
            else:
                record.source_group = item.source_group[:255]
                record.source_hash = item.source_hash
                record.payload = item.payload
                record.last_run = self.run
                record.withdrawn_at = None
                changed_records.append(record)
        Procedure.objects.bulk_create(new_procedures, batch_size=100)
        fresh = {id(procedure) for procedure in new_procedures}
        children = _Children([p.pk for p, _item in to_sync if id(p) not in fresh])
        for procedure, item in to_sync:
            children.sync(procedure.pk, item, overwrite=self.overwrite)
        children.flush()
        NationalRecord.objects.bulk_create(new_records)
        for record in changed_records:
            # One UPDATE each: bulk_update's CASE over large JSON payloads is slower.
            NationalRecord.objects.filter(pk=record.pk).update(
                source_group=record.source_group,
                source_hash=record.source_hash,
                payload=record.payload,
                last_run=self.run,
                withdrawn_at=None,
                updated_at=self.now,
            )
        NationalRecord.objects.filter(pk__in=seen_records).update(
            last_run=self.run, withdrawn_at=None
        )
        through.objects.bulk_create(
            [through(procedure_id=p.pk, agency_id=agency_id) for p, agency_id in new_links],
            ignore_conflicts=True,
        )
        for procedure_id, agency_id in dropped_links:
            through.objects.filter(procedure_id=procedure_id, agency_id=agency_id).delete()
        self.check_processes(touched_limits, limits_before)

    def apply(
        self,
        item: Prepared,
        procedure: Procedure,
        *,
        created: bool,
        record: NationalRecord | None,
        other: NationalRecord | None,
    ) -> bool:
        """Set the national values on the procedure; True if anything changed."""
        before = {
            name: getattr(procedure, name)
            for name in ("name", "field_id", "status", "online_mode", *item.values)
        }
        before["committed_time_amount"] = procedure.committed_time_amount
        field_obj = self.field_for(item.field_name)
        if item.source == "list" and other is not None:
            # A detail record is richer than a list row: report differences, keep it.
            if name_key(procedure.name) != name_key(item.name):
                item.issue(
                    Kind.NAME_CONFLICT,
                    "Tên",
                    "Tên trong danh sách khác tên trong chi tiết thủ tục; giữ tên chi tiết.",
                    f"{item.name} | {procedure.name}",
                )
            if procedure.field_id != field_obj.pk:
                item.issue(
                    Kind.FIELD_CONFLICT,
                    "Lĩnh vực",
                    "Lĩnh vực trong danh sách khác chi tiết thủ tục; giữ lĩnh vực chi tiết.",
                    f"{item.field_name} | {procedure.field.name}",
                )
        else:
            if (
                item.source == "detail"
                and other is not None
                and record is None
                and name_key(procedure.name) != name_key(item.name)
            ):
                item.issue(
                    Kind.NAME_CONFLICT,
                    "ten_thu_tuc",
                    "Tên trong chi tiết thủ tục khác tên trong danh sách đã nhập; dùng tên chi tiết.",
                    f"{item.name} | {procedure.name}",
                )
            procedure.field = field_obj
            values = dict(item.values)
            if item.source == "detail" and not created and not self.overwrite:
                self._keep_fixed_time(procedure, values)
            for name, value in values.items():
                setattr(procedure, name, value)
        if item.source == "detail":
            self._online_mode(item, procedure, created=created, record=record)
        if created:
            procedure.status = Procedure.Status.ACTIVE
        elif procedure.status == Procedure.Status.WITHDRAWN:
            withdrawn_by_import = any(
                r is not None and r.withdrawn_at is not None for r in (record, other)
            )
            if withdrawn_by_import:
                procedure.status = Procedure.Status.ACTIVE
                self.result.counts["reactivated"] += 1
                item.issue(
                    Kind.REACTIVATED, "tình trạng", "Thủ tục có lại trong nguồn: áp dụng trở lại."
                )
        if self.overwrite and procedure.committed_time_amount is not None:
            procedure.committed_time_amount = None
            procedure.committed_time_unit = TimeUnit.WORKING_DAYS
        return created or any(getattr(procedure, name) != value for name, value in before.items())

    def _keep_fixed_time(self, procedure: Procedure, values: dict) -> None:
        """A legal time a person typed over an unparsed text stays while that text is unchanged."""
        if (
            values.get("legal_time_amount") is None
            and procedure.legal_time_amount is not None
            and procedure.legal_time_text == values.get("legal_time_text")
        ):
            values.pop("legal_time_amount", None)
            values.pop("legal_time_unit", None)

    def _online_mode(
        self, item: Prepared, procedure: Procedure, *, created: bool, record: NationalRecord | None
    ) -> None:
        """Online channel → at least "partial"; "full" only ever comes from a person.

        On re-import the level changes only when the source's online channel appears or
        disappears, so a local choice stays.
        """
        online = item.has_online_channel
        target = OnlineMode.PARTIAL if online else OnlineMode.NONE
        if created or self.overwrite:
            procedure.online_mode = target
            return
        if record is not None and record.source_hash == item.source_hash:
            return
        previous = _had_online_channel(record) if record is not None else None
        if previous is None:
            if online and procedure.online_mode == OnlineMode.NONE:
                procedure.online_mode = OnlineMode.PARTIAL
            return
        if previous == online:
            return
        if online:
            if procedure.online_mode == OnlineMode.NONE:
                procedure.online_mode = OnlineMode.PARTIAL
        elif procedure.online_mode != OnlineMode.NONE:
            procedure.online_mode = OnlineMode.NONE

    def check_processes(self, procedures: list[Procedure], before: dict) -> None:
        """Report procedures whose process no longer adds up to a changed legal time."""
        changed = [
            p
            for p in procedures
            if p.committed_time_amount is None
            and before.get(p.pk) != (p.legal_time_amount, p.legal_time_unit)
        ]
        if not changed:
            return
        latest: dict[int, tuple[int, Decimal]] = {}
        for procedure_id, version, hours in (
            Process.objects.filter(procedure__in=changed)
            .annotate(hours=Sum("steps__budget_hours"))
            .values_list("procedure_id", "version", "hours")
        ):
            if procedure_id not in latest or version > latest[procedure_id][0]:
                latest[procedure_id] = (version, hours or Decimal(0))
        for procedure in changed:
            if procedure.pk not in latest:
                continue
            limit = procedure.time_limit_hours
            hours = latest[procedure.pk][1]
            if limit is None or limit != hours:
                self.result.issues.append(
                    Issue(
                        procedure.code,
                        Kind.PROCESS_MISMATCH,
                        "quy trình",
                        f"Thời hạn theo quy định đổi thành “{procedure.time_limit_display}”; "
                        f"quy trình đang áp dụng có tổng {hours} giờ làm việc: cần lập phiên bản mới "
                        "hoặc nhập thời hạn cam kết.",
                    )
                )

    # --- withdrawal ------------------------------------------------------------------------

    def withdraw_missing(self, items: list[Prepared]) -> None:
        """Procedures of the same source that the file no longer contains become withdrawn.

        A detail file covers every procedure imported from detail records. A list file
        covers the issuing bodies it names, and only procedures that have no detail
        record. Codes read but skipped count as present.
        """
        # A file of which nothing could be imported withdraws nothing.
        detail_codes = {i.code for i in items if i.source == "detail"}
        if not any(i.source == "detail" and not i.skip_reason for i in items):
            detail_codes = set()
        list_items = [i for i in items if i.source == "list"]
        list_codes = {i.code for i in list_items}
        if not any(not i.skip_reason for i in list_items):
            list_codes = set()
        list_groups = {i.source_group for i in list_items}
        candidates = []
        if detail_codes:
            candidates += list(
                NationalRecord.objects.filter(
                    source=NationalRecord.Source.DETAIL,
                    procedure__status=Procedure.Status.ACTIVE,
                ).values_list("pk", "procedure_id", "procedure__code")
            )
            candidates = [c for c in candidates if c[2] not in detail_codes]
        if list_codes:
            with_detail = set(
                NationalRecord.objects.filter(source=NationalRecord.Source.DETAIL).values_list(
                    "procedure_id", flat=True
                )
            )
            candidates += [
                c
                for c in NationalRecord.objects.filter(
                    source=NationalRecord.Source.LIST,
                    source_group__in=list_groups,
                    procedure__status=Procedure.Status.ACTIVE,
                ).values_list("pk", "procedure_id", "procedure__code")
                if c[2] not in list_codes and c[1] not in with_detail
            ]
        if not candidates:
            return
        record_ids = [c[0] for c in candidates]
        procedure_ids = sorted({c[1] for c in candidates})
        for start in range(0, len(procedure_ids), 500):
            Procedure.objects.filter(pk__in=procedure_ids[start : start + 500]).update(
                status=Procedure.Status.WITHDRAWN, updated_at=self.now
            )
        for start in range(0, len(record_ids), 500):
            NationalRecord.objects.filter(pk__in=record_ids[start : start + 500]).update(
                withdrawn_at=self.now
            )
        for code in sorted({c[2] for c in candidates}):
            self.result.counts["withdrawn"] += 1
            self.result.issues.append(
                Issue(
                    code,
                    Kind.WITHDRAWN,
                    "tình trạng",
                    "Thủ tục không còn trong nguồn: đánh dấu đã bãi bỏ, thay thế (không xóa).",
                )
            )


def _other(source: str) -> str:
    return NationalRecord.Source.LIST if source == "detail" else NationalRecord.Source.DETAIL


def _had_online_channel(record: NationalRecord) -> bool | None:
    payload = record.payload or {}
    if record.source != NationalRecord.Source.DETAIL or not payload:
        return None
    previous = prepare(payload)
    return previous.has_online_channel if not previous.skip_reason else None


class _Children:
    """Channels, documents and fees of the procedures of one chunk, synced in bulk.

    Rows are matched on their raw text: a row whose raw text is unchanged keeps the
    values stored (a person may have fixed an unparsed count or amount, or attached a
    template file), unless local decisions are overwritten.
    """

    def __init__(self, procedure_ids: list[int]):
        self.channels: dict = {}
        self.documents: dict = {}
        self.fees: dict = {}
        self.create: dict[type, list] = defaultdict(list)
        self.update: dict[type, list] = defaultdict(list)
        self.delete: dict[type, list[int]] = defaultdict(list)
        if procedure_ids:
            self._load(procedure_ids)

    def _load(self, procedure_ids: list[int]) -> None:
        self.channels = _keyed(
            ProcedureChannel.objects.filter(procedure_id__in=procedure_ids),
            lambda r: r.procedure_id,
        )
        self.documents = _keyed(
            RequiredDocument.objects.filter(procedure_id__in=procedure_ids),
            lambda r: r.procedure_id,
        )
        self.fees = _keyed(
            Fee.objects.filter(procedure_id__in=procedure_ids), lambda r: r.procedure_id
        )

    def sync(self, procedure_id: int, item: Prepared, *, overwrite: bool) -> None:
        self._channels(procedure_id, item, overwrite)
        self._documents(procedure_id, item, overwrite)
        self._fees(procedure_id, item, overwrite)

    def _channels(self, procedure_id: int, item: Prepared, overwrite: bool) -> None:
        existing = _keyed(
            self.channels.get(procedure_id, []),
            lambda r: (r.channel, r.time_text, r.fee_text, r.description),
        )
        for order, row in enumerate(item.channels, start=1):
            time_text = row.time_text[:500]
            amount = row.time.amount if isinstance(row.time, parsing.Duration) else None
            unit = row.time.unit if isinstance(row.time, parsing.Duration) else ""
            key = (row.channel, time_text, row.fee_text, row.description)
            if existing.get(key):
                current = existing[key].pop(0)
                if overwrite or current.order != order:
                    current.order = order
                    if overwrite:
                        current.time_amount, current.time_unit = amount, unit
                    self.update[ProcedureChannel].append(current)
                continue
            self.create[ProcedureChannel].append(
                ProcedureChannel(
                    procedure_id=procedure_id,
                    channel=row.channel,
                    time_amount=amount,
                    time_unit=unit,
                    time_text=time_text,
                    fee_text=row.fee_text,
                    description=row.description,
                    order=order,
                )
            )
        self.delete[ProcedureChannel] += [r.pk for rows in existing.values() for r in rows]

    def _documents(self, procedure_id: int, item: Prepared, overwrite: bool) -> None:
        existing = _keyed(self.documents.get(procedure_id, []), lambda r: (r.case_name, r.raw_text))
        for order, row in enumerate(item.documents, start=1):
            case_name = row.case_name
            if len(case_name) > 500:
                case_name = case_name[:499].rstrip() + "…"
            values = {
                "case_name": case_name,
                "name": row.name,
                "originals": row.originals,
                "copies": row.copies,
                "mandatory": row.mandatory,
                "template_name": "; ".join(row.template_names)[:500],
            }
            key = (case_name, row.raw)
            if existing.get(key):
                current = existing[key].pop(0)
                if overwrite or current.order != order:
                    current.order = order
                    if overwrite:
                        for name, value in values.items():
                            setattr(current, name, value)
                    self.update[RequiredDocument].append(current)
                continue
            self.create[RequiredDocument].append(
                RequiredDocument(procedure_id=procedure_id, order=order, raw_text=row.raw, **values)
            )
        self.delete[RequiredDocument] += [
            r.pk for rows in existing.values() for r in rows if r.raw_text or overwrite
        ]

    def _fees(self, procedure_id: int, item: Prepared, overwrite: bool) -> None:
        rows = self.fees.get(procedure_id, [])
        existing = _keyed([r for r in rows if not r.is_local], lambda r: (r.name, r.raw_text))
        for order, spec in enumerate(item.fees, start=1):
            key = (spec.name[:500], spec.raw_text)
            if existing.get(key):
                current = existing[key].pop(0)
                if overwrite or current.order != order:
                    current.order = order
                    if overwrite:
                        current.amount, current.note = spec.amount, spec.note
                    self.update[Fee].append(current)
                continue
            self.create[Fee].append(
                Fee(
                    procedure_id=procedure_id,
                    name=spec.name[:500],
                    amount=spec.amount,
                    note=spec.note,
                    raw_text=spec.raw_text,
                    is_local=False,
                    order=order,
                )
            )
        self.delete[Fee] += [r.pk for rs in existing.values() for r in rs]
        if overwrite:
            self.delete[Fee] += [r.pk for r in rows if r.is_local]

    def flush(self) -> None:
        fields = {
            ProcedureChannel: ["order", "time_amount", "time_unit"],
            RequiredDocument: [
                "order",
                "case_name",
                "name",
                "originals",
                "copies",
                "mandatory",
                "template_name",
            ],
            Fee: ["order", "amount", "note"],
        }
        for model, ids in self.delete.items():
            for start in range(0, len(ids), 500):
                model.objects.filter(pk__in=ids[start : start + 500]).delete()
        for model, objs in self.update.items():
            model.objects.bulk_update(objs, fields[model], batch_size=500)
        for model, objs in self.create.items():
            model.objects.bulk_create(objs, batch_size=500)


__all__ = ["COUNT_KEYS", "ImportResult", "field_code", "import_records"]
