from django.urls import path

from motcua.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("gui/", views.submit, name="submit"),
    path("da-gui/", views.submitted, name="submitted"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/bo-sung/", views.add_information, name="add_information"),
    path("<str:code>/", views.answer, name="answer"),
    path("<str:code>/binh-chon/", views.vote, name="vote"),
]
