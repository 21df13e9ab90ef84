"""The download field: a file in private storage, checked on upload, never linked publicly."""

from django import forms
from django.db import models
from django.template.defaultfilters import filesizeformat

from promos import downloads
from promos.storage import private_storage


class PrivateFileInput(forms.ClearableFileInput):
    """A file input that names the current file without linking to it: it has no URL."""

    template_name = "promos/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            try:
                context["widget"]["size"] = filesizeformat(value.size)
            except OSError:
                context["widget"]["size"] = "missing"
        return context


class DownloadUploadField(forms.FileField):
    """A file upload checked by downloads.clean_upload after Django's own checks."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return downloads.clean_upload(upload)


class DownloadFileField(models.FileField):
    """A FileField kept in private storage, with the checking form field and input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", private_storage)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # The admin passes its own file widget, which links to the file's URL: there is none.
        return super().formfield(
            **{**kwargs, "form_class": DownloadUploadField, "widget": PrivateFileInput}
        )
