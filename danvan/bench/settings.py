"""Settings of a benchmark run: the production settings, on the throwaway database named by DATABASE_URL (the
runner sets it to the benchmark's own database, never the user's), served to Django's test client and, for the
portal's throughput, by gunicorn on 127.0.0.1 (with a bare view beside the project's URLs: danvan.bench.urls).

DEBUG stays off, as in production: with DEBUG on Django records every query and the figures would be off.
"""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret-3b8e1f6a9c2d4e7f0a1b3c5d7e9f1a3b5c7d9e1f")

from danvan.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
ROOT_URLCONF = "danvan.bench.urls"
# The throughput run sends thousands of petitions from one address: no rate limit (see citizens.ratelimit).
PORTAL_RATE_LIMIT = 0
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic before a run: the manifest storage of production would fail on every {% static %}.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405

# WhiteNoise warns once that STATIC_ROOT has not been collected; the pages measured serve no static file.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
