"""Sign-in security and the user's own account pages; names unprefixed, as Django's auth views
look up "password_reset_done" and the like by those names."""

from django.urls import path

from . import views

urlpatterns = [
    path("sign-in/unlock/<str:token>/", views.unlock_sign_in, name="sign_in_unlock"),
    path("sign-in/two-factor/", views.verify_two_factor, name="two_factor_verify"),
    path("sign-in/two-factor/set-up/", views.set_up_two_factor, name="two_factor_setup"),
    path("password-reset/", views.RequestPasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.NewPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/keep-alive/", views.keep_alive, name="keep_alive"),
    path("account/security/", views.account_security, name="account_security"),
    path("account/security/reset/", views.reset_two_factor, name="two_factor_reset"),
    path("account/security/backup-codes/", views.new_backup_codes, name="backup_codes"),
]
