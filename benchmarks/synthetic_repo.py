"""A synthetic monorepo of realistic shape for the scan-speed benchmark, generated once per
parameter set into a cache folder and reused.

Layout: ``docker-compose.yml`` declaring every service with its environment plus the
datastores and brokers they use; ``services/<name>/`` with a Dockerfile, requirements, a
settings module, a FastAPI or Flask app, I/O modules (HTTP clients of other services,
SQLAlchemy, Redis, pika, Kafka, Celery, boto3) and many plain business-logic modules; some
services with ``tests/`` and alembic ``migrations/``; a shared library under ``libs/``.
Everything is drawn from one seeded :class:`random.Random`: same parameters, same bytes.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from synthetic_code import NOUNS, VERBS, Export, words
from synthetic_io import (
    Part,
    ServiceSpec,
    app_part,
    cache_part,
    consumer_part,
    db_part,
    events_part,
    http_client_part,
    settings_module,
    storage_part,
    task_sender_part,
    tasks_part,
    worker_part,
)
from synthetic_modules import business_module

GENERATOR_VERSION = 3
AREAS = words(
    "order billing catalog inventory payment shipping pricing search review identity "
    "notification ledger fraud loyalty returns tax warehouse fleet routing booking "
    "subscription invoice customer partner media content recommendation analytics audit "
    "promotion support survey quote contract onboarding compliance settlement payroll"
)
ROLES = words("service api worker sync engine hub registry scheduler gateway importer exporter")
MODULES = words(
    "models schemas pricing validation rules domain services handlers mappers reports "
    "scheduling policies calculations aggregates filters formatting totals allocation "
    "matching ranking exports imports views forms permissions history snapshots planning"
)
IO_IMPORT = re.compile(
    r"^(?:import|from) (requests|httpx|sqlalchemy|redis|pika|kafka|celery|boto3|fastapi|flask)\b",
    re.M,
)


@dataclass(frozen=True)
class RepoParams:
    """What to generate; the cache folder is named after all of it."""

    lines: int = 1_000_000
    services: int = 300
    seed: int = 20261128

    def key(self) -> str:
        return f"v{GENERATOR_VERSION}-services{self.services}-lines{self.lines}-seed{self.seed}"


def ensure_repo(params: RepoParams, cache_root: Path) -> tuple[Path, dict[str, object]]:
    """The generated repository and its manifest, generating them on first use. The
    manifest is written last, so an interrupted generation is redone, never reused."""
    folder = cache_root / params.key()
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        return folder / "repo", json.loads(manifest_path.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    manifest = Generator(params, folder / "repo").run()
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return folder / "repo", manifest


class Generator:
    """Writes one repository; :meth:`run` returns the manifest."""

    def __init__(self, params: RepoParams, root: Path) -> None:
        self.params = params
        self.root = root
        self.rng = random.Random(params.seed)
        self.lines = self.py_files = self.io_files = 0
        self.changed: tuple[str, str] | None = None

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if rel.endswith(".py"):
            self.py_files += 1
            self.lines += text.count("\n")
            self.io_files += bool(IO_IMPORT.search(text))

    def size(self) -> int:
        return max(50, min(600, round(self.rng.lognormvariate(math.log(170), 0.6))))

    def run(self) -> dict[str, object]:
        specs = plan(self.params.services, self.rng)
        shared = self.shared_library(max(300, min(3000, self.params.lines // 50)))
        weights = [self.rng.lognormvariate(0, 0.5) for _ in specs]
        budget = self.params.lines - self.lines
        for spec, weight in zip(specs, weights, strict=True):
            self.service(spec, specs, round(budget * weight / sum(weights)), shared)
        self.write("docker-compose.yml", compose(specs))
        self.write("README.md", f"# Synthetic monorepo\n\n{len(specs)} services.\n")
        assert self.changed is not None, "no service calls another; raise --services"
        return {
            "params": asdict(self.params),
            "generator_version": GENERATOR_VERSION,
            "python_lines": self.lines,
            "python_files": self.py_files,
            "io_files": self.io_files,
            "services": len(specs),
            "changed_file": self.changed[0],
            "edit_append": self.changed[1],
        }

    def shared_library(self, lines: int) -> list[Export]:
        exports: list[Export] = []
        self.write("libs/platform_common/pyproject.toml", '[project]\nname = "platform-common"\n')
        self.write("libs/platform_common/platform_common/__init__.py", '"""Shared helpers."""\n')
        for name in ("money", "timeutil", "ids", "pagination", "retry", "text"):
            module = f"platform_common.{name}"
            text, found = business_module(self.rng, module, lines // 6, exports)
            self.write(f"libs/platform_common/platform_common/{name}.py", text)
            exports += found
        return exports

    def service(
        self, spec: ServiceSpec, specs: list[ServiceSpec], budget: int, shared: list[Export]
    ) -> None:
        start = self.lines
        base, pkg = f"services/{spec.name}", f"services/{spec.name}/{spec.package}"
        env = spec.env({s.name: s for s in specs})
        self.write(f"{base}/Dockerfile", dockerfile(spec, env))
        self.write(f"{base}/requirements.txt", requirements(spec))
        self.write(f"{pkg}/__init__.py", f'"""The {spec.name} service."""\n')
        self.write(f"{pkg}/settings.py", settings_module(spec, env))
        exports = self.rng.sample(shared, min(len(shared), 6))
        for rel, part in self.io_parts(spec, specs):
            module = f"{spec.package}.{rel.removesuffix('.py').replace('/', '.')}"
            size = min(self.size(), max(50, budget // 4))
            text, _ = business_module(self.rng, module, size, (), part[0], part[1])
            self.write(f"{pkg}/{rel}", text)
        names = iter(self.rng.sample(MODULES, len(MODULES)))
        while self.lines - start < budget - 50:
            name = next(names, None) or f"{self.rng.choice(VERBS)}_{self.rng.choice(NOUNS)}"
            rel = f"domain/{name}.py" if self.rng.random() < 0.3 else f"{name}.py"
            if (self.root / pkg / rel).exists():
                continue
            if rel.startswith("domain/") and not (self.root / pkg / "domain").exists():
                self.write(f"{pkg}/domain/__init__.py", "")
            size = max(50, min(self.size(), budget - (self.lines - start)))
            module = f"{spec.package}.{rel.removesuffix('.py').replace('/', '.')}"
            text, found = business_module(self.rng, module, size, exports)
            self.write(f"{pkg}/{rel}", text)
            exports += found
        if self.rng.random() < 0.2:
            self.tests(spec, base, exports)
        if spec.database and self.rng.random() < 0.3:
            self.migrations(spec, base)

    def io_parts(self, spec: ServiceSpec, specs: list[ServiceSpec]) -> list[tuple[str, Part]]:
        by_name = {s.name: s for s in specs}
        parts: list[tuple[str, Part]] = [("app.py", app_part(spec, self.rng))]
        if spec.calls:
            self.write(f"services/{spec.name}/{spec.package}/clients/__init__.py", "")
        for callee, lib in spec.calls:
            rel = f"clients/{callee.replace('-', '_')}.py"
            parts.append((rel, http_client_part(spec, by_name[callee], lib, self.rng)))
            if self.changed is None:
                path = f"services/{spec.name}/{spec.package}/{rel}"
                self.changed = (path, edit_snippet(spec, callee, lib))
        optional = [
            ("db.py", spec.database and db_part(spec, self.rng)),
            ("cache.py", spec.redis and cache_part(spec, self.rng)),
            ("events.py", spec.messaging and events_part(spec, self.rng)),
            ("consumers.py", spec.consumes and consumer_part(spec)),
            ("worker.py", spec.celery and worker_part(spec)),
            ("tasks.py", spec.celery and tasks_part(spec)),
            ("jobs.py", spec.sends_tasks and task_sender_part(spec, _specs(spec, by_name))),
            ("storage.py", spec.bucket and storage_part(spec)),
        ]
        return parts + [(rel, part) for rel, part in optional if part]

    def tests(self, spec: ServiceSpec, base: str, exports: list[Export]) -> None:
        local = [e for e in exports if e.module.startswith(spec.package)]
        for n in range(self.rng.randint(1, 3)):
            chosen = self.rng.sample(local, min(len(local), self.rng.randint(3, 12)))
            lines = [f'"""Tests of {spec.name}."""', "", "from __future__ import annotations", ""]
            lines += sorted({f"from {e.module} import {e.name}" for e in chosen})
            for e in chosen:
                args = ", ".join(str(self.rng.randint(0, 9)) for _ in range(e.params))
                lines += ["", "", f"def test_{e.name.lower()}_when_defaults() -> None:"]
                lines += [f"    result = {e.name}({args})", "    assert result is not None"]
            self.write(f"{base}/tests/test_{spec.package}_{n}.py", "\n".join([*lines, ""]))

    def migrations(self, spec: ServiceSpec, base: str) -> None:
        previous = "None"
        for n, noun in enumerate(spec.resources, start=1):
            revision = f'"{self.rng.getrandbits(48):012x}"'
            columns = [f'        sa.Column("{noun}_id", sa.String(36), primary_key=True),']
            for column in self.rng.sample(["status", "amount", "region", "code", "owner"], 3):
                kind = self.rng.choice(["String(120)", "Integer", "Numeric(12, 2)"])
                columns.append(f'        sa.Column("{column}", sa.{kind}),')
            text = "\n".join(
                [
                    f'"""Create the {noun} table."""',
                    "",
                    "import sqlalchemy as sa",
                    "from alembic import op",
                    "",
                    f"revision = {revision}",
                    f"down_revision = {previous}",
                    "",
                    "",
                    "def upgrade() -> None:",
                    "    op.create_table(",
                    f'        "{noun}s",',
                    *columns,
                    "    )",
                    "",
                    "",
                    "def downgrade() -> None:",
                    f'    op.drop_table("{noun}s")',
                    "",
                ]
            )
            self.write(f"{base}/migrations/versions/{n:04d}_create_{noun}.py", text)
            previous = revision


def _specs(spec: ServiceSpec, by_name: dict[str, ServiceSpec]) -> list[ServiceSpec]:
    return [by_name[name] for name in spec.sends_tasks]


def plan(count: int, rng: random.Random) -> list[ServiceSpec]:
    """``count`` services with names, frameworks and dependencies drawn from ``rng``."""
    pairs = [f"{a}-{r}" for a in AREAS for r in ROLES]
    names = sorted(rng.sample(pairs, count)) if count <= len(pairs) else _many(count)
    specs = [
        ServiceSpec(
            name,
            rng.choice(["fastapi", "fastapi", "flask"]),
            rng.choice(["pydantic", "environ"]),
            rng.sample(NOUNS, rng.randint(1, 3)),
        )
        for name in names
    ]
    for spec in specs:
        others = [s.name for s in specs if s is not spec]
        if rng.random() < 0.35:
            callees = rng.sample(others, rng.randint(1, 2))
            spec.calls = [(c, rng.choice(["requests", "requests", "httpx"])) for c in callees]
        if rng.random() < 0.4:
            spec.database = "postgres" if rng.random() < 0.85 else "mysql"
        spec.redis = rng.choice(["redis-cache", "redis-sessions"]) if rng.random() < 0.25 else None
        if rng.random() < 0.15:
            spec.messaging = rng.choice(["pika", "kafka"])
            spec.topic = f"{spec.name}.events"
        spec.celery = rng.random() < 0.06
        spec.bucket = f"{spec.name}-reports" if rng.random() < 0.06 else None
    topics = [s.topic for s in specs if s.messaging == "kafka" and s.topic]
    workers = [s.name for s in specs if s.celery]
    for spec in specs:
        if topics and rng.random() < 0.1:
            spec.consumes = rng.choice(topics)
        if workers and rng.random() < 0.05:
            spec.sends_tasks = rng.sample(workers, min(len(workers), rng.randint(1, 2)))
    return specs


def _many(count: int) -> list[str]:
    return [f"{AREAS[i % len(AREAS)]}-{ROLES[i % len(ROLES)]}-{i}" for i in range(count)]


def edit_snippet(spec: ServiceSpec, callee: str, lib: str) -> str:
    """The function the benchmark's one-file change appends: one more HTTP call."""
    base = spec.ref(f"{callee.upper().replace('-', '_')}_URL")
    return "\n".join(
        [
            "",
            "",
            f"def ping_{callee.replace('-', '_')}() -> int:",
            '    """Added by the scan benchmark\'s one-file change."""',
            f'    response = {lib}.get(f"{{{base}}}/healthz", timeout=2)',
            "    return response.status_code",
            "",
        ]
    )


