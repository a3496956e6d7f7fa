"""What a staff member may do to a dossier now, and the forms those actions need.

``available_actions`` answers "which buttons does the dossier page show?" by asking
the same questions the lifecycle services ask — the permission helpers
(``can``, ``can_act_on_step``) and the status sets of ``dossiers.states`` — so that
the page never offers a button the service would refuse for want of permission or
because of the dossier's status. Checks that depend on the input or on time (three
working days for a supplement, one working day before the due moment for an
extension...) are left to the services, whose Vietnamese message is then shown.

``perform`` calls the one service of each action; it never writes by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.permissions import users_who_can
from motcua.catalog.models import Agency, ProcessStep
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services
from motcua.dossiers.forms import DeliveryFields
from motcua.dossiers.models import (
    DeliveryMethod,
    Dossier,
    InterAgencyTask,
    PaymentMethod,
)
from motcua.lib.uploads import check_size

ERR_SUPPLEMENT_NOTHING = _(
    "Vui lòng chọn giấy tờ cần bổ sung hoặc nhập nội dung khác cần bổ sung kèm lý do."
)
ERR_FREE_ITEM_REASON = _("Nội dung bổ sung ngoài thành phần hồ sơ phải kèm lý do.")
ERR_NEW_DUE_PAST = _("Ngày hẹn trả mới phải ở tương lai.")


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}" + (f" — {obj.title}" if obj.title else "")


class ActionForm(forms.Form):
    """Every action form carries the dossier version it was rendered with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dossier: Dossier, user: User, **kwargs) -> None:
        self.dossier = dossier
        self.user = user
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("version", dossier.version)


