"""Public pages of the feedback box. No personal data is ever shown here."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.permissions import is_staff_member
from motcua.feedback import codes, services
from motcua.feedback.forms import FeedbackForm, MoreInformationForm, TrackForm
from motcua.feedback.models import Feedback, FeedbackStatus, SubjectKind
from motcua.lib.errors import DomainError

PAGE_SIZE = 20
SESSION_FILED = "feedback_filed"
SESSION_VOTER = "feedback_voter"
SESSION_VOTED = "feedback_voted"
FORM_FIELDS = {"procedure": "procedure_code", "follows": None}


def param(request: HttpRequest, name: str, limit: int = 200) -> str:
    """A GET parameter, bounded and without NUL bytes (PostgreSQL refuses them)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def add_service_error(form, error: DomainError) -> None:
    field = FORM_FIELDS.get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _published_or_404(code: str) -> Feedback:
    normalized = codes.normalize(code)
    feedback = (
        Feedback.objects.published()
        .with_votes()
        .select_related("agency", "procedure")
        .filter(code=normalized)
        .first()
        if normalized
        else None
    )
    if feedback is None:
        raise Http404(_("Không tìm thấy trả lời phản ánh, kiến nghị."))
    return feedback


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    query = param(request, "q")
    items = (
        Feedback.objects.published()
        .search(query)
        .select_related("agency", "procedure")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(items, PAGE_SIZE).get_page(param(request, "page", 10))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/index.html",
        {
            "page": page,
            "query": query,
            "querystring": params.urlencode(),
            "track_form": TrackForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            follows_code = codes.normalize(data.get("follows", ""))
            follows = Feedback.objects.filter(code=follows_code).first() if follows_code else None
            try:
                feedback = services.feedback_submit(
                    subject_kind=data["subject_kind"],
                    agency=data["agency"],
                    procedure=data["procedure_code"],
                    officer_name=data["officer_name"],
                    title=data["title"],
                    content=data["content"],
                    is_anonymous=data["is_anonymous"],
                    filer_name=data["filer_name"],
                    filer_phone=data["filer_phone"],
                    filer_email=data["filer_email"] or "",
                    follows=follows,
                    attachments=data["attachments"],
                )
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                request.session[SESSION_FILED] = feedback.code
                return redirect("feedback:submitted")
    else:
        initial: dict = {}
        user = request.user
        if user.is_authenticated and not is_staff_member(user):
            initial.update(
                filer_name=user.display_name, filer_phone=user.phone, filer_email=user.email
            )
        procedure_code = param(request, "thu-tuc", 40)
        if procedure_code:
            initial.update(subject_kind=SubjectKind.PROCEDURE, procedure_code=procedure_code)
        follows = Feedback.objects.published().filter(
            code=codes.normalize(param(request, "phan-anh-lai", 60)) or "-"
        )
        follows = follows.select_related("procedure").first()
        if follows is not None:
            initial.update(
                follows=follows.code,
                subject_kind=follows.subject_kind,
                agency=follows.agency_id,
                procedure_code=follows.procedure.code if follows.procedure else "",
                title=_("Phản ánh lại: %(title)s") % {"title": follows.title[:200]},
            )
        form = FeedbackForm(initial=initial)
    return render(request, "feedback/submit.html", {"form": form})


@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SESSION_FILED)
    if not code:
        return redirect("feedback:index")
    return render(request, "feedback/submitted.html", {"code": code})


def _track_context(feedback: Feedback | None, code: str, more_form=None) -> dict:
    context = {"code": code, "feedback": feedback, "track_form": TrackForm(initial={"ma": code})}
    if feedback is not None and feedback.status == FeedbackStatus.NEED_MORE:
        context["more_form"] = more_form or MoreInformationForm(initial={"code": feedback.code})
    return context


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """Status by tracking code: no personal data; the same neutral answer for any unknown code."""
    raw = param(request, "ma", 60)
    code = codes.normalize(raw)
    feedback = Feedback.objects.select_related("agency").filter(code=code).first() if code else None
    context = _track_context(feedback, code or raw)
    context["searched"] = bool(raw)
    return render(request, "feedback/track.html", context)


@require_POST
def add_information(request: HttpRequest) -> HttpResponse:
    form = MoreInformationForm(request.POST)
    code = codes.normalize(request.POST.get("code", ""))
    feedback = Feedback.objects.select_related("agency").filter(code=code).first() if code else None
    if feedback is None:
        raise Http404(_("Không tìm thấy phản ánh, kiến nghị."))
    status = 200
    if form.is_valid():
        try:
            services.feedback_add_information(
                feedback=feedback,
                content=form.cleaned_data["content"],
                phone_last4=form.cleaned_data["phone_last4"],
            )
        except services.InvalidTransition as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse('feedback:track')}?ma={feedback.code}")
        except DomainError as exc:
            add_service_error(form, exc)
            status = 403 if isinstance(exc, services.NotAllowed) else 200
        else:
            messages.success(
                request, _("Đã gửi thông tin bổ sung. Cơ quan sẽ tiếp tục xử lý phản ánh.")
            )
            return redirect(f"{reverse('feedback:track')}?ma={feedback.code}")
    context = _track_context(feedback, feedback.code, form)
    context["searched"] = True
    return render(request, "feedback/track.html", context, status=status)


@require_GET
def answer(request: HttpRequest, code: str) -> HttpResponse:
    feedback = _published_or_404(code)
    voted = request.session.get(SESSION_VOTED, {})
    return render(
        request,
        "feedback/answer.html",
        {
            "feedback": feedback,
            "voted": voted.get(feedback.code) if isinstance(voted, dict) else None,
        },
    )


@require_POST
def vote(request: HttpRequest, code: str) -> HttpResponse:
    feedback = _published_or_404(code)
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 0
    voter = request.session.get(SESSION_VOTER)
    if not isinstance(voter, str) or not voter:
        voter = secrets.token_hex(16)
        request.session[SESSION_VOTER] = voter
    try:
        services.feedback_vote(feedback=feedback, voter=voter, value=value)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        voted = request.session.get(SESSION_VOTED)
        voted = dict(voted) if isinstance(voted, dict) else {}
        voted[feedback.code] = value
        request.session[SESSION_VOTED] = voted
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá trả lời này."))
    return redirect(feedback.get_absolute_url())
