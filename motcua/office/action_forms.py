"""The forms of the actions on the dossier page.

Which actions a staff member may take, with their labels and confirmations, is the
dossiers app's registry (``dossiers.actions.registry``); the office only pairs each
action with the form that collects its input (``FORMS``). A form's ``arguments()`` are
the action's keyword arguments besides the actor, the dossier and the version, so
``perform`` calls every action the same way and never writes by itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.permissions import users_who_can
from motcua.catalog.models import Agency, ProcessStep
from motcua.dossiers.actions.attachments import DocumentFile
from motcua.dossiers.actions.fees import FeeItem
from motcua.dossiers.actions.interagency import InterAgencyPart
from motcua.dossiers.actions.registry import ActionSpec
from motcua.dossiers.actions.supplements import SupplementItemSpec
from motcua.dossiers.forms import DeliveryFields
from motcua.dossiers.models import DeliveryMethod, Dossier, InterAgencyTask, PaymentMethod
from motcua.dossiers.permissions import answerable_tasks, step_action, step_unit
from motcua.dossiers.selectors import next_step
from motcua.lib.uploads import check_size

ERR_SUPPLEMENT_NOTHING = _(
    "Vui lòng chọn giấy tờ cần bổ sung hoặc nhập nội dung khác cần bổ sung kèm lý do."
)
ERR_FREE_ITEM_REASON = _("Nội dung bổ sung ngoài thành phần hồ sơ phải kèm lý do.")
ERR_NEW_DUE_PAST = _("Ngày hẹn trả mới phải ở tương lai.")


def text_field(
    label, *, required: bool = True, rows: int = 3, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SupplementItemsFields(forms.Form):
    """What a supplement request asks for: documents of the procedure, or free text with
    its reason (Decree 118 Art. 5.1), and general guidance. Shared by the dossier page
    and the counter intake; the form that mixes it in sets the documents' queryset."""

    documents = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Giấy tờ cần bổ sung, hoàn thiện"),
        widget=forms.CheckboxSelectMultiple,
    )
    other_text = text_field(_("Nội dung khác cần bổ sung"), required=False, rows=2)
    other_reason = text_field(
        _("Lý do yêu cầu nội dung khác"),
        required=False,
        rows=2,
        help_text=_("Bắt buộc khi yêu cầu giấy tờ ngoài thành phần hồ sơ của thủ tục."),
    )
    reason = text_field(_("Hướng dẫn chung cho người nộp"), required=False, rows=2)

    def offer_documents(self, procedure) -> None:
        self.fields["documents"].queryset = procedure.documents.order_by("order", "pk")

    def clean(self):
        data = super().clean()
        text, reason = data.get("other_text", ""), data.get("other_reason", "")
        if not data.get("documents") and not text:
            raise ValidationError(ERR_SUPPLEMENT_NOTHING, code="nothing")
        if text and not reason:
            self.add_error("other_reason", ERR_FREE_ITEM_REASON)
        return data

    def items(self) -> list[SupplementItemSpec]:
        data = self.cleaned_data
        items = [SupplementItemSpec(required_document=d) for d in data["documents"]]
        if data.get("other_text"):
            items.append(SupplementItemSpec(text=data["other_text"], reason=data["other_reason"]))
        return items


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

    def arguments(self) -> dict:
        """The action's input from the cleaned data (by default: every field but the
        version, under its own name)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def _candidates(dossier: Dossier, step: ProcessStep | None):
    """People who may do ``step`` of the dossier, in one query."""
    if step is None:
        return User.objects.none()
    return users_who_can(step_action(step), step_unit(dossier, step))


def _user_field(candidates, *, required: bool, label, help_text="") -> _UserChoice:
    return _UserChoice(
        queryset=candidates,
        required=required,
        label=label,
        help_text=help_text,
        empty_label=_("— Chưa phân công —"),
    )


# --- the forms --------------------------------------------------------------------


class ConfirmForm(ActionForm):
    """A note field, as on the other forms; acceptance takes no input, so the note is
    not recorded."""

    note = text_field(_("Ghi chú"), required=False, rows=2)

    def arguments(self) -> dict:
        return {}


class NoteForm(ActionForm):
    note = text_field(_("Ghi chú"), required=False, rows=2)


class ReasonsForm(ActionForm):
    reasons = text_field(_("Lý do"))


class SupplementForm(SupplementItemsFields, ActionForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_documents(self.dossier.procedure)

    def arguments(self) -> dict:
        return {"items": self.items(), "reason": self.cleaned_data.get("reason", "")}


class FileNoteForm(ActionForm):
    file = forms.FileField(label=_("Tệp đính kèm (bản quét)"), required=False)
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        check_size(upload)
        return upload

    def arguments(self) -> dict:
        upload = self.cleaned_data.get("file")
        return {
            "documents": [DocumentFile(file=upload)] if upload else [],
            "note": self.cleaned_data.get("note", ""),
        }


class AttachForm(FileNoteForm):
    file = forms.FileField(label=_("Tệp đính kèm (bản quét)"))


class ForwardForm(ActionForm):
    assignee = _UserChoice(queryset=User.objects.none(), required=False)
    note = text_field(_("Ý kiến xử lý"), required=False, rows=2)

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
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _user_field(
            _candidates(self.dossier, self.dossier.current_step),
            required=True,
            label=_("Giao cho"),
        )


class SendBackForm(ActionForm):
    to_step = forms.ModelChoiceField(queryset=ProcessStep.objects.none(), label=_("Trả về bước"))
    reason = text_field(_("Lý do trả lại"))

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
    content = text_field(_("Nội dung đề nghị phối hợp"))
    other_agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        label=_("Cơ quan phối hợp khác (nếu có)"),
    )
    other_content = text_field(_("Nội dung phối hợp của cơ quan khác"), required=False, rows=2)

    def arguments(self) -> dict:
        data = self.cleaned_data
        parts = [
            InterAgencyPart(
                agency=data["agency"], hours=data["hours"], content=data["content"], is_lead=True
            )
        ]
        if data.get("other_agency"):
            parts.append(
                InterAgencyPart(
                    agency=data["other_agency"],
                    hours=data["hours"],
                    content=data.get("other_content") or data["content"],
                )
            )
        return {"parts": parts}


class AnswerInterAgencyForm(ActionForm):
    task = forms.ModelChoiceField(queryset=InterAgencyTask.objects.none(), label=_("Phần việc"))
    answer = text_field(_("Kết quả phối hợp"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = answerable_tasks(self.user, self.dossier)
        self.fields["task"].label_from_instance = lambda t: f"{t.agency.name}: {t.content[:80]}"


class PaymentRequestForm(ActionForm):
    name = forms.CharField(label=_("Khoản phải nộp"), max_length=255)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=1, max_value=10**12)
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "items": [FeeItem(name=data["name"], amount=data["amount"])],
            "note": data.get("note", ""),
        }


class PaymentConfirmForm(ActionForm):
    amount = forms.IntegerField(label=_("Số tiền đã nộp (đồng)"), min_value=0, max_value=10**12)
    method = forms.ChoiceField(label=_("Hình thức"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=_("Số chứng từ, mã giao dịch"), max_length=120, required=False
    )


class ApproveForm(ActionForm):
    note = text_field(_("Ý kiến phê duyệt"), required=False, rows=2)
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
    reason = text_field(_("Lý do chậm"))
    apology = text_field(
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
    note = text_field(_("Ý kiến"), required=False, rows=2)

    def arguments(self) -> dict:
        return {"approve": self.cleaned_data["decision"], "note": self.cleaned_data.get("note", "")}


class StopForm(ActionForm):
    reason = text_field(_("Lý do"))


class SetDeliveryForm(DeliveryFields, ActionForm):
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_delivery(self.dossier.procedure)
        if not self.is_bound:
            self.initial.setdefault("delivery_method", self.dossier.delivery_method)
            self.initial.setdefault("delivery_address", self.dossier.delivery_address)


class ReturnForm(ActionForm):
    delivery_method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=())
    note = text_field(_("Ghi chú"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery_method"].choices = DeliveryMethod.choices
        if not self.is_bound:
            self.initial.setdefault("delivery_method", self.dossier.delivery_method)


# Each action of the registry with the form of its input.
FORMS: dict[str, type[ActionForm]] = {
    "accept": ConfirmForm,
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


def form_for(spec: ActionSpec, *args, dossier: Dossier, user: User, **kwargs) -> ActionForm:
    """The form of the action, prefixed with its key (several are on one page)."""
    return FORMS[spec.key](*args, dossier=dossier, user=user, prefix=spec.key, **kwargs)


def perform(spec: ActionSpec, form: ActionForm) -> Dossier:
    """Call the action with the form's input (may raise a ``motcua.lib.errors`` error)."""
    return spec.function(
        actor=form.user,
        dossier=form.dossier,
        version=form.cleaned_data["version"],
        **form.arguments(),
    )
