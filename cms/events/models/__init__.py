"""The agenda models, one module per page type; Django and callers import them from here."""

from .events import Attendance, Audience, EventKind, EventPage, EventSession, RegistrationState
from .index import EventIndexPage
from .recaps import EventRecapPage

__all__ = [
    "Attendance",
    "Audience",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventRecapPage",
    "EventSession",
    "RegistrationState",
]
