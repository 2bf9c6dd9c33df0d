"""The monitoring dashboard and the association comparison: suppressed figures, who sees what."""

from __future__ import annotations

import pytest

from uebergang.accounts.models import Membership
from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.network.models import Organisation
from uebergang.test import create_organisation

URL = "/kreis-a/intern/monitoring/"


def count(tenant, school, destination, n, *, year=2025, **fields):
    cell = CohortCount.objects.create(
        tenant=tenant,
        origin=CohortCount.Origin.TABLE,
        leaving_year=year,
        school=school,
        school_type=school.school_type if school else "",
        destination=destination,
        count=n,
        **fields,
    )
    refresh_years(tenant, [year])  # as every import does
    return cell


@pytest.fixture
def schools(cast):
    return create_schools_with_counts(cast)


def create_schools_with_counts(cast):
    """Two schools of tenant A with distinct counts; the partner acts for the first."""
    own = create_organisation(
        cast.tenant_a, "Realschule Nord", Organisation.Kind.SCHOOL, school_type="realschule"
    )
    other = create_organisation(
        cast.tenant_a, "Gymnasium Süd", Organisation.Kind.SCHOOL, school_type="gymnasium"
    )
    count(cast.tenant_a, own, "dual", 41, gender="f")
    count(cast.tenant_a, own, "transition", 17, gender="m")
    count(cast.tenant_a, own, "unknown", 2, gender="m")
    count(cast.tenant_a, other, "dual", 23, gender="f")
    count(cast.tenant_a, other, "upper_secondary", 67, gender="m")
    count(cast.tenant_a, other, "unknown", 3, gender="f")
    count(cast.tenant_a, other, "dual", 31, year=2024, gender="f")
    count(cast.tenant_a, other, "transition", 12, year=2024, gender="m")
    Membership.objects.filter(user=cast.partner, tenant=cast.tenant_a).update(organisation=own)
    return own, other


