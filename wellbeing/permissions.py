"""Who may do what in the wellbeing app. Views ask these; role questions go to portal.roles.

Input rounds: the liaison officer opens, closes and publishes rounds, reads every answer, marks
quotations and exports. A representative answers for the associations they represent, while the
round is open; once sent, only the officer can return an answer to a draft. Council members read
the answers and summaries and write nothing. Everyone sees the published summaries.
"""

from organizations.models import Association
from portal import roles
from wellbeing.models import InputAnswer, InputRound


def can_manage_rounds(user) -> bool:
    return roles.is_liaison_officer(user)


def can_read_answers(user) -> bool:
    """The officer and council members read every association's answers."""
    return roles.is_council_member(user)


def can_answer_for(user, association: Association | int) -> bool:
    return roles.represents(user, association)


def can_view_round(user, input_round: InputRound) -> bool:
    if input_round.status == InputRound.Status.PUBLISHED:
        return True
    if input_round.status == InputRound.Status.DRAFT:
        return can_manage_rounds(user)
    return can_read_answers(user) or bool(roles.represented_association_ids(user))


def can_view_answer(user, answer: InputAnswer) -> bool:
    return can_read_answers(user) or can_answer_for(user, answer.association_id)


def can_edit_answer(user, answer: InputAnswer) -> bool:
    """A representative goes on with the association's draft while the round takes answers."""
    return (
        not answer.is_submitted
        and can_answer_for(user, answer.association_id)
        and answer.round.accepts_answers()
    )


def can_reopen_answer(user, answer: InputAnswer) -> bool:
    return (
        can_manage_rounds(user)
        and answer.is_submitted
        and answer.round.status == InputRound.Status.OPEN
    )


def can_mark_quotations(user) -> bool:
    return can_manage_rounds(user)


# The yearly follow-up: the liaison officer keeps the self-assessment, the marks' figures and
# the survey; a representative answers the survey for the associations they represent; council
# members read the results (with the free texts) and write nothing. Single answers, with the
# association's name, are the officer's only (and the answering association's own).


def can_manage_followup(user) -> bool:
    return roles.is_liaison_officer(user)


def can_read_survey_results(user) -> bool:
    """The results with the free texts and the exports: the officer and council members."""
    return roles.is_council_member(user)


def can_read_single_responses(user) -> bool:
    return roles.is_liaison_officer(user)


def can_answer_survey_for(user, association: Association | int) -> bool:
    return roles.represents(user, association)


def can_view_survey_response(user, response) -> bool:
    return can_read_single_responses(user) or roles.represents(user, response.association_id)
