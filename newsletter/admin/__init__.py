"""The e-zine's admin, one module per concern."""

from newsletter.admin import issues, notices, subscribers  # noqa: F401 - registers the admins
