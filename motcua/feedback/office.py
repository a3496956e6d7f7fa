"""Staff pages: the triage list and one PAKN with its actions.

Authorisation lives in one place, ``_feedback_for_user``: only staff who may triage in
the responsible agency (``services.may_triage``) see an item; the actions themselves
are checked again by the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.permissions import is_staff_member
from motcua.feedback import codes, selectors, services
from motcua.feedback.forms import (
    AnswerForm,
    CloseForm,
    PublishForm,
    RefuseForm,
    RequestMoreForm,
    TransferForm,
)
from motcua.feedback.models import Feedback, FeedbackStatus
from motcua.feedback.privacy import redact
from motcua.feedback.views import add_service_error, param
from motcua.lib.errors import DomainError, http_status

PAGE_SIZE = 30

# url slug → (form, service, form field → service keyword, needs the answer permission)
ACTIONS = {
    "tu-choi": (RefuseForm, services.feedback_refuse, {"reason": "reason"}, False),
    "yeu-cau-bo-sung": (
        RequestMoreForm,
        services.feedback_request_more,
        {"request": "request"},
        False,
    ),
    "tra-loi": (
        AnswerForm,
        services.feedback_answer,
        {"answer": "answer", "category": "category"},
        True,
    ),
    "cong-khai": (
        PublishForm,
        services.feedback_publish,
        {"public_content": "public_content", "public_title": "public_title"},
        True,
    ),
    "ket-thuc": (CloseForm, services.feedback_close, {"reason": "reason"}, True),
    "chuyen": (
        TransferForm,
        services.feedback_transfer,
        {"agency": "agency", "officer": "officer", "note": "note"},
        False,
    ),
}
DONE = {
    "tu-choi": gettext_lazy("Đã từ chối xử lý phản ánh."),
    "yeu-cau-bo-sung": gettext_lazy("Đã gửi đề nghị bổ sung thông tin."),
    "tra-loi": gettext_lazy("Đã lưu trả lời. Cần công khai trong 02 ngày làm việc."),
    "cong-khai": gettext_lazy("Đã công khai trả lời."),
    "ket-thuc": gettext_lazy("Đã kết thúc phản ánh."),
    "chuyen": gettext_lazy("Đã chuyển cơ quan xử lý."),
}


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


def _feedback_for_user(request: HttpRequest, code: str) -> Feedback:
    _staff_only(request)
    normalized = codes.normalize(code)
    feedback = (
        Feedback.objects.select_related("agency", "procedure", "officer", "answered_by", "follows")
        .filter(code=normalized)
        .first()
        if normalized
        else None
    )
    if feedback is None:
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị."))
    if not services.may_triage(request.user, feedback):
        raise PermissionDenied
    return feedback


@login_required
@require_GET
def triage_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    now = timezone.now()
    mine = Feedback.objects.for_staff(request.user)
    status = param(request, "status", 20)
    if status not in FeedbackStatus.values:
        status = ""
    overdue = param(request, "overdue", 5) == "1"
    query = param(request, "q")
    items = mine.select_related("agency").with_overdue(now)
    if status:
        items = items.filter(status=status)
    if overdue:
        items = items.overdue(now)
    code = codes.normalize(query)
    if code:
        items = items.filter(code=code)
    elif query:
        for word in query.split()[:10]:
            items = items.filter(title__icontains=word)
    page = Paginator(items.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(
        param(request, "page", 10)
    )
    counts = mine.counts_by_status()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/office_list.html",
        {
            "page": page,
            "status": status,
            "overdue": overdue,
            "query": query,
            "querystring": params.urlencode(),
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in FeedbackStatus.choices
            ],
            "total": sum(counts.values()),
            "overdue_count": mine.overdue(now).count(),
        },
    )


def _detail(request: HttpRequest, feedback: Feedback, forms: dict | None = None, status: int = 200):
    now = timezone.now()
    forms = forms or {}
    can_answer = services.may_answer(request.user, feedback)
    context = {
        "feedback": feedback,
        "now": now,
        "deadlines": selectors.deadline_rows(feedback, now),
        "events": feedback.events.select_related("actor"),
        "can_answer": can_answer,
        "is_overdue": Feedback.objects.filter(pk=feedback.pk).overdue(now).exists(),
        "reraised_by": list(feedback.followers.only("code", "status")),
    }
    if feedback.status == FeedbackStatus.RECEIVED:
        context["refuse_form"] = forms.get("tu-choi") or RefuseForm()
        context["transfer_form"] = forms.get("chuyen") or TransferForm(
            initial={"agency": feedback.agency_id, "officer": feedback.officer_id}
        )
        if feedback.more_requested_at is None:
            context["more_form"] = forms.get("yeu-cau-bo-sung") or RequestMoreForm()
        if can_answer:
            context["answer_form"] = forms.get("tra-loi") or AnswerForm(
                initial={"category": feedback.category}
            )
    if feedback.status == FeedbackStatus.ANSWERED and can_answer:
        context["publish_form"] = forms.get("cong-khai") or PublishForm(
            initial={
                "public_title": redact(feedback.title),
                "public_content": redact(feedback.content),
            }
        )
    if feedback.status in (FeedbackStatus.ANSWERED, FeedbackStatus.NEED_MORE) and can_answer:
        context["close_form"] = forms.get("ket-thuc") or CloseForm()
    return render(request, "feedback/office_detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _feedback_for_user(request, code))


@login_required
@require_GET
def attachment(request: HttpRequest, code: str, pk: int) -> FileResponse:
    feedback = _feedback_for_user(request, code)
    item = feedback.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404(_("Không tìm thấy tệp."))
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
    response["Content-Type"] = item.content_type
    return response


@login_required
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    feedback = _feedback_for_user(request, code)
    if action not in ACTIONS:
        raise Http404(_("Thao tác không tồn tại."))
    form_class, service, fields, needs_answer = ACTIONS[action]
    if needs_answer and not services.may_answer(request.user, feedback):
        raise PermissionDenied
    form = form_class(request.POST)
    status = 200
    if form.is_valid():
        kwargs = {keyword: form.cleaned_data[name] for name, keyword in fields.items()}
        try:
            feedback = service(feedback=feedback, actor=request.user, **kwargs)
        except services.InvalidInput as exc:
            add_service_error(form, exc)
        except DomainError as exc:
            # The item changed under the user: the form may no longer be on the page.
            messages.error(request, exc.message)
            status = http_status(exc)
            feedback.refresh_from_db()
        else:
            messages.success(request, DONE[action])
            if not services.may_triage(request.user, feedback):
                return redirect("feedback_office:list")
            return redirect(feedback.get_office_url())
    return _detail(request, feedback, {action: form}, status=status)
