"""A preview of an official document as HTML, from the same structure and wording as the DOCX.

The fragment is meant to be shown on a page before the DOCX or PDF is downloaded; every text is escaped by the
template. Its look comes from `documents/official.css` (link it in the page that shows the preview).
"""

from django.template.loader import render_to_string

from danvan.core.text import nfc
from danvan.documents import official
from danvan.documents.official import Heading, OfficialDocument, PageBreak, Paragraph, Table


def _block(block) -> dict:
    if isinstance(block, Heading):
        return {"kind": "heading", "level": min(max(block.level, 1), 3), "text": official.heading_text(block)}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": nfc(block.text), "bold": block.bold, "italic": block.italic}
    if isinstance(block, Table):
        numeric = set(block.number_columns)
        rows = []
        for values in block.rows:
            cells = []
            for index in range(len(block.headers)):
                value = values[index] if index < len(values) else None
                right = index in numeric if numeric else official.is_number(value)
                cells.append({"text": official.cell_text(value), "number": right})
            rows.append(cells)
        return {"kind": "table", "headers": [nfc(str(h)) for h in block.headers], "rows": rows}
    if isinstance(block, PageBreak):
        return {"kind": "page_break"}
    raise TypeError(f"unknown block {block!r}")


def render_html(doc: OfficialDocument) -> str:
    """The document as an HTML fragment (an <article>), escaped."""
    context = {
        "parent_body": nfc(doc.parent_body).upper(),
        "issuer": nfc(doc.issuer).upper(),
        "national_title": official.NATIONAL_TITLE,
        "motto": official.MOTTO,
        "number_line": official.number_line(doc),
        "date_line": official.date_line(doc),
        "is_letter": doc.is_letter,
        "doc_type": nfc(doc.doc_type).upper(),
        "summary": official.summary_line(doc),
        "addressees": official.addressees(doc),
        "blocks": [_block(block) for block in official.body_blocks(doc)],
        "signer_lines": doc.signer.lines(),
        "signer_name": nfc(doc.signer.name),
        "recipients": official.recipient_lines(doc),
        "appendices": [
            {
                "label": official.appendix_label(doc, index),
                "title": nfc(appendix.title).upper(),
                "reference": official.appendix_reference(doc, appendix),
                "blocks": [_block(block) for block in appendix.blocks],
            }
            for index, appendix in enumerate(doc.appendices)
        ],
    }
    return render_to_string("documents/official_document.html", context)
