"""Test data builders. Apps add their own factories in tests/<app>/factories.py."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cms.core.models import StandardPage

PASSWORD = "een-goed-wachtwoord-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"de Vries {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A verified primary address unless verified=False is passed."""
        user.save()
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True,
                verified=True if extracted is None else bool(extracted),
            )


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Pagina {n}")
    intro = "Een korte inleiding."
    body = "<p>Tekst van de pagina.</p>"
