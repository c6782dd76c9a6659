"""The commit a checkout is at, read from ``.git`` files (no ``git`` process is run)."""

from __future__ import annotations

from pathlib import Path


def head_commit(root: Path) -> str | None:
    """HEAD's commit id of the checkout holding ``root`` (``root`` or a parent has the
    ``.git``), following a symbolic ref through loose refs and packed-refs."""
    start = root.resolve()
    top = next((d for d in (start, *start.parents) if (d / ".git").exists()), None)
    return _commit(top) if top is not None else None


def _commit(root: Path) -> str | None:
    git = root / ".git"
    try:
        if git.is_file():  # a worktree or submodule: "gitdir: <path>"
            pointer = git.read_text().strip().removeprefix("gitdir:").strip()
            git = (root / pointer).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.removeprefix("ref:").strip()
        loose = git / ref
        if loose.is_file():
            return loose.read_text().strip() or None
        packed = git / "packed-refs"
        if packed.is_file():
            for line in packed.read_text().splitlines():
                commit, _, name = line.partition(" ")
                if name == ref:
                    return commit
    except OSError:
        return None
    return None
