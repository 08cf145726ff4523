"""The HTML preview shows the same wording as the DOCX, escaped."""

from danvan.documents.html_render import render_html
from danvan.documents.official import Paragraph, Table
from danvan.documents.tests import samples


def test_the_preview_has_the_header_title_body_and_signature():
    html = render_html(samples.report())

    for text in (
        "UBND TỈNH GIA LAI", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-SNV", "Gia Lai, ngày 05 tháng 01 năm 2026", "BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN",
        "Tiếp tục nâng cao chất lượng công tác dân vận chính quyền./.", "Nơi nhận:", "- Lưu: VT, XDCQ.",
        "KT. CHỦ TỊCH", "Lâm Hải Giang", '<td class="od-number-cell">23.456,5</td>',
    ):
        assert text in html, text


def test_the_preview_escapes_what_people_typed():
    doc = samples.report(
        summary="<script>alert(1)</script>",
        blocks=[Paragraph("a < b & c"), Table(["<b>x</b>"], [["<i>y</i>"]])],
    )
    html = render_html(doc)

    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p class=\"od-paragraph\">a &lt; b &amp; c</p>" in html
    assert "<b>x</b>" not in html and "<i>y</i>" not in html


def test_a_letter_preview_has_its_subject_under_the_number():
    html = render_html(samples.report(doc_type="", summary="triển khai công tác dân vận"))
    assert '<div class="od-subject">V/v triển khai công tác dân vận</div>' in html
    assert "BÁO CÁO" not in html
