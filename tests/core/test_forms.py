"""The shared form parts: the honeypot mixin and the form field component's ARIA wiring."""

import re

from django import forms
from django.template.loader import render_to_string

from cms.core.forms import HoneypotMixin


class ExampleForm(HoneypotMixin):
    name = forms.CharField(label="Naam", help_text="Zoals op uw pas.")
    sector = forms.ChoiceField(label="Sector", choices=[("a", "A"), ("b", "B")],
                               widget=forms.RadioSelect, help_text="Kies er een.")
    agree = forms.BooleanField(label="Akkoord", help_text="Verplicht.")


def field_html(form, name):
    return render_to_string("components/form_field.html", {"field": form[name]})


def test_honeypot_is_spam_only_when_filled_also_with_a_prefix():
    assert not ExampleForm({"name": "x"}).is_spam()
    assert ExampleForm({"website": "https://spam.example"}).is_spam()
    assert ExampleForm({"reply-1-website": "x"}, prefix="reply-1").is_spam()
    assert not ExampleForm({"website": "x"}, prefix="reply-1").is_spam()
    html = render_to_string("components/honeypot.html", {"field": ExampleForm()["website"]})
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert "style=" not in html


def test_input_is_described_by_its_help_and_error_text():
    valid = field_html(ExampleForm({"name": "Fatima"}), "name")
    assert 'aria-describedby="id_name_helptext"' in valid
    assert 'id="id_name_helptext"' in valid and "aria-invalid" not in valid

    invalid = field_html(ExampleForm({}), "name")
    assert 'aria-describedby="id_name_helptext id_name_error"' in invalid
    assert 'aria-invalid="true"' in invalid
    assert 'id="id_name_error"' in invalid


def test_a_checkbox_is_described_by_its_help_and_error_text():
    html = field_html(ExampleForm({}), "agree")
    assert re.search(r'<input type="checkbox"[^>]*aria-describedby="id_agree_helptext '
                     r'id_agree_error"', html)
    assert 'id="id_agree_helptext"' in html and 'id="id_agree_error"' in html


def test_a_group_of_choices_is_described_on_its_fieldset_not_on_each_radio():
    html = field_html(ExampleForm({}), "sector")
    assert '<fieldset class="form-field form-field--choices form-field--error" ' \
           'aria-describedby="id_sector_helptext id_sector_error">' in html
    assert html.count("aria-describedby") == 1
    assert 'id="id_sector_helptext"' in html and 'id="id_sector_error"' in html
