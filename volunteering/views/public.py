"""Pages anyone may open: the volunteer tasks, answering one, and the associations' offers."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.database import CompiledStatements
from portal.paging import kept_page
from volunteering import permissions, services
from volunteering.caching import cached_for_anonymous
from volunteering.filters import OfferFilter, TaskFilter
from volunteering.forms import AnswerForm
from volunteering.models import Answer, Offer, Task, TaskQuerySet

PAGE_SIZE = 20
# The task list's filter combinations most recently asked for, compiled (portal.paging).
TASK_STATEMENTS = CompiledStatements(size=500)


def query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def _filtered(request, filter_class, queryset):
    """The filter set of the request; bad values are left out and said, with a 400."""
    filterset = filter_class(request.GET or None, queryset=queryset)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        messages.error(request, _("Some filters were not understood; they are left out."))
    return filterset, status


@cached_for_anonymous
def task_list(request):
    """Open volunteer tasks, newest first; expired ones have left by their date."""
    filterset, status = _filtered(request, TaskFilter, Task.objects.public())
    # The list is cut at today's date, which is among the compiled query's parameters.
    key = (filterset.values_key(), timezone.localdate())
    page = kept_page(
        TASK_STATEMENTS,
        key,
        lambda: filterset.qs,
        request.GET.get("page"),
        PAGE_SIZE,
        model=Task,
        # The count reads the tasks alone, not their associations' names.
        read_as=lambda tasks: cast(TaskQuerySet, tasks).with_list_data(),
    )
    return render(
        request,
        "volunteering/task_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "tasks": page.object_list,
            "query_without_page": query_without(request, "page"),
            "can_post": request.user.is_authenticated and permissions.can_post(request.user),
        },
        status=status,
    )


@cached_for_anonymous
def task_detail(request, pk):
    task = get_object_or_404(Task.objects.select_related("association"), pk=pk)
    if not permissions.can_view_task(request.user, task):
        raise Http404
    return render(
        request,
        "volunteering/task_detail.html",
        {"task": task, "can_manage": permissions.can_manage_task(request.user, task)},
    )


def task_answer(request, pk):
    """A resident answers without an account; the form keeps what was typed on an error."""
    task = get_object_or_404(Task.objects.select_related("association"), pk=pk)
    if not permissions.can_view_task(request.user, task):
        raise Http404
    if not permissions.can_answer_task(task):
        messages.error(request, _("The task is no longer open for answers."))
        return redirect(task)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                answer = services.answer_task(task=task, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! Your answer was sent to the association. "
                        "Keep this page's address."
                    ),
                )
                return redirect(answer)
        status = 400
    return render(
        request, "volunteering/task_answer.html", {"task": task, "form": form}, status=status
    )


def answer_status(request, token):
    """The resident's own page of one answer; the association's contact shows once accepted."""
    answer = get_object_or_404(
        Answer.objects.select_related("task", "task__association"), token=token
    )
    contact = None
    if answer.status == Answer.Status.ACCEPTED:
        contact = services.contact_of(answer.task.association)
    response = render(
        request, "volunteering/answer_status.html", {"answer": answer, "contact": contact}
    )
    # The address is the key to the answer: no search engine, no shared cache, no referrer.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@cached_for_anonymous
def offer_list(request):
    """What the associations lend, rent or do for each other; contacts only after acceptance."""
    offers = Offer.objects.public().select_related("association").order_by("title", "pk")
    filterset, status = _filtered(request, OfferFilter, offers)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/offer_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "offers": page.object_list,
            "query_without_page": query_without(request, "page"),
            "can_post": request.user.is_authenticated and permissions.can_post(request.user),
        },
        status=status,
    )


@cached_for_anonymous
def offer_detail(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("association"), pk=pk)
    if not permissions.can_view_offer(request.user, offer):
        raise Http404
    return render(
        request,
        "volunteering/offer_detail.html",
        {
            "offer": offer,
            "can_manage": permissions.can_manage_offer(request.user, offer),
            "can_request": permissions.can_request_offer(request.user, offer),
        },
    )
