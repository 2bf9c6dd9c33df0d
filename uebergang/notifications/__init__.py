"""Notifications by e-mail: a task or a referral assigned to someone, sent at once or in a daily digest."""
