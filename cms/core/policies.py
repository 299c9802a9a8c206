"""Admin lists of records (what Stripe sent, receipts, interest lists): staff with the view
permission look and export; nobody adds, edits or deletes a record there, whatever else their
group may do."""

from wagtail.permission_policies import ModelPermissionPolicy


class ViewOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"] or ["view"])
