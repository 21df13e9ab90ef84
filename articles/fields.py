"""Image fields whose uploads are checked and stripped of metadata before they are saved."""

from django import forms
from django.db import models

from articles import images, uploads


class ImageUploadField(forms.ImageField):
    """An image upload cleaned by images.clean_upload after Django's own checks."""

    def to_python(self, data):
        """Return a re-encoded copy of the upload without EXIF/GPS data, or None if empty.

        A token naming a file kept from a failed try returns that file, checked already.
        """
        if isinstance(data, uploads.KeptToken):
            return uploads.kept(data)
        upload = super().to_python(data)
        if upload is None:
            return None
        return images.clean_upload(upload)


class ArticleImageField(models.ImageField):
    """An ImageField whose form field is ImageUploadField, in the admin and in ModelForms."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})
