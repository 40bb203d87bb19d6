"""The ``qualify`` command's entry point: ``main(argv)`` runs it from Python too.

The command itself lives in the private ``qualify._cli`` package; this module
is the stable name the console script and ``python -m qualify`` call.
"""

from __future__ import annotations

from ._cli.main import PIPE_CLOSED, main

__all__ = ["PIPE_CLOSED", "main"]
