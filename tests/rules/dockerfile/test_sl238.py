"""SL238 legacy-key-value-format: ENV or LABEL in the legacy `key value` form."""

from __future__ import annotations

from test_fix import fixed, fixed_everywhere, not_fixed


def test_fix_writes_key_equals_value():
    fixed_everywhere("SL238", "Dockerfile",
                     "FROM alpine:3.20\n# locale\nENV LANG\tC.UTF-8\nLABEL vendor \"ACME Inc\"\n"
                     "ONBUILD ENV MODE production\n",
                     "FROM alpine:3.20\n# locale\nENV LANG=C.UTF-8\nLABEL vendor=\"ACME Inc\"\n"
                     "ONBUILD ENV MODE=production\n", unsafe=False)


def test_fix_quotes_a_value_with_spaces_the_legacy_form_took_whole():
    assert fixed("SL238", "Dockerfile", "FROM alpine:3.20\nENV OPTS -Xmx1g -Xms1g\n",
                 unsafe=False) == 'FROM alpine:3.20\nENV OPTS="-Xmx1g -Xms1g"\n'


def test_no_fix_where_quotes_would_change_the_value():
    not_fixed("SL238", "Dockerfile", "FROM alpine:3.20\nENV MSG \"a b\" c\n")
    not_fixed("SL238", "Dockerfile", "FROM alpine:3.20\nENV DEPS \\\n  a b\n")
