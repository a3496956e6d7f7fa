from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Quản trị hệ thống một cửa")
admin.site.site_title = _("Quản trị MotCua")
admin.site.index_title = _("Cấu hình và danh mục")

urlpatterns = [
    path("", include("motcua.web.urls")),
    path("", include("motcua.ops.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("lich-lam-viec/", include("motcua.workdays.urls")),
    path("", include("motcua.paperwork.urls")),
    path("phan-anh/", include("motcua.feedback.urls")),
    path("", include("motcua.portal.urls")),
    path("van-phong/phan-anh/", include("motcua.feedback.urls_office")),
    path("van-phong/", include("motcua.office.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("minh-bach/", include("motcua.reports.urls_public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "motcua.web.views.bad_request"
handler403 = "motcua.web.views.permission_denied"
handler404 = "motcua.web.views.page_not_found"
handler500 = "motcua.web.views.server_error"
