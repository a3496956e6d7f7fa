from django.urls import path

from motcua.feedback import office

app_name = "feedback_office"
urlpatterns = [
    path("", office.triage_list, name="list"),
    path("<str:code>/", office.detail, name="detail"),
    path("<str:code>/tep/<int:pk>/", office.attachment, name="attachment"),
    path("<str:code>/<slug:action>/", office.act, name="act"),
]
