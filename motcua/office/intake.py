"""Counter intake (Decree 118 Art. 17.1): procedure → applicant → documents → delivery
and fees → confirmation → receive, or hand a supplement request or a refusal instead.

What the officer typed and the scans uploaded are kept in a draft in the session
(files in storage under ``office/drafts/``), so that a validation error never loses
them. The draft only holds input; the one write is the service call at the end.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from motcua.accounts.permissions import agencies_where
from motcua.accounts.roles import Action
from motcua.catalog.models import (
    Agency,
    Procedure,
    RequiredDocument,
    document_cases,
    documents_for_case,
)
from motcua.dossiers.actions.attachments import DocumentFile
from motcua.dossiers.actions.intake import (
    ERR_APPLICANT_ID,
    ERR_APPLICANT_NAME,
    ERR_APPLICANT_TAX,
    Applicant,
    Proxy,
    ReceivedDocumentSpec,
)
from motcua.dossiers.forms import DeliveryFields
from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.validators import validate_citizen_id, validate_tax_code
from motcua.lib.uploads import check_size
from motcua.office.action_forms import SupplementItemsFields

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.accounts.models import User

SESSION_KEY = "office_intake"
DRAFT_DIR = "office/drafts"

ERR_UNKNOWN_PROCEDURE = _(
    "Không tìm thấy thủ tục “%(code)s” đang áp dụng. Vui lòng tìm theo tên hoặc mã thủ tục."
)
ERR_NO_PROCEDURE = _("Vui lòng chọn thủ tục trước.")
ERR_NO_APPLICANT = _("Vui lòng nhập thông tin người nộp hồ sơ trước.")
ERR_MISSING_DOCUMENTS = _(
    "Hồ sơ còn thiếu giấy tờ bắt buộc: %(names)s. Vui lòng kiểm tra lại, hoặc lập phiếu "
    "yêu cầu bổ sung, hoàn thiện hồ sơ."
)
ERR_NO_POINT = _("Bạn không có quyền tiếp nhận hồ sơ tại bộ phận một cửa nào.")
MSG_RETURNING = _("Đã điền thông tin của người nộp từ hồ sơ gần nhất (%(code)s).")
MSG_NOT_FOUND = _("Chưa có hồ sơ nào của số định danh này: vui lòng nhập thông tin.")


# --- the draft ----------------------------------------------------------------------


@dataclass
class Draft:
    """The intake in progress, as plain JSON in the session."""

    data: dict[str, Any]

    @classmethod
    def load(cls, request: HttpRequest) -> Draft:
        data = request.session.get(SESSION_KEY)
        return cls(data if isinstance(data, dict) else {})

    def save(self, request: HttpRequest) -> None:
        request.session[SESSION_KEY] = self.data
        request.session.modified = True

    def discard(self, request: HttpRequest) -> None:
        for item in self.documents.values():
            path = (item.get("file") or {}).get("path")
            if path:
                default_storage.delete(path)
        request.session.pop(SESSION_KEY, None)

    # procedure
    def procedure(self) -> Procedure | None:
        code = self.data.get("procedure")
        if not code:
            return None
        return Procedure.objects.active().select_related("field").filter(code=code).first()

    def set_procedure(self, procedure: Procedure) -> None:
        if self.data.get("procedure") != procedure.code:
            self.data = {"procedure": procedure.code, "applicant": self.data.get("applicant")}

    # applicant
    @property
    def applicant(self) -> dict | None:
        return self.data.get("applicant")

    # the case of the documents the dossier follows, when the procedure lists several
    @property
    def case(self) -> str:
        return self.data.get("case") or ""

    # documents: {str(required_document pk): {"submitted", "originals", "copies", "file"}}
    @property
    def documents(self) -> dict[str, dict]:
        return self.data.setdefault("documents", {})

    @property
    def delivery(self) -> dict | None:
        return self.data.get("delivery")


def store_upload(upload) -> dict:
    name = upload.name.rsplit("/", 1)[-1][:150] or "tep"
    path = default_storage.save(f"{DRAFT_DIR}/{uuid.uuid4().hex}/{name}", upload)
    return {
        "path": path,
        "name": name,
        "content_type": getattr(upload, "content_type", "") or "",
        "size": upload.size,
    }


# --- forms ----------------------------------------------------------------------------


class ProcedureChoiceForm(forms.Form):
    code = forms.CharField(label=_("Mã thủ tục"), max_length=40)

    def clean_code(self) -> Procedure:
        code = self.cleaned_data["code"].strip()
        procedure = Procedure.objects.active().filter(code=code).first()
        if procedure is None:
            raise ValidationError(ERR_UNKNOWN_PROCEDURE, code="unknown", params={"code": code})
        return procedure


def receiving_points(user: User):
    return agencies_where(user, Action.RECEIVE).filter(is_one_stop=True, is_active=True)


def competent_agencies(procedure: Procedure):
    agencies = procedure.agencies.filter(is_active=True)
    if agencies.exists():
        return agencies.order_by("path")
    return Agency.objects.filter(is_active=True, is_one_stop=False).order_by("path")


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=12,
        required=False,
        help_text=_("12 chữ số. Nhập rồi bấm “Tìm người nộp cũ” để điền sẵn thông tin."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Họ và tên / tên tổ chức"), max_length=255, required=False)
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tax_code = forms.CharField(label=_("Mã số thuế (tổ chức)"), max_length=14, required=False)
    representative = forms.CharField(
        label=_("Người đại diện theo pháp luật"), max_length=255, required=False
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=15, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    proxy_name = forms.CharField(
        label=_("Người nộp thay (theo ủy quyền)"), max_length=255, required=False
    )
    proxy_id_number = forms.CharField(
        label=_("Số định danh người nộp thay"), max_length=12, required=False
    )
    proxy_phone = forms.CharField(
        label=_("Điện thoại người nộp thay"), max_length=15, required=False
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Cơ quan có thẩm quyền giải quyết")
    )
    receiving_point = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Nơi tiếp nhận")
    )
    summary = forms.CharField(
        label=_("Trích yếu (nội dung yêu cầu giải quyết)"), max_length=500, required=False
    )

    def __init__(self, *args, procedure: Procedure, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = competent_agencies(procedure)
        points = receiving_points(user)
        self.fields["agency"].queryset = agencies
        self.fields["receiving_point"].queryset = points
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        if len(points) == 1:
            self.fields["receiving_point"].initial = points[0].pk

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not (data.get("name") or "").strip():
            self.add_error("name", ERR_APPLICANT_NAME)
        try:
            if kind == ApplicantKind.ORGANISATION:
                if not data.get("tax_code"):
                    self.add_error("tax_code", ERR_APPLICANT_TAX)
                else:
                    validate_tax_code(data["tax_code"])
            elif not data.get("id_number"):
                self.add_error("id_number", ERR_APPLICANT_ID)
            else:
                validate_citizen_id(data["id_number"], data.get("birth_date"))
        except ValidationError as exc:
            field = "tax_code" if kind == ApplicantKind.ORGANISATION else "id_number"
            self.add_error(field, exc)
        return data

    def to_draft(self) -> dict:
        data = self.cleaned_data
        out = {k: v for k, v in data.items() if k not in ("agency", "receiving_point")}
        out["birth_date"] = data["birth_date"].isoformat() if data.get("birth_date") else ""
        out["agency"] = data["agency"].pk
        out["receiving_point"] = data["receiving_point"].pk
        return out


def applicant_initial(draft: dict | None) -> dict:
    return dict(draft or {})


def from_dossier(dossier) -> dict:
    """The applicant's details from their latest dossier (a returning applicant)."""
    return {
        "kind": dossier.applicant_kind,
        "id_number": dossier.applicant_id_number,
        "name": dossier.applicant_name,
        "birth_date": dossier.applicant_birth_date.isoformat()
        if dossier.applicant_birth_date
        else "",
        "tax_code": dossier.applicant_tax_code,
        "representative": dossier.applicant_representative,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "address": dossier.applicant_address,
    }


