from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("nop-truc-tuyen/<str:code>/", views.submit_start, name="submit"),
    path("nop-truc-tuyen/nhap/<int:pk>/", views.draft_edit, name="draft"),
    path("nop-truc-tuyen/nhap/<int:pk>/xem-lai/", views.draft_review, name="draft_review"),
    path("nop-truc-tuyen/nhap/<int:pk>/xoa/", views.draft_discard, name="draft_discard"),
    path(
        "nop-truc-tuyen/nhap/<int:pk>/tep/<int:file_pk>/xoa/",
        views.draft_file_remove,
        name="draft_file_remove",
    ),
    path("ca-nhan/ho-so/", views.my_dossiers, name="my_dossiers"),
    path("ca-nhan/ho-so/<int:pk>/", views.my_dossier, name="dossier"),
    path("ca-nhan/ho-so/<int:pk>/bo-sung/", views.my_supplement, name="supplement"),
    path("ca-nhan/ho-so/<int:pk>/rut/", views.my_withdraw, name="withdraw"),
    path("ca-nhan/ho-so/<int:pk>/nhan-ket-qua/", views.my_delivery, name="delivery"),
    path("ca-nhan/ho-so/<int:pk>/ket-qua/", views.my_result, name="result"),
    path("ca-nhan/ho-so/<int:pk>/thanh-toan/", views.my_pay, name="pay"),
    path("ca-nhan/ho-so/<int:pk>/danh-gia/", views.my_rate, name="rate"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("danh-gia/", views.rate_by_receipt, name="rate_receipt"),
    path("thanh-toan/demo/<str:order_id>/", views.demo_bank, name="demo_bank"),
    path("thanh-toan/ket-qua/", views.payment_callback, name="payment_callback"),
    path("thanh-toan/giao-dich/<str:order_id>/", views.payment_result, name="payment_result"),
]
