"""Settings for bench/http only: production settings plus the benchmark's floor view.

Never use this module to serve the site: it exists so that the trivial "framework floor"
view stays out of the production URLconf (smallbiz.urls).
"""

from smallbiz.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
