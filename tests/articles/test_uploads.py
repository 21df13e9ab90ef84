import os
import time

import pytest
from django.core.exceptions import ValidationError

from articles import uploads
from tests.factories import image_upload


def test_a_kept_upload_reads_back_from_its_token():
    kept = uploads.keep(image_upload("shop.png"))

    again = uploads.kept(kept.token)

    assert (again.name, again.read()) == ("shop.png", image_upload("shop.png").read())


def test_a_token_for_a_deleted_file_is_refused():
    kept = uploads.keep(image_upload("shop.png"))
    uploads.discard(kept)

    with pytest.raises(ValidationError) as error:
        uploads.kept(kept.token)

    assert error.value.code == "kept_upload_unavailable"


def test_keeping_a_file_deletes_pending_files_older_than_a_day():
    old = uploads.keep(image_upload("old.png"))
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(uploads.pending_storage().path(old.stored_name), (two_days_ago, two_days_ago))
    recent = uploads.keep(image_upload("recent.png"))

    uploads.keep(image_upload("new.png"))

    assert not uploads.pending_storage().exists(old.stored_name)
    assert uploads.pending_storage().exists(recent.stored_name)
