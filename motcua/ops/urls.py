from django.urls import path

from motcua.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.health, name="health"),
    path("suc-khoe/", views.health),
]
