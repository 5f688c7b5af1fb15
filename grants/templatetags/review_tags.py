"""The officer's side of the grants: the ranking's rows."""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def ranking_rows(applications, disqualified, over_budget, proposal, none_yet) -> SafeString:
    """The ranking's rows (grants.views.review.RankedApplication), written as the template
    loop wrote them: the loop over a page's 25 rows of seven cells cost more than its query.
    The words come translated (and escaped) from the template; the row's texts are plain
    strings, escaped as Django's escape() does without its check for lazy texts."""
    if not applications:
        return mark_safe(  # noqa: S308 - the only text is escaped
            f'\n        <tr><td colspan="7">{conditional_escape(none_yet)}</td></tr>\n      '
        )
    disqualified = f'<span data-testid="disqualified">{conditional_escape(disqualified)}</span>'
    over_budget = f" ({conditional_escape(over_budget)})"
    proposal = f" ({conditional_escape(proposal)})"
    rows = []
    for row in applications:
        if row.user_is_disqualified:
            score = disqualified
        elif row.average_score_text:
            score = conditional_escape(row.average_score_text)
        else:
            score = "–"
        if row.decision_amount_text:
            decision = f"{escape(row.decision_amount_text)} €"
            if not row.decision_is_final:
                decision += proposal
        else:
            decision = "–"
        rows.append(
            f'\n        <tr data-testid="ranking-row-{row.pk}">\n'
            f'          <th scope="row"><a href="{escape(row.url)}">'
            f"{escape(row.association_name)}: {escape(row.title)}</a></th>\n"
            f"          <td>{escape(row.status_label)}</td>\n"
            f'          <td class="num">{escape(row.amount_requested_text)} €</td>\n'
            f'          <td class="num">{escape(row.total_costs_text)} €</td>\n'
            f'          <td class="num">{score}</td>\n'
            f'          <td class="num">{escape(row.cumulative_text)} €'
            f"{'' if row.within_budget else over_budget}</td>\n"
            f'          <td class="num">{decision}</td>\n'
            "        </tr>\n      "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value in the rows is escaped
