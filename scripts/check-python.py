"""Refuse, in one line, a Python older than the project supports (run before creating .venv)."""

import sys

MINIMUM = (3, 11)

if sys.version_info < MINIMUM:
    found = ".".join(map(str, sys.version_info[:3]))
    wanted = ".".join(map(str, MINIMUM))
    sys.exit(
        f"error: {sys.executable} is Python {found}; sqs-analysis needs {wanted} or newer "
        f"(run make with PYTHON=/path/to/python{wanted})"
    )
