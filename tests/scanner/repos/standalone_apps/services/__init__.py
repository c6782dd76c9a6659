import json
from pathlib import Path

root_dir = Path(__file__).resolve().parent.parent


def nice_json(arg):
    return json.dumps(arg, indent=4)
