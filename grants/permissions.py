"""Who may do what with grants. Views ask these; role questions go to portal.roles."""

from django.db.models import Q

from grants.models import (
    AgentInvitation,
    DisqualificationDeclaration,
    GrantApplication,
    GrantRound,
    Payment,
)
from portal import roles


def can_manage_round(user, grant_round: GrantRound) -> bool:
    """The sector's officer (or the liaison officer) runs the round's review and decisions."""
    return roles.is_sector_officer(user, grant_round.programme.sector)


def can_create_round(user) -> bool:
    return roles.is_sector_officer(user)


def criteria_locked(grant_round: GrantRound) -> bool:
    """Criteria and questions are fixed once anyone has submitted: changing them would be unfair."""
    return grant_round.applications.exclude(status=GrantApplication.Status.DRAFT).exists()


def is_round_reviewer(user, grant_round: GrantRound) -> bool:
    if not user.is_authenticated:
        return False
    return (
        can_manage_round(user, grant_round)
        or grant_round.reviewer_assignments.filter(reviewer=user).exists()
    )


def can_see_round_applications(user, grant_round: GrantRound) -> bool:
    return is_round_reviewer(user, grant_round)


def declaration_of(user, application: GrantApplication) -> DisqualificationDeclaration | None:
    if not user.is_authenticated:
        return None
    return DisqualificationDeclaration.objects.filter(
        reviewer=user, application=application
    ).first()


def must_declare(user, application: GrantApplication) -> bool:
    """A reviewer who has not yet said whether they are disqualified must do so first."""
    return (
        application.status != GrantApplication.Status.DRAFT
        and is_round_reviewer(user, application.grant_round)
        and not roles.represents(user, application.association)
        and declaration_of(user, application) is None
    )


def may_review(user, application: GrantApplication) -> bool:
    """A reviewer of the round who declared no disqualification, on a submitted application."""
    if application.status == GrantApplication.Status.DRAFT:
        return False
    if not is_round_reviewer(user, application.grant_round):
        return False
    if roles.represents(user, application.association):
        return False
    declaration = declaration_of(user, application)
    return declaration is not None and not declaration.is_disqualified


def can_help_with(user, application: GrantApplication) -> bool:
    """An association agent whom the association has invited to help with this draft (alone,
    or with all its applications for a period) and who has not been withdrawn."""
    if application.status != GrantApplication.Status.DRAFT:
        return False
    if not roles.is_association_agent(user):
        return False
    return (
        AgentInvitation.objects.active()
        .filter(agent=user, association_id=application.association_id)
        .filter(Q(application=application) | Q(application__isnull=True))
        .exists()
    )


def can_view_application(user, application: GrantApplication) -> bool:
    return (
        roles.represents(user, application.association)
        or may_review(user, application)
        or can_help_with(user, application)
    )


def can_edit_application(user, application: GrantApplication) -> bool:
    """The association's representatives, and an invited agent while it is a draft; only the
    representatives submit, withdraw or decline."""
    if not application.is_editable:
        return False
    return roles.represents(user, application.association) or can_help_with(user, application)


def can_submit_application(user, application: GrantApplication) -> bool:
    return roles.represents(user, application.association) and application.is_editable


def can_invite_agent(user, association) -> bool:
    """The association's representatives choose whom to ask for help, and withdraw it."""
    return roles.represents(user, association)


def can_view_agent_invitations(user, association) -> bool:
    """The association's representatives, and the liaison officer who works with the agents."""
    return roles.represents(user, association) or roles.is_liaison_officer(user)


def can_score(user, application: GrantApplication) -> bool:
    return (
        application.status == GrantApplication.Status.IN_REVIEW
        and application.grant_round.criteria.exists()
        and may_review(user, application)
    )


def can_decide(user, application: GrantApplication) -> bool:
    return can_manage_round(user, application.grant_round) and may_review(user, application)


def is_declinable(application: GrantApplication) -> bool:
    """A grant can be given up until any of it has been paid."""
    return (
        application.status == GrantApplication.Status.DECIDED
        and application.decision.amount > 0
        and not application.decision.payments.filter(status=Payment.Status.PAID).exists()
    )


def can_decline(user, application: GrantApplication) -> bool:
    return roles.represents(user, application.association) and is_declinable(application)


def can_mark_paid(user, application: GrantApplication) -> bool:
    """Those who decide the round's grants record their payments."""
    return can_decide(user, application)


def can_report_use(user, application: GrantApplication) -> bool:
    return (
        roles.represents(user, application.association)
        and application.status == GrantApplication.Status.DECIDED
        and application.decision.amount > 0
    )


def can_review_use_report(user, application: GrantApplication) -> bool:
    return can_manage_round(user, application.grant_round)


def can_view_figures(user) -> bool:
    """The aggregate figures are for the municipality's officers and the council."""
    return roles.is_sector_officer(user) or roles.is_council_member(user)