def dockerfile(spec: ServiceSpec, env: dict[str, str]) -> str:
    if spec.framework == "fastapi":
        cmd = f'["uvicorn", "{spec.package}.app:app", "--host", "0.0.0.0", "--port", "8000"]'
    else:
        cmd = f'["gunicorn", "-b", "0.0.0.0:5000", "{spec.package}.app:app"]'
    lines = [
        "FROM python:3.11-slim",
        "",
        f"ENV PYTHONUNBUFFERED=1 SERVICE_NAME={spec.name}",
        "WORKDIR /app",
        "COPY requirements.txt .",
        "RUN pip install --no-cache-dir -r requirements.txt",
        f"COPY {spec.package} ./{spec.package}",
        f"EXPOSE {spec.port}",
        "USER nobody",
        f"CMD {cmd}",
    ]
    return "\n".join([*lines, ""])


def requirements(spec: ServiceSpec) -> str:
    found = {
        "fastapi": spec.framework == "fastapi",
        "uvicorn": spec.framework == "fastapi",
        "flask": spec.framework == "flask",
        "gunicorn": spec.framework == "flask",
        "pydantic-settings": spec.settings_style == "pydantic",
        "requests": any(lib == "requests" for _, lib in spec.calls),
        "httpx": any(lib == "httpx" for _, lib in spec.calls),
        "sqlalchemy": spec.database is not None,
        "psycopg[binary]": spec.database == "postgres",
        "pymysql": spec.database == "mysql",
        "redis": spec.redis is not None,
        "pika": spec.messaging == "pika",
        "kafka-python": spec.messaging == "kafka" or spec.consumes is not None,
        "celery": spec.celery or bool(spec.sends_tasks),
        "boto3": spec.bucket is not None,
    }
    return "\n".join([*(name for name, used in found.items() if used), ""])


