"""The article form's sections when the article has unpublished changes (articles.drafts).

The admin's SectionInline uses these in place of SectionForm and SectionFormSet: without
unpublished changes they behave as those do.
"""

from django import forms

from articles import drafts
from articles.forms import SectionForm, SectionFormSet
from articles.models import Section


class DraftSectionForm(SectionForm):
    """A section form that may show a section of the article's unpublished changes.

    Such a section has no row of its own: `draft_key` names it in the revision it was shown
    from (DraftSectionFormSet), so that its image is found again when the form comes back.
    """

    draft_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def has_changed(self):
        # A section of the unpublished changes stays, changed or not, as a saved one does.
        return bool(self.initial.get("draft_key")) or super().has_changed()


class DraftSectionFormSet(SectionFormSet):
    """The article's sections or, when it has unpublished changes, the sections of those.

    Sections of unpublished changes are unsaved Section objects (articles.drafts.sections()),
    shown as the saved sections are. With no primary key to come back with, each form
    carries the key "<revision id>:<index>" of its section in the revision it was shown from;
    revisions never change, so the key finds the section (and its image) whatever has been
    saved since. `section_forms()` gives what the forms describe without saving anything.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft_sections = self.find_draft_sections()

    def find_draft_sections(self):
        """Return the sections of unpublished changes that the saved forms show, or None."""
        if not self.is_bound:
            article = self.instance
            if article.pk is None or article.draft_id is None:
                return None
            shown = drafts.sections(article, article.draft.content)
            for index, section in enumerate(shown):
                section.draft_key = f"{article.draft_id}:{index}"
            return shown
        keys = [
            self.data.get(f"{self.add_prefix(index)}-draft_key", "")
            for index in range(self.initial_form_count())
        ]
        if not any(keys) or self.instance.pk is None:
            return None
        revisions = {}
        return [self.section_for_key(key, revisions) for key in keys]

    def section_for_key(self, key, revisions):
        """Return the section a form's key names, or a new section for a key that names none.

        `revisions` keeps the sections of each revision already read.
        """
        revision_id, _, index = key.partition(":")
        if revision_id.isdigit() and revision_id not in revisions:
            revision = self.instance.revisions.filter(pk=revision_id).first()
            revisions[revision_id] = (
                [] if revision is None else drafts.sections(self.instance, revision.content)
            )
        shown = revisions.get(revision_id, [])
        if not index.isdigit() or int(index) >= len(shown):
            section = Section(article=self.instance)
            section.draft_key = ""
            return section
        section = shown[int(index)]
        section.draft_key = key
        return section

    def get_queryset(self):
        if self.draft_sections is None:
            return super().get_queryset()
        return self.draft_sections

    def _construct_form(self, i, **kwargs):
        from_draft = self.draft_sections is not None and i < self.initial_form_count()
        if from_draft:
            section = self.draft_sections[i]
            kwargs["instance"] = section
            kwargs["initial"] = {"draft_key": section.draft_key}
        form = super()._construct_form(i, **kwargs)
        if from_draft:
            # Shown like a saved section, but with no primary key to send back.
            form.fields[self.model._meta.pk.name].required = False
        return form

    def section_forms(self):
        """Return the forms of the sections the article keeps, in their order; save nothing.

        Call once the forms are valid: each form's instance then holds what it describes.
        Like save(commit=False), note the new, changed and deleted sections for the admin's
        log.
        """
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        kept = []
        for form in self.forms:
            shown = form.instance.pk is not None or bool(form.initial.get("draft_key"))
            if self.can_delete and self._should_delete_form(form):
                if shown:
                    self.deleted_objects.append(form.instance)
            elif shown:
                if form.changed_data:
                    self.changed_objects.append((form.instance, form.changed_data))
                kept.append(form)
            elif form.has_changed():
                self.new_objects.append(form.instance)
                kept.append(form)
        return sorted(kept, key=lambda form: form.instance.position)
