from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from accounts.forms import ChangePasswordForm
from reporting import views as reporting_views
from reporting.dashboard import views as dashboard_views

from . import health, views

# The database unreachable answers 503 "unavailable" (send_portal/errors.py), anything else 500.
handler500 = "send_portal.errors.server_error"

admin.site.site_header = "SEND Portal administration"
admin.site.site_title = "SEND Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sign-in/", account_views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "account/notifications/",
        account_views.notification_preferences,
        name="notification_preferences",
    ),
    path("", include("accounts.urls")),
    path("", include("cases.urls")),
    path("", include("plans.urls")),
    path("", include("placements.urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("reports/", reporting_views.reports, name="reports"),
    path("reports/primary-need.csv", reporting_views.need_breakdown_csv, name="need_csv"),
    path("dashboard/", include("reporting.dashboard.urls")),
    path("reports/reference/", include("reporting.reference.urls")),
    path("reports/board/", include("reporting.board.urls")),
    path("reports/sen2/", include("reporting.sen2.urls")),
    path("reports/annex-a/", include("reporting.annex_a.urls")),
    path("", include("records.urls")),
    path("", include("letters.urls")),
    path("admin/", admin.site.urls),
]
