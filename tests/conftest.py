"""Role fixtures shared by every app's tests.

`association` is the association that `association_rep` represents; `other_association_rep`
represents a different one. `resident` is an anonymous client.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test import Client
from django.utils import translation

from portal.celery import app as celery_app
from portal.models import RoleGrant, Sector
from tests.factories import (
    AssociationFactory,
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    with_totp,
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Tests create their own database, so they connect as the owner, not as the portal's role."""
    owner = settings.DATABASES["owner"]
    settings.DATABASES["default"].update(USER=owner["USER"], PASSWORD=owner.get("PASSWORD", ""))


@pytest.fixture(autouse=True, scope="session")
def _flush_empties_append_only_tables():
    """Between transactional tests (live_server, transactional_db) Django empties every table
    with one TRUNCATE, which the append-only logs refuse. The flush runs in replica mode, where
    ordinary triggers do not fire; only a superuser, as the tests' owner is, may set it."""
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        return ["SET LOCAL session_replication_role = replica", *statements]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in the test's process; tests/portal/test_celery_worker.py uses a real worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _default_language_again():
    """A request leaves its language active in the thread, as LocaleMiddleware never undoes
    it: the next test starts in the default language again, as a new request would."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache_fast_passwords_plain_static(settings):
    # Rate limits and cached fragments live in the cache: each test starts with an empty one.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def private_storage(settings, tmp_path):
    """Private uploads go to a temporary folder for the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path


@pytest.fixture
def association(db):
    return AssociationFactory(name="Esimerkkilän Urheiluseura ry")


@pytest.fixture
def other_association(db):
    return AssociationFactory(name="Toinen Kyläyhdistys ry")


@pytest.fixture
def liaison_officer(db):
    user = UserFactory(email="yhdyshenkilo@esimerkkila.fi", first_name="Liisa", last_name="Laine")
    RoleGrantFactory(user=user, role=RoleGrant.Role.LIAISON_OFFICER)
    return with_totp(user)


@pytest.fixture
def sector_officer(db):
    user = UserFactory(email="kulttuuri@esimerkkila.fi")
    RoleGrantFactory(user=user, role=RoleGrant.Role.SECTOR_OFFICER, sector=Sector.CULTURE)
    return with_totp(user)


@pytest.fixture
def council_member(db):
    user = UserFactory(email="valtuutettu@example.fi")
    RoleGrantFactory(user=user, role=RoleGrant.Role.COUNCIL_MEMBER)
    return user


@pytest.fixture
def association_rep(association):
    return MembershipFactory(association=association).user


@pytest.fixture
def other_association_rep(other_association):
    return MembershipFactory(association=other_association).user


@pytest.fixture
def plain_user(db):
    """Signed in, but represents no association and has no municipal role."""
    return UserFactory()


@pytest.fixture
def resident():
    return Client()


@pytest.fixture
def client_for():
    """A logged-in client for the given user (None gives an anonymous one)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
