from celery import shared_task

from .password_reset import send_reset_links


@shared_task(name="accounts.send_password_reset", ignore_result=True)
def send_password_reset(email: str) -> int:
    return send_reset_links(email)
