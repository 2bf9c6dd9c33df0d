"""Reviews and self-evaluations: the list, opening one, rating it, submitting, closing, follow-up actions.

A partner sees and rates only the self-evaluations of its own organisation's offerings; any other review
id is a 404 for it, as is another tenant's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.documents.views import section as documents_section
from uebergang.network.models import Task
from uebergang.tenants.models import Tenant

from .. import actions, queries
from ..forms import FollowUpForm, FollowUpStatusForm, RatingsForm, ReviewForm, SubmitReviewForm
from ..models import Review
from .common import form_page


def _review(request: HttpRequest, tenant: Tenant, review_id: int) -> Review:
    return get_object_or_404(queries.visible_reviews(tenant, request.membership), pk=review_id)


def _url(review: Review) -> str:
    return actions.review_path(review)


@permission_required("quality.view")
def review_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    reviews = queries.visible_reviews(tenant, request.membership).prefetch_related("ratings")
    status = request.GET.get("stand", "")
    if status in Review.Status.values:
        reviews = reviews.filter(status=status)
    return render(
        request,
        "quality/review_list.html",
        {
            "tenant": tenant,
            "reviews": reviews,
            "status": status,
            "statuses": Review.Status.choices,
            "today": timezone.localdate(),
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.manage")
def review_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    today = timezone.localdate()
    initial = {"year": today.year, "kind": Review.Kind.SELF}
    if request.GET.get("angebot", "").isdigit():
        initial["offering"] = request.GET["angebot"]
    if request.GET.get("schule", "").isdigit():
        initial["school"] = request.GET["schule"]
    form = ReviewForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        review = actions.open_review(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Überprüfung ist angelegt."))
        return redirect(_url(review))
    back = reverse("quality:reviews", kwargs={"tenant": tenant})
    return form_page(request, tenant, form, title=_("Überprüfung oder Selbstevaluation anlegen"), back=back)


@permission_required("quality.view")
def review_detail(request: HttpRequest, tenant: Tenant, quality_review_id: int) -> HttpResponse:
    review = _review(request, tenant, quality_review_id)
    membership = request.membership
    can_rate = queries.can_rate(membership, review)
    form = RatingsForm(request.POST or None, review=review) if can_rate else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.save_ratings(request=request, tenant=tenant, form=form)
            except actions.QualityError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Die Bewertungen sind gespeichert."))
            return redirect(_url(review))
    ratings = {r.criterion_id: r for r in review.ratings.all()}
    criteria = [(c, ratings.get(c.pk)) for c in review.standard.criteria.all()]
    follow_ups = list(review.follow_ups.select_related("responsible_organisation", "responsible_user"))
    history = []
    if review.offering_id:
        history = Review.objects.for_tenant(tenant).filter(offering_id=review.offering_id)
    else:
        history = Review.objects.for_tenant(tenant).filter(school_id=review.school_id)
    return render(
        request,
        "quality/review_detail.html",
        {
            "tenant": tenant,
            "review": review,
            "form": form,
            "criteria": criteria,
            "follow_ups": [(t, queries.can_move_follow_up(membership, t)) for t in follow_ups],
            "status_choices": Task.Status.choices,
            "history": history.exclude(pk=review.pk).select_related("standard").prefetch_related("ratings"),
            "can_submit": can_rate and review.status == Review.Status.OPEN,
            "documents": documents_section(request, tenant, review, heading=_("Nachweise als Dateien")),
            "can_manage": has_permission(request.user, tenant, "quality.manage"),
        },
    )


@permission_required("quality.report")
@require_POST
def review_submit(request: HttpRequest, tenant: Tenant, quality_review_id: int) -> HttpResponse:
    review = _review(request, tenant, quality_review_id)
    if not queries.can_rate(request.membership, review):
        raise Http404  # an object-level rule: not yours to submit
    form = SubmitReviewForm(request.POST, review=review)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_url(review))
    try:
        actions.submit_review(request=request, tenant=tenant, review=review)
    except actions.QualityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Überprüfung ist eingereicht."))
    return redirect(_url(review))


@permission_required("quality.manage")
@require_POST
def review_complete(request: HttpRequest, tenant: Tenant, quality_review_id: int) -> HttpResponse:
    review = _review(request, tenant, quality_review_id)
    try:
        actions.complete_review(request=request, tenant=tenant, review=review)
    except actions.QualityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Überprüfung ist abgeschlossen."))
    return redirect(_url(review))


@permission_required("quality.manage")
def follow_up_create(request: HttpRequest, tenant: Tenant, quality_review_id: int) -> HttpResponse:
    review = _review(request, tenant, quality_review_id)
    initial = {
        "responsible_organisation": review.offering.provider_id if review.offering_id else review.school_id
    }
    form = FollowUpForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.add_follow_up(request=request, tenant=tenant, review=review, form=form)
        messages.success(request, _("Die Folgemaßnahme ist angelegt."))
        return redirect(_url(review))
    return form_page(request, tenant, form, title=_("Folgemaßnahme anlegen"), back=_url(review))


@permission_required("quality.view")
@require_POST
def follow_up_status(request: HttpRequest, tenant: Tenant, follow_up_id: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.filter(quality_review__tenant=tenant).select_related("quality_review"), pk=follow_up_id
    )
    review = _review(request, tenant, task.quality_review_id)
    if not queries.can_move_follow_up(request.membership, task):
        raise Http404  # an object-level rule: not yours to move
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        actions.set_follow_up_status(
            request=request, tenant=tenant, task=task, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Der Stand der Folgemaßnahme ist gespeichert."))
    else:
        messages.error(request, _("Bitte wählen Sie einen Stand."))
    return redirect(_url(review))
