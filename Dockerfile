# SEND Portal production image: gunicorn serving Django, the same image runs the worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/scss static/scss
RUN npm run build \
 && mkdir -p static/vendor/govuk/assets static/vendor/moj/assets \
 && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk/ \
 && cp -R node_modules/govuk-frontend/dist/govuk/assets/images static/vendor/govuk/assets/ \
 && cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js static/vendor/moj/ \
 && cp -R node_modules/@ministryofjustice/frontend/moj/assets/images static/vendor/moj/assets/

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 portal
WORKDIR /app
# Every package of pyproject's [tool.setuptools.packages.find] include, before `pip install .`
# (tests/project/test_repository.py checks the list); templates, static, docs, scripts and the
# rest come with `COPY . .` below, less what .dockerignore leaves out.
COPY pyproject.toml README.md ./
COPY send_portal send_portal
COPY core core
COPY accounts accounts
COPY cases cases
COPY plans plans
COPY placements placements
COPY reporting reporting
COPY records records
COPY letters letters
RUN pip install .
COPY . .
COPY --from=assets /build/static/vendor static/vendor
RUN DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "send_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
