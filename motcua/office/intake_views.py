"""Counter intake pages (see ``intake.py`` for the draft they share)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from motcua.catalog.models import Agency, Channel
from motcua.catalog.selectors import procedure_search
from motcua.dossiers.actions.intake import (
    ERR_DOCUMENT_CASE,
    Intake,
    dossier_receive,
    dossier_refuse_at_counter,
    dossier_request_supplement_at_counter,
)
from motcua.dossiers.models import DeliveryMethod
from motcua.lib.errors import DomainError, http_status
from motcua.office import intake, selectors
from motcua.office.intake import Draft
from motcua.office.views import dossier_for, paperwork_url, staff_required

MSG_RECEIVED = _("Đã tiếp nhận hồ sơ %(code)s.")
MSG_SUPPLEMENT = _("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.")
MSG_REFUSED = _("Đã lập phiếu từ chối tiếp nhận hồ sơ.")
MSG_DISCARDED = _("Đã hủy hồ sơ đang tiếp nhận.")
STEPS = (
    ("procedure", _("Thủ tục")),
    ("applicant", _("Người nộp")),
    ("documents", _("Giấy tờ")),
    ("delivery", _("Nhận kết quả, phí")),
    ("confirm", _("Xác nhận")),
)


def _ctx(step: str, draft: Draft, **extra) -> dict:
    return {"steps": STEPS, "step": step, "draft": draft, "procedure": draft.procedure(), **extra}


def _need(request: HttpRequest, draft: Draft, *, applicant: bool = False):
    """Redirect to the first missing step, or None when the draft is far enough."""
    if draft.procedure() is None:
        messages.error(request, intake.ERR_NO_PROCEDURE)
        return redirect("office:intake")
    if applicant and not draft.applicant:
        messages.error(request, intake.ERR_NO_APPLICANT)
        return redirect("office:intake_applicant")
    return None


@staff_required
def procedure_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if not intake.receiving_points(request.user).exists():
        messages.error(request, intake.ERR_NO_POINT)
        return render(request, "office/intake/procedure.html", _ctx("procedure", draft), status=403)
    query = (request.GET.get("q") or "").strip()[:200]
    form = intake.ProcedureChoiceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            draft.set_procedure(form.cleaned_data["code"])
            draft.save(request)
            return redirect("office:intake_applicant")
        status = 422
        query = query or request.POST.get("code", "")[:200]
    results = list(procedure_search(query=query)[:20]) if query else []
    return render(
        request,
        "office/intake/procedure.html",
        _ctx("procedure", draft, form=form, query=query, results=results),
        status=status,
    )


@staff_required
def applicant_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft)) is not None:
        return back
    procedure = draft.procedure()
    status = 200
    if request.method == "POST" and "lookup" in request.POST:
        typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        found = selectors.last_applicant(request.user, typed.get("id_number", ""))
        if found is not None:
            merged = {**intake.from_dossier(found), **{k: v for k, v in typed.items() if v}}
            messages.info(request, str(intake.MSG_RETURNING) % {"code": found.code or found.pk})
        else:
            merged = typed
            messages.warning(request, intake.MSG_NOT_FOUND)
        form = intake.ApplicantForm(initial=merged, procedure=procedure, user=request.user)
    elif request.method == "POST":
        form = intake.ApplicantForm(request.POST, procedure=procedure, user=request.user)
        if form.is_valid():
            draft.data["applicant"] = form.to_draft()
            draft.save(request)
            return redirect("office:intake_documents")
        status = 422
    else:
        form = intake.ApplicantForm(
            initial=intake.applicant_initial(draft.applicant),
            procedure=procedure,
            user=request.user,
        )
    return render(
        request, "office/intake/applicant.html", _ctx("applicant", draft, form=form), status=status
    )


@staff_required
def documents_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft, applicant=True)) is not None:
        return back
    procedure = draft.procedure()
    status = 200
    if request.method == "POST":
        rows = intake.read_documents(request, procedure, draft)
        draft.save(request)
        errors = [r for r in rows if r.error]
        if "supplement" in request.POST:
            return redirect("office:intake_supplement")
        if "refuse" in request.POST:
            return redirect("office:intake_refuse")
        if errors:
            status = 422
        elif "next" in request.POST:
            missing = intake.missing_mandatory(rows)
            if intake.document_case_choices(rows) and not draft.case:
                messages.error(request, ERR_DOCUMENT_CASE)
            elif missing:
                messages.error(
                    request,
                    str(intake.ERR_MISSING_DOCUMENTS)
                    % {"names": "; ".join(f"“{d.name}”" for d in missing)},
                )
            else:
                return redirect("office:intake_delivery")
            status = 422
    else:
        rows = intake.document_rows(procedure, draft)
    return render(
        request,
        "office/intake/documents.html",
        _ctx("documents", draft, rows=rows, cases=intake.document_case_choices(rows)),
        status=status,
    )


@staff_required
def delivery_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft, applicant=True)) is not None:
        return back
    procedure = draft.procedure()
    rows = intake.document_rows(procedure, draft)
    if intake.incomplete(rows, draft):
        return redirect("office:intake_documents")
    form = intake.DeliveryForm(
        request.POST or None,
        initial=draft.delivery or {"delivery_address": (draft.applicant or {}).get("address", "")},
        procedure=procedure,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            draft.data["delivery"] = form.cleaned_data
            draft.save(request)
            return redirect("office:intake_confirm")
        status = 422
    fees = list(procedure.fees.order_by("order", "pk"))
    total = sum(f.amount or 0 for f in fees)
    return render(
        request,
        "office/intake/delivery.html",
        _ctx("delivery", draft, form=form, fees=fees, total=total),
        status=status,
    )


def _agency(pk) -> Agency | None:
    try:
        return Agency.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _intake(draft: Draft) -> Intake | None:
    """The draft as the filing the dossier actions take; None while the draft names no
    receiving point or competent agency."""
    procedure = draft.procedure()
    data = draft.applicant or {}
    point, agency = _agency(data.get("receiving_point")), _agency(data.get("agency"))
    if point is None or agency is None:
        return None
    delivery = draft.delivery or {}
    method = delivery.get("delivery_method")
    if not method:
        method = next(iter(DeliveryMethod.offered_by(procedure)), DeliveryMethod.COUNTER)
    return Intake(
        procedure=procedure,
        applicant=intake.build_applicant(data),
        proxy=intake.build_proxy(data),
        receiving_point=point,
        agency=agency,
        channel=Channel.COUNTER,
        summary=data.get("summary", ""),
        document_case=draft.case,
        delivery_method=method,
        delivery_address=delivery.get("delivery_address", ""),
        documents=intake.document_files(procedure, draft),
    )


def _record(request: HttpRequest, draft: Draft, create, message) -> tuple[HttpResponse | None, int]:
    """Record the draft with ``create`` (one intake action, called with the actor, the
    intake and the checklist): on success the draft is dropped and the officer goes to
    the printable receipt; a refusal comes back as its message with the page's status."""
    filing = _intake(draft)
    if filing is None:
        return redirect("office:intake_applicant"), 200
    try:
        dossier = create(
            actor=request.user,
            intake=filing,
            received_documents=intake.received_specs(filing.procedure, draft),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, http_status(exc)
    draft.discard(request)
    messages.success(request, str(message) % {"code": dossier.code})
    return redirect("office:intake_done", pk=dossier.pk), 200


@staff_required
def confirm_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft, applicant=True)) is not None:
        return back
    procedure = draft.procedure()
    rows = intake.document_rows(procedure, draft)
    if intake.incomplete(rows, draft):
        return redirect("office:intake_documents")
    if draft.delivery is None:
        return redirect("office:intake_delivery")
    status = 200
    if request.method == "POST":
        fees_collected = bool(draft.delivery.get("fees_collected"))
        done, status = _record(
            request,
            draft,
            lambda **kwargs: dossier_receive(**kwargs, fees_collected=fees_collected),
            MSG_RECEIVED,
        )
        if done is not None:
            return done
    data = draft.applicant
    return render(
        request,
        "office/intake/confirm.html",
        _ctx(
            "confirm",
            draft,
            rows=rows,
            applicant=data,
            point=_agency(data.get("receiving_point")),
            agency=_agency(data.get("agency")),
            delivery=draft.delivery,
            delivery_label=dict(DeliveryMethod.choices).get(draft.delivery.get("delivery_method")),
        ),
        status=status,
    )


