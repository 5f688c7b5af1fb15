"""Volunteering and sharing pages in the phone-width check (tests/browser/test_phone_widths.py)."""

from tests.factories import AssociationFactory
from tests.volunteering.factories import (
    AnswerFactory,
    OfferFactory,
    ShareRequestFactory,
    TaskFactory,
)

LONG_WORD = "Vapaaehtoistoimintakoordinaattorikoulutusohjelmakokonaisuus"

# Every page of the part is visited below.
NOT_PAGES: set[str] = set()


def phone_data(data) -> dict:
    """A task of the data's association with a long title and answers; a tent of another
    association requested by the data's association, and an offer of the data's own."""
    association = data["association"]
    task = TaskFactory(
        association=association,
        title=f"Talkoot {LONG_WORD}",
        place=f"{LONG_WORD}, Kylätie 3",
        suits=["adults", "seniors", "beginners"],
        languages=["fi", "sv"],
        is_accessible=True,
        description=f"{LONG_WORD} " * 10,
    )
    answer = AnswerFactory(task=task, message=f"{LONG_WORD} " * 5, accepted=True)
    pending = AnswerFactory(task=task, email=f"{LONG_WORD.lower()}@example.fi")
    other = AssociationFactory(name=f"{LONG_WORD} ry")
    tent = OfferFactory(association=other, title=f"Juhlateltta {LONG_WORD}")
    share_request = ShareRequestFactory(
        offer=tent, association=association, requested_by=data["rep"], accepted=True
    )
    own_offer = OfferFactory(association=association, skill=True)
    return {
        "task": task,
        "answer": answer,
        "pending": pending,
        "tent": tent,
        "request": share_request,
        "own_offer": own_offer,
    }


def journeys(data, own) -> list[tuple]:
    task = {"pk": own["task"].pk}
    return [
        (None, "volunteering:task_list", {}, ""),
        (None, "volunteering:task_detail", task, ""),
        (None, "volunteering:task_answer", task, ""),
        (None, "volunteering:answer_status", {"token": own["answer"].token}, ""),
        (None, "volunteering:offer_list", {}, ""),
        (None, "volunteering:offer_detail", {"pk": own["tent"].pk}, ""),
        ("rep", "volunteering:my_tasks", {}, ""),
        ("rep", "volunteering:task_create", {}, ""),
        ("rep", "volunteering:task_edit", task, ""),
        ("rep", "volunteering:task_close", task, ""),
        ("rep", "volunteering:task_answers", task, ""),
        ("rep", "volunteering:answer_decide", {"pk": own["pending"].pk}, ""),
        ("rep", "volunteering:my_sharing", {}, ""),
        ("rep", "volunteering:offer_create", {}, ""),
        ("rep", "volunteering:offer_edit", {"pk": own["own_offer"].pk}, ""),
        ("rep", "volunteering:offer_request", {"pk": own["tent"].pk}, ""),
        ("rep", "volunteering:request_detail", {"pk": own["request"].pk}, ""),
        ("officer", "volunteering:figures", {}, ""),
    ]
