"""TOTP (RFC 6238) and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from django.conf import settings

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
TOTP_INTERVAL = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=settings.MFA_ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The otpauth URI as an inline SVG image (works under the strict CSP, no script)."""
    return segno.make(uri, error="m").svg_inline(scale=5, title=title, dark="#111", light="#fff")


def matching_step(secret: str, code: str, last_used_step: int, now: float | None = None) -> int | None:
    """The time step whose code equals `code`, allowing one step of clock drift, never reusing a step."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    current = int((time.time() if now is None else now) // TOTP_INTERVAL)
    for step in (current - 1, current, current + 1):
        if step > last_used_step and hmac.compare_digest(totp.at(step * TOTP_INTERVAL), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4)) for _ in range(3))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_code_hash(code: str) -> str:
    # 60 random bits per code: a plain hash is enough, no per-code salt needed.
    normalized = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalized.encode()).hexdigest()
