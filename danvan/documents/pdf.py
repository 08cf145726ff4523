"""DOCX to PDF through LibreOffice, run headless once per conversion.

Each call gets its own temporary LibreOffice profile (`-env:UserInstallation`): two conversions sharing a
profile block each other or fail, and the web server runs several at once. The whole process group is killed
on timeout, since `soffice` is a shell script whose real worker is a child process.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 120


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but did not produce a PDF."""


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    """Whether PDF conversion can run on this machine (LibreOffice is an optional system package)."""
    return _soffice() is not None


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes | None:
    """The PDF of a DOCX document, or None when LibreOffice is not installed.

    Raises PdfConversionError when the conversion fails or takes longer than `timeout` seconds."""
    soffice = _soffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        out_dir = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(out_dir), str(source),
        ]
        # HOME in the temporary directory too: LibreOffice writes caches there, and the server's HOME may be
        # read-only or shared.
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, cwd=work, start_new_session=True) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise PdfConversionError(
                    _("The PDF conversion took longer than %(seconds)s seconds.") % {"seconds": int(timeout)}
                ) from None
        pdf = out_dir / "document.pdf"
        if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-500:]
            raise PdfConversionError(
                _("LibreOffice could not convert the document to PDF (exit code %(code)s): %(detail)s")
                % {"code": process.returncode, "detail": detail}
            )
        return pdf.read_bytes()
