"""What registrants hear about their registration. services.py calls these after the
transaction commits; each hands the mail to the task worker."""


def registered(registration):
    """Confirmed (with the .ics and, for online events, the link) or on the waiting list."""


def promoted(registration):
    """Moved up from the waiting list to a confirmed place."""


def cancelled(registration, *, by_staff):
    """The registration was cancelled, by the person or for them by staff."""
