from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperworkConfig(AppConfig):
    name = "motcua.paperwork"
    verbose_name = _("Biểu mẫu, kết quả điện tử và xác thực")
    default_auto_field = "django.db.models.BigAutoField"
