"""The committed nginx config: renders for other layouts without drifting, and nginx accepts it."""

import subprocess

import pytest


def test_rendering_with_no_options_gives_the_committed_file(render_nginx):
    assert render_nginx.render(render_nginx.SITE.read_text(), {}) == render_nginx.SITE.read_text()


def test_rendering_rewrites_ports_paths_and_upstream(render_nginx):
    text = render_nginx.render(
        render_nginx.SITE.read_text(),
        {
            "upstream": "127.0.0.1:18000",
            "https_port": "18443",
            "http_port": "18080",
            "private_root": "/tmp/x/private/",
            "accel_prefix": "/_private/",
        },
        ipv6=False,
    )
    assert 'set $dx_upstream "http://127.0.0.1:18000";' in text
    assert "listen 18443 ssl http2;" in text
    assert "listen 18080;" in text
    assert "[::]" not in text
    assert "alias /tmp/x/private/;" in text
    assert "location /_private/ {" in text
    assert "http://web:8000" not in text


def test_a_setting_that_left_the_file_is_reported(render_nginx):
    text = render_nginx.SITE.read_text().replace("alias /srv/dorixona/private/;", "alias /x/;")
    with pytest.raises(ValueError, match="private_root"):
        render_nginx.render(text, {})


def test_nginx_accepts_the_configuration(render_nginx, nginx_binary, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    main = render_nginx.local_nginx(
        tmp_path / "nginx",
        {
            "upstream": "127.0.0.1:1",
            "http_port": "1080",
            "https_port": "1443",
            "cert": str(cert),
            "cert_key": str(key),
            "spa_root": str(tmp_path),
        },
    )
    result = subprocess.run(
        [nginx_binary, "-t", "-q", "-c", str(main), "-p", str(tmp_path / "nginx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_payme_allow_list_covers_exactly_the_published_range(render_nginx):
    import ipaddress

    allowed = set()
    for line in (render_nginx.SNIPPETS / "payme-allow.conf").read_text().splitlines():
        if line.startswith("allow "):
            allowed |= set(ipaddress.ip_network(line.split()[1].rstrip(";")))
    expected = {ipaddress.ip_address(f"185.234.113.{i}") for i in range(1, 16)}
    assert allowed == expected
