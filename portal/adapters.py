from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from portal.mail import render_subject, render_text
from portal.tasks import send_email_task


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mail templates call `current_site`: the portal's name and address.

    The portal does not use django.contrib.sites, so without this the mails would name the
    request's host, or nothing at all when no request is at hand.
    """

    name: str
    domain: str


def portal_site() -> PortalSite:
    """The portal as its e-mails name it, in the active language, at its public address."""
    portal = _("Associations' portal")
    return PortalSite(
        name=f"{settings.MUNICIPALITY_NAME} – {portal}", domain=urlsplit(settings.SITE_URL).netloc
    )


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) leave through a task, not the request."""

    def render_mail(self, template_prefix, email, context, headers=None):
        """The subject and the text body are plain text (portal.mail); an HTML body is escaped."""
        request = allauth_context.request
        context = {**context, "current_site": portal_site()}
        subject = render_subject(f"{template_prefix}_subject.txt", context, request)
        message = EmailMultiAlternatives(
            self.format_email_subject(subject),
            render_text(f"{template_prefix}_message.txt", context, request).strip(),
            self.get_from_email(),
            [email] if isinstance(email, str) else email,
            headers=headers,
        )
        try:
            html = render_to_string(f"{template_prefix}_message.html", context, request)
        except TemplateDoesNotExist:
            pass
        else:
            message.attach_alternative(html.strip(), "text/html")
        return message

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )  # fmt: skip
        send_email_task.delay_on_commit(
            subject=message.subject,
            body=message.body,
            to=message.to,
            html=html,
            from_email=message.from_email,
        )
