import os

import pytest

from tests.conftest import chromium_path

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# in that thread are still synchronous, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    """axe-core's accessibility violations on the page, of every impact (minor included: the
    issue asks for none at all), each described with the elements it was found on."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def sign_in(page, live_server, username: str, password: str | None = None) -> None:
    """Sign in through the real form. A user whose role needs two-factor sign-in is given an
    authenticator app first (if they have none), and the code it shows is typed in."""
    from accounts import two_factor
    from accounts.models import User
    from tests.accounts.otp_helpers import current_code, give_authenticator
    from tests.factories import TEST_PASSWORD

    user = User.objects.get(username=username)
    device = (
        give_authenticator(user)
        if two_factor.is_required_for(user)
        else two_factor.authenticator_for(user)
    )
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/sign-in/two-factor/**")
        page.get_by_label("Code", exact=True).fill(current_code(device))
        page.get_by_role("button", name="Continue").click()


# Letters (issue 20): the council details a letter quotes, and the worker run in place.
@pytest.fixture
def council_details(settings):
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"
    settings.LETTERS_ADDRESS = "Town Hall\nAnytown\nAN1 1AA"
    settings.LETTERS_LOCAL_OFFER_URL = "www.anytown.gov.uk/localoffer"
    settings.LETTERS_INFORMATION_SERVICE = "Anytown SENDIASS, 0300 000 0001"
    settings.LETTERS_MEDIATION_SERVICE = "Anytown Mediation, 0300 000 0003"
    settings.LETTERS_DISAGREEMENT_SERVICE = "Anytown Mediation, 0300 000 0003"


@pytest.fixture
def eager_worker(monkeypatch):
    """The worker's task runs where it is queued (the live server's thread): no broker."""
    from send_portal.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
