"""Side effects of transitions, run by the task worker after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Event, EventAction, Status

SUBJECTS = {
    EventAction.RECEIVED: "Hồ sơ {code} đã được tiếp nhận",
    EventAction.NOT_RECEIVED: "Hồ sơ của ông/bà không được tiếp nhận",
    EventAction.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung, hoàn thiện hồ sơ {code}",
    EventAction.PAYMENT_REQUESTED: "Yêu cầu thực hiện nghĩa vụ tài chính, hồ sơ {code}",
    EventAction.REFUSED: "Hồ sơ {code} bị từ chối giải quyết",
    EventAction.EXTENSION_APPROVED: "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}",
    EventAction.STOPPED: "Thông báo dừng giải quyết hồ sơ {code}",
    EventAction.FINISHED: "Hồ sơ {code} đã có kết quả",
}


def _when(value) -> str:
    return timezone.localtime(value).strftime("%H giờ %M phút, ngày %d/%m/%Y") if value else ""


def _body(event) -> str:
    dossier = event.dossier
    lines = [f"Kính gửi ông/bà {dossier.applicant_name},", ""]
    procedure = dossier.procedure.name
    if event.action == EventAction.RECEIVED:
        lines += [
            f"Hồ sơ “{procedure}” của ông/bà đã được tiếp nhận.",
            f"Mã số hồ sơ: {dossier.code}.",
            f"Thời gian hẹn trả kết quả: {_when(dossier.due_at)}.",
            "Ông/bà có thể tra cứu tình trạng hồ sơ bằng mã số hồ sơ.",
        ]
    elif event.action == EventAction.NOT_RECEIVED:
        lines += [f"Hồ sơ “{procedure}” không được tiếp nhận vì lý do sau:", event.note]
    elif event.action == EventAction.SUPPLEMENT_REQUESTED:
        lines += [
            f"Hồ sơ “{procedure}” cần được bổ sung, hoàn thiện các nội dung sau:",
            *[f"- {item}" for item in _items(event)],
        ]
        if event.note:
            lines += ["", f"Lý do: {event.note}"]
        lines += ["", "Ông/bà vui lòng bổ sung một lần, đầy đủ các nội dung trên."]
    elif event.action == EventAction.PAYMENT_REQUESTED:
        amount = f"{event.payload.get('amount', 0):,}".replace(",", ".")
        lines += [
            f"Để nhận kết quả hồ sơ {dossier.code}, ông/bà cần nộp {amount} đồng phí, lệ phí."
        ]
    elif event.action == EventAction.REFUSED:
        lines += [
            f"Hồ sơ {dossier.code} không đủ điều kiện giải quyết vì lý do sau:",
            event.note,
            "Ông/bà sẽ nhận lại hồ sơ kèm văn bản từ chối tại nơi đã nộp.",
        ]
    elif event.action == EventAction.EXTENSION_APPROVED:
        extension = dossier.extensions.filter(approved=True).first()
        lines += [
            f"Cơ quan giải quyết xin lỗi vì hồ sơ {dossier.code} chưa thể trả kết quả đúng hẹn.",
            f"Lý do: {extension.reason if extension else event.note}",
            f"Thời gian hẹn trả kết quả mới: {_when(dossier.due_at)}.",
        ]
        if extension and extension.apology:
            lines += ["", extension.apology]
    elif event.action == EventAction.STOPPED:
        lines += [f"Hồ sơ {dossier.code} đã dừng giải quyết.", f"Lý do: {event.note}"]
    elif event.action == EventAction.FINISHED:
        lines += [f"Hồ sơ {dossier.code} đã có kết quả giải quyết."]
        if dossier.delivery_method == "post":
            lines.append("Kết quả sẽ được gửi qua dịch vụ bưu chính công ích.")
        elif dossier.delivery_method == "electronic":
            lines.append("Kết quả điện tử được trả qua tài khoản của ông/bà.")
        else:
            lines.append("Mời ông/bà đến nơi nộp hồ sơ để nhận kết quả.")
    lines += ["", f"Trân trọng,\n{settings.MOTCUA_SYSTEM_NAME}"]
    return "\n".join(lines)


def _items(event) -> list[str]:
    names = []
    for item in event.payload.get("items", []):
        if item.get("document"):
            document = RequiredDocument.objects.filter(pk=item["document"]).first()
            names.append(document.name if document else "")
        else:
            names.append(f"{item.get('text', '')} ({item.get('reason', '')})")
    return names


@task()
def notify_applicant(dossier_id: int, seq: int) -> bool:
    """E-mail the applicant about the dossier's event number ``seq``, one they must hear
    of (plain text, Vietnamese)."""
    event = Event.objects.select_related("dossier", "dossier__procedure").get(
        dossier_id=dossier_id, seq=seq
    )
    dossier = event.dossier
    if event.action not in SUBJECTS or not dossier.applicant_email:
        return False
    if event.action == EventAction.FINISHED and dossier.status not in (
        Status.FINISHED,
        Status.RETURNED,
    ):
        return False
    send_mail(
        SUBJECTS[event.action].format(code=dossier.code or ""),
        _body(event),
        None,
        [dossier.applicant_email],
    )
    return True
