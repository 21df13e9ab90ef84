"""The demo loader stores pictures the way the admin does, dimensions included."""

from unittest import mock

import pytest

from articles.management.commands.load_demo import DEMO_IMAGE_SIZE, Command
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_demo_pictures_are_stored_with_their_dimensions():
    article = make_article()
    picture = {"colors": ("#1d4e89", "#f4a259"), "alt": "An abstract picture"}

    Command().attach_picture(article, "hero_image", picture, seed=1)

    # Without stored dimensions, every load of the article would read the image file.
    with mock.patch("django.core.files.images.get_image_dimensions") as read_header:
        stored = Article.objects.get(pk=article.pk)
    read_header.assert_not_called()
    assert (stored.hero_width, stored.hero_height) == DEMO_IMAGE_SIZE
    assert stored.hero_alt == "An abstract picture"
