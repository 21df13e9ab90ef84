"""Load the demo categories, pages, articles and promos from the files in articles/demo/.

Safe to run again: it only adds what is missing.
"""

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from articles import demo, images
from articles.models import Article, Category, Page, Section
from promos.models import Promo


class Command(BaseCommand):
    help = "Load demo content: seven categories, an About page, advice articles and two promos."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            # Read every file before writing anything, so a broken file changes nothing.
            categories = demo.read_categories()
            pages = demo.read_pages()
            articles = demo.read_articles()
            promos = demo.read_promos()
        except demo.DemoFileError as error:
            raise CommandError(error) from error
        with transaction.atomic():
            categories = self.load_categories(categories)
            self.load_pages(pages)
            added = self.load_articles(articles, categories)
            self.load_promos(promos, categories)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {added} article(s) added, "
                f"{len(articles) - added} already present."
            )
        )

    def load_categories(self, categories):
        """Add the demo categories that are missing; return all of them by slug."""
        by_slug = {}
        for data in categories:
            category, created = Category.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "description": data["description"],
                    "position": data["position"],
                },
            )
            if created and self.verbosity > 1:
                self.stdout.write(f"Added category {category.name}")
            by_slug[category.slug] = category
        return by_slug

    def load_pages(self, pages):
        for data in pages:
            page, created = Page.objects.get_or_create(
                slug=data["slug"],
                defaults={"title": data["title"], "summary": data["summary"], "body": data["body"]},
            )
            if created and self.verbosity > 1:
                self.stdout.write(f"Added page {page.title}")

    def load_articles(self, articles, categories):
        """Add the demo articles that are missing, then link related ones; return how many."""
        author = self.demo_author()
        added = []
        for data in articles:
            category = categories[data["category"]]
            if Article.objects.filter(category=category, slug=data["slug"]).exists():
                continue
            article = Article.objects.create(
                category=category,
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                intro=data["intro"],
                status=data["status"],
                published_at=data["published_at"],
                author=author,
            )
            if data["hero"]:
                self.attach_picture(article, "hero_image", data["hero"])
            for position, section_data in enumerate(data["sections"], start=1):
                section = Section.objects.create(
                    article=article,
                    position=position * 10,
                    heading=section_data["heading"],
                    body=section_data["body"],
                )
                if section_data["image"]:
                    self.attach_picture(section, "image", section_data["image"])
            added.append((article, data["related"]))
            if self.verbosity > 1:
                self.stdout.write(f"Added article {article.title}")
        for article, related in added:
            article.related.set(Article.objects.filter(slug__in=related))
        # Demo articles were last edited when they were published, not when loaded.
        Article.objects.filter(pk__in=[article.pk for article, _ in added]).update(
            updated_at=F("published_at")
        )
        return len(added)

    def load_promos(self, promos, categories):
        """Add the demo promos that are missing, matched by heading."""
        for data in promos:
            if Promo.objects.filter(heading=data["heading"]).exists():
                continue
            promo = Promo(
                heading=data["heading"],
                body=data["body"],
                cta_label=data["cta_label"],
                cta_url=data["cta_url"],
                download_title=data["download_title"],
                placement=data["placement"],
                position=data["position"],
            )
            if data["download"]:
                with data["download"].open("rb") as file:
                    promo.download.save(data["download"].name, File(file), save=False)
            promo.save()
            promo.categories.set([categories[slug] for slug in data["categories"]])
            if self.verbosity > 1:
                self.stdout.write(f"Added promo {promo.heading}")

    def attach_picture(self, obj, field_name, picture):
        """Store a picture file in an image field (hero_image or image), with alt and renditions."""
        prefix = field_name.removesuffix("_image")
        field = getattr(obj, field_name)
        with picture["path"].open("rb") as file:
            field.save(picture["path"].name, File(file), save=False)
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
