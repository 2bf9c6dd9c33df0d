"""The offering finder: questions, matching, ranking and reasons; the pages step by step without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from uebergang.offerings import finder, geo
from uebergang.offerings.finder import AgeQuestion, Answers, PlaceQuestion, SchoolQuestion
from uebergang.offerings.models import Category, Offering, OfferingLocation
from uebergang.tenants.models import Tenant
from uebergang.test import create_organisation

FINDER = "/kreis-a/angebotsfinder/"
HOME = geo.place_for("12347")  # Berlin-Britz, an exact postcode centre


@pytest.fixture(autouse=True)
def german():
    """Messages and reasons are checked in German, whatever language an earlier test left active."""
    with translation.override("de"):
        yield


def north_of(place: geo.Place, km: float) -> tuple[float, float]:
    """A point `km` north of `place` (one degree of latitude is about 111.2 km)."""
    return place.latitude + km / 111.195, place.longitude


def make_offering(tenant, provider=None, *, categories=(), locations=(), **fields) -> Offering:
    """A published, running offering; `categories` are codes of the shared defaults, `locations` dicts."""
    fields.setdefault("title", "Ein Angebot")
    fields.setdefault("short_description", "Kurz gesagt")
    offering = Offering.objects.create(
        tenant=tenant,
        provider=provider or create_organisation(tenant, f"Träger von {fields['title']}"),
        status=fields.pop("status", Offering.Status.PUBLISHED),
        published_at=timezone.now(),
        **fields,
    )
    for code in categories:
        category, _ = Category.objects.get_or_create(tenant=None, code=code, defaults={"name": code})
        offering.categories.add(category)
    for location in locations:
        OfferingLocation.objects.create(offering=offering, **{"city": "Musterstadt", **location})
    return offering


def titles(matches) -> list[str]:
    return [match.offering.title for match in matches]


def find(tenant, **answers) -> list[finder.Match]:
    return finder.find(tenant, Answers(**answers), limit=100).matches


def query(url: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        params.setdefault(name, []).append(value)
    return params


# Matching and ranking ---------------------------------------------------------------------------------


def test_a_matching_category_ranks_above_a_matching_phase_and_two_needs_above_one(cast):
    tenant = cast.tenant_a
    make_offering(tenant, title="Nur Phase", phases=["school_to_training"])
    make_offering(tenant, title="Kategorie", categories=["vocational_preparation"])
    make_offering(tenant, title="Zwei Wünsche", categories=["vocational_preparation", "application_training"])
    make_offering(tenant, title="Passt nicht", categories=["parent_work"])
    found = titles(find(tenant, needs=("ausbildungsplatz", "bewerbung")))
    assert found == ["Zwei Wünsche", "Kategorie", cast.offerings_a.published.title, "Nur Phase"]


def test_within_the_same_need_age_fit_then_distance_then_free_of_charge_decide(cast):
    tenant = cast.tenant_a
    near, far = north_of(HOME, 2), north_of(HOME, 20)
    need = {"categories": ["application_training"]}
    make_offering(tenant, title="Fern, für dein Alter", min_age=14, max_age=20,
                  locations=[{"latitude": far[0], "longitude": far[1]}], **need)  # fmt: skip
    make_offering(tenant, title="Nah, ohne Altersangabe", is_free=False,
                  locations=[{"latitude": near[0], "longitude": near[1]}], **need)  # fmt: skip
    make_offering(tenant, title="Nah, kostenlos",
                  locations=[{"latitude": near[0], "longitude": near[1]}], **need)  # fmt: skip
    matches = find(tenant, age=16, needs=("bewerbung",), postcode="12347")
    assert titles(matches) == ["Fern, für dein Alter", "Nah, kostenlos", "Nah, ohne Altersangabe"]


def test_offerings_outside_the_age_or_grade_range_are_left_out(cast):
    tenant = cast.tenant_a
    make_offering(tenant, title="Für Jüngere", min_age=12, max_age=15)
    make_offering(tenant, title="Ab 18", min_age=18)
    make_offering(tenant, title="Für alle")
    make_offering(tenant, title="Klasse 8 bis 10", min_grade=8, max_grade=10)
    assert titles(find(tenant, age=17)) == ["Bewerbungstraining a", "Für alle", "Klasse 8 bis 10"]
    assert "Ab 18" in titles(find(tenant, age=18))
    at_school = titles(find(tenant, at_school=True, grade=7))
    assert "Klasse 8 bis 10" not in at_school and "Für alle" in at_school
    assert "Klasse 8 bis 10" in titles(find(tenant, at_school=True, grade=9))


def test_offerings_for_adults_only_paused_or_too_far_are_left_out(cast):
    tenant = cast.tenant_a
    far = north_of(HOME, 80)
    make_offering(tenant, title="Für Eltern", target_groups=["parents"])
    make_offering(tenant, title="Für Jugendliche und Eltern", target_groups=["parents", "young_people"])
    make_offering(tenant, title="Pausiert", service_status=Offering.ServiceStatus.TEMPORARILY_CLOSED)
    make_offering(tenant, title="Weit weg", locations=[{"latitude": far[0], "longitude": far[1]}])
    found = titles(find(tenant, postcode="12347"))
    assert "Für Jugendliche und Eltern" in found
    assert not {"Für Eltern", "Pausiert", "Weit weg"} & set(found)


def test_the_reasons_name_what_matched(cast):
    point = north_of(HOME, 3)
    make_offering(
        cast.tenant_a,
        title="Bewerbung leicht gemacht",
        categories=["application_training"],
        min_age=14,
        max_age=20,
        min_grade=8,
        max_grade=10,
        school_types=["realschule"],
        languages=["de", "tr"],
        places_free=3,
        locations=[{"latitude": point[0], "longitude": point[1]}],
    )
    answers = {"age": 15, "at_school": True, "grade": 9, "school_type": "realschule"}
    (match,) = find(cast.tenant_a, **answers, needs=("bewerbung",), postcode="12347", language="tr")
    assert match.reasons == [
        "für dein Alter (14–20 Jahre)",
        "für deine Klasse (Klasse 8–10)",
        "für deine Schulart (Realschule)",
        "Hilfe bei der Bewerbung",
        "3 km von 12347",
        "kostenlos",
        "in deiner Sprache (Türkisch)",
        "noch 3 freie Plätze",
    ]
    assert round(match.distance_km) == 3


def test_reasons_leave_out_what_was_not_asked_or_is_unknown(cast):
    make_offering(cast.tenant_a, title="Offen", categories=["counselling"], is_free=False)
    (match,) = find(cast.tenant_a, needs=("reden",))
    assert match.reasons == ["Jemand zum Reden"]


def test_accessibility_counts_when_asked_for(cast):
    make_offering(cast.tenant_a, title="Mit Rampe", locations=[{"accessibility": "Rampe am Eingang"}])
    make_offering(cast.tenant_a, title="Ohne Angabe")
    matches = find(cast.tenant_a, accessible=True)
    assert titles(matches)[0] == "Mit Rampe" and "barrierefrei" in matches[0].reasons


def test_distance_uses_public_locations_only(cast):
    near = north_of(HOME, 1.5)
    secret = make_offering(
        cast.tenant_a,
        title="Nur vertraulich",
        locations=[{"latitude": near[0], "longitude": near[1], "is_confidential": True, "postcode": "12347"}],
    )
    by_postcode = make_offering(
        cast.tenant_a, title="Öffentlich ohne Koordinaten", locations=[{"postcode": "12347"}]
    )
    matches = {match.offering: match for match in find(cast.tenant_a, postcode="12347")}
    assert matches[secret].distance_km is None
    assert not any("km" in reason for reason in matches[secret].reasons)
    assert matches[secret].confidential_towns == ["Musterstadt"] and matches[secret].public_locations == []
    assert matches[by_postcode].distance_km == pytest.approx(0, abs=0.01)
    assert "weniger als 1 km von 12347" in matches[by_postcode].reasons


def test_drafts_archived_and_other_tenants_offerings_never_match(cast):
    make_offering(cast.tenant_a, title="Archiviert", status=Offering.Status.ARCHIVED)
    make_offering(cast.tenant_a, title="In Prüfung", status=Offering.Status.IN_REVIEW)
    found = titles(find(cast.tenant_a))
    assert found == [cast.offerings_a.published.title]
    assert titles(find(cast.tenant_b)) == [cast.offerings_b.published.title]


def test_the_catalogue_link_carries_categories_age_and_place():
    answers = Answers(age=16, needs=("beruf", "bewerbung"), postcode="12347")
    assert finder.catalogue_params(answers) == [
        ("q", ""),
        ("categories", "career_orientation"),
        ("categories", "job_fairs"),
        ("categories", "application_training"),
        ("alter", "16"),
        ("plz", "12347"),
        ("umkreis", "50"),
    ]


def test_answers_round_trip_through_the_url_parameters():
    from django.http import QueryDict

    answers = Answers(
        age=15, at_school=True, grade=9, school_type="realschule", needs=("deutsch", "reden"),
        postcode="12347", language="uk", accessible=True,
    )  # fmt: skip
    params = QueryDict(mutable=True)
    for name, value in answers.to_params():
        params.appendlist(name, value)
    assert finder.answers_from(finder.bind_questions(params)) == answers


# Questions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"alter": "abc"}, "Bitte gib dein Alter als Zahl an, zum Beispiel 15."),
        ({"alter": "0"}, "Bitte gib ein Alter zwischen 1 und 99 an."),
        ({"alter": "120"}, "Bitte gib ein Alter zwischen 1 und 99 an."),
    ],
)
def test_the_age_question_explains_wrong_input(data, message):
    question = AgeQuestion(data)
    assert not question.is_valid() and question.errors["alter"] == [message]


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("1234", "Eine Postleitzahl hat fünf Ziffern, zum Beispiel 69469."),
        ("12a45", "Eine Postleitzahl hat fünf Ziffern, zum Beispiel 69469."),
        ("00000", "Die Postleitzahl 00000 kennen wir nicht. Prüfe sie bitte oder lass das Feld leer."),
    ],
)
def test_the_postcode_question_explains_wrong_input(postcode, message):
    question = PlaceQuestion({"plz": postcode})
    assert not question.is_valid() and question.errors["plz"] == [message]


def test_a_grade_implies_school_and_leaving_school_drops_the_grade():
    grade = SchoolQuestion({"klasse": "9"})
    assert grade.is_valid() and grade.answers() == {"at_school": True, "grade": 9, "school_type": ""}
    left = SchoolQuestion({"schule": "nein", "klasse": "9", "schulart": "realschule"})
    assert left.is_valid() and left.answers() == {"at_school": False, "grade": None, "school_type": ""}


def test_the_summary_says_each_answer_in_words():
    texts = [text for _question, text in finder.summary(Answers(age=15, needs=("bewerbung",)))]
    assert texts == ["15 Jahre", "keine Angabe", "Hilfe bei der Bewerbung", "keine Angabe", "keine Angabe"]


# Pages ------------------------------------------------------------------------------------------------


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_first_question_is_a_plain_get_form_with_a_fieldset(client, cast):
    page = page_of(client.get(FINDER))
    assert "Frage 1 von 5" in page
    assert re.search(r"<legend><h1>Wie alt bist du\?</h1></legend>", page)
    assert '<form method="get" action="/kreis-a/angebotsfinder/"' in page
    assert '<label for="id_alter">Dein Alter in Jahren</label>' in page
    assert 'name="beantwortet" value="1"' in page
    assert "Weiß ich nicht / möchte ich nicht sagen" in page and "Zurück" not in page.split("<main")[1]


def test_a_young_person_answers_step_by_step_and_sees_explained_matches(client, cast):
    point = north_of(HOME, 3)
    make_offering(
        cast.tenant_a, title="Bewerbung leicht gemacht", categories=["application_training"], min_age=14,
        max_age=20, locations=[{"latitude": point[0], "longitude": point[1], "street": "Hafenstraße 2"}],
    )  # fmt: skip
    response = client.get(FINDER, {"beantwortet": "1", "alter": "15"})
    assert response.status_code == 302 and query(response.url) == {"alter": ["15"], "schritt": ["2"]}

    page = page_of(client.get(response.url))
    assert "Frage 2 von 5" in page and "Gehst du noch zur Schule?" in page
    assert '<input type="hidden" name="alter" value="15">' in page
    assert 'href="/kreis-a/angebotsfinder/?alter=15&amp;schritt=1"' in page  # back, keeping the answer

    response = client.get(FINDER, {"alter": "15", "beantwortet": "2", "schule": "ja", "klasse": "9"})
    assert query(response.url) == {"alter": ["15"], "schule": ["ja"], "klasse": ["9"], "schritt": ["3"]}
    page = page_of(client.get(response.url))
    assert "Frage 3 von 5" in page and 'type="checkbox" name="bedarf" value="bewerbung"' in page

    answers = {"alter": "15", "schule": "ja", "klasse": "9"}
    response = client.get(FINDER, {**answers, "beantwortet": "3", "bedarf": ["bewerbung", "reden"]})
    answers["bedarf"] = ["bewerbung", "reden"]
    assert query(response.url)["schritt"] == ["4"]
    response = client.get(FINDER, {**answers, "beantwortet": "4", "plz": "12347"})
    answers["plz"] = "12347"
    assert query(response.url)["schritt"] == ["5"]
    page = page_of(client.get(response.url))
    assert "Frage 5 von 5" in page and "Passende Angebote zeigen" in page
    response = client.get(FINDER, {**answers, "beantwortet": "5", "sprache": ""})
    assert query(response.url)["schritt"] == ["ergebnis"]

    page = page_of(client.get(response.url))
    assert "Diese Angebote passen zu dir" in page and "1 passendes Angebot" in page
    assert "Bewerbung leicht gemacht" in page
    assert (
        "Passt, weil:</strong> für dein Alter (14–20 Jahre) · Hilfe bei der Bewerbung · 3 km von 12347 · kostenlos"
        in page
    )
    assert "Hafenstraße 2" in page
    assert "15 Jahre" in page and "in der Schule, Klasse 9" in page


def test_languages_are_offered_in_their_own_words_too(client, cast):
    page = page_of(client.get(FINDER, {"schritt": "5"}))
    assert '<option value="tr">Türkisch – Türkçe</option>' in page
    assert '<option value="easy">Leichte Sprache</option>' in page


def test_the_result_url_can_be_shared(client, cast):
    make_offering(cast.tenant_a, title="Deutsch im Alltag", categories=["language_support"])
    page = page_of(client.get(FINDER, {"bedarf": "deutsch", "schritt": "ergebnis"}))
    assert "Deutsch im Alltag" in page and cast.offerings_a.published.title not in page


@pytest.mark.parametrize(
    ("params", "step", "message"),
    [
        ({"beantwortet": "1", "alter": "abc"}, 1, "Bitte gib dein Alter als Zahl an, zum Beispiel 15."),
        ({"beantwortet": "4", "alter": "15", "plz": "1234"}, 4, "Eine Postleitzahl hat fünf Ziffern"),
        ({"alter": "abc", "schritt": "ergebnis"}, 1, "Bitte gib dein Alter als Zahl an"),
    ],
)
def test_wrong_input_shows_the_same_question_with_a_german_message(client, cast, params, step, message):
    page = page_of(client.get(FINDER, params))
    assert f"Frage {step} von 5" in page and message in page
    assert 'role="alert"' in page and "<title>Fehler: " in page
    assert 'aria-invalid="true"' in page


def test_a_question_can_be_skipped(client, cast):
    response = client.get(FINDER, {"beantwortet": "1", "alter": "abc", "ueberspringen": "1"})
    assert response.status_code == 302 and query(response.url) == {"schritt": ["2"]}
    response = client.get(FINDER, {"alter": "16", "beantwortet": "4", "plz": "99", "ueberspringen": "1"})
    assert query(response.url) == {"alter": ["16"], "schritt": ["5"]}


def test_changing_an_answer_from_the_result_returns_to_the_result(client, cast):
    page = page_of(client.get(FINDER, {"alter": "15", "schritt": "ergebnis"}))
    change = "/kreis-a/angebotsfinder/?alter=15&amp;schritt=1&amp;aendern=1"
    assert change in page
    page = page_of(client.get(change.replace("&amp;", "&")))
    assert '<input type="hidden" name="aendern" value="1">' in page and 'value="15"' in page
    response = client.get(FINDER, {"alter": "17", "beantwortet": "1", "aendern": "1"})
    assert query(response.url) == {"alter": ["17"], "schritt": ["ergebnis"]}


def test_the_result_never_shows_confidential_streets_drafts_or_other_tenants(client, cast):
    offerings = cast.offerings_a
    page = page_of(client.get(FINDER, {"bedarf": "ausbildungsplatz", "plz": "12347", "schritt": "ergebnis"}))
    assert offerings.published.title in page and "Marktplatz 1" in page
    assert "Musterstadt (Adresse auf Anfrage)" not in page  # the town is shown with the public address
    assert offerings.confidential_street not in page
    assert offerings.draft.title not in page
    assert cast.offerings_b.published.title not in page and cast.offerings_b.confidential_street not in page
    OfferingLocation.objects.filter(offering=offerings.published, is_confidential=False).delete()
    page = page_of(client.get(FINDER, {"bedarf": "ausbildungsplatz", "schritt": "ergebnis"}))
    assert "Musterstadt (Adresse auf Anfrage)" in page and offerings.confidential_street not in page


@pytest.mark.parametrize("who", ["coordinator_b", "outsider", "coordinator"])
def test_signed_in_people_see_only_the_public_finder_of_the_tenant(client, cast, who):
    client.force_login(cast.members_a.get(who) or getattr(cast, who))
    page = page_of(client.get(FINDER, {"schritt": "ergebnis"}))
    assert cast.offerings_a.published.title in page
    for text in (*cast.private_texts_of(cast.tenant_a), *cast.private_texts_of(cast.tenant_b)):
        assert text not in page
    assert cast.offerings_b.published.title not in page


def test_each_tenant_has_its_own_finder(client, cast):
    page = page_of(client.get("/stadt-b/angebotsfinder/", {"schritt": "ergebnis"}))
    assert cast.offerings_b.published.title in page and cast.offerings_a.published.title not in page


def test_an_unknown_tenant_is_not_found_and_posting_is_refused(client, cast):
    assert client.get("/gibt-es-nicht/angebotsfinder/").status_code == 404
    assert client.post(FINDER).status_code == 405


def test_nothing_found_explains_what_to_do(client, cast):
    page = page_of(client.get(FINDER, {"bedarf": "abschluss", "schritt": "ergebnis"}))
    assert "0 passende Angebote" in page and "Leider haben wir kein Angebot gefunden" in page


def test_at_most_ten_matches_are_shown_with_a_link_to_the_catalogue(client, cast):
    for number in range(12):
        make_offering(cast.tenant_a, title=f"Praktikum {number:02d}", categories=["internships"])
    page = page_of(client.get(FINDER, {"bedarf": "praktikum", "alter": "16", "schritt": "ergebnis"}))
    assert "12 passende Angebote" in page and "Hier siehst du die 10 Angebote" in page
    assert page.count('class="finder-result"') == 10
    try:
        search = reverse("offerings:public_search", kwargs={"tenant": cast.tenant_a})
    except NoReverseMatch:
        pytest.fail("the public search (offerings:public_search) is missing")
    assert f'href="{search}?q=&amp;categories=internships&amp;alter=16"' in page


def test_the_result_needs_the_same_queries_for_few_and_many_matches(
    client, cast, django_assert_max_num_queries
):
    params = {"bedarf": "praktikum", "plz": "12347", "schritt": "ergebnis"}
    make_offering(
        cast.tenant_a, title="Praktikum", categories=["internships"], locations=[{"postcode": "12347"}]
    )
    with CaptureQueriesContext(connection) as few:
        client.get(FINDER, params)
    for number in range(15):
        make_offering(
            cast.tenant_a, title=f"Praktikum {number}", categories=["internships", "mentoring"],
            locations=[{"postcode": "12347"}, {"postcode": "12349", "is_confidential": True}],
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "16 passende Angebote" in page_of(client.get(FINDER, params))


def test_the_finder_speaks_english_when_asked(client, cast):
    """Passes once the English catalogue holds the finder's strings (translations-finder.json)."""
    page = page_of(client.get(FINDER, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en"' in page
    assert "How old are you?" in page and "Question 1 of 5" in page
    with translation.override("en"):
        (match,) = find(cast.tenant_a, age=15, needs=("ausbildungsplatz",))
        assert match.reasons[0] == "for your age (14–20 years)"


# Realistic profiles over the demo catalogue -------------------------------------------------------------

PREPARATION = (
    "Berufsvorbereitende Bildungsmaßnahme",
    "Ausbildungsvorbereitung dual",
    "Einstiegsqualifizierung",
    "VABO",
)
FINDS_TRAINING_PLACES = (
    "Bewerbungstraining", "Ausbildungslotsen", "Berufsberatung in der Schule", "Fit für die Bewerbung",
    "Vorstellungsgespräche üben", "Bewerbungsfotos", "Jugendberufsagentur", "Passgenaue Besetzung",
    "Ausbildungsmesse", "Berufseinstiegsbegleitung",
)  # fmt: skip


@pytest.fixture
def musterkreis(db):
    from uebergang.demo import foundation, network, offerings

    foundation.load()
    network.load()
    offerings.load()
    return Tenant.objects.get(slug="musterkreis")


def newly_arrived_only(offering) -> bool:
    return offering.target_groups & finder.YOUTH_GROUPS == {"newly_arrived"}


@pytest.mark.parametrize(
    "answers",
    [
        Answers(age=15, at_school=True, grade=9, school_type="werkrealschule", needs=("ausbildungsplatz",)),
        Answers(age=16, at_school=True, grade=10, school_type="realschule", needs=("ausbildungsplatz",)),
        Answers(age=18, at_school=False, needs=("ausbildungsplatz",)),
        Answers(needs=("ausbildungsplatz",)),
    ],
)
def test_finding_a_training_place_starts_with_what_leads_to_one_then_preparation(musterkreis, answers):
    matches = finder.find(musterkreis, answers, limit=500).matches
    first = [match.offering.title for match in matches[:10]]
    assert all(title.startswith(FINDS_TRAINING_PLACES) for title in first), first
    assert all("hilft, einen Ausbildungsplatz zu finden" in match.reasons for match in matches[:10])
    positions = [i for i, match in enumerate(matches) if match.offering.title.startswith(PREPARATION)]
    direct = [
        i for i, match in enumerate(matches) if "hilft, einen Ausbildungsplatz zu finden" in match.reasons
    ]
    assert positions and direct and max(direct) < min(positions)  # preparation only after every direct help
    assert not any(newly_arrived_only(match.offering) for match in matches)


def test_offerings_for_newly_arrived_appear_only_when_the_young_person_says_so(musterkreis):
    said = finder.find(musterkreis, Answers(age=16, needs=("deutsch",), newly_arrived=True), limit=50)
    assert said.matches and all("neu in Deutschland" in " ".join(m.reasons) for m in said.matches)
    assert {m.offering.title.split(" –")[0] for m in said.matches} >= {
        "Sprachcafé für neu zugewanderte Jugendliche",
        "Integrationskurs für junge Erwachsene",
    }
    assert finder.find(musterkreis, Answers(age=16, needs=("deutsch",)), limit=50).total == 0
    placed = finder.find(
        musterkreis, Answers(age=17, needs=("ausbildungsplatz",), newly_arrived=True), limit=500
    )
    assert any(newly_arrived_only(m.offering) for m in placed.matches)


def test_help_during_training_starts_with_support_for_apprentices(musterkreis):
    matches = finder.find(
        musterkreis, Answers(age=19, at_school=False, needs=("ausbildung",)), limit=8
    ).matches
    first = {match.offering.title.split(" –")[0] for match in matches[:8]}
    assert {"Assistierte Ausbildung flexibel", "Ausbildung sichern: Hilfe bei Abbruchgefahr"} <= first
    assert not any(title.startswith(PREPARATION) for title in first)


def test_the_kept_catalogue_follows_every_change_at_once(client, cast):
    """The finder keeps the catalogue in the process; a change, a new offering or a withdrawal is
    seen by the next result page all the same."""
    params = {"bedarf": "praktikum", "schritt": "ergebnis"}
    provider = cast.network_a.organisation
    first = make_offering(cast.tenant_a, provider, title="Praktikumsbörse", categories=["internships"])
    assert "Praktikumsbörse" in page_of(client.get(FINDER, params))
    Offering.objects.filter(pk=first.pk).update(title="Praktikumstag im Rathaus")
    make_offering(cast.tenant_a, provider, title="Schnupperpraktikum Handwerk", categories=["internships"])
    page = page_of(client.get(FINDER, params))
    assert "Praktikumstag im Rathaus" in page and "Praktikumsbörse" not in page
    assert "Schnupperpraktikum Handwerk" in page
    Offering.objects.filter(pk=first.pk).update(status=Offering.Status.DRAFT)
    assert "Praktikumstag im Rathaus" not in page_of(client.get(FINDER, params))
