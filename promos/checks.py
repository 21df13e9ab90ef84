"""System checks: the private files (promos' downloads) must not sit in a public folder."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def check_private_media_root(app_configs, **kwargs):
    """Refuse a PRIVATE_MEDIA_ROOT inside MEDIA_ROOT or STATIC_ROOT, which the web serves."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and private.is_relative_to(Path(public).resolve()):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) is inside {name}, so the private "
                    "downloads would be public.",
                    hint="Set SMALLBIZ_PRIVATE_MEDIA_ROOT to a folder outside it.",
                    id="promos.E001",
                )
            )
    return errors
