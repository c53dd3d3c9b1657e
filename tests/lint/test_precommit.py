"""The pre-commit hook this repository publishes (.pre-commit-hooks.yaml) and its own .pre-commit-config.yaml.

`pre-commit try-repo` installs the hook the way a user's repository would: it clones the hook repository
at a commit, builds a virtualenv and pip-installs schemactl into it (dependencies from the package index),
then runs the hook on a throwaway git repository holding a small project. try-repo always builds in a
fresh temporary store (PRE_COMMIT_HOME does not cache it), so the two runs go in parallel: about 30 s.

The hook repository is a snapshot of this working tree (tracked and untracked, not ignored files)
committed in a temporary git repository: try-repo on the real checkout would only see committed and
modified tracked files, not new ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.lint.helpers import subprocess_environment

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT = 600.0  # seconds for a try-repo run, which builds a virtualenv and installs schemactl
RUN_TIMEOUT = 120.0

PYPROJECT = """\
[tool.schemactl]
sql_dir = "sql"

[tool.schemactl.lint]
select = ["SC201", "SC701"]  # fixed, so that rules added later do not change the outcome
"""
ORDERS = "CREATE TABLE orders (id uuid PRIMARY KEY, placed_at timestamptz NOT NULL);\n"
BAD_INDEX = "CREATE INDEX idx_orders_placed_at ON orders (placed_at);\n"


def _environment(home: Path) -> dict[str, str]:
    environment = {k: v for k, v in subprocess_environment().items() if not k.startswith("GIT_")}
    environment.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="schemactl tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="schemactl tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return environment


def _git(cwd: Path, *args: str, environment: dict[str, str]) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def _pre_commit(
    cwd: Path, *args: str, environment: dict[str, str], timeout: float = RUN_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _shown(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}"


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _environment(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> tuple[Path, str]:
    """This working tree as a one-commit git repository, and that commit."""
    assert (PROJECT_ROOT / ".git").exists(), "the pre-commit tests need the project's git checkout"
    listed = _git(PROJECT_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", environment=environment)
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for relative in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / relative
        if source.is_file():  # not a file deleted from the working tree
            target = snapshot / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(snapshot, "init", "-q", environment=environment)
    _git(snapshot, "add", "-A", environment=environment)
    _git(snapshot, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree", environment=environment)
    return snapshot, _git(snapshot, "rev-parse", "HEAD", environment=environment).strip()


def _consumer(root: Path, files: dict[str, str], environment: dict[str, str]) -> Path:
    """A git repository holding a small schemactl project, every file staged."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(root, "init", "-q", environment=environment)
    _git(root, "add", "-A", environment=environment)
    return root


def _start(cwd: Path, args: Sequence[str], environment: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_the_hook_manifest() -> None:
    manifest: list[dict[str, Any]] = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = (h for h in manifest if h["id"] == "schemactl-lint")
    assert hook["entry"] == "schemactl lint"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.sql$"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True


def test_the_manifest_and_config_are_valid(tmp_path: Path, environment: dict[str, str]) -> None:
    manifest = _pre_commit(
        tmp_path, "validate-manifest", str(PROJECT_ROOT / ".pre-commit-hooks.yaml"), environment=environment
    )
    assert manifest.returncode == 0, _shown(manifest)
    config = _pre_commit(
        tmp_path, "validate-config", str(PROJECT_ROOT / ".pre-commit-config.yaml"), environment=environment
    )
    assert config.returncode == 0, _shown(config)


def test_try_repo_passes_a_clean_project_and_fails_a_bad_migration(
    tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> None:
    repo, commit = hook_repo
    clean = _consumer(tmp_path / "clean", {"sql/0001_orders.sql": ORDERS}, environment)
    bad = _consumer(
        tmp_path / "bad",
        {"sql/0001_orders.sql": ORDERS, "sql/0002_index.sql": "-- a plain index\n" + BAD_INDEX, "notes.txt": BAD_INDEX},
        environment,
    )
    arguments = ["try-repo", str(repo), "schemactl-lint", "--ref", commit, "--all-files"]
    runs = [_start(clean, arguments, environment), _start(bad, arguments, environment)]
    clean_run, bad_run = (_finish(process, INSTALL_TIMEOUT) for process in runs)

    assert clean_run.returncode == 0, _shown(clean_run)
    assert "schemactl lint" in clean_run.stdout, _shown(clean_run)
    assert "Passed" in clean_run.stdout, _shown(clean_run)

    assert bad_run.returncode == 1, _shown(bad_run)
    assert "Failed" in bad_run.stdout, _shown(bad_run)
    assert "sql/0002_index.sql:2:38: error SC701 create-index-without-concurrently" in bad_run.stdout, _shown(bad_run)
    assert "1 finding(s) in 2 file(s)" in bad_run.stdout, _shown(bad_run)  # both .sql files, not notes.txt


def test_the_repositorys_own_hook_lints_sql_only(tmp_path: Path, environment: dict[str, str]) -> None:
    """.pre-commit-config.yaml: a local hook running the working tree's .venv/bin/schemactl on sql/ only."""
    schemactl = PROJECT_ROOT / ".venv" / "bin" / "schemactl"
    assert schemactl.exists(), "no .venv/bin/schemactl: run `make install` (make test does)"
    repo = _consumer(
        tmp_path / "repo",
        {
            "sql/0001_orders.sql": ORDERS,
            "tests/cases/bad.sql": "CREATE TABLE deliberately_bad (at timestamp);\n",  # like tests/lint/cases/
        },
        environment,
    )
    shutil.copy(PROJECT_ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    _git(repo, "add", ".pre-commit-config.yaml", environment=environment)

    clean = _pre_commit(repo, "run", "--all-files", environment=environment)
    assert clean.returncode == 0, _shown(clean)

    (repo / "sql" / "0002_index.sql").write_text(BAD_INDEX, encoding="utf-8")
    _git(repo, "add", "sql/0002_index.sql", environment=environment)
    bad = _pre_commit(repo, "run", "--all-files", environment=environment)
    assert bad.returncode == 1, _shown(bad)
    assert "sql/0002_index.sql:1:38: error SC701" in bad.stdout, _shown(bad)
    assert "deliberately_bad" not in bad.stdout, _shown(bad)
