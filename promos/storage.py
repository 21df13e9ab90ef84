"""Storage for files that must never have a public address: the promos' downloads.

Files live under settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so neither the web server
nor Django's development media view can serve them. They have no URL: a view streams a file
only to someone holding a valid personal link (promos.views.download_file).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, whose files have no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return None

    def _clear_cached_properties(self, setting, **kwargs):
        # Follow PRIVATE_MEDIA_ROOT when it changes, as the parent follows MEDIA_ROOT.
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no URL; they are served by promos.views only.")


def private_storage():
    """Return the storage of the promos' downloads (a callable keeps it out of migrations)."""
    return _private_storage


_private_storage = PrivateStorage()
