"""Puts the built nbcraft CLI into the wheel as nbcraft_lint/js/.

The CLI is JavaScript built by `jlpm build` in the repository (lint-rules/scripts/bundle-cli.js
lays it out in lint-rules/build/standalone/, needing no node_modules). An sdist carries that
copy, so a wheel built from the sdist needs no Node. An editable install copies nothing: the
launcher then runs the repository's own lint-rules/bin/nbcraft.js.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "nbcraft_lint/js"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        root = Path(self.root)
        if (root / TARGET / "bin" / "nbcraft.js").is_file():
            return  # building from an sdist: the CLI is already in the tree
        repo = root.parent.parent
        standalone = repo / "lint-rules" / "build" / "standalone"
        if not (standalone / "bin" / "nbcraft.js").is_file():
            raise RuntimeError(
                f"nbcraft-lint: the built CLI is missing ({standalone}): "
                "run `jlpm build` in the repository root first"
            )
        include = build_data["force_include"]
        for file in sorted(standalone.rglob("*")):
            # not a V8 code cache a run of the standalone CLI left: it is per Node version
            if file.is_file() and not any(p.startswith(".") for p in file.parts[-3:]):
                include[str(file)] = f"{TARGET}/{file.relative_to(standalone).as_posix()}"
        include[str(repo / "LICENSE")] = f"{TARGET}/LICENSE"
