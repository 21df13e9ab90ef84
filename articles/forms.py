from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from articles.models import Section


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
