"""Who may change the municipality's own pages."""

from portal import roles


def can_edit_municipal_pages(user) -> bool:
    return roles.is_liaison_officer(user)


def can_read_council_summaries(user) -> bool:
    return roles.is_council_member(user)


def can_publish_council_reports(user) -> bool:
    """The liaison officer previews the council's reports and publishes them."""
    return roles.is_liaison_officer(user)
