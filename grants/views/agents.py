"""Association agents: the representative invites and withdraws; the agent sees their work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from grants import permissions
from grants.agent_forms import AgentInvitationForm
from grants.models import AgentInvitation, GrantApplication
from grants.services.agents import invite_agent, withdraw_agent_invitation
from grants.views.applicant import confirm_page
from organizations.models import Association
from portal import roles
from portal.access_log import record_access


@login_required
def agent_invitations(request, pk):
    """The association's invitations to agents, and the form to invite one."""
    association = get_object_or_404(Association, pk=pk)
    if not permissions.can_view_agent_invitations(request.user, association):
        raise PermissionDenied
    can_invite = permissions.can_invite_agent(request.user, association)
    if not can_invite:
        record_access(request, what="grants.agent_invitations", target=association)
    form = None
    if can_invite:
        initial = {}
        if request.GET.get("application", "").isdigit():
            initial["application"] = int(request.GET["application"])
        form = AgentInvitationForm(
            request.POST if request.method == "POST" else None,
            association=association,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                invitation = invite_agent(
                    association=association,
                    agent=data["agent"],
                    application=data["application"],
                    valid_until=data["valid_until"],
                    message=data["message"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(agent)s may now help. You can withdraw the invitation at any time.")
                    % {"agent": invitation.agent.get_full_name() or invitation.agent.email},
                )
                return redirect("grants:agent_invitations", pk=association.pk)
    elif request.method == "POST":
        raise PermissionDenied
    invitations = association.agent_invitations.select_related(
        "agent", "application", "invited_by", "withdrawn_by"
    )[:100]
    return render(
        request,
        "grants/agent_invitations.html",
        {
            "association": association,
            "form": form,
            "invitations": invitations,
            "can_invite": can_invite,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def agent_invitation_withdraw(request, pk):
    """Ask first, then end the agent's access."""
    invitation = get_object_or_404(
        AgentInvitation.objects.select_related("association", "agent", "application"), pk=pk
    )
    if not permissions.can_invite_agent(request.user, invitation.association):
        raise PermissionDenied
    back = redirect("grants:agent_invitations", pk=invitation.association_id)
    refusal = None
    if request.method == "POST":
        try:
            withdraw_agent_invitation(invitation=invitation, by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("The invitation was withdrawn."))
            return back
    elif not invitation.is_active:
        refusal = _("The invitation is no longer in force.")
    agent = invitation.agent.get_full_name() or invitation.agent.email
    return confirm_page(
        request,
        heading=_("Withdraw the invitation?"),
        subject=f"{invitation.association.name}: {agent}",
        consequences=[
            _("The agent can no longer read or edit the association's draft applications."),
            _("What the agent has already saved stays in the drafts."),
        ],
        confirm_label=_("Withdraw the invitation"),
        cancel_url=back.url,
        refusal=refusal,
        status=400 if refusal and request.method == "POST" else 200,
    )


@login_required
def agent_work(request):
    """The agent's own page: the associations that have asked for help, and their drafts."""
    if not roles.is_association_agent(request.user):
        raise PermissionDenied
    invitations = list(
        AgentInvitation.objects.active()
        .filter(agent=request.user)
        .select_related("association", "application", "invited_by")
    )
    drafts = (
        GrantApplication.objects.filter(AgentInvitation.objects.helped_applications(request.user))
        .select_related("association", "grant_round")
        .order_by("association__name", "-pk")
    )
    return render(
        request,
        "grants/agent_work.html",
        {"invitations": invitations, "drafts": list(drafts[:200])},
    )
