"""The commit a checkout is at, read from ``.git`` files (no ``git`` process is run)."""

from __future__ import annotations

from pathlib import Path


def head_commit(root: Path) -> str | None:
    """HEAD's commit id, following a symbolic ref through loose refs and packed-refs."""
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