def compose(specs: list[ServiceSpec]) -> str:
    """One compose file: every service, then the datastores and brokers they use."""
    by_name = {s.name: s for s in specs}
    out = ["name: synthetic", "", "services:"]
    for spec in specs:
        env = spec.env(by_name)
        out += _compose_service(spec.name, spec, env, None)
        if spec.celery:
            command = f"celery -A {spec.package}.worker worker --loglevel=info"
            out += _compose_service(f"{spec.name}-worker", spec, env, command)
        if spec.database == "postgres":
            out += _datastore(f"{spec.name}-db", "postgres:16", {"POSTGRES_DB": spec.package})
        elif spec.database == "mysql":
            out += _datastore(f"{spec.name}-db", "mysql:8.4", {"MYSQL_DATABASE": spec.package})
    out += _datastore("redis-cache", "redis:7-alpine", {})
    out += _datastore("redis-sessions", "redis:7-alpine", {})
    out += _datastore("redis-queue", "redis:7-alpine", {})
    out += _datastore("rabbitmq", "rabbitmq:3.13-management", {"RABBITMQ_DEFAULT_USER": "guest"})
    out += _datastore("kafka", "bitnami/kafka:3.7", {"KAFKA_CFG_NODE_ID": "0"})
    out += _datastore("minio", "minio/minio:latest", {"MINIO_ROOT_USER": "minio"})
    return "\n".join([*out, ""])


def _compose_service(
    name: str, spec: ServiceSpec, env: dict[str, str], command: str | None
) -> list[str]:
    out = [f"  {name}:", "    build:", f"      context: ./services/{spec.name}"]
    out += [f"    command: {command}"] if command else [f'    ports:\n      - "{spec.port}"']
    out += ["    environment:"] + [f"      {k}: {v}" for k, v in env.items()] if env else []
    hosts = [h for h in env.values() if "://" in h]
    depends = sorted({h.split("://", 1)[1].split("@")[-1].split(":")[0] for h in hosts})
    out += ["    depends_on:"] + [f"      - {d}" for d in depends] if depends else []
    return [*out, ""]


def _datastore(name: str, image: str, env: dict[str, str]) -> list[str]:
    out = [f"  {name}:", f"    image: {image}"]
    out += ["    environment:"] + [f"      {k}: {v}" for k, v in env.items()] if env else []
    return [*out, ""]
