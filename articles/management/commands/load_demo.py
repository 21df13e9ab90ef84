"""Load the demo categories, pages and articles. Safe to run again: it only adds what is missing."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import demo_content, images
from articles.models import Article, Category, Page, Section
from smallbiz.cache import clear_pages

DEMO_IMAGE_SIZE = (1200, 675)


def draw_picture(colors, seed):
    """Return JPEG bytes of an abstract picture: a gradient between two colours with shapes."""
    start, end = (Image.new("RGB", (1, 1), color).getpixel((0, 0)) for color in colors)
    width, height = DEMO_IMAGE_SIZE
    picture = Image.new("RGB", DEMO_IMAGE_SIZE)
    draw = ImageDraw.Draw(picture)
    for x in range(width):
        mix = x / (width - 1)
        draw.line(
            [(x, 0), (x, height)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(start, end, strict=True)),
        )
    for step in range(5):
        radius = 60 + ((seed * 37 + step * 53) % 140)
        cx = (seed * 131 + step * 251) % width
        cy = (seed * 71 + step * 97) % height
        draw.ellipse(
            [cx - radius, cy - radius, cx + radius, cy + radius],
            outline=(255, 255, 255),
            width=6,
        )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load demo content: seven categories, an About page and advice articles."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        with transaction.atomic():
            categories = self.load_categories()
            self.load_pages()
            created = self.load_articles(categories)
        clear_pages()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(created)} article(s) added, "
                f"{len(demo_content.ARTICLES) - len(created)} already present."
            )
        )

    def load_categories(self):
        categories = {}
        for position, data in enumerate(demo_content.CATEGORIES, start=1):
            category, created = Category.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "position": position * 10,
                },
            )
            if created and self.verbosity > 1:
                self.stdout.write(f"Added category {category.name}")
            categories[category.slug] = category
        return categories

    def load_pages(self):
        Page.objects.get_or_create(
            slug="about",
            defaults={
                "title": demo_content.ABOUT["title"],
                "summary": demo_content.ABOUT["summary"],
                "body": demo_content.ABOUT["body"],
            },
        )
        Page.objects.get_or_create(
            slug="home",
            defaults={
                "title": "Welcome",
                "summary": "Practical advice for people who run small businesses.",
                "body": demo_content.HOME_INTRO,
            },
        )

    def load_articles(self, categories):
        author = self.demo_author()
        now = timezone.now()
        created = {}
        for seed, data in enumerate(demo_content.ARTICLES, start=1):
            category = categories[data["category"]]
            if Article.objects.filter(category=category, slug=data["slug"]).exists():
                continue
            article = Article.objects.create(
                category=category,
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                intro=data["intro"],
                status=(
                    Article.Status.DRAFT if data["status"] == "draft" else Article.Status.PUBLISHED
                ),
                published_at=now - timedelta(days=data["days_ago"]),
                author=author,
            )
            if data.get("hero"):
                self.attach_picture(article, "hero_image", data["hero"], seed)
            for position, section_data in enumerate(data["sections"], start=1):
                section = Section.objects.create(
                    article=article,
                    position=position * 10,
                    heading=section_data["heading"],
                    body=section_data["body"],
                )
                if section_data.get("image"):
                    self.attach_picture(section, "image", section_data["image"], seed + position)
            created[data["slug"]] = (article, data)
            if self.verbosity > 1:
                self.stdout.write(f"Added article {article.title}")
        for article, data in created.values():
            article.related.set(Article.objects.filter(slug__in=data.get("related", [])))
        # Demo articles were last edited when they were published, not when loaded.
        Article.objects.filter(pk__in=[a.pk for a, _ in created.values()]).update(
            updated_at=F("published_at")
        )
        return created

    def attach_picture(self, obj, field_name, picture, seed):
        """Draw a picture into an image field (hero_image or image), with alt and renditions."""
        prefix = field_name.removesuffix("_image")
        field = getattr(obj, field_name)
        # The content needs a name: from a nameless file Django stores no width and height,
        # and then reads the image's header every time the object is loaded.
        name = f"demo-{seed}.jpg"
        field.save(name, ContentFile(draw_picture(picture["colors"], seed), name=name), save=False)
        setattr(obj, f"{prefix}_alt", picture["alt"])
        setattr(obj, f"{prefix}_renditions", images.make_renditions(field))
        obj.save()

    def demo_author(self):
        author, created = get_user_model().objects.get_or_create(
            username="editorial-team",
            defaults={"first_name": "The Editorial", "last_name": "Team"},
        )
        if created:
            author.set_unusable_password()
            author.save()
        return author
