from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import slugify

from articles import redirects
from articles.models import Article, Redirect, Revision, Section


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["position", "heading", "anchor", "body", "image", "image_alt"]

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
    """The article's admin form, with a note for the revision that saving it makes."""

    revision_note = forms.CharField(
        label="Revision note",
        required=False,
        max_length=Revision._meta.get_field("note").max_length,
        help_text="Optional: a few words on what this save changes, shown in the History.",
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

    @cached_property
    def changed_data(self):
        # The note is about the save, not a change to the article: keep it out of the admin's
        # log message ("Changed Summary.").
        return [name for name in super().changed_data if name != "revision_note"]


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
