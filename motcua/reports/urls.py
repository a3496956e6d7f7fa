from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.period, name="period"),
    path("xlsx/", views.period_xlsx, name="period_xlsx"),
    path("ho-so/", views.drill, name="drill"),
    path("chi-so/", views.indicator_page, name="indicators"),
    path("chi-so/xlsx/", views.indicator_xlsx, name="indicators_xlsx"),
]
