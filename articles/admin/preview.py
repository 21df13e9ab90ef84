"""The article form's live preview and autosave, added to ArticleAdmin by its get_urls().

Each endpoint answers for one form: an article's change form (`<id>/...`) or the add form
(`add/...`). Only staff who may change that article (or add articles) get an answer; anyone
else gets 403, never a login page, since the form's scripts are the only callers.

- `preview/` (POST the form's fields): the public article page, rendered from what the
  editor has typed, in a frame on the same site. Nothing is saved.
- `autosave/` (GET): the editor's own autosave of this form, if it is newer than the
  article's last save; (POST the form's fields): save them as that autosave.
- `autosave/discard/` (POST): delete it.
"""

import logging
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from articles import markdown
from articles.models import Autosave, Section
from articles.read_more import read_more
from promos.selection import promo_for

logger = logging.getLogger(__name__)

# The object id in the add form's endpoints, as in the add form's own address.
ADD_FORM = "add"
# Posted fields that are not the article's content.
NOT_CONTENT = {"csrfmiddlewaretoken"}
# The site's policy, except that the article form (on this site) may show the preview.
PREVIEW_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["'self'"]}


def urls(model_admin):
    """Return the endpoints' URL patterns, to go before the ModelAdmin's own."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return [
        path(
            "<path:object_id>/preview/",
            editor_endpoint(model_admin, article_preview),
            name="{}_{}_preview".format(*info),
        ),
        path(
            "<path:object_id>/autosave/",
            editor_endpoint(model_admin, article_autosave),
            name="{}_{}_autosave".format(*info),
        ),
        path(
            "<path:object_id>/autosave/discard/",
            editor_endpoint(model_admin, article_autosave_discard),
            name="{}_{}_autosave_discard".format(*info),
        ),
    ]


def editor_endpoint(model_admin, view):
    """Wrap `view` as an endpoint of the article form: CSRF-checked, never cached, and 403
    for anyone who may not change the article (or, on the add form, add one)."""

    @wraps(view)
    def endpoint(request, object_id):
        if not model_admin.admin_site.has_permission(request):
            raise PermissionDenied
        if object_id == ADD_FORM:
            if not model_admin.has_add_permission(request):
                raise PermissionDenied
            return view(request, model_admin, None)
        article = model_admin.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        return view(request, model_admin, article)

    return csrf_protect(never_cache(endpoint))


@require_POST
@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
def article_preview(request, model_admin, article):
    """Show the article page as the posted form would make it, without saving anything."""
    try:
        # Building and rendering only read; the rollback keeps it that way whatever a
        # template tag might do.
        with transaction.atomic():
            response = render_preview(request, model_admin, article)
            transaction.set_rollback(True)
    except Exception:
        logger.exception("The preview of an article could not be rendered.")
        return preview_message(request, "The preview could not be shown. Your text is unchanged.")
    return response


def render_preview(request, model_admin, saved):
    """Render the public article template for the unsaved article, as its page does."""
    article, sections, picks = unsaved_article(request, model_admin, saved)
    if article.category_id is None:
        return preview_message(request, "Choose a category to see the preview.")
    context = {
        "article": article,
        "sections": sections,
        "read_more": read_more(article, picks=picks),
        "promo": promo_for(article),
    }
    return render(request, "articles/article_detail.html", context)


def preview_message(request, message):
    """A plain page for the preview frame that says why there is no preview."""
    return render(request, "admin/articles/article/preview_message.html", {"message": message})


def unsaved_article(request, model_admin, saved):
    """Return the article, its sections and its Read More picks (article ids; None if the
    field does not validate) as the posted form would save them, unsaved.

    The admin's own form and section formset read the POST, so each field is cleaned as it
    is on a save. A field that does not validate keeps its saved value; text fields may be
    empty while the editor is still writing. Files are not posted, and images kept from a
    failed save are not shown: saved images show.
    """
    form_class = model_admin.get_form(request, saved, change=saved is not None)
    form = form_class(request.POST, instance=saved)
    clean_leniently(form)
    keep_saved_images(form)
    article = form.instance
    if article.author_id is None:
        article.author = request.user  # as ArticleAdmin.save_model does
    article.slug = article.slug or slugify(article.title) or "new-article"
    article.intro_html = markdown.render(article.intro)
    related = form.cleaned_data.get("related")
    picks = None if related is None else [pick.pk for pick in related]

    sections = []
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, saved):
        if formset_class.model is not Section:
            continue
        formset = formset_class(
            request.POST,
            instance=article,
            prefix=formset_class.get_default_prefix(),
            queryset=inline.get_queryset(request),
        )
        for section_form in formset.forms:
            clean_leniently(section_form)
            keep_saved_images(section_form)
            section = section_form.instance
            is_blank = section.pk is None and not (section.heading or section.body)
            if is_blank or section_form.cleaned_data.get("DELETE"):
                continue
            # As Section.save() derives them.
            section.anchor = section.anchor or f"section-{section.position}"
            section.body_html = markdown.render(section.body)
            sections.append(section)
    sections.sort(key=lambda section: section.position or 0)
    return article, sections, picks


def clean_leniently(form):
    """Clean `form` as far as it validates: text fields may be empty, errors are ignored."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.required = False
    form.is_valid()


def keep_saved_images(form):
    """Show the saved image, if any, in place of one kept from a failed save.

    A kept file is stored privately and has no address until the article is saved, so the
    preview would otherwise link to a missing file.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.FileField):
            continue
        value = getattr(form.instance, name)
        if value and not value._committed:
            setattr(form.instance, name, form.initial.get(name))


@require_http_methods(["GET", "POST"])
def article_autosave(request, model_admin, article):
    """Return the editor's autosave of the form if it is newer than the article (GET), or
    save the posted fields as it (POST)."""
    if request.method == "POST":
        fields = request.POST
        data = {name: fields.getlist(name) for name in fields if name not in NOT_CONTENT}
        autosave, _ = Autosave.objects.update_or_create(
            user=request.user,
            article=article,
            defaults={"data": data, "saved_at": timezone.now()},
        )
        return JsonResponse({"saved_at": autosave.saved_at})
    autosave = Autosave.objects.filter(user=request.user, article=article).first()
    if autosave is None or (article and autosave.saved_at <= article.updated_at):
        return HttpResponse(status=204)
    return JsonResponse(
        {
            "saved_at": autosave.saved_at,
            "saved_at_text": date_format(timezone.localtime(autosave.saved_at), "j F Y, H:i"),
            "data": autosave.data,
            "labels": autocomplete_labels(model_admin, autosave.data),
        }
    )


def autocomplete_labels(model_admin, data):
    """Return {field name: {pk: label}} for the autocomplete fields' values in `data`.

    An autocomplete list holds only the options chosen when the page was made, so the form
    needs the others' names to restore them.
    """
    labels = {}
    for name in model_admin.autocomplete_fields:
        model = model_admin.model._meta.get_field(name).related_model
        pks = [value for value in data.get(name, []) if value.isdigit()]
        labels[name] = {str(obj.pk): str(obj) for obj in model.objects.filter(pk__in=pks)}
    return labels


@require_POST
def article_autosave_discard(request, model_admin, article):
    """Delete the editor's autosave of the form."""
    Autosave.objects.filter(user=request.user, article=article).delete()
    return HttpResponse(status=204)
