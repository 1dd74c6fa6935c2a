# syntax=docker/dockerfile:1
# Images for the full stack (docker-compose.yml, docs/deploy.md):
#   target `app`   - the Django code under gunicorn, as a non-root user; the same image runs the
#                    Celery worker and beat and the one-off `migrate`
#   target `nginx` - nginx with the project's config, the built SPA and the collected static files

# --- 1. The SPA ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# Map tiles (.env.example, "Web client"); unset: OpenStreetMap.
ARG VITE_MAP_TILE_URL
ARG VITE_MAP_ATTRIBUTION
RUN npm run build

# --- 2. Python dependencies, installed once into a virtualenv (no compilers in the final image) ---
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements/ /tmp/requirements/
RUN /opt/venv/bin/pip install -r /tmp/requirements/prod.txt

# --- 3. The application ----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles
# postgresql-client: pg_dump/pg_restore for `manage.py db_backup` (15, the server's major version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin dorixona
COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
# Code and collected static files belong to root: the process can read them, never change them.
COPY . .
COPY --from=frontend /build/dist frontend/dist
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /srv/dorixona/media /srv/dorixona/private /srv/dorixona/backups \
                /srv/dorixona/beat /run/dorixona/metrics \
    && chown -R dorixona:dorixona /srv/dorixona /run/dorixona
USER dorixona
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]

# --- 4. nginx in front -----------------------------------------------------------------------------
FROM nginx:1.27-bookworm AS nginx
RUN rm -f /etc/nginx/conf.d/default.conf \
    && ln -sf /dev/stdout /var/log/nginx/dorixona.access.log \
    && ln -sf /dev/stderr /var/log/nginx/dorixona.error.log \
    && mkdir -p /var/www/letsencrypt
COPY nginx/dorixona.conf /etc/nginx/conf.d/dorixona.conf
COPY nginx/snippets/ /etc/nginx/dorixona/
COPY --from=frontend /build/dist /srv/dorixona/spa
COPY --from=app /app/staticfiles /srv/dorixona/static
