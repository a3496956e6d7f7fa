from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<str:code>/", views.procedure_detail, name="procedure"),
    path("<str:code>/quy-trinh.svg", views.procedure_flowchart, name="flowchart"),
    path("<str:code>/mau/<int:document_id>/", views.document_template, name="template"),
]
