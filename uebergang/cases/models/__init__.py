"""Cases of the Verbleibsklärung: a young person without a confirmed next step, and the work on it.

The case holds the personal data needed to reach the young person — and only here: monitoring keeps
the keyed pseudonym of the pupil id, the case keeps the same pseudonym (never the raw id) so a cleared
case can be matched to its leaver record. Sharing data with another organisation needs a permit that
covers it at that moment: a `Consent` or a documented `LegalBasis` (both `SharingPermit`s). A referral
records which permit covered it, so a withdrawal is visible to the recipient at once.
"""

from .case import Case, CaseQuerySet, CaseSettings, CaseTeam, ContactAttempt
from .conference import CaseConference
from .permits import Consent, DataCategory, LegalBasis, Purpose, SharingPermit
from .referral import EmergencyAccess, Referral, ReferralQuerySet

__all__ = [
    "Case",
    "CaseConference",
    "CaseQuerySet",
    "CaseSettings",
    "CaseTeam",
    "Consent",
    "ContactAttempt",
    "DataCategory",
    "EmergencyAccess",
    "LegalBasis",
    "Purpose",
    "Referral",
    "ReferralQuerySet",
    "SharingPermit",
]
