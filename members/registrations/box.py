"""Where the registration box sits on an event page. A plain module, so the views (which send
people back to the box) and the template tag (which draws it) share it without the views
importing a template-tag library."""

ANCHOR = "aanmelden"


def box_url(event):
    """The event page, scrolled to its registration box."""
    return f"{event.url}#{ANCHOR}"
