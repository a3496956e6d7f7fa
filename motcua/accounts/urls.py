from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views
from motcua.accounts.forms import LoginForm, MotcuaPasswordChangeForm, MotcuaSetPasswordForm
from motcua.accounts.oidc import NationalCallbackView, NationalLoginView

urlpatterns = [
    path(
        "tai-khoan/dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/dang-ky/", views.register, name="account_register"),
    path("tai-khoan/ho-so/", views.profile, name="account_profile"),
    path(
        "tai-khoan/xac-thuc-thu/gui-lai/",
        views.resend_verification,
        name="account_resend_verification",
    ),
    path("tai-khoan/xac-thuc-thu/<str:token>/", views.verify_email, name="account_verify_email"),
    path(
        "tai-khoan/dinh-danh/dang-nhap/",
        NationalLoginView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "tai-khoan/dinh-danh/xac-thuc/",
        NationalCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path(
        "tai-khoan/doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(form_class=MotcuaPasswordChangeForm),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("tai-khoan/quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=MotcuaSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
