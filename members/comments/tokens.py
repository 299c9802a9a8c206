"""The signed token in a reply mail's unsubscribe link. Below both tasks (which writes it into
the mail) and services (which reads it back): tasks must not import services, which queues
the tasks through notifications."""

from django.core import signing

SALT = "comments.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=SALT)


def token_owner_pk(token):
    """The primary key the token was made for; None when the token is bad."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
