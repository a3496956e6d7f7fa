from django.urls import path, register_converter

from motcua.paperwork import views


class DossierCodeConverter:
    """Dossier codes (Decree 118 Art. 28): agency identifier, date and sequence, e.g.
    ``H15.50.05.13-261008-0975``. Anything else is not a code (404), and never reaches
    the database (PostgreSQL refuses NUL bytes in text)."""

    regex = r"[0-9A-Za-z.\-]{1,60}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DossierCodeConverter, "dossier_code")

app_name = "paperwork"
urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("van-phong/so-theo-doi/", views.register, name="register"),
    path("xac-thuc/<dossier_code:code>/", views.verify, name="verify_dossier"),
    path(
        "van-phong/ho-so/<dossier_code:code>/mau/<str:number>.pdf",
        views.form_pdf,
        name="form_pdf",
    ),
    # Dossiers without a code (refused or sent back at reception) are printed by id.
    path(
        "van-phong/ho-so/so/<int:pk>/mau/<str:number>.pdf",
        views.form_pdf_by_id,
        name="form_pdf_by_id",
    ),
]
