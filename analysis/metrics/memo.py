"""Each metric computed once per dataset, whichever edition, chart, table or process asks.

A metric depends on the data only, never on an edition's language, so its result is kept in
the dataset's own memo (`Dataset.memo`) under the metric's name and arguments, and every later
call gets a copy of it (a caller may change what it gets without changing the memo). The memo
lives and dies with its Dataset: data changed on disk is a new Dataset (load_dataset) with an
empty memo, and `dataclasses.replace` makes one with an empty memo too. The build computes
every metric the notebooks show (their figures' and tables') once and hands the memo to the
notebooks' kernels with the data (handover.py), which use it only for the same data version.
"""

from __future__ import annotations

import copy
import functools
import inspect
from typing import Callable, TypeVar

Metric = TypeVar("Metric", bound=Callable)


def once(function: Metric) -> Metric:
    """`function(data, *arguments)` computed once per dataset and arguments (hashable)."""
    name = f"{function.__module__}.{function.__qualname__}"
    signature = inspect.signature(function)

    @functools.wraps(function)
    def memoised(data, *arguments, **keywords):
        # One key however the arguments are passed (by position, by name or left to their
        # defaults): the build computes a metric one way, a table may ask for it another.
        bound = signature.bind(data, *arguments, **keywords)
        bound.apply_defaults()
        key = (name, tuple(bound.arguments.values())[1:], ())
        memo = getattr(data, "memo", None)
        if memo is None:  # not a Dataset (a test's stand-in): nothing to keep it in
            return function(data, *arguments, **keywords)
        if key not in memo:
            memo[key] = function(data, *arguments, **keywords)
        return copy.deepcopy(memo[key])
    return memoised  # type: ignore[return-value]
