from django import forms, template

from danvan.core.text import date_in_words as _date_in_words

register = template.Library()


@register.filter
def bootstrap(field):
    """Render a form field's widget with Bootstrap's classes (and is-invalid when it has errors)."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def date_in_words(value):
    return _date_in_words(value) if value else ""
