"""A private-files folder inside a public one is refused at startup."""

from promos.checks import check_private_media_root


def test_a_private_folder_outside_the_public_ones_passes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"

    assert check_private_media_root(None) == []


def test_a_private_folder_inside_media_root_is_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"

    [error] = check_private_media_root(None)

    assert error.id == "promos.E001"
    assert "MEDIA_ROOT" in error.msg


def test_a_private_folder_inside_static_root_is_an_error(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "static"

    assert [error.id for error in check_private_media_root(None)] == ["promos.E001"]
