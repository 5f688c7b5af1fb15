from django import template

from portal import roles

register = template.Library()


@register.simple_tag
def is_association_agent(user) -> bool:
    return roles.is_association_agent(user)
