from django.urls import path

from motcua.paperwork import views

app_name = "paperwork"
urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc/<str:code>/", views.verify, name="verify_dossier"),
    path("van-phong/ho-so/<str:code>/mau/<str:number>.pdf", views.form_pdf, name="form_pdf"),
]
