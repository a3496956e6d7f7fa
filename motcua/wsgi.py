import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
application = get_wsgi_application()

# A production server that is not ready (static files not collected) exits with the reason.
from motcua.ops.checks import refuse_unless_ready  # noqa: E402

refuse_unless_ready()
