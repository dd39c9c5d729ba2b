"""inspector's own log file: exception details and warnings, in English; the console stays Chinese."""
from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "inspector.log"


def log_details_to(path: Path) -> None:
    """inspector's own log records (a rule that crashed, a page whose extraction failed, why a
    fetch failed) go to a file in the output folder, not onto the console. The crawl's process
    and the analysis's both append to it."""
    root = logging.getLogger("inspector")
    for old in [h for h in root.handlers if getattr(h, "inspector_details", False)]:
        root.removeHandler(old)
        old.close()
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.inspector_details = True
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
