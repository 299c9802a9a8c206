"""What other apps may listen to, without membership importing them.

`rights_ended(membership)` is sent after the commit that ended a member's rights before the
end of a paid or renewing year (a renewal or a delayed first payment failed for good):
registrations cancels the members-only registrations the person no longer has a right to.
"""

from django.dispatch import Signal

rights_ended = Signal()
