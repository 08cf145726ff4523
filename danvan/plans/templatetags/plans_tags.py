from django import template

register = template.Library()

LETTERS = "abcdđeghiklmnopqrstuvxy"  # the Vietnamese order of item letters: a) b) c) d) đ) e) …


@register.filter
def item_letter(position: int) -> str:
    """1 → "a", 5 → "đ": the letter of a sub-item (điểm) in a Vietnamese document."""
    try:
        return LETTERS[int(position) - 1]
    except (IndexError, ValueError, TypeError):
        return str(position)


@register.filter
def paragraphs(text: str) -> list[str]:
    """A text's paragraphs (separated by empty lines)."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


STATUS_CLASSES = {"draft": "text-bg-secondary", "approved": "text-bg-info", "issued": "text-bg-success"}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")
