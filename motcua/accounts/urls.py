from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views
from motcua.accounts.forms import LoginForm, MotcuaPasswordChangeForm, MotcuaSetPasswordForm
from motcua.accounts.oidc import NationalCallbackView, NationalLoginView

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.register, name="account_register"),
    path("ho-so/", views.profile, name="account_profile"),
    path("xac-thuc-thu/gui-lai/", views.resend_verification, name="account_resend_verification"),
    path("xac-thuc-thu/<str:token>/", views.verify_email, name="account_verify_email"),
    path("dinh-danh/dang-nhap/", NationalLoginView.as_view(), name="oidc_authentication_init"),
    path(
        "dinh-danh/xac-thuc/",
        NationalCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(form_class=MotcuaPasswordChangeForm),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=MotcuaSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
