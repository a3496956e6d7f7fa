"""Fixtures shared by every app's tests: the test province and its dossiers, the browser
for journey tests (with signing in), and the signing key."""

import functools
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]  # for the test of the suite's own rules (motcua/ops/tests)

# Timing is not what property tests check: a busy two-core machine must not fail them.
settings.register_profile("motcua", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("motcua")

# Live-server browser tests run Django's ORM from Playwright's event-loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Skips that only say "this half of the suite is not the place for this test": the other
# half (PostgreSQL, or the SQLite file run of scripts/test.sh) runs it.
EXPECTED_SKIPS = ("needs PostgreSQL", "threads need a file SQLite database")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true any other skip is a failure: something the suite needs (a Debian
    package, a browser, a data file) is missing from the machine, and a green run must mean
    that every test ran."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") != "true" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    if not reason.startswith(EXPECTED_SKIPS):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"


MOBILE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def p(db):
    """The test province with its personas (``motcua.testing.Province``)."""
    from motcua.testing import Province

    return Province.build()


@pytest.fixture
def frozen():
    """The clock stopped on ``motcua.testing.MONDAY_9``, an ordinary working day."""
    import time_machine

    from motcua.testing import MONDAY_9

    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def receive(p, procedure):
    """``receive(**overrides)``: a dossier of the app's ``procedure`` received at commune
    A's counter (``motcua.testing.receive_dossier``)."""
    from motcua.testing import receive_dossier

    return functools.partial(receive_dossier, p, procedure)


@pytest.fixture
def submit(p, procedure):
    """``submit(**overrides)``: a dossier of the app's ``procedure`` filed online by the
    citizen, not yet received (``motcua.testing.submit_dossier``)."""
    from motcua.testing import submit_dossier

    return functools.partial(submit_dossier, p, procedure)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (browser downloads are not possible here).

    Missing Chromium skips the journey tests locally and fails them under CI=true.
    """
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is not installed: run the suite as root so that scripts/test.sh installs it"
            )
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _page(browser, options):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A desktop browser tab; ``page.base_url`` is the live server."""
    context, tab = _page(browser, DESKTOP)
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    """A phone-sized browser tab."""
    context, tab = _page(browser, MOBILE)
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture(scope="session", autouse=True)
def signing_key(tmp_path_factory):
    """Every test run signs with its own throw-away agency key (approved results are
    signed, Decree 118 Art. 22.1). Tests that need another key override the settings."""
    from django.conf import settings as django_settings

    from motcua.paperwork.signing import make_key_and_certificate, write_key_pair

    folder = tmp_path_factory.mktemp("signing")
    key_pem, cert_pem = make_key_and_certificate(
        organization="Ủy ban nhân dân tỉnh Thử Nghiệm", key_size=2048
    )
    write_key_pair(key_pem, cert_pem, key_file=folder / "key.pem", cert_file=folder / "cert.pem")
    django_settings.MOTCUA_SIGNING_KEY = str(folder / "key.pem")
    django_settings.MOTCUA_SIGNING_CERT = str(folder / "cert.pem")
    return folder


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese: a request in English (``LocaleMiddleware``) leaves
    its language active in the thread, and the next test would read English messages."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()
