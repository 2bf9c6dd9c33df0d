"""Views of the case app: the queue and case pages for case workers, the referral inbox for providers."""
