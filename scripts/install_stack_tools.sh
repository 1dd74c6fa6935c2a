#!/usr/bin/env bash
# Installs what the stack checks need from Debian when it is missing: nginx and openssl (the smoke
# serves the project's config over TLS), a Compose implementation (validates
# docker-compose.yml: the Docker client here has no Compose plugin and there is no engine) and
# gettext (`make messages` checks that new text arrives translated).
# Needs root and apt-get; otherwise it only says what is missing.
set -euo pipefail

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_stack_tools: cannot install ${missing[*]} (needs root and apt-get)" >&2
  exit 0
fi

# Package scripts must not start a system nginx on port 80: only the smoke starts nginx, on its
# own port. policy-rc.d is Debian's switch for that; put back whatever was there before.
policy=/usr/sbin/policy-rc.d
saved=""
if [ -e "$policy" ]; then saved="$(mktemp)"; cp -p "$policy" "$saved"; fi
printf '#!/bin/sh\nexit 101\n' >"$policy"
chmod +x "$policy"
restore_policy() {
  if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
}
trap restore_policy EXIT

export DEBIAN_FRONTEND=noninteractive
echo "install_stack_tools: installing ${missing[*]}"
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "install_stack_tools: could not install ${missing[*]}" >&2
fi
