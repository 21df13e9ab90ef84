"""Site searches as the Insights page counts them: normalised terms, and found or not.

The search view marks its response with whether it found anything (`mark_found`). The page
cache stores that mark with the page, so a search answered from the cache still says
whether it found anything; the counting middleware reads the mark and removes it before
the response leaves (`pop_found`), whether or not counting is on.
"""

MAX_LENGTH = 100
FOUND_HEADER = "X-Smallbiz-Search-Found"


def normalise(text):
    """Return the terms as counted: lowercase, control characters as spaces, whitespace
    collapsed, trimmed, at most 100 characters."""
    text = "".join(char if char.isprintable() else " " for char in str(text).lower())
    return " ".join(text.split())[:MAX_LENGTH].strip()


def mark_found(response, found):
    """Record on `response` whether the search found anything."""
    response[FOUND_HEADER] = "1" if found else "0"
    return response


def pop_found(response):
    """Remove the search view's mark from `response`; return True, False or None (no mark)."""
    if FOUND_HEADER not in response:
        return None
    found = response[FOUND_HEADER] == "1"
    del response[FOUND_HEADER]
    return found
