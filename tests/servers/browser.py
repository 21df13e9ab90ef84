"""A small HTTP client that behaves like a browser towards the app servers.

It keeps cookies, as a browser does, for every port of 127.0.0.1 at once (browsers do not
tell ports apart for cookies, and behind a load balancer both servers share one host name),
so an editor who signs in through one server is signed in on the other. It keeps Secure
cookies too, although the servers speak plain HTTP here: production marks the session and
CSRF cookies Secure, and its TLS is the load balancer's job. It never follows a redirect, so
that each test can assert where a POST leads.
"""

import http.client
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

TIMEOUT_SECONDS = 30


@dataclass
class Page:
    """A response: its status, headers and body."""

    status: int
    headers: Message
    content: bytes

    def __repr__(self):
        return f"<Page {self.status}>"

    @property
    def text(self):
        return self.content.decode()

    @property
    def location(self):
        return self.headers.get("Location")

    def soup(self):
        return BeautifulSoup(self.content, "html.parser")

    def form(self, selector):
        """Return what a browser would submit from the form: {name: [values]}, files aside."""
        form = self.soup().select_one(selector)
        assert form is not None, f"no form {selector!r} on the page"
        data = {}
        for field in form.select("input[name], textarea[name], select[name]"):
            if field.has_attr("disabled"):
                continue
            for value in submitted_values(field):
                data.setdefault(field["name"], []).append(value)
        return data

    def errors(self):
        """Return the form errors the page shows, for assertion messages."""
        return [error.get_text(" ", strip=True) for error in self.soup().select(".errorlist")]


def submitted_values(field):
    """Return the values a browser submits for one form field (none for buttons and files)."""
    if field.name == "textarea":
        # HTML drops a newline right after <textarea>, which Django writes there.
        return [field.text.removeprefix("\r\n").removeprefix("\n")]
    if field.name == "select":
        options = field.select("option")
        chosen = [option for option in options if option.has_attr("selected")]
        if not chosen and options and not field.has_attr("multiple"):
            chosen = options[:1]
        return [option.get("value", option.text) for option in chosen]
    kind = field.get("type", "text").lower()
    if kind in {"submit", "button", "image", "reset", "file"}:
        return []
    if kind in {"checkbox", "radio"}:
        return [field.get("value", "on")] if field.has_attr("checked") else []
    return [field.get("value", "")]


class Browser:
    """A visitor's browser: cookies kept across both servers, redirects not followed."""

    def __init__(self):
        self.cookies = {}

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, data, files=None):
        """POST `data` ({name: value or [values]}) as a form, multipart if there are `files`."""
        if files:
            body = encode_multipart(BOUNDARY, {**data, **files})
            return self.request("POST", url, body, MULTIPART_CONTENT)
        body = urlencode(data, doseq=True).encode()
        return self.request("POST", url, body, "application/x-www-form-urlencoded")

    def request(self, method, url, body=None, content_type=None):
        parts = urlsplit(url)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, target, body, headers)
            response = connection.getresponse()
            page = Page(response.status, response.headers, response.read())
        finally:
            connection.close()
        self.keep_cookies(page.headers.get_all("Set-Cookie") or [])
        return page

    def keep_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def sign_in(self, server, username, password):
        """Sign in to the admin through `server`, as an editor would on its login page."""
        url = f"{server.url}/{server.admin_path}login/?next=/{server.admin_path}"
        data = self.get(url).form("#login-form")
        data.update(username=username, password=password)
        response = self.post(url, data)
        assert response.status == 302, f"signing in failed: {response.errors()}"
