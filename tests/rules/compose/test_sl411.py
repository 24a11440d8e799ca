"""SL411 duplicate-published-port: Two ports publish the same host port."""

from __future__ import annotations

from helpers import catches, lines


def test_duplicate_ports():
    text = """\
        services:
          a:
            image: a:1
            ports: ["53:53/tcp", "53:53/udp", "127.0.0.1:8000-8010:8000-8010"]
          b:
            image: a:1
            ports: ["10.0.0.1:9000:80", "8005:80"]
          c:
            image: a:1
            ports: ["10.0.0.2:9000:80", "${P}:80", "${P:-9100}:80"]
          d:
            image: a:1
            ports: [{target: 53, published: 53, protocol: udp}]
          e:
            image: a:1
            ports: ["9100:81"]
        """
    found = catches("SL411", "compose.yaml", text)
    assert [(f.span.line, f.message) for f in found] == [
        (7, "service 'b' publishes host port 8005/tcp, which service 'a' already publishes "
            "(line 4)"),
        (13, "service 'd' publishes host port 53/udp, which service 'a' already publishes "
             "(line 4)"),
        (16, "service 'e' publishes host port 9100/tcp, which service 'c' already publishes "
             "(line 10)"),
    ]


def test_duplicate_ports_and_profiles():
    text = """\
        services:
          dev:
            image: a:1
            profiles: [dev]
            ports: ["127.0.0.1:80:80"]
          prod:
            image: a:1
            profiles: [prod]
            ports: ["127.0.0.1:80:80"]
          both:
            image: a:1
            profiles: [prod, debug]
            ports: ["127.0.0.1:80:80"]
        """
    assert lines(catches("SL411", "compose.yaml", text)) == [13]


def test_duplicate_port_within_one_service():
    assert lines(catches("SL411", "compose.yaml",
                         "services:\n  a:\n    image: a:1\n    ports: ['80:80', '80:80', '80:81']\n")) \
        == [4]
