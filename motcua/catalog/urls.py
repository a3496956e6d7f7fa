from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("thu-tuc/", views.procedure_list, name="list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/quy-trinh.svg", views.procedure_flowchart, name="flowchart"),
    path("thu-tuc/<str:code>/mau/<int:document_id>/", views.document_template, name="template"),
]
