"""How long the portal keeps personal data: the one place that states the periods.

The privacy notice (migration 0006) quotes these periods, the daily retention task
(portal.privacy.apply_retention) applies them, and the access log's database trigger
(migration 0005) lets only rows older than ACCESS_LOG be deleted.
"""

from datetime import timedelta

# An account whose e-mail address was never verified and that never logged in is deleted.
UNVERIFIED_ACCOUNT = timedelta(days=30)

# An account nobody has logged in to for three years, whose owner holds no municipal role and
# represents no association, is warned by e-mail; unless its owner logs in within
# INACTIVITY_WARNING_NOTICE of the warning, it is anonymised.
INACTIVE_ACCOUNT = timedelta(days=3 * 365)
INACTIVITY_WARNING_NOTICE = timedelta(days=30)

# Who looked at or exported whose personal data: two years, then deleted.
ACCESS_LOG = timedelta(days=2 * 365)

# Erasure requests and their decisions are kept as proof that the request was handled, and
# the audit log for as long as the decisions it records (the municipality's archive plan).
