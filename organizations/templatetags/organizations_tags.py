from html import escape

from django import template
from django.core.cache import cache
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.models import Category, Membership, RegisterCount
from organizations.services import register_version
from portal import roles
from portal.database import CompiledStatements
from portal.links import Urls
from portal.tally import WAITING

register = template.Library()

# The home page's figures, with SQL compiled once per worker: putting a queryset together
# cost more than its query (portal.database.CompiledStatements).
HUB = CompiledStatements(size=8, prepared=True)
MEMBERSHIP_REQUESTS = WAITING.count(
    "membership requests",
    lambda: Membership.objects.pending(),
    shown_to=roles.is_liaison_officer,
)


@register.simple_tag(takes_context=True)
def pending_membership_count(context) -> int | None:
    """Requests waiting for the liaison officer's decision; None for anyone else."""
    return MEMBERSHIP_REQUESTS.read(context.request)


def _categories_with_counts():
    # The counts the database keeps for the whole register, not a count of the links.
    kept = RegisterCount.objects.filter(
        facet=RegisterCount.Facet.CATEGORY, value=Cast(OuterRef("pk"), CharField())
    )
    return Category.objects.annotate(count=Coalesce(Subquery(kept.values("count")), 0))


@register.simple_tag
def register_categories() -> list[dict]:
    """Categories with the number of listed associations in each; cached until the register
    changes, so the info hub does not count on every visit."""
    key = f"organizations:hub-categories:{get_language()}:{register_version()}"
    categories = cache.get(key)
    if categories is None:
        # Ordered by name in the visitor's language.
        counted = HUB.instances(get_language(), _categories_with_counts, Category)
        categories = [
            {"slug": category.slug, "name": category.name, "count": category.count}
            for category in counted
        ]
        cache.set(key, categories, 300)
    return categories


# The register page builds its rows and checkboxes in Python: 25 rows and some thirty choices
# through the template language cost more than the page's queries (docs/performance.md).
# Everything from the data is escaped with html.escape, which format_html would call too.


@register.simple_tag
def register_rows(associations) -> SafeString:
    """The register's table rows; the associations come from `with_list_data()`."""
    detail = Urls("organizations:association_detail")
    verified_word = escape(_("verified"))
    verified = f' <span class="badge-verified">✓ {verified_word}</span>'
    rows = (
        "<tr>"
        f'<th scope="row"><a href="{escape(detail(association.slug))}">'
        f"{escape(association.name)}</a>{verified if association.is_verified else ''}</th>"
        "<td>"
        + "".join(f'<span class="tag">{escape(name)}</span>' for name in association.category_names)
        + f"</td><td>{escape(association.domicile)}</td>"
        # As the truncatewords:20 filter shortens it.
        f"<td>{escape(Truncator(association.purpose).words(20, truncate=' …'))}</td>"
        "</tr>"
        for association in associations
    )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped above


@register.simple_tag
def register_facets(facets) -> SafeString:
    """A fieldset of checkboxes per facet (RegisterPage.facets) with its choices' counts."""
    parts = []
    for facet in facets:
        if not facet["choices"]:
            continue
        name = escape(facet["name"])
        parts.append(f'<fieldset class="field">\n<legend>{escape(str(facet["label"]))}</legend>')
        parts.extend(
            f'<div><input type="checkbox" name="{name}" value="{escape(choice["value"])}"'
            f' id="{escape(choice["id"])}"{" checked" if choice["checked"] else ""}>'
            f' <label for="{escape(choice["id"])}">{escape(str(choice["label"]))}'
            f' <span class="muted">({number_format(choice["count"])})</span></label></div>'
            for choice in facet["choices"]
        )
        parts.append("</fieldset>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value is escaped above
