"""The ``lianluo`` console command: ``lianluo demo``, ``lianluo serve`` and every management command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["lianluo", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"配置错误 (configuration error): {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
