"""The GitHub workflows parse, and run the same commands as the README and .ci/run."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEST_COMMAND = "python3 scripts/dev.py test"


def _workflow(name: str) -> dict[object, object]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[object, object]) -> list[dict[str, object]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    return [step for job in jobs.values() for step in job.get("steps", [])]


def _runs(workflow: dict[object, object]) -> str:
    return "\n".join(str(step.get("run", "")) for step in _steps(workflow))


def test_readme_ci_and_checks_workflow_share_the_test_command() -> None:
    assert TEST_COMMAND in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"exec {TEST_COMMAND}" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in _runs(_workflow("checks.yml"))


def test_checks_run_on_pull_requests_and_upload_a_preview() -> None:
    workflow = _workflow("checks.yml")
    # PyYAML reads the bare key `on` as True: the YAML 1.1 trap the records' loader avoids.
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict) and "pull_request" in triggers
    assert "tiparchive build --site-dir site" in _runs(workflow)
    uploads = {s["with"]["name"]: s for s in _steps(workflow)
               if str(s.get("uses", "")).startswith("actions/upload-artifact@")}
    assert uploads["site-preview"]["with"] == {"name": "site-preview", "path": "site/", "retention-days": 14}
    # Screenshots and check results, also (above all) when a test failed.
    assert uploads["test-artifacts"]["with"]["path"] == "test-artifacts/"
    assert uploads["test-artifacts"]["if"] == "always()"


def test_deploy_uses_the_official_pages_actions_on_main() -> None:
    workflow = _workflow("deploy.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict) and triggers["push"] == {"branches": ["main"]}
    uses = [str(s.get("uses", "")) for s in _steps(workflow)]
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert any(u.startswith(action) for u in uses), action
    assert "tiparchive validate" in _runs(workflow) and "tiparchive build --site-dir site" in _runs(workflow)


def test_every_action_is_pinned_to_a_release_version() -> None:
    for name in ("checks.yml", "deploy.yml"):
        for step in _steps(_workflow(name)):
            uses = str(step.get("uses", ""))
            if uses:
                _, _, version = uses.partition("@")
                assert version.startswith("v") and version.count(".") == 2, f"{name}: {uses} is not pinned"
