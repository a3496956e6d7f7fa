"""The reports' addresses: the staff reports under /bao-cao/ (namespace ``reports``) and
the public transparency board under /minh-bach/ (``transparency``)."""

from django.urls import include, path

from motcua.reports import views

staff = [
    path("", views.period, name="period"),
    path("xlsx/", views.period_xlsx, name="period_xlsx"),
    path("thang/xlsx/", views.monthly_xlsx, name="monthly_xlsx"),
    path("ho-so/", views.drill, name="drill"),
    path("chi-so/", views.indicator_page, name="indicators"),
    path("bang-diem/", views.scorecard_page, name="scorecards"),
    path("bang-diem/xlsx/", views.scorecard_xlsx, name="scorecards_xlsx"),
    path("hai-long/", views.satisfaction_page, name="satisfaction"),
    path("hai-long/xlsx/", views.satisfaction_xlsx, name="satisfaction_xlsx"),
    path("chi-so/xlsx/", views.indicator_xlsx, name="indicators_xlsx"),
]

public = [path("", views.public_board, name="board")]

urlpatterns = [
    path("bao-cao/", include((staff, "reports"))),
    path("minh-bach/", include((public, "transparency"))),
]
