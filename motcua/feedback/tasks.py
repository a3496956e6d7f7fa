"""E-mails to the filer, sent by the task worker after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from motcua.feedback.models import FeedbackAction, FeedbackEvent

SUBJECTS = {
    FeedbackAction.REFUSED: "Phản ánh, kiến nghị {code} không được tiếp nhận xử lý",
    FeedbackAction.MORE_REQUESTED: "Đề nghị bổ sung thông tin cho phản ánh, kiến nghị {code}",
    FeedbackAction.ANSWERED: "Phản ánh, kiến nghị {code} đã có trả lời",
    FeedbackAction.PUBLISHED: "Trả lời phản ánh, kiến nghị {code} đã được công khai",
}


def _body(event, link: str) -> str:
    feedback = event.feedback
    lines = [f"Kính gửi ông/bà {feedback.filer_name},", ""]
    lines.append(f"Phản ánh, kiến nghị “{feedback.title}” (mã {feedback.code}):")
    if event.action == FeedbackAction.REFUSED:
        lines += ["không được tiếp nhận xử lý vì lý do sau:", feedback.refusal_reason]
    elif event.action == FeedbackAction.MORE_REQUESTED:
        due = timezone.localtime(feedback.more_requested_at).strftime("%d/%m/%Y")
        lines += [
            f"cơ quan xử lý đề nghị ông/bà bổ sung thông tin (đề nghị ngày {due}):",
            feedback.more_request,
            "",
            "Ông/bà bổ sung trên trang tra cứu, với mã phản ánh và 4 số cuối điện thoại.",
        ]
    elif event.action == FeedbackAction.ANSWERED:
        lines += ["đã có trả lời của cơ quan xử lý:", "", feedback.answer]
    elif event.action == FeedbackAction.PUBLISHED:
        lines += ["trả lời đã được công khai trên cổng thông tin."]
    lines += ["", f"Tra cứu: {link}", "", f"Trân trọng,\n{settings.MOTCUA_SYSTEM_NAME}"]
    return "\n".join(lines)


@task()
def notify_filer(event_id: int) -> bool:
    """E-mail the filer (if they gave an address) about a step they must hear of."""
    from django.urls import reverse

    event = FeedbackEvent.objects.select_related("feedback").get(pk=event_id)
    feedback = event.feedback
    if event.action not in SUBJECTS or not feedback.filer_email:
        return False
    link = f"{settings.SITE_URL}{reverse('feedback:track')}?ma={feedback.code}"
    send_mail(
        SUBJECTS[event.action].format(code=feedback.code),
        _body(event, link),
        None,
        [feedback.filer_email],
    )
    return True
