"""The council rules: who manages a council, invitations, removing people, handing the
administrator role on. Each state change is one transaction with the organisation row locked,
so two administrators' clicks (or an accept racing a removal) see each other's result.

The benefits a council membership gives its people are answered here too
(`council_membership_for`), for registrations' price_for to call.
"""

import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.locking import lock
from cms.core.queue import enqueue_on_commit

from . import council
from .models import Invitation, Organisation, Person
from .roles import CouncilError, require_contact

Role = Person.Role


# --- Who may do what -------------------------------------------------------------------------


def councils_of(user):
    """The councils `user` belongs to, with their role, for Mijn LOC."""
    if user is None or not user.is_authenticated:
        return Person.objects.none()
    return Person.objects.filter(user=user).select_related("organisation")


def _lock(organisation):
    return lock(Organisation.objects.filter(pk=organisation.pk)).get()


@transaction.atomic
def create_organisation(user, **fields):
    """A new council with `user` as its administrator."""
    organisation = Organisation.objects.create(**fields)
    Person.objects.create(organisation=organisation, user=user, role=Role.CONTACT)
    return organisation


# --- Invitations -----------------------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(organisation, by, email):
    """An invitation for `email`; returns (invitation, token). The token is only in the mail."""
    organisation = _lock(organisation)
    require_contact(by, organisation)
    email = email.strip().lower()
    if Person.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise CouncilError(_("%(email)s already belongs to this council.") % {"email": email})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, token_hash=_hash(token), invited_by=by
    )
    from .tasks import mail_invitation

    enqueue_on_commit(mail_invitation, invitation.pk, token)
    return invitation, token


def find_invitation(token):
    """The invitation of a link's token, or None (an unknown or mangled token)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()


def user_has_address(user, email):
    """Only a *verified* address counts: anyone can type someone else's address."""
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def check_invitation(invitation, user=None, now=None):
    """None when `user` (or anyone, without a user) may accept it, else the Dutch reason."""
    if invitation is None:
        return _(
            "This invitation link is not valid. Ask the council administrator for a new invitation."
        )
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.is_expired(now):
        return _("This invitation has expired. Ask the council administrator for a new invitation.")
    if user is not None and not user_has_address(user, invitation.email):
        if EmailAddress.objects.filter(user=user, email__iexact=invitation.email).exists():
            # Just signed up with the invited address: the confirmation mail comes first.
            return _(
                "Confirm your email address first with the link we sent you; then open "
                "this invitation again."
            )
        return _(
            "This invitation was sent to another email address. Log in with the "
            "address the invitation was sent to."
        )
    return None


@transaction.atomic
def accept(token, user, now=None):
    """Join the council of the invitation: once, before it expires, with the invited address."""
    invitation = find_invitation(token)
    if invitation is not None:
        invitation = lock(Invitation.objects.filter(pk=invitation.pk)).get()
    problem = check_invitation(invitation, user, now)
    if problem:
        raise CouncilError(problem)
    Person.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": Role.MEMBER}
    )
    invitation.accepted_at = now or timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def withdraw_invitation(invitation, by):
    organisation = _lock(invitation.organisation)
    require_contact(by, organisation)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


def open_invitations(organisation, now=None):
    now = now or timezone.now()
    return [
        i
        for i in organisation.invitations.filter(accepted_at__isnull=True)
        if not i.is_expired(now)
    ]


# --- People ----------------------------------------------------------------------------------


@transaction.atomic
def remove(organisation, by, person):
    """The administrator removes someone; never themselves (they hand the role on first)."""
    organisation = _lock(organisation)
    require_contact(by, organisation)
    if person.organisation_id != organisation.pk:
        raise CouncilError(_("This person does not belong to this council."))
    if person.role == Role.CONTACT:
        raise CouncilError(
            _(
                "The council administrator cannot be removed. Hand the role "
                "on to someone else first."
            )
        )
    Person.objects.filter(pk=person.pk).delete()


@transaction.atomic
def leave(organisation, user):
    """A member leaves; the administrator hands the role on first."""
    organisation = _lock(organisation)
    link = Person.objects.filter(organisation=organisation, user=user).first()
    if link is None:
        return
    if link.role == Role.CONTACT:
        raise CouncilError(
            _("Hand the administrator role on to someone else before you leave the council.")
        )
    link.delete()


@transaction.atomic
def hand_over(organisation, by, person):
    """`person` becomes the administrator; `by` stays as a member."""
    organisation = _lock(organisation)
    require_contact(by, organisation)
    if person.organisation_id != organisation.pk:
        raise CouncilError(_("This person does not belong to this council."))
    if person.user_id == by.pk:
        return
    Person.objects.filter(organisation=organisation, role=Role.CONTACT).update(role=Role.MEMBER)
    try:
        with transaction.atomic():
            Person.objects.filter(pk=person.pk).update(role=Role.CONTACT)
    except IntegrityError as exc:  # the organisation lock makes this unreachable
        raise CouncilError(_("Please try again.")) from exc


# --- Benefits --------------------------------------------------------------------------------


def council_membership_for(user, on=None, *, today=None):
    """The council membership that lets `user` attend open trainings and meetings free on
    `on`, or None. The registration box says why (members.registrations.pricing)."""
    if user is None or not user.is_authenticated:
        return None
    organisation_ids = Person.objects.filter(user=user).values_list("organisation_id", flat=True)
    return council.active_membership(organisation_ids, on, today=today)
