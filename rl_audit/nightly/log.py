"""The nightly run's log file: records of the `rl_audit` loggers, never a traceback.

A log write that fails (a full disk, a removed folder) is reported in one
`rl-audit: …` line on stderr, the first time only, and the run goes on: cron mails
that line instead of `--- Logging error ---` blocks.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from rl_audit.messages import label


class QuietFileHandler(logging.FileHandler):
    """A log file whose failures are one line on stderr (the first only), never a traceback."""

    failed = False
    lang = "id"

    def handleError(self, record: logging.LogRecord | None) -> None:
        """Report the failed write in one line, once; the run goes on."""
        if self.failed:
            return
        self.failed = True
        exc = sys.exc_info()[1]
        detail = getattr(exc, "strerror", None) or str(exc)
        text = label("nightly_log_failed", self.lang, path=self.baseFilename, detail=detail)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"rl-audit: {text}\n")

    def flush(self) -> None:
        """Flush; a failure is reported like a failed write."""
        try:
            super().flush()
        except (OSError, ValueError):
            self.handleError(None)

    def close(self) -> None:
        """Close; a failure to flush the last records is reported like a failed write."""
        try:
            super().close()
        except (OSError, ValueError):
            self.handleError(None)


def log_to(path: Path, lang: str = "id") -> logging.Handler:
    """Send the package's log records to `path` for the length of the run."""
    handler = QuietFileHandler(path, encoding="utf-8")
    handler.lang = lang
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("rl_audit")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler
