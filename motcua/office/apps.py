from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "motcua.office"
    verbose_name = _("Văn phòng một cửa")
    default_auto_field = "django.db.models.BigAutoField"
