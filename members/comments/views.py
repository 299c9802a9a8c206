"""Thin views: forms in, services do the rules, Dutch messages out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cms.core.pagination import paginate
from cms.core.ratelimit import client_ip
from cms.core.visibility import live_public
from cms.news.models import NewsItemPage

from . import mijn_loc, services, threads
from .forms import CommentForm, EditForm, ReplyMailsForm, ReportForm, reply_prefix
from .models import Comment


def _item_or_404(item_pk):
    return get_object_or_404(live_public(NewsItemPage.objects), pk=item_pk)


def _comment_or_404(pk):
    return get_object_or_404(
        Comment.objects.select_related("item").filter(item__live=True), pk=pk
    )


def _anchor(request, comment):
    """The comment on the page of threads that shows it (see threads.page_of)."""
    number = threads.page_of(request.user, comment)
    query = f"?{threads.PAGE_PARAM}={number}" if number > 1 else ""
    return f"{comment.item.get_url(request)}{query}#reactie-{comment.pk}"


def _rerender_item(request, item, form, status=400):
    """Show the item again with the form and its errors, keeping what was typed: the page's
    own context plus the bound form, which the comments region shows instead of a fresh one."""
    page = item.specific
    context = {**page.get_context(request), "comment_form": form}
    return TemplateResponse(request, page.get_template(request), context, status=status)


@require_POST
def post(request, item_pk):
    item = _item_or_404(item_pk)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{item.get_url(request)}#reacties")
    form = CommentForm(request.POST, prefix=reply_prefix(request.POST.get("form_prefix")))
    if form.is_valid() and form.is_spam():
        return HttpResponseRedirect(f"{item.get_url(request)}#reacties")
    if not form.is_valid():
        return _rerender_item(request, item, form)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], item=item).first()
        if parent is None:
            form.add_error(None, _("You can only reply to a comment on this page."))
            return _rerender_item(request, item, form)
    try:
        comment = services.post_comment(
            request.user, item, form.cleaned_data["body"], parent=parent,
            notify_on_reply=form.cleaned_data["notify_on_reply"], ip=client_ip(request),
        )
    except services.CommentError as error:
        form.add_error(None, error.message)
        return _rerender_item(request, item, form, status=429 if error.code == "rate" else 400)
    if comment.status == Comment.Status.PENDING:
        messages.info(request, _("Thank you. Your comment waits for approval by an editor; "
                                 "you will see it here in the meantime."))
    else:
        messages.success(request, _("Thank you. Your comment has been posted."))
    return HttpResponseRedirect(_anchor(request, comment))


@login_required
def edit(request, pk):
    comment = _comment_or_404(pk)
    if services.edit_window_passed(request.user, comment) and not services.is_banned(
        request.user
    ):
        # Their own comment, a little too late: say so where they came from, not with a 403.
        messages.error(request, _("The 15 minutes to edit this comment have passed."))
        return HttpResponseRedirect(_anchor(request, comment))
    if not services.can_edit(request.user, comment):
        raise PermissionDenied
    form = EditForm(request.POST or None,
                    initial={"body": comment.body, "version": comment.version})
    changed_meanwhile = False
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.edit_comment(request.user, comment, form.cleaned_data["body"],
                                            version=form.cleaned_data["version"])
        except PermissionDenied:
            messages.error(request, _("The 15 minutes to edit this comment have passed."))
            return HttpResponseRedirect(_anchor(request, comment))
        except services.CommentError as error:
            if error.code == "stale":
                changed_meanwhile = True
                comment.refresh_from_db()
                form.add_error(None, error.message)
                form.offer_version(comment.version)
            else:
                form.add_error("body", error.message)
        else:
            messages.success(request, _("Your comment has been changed."))
            return HttpResponseRedirect(_anchor(request, comment))
    return render(request, "comments/edit.html",
                  {"form": form, "comment": comment, "changed_meanwhile": changed_meanwhile,
                   "back_url": _anchor(request, comment)},
                  status=(409 if changed_meanwhile else 400) if form.errors else 200)


@login_required
def delete(request, pk):
    comment = _comment_or_404(pk)
    if not services.can_delete(request.user, comment):
        raise PermissionDenied
    if request.method == "POST":
        services.delete_comment(request.user, comment)
        messages.success(request, _("Your comment has been deleted."))
        return HttpResponseRedirect(f"{comment.item.get_url(request)}#reacties")
    return render(request, "comments/delete.html",
                  {"comment": comment, "back_url": _anchor(request, comment)})


@login_required
def report(request, pk):
    comment = _comment_or_404(pk)
    if comment.status != Comment.Status.PUBLISHED:
        raise PermissionDenied
    if services.is_banned(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam():
            try:
                _report, created = services.report_comment(
                    request.user, comment, form.cleaned_data["reason"], ip=client_ip(request)
                )
            except services.CommentError as error:
                form.add_error(None, error.message)
                return render(request, "comments/report.html",
                              {"form": form, "comment": comment,
                               "back_url": _anchor(request, comment)},
                              status=429 if error.code == "rate" else 400)
            if not created:
                messages.info(request, _("You had already reported this comment. Thank you."))
                return HttpResponseRedirect(_anchor(request, comment))
        messages.success(request, _("Thank you. An editor will look at this comment."))
        return HttpResponseRedirect(_anchor(request, comment))
    return render(request, "comments/report.html",
                  {"form": form, "comment": comment, "back_url": _anchor(request, comment)},
                  status=400 if form.errors else 200)


@login_required
def mine(request):
    """Mijn LOC's "Toon alle reacties": all of one's own comments, newest first."""
    page_obj = paginate(request, mijn_loc.own_comments(request.user), mijn_loc.PER_PAGE)
    return render(request, "comments/mine.html", {"page_obj": page_obj})


@login_required
@require_POST
def reply_mails(request):
    """Mijn LOC's switch for reply mails under all of one's comments."""
    form = ReplyMailsForm(request.POST)
    if form.is_valid():  # a checkbox: ticked or not, never invalid
        services.set_reply_mails(request.user, form.cleaned_data["reply_mails"])
        messages.success(request, _("Your choice about reply mails has been saved."))
    return HttpResponseRedirect(f"{reverse('mijn_loc')}#comments")


@csrf_exempt  # The signed token is the credential; mail clients POST here (RFC 8058).
def unsubscribe(request, token):
    if request.method == "POST":
        user = services.unsubscribe(token)
        return render(request, "comments/unsubscribe.html",
                      {"done": user is not None, "bad": user is None},
                      status=200 if user else 400)
    return render(request, "comments/unsubscribe.html", {"token": token})
