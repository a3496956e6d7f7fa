"""Staff pages: dashboard, work lists, the online queue, the dossier page and its
actions, attachment previews and the end-of-day view.

Views read through selectors and write only through the dossier actions (the
registry's, via ``action_forms.perform``). A refused action comes back as its
Vietnamese message on the same page, with the form as the officer typed it.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from motcua.accounts.permissions import is_staff_member
from motcua.catalog.models import Channel, Field, Procedure
from motcua.dossiers import due
from motcua.dossiers.actions.core import StaleDossier
from motcua.dossiers.actions.registry import BY_KEY, ActionSpec, available_actions
from motcua.dossiers.models import Attachment, Dossier, SupplementItem
from motcua.dossiers.states import CLOCK_RUNNING, Status
from motcua.dossiers.timeliness import dossier_timeliness
from motcua.lib.errors import DomainError, NotAllowed, http_status
from motcua.office import selectors
from motcua.office.action_forms import ActionForm, form_for, perform
from motcua.paperwork.official import applicable_forms
from motcua.paperwork.views import form_url

PER_PAGE = 25
ERR_UNKNOWN_ACTION = _("Thao tác không hợp lệ.")
ERR_ACTION_NOT_AVAILABLE = _(
    "Bạn không thể thực hiện thao tác “%(action)s” đối với hồ sơ này ở trạng thái hiện tại."
)
ERR_STALE_KEEP = _(
    "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Nội dung bạn nhập vẫn được "
    "giữ lại bên dưới: vui lòng xem lại tình trạng mới của hồ sơ rồi gửi lại."
)
ERR_FORM = _("Vui lòng kiểm tra lại các thông tin được đánh dấu.")
MSG_DONE = _("Đã thực hiện: %(action)s.")


def staff_required(view):
    """Logged-in staff only (anyone else: login page, or 403 for citizens)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def dossier_for(request: HttpRequest, pk: int) -> Dossier:
    """The dossier if the user may see it (404 otherwise: no existence leak)."""
    qs = Dossier.objects.for_user(request.user).select_related(
        "procedure__field",
        "process",
        "agency",
        "receiving_point",
        "current_step",
        "current_unit",
        "assignee",
        "decided_by",
    )
    return get_object_or_404(qs, pk=pk)


