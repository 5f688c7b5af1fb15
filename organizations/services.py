"""What can happen to the association register: every change goes through these functions."""

import difflib
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as mt_language

from organizations.models import SEARCH_CONFIG, Association, Membership, unaccented
from organizations.permissions import (
    can_edit_association,
    can_export_register,
    can_manage_memberships,
)
from portal import audit, roles
from portal.caching import DataVersion
from portal.models import User

REGISTER_VERSION_KEY = "organizations:register-version"
# Paths under the register that an association's address must not shadow.
RESERVED_SLUGS = {"uusi", "edustuspyynnot", "vienti"}
M2M_FIELDS = ("categories", "target_groups")
# Fields a profile update may change, in the order the profile form shows them; the rest
# (verification, listing) have services of their own.
PROFILE_FIELDS = (
    "name",
    "business_id",
    "register_number",
    "domicile",
    "founded_year",
    "member_count",
    *M2M_FIELDS,
    "languages",
    "purpose_fi",
    "purpose_sv",
    "purpose_en",
    "activities",
    "how_to_join",
    "accessibility",
    "public_email",
    "public_phone",
    "website",
    "facebook",
    "instagram",
    "other_social",
    "postal_address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "logo",
)


REGISTER = DataVersion(REGISTER_VERSION_KEY)
# Cached fragments of the register pages carry this version in their keys; every change that
# the public register shows bumps it.
register_version = REGISTER.current
bump_register_version = REGISTER.bump


