"""Giving memory a process has freed back to the system.

pandas keeps text in pyarrow buffers, whose allocator (mimalloc) holds freed pages for reuse,
and glibc's malloc keeps freed heap for the process too. A long-lived process that has
dropped a large table (the build's process after the hand-over, a kernel between notebooks)
hands both back here, so that the kernels and the appendix process running beside it have
the room.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


def return_freed_memory(collect: bool = True, arrow: bool = True) -> None:
    """`collect`: first free what only the garbage collector finds (reference cycles); a
    full collection takes a while in a process holding many objects. `arrow`: pyarrow's
    pool too; a process whose pool gives pages back by itself (MIMALLOC_PURGE_DELAY=0, the
    kernels) only loses time on it (its notebooks ran about a tenth slower at 10 000
    projects)."""
    if collect:
        gc.collect()
    pyarrow = sys.modules.get("pyarrow") if arrow else None
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to give back this way
        pass
