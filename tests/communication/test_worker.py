"""Two workers sending the same message at once never send an address twice."""

import threading

import pytest
from django.core import mail
from django.db import connection

from communication import services
from communication.models import Delivery
from tests.communication.factories import MessageFactory
from tests.factories import AssociationFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_sending_the_same_message_at_once_send_each_address_once(monkeypatch):
    officer = UserFactory()
    RoleGrantFactory(user=officer)
    AssociationFactory.create_batch(40)
    message = MessageFactory()
    monkeypatch.setattr(services, "_queue_sending", lambda **kwargs: None)
    services.send_message(message=message, by=officer)

    def work():
        try:
            services.send_batch(message_id=message.pk, size=100)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    addressed = [sent.to[0] for sent in mail.outbox]
    assert len(addressed) == 40
    assert len(set(addressed)) == 40
    assert not Delivery.objects.filter(status=Delivery.Status.WAITING).exists()