def refresh_search_vector(*, association_ids: list[int] | None = None) -> None:
    """Rebuild the search vectors and search texts of the given associations (all when None).

    Vector weights: A the name, B purpose (in every language) and activities, C domicile,
    categories and target groups; everything unaccented, as the search words are. One UPDATE,
    so that bulk imports and the benchmark data cost one statement.
    """
    where = "" if association_ids is None else "WHERE a.id = ANY(%s)"
    params: list[Any] = [SEARCH_CONFIG] * 3
    if association_ids is not None:
        params.append(list(association_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE organizations_association a SET
                search_vector =
                    setweight(to_tsvector(%s::regconfig, unaccent(coalesce(a.name, ''))), 'A')
                    || setweight(to_tsvector(%s::regconfig, unaccent(
                        concat_ws(' ', terms.purposes, a.activities))), 'B')
                    || setweight(to_tsvector(%s::regconfig, unaccent(
                        concat_ws(' ', a.domicile, terms.categories, terms.groups))), 'C'),
                search_text = lower(unaccent(concat_ws(' ', a.name, a.business_id,
                    nullif(replace(a.business_id, '-', ''), ''), terms.categories, terms.groups,
                    '|', replace(terms.purposes, '|', ' '), replace(a.activities, '|', ' '))))
            FROM organizations_association b
            CROSS JOIN LATERAL (SELECT
                -- The purpose in every language. Read through to_jsonb because the migration
                -- that first fills the search text runs before these columns exist.
                (SELECT concat_ws(' ', coalesce(j->>'purpose_fi', b.purpose), j->>'purpose_sv',
                        j->>'purpose_en') FROM to_jsonb(b) j) AS purposes,
                (SELECT string_agg(concat_ws(' ', c.name, c.name_fi, c.name_sv, c.name_en), ' ')
                   FROM organizations_category c
                   JOIN organizations_association_categories ac ON ac.category_id = c.id
                  WHERE ac.association_id = b.id) AS categories,
                (SELECT string_agg(concat_ws(' ', t.name, t.name_fi, t.name_sv, t.name_en), ' ')
                   FROM organizations_targetgroup t
                   JOIN organizations_association_target_groups at ON at.targetgroup_id = t.id
                  WHERE at.association_id = b.id) AS groups
            ) terms
            WHERE b.id = a.id {where.replace("WHERE", "AND")}
            """,  # noqa: S608  (no user input in the SQL text; values are parameters)
            params,
        )


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """An unused address for an association named `name`."""
    base = slugify(name)[:200] or "yhdistys"
    slug, number = base, 1
    taken = Association.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply_profile(association: Association, data: dict[str, Any]) -> list[str]:
    """Copy profile fields from `data` onto the association; returns the names that changed."""
    changed = []
    if "purpose" in data and not any(field.startswith("purpose_") for field in data):
        # Imports and registrations give one purpose, in the language the person uses (the
        # import's is Finnish); the pages show it in the other languages until translated.
        data = {**data, build_localized_fieldname("purpose", mt_language()): data["purpose"]}
    for field in PROFILE_FIELDS:
        if field not in data or field in M2M_FIELDS:
            continue
        value = data[field]
        if field == "logo" and value is False:
            value = ""
        if value is None and field not in ("founded_year", "logo"):
            value = ""
        if field == "logo" and value is None:
            continue
        if getattr(association, field) != value:
            setattr(association, field, value)
            changed.append(field)
    return changed


def _name_author(association: Association, by: User | None) -> None:
    """simple_history's way to record who made the next saved version."""
    association._history_user = by  # type: ignore[attr-defined]


def _save_validated(association: Association, by: User | None) -> None:
    """Validate (field validators and constraints) and save, recording who changed it."""
    association.full_clean(exclude=["slug"])
    _name_author(association, by)
    association.save()


def _set_relations(association: Association, data: dict[str, Any]) -> list[str]:
    changed = []
    for field in M2M_FIELDS:
        if field not in data:
            continue
        manager = getattr(association, field)
        new = {item.pk for item in data[field]}
        if set(manager.values_list("pk", flat=True)) != new:
            manager.set(list(data[field]))
            changed.append(field)
    return changed


@transaction.atomic
def create_association(*, data: dict[str, Any], by: User | None) -> Association:
    """Add a listed association to the register (the officer's work, or an import)."""
    if not data.get("name"):
        raise ValidationError(_("An association needs a name."), code="name_required")
    association = Association(slug=unique_slug(data["name"]), is_listed=True)
    _apply_profile(association, data)
    _save_validated(association, by)
    _set_relations(association, data)
    refresh_search_vector(association_ids=[association.pk])
    audit.record(actor=by, action="organizations.association_created", target=association)
    bump_register_version()
    return association


@transaction.atomic
def update_association_profile(
    *, association: Association, data: dict[str, Any], by: User | None
) -> Association:
    """Change an association's profile; a representative or the liaison officer may do it.

    `by` is None only for the import command run by an operator.
    """
    if by is not None and not can_edit_association(by, association):
        raise PermissionDenied
    changed = _apply_profile(association, data)
    unverified = _withdraw_verification(association, changed, by)
    if changed:
        _save_validated(association, by)
    changed += _set_relations(association, data)
    if changed:
        refresh_search_vector(association_ids=[association.pk])
        audit.record(
            actor=by,
            action="organizations.profile_updated",
            target=association,
            fields=changed,
        )
        if unverified:
            audit.record(
                actor=by,
                action="organizations.verification_withdrawn",
                target=association,
                fields=unverified,
            )
        bump_register_version()
    return association


# The details the liaison officer checks against the national registers when verifying.
VERIFIED_FIELDS = ("name", "business_id")


def _withdraw_verification(association: Association, changed: list[str], by: User | None) -> list:
    """A representative's change to a checked detail clears the verified mark until the officer
    checks again; returns the checked fields that changed (empty: the mark stays)."""
    unverified = [field for field in VERIFIED_FIELDS if field in changed]
    if not unverified or not association.is_verified or by is None:
        return []
    if can_manage_memberships(by):
        return []
    association.is_verified = False
    association.verified_by = None
    association.verified_at = None
    return unverified


@transaction.atomic
def verify_association(*, association: Association, by: User) -> Association:
    """Mark the association's details as checked by the liaison officer."""
    if not can_manage_memberships(by):
        raise PermissionDenied
    association.is_verified = True
    association.verified_by = by
    association.verified_at = timezone.now()
    _name_author(association, by)
    association.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
    audit.record(actor=by, action="organizations.association_verified", target=association)
    bump_register_version()
    return association


def _open_membership_exists(user: User, association: Association) -> bool:
    return (
        Membership.objects.filter(user=user, association=association)
        .filter(status__in=[Membership.Status.PENDING, Membership.Status.APPROVED])
        .exists()
    )


def _notify_officers(membership: Membership) -> None:
    from organizations.tasks import notify_officers_of_request_task

    notify_officers_of_request_task.delay_on_commit(membership.pk)


@transaction.atomic
def request_membership(
    *, user: User, association: Association, role: str, message: str = ""
) -> Membership:
    """Ask the liaison officer for the right to act for an association."""
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose your role in the association."), code="invalid_role")
    if _open_membership_exists(user, association):
        raise ValidationError(
            _("You already represent this association or have asked to."),
            code="already_requested",
        )
    membership = Membership.objects.create(
        user=user, association=association, role=role, message=message
    )
    audit.record(
        actor=user, action="organizations.membership_requested", target=membership, role=role
    )
    _notify_officers(membership)
    return membership


# Words that do not tell two associations apart: the legal form and its abbreviations.
LEGAL_FORM_WORDS = {"ry", "rf", "r", "y", "f", "yhdistys", "forening", "foreningen"}
# How alike two names' cores must be (difflib's ratio) to be taken for the same association.
DUPLICATE_NAME_RATIO = 0.88


def name_key(name: str) -> str:
    """The name without case, accents, punctuation and legal form: "Kylän Kuoro r.y." →
    "kylankuoro"."""
    words = re.findall(r"[a-z0-9]+", unaccented(name))
    return "".join(word for word in words if word not in LEGAL_FORM_WORDS)


def likely_duplicates_of(names: dict[int | None, str]) -> dict[int | None, list[Association]]:
    """For each name (keyed by its own association's pk, or None for a new one), the listed
    associations with the same or a very similar name; one query for any number of names."""
    keys = {pk: name_key(name) for pk, name in names.items()}
    found: dict[int | None, list[Association]] = {pk: [] for pk in names}
    # difflib caches what it learns of the second sequence: one matcher per name looked for.
    matchers = {
        pk: difflib.SequenceMatcher(None, "", key, autojunk=False)
        for pk, key in keys.items()
        if key
    }
    if not matchers:
        return found
    for association in Association.objects.listed().only("pk", "name", "slug"):
        other = name_key(association.name)
        if not other:
            continue
        for pk, matcher in matchers.items():
            if pk == association.pk:
                continue
            matcher.set_seq1(other)
            if keys[pk] == other or (
                matcher.real_quick_ratio() >= DUPLICATE_NAME_RATIO
                and matcher.quick_ratio() >= DUPLICATE_NAME_RATIO
                and matcher.ratio() >= DUPLICATE_NAME_RATIO
            ):
                found[pk].append(association)
    return found


def likely_duplicates(name: str) -> list[Association]:
    """Listed associations whose name is the same as, or very like, `name`."""
    return likely_duplicates_of({None: name})[None]


def pending_with_duplicates(memberships) -> list[Membership]:
    """The requests, each new association's likely duplicates in the register set on it as
    `likely_duplicates`; one query more, however many requests there are."""
    memberships = list(memberships)
    new = {m.association.pk: m.association.name for m in memberships if not m.association.is_listed}
    found = likely_duplicates_of(new) if new else {}
    for membership in memberships:
        membership.association.likely_duplicates = found.get(membership.association.pk, [])
    return memberships


@transaction.atomic
def register_association(
    *, by: User, name: str, role: str, message: str = "", **profile: Any
) -> Membership:
    """Add a new association, unlisted until the officer approves the user's membership."""
    if not name.strip():
        raise ValidationError(_("An association needs a name."), code="name_required")
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose your role in the association."), code="invalid_role")
    association = Association(slug=unique_slug(name), name=name.strip(), is_listed=False)
    _apply_profile(association, profile)
    _save_validated(association, by)
    _set_relations(association, profile)
    refresh_search_vector(association_ids=[association.pk])
    audit.record(actor=by, action="organizations.association_registered", target=association)
    membership = Membership.objects.create(
        user=by, association=association, role=role, message=message
    )
    audit.record(
        actor=by, action="organizations.membership_requested", target=membership, role=role
    )
    _notify_officers(membership)
    return membership


def _forget_roles(*memberships: Membership) -> None:
    """Drop cached roles on every loaded copy of the member, so a new right shows at once."""
    for membership in memberships:
        user = membership._state.fields_cache.get("user")
        if user is not None:
            roles.forget(user)


def _lock_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().select_related("association", "user")
    membership = locked.get(pk=membership.pk)
    if membership.status != Membership.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="not_pending")
    return membership


@transaction.atomic
def approve_membership(*, membership: Membership, by: User) -> Membership:
    """Give the user the right to act for the association; a new association gets listed."""
    from organizations.tasks import send_membership_decision_task

    if not can_manage_memberships(by):
        raise PermissionDenied
    requested, membership = membership, _lock_pending(membership)
    membership.status = Membership.Status.APPROVED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    association = membership.association
    if not association.is_listed:
        association.is_listed = True
        _name_author(association, by)
        association.save(update_fields=["is_listed", "updated_at"])
        bump_register_version()
    audit.record(actor=by, action="organizations.membership_approved", target=membership)
    send_membership_decision_task.delay_on_commit(membership.pk)
    _forget_roles(requested, membership)
    return membership


@transaction.atomic
def reject_membership(*, membership: Membership, by: User, reason: str) -> Membership:
    """Refuse a request to represent an association; the user is told the reason."""
    from organizations.tasks import send_membership_decision_task

    if not can_manage_memberships(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Write the reason for the rejection."), code="reason_required")
    requested, membership = membership, _lock_pending(membership)
    membership.status = Membership.Status.REJECTED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.decision_reason = reason.strip()
    membership.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(
        actor=by, action="organizations.membership_rejected", target=membership, reason=reason
    )
    send_membership_decision_task.delay_on_commit(membership.pk)
    _forget_roles(requested, membership)
    return membership


@transaction.atomic
def end_membership(*, membership: Membership, by: User) -> Membership:
    """End a representative's right to act for the association (by themselves or the officer)."""
    if by.pk != membership.user_id and not can_manage_memberships(by):
        raise PermissionDenied
    if membership.status != Membership.Status.APPROVED:
        raise ValidationError(_("Only an approved membership can end."), code="not_approved")
    membership.status = Membership.Status.ENDED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor=by, action="organizations.membership_ended", target=membership)
    _forget_roles(membership)
    if by.pk == membership.user_id:
        roles.forget(by)
    return membership


def export_register(*, fmt: str, by: User) -> tuple[bytes, str]:
    """The register as CSV or XLSX bytes with its content type; the export is audit logged."""
    from organizations import export

    if not can_export_register(by):
        raise PermissionDenied
    content, content_type = export.FORMATS[fmt](export.rows())
    audit.record(actor=by, action="organizations.register_exported", format=fmt)
    return content, content_type
