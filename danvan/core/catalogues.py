"""Message catalogues compiled with polib, so that no machine needs GNU gettext to run DânVận.

The compiled .mo files are committed; `make messages` rebuilds them, and a test fails when a .mo file is
stale or the Vietnamese catalogue has an untranslated or fuzzy entry.
"""

from pathlib import Path

import polib
from django.conf import settings


def po_files() -> list[Path]:
    return sorted(path for root in settings.LOCALE_PATHS for path in Path(root).glob("*/LC_MESSAGES/*.po"))


def compiled_bytes(po_path: Path) -> bytes:
    """The .mo content for a .po file (fuzzy entries left out, as msgfmt does)."""
    po = polib.pofile(str(po_path))
    tmp = po_path.with_suffix(".mo.tmp")
    po.save_as_mofile(str(tmp))
    data = tmp.read_bytes()
    tmp.unlink()
    return data


def compile_all() -> list[Path]:
    written = []
    for po_path in po_files():
        mo_path = po_path.with_suffix(".mo")
        data = compiled_bytes(po_path)
        if not mo_path.exists() or mo_path.read_bytes() != data:
            mo_path.write_bytes(data)
            written.append(mo_path)
    return written
