"""SL234 maintainer-deprecated: MAINTAINER is deprecated."""

from __future__ import annotations

from test_fix import fixed, fixed_everywhere


def test_fix_writes_the_authors_label():
    fixed_everywhere("SL234", "Dockerfile",
                     "FROM alpine:3.20\n# who\nMAINTAINER Jane <jane@example.com>\n",
                     "FROM alpine:3.20\n# who\n"
                     'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
                     unsafe=False)


def test_fix_quotes_what_a_label_value_would_read_otherwise():
    # MAINTAINER expands no variable; a double-quoted LABEL value does
    assert fixed("SL234", "Dockerfile", 'from alpine:3.20\nmaintainer "Jane" $HOME\\x\n',
                 unsafe=False) == \
        'from alpine:3.20\nlabel org.opencontainers.image.authors="\\"Jane\\" \\$HOME\\\\x"\n'
    assert fixed("SL234", "Dockerfile", "# escape=`\nFROM alpine:3.20\nMAINTAINER a`b\n",
                 unsafe=False) == \
        '# escape=`\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors="a``b"\n'


def test_quotes_around_the_whole_name_become_the_labels_quotes():
    assert fixed("SL234", "Dockerfile", 'FROM alpine:3.20\nMAINTAINER "Jane <jane@example.com>"\n',
                 unsafe=False) == \
        'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n'
    assert fixed("SL234", "Dockerfile", "FROM alpine:3.20\nMAINTAINER 'Jane $x'\n",
                 unsafe=False) == \
        'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane \\$x"\n'
