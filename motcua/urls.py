from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị hệ thống một cửa")
admin.site.site_title = _("Quản trị MotCua")
admin.site.index_title = _("Cấu hình và danh mục")

# Each app's urls.py holds its own addresses, whole, under its namespaces; the order
# decides between addresses that share a beginning (the paperwork's and the feedback
# box's /van-phong/… before the office's).
urlpatterns = [
    path("", include("motcua.web.urls")),
    path("", include("motcua.ops.urls")),
    path("", include("motcua.accounts.urls")),
    path("", include("motcua.catalog.urls")),
    path("", include("motcua.workdays.urls")),
    path("", include("motcua.paperwork.urls")),
    path("", include("motcua.feedback.urls")),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.office.urls")),
    path("", include("motcua.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "motcua.web.views.bad_request"
handler403 = "motcua.web.views.permission_denied"
handler404 = "motcua.web.views.page_not_found"
handler500 = "motcua.web.views.server_error"
