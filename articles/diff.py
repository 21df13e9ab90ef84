"""Mark the words that differ between two texts, for comparing revisions side by side."""

import difflib
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Words, runs of spaces and line breaks, and single punctuation marks: a changed comma marks
# the comma, not the word before it.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

# Screen readers do not announce <ins> and <del> everywhere: say it in words they read out.
MARKS = {
    "ins": '<ins><span class="visually-hidden">[added] </span>{}'
    '<span class="visually-hidden"> [end added]</span></ins>',
    "del": '<del><span class="visually-hidden">[removed] </span>{}'
    '<span class="visually-hidden"> [end removed]</span></del>',
}


def mark_changes(old, new):
    """Return the two texts as escaped HTML, with removed words in <del> and added in <ins>.

    The first is the old text with what the new one no longer has marked; the second is the
    new text with what it adds marked. Line ends are compared as "\\n" whatever the browser sent.
    """
    old_tokens = TOKEN.findall(normalise(old))
    new_tokens = TOKEN.findall(normalise(new))
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_parts, new_parts = [], []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if operation == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(format_html(MARKS["del"], removed))
        if added:
            new_parts.append(format_html(MARKS["ins"], added))
    # Every part was escaped above, by escape() or format_html().
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))


def normalise(text):
    """Return the text with "\\n" line ends and no spaces or blank lines around it.

    The admin's forms strip the ends of what editors type, so a difference there only
    shows that one revision was saved some other way.
    """
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
