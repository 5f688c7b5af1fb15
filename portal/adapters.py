from allauth.account.adapter import DefaultAccountAdapter

from portal.tasks import send_email_task


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) leave through a task, not the request."""

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
