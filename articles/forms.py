from django import forms
from django.contrib.admin.widgets import AdminFileWidget, AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from articles import drafts, redirects, uploads
from articles.models import Article, Redirect, Revision, Section


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["position", "heading", "anchor", "body", "image", "image_alt"]
        widgets = {"position": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Editors never type positions: the page's script numbers the sections in the order
        # shown, and SectionFormSet numbers a new section left blank after the others.
        self.fields["position"].required = False

    def has_changed(self):
        """Return True if the editor filled in something: a new section's number is not that."""
        if self.instance.pk is None:
            return any(name != "position" for name in self.changed_data)
        return super().has_changed()

    def clean_anchor(self):
        """Default the anchor to the heading, so the formset can check it is unique."""
        anchor = self.cleaned_data["anchor"]
        heading = self.cleaned_data.get("heading", "")
        return anchor or slugify(heading)[:80]

    def validate_constraints(self):
        # The inline formset checks positions and anchors across all of the article's
        # sections at once. Checking each row against the database as well would refuse
        # two sections swapping places, which editors do when reordering.
        exclude = self._get_validation_exclusions() | {"position", "anchor"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ArticleForm(forms.ModelForm):
    """The article's admin form, with a note for the revision that saving it makes.

    For a published article it also says when its unpublished changes go live
    (`publish_changes_at`, shown beside the Publish changes button, not in a fieldset).
    """

    revision_note = forms.CharField(
        label="Revision note",
        required=False,
        max_length=Revision._meta.get_field("note").max_length,
        help_text="Optional: a few words on what this save changes, shown in the History.",
    )
    publish_changes_at = forms.SplitDateTimeField(
        label="Publish these changes at",
        required=False,
        widget=AdminSplitDateTime,
        help_text=(
            "Optional: a date and time for your saved changes to go live by themselves. "
            "Leave it empty to publish them yourself."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "category",
            "summary",
            "intro",
            "hero_image",
            "hero_alt",
            "status",
            "published_at",
            "author",
            "related",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("publish_changes_at", self.instance.draft_publish_at)

    @cached_property
    def changed_data(self):
        # The note is about the save, not a change to the article: keep it out of the admin's
        # log message ("Changed Summary.").
        return [name for name in super().changed_data if name != "revision_note"]

    def clean(self):
        cleaned_data = super().clean()
        publishing_now = "_publish" in self.data
        when = cleaned_data.get("publish_changes_at")
        if "_schedule" in self.data and when is None and "publish_changes_at" not in self.errors:
            self.add_error(
                "publish_changes_at",
                ValidationError("Choose when your changes go live.", code="required"),
            )
        if when and "publish_changes_at" in self.changed_data and not publishing_now:
            if when <= timezone.now():
                self.add_error(
                    "publish_changes_at",
                    ValidationError(
                        "Choose a time still to come, or press Publish changes to publish "
                        "them now.",
                        code="past",
                    ),
                )
        published_at = cleaned_data.get("published_at")
        stays_published = cleaned_data.get("status") == Article.Status.PUBLISHED
        if stays_published and published_at and published_at > timezone.now():
            if drafts.is_live(self.instance):
                self.add_error(
                    "published_at",
                    ValidationError(
                        "This article is on the site: a later publish date would take it off "
                        "until then. To publish your changes later, use “Publish these changes "
                        "at” by the Publish changes button; to take the article off the site, "
                        "set its status to Draft.",
                        code="published_later",
                    ),
                )
        return cleaned_data


class SectionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Number the new sections without a position after the others, in form order."""
        sections = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]
        last = max((form.cleaned_data.get("position") or 0 for form in sections), default=0)
        for form in sections:
            if form.instance.pk is None and "position" not in form.errors:
                if not form.cleaned_data.get("position"):
                    last += 1
                    form.cleaned_data["position"] = form.instance.position = last
        super().clean()


class KeptImageInput(AdminFileWidget):
    """The admin's file input, which also offers back an image kept from a failed try.

    `kept` is set by keep_form_uploads(); the token goes back in the hidden input
    "<name>-kept" and is used when no new file is chosen.
    """

    template_name = "articles/widgets/kept_image_input.html"
    kept = None
    # Django renders a file input that uses a fieldset with a <legend> and no <label>, which
    # leaves the input itself without a name (axe: "label"); a plain label names it.
    use_fieldset = False

    def kept_name(self, name):
        return f"{name}-kept"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kept:
            widget = context["widget"]
            note_id = f"{widget['attrs']['id']}_kept"
            described_by = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described_by} {note_id}".strip()
            widget["kept"] = {
                "input_name": self.kept_name(name),
                "token": self.kept.token,
                "name": self.kept.name,
                "note_id": note_id,
            }
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None and data.get(self.kept_name(name)):
            return uploads.KeptToken(data[self.kept_name(name)])
        return value

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and (
            self.kept_name(name) not in data
        )


def keep_form_uploads(form):
    """Keep the images a form was given, so that it can be shown again with them."""
    cleaned_data = getattr(form, "cleaned_data", {})
    if cleaned_data.get("DELETE"):
        return
    for name, value in cleaned_data.items():
        widget = form.fields[name].widget
        if not isinstance(widget, KeptImageInput):
            continue
        if isinstance(value, uploads.KeptUpload):
            widget.kept = value
        elif isinstance(value, UploadedFile):
            widget.kept = uploads.keep(value)


def kept_uploads(form):
    """Return the kept files that a form used in place of new uploads."""
    values = getattr(form, "cleaned_data", {}).values()
    return [value for value in values if isinstance(value, uploads.KeptUpload)]


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]

    def clean_old_path(self):
        return self.cleaned_data["old_path"].strip()

    def clean_new_path(self):
        return self.cleaned_data["new_path"].strip()

    def clean(self):
        """Point the redirect at its final address, and refuse one that would loop."""
        cleaned_data = super().clean()
        old_path, new_path = cleaned_data.get("old_path"), cleaned_data.get("new_path")
        if old_path and new_path:
            try:
                cleaned_data["new_path"] = redirects.target_for(old_path, new_path)
            except ValidationError as error:
                self.add_error("new_path", error)
        return cleaned_data
