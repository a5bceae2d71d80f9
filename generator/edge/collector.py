"""Python's cyclic garbage collector, paused while a build or the search index runs.

At 10,000 stories its full collections over the growing hub cost more than loading the
content (37 s with it, 13 s without), and writing the search index set off collections
that made a preview save at 1,000 stories twice as slow. Nothing a build makes is garbage
until it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_ENDS_WITH_COMMAND = False


def process_ends_with_command() -> None:
    """Said by the console script: the process ends when its one command has run."""
    global _ENDS_WITH_COMMAND
    _ENDS_WITH_COMMAND = True


@contextmanager
def collector_paused(*, whole_command: bool = False) -> Iterator[None]:
    """The collector off while the block runs (as it was, afterwards).

    With ``whole_command``, in a process that ends with the command, what the block made is
    frozen (left out of every later collection) instead: turned on again, the collector would
    go through all of it once more, and again as Python exits (0.3 s each after a build of
    1,000 stories), to free nothing the exit does not free.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if whole_command and _ENDS_WITH_COMMAND:
            gc.freeze()
        if was:
            gc.enable()
