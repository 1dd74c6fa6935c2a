from django.urls import path

from .api import addresses, auth, management, me

urlpatterns = [
    path("register/", auth.RegisterApi.as_view(), name="users-register"),
    path("verify/", auth.VerifyApi.as_view(), name="users-verify"),
    path("otp/resend/", auth.OtpResendApi.as_view(), name="users-otp-resend"),
    path("login/", auth.LoginApi.as_view(), name="users-login"),
    path("token/refresh/", auth.TokenRefreshApi.as_view(), name="users-token-refresh"),
    path("logout/", auth.LogoutApi.as_view(), name="users-logout"),
    path("logout/all/", auth.LogoutAllApi.as_view(), name="users-logout-all"),
    path("password/forgot/", auth.PasswordForgotApi.as_view(), name="users-password-forgot"),
    path("password/reset/", auth.PasswordResetApi.as_view(), name="users-password-reset"),
    path("password/change/", auth.PasswordChangeApi.as_view(), name="users-password-change"),
    path("me/", me.MeApi.as_view(), name="users-me"),
    path("me/phone/", me.PhoneChangeApi.as_view(), name="users-me-phone"),
    path("me/phone/confirm/", me.PhoneChangeConfirmApi.as_view(), name="users-me-phone-confirm"),
    path("me/export/", me.ExportApi.as_view(), name="users-me-export"),
    path("me/addresses/", addresses.AddressListApi.as_view(), name="users-addresses"),
    path(
        "me/addresses/<int:address_id>/",
        addresses.AddressDetailApi.as_view(),
        name="users-address",
    ),
    path("admin/", management.ManagedUserListApi.as_view(), name="users-admin-list"),
    path(
        "admin/<int:user_id>/",
        management.ManagedUserDetailApi.as_view(),
        name="users-admin-detail",
    ),
    path(
        "admin/<int:user_id>/role/",
        management.ManagedUserRoleApi.as_view(),
        name="users-admin-role",
    ),
    path(
        "admin/<int:user_id>/deactivate/",
        management.ManagedUserDeactivateApi.as_view(),
        name="users-admin-deactivate",
    ),
    path(
        "admin/<int:user_id>/activate/",
        management.ManagedUserActivateApi.as_view(),
        name="users-admin-activate",
    ),
]
