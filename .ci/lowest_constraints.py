"""Print pip constraints pinning every direct dependency to its lowest declared version.

`pip install -c <this> -e '.[dev]'` then installs exactly the minimums of
pyproject.toml (transitive dependencies resolve as usual), so CI proves the
declared `>=` bounds are true.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
_LOWER = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def lowest(requirements: list[str]) -> list[str]:
    pins = []
    for requirement in requirements:
        found = _LOWER.match(requirement)
        if found:
            pins.append(f"{found[1]}=={found[2]}")
    return pins


def main() -> int:
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    print("\n".join(sorted(set(lowest(requirements)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
