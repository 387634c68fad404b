"""Run on an edition's kernel before each notebook but its first (build/notebooks.py): the
kernel as a reader's fresh one would be, but for the modules it has imported."""

from __future__ import annotations

from . import element_ids
from .freed_memory import return_freed_memory


def fresh_notebook() -> None:
    """Every variable of the notebook before goes (its data freed before the next notebook
    reads its own), execution counts start at 1 and so do the ids of page elements."""
    from IPython import get_ipython

    get_ipython().reset(new_session=True)
    element_ids.restart()
    # About 70 MB of a kernel at 50 000 projects; pyarrow's pool gives its pages back by
    # itself in a kernel (build/notebooks.py RETURN_FREED_MEMORY).
    return_freed_memory(arrow=False)
