"""Run on an edition's kernel before each notebook but its first (build/notebooks.py): the
kernel as a reader's fresh one would be, but for the modules it has imported."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

from . import element_ids


def fresh_notebook() -> None:
    """Every variable of the notebook before goes (its data freed before the next notebook
    reads its own), execution counts start at 1 and so do the ids of page elements."""
    from IPython import get_ipython

    get_ipython().reset(new_session=True)
    element_ids.restart()
    gc.collect()
    _return_freed_memory()


def _return_freed_memory() -> None:
    """Give what the notebook before freed back to the system: glibc keeps it for the
    process otherwise (about 70 MB of a kernel at 50 000 projects)."""
    try:
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to give back this way
        pass