def _text(label, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _candidates(dossier: Dossier, step: ProcessStep | None):
    """People who may do ``step`` of the dossier, in one query."""
    if step is None:
        return User.objects.none()
    return users_who_can(services.step_action(step), services.step_unit(dossier, step))


def _user_field(candidates, *, required: bool, label, help_text="") -> _UserChoice:
    return _UserChoice(
        queryset=candidates,
        required=required,
        label=label,
        help_text=help_text,
        empty_label=_("— Chưa phân công —"),
    )


# --- the forms --------------------------------------------------------------------


class NoteForm(ActionForm):
    note = _text(_("Ghi chú"), required=False, rows=2)


class ReasonsForm(ActionForm):
    reasons = _text(_("Lý do"))


class SupplementForm(ActionForm):
    documents = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Giấy tờ cần bổ sung, hoàn thiện"),
        widget=forms.CheckboxSelectMultiple,
    )
    other_text = _text(_("Nội dung khác cần bổ sung"), required=False, rows=2)
    other_reason = _text(
        _("Lý do yêu cầu nội dung khác"),
        required=False,
        rows=2,
        help_text=_("Bắt buộc khi yêu cầu giấy tờ ngoài thành phần hồ sơ của thủ tục."),
    )
    reason = _text(_("Hướng dẫn chung cho người nộp"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = self.dossier.procedure.documents.order_by("order", "pk")

    def clean(self):
        data = super().clean()
        text, reason = data.get("other_text", ""), data.get("other_reason", "")
        if not data.get("documents") and not text:
            raise ValidationError(ERR_SUPPLEMENT_NOTHING, code="nothing")
        if text and not reason:
            self.add_error("other_reason", ERR_FREE_ITEM_REASON)
        return data

    def items(self) -> list[services.SupplementItemSpec]:
        data = self.cleaned_data
        items = [services.SupplementItemSpec(required_document=d) for d in data["documents"]]
        if data.get("other_text"):
            items.append(
                services.SupplementItemSpec(text=data["other_text"], reason=data["other_reason"])
            )
        return items


class FileNoteForm(ActionForm):
    file = forms.FileField(label=_("Tệp đính kèm (bản quét)"), required=False)
    note = _text(_("Ghi chú"), required=False, rows=2)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        check_size(upload)
        return upload

    def documents(self) -> list[services.DocumentFile]:
        upload = self.cleaned_data.get("file")
        return [services.DocumentFile(file=upload)] if upload else []


class AttachForm(FileNoteForm):
    file = forms.FileField(label=_("Tệp đính kèm (bản quét)"))


class ForwardForm(ActionForm):
    assignee = _UserChoice(queryset=User.objects.none(), required=False)
    note = _text(_("Ý kiến xử lý"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        step = next_step(self.dossier)
        self.fields["assignee"] = _user_field(
            _candidates(self.dossier, step),
            required=False,
            label=_("Người xử lý bước tiếp theo"),
            help_text=_("Bước tiếp theo: %(step)s.") % {"step": step.name} if step else "",
        )


class AssignForm(ActionForm):
    assignee = _UserChoice(queryset=User.objects.none())
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _user_field(
            _candidates(self.dossier, self.dossier.current_step),
            required=True,
            label=_("Giao cho"),
        )


class SendBackForm(ActionForm):
    to_step = forms.ModelChoiceField(queryset=ProcessStep.objects.none(), label=_("Trả về bước"))
    reason = _text(_("Lý do trả lại"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        d = self.dossier
        order = d.current_step.order if d.current_step else 0
        self.fields["to_step"].queryset = ProcessStep.objects.filter(
            process_id=d.process_id, order__lt=order
        ).order_by("order")


class InterAgencyForm(ActionForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        label=_("Cơ quan chủ trì phối hợp"),
    )
    hours = forms.DecimalField(
        label=_("Thời hạn trả lời (giờ làm việc)"),
        min_value=Decimal("0.5"),
        max_value=Decimal(2000),
        decimal_places=1,
        initial=16,
    )
    content = _text(_("Nội dung đề nghị phối hợp"))
    other_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        label=_("Cơ quan phối hợp khác (nếu có)"),
    )
    other_content = _text(_("Nội dung phối hợp của cơ quan khác"), required=False, rows=2)

    def parts(self) -> list[services.InterAgencyPart]:
        data = self.cleaned_data
        parts = [
            services.InterAgencyPart(
                agency=data["agency"], hours=data["hours"], content=data["content"], is_lead=True
            )
        ]
        if data.get("other_agency"):
            parts.append(
                services.InterAgencyPart(
                    agency=data["other_agency"],
                    hours=data["hours"],
                    content=data.get("other_content") or data["content"],
                )
            )
        return parts


class AnswerInterAgencyForm(ActionForm):
    task = forms.ModelChoiceField(queryset=InterAgencyTask.objects.none(), label=_("Phần việc"))
    answer = _text(_("Kết quả phối hợp"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = answerable_tasks(self.user, self.dossier)
        self.fields["task"].label_from_instance = lambda t: f"{t.agency.name}: {t.content[:80]}"


class PaymentRequestForm(ActionForm):
    name = forms.CharField(label=_("Khoản phải nộp"), max_length=255)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, max_value=10**12)
    note = _text(_("Ghi chú"), required=False, rows=2)


class PaymentConfirmForm(ActionForm):
    amount = forms.IntegerField(label=_("Số tiền đã nộp (đồng)"), min_value=0, max_value=10**12)
    method = forms.ChoiceField(label=_("Hình thức"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=_("Số chứng từ, mã giao dịch"), max_length=120, required=False
    )


class ApproveForm(ActionForm):
    note = _text(_("Ý kiến phê duyệt"), required=False, rows=2)
    result_file = forms.FileField(label=_("Tệp kết quả đã ký (nếu có)"), required=False)

    def clean_result_file(self):
        upload = self.cleaned_data.get("result_file")
        check_size(upload)
        return upload


class ExtensionForm(ActionForm):
    new_due_at = forms.DateTimeField(
        label=_("Ngày hẹn trả mới"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = _text(_("Lý do chậm"))
    apology = _text(
        _("Nội dung xin lỗi gửi người nộp hồ sơ"),
        rows=3,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.dossier.due_at:
            proposed = timezone.localtime(self.dossier.due_at) + dt.timedelta(days=7)
            self.initial.setdefault("new_due_at", proposed.replace(second=0, microsecond=0))
            self.initial.setdefault(
                "apology",
                _(
                    "Cơ quan chúng tôi xin lỗi ông/bà vì sự chậm trễ này đã gây phiền hà, "
                    "tốn kém chi phí, công sức của ông/bà."
                ),
            )

    def clean_new_due_at(self):
        value = self.cleaned_data["new_due_at"]
        if value <= timezone.now():
            raise ValidationError(ERR_NEW_DUE_PAST, code="past")
        return value


class DecideExtensionForm(ActionForm):
    decision = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Duyệt gia hạn")), ("0", _("Không duyệt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    note = _text(_("Ý kiến"), required=False, rows=2)


class StopForm(ActionForm):
    reason = _text(_("Lý do"))


class SetDeliveryForm(DeliveryFields, ActionForm):
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_delivery(self.dossier.procedure)
        if not self.is_bound:
            self.initial.setdefault("delivery_method", self.dossier.delivery_method)
            self.initial.setdefault("delivery_address", self.dossier.delivery_address)


class ReturnForm(ActionForm):
    delivery_method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=())
    note = _text(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_method"].choices = DeliveryMethod.choices
        if not self.is_bound:
            self.initial.setdefault("delivery_method", self.dossier.delivery_method)


# --- availability ---------------------------------------------------------------------

# The rules of what a user may do live in ``dossiers.selectors``; the office only pairs
# each action with its form.
answerable_tasks = dossier_selectors.answerable_tasks
next_step = dossier_selectors.next_step


@dataclass(frozen=True)
class ActionSpec:
    key: str
    label: str
    form: type[ActionForm]
    confirm: str
    danger: bool = False
    paperwork: str = ""  # the form number printed after the action, if any


FORMS: dict[str, type[ActionForm]] = {
    "accept": NoteForm,
    "request_supplement": SupplementForm,
    "refuse_reception": ReasonsForm,
    "receive_supplement": FileNoteForm,
    "forward": ForwardForm,
    "assign": AssignForm,
    "send_back": SendBackForm,
    "send_interagency": InterAgencyForm,
    "answer_interagency": AnswerInterAgencyForm,
    "request_payment": PaymentRequestForm,
    "confirm_payment": PaymentConfirmForm,
    "approve": ApproveForm,
    "refuse": ReasonsForm,
    "propose_extension": ExtensionForm,
    "decide_extension": DecideExtensionForm,
    "finish": NoteForm,
    "return_result": ReturnForm,
    "attach": AttachForm,
    "set_delivery": SetDeliveryForm,
    "withdraw": StopForm,
    "stop": StopForm,
}

ACTIONS: dict[str, ActionSpec] = {
    key: ActionSpec(
        key=key,
        label=spec.label,
        form=FORMS[key],
        confirm=spec.confirm,
        danger=spec.danger,
        paperwork=spec.paperwork,
    )
    for key, spec in dossier_selectors.ACTION_SPECS.items()
}
ORDER = dossier_selectors.ACTION_ORDER


def available_actions(user: User, dossier: Dossier) -> list[ActionSpec]:
    """The actions the user may take now (``dossiers.selectors.dossier_available_actions``),
    each with its form."""
    return [ACTIONS[a.key] for a in dossier_selectors.dossier_available_actions(user, dossier)]


def perform(key: str, form: ActionForm) -> Dossier:
    """Call the service of the action with the form's data (may raise a
    ``motcua.lib.errors`` error)."""
    d, user, data = form.dossier, form.user, form.cleaned_data
    common = {"actor": user, "dossier": d, "version": data["version"]}
    if key == "accept":
        return services.dossier_accept(**common)
    if key == "request_supplement":
        return services.dossier_request_supplement(
            **common, items=form.items(), reason=data.get("reason", "")
        )
    if key == "refuse_reception":
        return services.dossier_refuse_reception(**common, reasons=data["reasons"])
    if key == "receive_supplement":
        return services.dossier_receive_supplement(
            **common, note=data.get("note", ""), documents=form.documents()
        )
    if key == "forward":
        return services.dossier_forward(
            **common, assignee=data.get("assignee"), note=data.get("note", "")
        )
    if key == "assign":
        return services.dossier_assign(
            **common, assignee=data["assignee"], note=data.get("note", "")
        )
    if key == "send_back":
        return services.dossier_send_back(**common, to_step=data["to_step"], reason=data["reason"])
    if key == "send_interagency":
        return services.dossier_send_interagency(**common, parts=form.parts())
    if key == "answer_interagency":
        return services.dossier_answer_interagency(
            actor=user, task=data["task"], answer=data["answer"], version=data["version"]
        )
    if key == "request_payment":
        return services.dossier_request_payment(
            **common,
            items=[services.FeeItem(name=data["name"], amount=data["amount"])],
            note=data.get("note", ""),
        )
    if key == "confirm_payment":
        return services.dossier_confirm_payment(
            **common,
            amount=data["amount"],
            method=data["method"],
            reference=data.get("reference", ""),
        )
    if key == "approve":
        return services.dossier_approve(
            **common, note=data.get("note", ""), result_file=data.get("result_file")
        )
    if key == "refuse":
        return services.dossier_refuse(**common, reasons=data["reasons"])
    if key == "propose_extension":
        return services.dossier_propose_extension(
            **common,
            reason=data["reason"],
            apology=data["apology"],
            new_due_at=data["new_due_at"],
        )
    if key == "decide_extension":
        return services.dossier_decide_extension(
            **common, approve=data["decision"], note=data.get("note", "")
        )
    if key == "finish":
        return services.dossier_finish(**common, note=data.get("note", ""))
    if key == "return_result":
        return services.dossier_return_result(
            **common, delivery_method=data["delivery_method"], note=data.get("note", "")
        )
    if key == "attach":
        return services.dossier_attach(
            **common, documents=form.documents(), note=data.get("note", "")
        )
    if key == "set_delivery":
        return services.dossier_set_delivery(
            **common,
            delivery_method=data["delivery_method"],
            delivery_address=data.get("delivery_address", ""),
            note=data.get("note", ""),
        )
    if key == "withdraw":
        return services.dossier_withdraw(**common, reason=data["reason"])
    if key == "stop":
        return services.dossier_stop(**common, reason=data["reason"])
    raise KeyError(key)


def is_visible_to(user: User, dossier: Dossier) -> bool:
    return Dossier.objects.for_user(user).filter(pk=dossier.pk).exists()


__all__ = ["ACTIONS", "ActionSpec", "available_actions", "is_visible_to", "perform"]
