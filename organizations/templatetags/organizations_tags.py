from django import template
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import get_language

from organizations.models import Category, Membership
from organizations.services import register_version

register = template.Library()


@register.simple_tag
def pending_membership_count() -> int:
    """Requests waiting for the liaison officer's decision (one query)."""
    return Membership.objects.pending().count()


@register.simple_tag
def register_categories() -> list[dict]:
    """Categories with the number of listed associations in each; cached until the register
    changes, so the info hub does not count on every visit."""
    key = f"organizations:hub-categories:{get_language()}:{register_version()}"
    categories = cache.get(key)
    if categories is None:
        categories = [
            {"slug": category.slug, "name": category.name, "count": category.count}
            for category in Category.objects.annotate(
                count=Count("associations", filter=Q(associations__is_listed=True))
            )
        ]
        cache.set(key, categories, 300)
    return categories
