from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLength
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLength):
    """Django's validator, with the message wording its Dutch catalogue translates.

    Django 5.2 reworded the message ("%d") and the shipped Dutch translation still only has the
    older "%(min_length)d" wording, so members saw this one error in English.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
