"""Giving freed memory back to the system between the analysis's site-sized steps."""
from __future__ import annotations

import ctypes
import gc


def give_back_freed_memory() -> None:
    """Return to the system what a step built and dropped. Freed memory otherwise stays with the
    process, split into gaps the next step's objects do not fit, and a site-sized step (the site
    model's list pages) would add its peak to the next one's. glibc's malloc_trim; elsewhere
    only the collection."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the allocator keeps what it keeps
        pass
