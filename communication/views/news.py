"""News: the public list, a news item and the Atom feed; writing and moderating news."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from communication import services
from communication.caching import cached_for_anonymous
from communication.forms import NewsForm, ReturnForm
from communication.models import News
from communication.permissions import (
    can_decide_news,
    can_edit_news,
    can_moderate_news,
    can_view_news,
    can_write_news,
)
from portal import roles

PAGE_SIZE = 20
# json.dumps leaves these as they are; inside <script> they could end the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@cached_for_anonymous
def news_list(request):
    """Published news, newest first."""
    news = News.objects.published().with_list_data().order_by("-published_at", "-pk")
    page = Paginator(news, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/news_list.html",
        {
            "page_obj": page,
            "news_list": page.object_list,
            "can_write": can_write_news(request.user),
        },
    )


def json_ld(news: News, request) -> SafeString:
    """schema.org NewsArticle for search engines, escaped so that no text can end the script."""
    from django.conf import settings

    publisher = {"@type": "Organization", "name": settings.MUNICIPALITY_NAME}
    author = (
        {
            "@type": "Organization",
            "name": news.association.name,
            "url": request.build_absolute_uri(news.association.get_absolute_url()),
        }
        if news.association
        else publisher
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": news.title[:110],
        "description": news.lead,
        "articleBody": news.body,
        "datePublished": news.published_at.isoformat() if news.published_at else None,
        "dateModified": news.updated_at.isoformat(),
        "url": request.build_absolute_uri(news.get_absolute_url()),
        "mainEntityOfPage": request.build_absolute_uri(news.get_absolute_url()),
        "author": author,
        "publisher": publisher,
        "inLanguage": request.LANGUAGE_CODE,
    }
    if news.image:
        data["image"] = request.build_absolute_uri(news.image.url)
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@cached_for_anonymous
def news_detail(request, pk):
    news: News = get_object_or_404(News.objects.select_related("association"), pk=pk)
    if not can_view_news(request.user, news):
        raise Http404
    return render(
        request,
        "communication/news_detail.html",
        {
            "news": news,
            "json_ld": json_ld(news, request) if news.is_published else "",
            "can_edit": can_edit_news(request.user, news),
            "can_decide": can_decide_news(request.user, news),
        },
    )


@login_required
def my_news(request):
    """The news of the user's associations (the officer: all not yet published), any status."""
    if can_moderate_news(request.user):
        news = News.objects.exclude(status=News.Status.PUBLISHED)
    else:
        news = News.objects.filter(association__in=roles.represented_association_ids(request.user))
    news = news.with_list_data().order_by("-created_at", "-pk")
    page = Paginator(news, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/my_news.html",
        {
            "page_obj": page,
            "news_list": page.object_list,
            "can_write": can_write_news(request.user),
        },
    )


def _form_page(request, form, news=None):
    return render(request, "communication/news_form.html", {"form": form, "news": news})


def _saved(request, news: News):
    texts: dict[str, str] = {
        News.Status.DRAFT: _("The news item was saved as a draft."),
        News.Status.PENDING: _("The news item was sent to the liaison officer for publishing."),
        News.Status.PUBLISHED: _("The news item is published."),
    }
    messages.success(request, texts.get(news.status, _("The news item was saved.")))
    return redirect(news)


@login_required
def news_create(request):
    if not can_write_news(request.user):
        raise PermissionDenied
    form = NewsForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            news = services.save_news(
                news=form.instance, by=request.user, publish="draft" not in request.POST
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, news)
    return _form_page(request, form)


@login_required
def news_edit(request, pk):
    news = get_object_or_404(News.objects.visible_to(request.user), pk=pk)
    if not can_edit_news(request.user, news):
        raise PermissionDenied
    form = NewsForm(request.POST or None, request.FILES or None, instance=news, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_news(
                news=form.instance, by=request.user, publish="draft" not in request.POST
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(request, saved)
    return _form_page(request, form, news)


@login_required
def news_moderation(request):
    if not can_moderate_news(request.user):
        raise PermissionDenied
    pending = (
        News.objects.filter(status=News.Status.PENDING).with_list_data().order_by("created_at")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communication/news_moderation.html",
        {"page_obj": page, "news_list": page.object_list},
    )


@login_required
def news_decide(request, pk):
    """Publish or return an association's news; returning needs a reason."""
    news: News = get_object_or_404(News.objects.select_related("association"), pk=pk)
    if not can_decide_news(request.user, news):
        raise PermissionDenied
    form = ReturnForm(request.POST if "return" in request.POST else None)
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                services.publish_news(news=news, by=request.user)
                messages.success(request, _("The news item is published."))
                return redirect("communication:news_moderation")
            if form.is_valid():
                services.return_news(news=news, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(request, _("The news item was returned to the association."))
                return redirect("communication:news_moderation")
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("communication:news_moderation")
    return render(request, "communication/news_decide.html", {"news": news, "form": form})
