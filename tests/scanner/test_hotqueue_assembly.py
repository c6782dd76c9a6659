"""HotQueue producers and workers meet on one Redis queue node named by the queue's key."""

from __future__ import annotations

from pathlib import Path

from catalog_api.model import EdgeKind
from scanner import scan_repository


def test_hotqueue_put_and_worker_share_the_key_node_when_services_use_one_queue(
    tmp_path: Path,
) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "worker").mkdir()
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n"
        "  web:\n    build: ./web\n    environment:\n      REDIS_HOST: redis\n"
        "  worker:\n    build: ./worker\n    environment:\n      REDIS_HOST: redis\n"
        "  redis:\n    image: redis:7\n"
    )
    (tmp_path / "web" / "app.py").write_text(
        "import os\nfrom flask import Flask\nfrom hotqueue import HotQueue\n\n"
        "app = Flask(__name__)\n"
        "queue = HotQueue('thumbnails', host=os.environ['REDIS_HOST'], port=6379)\n\n\n"
        "@app.route('/upload')\ndef upload():\n    queue.put({'file': 'a.png'})\n    return 'ok'\n"
    )
    (tmp_path / "worker" / "worker.py").write_text(
        "import os\nfrom hotqueue import HotQueue\n\n"
        "queue = HotQueue('thumbnails', host=os.getenv('REDIS_HOST', 'localhost'))\n\n\n"
        "@queue.worker\ndef make_thumbnail(job):\n    print(job)\n\n\n"
        "if __name__ == '__main__':\n    make_thumbnail()\n"
    )
    graph = scan_repository(tmp_path)
    node = graph.node("queue:hotqueue:thumbnails")
    assert node is not None and node.technology == "redis"
    assert node.attributes["broker"] == "redis"
    publish = graph.edge("service:web", node.id, EdgeKind.PUBLISH)
    consume = graph.edge("service:worker", node.id, EdgeKind.CONSUME)
    assert publish is not None and consume is not None
    assert consume.detail["queues"] == {"hotqueue:thumbnails"}
