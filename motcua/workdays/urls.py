from django.urls import path

from motcua.workdays import views

app_name = "workdays"
urlpatterns = [
    path("lich-lam-viec/", views.current_year, name="current"),
    path("lich-lam-viec/<int:year>/", views.year_page, name="year"),
]
