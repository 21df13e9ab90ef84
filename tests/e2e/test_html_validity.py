"""Every public page is valid HTML, as the Nu HTML Checker (the W3C's validator) sees it."""

import json
import subprocess
import urllib.error
import urllib.request


def fetch(url):
    """Return the HTML the live server sends for url, whatever its status (404 pages too)."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


def check_html(vnu_jar, files):
    """Run the Nu HTML Checker once over the files and return its error messages."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--format", "json", "--errors-only", "--stdout"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout)["messages"]


def page_errors(vnu_jar, base_url, pages, folder):
    """Save each page ({name: path}) into folder and return the checker's errors for them all."""
    files = []
    for name, path in pages.items():
        file = folder / f"{name.replace(' ', '-')}.html"
        file.write_bytes(fetch(base_url + path))
        files.append(file)
    return check_html(vnu_jar, files)


def test_every_public_page_is_valid_html(live_server, public_pages, vnu_jar, tmp_path):
    errors = page_errors(vnu_jar, live_server.url, public_pages, tmp_path)

    assert errors == [], "\n".join(
        f"{error['url'].rsplit('/', 1)[-1]}:{error.get('lastLine', '?')}: {error['message']}"
        f" [{error.get('extract', '').strip()}]"
        for error in errors
    )
