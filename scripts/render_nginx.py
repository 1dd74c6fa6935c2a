#!/usr/bin/env python3
"""Render nginx/dorixona.conf for another machine layout.

The committed file is the production configuration (compose layout). This rewrites the few
things that differ elsewhere, and fails when one of them is no longer in the file, so the
committed config and its renderings cannot drift apart:

    # bare metal: gunicorn on the same host, files where docs/deploy.md puts them
    python scripts/render_nginx.py --upstream 127.0.0.1:8000 > /etc/nginx/conf.d/dorixona.conf

With no options the output is the committed file unchanged (a test checks this).
"""

import argparse
import re
import shutil
import sys
from pathlib import Path

NGINX_DIR = Path(__file__).resolve().parent.parent / "nginx"
SITE = NGINX_DIR / "dorixona.conf"
SNIPPETS = NGINX_DIR / "snippets"

# The main file for an nginx of our own (the smoke run): unprivileged paths under one prefix.
LOCAL_MAIN = """worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/conf/dorixona.conf;
}}
"""

# option -> (what the committed file says, how to find it); each must occur at least once.
DEFAULTS = {
    "upstream": "web:8000",
    "server_names": "dorixona.uz www.dorixona.uz",
    "http_port": "80",
    "https_port": "443",
    "cert": "/etc/letsencrypt/live/dorixona.uz/fullchain.pem",
    "cert_key": "/etc/letsencrypt/live/dorixona.uz/privkey.pem",
    "spa_root": "/srv/dorixona/spa",
    "static_root": "/srv/dorixona/static/",
    "media_root": "/srv/dorixona/media/",
    "private_root": "/srv/dorixona/private/",
    "accel_prefix": "/protected/",
    "include_dir": "/etc/nginx/dorixona/",
    "log_dir": "/var/log/nginx/",
    "acme_root": "/var/www/letsencrypt",
    "resolver": "127.0.0.11",
}

PATTERNS = {
    "upstream": r'(?<=set \$dx_upstream "http://)web:8000(?=";)',
    "server_names": r"(?<=server_name )dorixona\.uz www\.dorixona\.uz(?=;)",
    "http_port": r"(?<=listen )(?:\[::\]:)?80\b",
    "https_port": r"(?<=listen )(?:\[::\]:)?443\b",
    "cert": r"(?<=ssl_certificate )/etc/letsencrypt/live/dorixona\.uz/fullchain\.pem(?=;)",
    "cert_key": r"(?<=ssl_certificate_key )/etc/letsencrypt/live/dorixona\.uz/privkey\.pem(?=;)",
    "spa_root": r"(?<=root )/srv/dorixona/spa(?=;)",
    "static_root": r"(?<=alias )/srv/dorixona/static/(?=;)",
    "media_root": r"(?<=alias )/srv/dorixona/media/(?=;)",
    "private_root": r"(?<=alias )/srv/dorixona/private/(?=;)",
    "accel_prefix": r"(?<=location )/protected/(?= \{)",
    "include_dir": r"(?<=include )/etc/nginx/dorixona/",
    "log_dir": r"(?<=_log )/var/log/nginx/",
    "acme_root": r"(?<=root )/var/www/letsencrypt(?=;)",
    "resolver": r"(?<=resolver )127\.0\.0\.11\b",
}


def render(text: str, values: dict[str, str], *, ipv6: bool = True) -> str:
    """Substitute each value for its committed default; an option whose default is missing from
    the text is an error even when the value is unchanged."""
    for option, pattern in PATTERNS.items():
        value = values.get(option, DEFAULTS[option])
        if not re.search(pattern, text):
            raise ValueError(f"{option}: {DEFAULTS[option]!r} is no longer in {SITE.name}")
        if option in {"http_port", "https_port"}:

            def port(match: re.Match, value: str = value) -> str:
                return ("[::]:" if match.group(0).startswith("[") else "") + value

            text = re.sub(pattern, port, text)
        else:
            text = re.sub(pattern, lambda _match, value=value: value, text)
    if not ipv6:
        text = re.sub(r"^[ \t]*listen \[::\]:[^\n]*\n", "", text, flags=re.MULTILINE)
    return text


def local_nginx(prefix: Path, values: dict[str, str], *, ipv6: bool = False) -> Path:
    """Lay out a self-contained nginx under `prefix` (site, snippets, logs, temp dirs) serving the
    project's config with `values`; returns the main file for `nginx -c`."""
    conf = prefix / "conf"
    for directory in (conf, prefix / "logs", prefix / "tmp"):
        directory.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SNIPPETS, conf / "dorixona", dirs_exist_ok=True)
    site_values = {
        **values,
        "include_dir": f"{conf / 'dorixona'}/",
        "log_dir": f"{prefix / 'logs'}/",
    }
    (conf / "dorixona.conf").write_text(render(SITE.read_text(), site_values, ipv6=ipv6))
    main_file = conf / "nginx.conf"
    mime_types = next(
        (str(p) for p in (Path("/etc/nginx/mime.types"), conf / "mime.types") if p.exists()),
        "mime.types",
    )
    main_file.write_text(LOCAL_MAIN.format(prefix=prefix, mime_types=mime_types))
    return main_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option, default in DEFAULTS.items():
        parser.add_argument(f"--{option.replace('_', '-')}", dest=option, default=default)
    parser.add_argument("--no-ipv6", action="store_true", help="Drop the [::] listen lines.")
    args = vars(parser.parse_args(argv))
    ipv6 = not args.pop("no_ipv6")
    sys.stdout.write(render(SITE.read_text(), args, ipv6=ipv6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
