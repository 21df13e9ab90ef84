"""Find the page files to import, and the address each had on the old site."""

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from articles.importing.reader import PARSERS

# Pages an old site served for its folder's address (/marketing/ for marketing/index.html).
INDEX_NAMES = {"index.html", "index.htm", "default.html", "default.htm"}


@dataclass(frozen=True)
class SourceFile:
    path: Path  # as found under the PATH given
    root: Path  # the folder the PATH names, or the folder of a file given alone
    old_path: str  # its address on the old site, such as /marketing/pricing.html

    def __str__(self):
        return str(self.path)

    @property
    def folder(self):
        """Return the name of the folder the page was in, which may name its category."""
        return self.path.parent.name

    @property
    def old_paths(self):
        """Return the old addresses to redirect: the file's, and its folder's for an index page."""
        paths = [self.old_path]
        if self.path.name.lower() in INDEX_NAMES:
            folder = posixpath.dirname(self.old_path).rstrip("/") + "/"
            if folder != "/":
                paths.append(folder)
        return paths


def find_pages(paths, base_url=""):
    """Return a SourceFile for each page file in `paths` (files, or folders searched
    recursively), in a stable order. The old address is the file's path under the folder,
    below the path of `base_url` if given."""
    base_path = urlsplit(base_url).path if base_url else "/"
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    sources, seen = [], set()
    for path in map(Path, paths):
        if path.is_dir():
            root = path
            files = sorted(
                file
                for file in path.rglob("*")
                if file.suffix.lower() in PARSERS
                and file.is_file()
                and not any(part.startswith(".") for part in file.relative_to(root).parts)
            )
        else:
            root, files = path.parent, [path]
        for file in files:
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            old_path = base_path + file.relative_to(root).as_posix()
            sources.append(SourceFile(path=file, root=root, old_path=old_path))
    return sources
