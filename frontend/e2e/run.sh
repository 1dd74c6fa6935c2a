#!/usr/bin/env bash
# End-to-end tests of the storefront in the system Chromium against the real backend:
# builds the SPA, migrates a fresh SQLite database, loads the demo data, serves the shop with
# runserver (DEBUG, console SMS, in-process cache so the development SMS outbox is readable) on a
# spare port, and runs the Playwright specs. Screenshots and reports go to tests/e2e/output/.
# Exits 0 with a printed reason, without running anything, only when Chromium cannot be installed.
set -euo pipefail

frontend="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$frontend/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
chromium="${E2E_CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
  echo "e2e: $chromium not found; installing Debian's chromium"
  if ! { (apt-get update -qq && apt-get install -y -qq chromium) >/tmp/dorixona-e2e-apt.log 2>&1; } || [ ! -x "$chromium" ]; then
    echo "e2e: SKIPPED: Chromium is not installed and could not be installed (see /tmp/dorixona-e2e-apt.log)"
    exit 0
  fi
fi

cd "$frontend"
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ "${E2E_SKIP_BUILD:-0}" != "1" ]; then
  npm run build
fi
node scripts/bundle-size.mjs

workdir="$(mktemp -d /tmp/dorixona-e2e.XXXXXX)"
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export DATABASE_URL="sqlite:///$workdir/e2e.sqlite3"
export REDIS_URL=""
export DJANGO_DEBUG=1
export SMS_PROVIDER=console
# Deliveries wait in the operator's queue until someone assigns them (operator.spec.ts does it in
# the SPA, courier.spec.ts through the API), so the tests do not depend on who is on shift.
export DELIVERY_AUTO_ASSIGN=0
# Every browser page and API helper of the suite comes from 127.0.0.1, so one address signs in a
# few dozen times a minute: far above the per-address limits meant for one person. Those limits are
# proved by the pytest suite; here they are raised so they do not decide which spec fails.
export THROTTLE_AUTH_LOGIN=1000/min
export THROTTLE_AUTH_TOKEN=1000/min
export MEDIA_ROOT="$workdir/media"
export PRIVATE_MEDIA_ROOT="$workdir/private"
export DEMO_PASSWORD="${DEMO_PASSWORD:-Dorixona-demo-2026}"
export E2E_DEMO_PASSWORD="$DEMO_PASSWORD"
export E2E_BASE_URL="http://127.0.0.1:$port"

cd "$root"
"$python" manage.py migrate --noinput >"$workdir/migrate.log"
"$python" manage.py seed_demo
# The demo pharmacy and zones keep Tashkent opening hours, so courier checkouts are refused at
# night; the specs must not depend on the hour they run at: open them around the clock here.
"$python" manage.py shell -c "
from apps.delivery.models import DeliveryZone, PickupPoint
for model in (DeliveryZone, PickupPoint):
    model.objects.update(opens_at=None, closes_at=None)
"
"$python" manage.py runserver "127.0.0.1:$port" --noreload >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
  if "$python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$E2E_BASE_URL/health/" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "e2e: the backend did not start:" >&2
    cat "$workdir/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "e2e: backend on $E2E_BASE_URL (log: $workdir/server.log)"

cd "$frontend"
npx playwright test "$@"
