"""Form pieces the office and the portal share for what the dossier actions check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import ERR_DELIVERY_ADDRESS
from motcua.dossiers.models import DeliveryMethod


class DeliveryFields(forms.Form):
    """How the result is received: one of the ways the procedure offers
    (``offer_delivery``) and, by post, an address — the rule of
    ``actions.core.check_delivery``, told next to the field before the action is called."""

    delivery_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"), choices=(), widget=forms.RadioSelect
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=500, required=False
    )

    def offer_delivery(self, procedure) -> None:
        self.fields["delivery_method"].choices = DeliveryMethod.choices_for(procedure)

    def clean(self):
        data = super().clean()
        if (
            data.get("delivery_method") == DeliveryMethod.POST
            and not (data.get("delivery_address") or "").strip()
        ):
            self.add_error("delivery_address", ERR_DELIVERY_ADDRESS)
        return data
