"""Mark the words that differ between two texts, for comparing revisions side by side."""

import difflib
import os
import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Words, runs of spaces and line breaks, and single punctuation marks: a changed comma marks
# the comma, not the word before it.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

# Beyond this many pairs of words, two differing stretches of text are marked as changed as a
# whole: comparing them word by word would take too long.
MAX_WORD_PAIRS = 4_000_000

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
    old_parts, new_parts = [], []
    for is_change, removed, added in segments(normalise(old), normalise(new)):
        if not is_change:
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(format_html(MARKS["del"], removed))
        if added:
            new_parts.append(format_html(MARKS["ins"], added))
    # Every part was escaped above, by escape() or format_html().
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))


def segments(old, new):
    """Split two texts into [is_change, old part, new part] segments, in order.

    A rewritten sentence shares a few short words ("the", "and") with the one it replaces;
    marking each word between them makes a confetti of marks. So an unchanged stretch no
    longer than the changes on both sides of it counts as part of one change.
    """
    # Lines first, then words within the lines that differ: comparing every word of two long
    # texts at once takes seconds.
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    result = []
    for operation, i1, i2, j1, j2 in opcodes(old_lines, new_lines):
        removed, added = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if operation == "equal":
            result.append([False, removed, added])
        else:
            result.extend(word_segments(removed, added))
    while True:
        result = merge_neighbours(result)
        absorbed = False
        # Changes and unchanged stretches alternate now: look at each stretch between two.
        for index in range(1, len(result) - 1):
            before, (is_change, same, _), after = result[index - 1 : index + 2]
            between_changes = before[0] and after[0] and not is_change
            if between_changes and len(same) <= min(size(before), size(after)):
                result[index][0] = absorbed = True
        if not absorbed:
            return result


def word_segments(old, new):
    """Split two stretches of text into [is_change, old part, new part] by words."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    # What both start and end with needs no comparing, which keeps one edit in a long
    # paragraph quick to find.
    start = len(os.path.commonprefix([old_tokens, new_tokens]))
    end = len(os.path.commonprefix([old_tokens[start:][::-1], new_tokens[start:][::-1]]))
    old_middle = old_tokens[start : len(old_tokens) - end]
    new_middle = new_tokens[start : len(new_tokens) - end]
    if len(old_middle) * len(new_middle) > MAX_WORD_PAIRS:
        middle = [[True, "".join(old_middle), "".join(new_middle)]]
    else:
        middle = [
            [operation != "equal", "".join(old_middle[i1:i2]), "".join(new_middle[j1:j2])]
            for operation, i1, i2, j1, j2 in opcodes(old_middle, new_middle)
        ]
    common_start, common_end = (
        "".join(old_tokens[:start]),
        "".join(old_tokens[len(old_tokens) - end :]),
    )
    return [[False, common_start, common_start], *middle, [False, common_end, common_end]]


def opcodes(old, new):
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def merge_neighbours(result):
    """Join neighbouring segments of the same kind (changed or not) into one."""
    merged = []
    for segment in result:
        if merged and segment[0] == merged[-1][0]:
            merged[-1][1] += segment[1]
            merged[-1][2] += segment[2]
        else:
            merged.append(segment)
    return merged


def size(segment):
    """Return the length of a change: the longer of what it removes and what it adds."""
    return max(len(segment[1]), len(segment[2]))


def normalise(text):
    """Return the text with "\\n" line ends and no spaces or blank lines around it.

    The admin's forms strip the ends of what editors type, so a difference there only
    shows that one revision was saved some other way.
    """
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
