"""Call the site's WSGI application N times for one path, in this process: bench/instructions.

    python bench/wsgi_loop.py PATH N

No server and no sockets: what is left is the Django request itself, middleware included.
"""

import io
import sys

from smallbiz.wsgi import application


def request(path):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        # A browser's, so that Insights counts the view as it counts a reader's.
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/131.0.0.0 Safari/537.36",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            raise SystemExit(f"{path} answered {status}")

    body = application(environ, start_response)
    try:
        return b"".join(body)
    finally:
        body.close()


if __name__ == "__main__":
    path, count = sys.argv[1], int(sys.argv[2])
    for _ in range(count):
        request(path)
