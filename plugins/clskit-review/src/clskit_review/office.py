"""LibreOffice, when it is installed: convert a document to PDF in a private profile.

Each run uses a user profile of its own (a temporary folder), so that it never fights
over a profile with a LibreOffice the user has open, or with another conversion.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from clskit import ExportError

TIMEOUT = 180.0


def soffice() -> str | None:
    """The LibreOffice program: ``$CLSKIT_SOFFICE``, else ``soffice`` or
    ``libreoffice`` on PATH; ``None`` when there is none (``CLSKIT_SOFFICE=""``
    disables it)."""
    chosen = os.environ.get("CLSKIT_SOFFICE")
    if chosen is not None:
        return (shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)) \
            if chosen else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    return mac if os.access(mac, os.X_OK) else None


def to_pdf(source: Path, program: str, timeout: float = TIMEOUT) -> bytes:
    """The PDF LibreOffice makes of ``source``."""
    with tempfile.TemporaryDirectory(prefix="clskit-review-") as scratch:
        folder = Path(scratch)
        profile = folder / "profile"
        out = folder / "out"
        out.mkdir()
        args = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(source)]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # pragma: no cover - Windows
                proc.kill()
            proc.communicate()
            raise ExportError(f"LibreOffice took more than {timeout:.0f} s to convert "
                              f"{source.name}") from None
        target = out / f"{source.stem}.pdf"
        if proc.returncode != 0 or not target.is_file():
            message = " ".join(err.decode(errors="replace").split())[:300]
            raise ExportError(f"LibreOffice could not convert {source.name} to PDF"
                              f"{': ' + message if message else ''}")
        return target.read_bytes()
