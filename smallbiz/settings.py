"""Settings for smallbiz: one module, driven by environment variables.

With no variables set, this is a safe production configuration that refuses to start
without a secret key; `make run` sets DJANGO_DEBUG=1 for local development, where the
embedded defaults (SQLite under var/, local-memory cache, emails written to var/mail/, background
tasks run at once) need nothing else.
"""

import os
from email.utils import formataddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SMALLBIZ_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    """Read a boolean environment variable such as DJANGO_DEBUG=1."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable into a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # used only when DEBUG is on
# Anyone can read the example key in .env.example, and a short key can be guessed: either
# would let anyone sign confirm, unsubscribe and download links.
EXAMPLE_SECRET_KEY_START = "replace-this-placeholder"
if not DEBUG and (SECRET_KEY.startswith(EXAMPLE_SECRET_KEY_START) or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be your own random key of at least 50 characters, not the "
        "example from .env.example. Generate one: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set. Give the site's host names, comma-separated "
        "(see .env.example)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with our own site class: a dashboard on its home page.
    "smallbiz.apps.SmallbizAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks_db",
    "articles",
    "newsletter",
    "promos",
    "insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "smallbiz.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages gzip- or Brotli-compressed; the page cache below stores them compressed.
    "smallbiz.compression.CompressionMiddleware",
    # Outside the page cache, so that the pages it serves are counted too.
    "insights.middleware.CountingMiddleware",
    "smallbiz.middleware.PublicPostLimitsMiddleware",
    "smallbiz.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "smallbiz.middleware.RedirectFallbackMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out clients before checking a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "smallbiz.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "smallbiz.context_processors.site",
                "articles.context_processors.menu",
            ],
        },
    },
]

WSGI_APPLICATION = "smallbiz.wsgi.application"

# SQLite under var/ unless DATABASE_URL names another database (postgres://...).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside a writer; IMMEDIATE transactions and a busy timeout
    # make concurrent writers queue instead of failing with "database is locked".
    # Connections persist like PostgreSQL's (DJANGO_CONN_MAX_AGE), so the PRAGMAs run once
    # per connection rather than once per request.
    # Between requests a connection is in autocommit and holds no lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# REDIS_URL shares one cache between several app servers. Without it, development uses
# local memory; production uses files under var/cache/, which every gunicorn worker on the
# host shares, so clearing the page cache after an edit reaches all of them at once.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Insights (docs/deployment.md): page views are counted in their own cache, so that the
# page cache's culling never drops them; with Redis it is the same server under a prefix.
if REDIS_URL:
    CACHES["insights"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "insights",
    }
else:
    # Files even in development, so that `manage.py insights_flush` sees runserver's counts.
    CACHES["insights"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "insights",
    }
INSIGHTS_CACHE = "insights"
# SMALLBIZ_INSIGHTS=0 switches counting off: nothing is counted and the flush does nothing.
INSIGHTS_ENABLED = env_bool("SMALLBIZ_INSIGHTS", True)
# Counts older than this are deleted by `manage.py insights_prune` (about 25 months).
INSIGHTS_RETENTION_DAYS = int(os.environ.get("SMALLBIZ_INSIGHTS_RETENTION_DAYS", "760"))
# How often each web process adds its counts to the cache (the flush reads them there).
INSIGHTS_PUSH_SECONDS = float(os.environ.get("SMALLBIZ_INSIGHTS_PUSH_SECONDS", "10"))
# How long an anonymous visitor's page may be served from the cache. Edits in the admin
# clear it at once (smallbiz.cache); this bounds anything changed behind the admin's back.
PAGE_CACHE_SECONDS = int(os.environ.get("SMALLBIZ_PAGE_CACHE_SECONDS", "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
# The site is in English only: no translation machinery.
USE_I18N = False
# urlize() (the importer's plain-text pages) links bare domains as https://, as Django 7 will.
URLIZE_ASSUME_HTTPS = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files that must never have a public address, such as the promos' e-book downloads: they
# are served only through views that check a personal link. Keep it outside MEDIA_ROOT and
# STATIC_ROOT (a system check refuses a folder inside either).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("SMALLBIZ_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The feeds' XSL stylesheet (static/feeds/feed.xsl): browsers apply it only with an XML type.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}

# Uploads: images are checked again in articles.images; these cap what reaches Django.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Posts to public pages (outside the admin): a subscribe form is well under 1 KB; longer
# hostile input up to this size still gets the form's own error message.
PUBLIC_POST_MAX_BYTES = 64 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Django 6.1 mailers. Development writes each email to var/mail/ as a readable text file
# (and its HTML part beside it), so the confirmation link can be opened from there;
# production sends with Django's SMTP backend.
EMAIL_BACKEND_PATH = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "smallbiz.mail.ReadableFileBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH == "smallbiz.mail.ReadableFileBackend":
    MAILERS["default"]["OPTIONS"] = {
        "file_path": os.environ.get("DJANGO_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
    }
if EMAIL_BACKEND_PATH == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 30,
    }
# The publisher's name, shown to visitors and readers; the From name of every email by default.
SITE_NAME = os.environ.get("SMALLBIZ_SITE_NAME", "More for Small Business")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", formataddr((SITE_NAME, "ezine@localhost"))
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production (DEBUG off) assumes HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
# Preloading asks browsers to hard-code HTTPS for the domain, which is slow to undo: it is
# off until the owner chooses it, so check --deploy's reminder (W021) is silenced only then.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: everything comes from our own static files.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Admin login throttling: five failures from one client for one username lock that pair
# out for fifteen minutes. The admin's address can be moved away from /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Axes would log usernames (which may be email addresses) on every failure.
AXES_VERBOSE = False
# Tries while locked out do not restart the fifteen minutes, or one try every fifteen
# minutes would keep an editor out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "smallbiz.client_ip.client_ip"

# Background work (Django's tasks framework): the database queue, worked by
# `manage.py db_worker`. Development runs each task at once, so `make run` needs no worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# The public address used in emails, feeds and metadata (SITE_NAME is with the email settings).
SITE_URL = os.environ.get("SMALLBIZ_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The e-zine. Anti-spam law wants the sender's postal address in every issue.
NEWSLETTER_POSTAL_ADDRESS = os.environ.get(
    "SMALLBIZ_POSTAL_ADDRESS", "1 Example Street, London EC1A 1AA, United Kingdom"
)
# The mailer (a MAILERS alias) that issues and confirmations go through.
NEWSLETTER_MAILER = os.environ.get("SMALLBIZ_NEWSLETTER_MAILER", "default")
# How many proxies stand in front of the app and append to X-Forwarded-For (nginx: 1; a load
# balancer, then nginx: 2). The subscribe rate limit and the admin login lockout count per
# client through smallbiz.client_ip; with 0, visitors connect directly (REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("SMALLBIZ_TRUSTED_PROXIES", "0"))
# How many background workers share the sending of an issue, each over its own mail
# connection (deliveries are claimed, so none goes out twice). They send in parallel when
# as many `db_worker` processes run; with fewer, the extra sending tasks find nothing left.
NEWSLETTER_SENDING_WORKERS = int(os.environ.get("SMALLBIZ_NEWSLETTER_SENDING_WORKERS", "2"))
# A sender refreshes a heartbeat on the deliveries it holds every sixth of this many seconds;
# one silent for this long has stopped, and another sender takes its deliveries over.
NEWSLETTER_SENDER_TIMEOUT = float(os.environ.get("SMALLBIZ_NEWSLETTER_SENDER_TIMEOUT", "30"))
# Imported subscribers asked to confirm (import_subscribers --reconfirm) are mailed at most
# this many a minute, so that the mail provider does not take a sudden batch for spam.
NEWSLETTER_RECONFIRM_PER_MINUTE = int(
    os.environ.get("SMALLBIZ_NEWSLETTER_RECONFIRM_PER_MINUTE", "60")
)
# Where import_subscribers and the admin's import keep their reports of skipped rows (they
# hold addresses: keep the folder private).
NEWSLETTER_IMPORT_REPORTS_DIR = Path(
    os.environ.get("SMALLBIZ_IMPORT_REPORTS_DIR", VAR_DIR / "imports")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
