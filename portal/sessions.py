"""Django's cached_db sessions, with the database read kept compiled and planned.

Every signed-in request whose session is not in the cache reads it from the database; putting
the ORM's query together and compiling it took longer than the server took to answer it.
"""

from django.contrib.sessions.backends import cached_db
from django.utils import timezone

from portal.database import CompiledStatements

STATEMENTS = CompiledStatements(size=1, prepared=True)


class SessionStore(cached_db.SessionStore):
    def _get_session_from_db(self):
        """The unexpired session of this key, or None (and no key), as Django's own reads it."""
        if self.session_key is not None:
            found = STATEMENTS.objects(
                "session",
                lambda key, now: self.model.objects.filter(session_key=key, expire_date__gt=now),
                self.session_key,
                timezone.now(),
            )
            if found:
                return found[0]
        self._session_key = None
        return None
