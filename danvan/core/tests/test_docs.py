import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _variables_read_by_settings() -> set[str]:
    source = (ROOT / "danvan" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"\)', source))
    return names


def test_every_environment_variable_is_documented_in_the_readme_and_env_example():
    names = _variables_read_by_settings()
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_BACKEND", "SESSION_IDLE_SECONDS"} <= names
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
    assert sorted(n for n in names if not re.search(rf"^{n}=", example, re.M)) == []
