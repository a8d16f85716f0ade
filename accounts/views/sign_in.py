"""The sign-in page: Django's, saying why someone was signed out if they were."""

from django.contrib.auth import views as auth_views

from .. import sessions
from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(sessions.SIGNED_OUT_REASON, None)
        context["signed_out_message"] = sessions.reason_message(reason)
        return context