# --- dashboard and work lists -----------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    counts = selectors.nav_counts(request)
    lists = [(w, counts[w.slug]) for w in selectors.WORK_LISTS]
    return render(request, "office/dashboard.html", {"lists": lists, "counts": counts})


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã hồ sơ, tên hoặc số định danh"), required=False, max_length=100)
    procedure = forms.ModelChoiceField(
        queryset=Procedure.objects.none(),
        required=False,
        label=_("Thủ tục"),
        to_field_name="code",
        empty_label=_("Tất cả thủ tục"),
    )
    field = forms.ModelChoiceField(
        queryset=Field.objects.order_by("name"),
        required=False,
        label=_("Lĩnh vực"),
        to_field_name="code",
        empty_label=_("Tất cả lĩnh vực"),
    )
    channel = forms.ChoiceField(
        choices=[("", _("Tất cả kênh"))] + list(Channel.choices), required=False, label=_("Kênh")
    )
    status = forms.TypedChoiceField(
        choices=[("", _("Tất cả trạng thái"))] + list(Status.choices),
        required=False,
        coerce=int,
        empty_value=None,
        label=_("Trạng thái"),
    )
    sort = forms.ChoiceField(
        choices=[("due", _("Hạn xử lý sớm nhất")), ("-due", _("Hạn xử lý muộn nhất"))],
        required=False,
        label=_("Sắp xếp"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Procedure.objects.filter(
            pk__in=Dossier.objects.values("procedure_id")
        ).order_by("code")

    def apply(self, qs):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("procedure"):
            qs = qs.filter(procedure=data["procedure"])
        if data.get("field"):
            qs = qs.filter(procedure__field=data["field"])
        if data.get("channel"):
            qs = qs.filter(channel=data["channel"])
        if data.get("status") is not None:
            qs = qs.filter(status=data["status"])
        if data.get("sort") == "-due":
            return qs.order_by("-due_at", "-pk")
        return qs.order_by("due_at", "pk")


def _page(request: HttpRequest, qs):
    paginator = Paginator(qs, PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def _querystring(request: HttpRequest) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "page" and v]
    return urlencode(params)


@staff_required
def work_list(request: HttpRequest, slug: str) -> HttpResponse:
    work = selectors.WORK_LIST_BY_SLUG.get(slug)
    if work is None:
        raise Http404
    now = timezone.now()
    form = ListFilterForm(request.GET or None)
    qs = form.apply(work.query(request.user, now)).select_related(
        "procedure", "current_step", "current_unit", "assignee", "agency"
    )
    page = _page(request, qs)
    return render(
        request,
        "office/work_list.html",
        {
            "work": work,
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "now": now,
            "office_lists": selectors.WORK_LISTS,
            "running_statuses": CLOCK_RUNNING,
        },
    )


@staff_required
def online_queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    page = _page(request, selectors.online_queue(request.user))
    rows = [(d, selectors.answer_countdown(d, now)) for d in page.object_list]
    return render(
        request,
        "office/online_queue.html",
        {"page": page, "rows": rows, "now": now, "querystring": ""},
    )


# --- the dossier page ------------------------------------------------------------------


def paperwork_url(dossier: Dossier, number: str) -> str:
    """The PDF of an official form, served by the paperwork app (by code, or by id for
    a dossier refused or sent back at reception, which has no code)."""
    return form_url(dossier, number)


def paperwork_links(dossier: Dossier) -> list[tuple[str, str, str]]:
    """The forms that can be printed now, as the paperwork app decides
    (``official.applicable_forms``)."""
    return [
        (spec.number, _(spec.title), paperwork_url(dossier, spec.number))
        for spec in applicable_forms(dossier)
    ]


def _render_dossier(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: tuple[str, ActionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    available = available_actions(request.user, dossier)
    forms_by_key = {}
    for spec in available:
        if bound is not None and bound[0] == spec.key:
            forms_by_key[spec.key] = bound[1]
        else:
            forms_by_key[spec.key] = form_for(spec, dossier=dossier, user=request.user)
    action_rows = [(spec, forms_by_key[spec.key]) for spec in available]
    # A form kept after an error that is no longer available (stale page) is still shown.
    if bound is not None and bound[0] not in forms_by_key and bound[0] in BY_KEY:
        action_rows.insert(0, (BY_KEY[bound[0]], bound[1]))
    attachments = list(dossier.attachments.select_related("required_document").order_by("pk"))
    events = list(dossier.events.select_related("step").order_by("seq"))
    return render(
        request,
        "office/dossier.html",
        {
            "dossier": dossier,
            "attachments": attachments,
            "events": events,
            "steps": due.step_times(dossier, now),
            "remaining": due.remaining(dossier, now),
            "countdown": selectors.answer_countdown(dossier, now)
            if dossier.status == Status.NEW
            else None,
            "due_lines": due.explain(dossier),
            "action_rows": action_rows,
            "open_action": bound[0] if bound else request.GET.get("thao-tac", ""),
            "supplements": dossier.supplements.prefetch_related(
                Prefetch(
                    "items", queryset=SupplementItem.objects.select_related("required_document")
                )
            ).order_by("requested_at"),
            "extensions": dossier.extensions.order_by("proposed_at"),
            "interagency": dossier.interagency.select_related("agency").order_by("sent_at"),
            "paperwork": paperwork_links(dossier),
            "timeliness": dossier_timeliness(dossier, now=now),
            "now": now,
        },
        status=status,
    )


@staff_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_dossier(request, dossier_for(request, pk))


def _stale(request: HttpRequest, spec: ActionSpec, dossier: Dossier) -> HttpResponse:
    """Someone else acted since the page was rendered: show the dossier as it is now
    with the form as typed, bound to the new version so that sending it again (after
    reading the page) is a deliberate second submission. Files must be chosen again."""
    messages.error(request, ERR_STALE_KEEP)
    data = request.POST.copy()
    data[f"{spec.key}-version"] = str(dossier.version)
    form = form_for(spec, data, dossier=dossier, user=request.user)
    return _render_dossier(request, dossier, bound=(spec.key, form), status=409)


@staff_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    dossier = dossier_for(request, pk)
    spec = BY_KEY.get(key)
    if spec is None:
        messages.error(request, ERR_UNKNOWN_ACTION)
        return _render_dossier(request, dossier, status=400)
    form = form_for(spec, request.POST, request.FILES, dossier=dossier, user=request.user)
    if not form.is_valid():
        messages.error(request, ERR_FORM)
        return _render_dossier(request, dossier, bound=(key, form), status=422)
    if form.cleaned_data["version"] != dossier.version:
        return _stale(request, spec, dossier)
    if not spec.is_available(request.user, dossier):
        messages.error(request, str(ERR_ACTION_NOT_AVAILABLE) % {"action": spec.label})
        return _render_dossier(request, dossier, bound=(key, form), status=403)
    try:
        dossier = perform(spec, form)
    except StaleDossier:
        return _stale(request, spec, dossier_for(request, pk))
    except DomainError as exc:
        messages.error(request, exc.message)
        # Refused for want of permission, the dossier is shown as it was read.
        shown = dossier if isinstance(exc, NotAllowed) else dossier_for(request, pk)
        return _render_dossier(request, shown, bound=(key, form), status=http_status(exc))
    messages.success(request, str(MSG_DONE) % {"action": spec.label})
    if not Dossier.objects.for_user(request.user).filter(pk=pk).exists():
        return redirect("office:dashboard")
    return redirect("office:dossier", pk=pk)


# --- files -------------------------------------------------------------------------------

INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def _serve(upload, name: str, content_type: str, *, download: bool) -> FileResponse:
    inline = content_type in INLINE_TYPES and not download
    try:
        handle = upload.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=name,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@xframe_options_sameorigin  # previewed in a frame of the dossier page
@staff_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    dossier = dossier_for(request, pk)
    item = get_object_or_404(Attachment, pk=attachment_pk, dossier=dossier)
    return _serve(item.file, item.name, item.content_type, download="tai" in request.GET)


@staff_required
def result_file(request: HttpRequest, pk: int) -> FileResponse:
    dossier = dossier_for(request, pk)
    if not dossier.result_file:
        raise Http404
    name = dossier.result_file.name.rsplit("/", 1)[-1]
    return _serve(dossier.result_file, name, "application/pdf", download="tai" in request.GET)


@staff_required
def uncoded_form(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    """Old address of the forms of a dossier without a code: the paperwork app serves
    every form by id now."""
    dossier = dossier_for(request, pk)
    return redirect(paperwork_url(dossier, number))


# --- end of day ----------------------------------------------------------------------------


END_OF_DAY_PER_PAGE = 50
PRINT_PARAM = "ban-in"


def _end_of_day_groups(dossiers: list[Dossier], now: dt.datetime) -> list[dict]:
    groups = []
    for agency, items in groupby(dossiers, key=lambda d: d.agency):
        items = list(items)
        units = [(unit, list(rows)) for unit, rows in groupby(items, key=lambda d: d.current_unit)]
        groups.append({"agency": agency, "units": units})
    return groups


@staff_required
def end_of_day(request: HttpRequest) -> HttpResponse:
    """Due today and overdue: counts per agency and unit (one query), the dossiers one
    page at a time, and the full list for printing (``?ban-in=1``)."""
    from django.db.models import Count, Q

    now = timezone.now()
    qs = selectors.end_of_day(request.user, now)
    counts = list(
        qs.order_by()
        .values("agency__path", "agency__name", "current_unit__path", "current_unit__name")
        .annotate(overdue=Count("pk", filter=Q(due_at__lt=now)), today=Count("pk"))
        .order_by("agency__path", "current_unit__path")
    )
    for row in counts:
        row["today"] -= row["overdue"]
    summary = {
        "today": sum(r["today"] for r in counts),
        "overdue": sum(r["overdue"] for r in counts),
    }
    printable = bool(request.GET.get(PRINT_PARAM))
    if printable:
        page = None
        dossiers = list(qs)
    else:
        page = Paginator(qs, END_OF_DAY_PER_PAGE).get_page(request.GET.get("page"))
        dossiers = list(page.object_list)
    return render(
        request,
        "office/end_of_day.html",
        {
            "groups": _end_of_day_groups(dossiers, now),
            "counts": counts,
            "summary": summary,
            "now": now,
            "total": summary["today"] + summary["overdue"],
            "page": page,
            "printable": printable,
            "print_param": PRINT_PARAM,
        },
    )

