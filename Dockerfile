# syntax=docker/dockerfile:1
# Stage 1: build the SPA.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Stage 2: the Django application under gunicorn, as a non-root user.
FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends curl postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 dorixona
WORKDIR /app
COPY requirements/ requirements/
RUN pip install -r requirements/prod.txt
COPY --chown=dorixona:dorixona . .
COPY --from=frontend --chown=dorixona:dorixona /build/dist frontend/dist
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /srv/dorixona/media /srv/dorixona/private /srv/dorixona/static \
    && chown -R dorixona:dorixona /srv/dorixona
USER dorixona
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/health/ || exit 1
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
