from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from uebergang.accounts import mfa
from uebergang.accounts.models import LoginThrottle, RecoveryCode, TotpDevice, normalize_email
from uebergang.audit.models import AuditEvent
from uebergang.test import PASSWORD, create_membership, create_user

Action = AuditEvent.Action
LOGIN = "/konto/anmelden/"
SECOND_FACTOR = "/konto/anmelden/zweiter-faktor/"


def sign_in(client, email, password=PASSWORD, ip="10.0.0.1", **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_password_login_without_mfa_lands_in_the_workspace_and_is_audited(client, cast):
    response = sign_in(client, cast.steering.email)
    assert response.status_code == 302
    assert client.get(response.url, follow=True).request["PATH_INFO"] == "/kreis-a/intern/"
    event = events(Action.LOGIN).get()
    assert event.actor == cast.steering and event.ip_address == "10.0.0.1"


def test_email_is_case_insensitive(client, cast):
    assert sign_in(client, cast.steering.email.upper()).status_code == 302


def test_wrong_password_is_refused_with_a_german_message_and_audited(client, cast):
    response = sign_in(client, cast.steering.email, "falsch")
    assert response.status_code == 200
    assert "E-Mail oder Passwort ist nicht richtig." in response.content.decode()
    assert client.get("/kreis-a/intern/").status_code == 302
    event = events(Action.LOGIN_FAILED).get()
    assert event.actor_email == cast.steering.email and event.actor is None


def test_unknown_email_gives_the_same_message(client, db):
    response = sign_in(client, "niemand@example.org")
    assert "E-Mail oder Passwort ist nicht richtig." in response.content.decode()


def test_safe_next_only(client, cast):
    assert sign_in(client, cast.steering.email, next="/kreis-a/").url == "/kreis-a/"
    client.logout()
    assert sign_in(client, cast.steering.email, next="https://evil.example/").url == "/konto/start/"


class TestLockout:
    def fail(self, client, email, times, ip="10.0.0.1"):
        for _ in range(times):
            sign_in(client, email, "falsch", ip=ip)

    def test_five_failures_lock_the_pair_even_for_the_right_password(self, client, cast, settings):
        self.fail(client, cast.steering.email, settings.LOGIN_FAILURE_LIMIT)
        response = sign_in(client, cast.steering.email)
        assert response.status_code == 200
        assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()
        assert events(Action.LOGIN_LOCKED).filter(actor_email=cast.steering.email).exists()
        assert not events(Action.LOGIN).exists()

    def test_four_failures_do_not_lock(self, client, cast, settings):
        self.fail(client, cast.steering.email, settings.LOGIN_FAILURE_LIMIT - 1)
        assert sign_in(client, cast.steering.email).status_code == 302

    def test_the_lock_does_not_reach_other_addresses_or_other_accounts(self, client, cast, settings):
        """Nobody behind one proxy can lock out a colleague, and the owner still gets in from elsewhere."""
        self.fail(client, cast.steering.email, settings.LOGIN_FAILURE_LIMIT, ip="10.0.0.1")
        assert sign_in(client, cast.steering.email, ip="10.0.0.2").status_code == 302
        client.logout()
        assert sign_in(client, cast.partner.email, ip="10.0.0.1").status_code == 302

    def test_the_lock_ends(self, client, cast, settings):
        self.fail(client, cast.steering.email, settings.LOGIN_FAILURE_LIMIT)
        LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
        assert sign_in(client, cast.steering.email).status_code == 302
        assert not LoginThrottle.objects.exists()  # a successful login clears the counter

    def test_forwarded_for_is_only_trusted_behind_a_configured_proxy(self, client, cast, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            client.post(
                LOGIN,
                {"email": cast.steering.email, "password": "falsch"},
                REMOTE_ADDR="192.0.2.1",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )
        throttle = LoginThrottle.objects.get()
        assert throttle.ip_address == "203.0.113.7"
        ok = client.post(
            LOGIN,
            {"email": cast.steering.email, "password": PASSWORD},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR="203.0.113.8",
        )
        assert ok.status_code == 302


class TestTotpLogin:
    def test_password_alone_is_not_enough(self, client, cast):
        response = sign_in(client, cast.coordinator.email)
        assert response.url == SECOND_FACTOR
        assert client.get("/kreis-a/intern/").status_code == 302
        assert not events(Action.LOGIN).exists()

    def test_right_code_logs_in(self, client, cast):
        sign_in(client, cast.coordinator.email)
        code = cast.totp[cast.coordinator.email].now()
        response = client.post(SECOND_FACTOR, {"code": code})
        assert response.status_code == 302
        assert client.get("/kreis-a/intern/").status_code == 200
        assert events(Action.LOGIN).get().data == {"second_factor": "totp"}

    def test_wrong_code_is_refused_and_audited(self, client, cast):
        sign_in(client, cast.coordinator.email)
        response = client.post(SECOND_FACTOR, {"code": "000000"})
        assert "Der Code ist nicht gültig." in response.content.decode()
        assert client.get("/kreis-a/intern/").status_code == 302
        assert events(Action.MFA_FAILED).get().actor_email == cast.coordinator.email

    def test_a_code_is_never_accepted_twice(self, client, cast):
        code = cast.totp[cast.coordinator.email].now()
        sign_in(client, cast.coordinator.email)
        client.post(SECOND_FACTOR, {"code": code})
        client.post("/konto/abmelden/")
        sign_in(client, cast.coordinator.email)
        response = client.post(SECOND_FACTOR, {"code": code})
        assert response.status_code == 200
        assert client.get("/kreis-a/intern/").status_code == 302

    def test_failed_codes_count_towards_the_lockout(self, client, cast, settings):
        sign_in(client, cast.coordinator.email)
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            client.post(SECOND_FACTOR, {"code": "000000"})
        response = client.post(SECOND_FACTOR, {"code": cast.totp[cast.coordinator.email].now()})
        assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()

    def test_the_pending_second_step_expires(self, client, cast):
        sign_in(client, cast.coordinator.email)
        session = client.session
        session["mfa_pending_at"] -= 301
        session.save()
        response = client.post(SECOND_FACTOR, {"code": cast.totp[cast.coordinator.email].now()})
        assert response.url == LOGIN

    def test_clock_drift_of_one_step_is_tolerated(self, cast):
        device = TotpDevice.objects.get(user=cast.coordinator)
        earlier = pyotp.TOTP(device.secret).at(timezone.now() - timedelta(seconds=30))
        assert mfa.matching_step(device.secret, earlier, 0) is not None
        much_earlier = pyotp.TOTP(device.secret).at(timezone.now() - timedelta(seconds=120))
        assert mfa.matching_step(device.secret, much_earlier, 0) is None


class TestEnrolmentAndRecoveryCodes:
    def enrol(self, client, user):
        """Enrol through the pages, as a person would; returns the recovery codes shown once."""
        client.get("/konto/sicherheit/einrichten/")
        secret = TotpDevice.objects.get(user=user).secret
        response = client.post("/konto/sicherheit/einrichten/", {"code": pyotp.TOTP(secret).now()})
        return response.context["codes"]

    def test_mandatory_role_is_sent_to_enrolment_until_done(self, client, cast):
        coordinator = create_user("neu@a.example.org")
        create_membership(coordinator, cast.tenant_a, "coordinator")
        client.force_login(coordinator)
        response = client.get("/kreis-a/intern/")
        assert response.url == "/konto/sicherheit/einrichten/"
        page = client.get(response.url).content.decode()
        assert "<svg" in page  # the QR code, rendered without script
        codes = self.enrol(client, coordinator)
        assert len(codes) == 10
        assert client.get("/kreis-a/intern/").status_code == 200
        assert events(Action.MFA_ENABLED).get().actor == coordinator
        # Only hashes are stored.
        assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()

    def test_wrong_enrolment_code_keeps_the_device_unconfirmed(self, client, cast):
        client.force_login(cast.partner)
        client.get("/konto/sicherheit/einrichten/")
        response = client.post("/konto/sicherheit/einrichten/", {"code": "123456"})
        assert "Der Code passt nicht" in response.content.decode()
        assert TotpDevice.objects.get(user=cast.partner).confirmed_at is None

    def test_optional_role_is_not_forced(self, client, cast):
        client.force_login(cast.partner)
        assert client.get("/kreis-a/intern/").status_code == 200

    def test_login_with_a_recovery_code_works_once(self, client, cast):
        client.force_login(cast.partner)
        codes = self.enrol(client, cast.partner)
        client.post("/konto/abmelden/")

        sign_in(client, cast.partner.email)
        response = client.post(SECOND_FACTOR, {"code": codes[0].upper()}, follow=True)
        assert "Es bleiben 9." in response.content.decode()
        assert client.get("/kreis-a/intern/").status_code == 200
        assert events(Action.RECOVERY_CODE_USED).get().actor == cast.partner
        client.post("/konto/abmelden/")

        sign_in(client, cast.partner.email)
        client.post(SECOND_FACTOR, {"code": codes[0]})
        assert client.get("/kreis-a/intern/").status_code == 302

    def test_demo_accounts_are_exempt_unless_configured(self, client, cast, settings):
        demo = create_user("demo@a.example.org", is_demo=True)
        create_membership(demo, cast.tenant_a, "coordinator")
        client.force_login(demo)
        assert client.get("/kreis-a/intern/").status_code == 200
        settings.DEMO_ENFORCE_MFA = True
        assert client.get("/kreis-a/intern/").url == "/konto/sicherheit/einrichten/"

    def test_a_mandatory_role_cannot_switch_mfa_off(self, client, cast):
        client.force_login(cast.coordinator)
        code = cast.totp[cast.coordinator.email].now()
        response = client.post("/konto/sicherheit/", {"code": code, "action": "remove"})
        assert response.status_code == 403
        assert TotpDevice.objects.filter(user=cast.coordinator).exists()

    def test_an_optional_role_can_switch_mfa_off_with_a_code(self, client, cast):
        client.force_login(cast.partner)
        self.enrol(client, cast.partner)
        device = TotpDevice.objects.get(user=cast.partner)
        next_code = pyotp.TOTP(device.secret).at((device.last_used_step + 1) * 30)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("time.time", lambda: (device.last_used_step + 1) * 30 + 1)
            client.post("/konto/sicherheit/", {"code": next_code, "action": "remove"})
        assert not TotpDevice.objects.filter(user=cast.partner).exists()
        assert events(Action.MFA_DISABLED).exists()


class TestLookAlikeAddresses:
    """PostgreSQL's UPPER folds the long ſ to S and the dotless ı to I; the counter must see what the
    lookup sees, so a look-alike of a locked address never reaches the account (both databases)."""

    LOOK_ALIKES = ["ſteering@a.example.org", "steerıng@a.example.org", "STEERİNG@A.EXAMPLE.ORG"]

    @pytest.mark.parametrize("look_alike", LOOK_ALIKES)
    def test_a_look_alike_does_not_get_past_the_lock(self, client, cast, settings, look_alike):
        TestLockout().fail(client, cast.steering.email, settings.LOGIN_FAILURE_LIMIT)

        response = sign_in(client, look_alike)

        assert response.status_code == 200
        assert not events(Action.LOGIN).exists()
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize("look_alike", LOOK_ALIKES)
    def test_failures_under_a_look_alike_count_for_the_account_it_reaches(
        self, client, cast, settings, look_alike
    ):
        TestLockout().fail(client, look_alike, settings.LOGIN_FAILURE_LIMIT)
        reaches_account = normalize_email(look_alike) == cast.steering.email

        response = sign_in(client, cast.steering.email)

        assert response.status_code == (200 if reaches_account else 302)

    def test_addresses_are_stored_and_looked_up_in_one_form(self, client, db):
        user = create_user("  Maria.Straße@Example.ORG ")
        assert user.email == "maria.strasse@example.org"
        assert sign_in(client, "MARIA.STRASSE@example.org").status_code == 302