def build_applicant(data: dict) -> Applicant:
    birth = data.get("birth_date") or None
    return Applicant(
        name=data.get("name", ""),
        kind=data.get("kind") or ApplicantKind.PERSON,
        id_number=data.get("id_number", ""),
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", ""),
        tax_code=data.get("tax_code", ""),
        representative=data.get("representative", ""),
    )


def build_proxy(data: dict) -> Proxy | None:
    if not data.get("proxy_name"):
        return None
    return Proxy(
        name=data["proxy_name"],
        id_number=data.get("proxy_id_number", ""),
        phone=data.get("proxy_phone", ""),
    )


@dataclass
class DocumentRow:
    """One line of the checklist, bound to what the officer typed."""

    document: RequiredDocument
    submitted: bool
    originals: int
    copies: int
    file: dict | None
    error: str = ""
    needed: bool = True  # the document belongs to the dossier's case (or to no case)

    @property
    def prefix(self) -> str:
        return f"doc-{self.document.pk}"


def _count(value: str | None, default: int) -> int:
    try:
        n = int(value or default)
    except (TypeError, ValueError):
        return default
    return min(max(n, 0), 99)


def document_rows(
    procedure: Procedure, draft: Draft, documents: list[RequiredDocument] | None = None
) -> list[DocumentRow]:
    """The checklist: the procedure's documents (``documents``, else read) with what the
    draft holds of each, marked by the draft's case."""
    if documents is None:
        documents = list(procedure.documents.order_by("order", "pk"))
    needed = {d.pk for d in documents_for_case(documents, draft.case)}
    rows = []
    for doc in documents:
        saved = draft.documents.get(str(doc.pk), {})
        rows.append(
            DocumentRow(
                document=doc,
                submitted=saved.get("submitted", False),
                originals=saved.get("originals", doc.originals),
                copies=saved.get("copies", doc.copies),
                file=saved.get("file"),
                needed=doc.pk in needed,
            )
        )
    return rows


