"""The per-issue message template serialises exactly what Python's email package would."""

import binascii
import email
import email.policy

from newsletter.mime import MessageTemplate

TEXT = (
    "Hello Zoë,\n\nPrices in £ and € — “quoted”.\ntrailing spaces   \n"
    ".a line starting with a dot\n=an equals sign\n" + "long " * 60 + "\n"
)
HTML = '<p style="color:#000">Café &amp; crème</p>\n<p>' + "x" * 300 + "</p>\n"


def make_template(bodies=()):
    return MessageTemplate(
        subject="The June e-zine — pricing, for “everyone”",
        from_email="Café Publishing <ezine@example.com>",
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        bodies=bodies,
    )


def build(**overrides):
    template = make_template()
    values = {
        "to": "jane@example.com",
        "list_unsubscribe": "<https://www.example.com/newsletter/unsubscribe/" + "a" * 90 + "/>",
        "text": TEXT,
        "html": HTML,
        **overrides,
    }
    return template.fill(**values)


def decode(body):
    return binascii.a2b_qp(body).decode().replace("\r\n", "\n")


def test_a_filled_template_parses_back_to_what_went_in():
    data = build()
    message = email.message_from_bytes(data, policy=email.policy.default)

    assert message["Subject"] == "The June e-zine — pricing, for “everyone”"
    assert message["From"] == "Café Publishing <ezine@example.com>"
    assert message["To"] == "jane@example.com"
    assert message["Message-ID"].startswith("<")
    assert message["Date"].endswith("+0000")
    assert message.get_content_type() == "multipart/alternative"
    # On the wire every line break is CRLF, in the bodies too.
    assert message.get_body(("plain",)).get_content() == TEXT.replace("\n", "\r\n")
    assert message.get_body(("html",)).get_content() == HTML.replace("\n", "\r\n")
    assert not message.defects


def test_lines_are_crlf_and_short_except_the_unfolded_list_unsubscribe():
    data = build()
    lines = data.split(b"\r\n")

    assert b"\n" not in data.replace(b"\r\n", b"")
    long_lines = [line for line in lines if len(line) > 78]
    assert long_lines == [
        b"List-Unsubscribe: <https://www.example.com/newsletter/unsubscribe/" + b"a" * 90 + b"/>"
    ]


def test_a_header_value_with_a_line_break_is_refused():
    for field in ["to", "list_unsubscribe"]:
        try:
            build(**{field: "jane@example.com\r\nBcc: x@example.com"})
        except ValueError:
            continue
        raise AssertionError(f"{field} accepted a line break")


def test_lines_shared_with_the_issue_are_encoded_as_a_copy_encodes_them_itself():
    issue_text = TEXT.replace("Zoë", "%%GREETING%%")
    reader_text = TEXT.replace("Zoë", "Zoë-Marie")

    shared = make_template(bodies=[issue_text]).quoted_printable(reader_text)

    assert shared == make_template().quoted_printable(reader_text)
    assert decode(shared) == reader_text.removesuffix("\n")


def test_a_line_that_ends_in_a_space_is_broken_within_76_characters():
    encoded = make_template().quoted_printable("x" * 75 + "\t\n" + "y" * 75 + " \n")

    assert max(len(line) for line in encoded.split(b"\r\n")) <= 76
    assert decode(encoded) == "x" * 75 + "\t\n" + "y" * 75 + " "


def test_crlf_and_bare_cr_line_ends_are_encoded_as_line_ends():
    template = make_template()

    assert template.quoted_printable("a\r\nb\rc\n") == b"a\r\nb\r\nc"
    assert template.quoted_printable("a\nb\nc\n") == b"a\r\nb\r\nc"
