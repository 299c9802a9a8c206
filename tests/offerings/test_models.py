import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cms.offerings.models import OfferingPage, half_days_label

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db


def test_minimum_above_maximum_is_refused_with_a_message_on_maximum():
    # Wagtail runs this validation in the editor and on save_revision (publishing).
    page = OfferingPage(title="Te kort", summary="x", kind="module", group="council-work",
                        min_half_days=4, max_half_days=2)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "max_half_days" in error.value.message_dict
    assert error.value.message_dict["max_half_days"] == [gettext(
        "The maximum number of half-days cannot be lower than the minimum."
    )]


@pytest.mark.parametrize(("low", "high"), [(2, 4), (2, 2), (1, None), (None, 3), (None, None)])
def test_valid_durations_pass(low, high):
    make_guide()
    page = make_offering("Goed", min_half_days=low, max_half_days=high)
    page.full_clean()  # no error
    revision = page.save_revision()  # validated again, as the editor's save is
    assert (revision.as_object().min_half_days, revision.as_object().max_half_days) == (low, high)


@pytest.mark.parametrize(("low", "high", "msgid"), [
    (2, 4, "2 to 4 half-days"), (1, None, "at least 1 half-day"), (4, 4, "4 half-days"),
])
def test_half_days_label(low, high, msgid):
    # The label is built with gettext; compare the English source under the English locale.
    from django.utils import translation

    with translation.override("en"):
        assert half_days_label(low, high) == msgid
    assert half_days_label(None, None) == ""


def test_duration_text_wins_over_numbers_on_cards():
    page = OfferingPage(duration_text="Afhankelijk van de vraag", min_half_days=1)
    assert page.duration_label == "Afhankelijk van de vraag"
    assert OfferingPage(min_half_days=2, max_half_days=2).duration_label


def test_kind_must_fit_the_group_with_a_message_on_kind():
    page = OfferingPage(title="Coaching", summary="x", kind="module", group="coaching")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert list(error.value.message_dict) == ["kind"]
    assert error.value.message_dict["kind"] == [
        gettext("This kind does not fit the group “%(group)s”: choose “%(kind)s”.")
        % {"group": gettext("Coaching trajectory"), "kind": gettext("Trajectories")}
    ]
    OfferingPage(title="Coaching", summary="x", kind="traject", group="coaching").clean()


def test_a_revision_with_a_kind_that_contradicts_the_group_is_refused():
    make_guide()
    page = make_offering("Werkplan", group="council-work")
    page.kind = "traject"
    with pytest.raises(ValidationError):
        page.save_revision()  # Wagtail validates on saving a revision, as the editor does
