from celery import shared_task

from .password_reset import send_reset_links


@shared_task(name="accounts.send_password_reset", ignore_result=True)
def send_password_reset(email: str) -> int:
    return send_reset_links(email)


@shared_task(name="accounts.send_sign_in_unlock", ignore_result=True)
def send_sign_in_unlock(username: str) -> int:
    from .unlock import send_unlock_links

    return send_unlock_links(username)
