from .keep_alive import keep_alive
from .password_reset import (
    NewPasswordView,
    PasswordResetCompleteView,
    PasswordResetDoneView,
    RequestPasswordResetView,
)
from .preferences import notification_preferences
from .sign_in import SignInView, unlock_sign_in
from .two_factor import (
    account_security,
    new_backup_codes,
    reset_two_factor,
    set_up_two_factor,
    verify_two_factor,
)

__all__ = [
    "NewPasswordView",
    "PasswordResetCompleteView",
    "PasswordResetDoneView",
    "RequestPasswordResetView",
    "SignInView",
    "account_security",
    "keep_alive",
    "new_backup_codes",
    "notification_preferences",
    "reset_two_factor",
    "set_up_two_factor",
    "unlock_sign_in",
    "verify_two_factor",
]
