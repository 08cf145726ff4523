import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from danvan.core.catalogues import compiled_bytes, po_files

VI_PO = Path(settings.BASE_DIR) / "danvan" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(VI_PO))
    assert not po.metadata_is_fuzzy
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(po) > 100


def test_compiled_catalogues_are_committed_and_up_to_date():
    """A machine without GNU gettext runs on the committed .mo files, so they must match the .po files."""
    assert VI_PO in po_files()
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run make messages"
        assert mo_path.read_bytes() == compiled_bytes(po_path), f"{mo_path} is stale: run make messages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is needed to extract strings")
def test_every_marked_string_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the strings again (into a copy) and compare with the committed catalogue."""
    work = tmp_path / "src"
    shutil.copytree(Path(settings.BASE_DIR) / "danvan", work / "danvan", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(Path(settings.BASE_DIR) / "manage.py", work / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "--no-location"],
        cwd=work, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    fresh = {e.msgid for e in polib.pofile(str(work / "danvan/locale/vi/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(VI_PO))}
    assert sorted(fresh - committed) == []


def test_pages_are_vietnamese_by_default(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


def test_the_browser_language_does_not_switch_the_interface(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()


def test_english_is_available_through_the_language_switch(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page and "Đăng nhập" not in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get("/accounts/login/").content.decode()
