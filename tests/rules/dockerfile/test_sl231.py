"""SL231 add-url-without-checksum: ADD downloads a URL without --checksum."""

from __future__ import annotations

from helpers import catches


def test_add_url_message_hides_credentials_and_query():
    [f] = catches("SL231", "Dockerfile",
                  "FROM alpine:3\nADD https://user:s3cr3tT0ken@example.com/a.tgz?sig=abcdef /a\n")
    assert "s3cr3tT0ken" not in f.message and "abcdef" not in f.message
    assert "https://example.com/a.tgz" in f.message
