"""The offering finder for young people (`<t>/angebotsfinder/`): one question per page, then the
explained matches.

No login and no session: the answers travel in GET parameters (hidden fields carry the other
questions' answers), so the finder works without JavaScript and cookies, the back button behaves, and a
result page can be bookmarked or shared. A submitted question (`beantwortet=N`) is checked; a valid
answer redirects to the canonical URL of the next question (`schritt=N+1`) or of the result
(`schritt=ergebnis`), a wrong one shows the same question again with a message.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from uebergang.tenants.models import Tenant

from .. import finder
from ..finder import QUESTIONS, Answers, Question

STEP = "schritt"  # which page to show: 1–5 or RESULT
ANSWERED = "beantwortet"  # the number of the question just submitted
SKIP = "ueberspringen"  # the "Weiß ich nicht / möchte ich nicht sagen" button
CHANGING = "aendern"  # came from the result's "ändern" link: go back to the result afterwards
RESULT = "ergebnis"


@require_safe
def finder_page(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    questions = finder.bind_questions(request.GET, land=tenant.land)
    changing = request.GET.get(CHANGING) == "1"
    answered = _question_number(request.GET.get(ANSWERED))
    if answered is not None:
        if request.GET.get(SKIP):
            questions[answered - 1] = QUESTIONS[answered - 1](QueryDict(), land=tenant.land)
        elif not questions[answered - 1].is_valid():
            return _question_page(request, tenant, questions, answered, changing)
        answers = finder.answers_from(questions)
        last = answered == len(QUESTIONS)
        return redirect(_finder_url(tenant, answers, RESULT if changing or last else answered + 1))
    invalid = next((question.number for question in questions if not question.is_valid()), None)
    if invalid is not None:  # an edited or mistyped link: ask that question again, with its message
        return _question_page(request, tenant, questions, invalid, changing)
    step = request.GET.get(STEP, "")
    if step == RESULT:
        return _result_page(request, tenant, finder.answers_from(questions))
    return _question_page(request, tenant, questions, _question_number(step) or 1, changing)


def _question_page(
    request: HttpRequest, tenant: Tenant, questions: list[Question], number: int, changing: bool
) -> HttpResponse:
    question = questions[number - 1]
    answers = finder.answers_from(questions)
    own = question.param_names()
    hidden = [(name, value) for name, value in answers.to_params() if name not in own]
    if changing:
        hidden.append((CHANGING, "1"))
        back_url = _finder_url(tenant, answers, RESULT)
    elif number > 1:
        back_url = _finder_url(tenant, answers, number - 1)
    else:
        back_url = None
    return render(
        request,
        "offerings/finder/question.html",
        {
            "tenant": tenant,
            "question": question,
            "total": len(QUESTIONS),
            "hidden": hidden,
            "back_url": back_url,
            "is_last": number == len(QUESTIONS) or changing,
            "described_by": _described_by(question),
        },
    )


def _described_by(question: Question) -> str:
    """The question's hint and the messages of its option lists, read with the question's legend."""
    ids = ["question-hint"] if question.hint else []
    ids += [
        f"{field.auto_id}_error"
        for field in question
        if field.errors and field.widget_type in {"radioselect", "checkboxselectmultiple"}
    ]
    return " ".join(ids)


def _result_page(request: HttpRequest, tenant: Tenant, answers: Answers) -> HttpResponse:
    found = finder.find(tenant, answers)
    summary = [
        (question, text, _finder_url(tenant, answers, question.number, changing=True))
        for question, text in finder.summary(answers, tenant.land)
    ]
    return render(
        request,
        "offerings/finder/result.html",
        {
            "tenant": tenant,
            "answers": answers,
            "matches": found.matches,
            "total": found.total,
            "summary": summary,
            "catalogue_url": _catalogue_url(tenant, answers),
            "restart_url": reverse("offerings:finder", kwargs={"tenant": tenant}),
        },
    )


def _question_number(value: str | None) -> int | None:
    if value and value.isdigit() and 1 <= int(value) <= len(QUESTIONS):
        return int(value)
    return None


def _finder_url(tenant: Tenant, answers: Answers, step: int | str, changing: bool = False) -> str:
    params = [*answers.to_params(), (STEP, str(step))]
    if changing:
        params.append((CHANGING, "1"))
    return f"{reverse('offerings:finder', kwargs={'tenant': tenant})}?{urlencode(params)}"


def _catalogue_url(tenant: Tenant, answers: Answers) -> str | None:
    """The public search with the same categories, age and place; None while that page is missing."""
    try:
        search_url = reverse("offerings:public_search", kwargs={"tenant": tenant})
    except NoReverseMatch:
        return None
    return f"{search_url}?{urlencode(finder.catalogue_params(answers))}"
