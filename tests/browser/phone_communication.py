"""The news, message and subscription pages in the phone-width check (test_phone_widths.py)."""

from communication import services
from communication.models import Message
from tests.communication.factories import MessageFactory, NewsFactory, SubscriptionFactory

# Files and feeds, the progress fragment the message page fetches, and a POST-only button.
NOT_PAGES = {
    "communication:news_feed",
    "communication:message_progress",
}

LONG_WORD = "Yhdistystoimintaavustushakemuskäsittelyjärjestelmäkehittämisprojekti"


def phone_data(data) -> dict:
    news = NewsFactory(title_fi=f"Uutinen {LONG_WORD}", body_fi=f"Teksti {LONG_WORD}")
    pending = NewsFactory(pending=True, association=data["association"], title_fi=LONG_WORD)
    draft = MessageFactory(subject_fi=f"Luonnos {LONG_WORD}", created_by=data["officer"])
    sent = MessageFactory(subject_fi=f"Tiedote {LONG_WORD}", body_fi=LONG_WORD)
    services.send_message(message=sent, by=data["officer"])
    sent.refresh_from_db()
    subscriber = SubscriptionFactory(subscriber__email="puhelin@example.fi").subscriber
    return {
        "news": news,
        "pending": pending,
        "draft": draft,
        "sent": sent,
        "unsubscribe": services.unsubscribe_token(subscriber),
        "status": Message.Status.SENT,
    }


def journeys(data, own) -> list:
    news = {"pk": own["news"].pk}
    pending = {"pk": own["pending"].pk}
    draft = {"pk": own["draft"].pk}
    sent = {"pk": own["sent"].pk}
    return [
        (None, "communication:news_list", {}, ""),
        (None, "communication:news_detail", news, ""),
        (None, "communication:subscribe", {}, ""),
        (None, "communication:subscribe_sent", {}, ""),
        (None, "communication:subscription_confirm", {"token": "abc"}, ""),
        (None, "communication:unsubscribe", {"token": own["unsubscribe"]}, ""),
        ("rep", "communication:my_news", {}, ""),
        ("rep", "communication:news_create", {}, ""),
        ("rep", "communication:news_edit", pending, ""),
        ("rep", "communication:message_archive", {}, ""),
        ("rep", "communication:message_read", sent, ""),
        ("officer", "communication:news_moderation", {}, ""),
        ("officer", "communication:news_decide", pending, ""),
        ("officer", "communication:message_list", {}, ""),
        ("officer", "communication:message_create", {}, ""),
        ("officer", "communication:message_edit", draft, ""),
        ("officer", "communication:message_send", draft, ""),
        ("officer", "communication:message_detail", sent, ""),
        ("officer", "communication:subscription_counts", {}, ""),
    ]
