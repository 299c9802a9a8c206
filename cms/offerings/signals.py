from wagtail.signals import page_published, page_unpublished


def connect():
    from django.db.models.signals import post_delete

    from .models import OfferingIndexPage, OfferingPage
    from .templatetags.offerings_tags import forget_group_links

    # The home page's group links are cached; publishing anything in the guide refreshes them.
    for model in (OfferingPage, OfferingIndexPage):
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_group_links, sender=model,
                           dispatch_uid=f"offerings_forget_links_{signal_name(signal)}_{model.__name__}")


def signal_name(signal):
    return {page_published: "published", page_unpublished: "unpublished"}.get(signal, "deleted")
