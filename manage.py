#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.management import execute_from_command_line

    from motcua.lib.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as exc:  # a setting is missing or malformed: one line, no traceback
        sys.exit(f"{exc}")
