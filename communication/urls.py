from django.urls import path

from communication.caching import cached_for_anonymous
from communication.feeds import NewsFeed
from communication.views import messages, news, subscriptions

app_name = "communication"

urlpatterns = [
    path("uutiset/", news.news_list, name="news_list"),
    path("uutiset/atom.xml", cached_for_anonymous(NewsFeed()), name="news_feed"),
    path("uutiset/<int:pk>/", news.news_detail, name="news_detail"),
    path("uutiset/uusi/", news.news_create, name="news_create"),
    path("uutiset/omat/", news.my_news, name="my_news"),
    path("uutiset/<int:pk>/muokkaa/", news.news_edit, name="news_edit"),
    path("uutiset/moderointi/", news.news_moderation, name="news_moderation"),
    path("uutiset/<int:pk>/moderoi/", news.news_decide, name="news_decide"),
    path("viestit/", messages.message_list, name="message_list"),
    path("viestit/uusi/", messages.message_create, name="message_create"),
    path("viestit/<int:pk>/", messages.message_detail, name="message_detail"),
    path("viestit/<int:pk>/muokkaa/", messages.message_edit, name="message_edit"),
    path("viestit/<int:pk>/laheta/", messages.message_send, name="message_send"),
    path("viestit/<int:pk>/tila/", messages.message_progress, name="message_progress"),
    path("viestit/arkisto/", messages.message_archive, name="message_archive"),
    path("viestit/arkisto/<int:pk>/", messages.message_read, name="message_read"),
    path("tilaukset/", subscriptions.subscribe, name="subscribe"),
    path("tilaukset/lahetetty/", subscriptions.subscribe_sent, name="subscribe_sent"),
    path(
        "tilaukset/vahvista/<str:token>/",
        subscriptions.subscription_confirm,
        name="subscription_confirm",
    ),
    path("tilaukset/peru/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("tilaukset/maarat/", subscriptions.subscription_counts, name="subscription_counts"),
]
