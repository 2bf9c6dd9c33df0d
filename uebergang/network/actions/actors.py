"""Writes of the actors part of the network app; each audited in its own transaction."""

from __future__ import annotations