def test_the_coordinator_sees_headline_tables_and_hidden_numbers_as_the_official_mark(client, cast, schools):
    client.force_login(cast.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kennzahlen 2025" in page
    assert "153" in page  # leavers 2025: 41 + 17 + 2 + 23 + 67 + 3
    assert '<td class="num">.</td>' in page  # 2 and 3 leavers with unknown whereabouts
    assert "&lt;5" not in page
    assert "„.“ = Zahlenwert geheim zu halten" in page  # the legend
    assert "2 von 2 erwarteten Schulen haben gemeldet." in page
    assert "<caption>Anschlüsse nach Schule 2025</caption>" in page
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "/kreis-a/intern/monitoring/export/schulart.csv?jahr=2025" in page
    assert "/kreis-a/intern/monitoring/export/schule.xlsx?jahr=2025" in page
    assert 'data-spec-id="trend-chart"' in page
    # The hidden counts of unknown whereabouts are nowhere in the by-school table.
    by_school = page.split("Anschlüsse nach Schule 2025")[2].split("</table>")[0]
    assert ">2<" not in by_school and ">3<" not in by_school
    # Tables by year have no total row adding different leaving years.
    by_year = page.split("<caption>Anschlüsse nach Abgangsjahr: Kreis Alpha")[1].split("</table>")[0]
    assert "<tfoot>" not in by_year


def test_an_incomplete_cohort_is_marked_on_the_dashboard(client, cast, schools):
    client.force_login(cast.coordinator)
    page = client.get(URL, {"jahr": "2024"}).content.decode()
    assert "1 von 2 erwarteten Schulen haben gemeldet." in page
    assert "Der Jahrgang ist unvollständig" in page
    assert "unvollständig</span>" in page  # the 2024 row of the tables by year


def test_a_cohort_of_an_older_code_list_is_marked(client, cast, schools):
    from uebergang.monitoring.models import CodeListVersion, CohortCodeList

    client.force_login(cast.coordinator)
    assert 'id="code-list-note"' not in client.get(URL).content.decode()
    CohortCodeList.objects.create(
        tenant=cast.tenant_a, leaving_year=2024, version=CodeListVersion.objects.get(version="2026.1")
    )
    page = client.get(URL).content.decode()
    note = page.split('id="code-list-note"')[1].split("</p>")[0]
    assert "Der Jahrgang 2024 ist (auch) nach einer älteren Codeliste erfasst" in note
    assert "/kreis-a/intern/monitoring/codes/#changes-heading" in note
    client.force_login(cast.steering)  # reads the note, but the code list is the coordinators'
    note = client.get(URL).content.decode().split('id="code-list-note"')[1].split("</p>")[0]
    assert "2024" in note and "/monitoring/codes/" not in note


def test_a_hidden_cell_is_hidden_in_the_by_school_table_and_in_the_schools_own_figures(client, cast, schools):
    own, _other = schools
    client.force_login(cast.coordinator)
    page = client.get(URL, {"schule": own.pk}).content.decode()
    school_table = page.split("<caption>Anschlüsse nach Abgangsjahr: Realschule Nord")[1].split("</table>")[0]
    by_school = page.split("<caption>Anschlüsse nach Schule 2025</caption>")[1].split("</table>")[0]
    own_row = by_school.split("Realschule Nord</th>")[1].split("</tr>")[0]
    school_2025 = school_table.split(">2025")[1].split("</tr>")[0]
    assert own_row.count('<td class="num">.</td>') == school_2025.count('<td class="num">.</td>') > 0


def test_the_year_selector_shows_another_year(client, cast, schools):
    client.force_login(cast.steering)
    page = client.get(URL, {"jahr": "2024"}).content.decode()
    assert "Kennzahlen 2024" in page
    assert "Gymnasium Süd" in page  # steering sees the by-school table
    assert "Anschlüsse nach Schule 2024" in page


def test_a_school_partner_sees_its_school_beside_the_tenant_but_no_other_school(client, cast, schools):
    own, other = schools
    client.force_login(cast.partner)
    page = client.get(URL).content.decode()
    assert "Realschule Nord" in page
    assert "Gymnasium Süd" not in page
    assert "Anschlüsse nach Schule" not in page
    assert f"export/verbleib-nach-jahr.csv?schule={own.pk}" in page
    # Asking for the other school changes nothing.
    page = client.get(URL, {"schule": other.pk}).content.decode()
    assert "Gymnasium Süd" not in page


def test_a_partner_of_no_school_sees_the_tenant_only(client, cast, schools):
    Membership.objects.filter(user=cast.partner, tenant=cast.tenant_a).update(
        organisation=cast.network_a.organisation
    )
    client.force_login(cast.partner)
    page = client.get(URL).content.decode()
    assert "Kennzahlen 2025" in page
    assert "Realschule Nord" not in page and "Gymnasium Süd" not in page


def test_a_coordinator_may_put_any_school_beside_the_tenant(client, cast, schools):
    _own, other = schools
    client.force_login(cast.coordinator)
    page = client.get(URL, {"schule": other.pk}).content.decode()
    assert "Anschlüsse nach Abgangsjahr: Gymnasium Süd" in page
    assert client.get(URL, {"schule": cast.network_b.organisation.pk}).status_code == 404


def test_the_dashboard_without_figures(client, cast):
    client.force_login(cast.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Es liegen noch keine Zahlen vor." in response.content.decode()


def test_the_query_count_does_not_grow_with_the_data(client, cast, schools, django_assert_max_num_queries):
    client.force_login(cast.coordinator)
    client.get(URL)
    with django_assert_max_num_queries(20):
        client.get(URL)
    for k in range(30):
        school = create_organisation(
            cast.tenant_a, f"Schule {k}", Organisation.Kind.SCHOOL, school_type="sbbz"
        )
        count(
            cast.tenant_a,
            school,
            "dual",
            k + 1,
            year=2020 + k % 6,
            qualification="first",
            region=cast.region_a,
        )
    with django_assert_max_num_queries(20):
        client.get(URL)


@pytest.mark.parametrize("who", ["case_worker", "coordinator_b", "outsider", "association"])
def test_others_are_refused(client, cast, schools, who):
    user = cast.members_a[who] if who == "case_worker" else getattr(cast, who)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code in (403, 404)
    assert "Realschule Nord" not in response.content.decode()


def test_the_association_compares_suppressed_headlines(client, cast, schools):
    count(cast.tenant_b, None, "dual", 3)
    count(cast.tenant_b, None, "transition", 30)
    client.force_login(cast.association)
    page = client.get("/verbund/").content.decode()
    assert "Schulabgänger/innen 2025 und ihre Anschlüsse je Kommune" in page
    row_b = page.split('<th scope="row">Stadt Beta</th>')[1].split("</tr>")[0]
    assert '<td class="num">.\n' in row_b and ">33<" in row_b
    assert ">3<" not in row_b and ">30<" not in row_b and "(30)" not in row_b
    row_a = page.split('<th scope="row">Kreis Alpha</th>')[1].split("</tr>")[0]
    assert ">153<" in row_a
    assert "2 von 2" in row_a
    page = client.get("/verbund/", {"jahr": "2024"}).content.decode()
    assert "Schulabgänger/innen 2024" in page
    row_a = page.split('<th scope="row">Kreis Alpha</th>')[1].split("</tr>")[0]
    assert "1 von 2" in row_a and "unvollständig" in row_a


def test_the_comparison_uses_the_associations_common_threshold(client, cast, schools):
    from uebergang.monitoring import queries
    from uebergang.tenants.models import AssociationSettings

    cast.tenant_b.suppression_threshold = 3
    cast.tenant_b.save()
    count(cast.tenant_b, None, "dual", 4)
    count(cast.tenant_b, None, "transition", 4)
    count(cast.tenant_b, None, "upper_secondary", 40)
    # Beta shows its 4s to itself …
    own = queries.headline(cast.tenant_b)[0]
    assert own["dual"].count == 4
    # … the association hides them with its common threshold (5 at least).
    client.force_login(cast.association)
    page = client.get("/verbund/").content.decode()
    row_b = page.split('<th scope="row">Stadt Beta</th>')[1].split("</tr>")[0]
    assert ">48<" in row_b and ">4<" not in row_b and "(4)" not in row_b
    settings = AssociationSettings.current()
    settings.common_threshold = 50
    settings.save()
    row_b = (
        client.get("/verbund/").content.decode().split('<th scope="row">Stadt Beta</th>')[1].split("</tr>")[0]
    )
    assert ">48<" not in row_b


@pytest.mark.parametrize("who", ["coordinator", "steering", "outsider"])
def test_the_comparison_is_refused_to_non_association_users(client, cast, schools, who):
    user = cast.members_a[who] if who != "outsider" else cast.outsider
    client.force_login(user)
    assert client.get("/verbund/").status_code == 403
