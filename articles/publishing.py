"""Publishing rules that hold however content is saved: the admin, import_pages, load_demo,
the shell or a data migration.

- Visitors see a change on their next request: saving or deleting a category, article,
  section, page or redirect clears the page cache (`smallbiz.cache`).
- A moved page keeps its old address working: when an article's slug or category, or a
  category's slug, changes, the old addresses answer 301 (`articles.redirects` keeps the
  no-chains and no-loops rules, which every saved Redirect goes through too).

`ArticlesConfig.ready()` calls `connect()`. `QuerySet.update()` sends no signals, so
neither rule runs for it: change addresses with `save()`.
"""

from django.db.models import signals

from articles import redirects
from articles.models import Article, Category, Page, Redirect, Section
from smallbiz.cache import clear_pages_on_change

# Saving only other fields cannot move a page, so such saves skip the address check.
ADDRESS_FIELDS = {Article: {"slug", "category", "category_id"}, Category: {"slug"}}


def remember_addresses(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save, keep the addresses the article or category has in the database."""
    moves_possible = update_fields is None or ADDRESS_FIELDS[sender] & set(update_fields)
    if not raw and moves_possible:
        instance._addresses_before_save = redirects.stored_addresses(instance)


def record_moves(sender, instance, raw=False, **kwargs):
    """After a save, redirect each old address that the save changed to its new one."""
    before = instance.__dict__.pop("_addresses_before_save", None)
    if before:
        after = redirects.stored_addresses(instance)
        for key, old_path in before.items():
            if key in after:
                redirects.record_move(old_path, after[key])


def point_at_final_address(sender, instance, raw=False, **kwargs):
    """Before a redirect is saved, point it at its final address; refuse a loop."""
    if not raw:
        instance.new_path = redirects.target_for(instance.old_path, instance.new_path)


def collapse_chains(sender, instance, raw=False, **kwargs):
    """After a redirect is saved, point the ones that ended at its old address at its new."""
    if not raw:
        redirects.collapse_chains(instance)


def connect():
    """Connect the rules to the models' signals."""
    clear_pages_on_change(Category, Article, Article.related.through, Section, Page, Redirect)
    for model in (Article, Category):
        uid = f"articles.publishing:{model.__name__}"
        signals.pre_save.connect(remember_addresses, sender=model, dispatch_uid=uid)
        signals.post_save.connect(record_moves, sender=model, dispatch_uid=uid)
    signals.pre_save.connect(point_at_final_address, sender=Redirect, dispatch_uid="redirect")
    signals.post_save.connect(collapse_chains, sender=Redirect, dispatch_uid="redirect")
