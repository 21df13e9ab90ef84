"""Read the demo content that ``manage.py load_demo`` stores, from the files in this folder.

    categories/<slug>.md   name, position; the body is the description
    pages/<slug>.md        title, summary; the body is the page
    articles/<slug>.md     one article each, and the pictures it shows (drawn from the SVGs in
                           illustrations/ by illustrations/render.py)
    promos/<name>.md       heading, placement, position, and optionally cta_label, cta_url,
                           download (a file beside it), download_title, categories

Each file starts with front matter, ``key: value`` lines between two ``---`` lines; lists are
comma-separated. An article's front matter holds title, category, status (published or draft),
published ("40 days ago", "today", or "in 10 days" for a scheduled article), summary, related
and, for a hero picture, hero and hero_alt. Its body is the intro, then one ``## Heading`` per
section; a section may start with its picture, ``![alt text](file.webp)``. Files are named
relative to the file that names them.
"""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from articles.models import Article
from promos.models import Promo

FOLDER = Path(__file__).resolve().parent
PUBLISHED = re.compile(r"(?P<ago>\d+) days? ago|today|in (?P<ahead>\d+) days?")
PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<name>[^)\s]+)\)")


class DemoFileError(ValueError):
    """A demo file the loader cannot use; the message names the file."""


def read_categories():
    """Return the demo categories as dicts of Category fields, in menu order."""
    categories = [
        {
            "slug": path.stem,
            "name": meta["name"],
            "description": body,
            "position": _position(path, meta["position"]),
        }
        for path, meta, body in _read_folder(FOLDER / "categories", {"name", "position"})
    ]
    return sorted(categories, key=lambda category: category["position"])


def read_pages():
    """Return the demo pages (About, the home page's intro) as dicts of Page fields."""
    return [
        {"slug": path.stem, "title": meta["title"], "summary": meta["summary"], "body": body}
        for path, meta, body in _read_folder(FOLDER / "pages", {"title", "summary"})
    ]


def read_articles():
    """Return the demo articles: Article fields, hero picture, related slugs and sections."""
    now = timezone.now()
    required = {"title", "category", "status", "published", "summary", "related"}
    articles = []
    for path, meta, body in _read_folder(FOLDER / "articles", required, {"hero", "hero_alt"}):
        _check_choice(path, meta, "status", Article.Status.values)
        _check_exist(path, FOLDER / "categories", [meta["category"]])
        _check_exist(path, FOLDER / "articles", _split(meta["related"]))
        intro, *sections = re.split(r"^## ", body, flags=re.MULTILINE)
        articles.append(
            {
                "slug": path.stem,
                "title": meta["title"],
                "category": meta["category"],
                "status": meta["status"],
                "published_at": now - timedelta(days=_days_ago(path, meta["published"])),
                "summary": meta["summary"],
                "intro": intro.strip(),
                "hero": _picture(path, meta.get("hero"), meta.get("hero_alt")),
                "related": _split(meta["related"]),
                "sections": [_section(path, text) for text in sections],
            }
        )
    return articles


def read_promos():
    """Return the demo promos as dicts of Promo fields, with the download's path and categories."""
    optional = {"cta_label", "cta_url", "download", "download_title", "categories"}
    promos = []
    for path, meta, body in _read_folder(
        FOLDER / "promos", {"heading", "placement", "position"}, optional
    ):
        _check_choice(path, meta, "placement", Promo.Placement.values)
        _check_exist(path, FOLDER / "categories", _split(meta.get("categories", "")))
        download = None
        if "download" in meta:
            download = path.parent / meta["download"]
            if not download.is_file():
                raise DemoFileError(f"{path}: the download {download.name} is not beside it.")
        promos.append(
            {
                "heading": meta["heading"],
                "body": body,
                "placement": meta["placement"],
                "position": _position(path, meta["position"]),
                "cta_label": meta.get("cta_label", ""),
                "cta_url": meta.get("cta_url", ""),
                "download": download,
                "download_title": meta.get("download_title", ""),
                "categories": _split(meta.get("categories", "")),
            }
        )
    return promos


def read(path):
    """Return the front matter (a dict of strings) and the Markdown body of one demo file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise DemoFileError(f"{path}: front matter must start the file, between two '---' lines.")
    end = lines.index("---", 1)
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        key, colon, value = line.partition(":")
        if not colon or not key.isidentifier():
            raise DemoFileError(f"{path}, line {number}: expected 'key: value', not {line!r}.")
        meta[key] = value.strip()
    return meta, "\n".join(lines[end + 1 :]).strip()


def _read_folder(folder, required, optional=frozenset()):
    """Yield (path, front matter, body) for each Markdown file in a folder, in name order."""
    for path in sorted(folder.glob("*.md")):
        meta, body = read(path)
        if missing := required - meta.keys():
            raise DemoFileError(f"{path}: front matter lacks {', '.join(sorted(missing))}.")
        if unknown := meta.keys() - required - optional:
            raise DemoFileError(f"{path}: front matter has unknown {', '.join(sorted(unknown))}.")
        yield path, meta, body


def _section(path, text):
    """Return a section's heading, body and picture from the text after its '## '."""
    heading, _, body = text.partition("\n")
    body = body.strip()
    picture = None
    if match := PICTURE.match(body):
        picture = _picture(path, match["name"], match["alt"])
        body = body[match.end() :].strip()
    return {"heading": heading.strip(), "body": body, "image": picture}


def _picture(path, name, alt):
    """Return a picture beside the file at path, with its alt text, or None if none is named."""
    if not name:
        return None
    if not (path.parent / name).is_file():
        raise DemoFileError(f"{path}: the picture {name} is not beside it.")
    if not alt:
        raise DemoFileError(f"{path}: the picture {name} has no alt text.")
    return {"path": path.parent / name, "alt": alt}


def _check_choice(path, meta, key, choices):
    """Raise DemoFileError unless the front matter's key holds one of the choices."""
    if meta[key] not in choices:
        raise DemoFileError(
            f"{path}: {key} must be one of {', '.join(choices)}, not {meta[key]!r}."
        )


def _check_exist(path, folder, slugs):
    """Raise DemoFileError unless each slug names a Markdown file in folder."""
    for slug in slugs:
        if not (folder / f"{slug}.md").is_file():
            raise DemoFileError(f"{path}: no {folder.name}/{slug}.md for {slug!r}.")


def _days_ago(path, value):
    """Return how many days ago 'N days ago', 'today' or 'in N days' is; ahead is negative."""
    match = PUBLISHED.fullmatch(value)
    if not match:
        raise DemoFileError(
            f"{path}: published must be 'N days ago', 'today' or 'in N days', not {value!r}."
        )
    if match["ago"]:
        return int(match["ago"])
    if match["ahead"]:
        return -int(match["ahead"])
    return 0


def _position(path, value):
    if not value.isdigit():
        raise DemoFileError(f"{path}: position must be a whole number, not {value!r}.")
    return int(value)


def _split(value):
    return [item.strip() for item in value.split(",") if item.strip()]
