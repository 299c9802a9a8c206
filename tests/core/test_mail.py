"""cms.core.mail.send_templated: the one way the site sends its own mails."""

from types import SimpleNamespace

from django.core import mail

from cms.core.mail import send_templated


def offering_context(title='Tips & "trucs" <voor> raden', name="Bakker & Zn"):
    request_obj = SimpleNamespace(
        offering_title=title, name=name, email="fatima@example.nl", organisation="Zorg & Co",
        council="CR <Zorg>", phone="", preferred_period="na de zomer",
        question="Kunnen wij <b>snel</b> starten?",
    )
    return {"request_obj": request_obj, "offering_url": "https://loc.example/aanbod/x/",
            "site_name": "LOC Cliëntenraden", "vraagbaak_email": "vraagbaak@loc.example"}


def test_dutch_text_and_html_parts_with_a_plain_subject():
    send_templated("offerings/email/confirmation", ["fatima@example.nl"], offering_context())
    [message] = mail.outbox
    assert message.to == ["fatima@example.nl"]
    # Plain text is never HTML-escaped: not the subject, not the body.
    assert message.subject == (
        'Wij hebben uw aanvraag voor "Tips & "trucs" <voor> raden" ontvangen'
    )
    assert "Beste Bakker & Zn," in message.body
    assert "Kunnen wij <b>snel</b> starten?" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Bakker &amp; Zn" in html
    assert "&lt;b&gt;snel&lt;/b&gt;" in html and "<b>snel</b>" not in html


def test_attachments_headers_and_reply_to():
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    send_templated(
        "offerings/email/vraagbaak", ["vraagbaak@loc.example"], offering_context(),
        attachments=[("bijeenkomst.ics", ics, "text/calendar")],
        headers={"List-Unsubscribe": "<https://loc.example/uit/>"},
        reply_to=["fatima@example.nl"],
    )
    [message] = mail.outbox
    assert message.attachments == [("bijeenkomst.ics", ics, "text/calendar")]
    assert message.reply_to == ["fatima@example.nl"]
    sent = message.message()
    assert sent["List-Unsubscribe"] == "<https://loc.example/uit/>"
    assert sent["Reply-To"] == "fatima@example.nl"
    # text, html and the attachment, in one multipart/mixed message
    content_types = [part.get_content_type() for part in sent.walk()]
    assert content_types[0] == "multipart/mixed"
    assert {"text/plain", "text/html", "text/calendar"} <= set(content_types)


def test_without_extras_no_reply_to_and_no_attachment():
    send_templated("offerings/email/confirmation", ["a@example.nl"], offering_context())
    [message] = mail.outbox
    assert message.reply_to == [] and message.attachments == []
    assert "Reply-To" not in message.message()


def test_a_multi_line_subject_template_becomes_one_line():
    context = offering_context(title="Eerste regel\nTweede   regel")
    send_templated("offerings/email/confirmation", ["a@example.nl"], context)
    assert mail.outbox[0].subject == (
        'Wij hebben uw aanvraag voor "Eerste regel Tweede regel" ontvangen'
    )
