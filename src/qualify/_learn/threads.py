"""numpy's BLAS threads held to one while a calibration fits.

A calibration runs thousands of small matrix products; on a busy machine, BLAS
threads spinning up for each cost more than the products themselves. With
threadpoolctl installed (it comes with ``qualify[learn]``), every BLAS pool is
limited to one thread inside the block and restored after it; without it,
nothing changes.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator

__all__ = ["one_thread"]


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Hold BLAS to one thread inside the block, where threadpoolctl is installed."""
    try:
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        yield
        return
    with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
        yield
