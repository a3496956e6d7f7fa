from django.urls import path

from motcua.office import intake_views, views

app_name = "office"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("danh-sach/<slug:slug>/", views.work_list, name="list"),
    path("truc-tuyen/", views.online_queue, name="online_queue"),
    path("cuoi-ngay/", views.end_of_day, name="end_of_day"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/thao-tac/<slug:key>/", views.dossier_action, name="action"),
    path("ho-so/<int:pk>/tep/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("ho-so/<int:pk>/ket-qua/", views.result_file, name="result_file"),
    path("ho-so/<int:pk>/phieu/<str:number>.pdf", views.uncoded_form, name="uncoded_form"),
    path("tiep-nhan/", intake_views.procedure_step, name="intake"),
    path("tiep-nhan/nguoi-nop/", intake_views.applicant_step, name="intake_applicant"),
    path("tiep-nhan/giay-to/", intake_views.documents_step, name="intake_documents"),
    path("tiep-nhan/nhan-ket-qua/", intake_views.delivery_step, name="intake_delivery"),
    path("tiep-nhan/xac-nhan/", intake_views.confirm_step, name="intake_confirm"),
    path("tiep-nhan/bo-sung/", intake_views.supplement_step, name="intake_supplement"),
    path("tiep-nhan/tu-choi/", intake_views.refuse_step, name="intake_refuse"),
    path("tiep-nhan/huy/", intake_views.discard, name="intake_discard"),
    path("tiep-nhan/xong/<int:pk>/", intake_views.done, name="intake_done"),
]
