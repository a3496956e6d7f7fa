"""The feedback box's addresses: the public pages under /phan-anh/ (namespace
``feedback``) and the staff pages under /van-phong/phan-anh/ (``feedback_office``)."""

from django.urls import include, path

from motcua.feedback import office, views

public = [
    path("", views.index, name="index"),
    path("gui/", views.submit, name="submit"),
    path("da-gui/", views.submitted, name="submitted"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/bo-sung/", views.add_information, name="add_information"),
    path("<str:code>/", views.answer, name="answer"),
    path("<str:code>/binh-chon/", views.vote, name="vote"),
]

staff = [
    path("", office.triage_list, name="list"),
    path("<str:code>/", office.detail, name="detail"),
    path("<str:code>/tep/<int:pk>/", office.attachment, name="attachment"),
    path("<str:code>/<slug:action>/", office.act, name="act"),
]

urlpatterns = [
    path("phan-anh/", include((public, "feedback"))),
    path("van-phong/phan-anh/", include((staff, "feedback_office"))),
]
