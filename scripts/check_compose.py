#!/usr/bin/env python3
"""Static checks of docker-compose.yml and Dockerfile (no Docker engine runs here).

Run: /usr/bin/python3 scripts/check_compose.py   (needs Debian's python3-yaml)
"""
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
compose = yaml.safe_load((root / "docker-compose.yml").read_text())
dockerfile = (root / "Dockerfile").read_text()
csproj = (root / "src/LoadSense.Cli/LoadSense.Cli.csproj").read_text()
program = "\n".join(p.read_text() for p in (root / "src/LoadSense.Cli").rglob("*.cs"))
errors = []

service = compose.get("services", {}).get("loadsense")
if not service:
    errors.append("docker-compose.yml has no 'loadsense' service")
else:
    context = root / service.get("build", ".")
    if not (context / "Dockerfile").is_file():
        errors.append(f"build context {context} has no Dockerfile")
    command = service.get("command", [None])[0]
    if f'new Command("{command}"' not in program:
        errors.append(f"service command '{command}' is not a loadsense command")
    for volume in service.get("volumes", []):
        name = volume.split(":")[0]
        if not name.startswith(("/", ".")) and name not in (compose.get("volumes") or {}):
            errors.append(f"volume '{name}' is not declared under volumes:")

assembly = re.search(r"<AssemblyName>(.+?)</AssemblyName>", csproj).group(1)
if f"/app/{assembly}.dll" not in dockerfile:
    errors.append(f"Dockerfile ENTRYPOINT does not run /app/{assembly}.dll")
if not re.search(r"^USER (?!root)\S+", dockerfile, re.M):
    errors.append("Dockerfile does not switch to a non-root user")

for e in errors:
    print("check_compose:", e, file=sys.stderr)
print("docker-compose.yml and Dockerfile: " + ("ok" if not errors else f"{len(errors)} problems"))
sys.exit(1 if errors else 0)
