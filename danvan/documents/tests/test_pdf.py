"""PDF through LibreOffice: skipped only on a machine without soffice."""

import re
import shutil
import subprocess
import threading

import pytest
from django.utils import translation

from danvan.documents import pdf
from danvan.documents.docx_render import render_docx
from danvan.documents.tests import samples

needs_soffice = pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")


def _pdf_facts(data: bytes, tmp_path) -> tuple[int, str]:
    """(page count, page size line) from pdfinfo, or from the PDF's own objects without poppler."""
    if shutil.which("pdfinfo"):
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
        return pages, size
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    return pages, f"{float(box.group(1)):.0f} x {float(box.group(2)):.0f} pts"


@needs_soffice
def test_a_three_page_document_becomes_a_three_page_a4_pdf(tmp_path):
    data = pdf.docx_to_pdf(render_docx(samples.three_pages()))

    assert data.startswith(b"%PDF-")
    pages, size = _pdf_facts(data, tmp_path)
    assert pages == 3
    width, height = (float(v) for v in re.match(r"([\d.]+) x ([\d.]+)", size).groups())
    assert (round(width), round(height)) == (595, 842)  # A4 in points


@needs_soffice
def test_two_conversions_at_once_do_not_clash(tmp_path):
    source = render_docx(samples.report())
    results, errors = [], []

    def convert():
        try:
            results.append(pdf.docx_to_pdf(source))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=convert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert errors == []
    assert len(results) == 2
    assert all(result.startswith(b"%PDF-") for result in results)


@needs_soffice
def test_a_conversion_that_takes_too_long_is_stopped_with_a_clear_error():
    with translation.override("en"), pytest.raises(pdf.PdfConversionError, match="took longer than"):
        pdf.docx_to_pdf(render_docx(samples.report()), timeout=0.01)


def test_without_libreoffice_there_is_no_pdf(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no soffice to be found

    assert not pdf.available()
    assert pdf.docx_to_pdf(render_docx(samples.report())) is None
