"""Redirects from old addresses, so that links to moved pages keep working.

A Redirect row sends visitors from an old path to a new one with a 301, but only when no
page answers at the old path (smallbiz.middleware.RedirectFallbackMiddleware).

The rules, kept by the functions here:
- no chains: a redirect always points at a final address. A new redirect A → B takes over
  the older ones that pointed at A, and one that would point at a redirected address
  points at that address's target instead;
- no loops: a redirect whose target leads back to its own old address is refused;
- a page that moves back to an address it had before takes it back: the redirect from
  that address is dropped.

`articles.publishing` applies them whenever a Redirect, an Article or a Category is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from articles.models import Article, Category, Redirect


def final_target(path):
    """Return the address that `path` ends at after following redirects (itself if none)."""
    seen = {path}
    while True:
        target = Redirect.objects.filter(old_path=path).values_list("new_path", flat=True).first()
        if target is None or target in seen:
            return path
        seen.add(target)
        path = target


def target_for(old_path, new_path):
    """Return where a redirect from old_path to new_path should point: new_path's final
    address. Raise ValidationError if that leads back to old_path."""
    target = final_target(new_path)
    if target == old_path:
        raise ValidationError(
            "A redirect from %(old)s to %(new)s would send visitors round in a loop.",
            code="redirect_loop",
            params={"old": old_path, "new": new_path},
        )
    return target


def collapse_chains(redirect):
    """Point the redirects that end at `redirect.old_path` straight at its new path."""
    Redirect.objects.filter(new_path=redirect.old_path).update(new_path=redirect.new_path)


def add(old_path, new_path):
    """Send visitors from old_path to where new_path ends up; return the Redirect.

    Saving it points it at new_path's final address and takes over the redirects that
    ended at old_path (articles.publishing); a loop raises ValidationError.
    """
    redirect, _ = Redirect.objects.update_or_create(
        old_path=old_path, defaults={"new_path": new_path}
    )
    return redirect


def record_move(old_path, new_path):
    """Remember that the page at old_path now lives at new_path."""
    if old_path == new_path:
        return
    with transaction.atomic():
        # A page answers at new_path again, so an older redirect away from it is stale.
        Redirect.objects.filter(old_path=new_path).delete()
        add(old_path, new_path)


def stored_addresses(obj):
    """Return the public paths of an Article, or of a Category and its articles, as stored.

    Keys identify what each path belongs to, so that addresses before and after a save can
    be paired up.
    """
    if obj.pk is None:
        return {}
    if isinstance(obj, Category):
        slug = Category.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        if slug is None:
            return {}
        paths = {
            "category": reverse("articles:category_detail", kwargs={"slug": slug}),
            "category_feed": reverse("articles:category_feed", kwargs={"slug": slug}),
        }
        articles = Article.objects.filter(category=obj.pk)
    else:
        paths = {}
        articles = Article.objects.filter(pk=obj.pk)
    for pk, slug, category_slug in articles.values_list("pk", "slug", "category__slug"):
        paths[pk] = reverse(
            "articles:article_detail", kwargs={"category": category_slug, "slug": slug}
        )
    return paths
