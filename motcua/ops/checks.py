"""Checks of a production installation: ``manage.py check --deploy`` runs them, and
``motcua.wsgi`` runs them before it serves anything, so a server that is not ready exits
with the reason instead of answering 500 on every page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.checks import Error, register, run_checks

from motcua.lib.env import EnvError

STARTUP = "motcua_startup"


@register(STARTUP, deploy=True)
def static_files_collected(app_configs=None, **kwargs) -> list[Error]:
    """With the manifest storage every page names its static files through the manifest that
    ``collectstatic`` writes; without it every page would answer 500."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name is None or staticfiles_storage.exists(manifest_name):
        return []
    return [
        Error(
            f"Chưa thu thập tệp tĩnh / static files are not collected "
            f"({staticfiles_storage.path(manifest_name)} is missing).",
            hint="python manage.py collectstatic --no-input (make serve runs it).",
            id="motcua.E001",
        )
    ]


def refuse_unless_ready() -> None:
    """Raise ``EnvError`` naming what is missing, so that the server exits."""
    if settings.DEBUG:
        return
    errors = [
        message
        for message in run_checks(tags=[STARTUP], include_deployment_checks=True)
        if message.is_serious() and not message.is_silenced()
    ]
    if errors:
        raise EnvError(" ".join(f"{error.msg} {error.hint or ''}".strip() for error in errors))
