"""Reading the shell scripts services run: top-level commands and exports only."""

from __future__ import annotations

from scanner.run_scripts import read_script

ENTRYPOINT = """#!/bin/bash
set -o errexit

if [ -z "${POSTGRES_USER}" ]; then
    export POSTGRES_USER="postgres"
    celery -A inside_if worker
fi
export DATABASE_URL="postgres://${POSTGRES_USER}@${POSTGRES_HOST}:5432/app"  # built here
export BROKER=${REDIS_URL}

python << END
import psycopg
psycopg.connect(host="${POSTGRES_HOST}")
END

case "$1" in
  worker) exec celery -A proj worker ;;
  web) exec gunicorn proj.wsgi ;;
esac

python manage.py migrate \\
    --noinput
exec gunicorn config.wsgi --bind 0.0.0.0:5000
exec "$@"
"""


def test_top_level_commands_are_read_and_conditional_ones_are_not() -> None:
    commands, _ = read_script(ENTRYPOINT)
    assert commands == [
        "python manage.py migrate --noinput",
        "gunicorn config.wsgi --bind 0.0.0.0:5000",
    ]


def test_top_level_exports_are_read_with_their_lines() -> None:
    _, exports = read_script(ENTRYPOINT)
    assert exports == [
        (8, "DATABASE_URL", "postgres://${POSTGRES_USER}@${POSTGRES_HOST}:5432/app"),
        (9, "BROKER", "${REDIS_URL}"),
    ]


def test_a_block_on_one_line_ends_on_that_line() -> None:
    script = 'if [ -n "$DEBUG" ]; then celery -A x worker; fi\nexec uvicorn app:app\n'
    assert read_script(script)[0] == ["uvicorn app:app"]
