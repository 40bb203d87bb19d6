"""The package's loggers, by their public names (``docs/api.md``, Logging).

A library logs and lets the application decide: every logger sits under
``logging.getLogger("qualify")``, which holds a ``NullHandler``, so nothing is
printed until the application configures logging. Importing this module is what
sets that up, so a module that logs takes its logger from :func:`logger`.
"""

from __future__ import annotations

import logging

__all__ = ["NAMES", "logger"]

#: Every logger's name: public, so a logging configuration can name them, and they stay
#: when modules move.
NAMES = ("qualify.plugins", "qualify.evaluate", "qualify.files", "qualify.tables")

logging.getLogger("qualify").addHandler(logging.NullHandler())


def logger(name: str) -> logging.Logger:
    """The logger called *name*, one of :data:`NAMES`."""
    if name not in NAMES:
        raise ValueError(f"{name!r} is not one of qualify's loggers: {', '.join(NAMES)}")
    return logging.getLogger(name)
