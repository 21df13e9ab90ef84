"""Submit an admin change form as a browser does: what the page shows, with some changes."""

from django import forms
from django.urls import reverse


def form_data(response):
    """Return the POST data of the admin change form in `response`, left as shown.

    Every field of the main form and of each inline form, with its management form; file
    inputs stay empty and unticked checkboxes are left out, as browsers do.
    """
    data = {}
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        page_forms += [formset.management_form, *formset.forms]
    for form in page_forms:
        for field in form:
            data.update(field_data(field))
    return data


def field_data(field):
    """Return {name: value} for one bound field, as its widget would send it."""
    widget, value = field.field.widget, field.value()
    if isinstance(widget, forms.ClearableFileInput):
        return {}
    if isinstance(widget, forms.CheckboxInput):
        return {field.html_name: "on"} if value else {}
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value) if not isinstance(value, list) else value
        return {
            f"{field.html_name}_{index}": subwidget.format_value(part) or ""
            for index, (subwidget, part) in enumerate(zip(widget.widgets, parts, strict=True))
        }
    if isinstance(value, list | tuple):
        return {field.html_name: [str(item) for item in value]}
    return {field.html_name: "" if value is None else str(value)}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def submit_change_form(client, article, button="_save", files=None, **changes):
    """Open the article's change form, apply `changes` (POST names) and press `button`.

    `button` is the submit button's name: "_save", "_continue", "_publish" or "_schedule".
    Return the response to the POST.
    """
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    data.update(files or {})
    data[button] = "pressed"
    return client.post(change_url(article), data)
