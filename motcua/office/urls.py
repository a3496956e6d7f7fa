from django.urls import path

from motcua.office import intake_views, views

app_name = "office"
urlpatterns = [
    path("van-phong/", views.dashboard, name="dashboard"),
    path("van-phong/danh-sach/<slug:slug>/", views.work_list, name="list"),
    path("van-phong/truc-tuyen/", views.online_queue, name="online_queue"),
    path("van-phong/cuoi-ngay/", views.end_of_day, name="end_of_day"),
    path("van-phong/ho-so/<int:pk>/", views.dossier_detail, name="dossier"),
    path("van-phong/ho-so/<int:pk>/thao-tac/<slug:key>/", views.dossier_action, name="action"),
    path("van-phong/ho-so/<int:pk>/tep/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("van-phong/ho-so/<int:pk>/ket-qua/", views.result_file, name="result_file"),
    path(
        "van-phong/ho-so/<int:pk>/phieu/<str:number>.pdf", views.uncoded_form, name="uncoded_form"
    ),
    path("van-phong/tiep-nhan/", intake_views.procedure_step, name="intake"),
    path("van-phong/tiep-nhan/nguoi-nop/", intake_views.applicant_step, name="intake_applicant"),
    path("van-phong/tiep-nhan/giay-to/", intake_views.documents_step, name="intake_documents"),
    path("van-phong/tiep-nhan/nhan-ket-qua/", intake_views.delivery_step, name="intake_delivery"),
    path("van-phong/tiep-nhan/xac-nhan/", intake_views.confirm_step, name="intake_confirm"),
    path("van-phong/tiep-nhan/bo-sung/", intake_views.supplement_step, name="intake_supplement"),
    path("van-phong/tiep-nhan/tu-choi/", intake_views.refuse_step, name="intake_refuse"),
    path("van-phong/tiep-nhan/huy/", intake_views.discard, name="intake_discard"),
    path("van-phong/tiep-nhan/xong/<int:pk>/", intake_views.done, name="intake_done"),
]