def document_case_choices(rows: list[DocumentRow]) -> list[str]:
    """The cases the officer chooses from: none when the documents are not split."""
    cases = document_cases(row.document for row in rows)
    return cases if len(cases) > 1 else []


def read_documents(request: HttpRequest, procedure: Procedure, draft: Draft) -> list[DocumentRow]:
    """Update the draft from the checklist form (and the case chosen); files are stored at
    once so that they survive any error elsewhere on the page."""
    documents = list(procedure.documents.order_by("order", "pk"))
    case = request.POST.get("case")
    if case is not None and case in document_cases(documents):  # one the procedure lists
        draft.data["case"] = case
    rows = document_rows(procedure, draft, documents)
    for row in rows:
        p = row.prefix
        row.submitted = request.POST.get(f"{p}-submitted") == "on"
        row.originals = _count(request.POST.get(f"{p}-originals"), row.document.originals)
        row.copies = _count(request.POST.get(f"{p}-copies"), row.document.copies)
        upload = request.FILES.get(f"{p}-file")
        if upload is not None:
            try:
                check_size(upload)
            except ValidationError as exc:
                row.error = " ".join(exc.messages)
            else:
                old = (row.file or {}).get("path")
                if old:
                    default_storage.delete(old)
                row.file = store_upload(upload)
                row.submitted = True
        elif request.POST.get(f"{p}-remove") == "on" and row.file:
            default_storage.delete(row.file["path"])
            row.file = None
        draft.documents[str(row.document.pk)] = {
            "submitted": row.submitted,
            "originals": row.originals,
            "copies": row.copies,
            "file": row.file,
        }
    return rows


def missing_mandatory(rows: list[DocumentRow]) -> list[RequiredDocument]:
    """The mandatory documents of the dossier's case not ticked."""
    return [r.document for r in rows if r.needed and r.document.mandatory and not r.submitted]


def incomplete(rows: list[DocumentRow], draft: Draft) -> bool:
    """The checklist cannot be received yet: no case chosen where the procedure has
    several, or a mandatory document missing."""
    return bool(document_case_choices(rows) and not draft.case) or bool(missing_mandatory(rows))


def received_specs(procedure: Procedure, draft: Draft) -> list[ReceivedDocumentSpec]:
    """The ticked lines of the checklist, for the service: a line with a stored scan is
    "scanned", the others were handed over on paper only."""
    return [
        ReceivedDocumentSpec(
            required_document=row.document,
            name=row.document.name,
            originals=row.originals,
            copies=row.copies,
            scanned=bool(row.file),
        )
        for row in document_rows(procedure, draft)
        if row.submitted
    ]


def document_files(procedure: Procedure, draft: Draft) -> list[DocumentFile]:
    files = []
    for row in document_rows(procedure, draft):
        if row.submitted and row.file and default_storage.exists(row.file["path"]):
            files.append(
                DocumentFile(
                    file=default_storage.open(row.file["path"], "rb"),
                    required_document=row.document,
                    name=row.file["name"],
                    content_type=row.file.get("content_type", ""),
                )
            )
    return files


class DeliveryForm(DeliveryFields):
    fees_collected = forms.BooleanField(label=_("Đã thu phí, lệ phí theo quy định"), required=False)

    def __init__(self, *args, procedure: Procedure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_delivery(procedure)
        choices = self.fields["delivery_method"].choices
        if choices and not self.is_bound:
            self.fields["delivery_method"].initial = choices[0][0]


class IntakeSupplementForm(SupplementItemsFields):
    def __init__(self, *args, procedure: Procedure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_documents(procedure)


class IntakeRefusalForm(forms.Form):
    reasons = forms.CharField(
        label=_("Lý do từ chối tiếp nhận"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
