"""Load the demo categories, pages, articles and promos.

Safe to run again: it only adds what is missing.
"""

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
from promos.models import Promo
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


def write_pdf(title, lines):
    """Return the bytes of a one-page PDF showing a title and a few lines of plain ASCII text."""

    def text(value):
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 22 Tf", "72 740 Td", f"({text(title)}) Tj", "/F1 12 Tf"]
    for line in lines:
        commands += ["0 -28 Td", f"({text(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


class Command(BaseCommand):
    help = "Load demo content: seven categories, an About page, advice articles and two promos."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        with transaction.atomic():
            categories = self.load_categories()
            self.load_pages()
            created = self.load_articles(categories)
            self.load_promos(categories)
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

    def load_promos(self, categories):
        """Add the demo promos that are missing, matched by heading."""
        for data in demo_content.PROMOS:
            if Promo.objects.filter(heading=data["heading"]).exists():
                continue
            promo = Promo(
                heading=data["heading"],
                body=data["body"],
                cta_label=data.get("cta_label", ""),
                cta_url=data.get("cta_url", ""),
                download_title=data.get("download_title", ""),
                placement=data["placement"],
                position=data["position"],
            )
            if data.get("download_name"):
                pdf = write_pdf(data["ebook_title"], data["ebook_lines"])
                promo.download.save(data["download_name"], ContentFile(pdf), save=False)
            promo.save()
            promo.categories.set([categories[slug] for slug in data.get("categories", [])])
            if self.verbosity > 1:
                self.stdout.write(f"Added promo {promo.heading}")

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
