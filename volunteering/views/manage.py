"""Representatives' pages for volunteer tasks: post, change, close, and answer the residents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from volunteering import permissions, services
from volunteering.forms import TaskForm
from volunteering.models import Answer, Task


@login_required
def my_tasks(request):
    """The tasks of the user's associations, newest first, expired ones marked, with answers."""
    ids = roles.represented_association_ids(request.user)
    tasks = (
        Task.objects.filter(association__in=ids)
        .select_related("association")
        .annotate(
            answer_count=Count("answers"),
            pending_count=Count("answers", filter=Q(answers__status=Answer.Status.PENDING)),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "volunteering/my_tasks.html",
        {
            "tasks": tasks,
            "today": timezone.localdate(),
            "can_post": permissions.can_post(request.user),
        },
    )


def _task_form_page(request, form, task=None):
    return render(
        request,
        "volunteering/task_form.html",
        {"form": form, "task": task},
        status=400 if form.is_bound else 200,
    )


def _save_task(request, form) -> Task | None:
    try:
        return services.save_task(task=form.instance, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def task_create(request):
    if not permissions.can_post(request.user):
        raise PermissionDenied
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        task = _save_task(request, form)
        if task is not None:
            messages.success(request, _("The task is published."))
            return redirect(task)
    return _task_form_page(request, form)


@login_required
def task_edit(request, pk):
    task = get_object_or_404(Task.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_task(request.user, task) or not permissions.can_post_for(
        request.user, task.association
    ):
        raise PermissionDenied
    form = TaskForm(request.POST or None, instance=task, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_task(request, form)
        if saved is not None:
            messages.success(request, _("The task was saved."))
            return redirect(saved)
    return _task_form_page(request, form, task)


@login_required
def task_close(request, pk):
    """Asks first, saying what closing does; the POST closes."""
    task = get_object_or_404(Task.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_task(request.user, task):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.close_task(task=task, by=request.user)
        except ValidationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The task was closed."))
        return redirect("volunteering:my_tasks")
    return render(request, "volunteering/task_close.html", {"task": task})


@login_required
def task_answers(request, pk):
    """The residents' answers to one task, for its association only."""
    task = get_object_or_404(Task.objects.select_related("association"), pk=pk)
    if not permissions.can_manage_task(request.user, task):
        raise PermissionDenied
    answers = task.answers.order_by("created_at", "pk")
    counts = {
        status: sum(1 for answer in answers if answer.status == status)
        for status in Answer.Status.values
    }
    return render(
        request,
        "volunteering/task_answers.html",
        {"task": task, "answers": answers, "counts": counts},
    )


@login_required
def answer_decide(request, pk):
    """Accept or decline one answer; the page says what each does before the POST."""
    answer = get_object_or_404(Answer.objects.select_related("task", "task__association"), pk=pk)
    if not permissions.can_manage_task(request.user, answer.task):
        raise PermissionDenied
    if request.method == "POST":
        decide = services.accept_answer if "accept" in request.POST else None
        if "decline" in request.POST:
            decide = services.decline_answer
        if decide is None:
            messages.error(request, _("Choose whether to accept or decline."))
        else:
            try:
                decide(answer=answer, by=request.user)
            except ValidationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("The resident was accepted and got your contact details by e-mail.")
                    if decide is services.accept_answer
                    else _("The resident was told politely that the task is taken."),
                )
            return redirect("volunteering:task_answers", answer.task_id)
    return render(
        request,
        "volunteering/answer_decide.html",
        {
            "answer": answer,
            "can_decide": permissions.can_decide_answer(request.user, answer),
            "contact": services.contact_of(answer.task.association),
        },
    )