def _instead_of_receiving(
    request: HttpRequest, draft: Draft, form, template: str, create, message
) -> HttpResponse:
    """A supplement request or a refusal handed at the counter instead of receiving: its
    form, then the one action that records the filing with it (Decree 118 Art. 17.1.c: one
    record, one event)."""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            done, status = _record(request, draft, create, message)
            if done is not None:
                return done
    return render(request, template, _ctx("documents", draft, form=form), status=status)


@staff_required
def supplement_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft, applicant=True)) is not None:
        return back
    procedure = draft.procedure()
    rows = intake.document_rows(procedure, draft)
    missing = [d.pk for d in intake.missing_mandatory(rows)]
    form = intake.IntakeSupplementForm(
        request.POST or None, initial={"documents": missing}, procedure=procedure
    )
    return _instead_of_receiving(
        request,
        draft,
        form,
        "office/intake/supplement.html",
        lambda **kwargs: dossier_request_supplement_at_counter(
            **kwargs, items=form.items(), reason=form.cleaned_data.get("reason", "")
        ),
        MSG_SUPPLEMENT,
    )


@staff_required
def refuse_step(request: HttpRequest) -> HttpResponse:
    draft = Draft.load(request)
    if (back := _need(request, draft, applicant=True)) is not None:
        return back
    form = intake.IntakeRefusalForm(request.POST or None)
    return _instead_of_receiving(
        request,
        draft,
        form,
        "office/intake/refuse.html",
        lambda **kwargs: dossier_refuse_at_counter(**kwargs, reasons=form.cleaned_data["reasons"]),
        MSG_REFUSED,
    )


@staff_required
@require_POST
def discard(request: HttpRequest) -> HttpResponse:
    Draft.load(request).discard(request)
    messages.info(request, MSG_DISCARDED)
    return redirect("office:intake")


@staff_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossier_for(request, pk)
    number = {1: "02", 5: "02", 3: "03"}.get(dossier.status, "01")
    return render(
        request,
        "office/intake/done.html",
        {"dossier": dossier, "form_url": paperwork_url(dossier, number), "form_number": number},
    )
