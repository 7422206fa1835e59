#!/usr/bin/env python3
"""Runs the Dockerfile without a Docker engine: its build stage's RUN commands as plain commands in
a copy of the build context (minus .dockerignore), then the runtime stage's ENTRYPOINT against what
the build stage left in /app. Exit 1 with the failing step when anything does not work."""
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
text = (root / "Dockerfile").read_text()
stages = re.split(r"(?m)^FROM\s+", text)[1:]
build = next((s for s in stages if re.match(r"\S+\s+AS\s+build\b", s, re.I)), None)
runtime = stages[-1]
if build is None or build is runtime:
    sys.exit("check_dockerfile: no build stage ('FROM ... AS build') before the runtime stage")

ignored = [line.strip().rstrip("/") for line in (root / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")]


def is_ignored(relative: str) -> bool:
    parts = relative.split("/")
    for pattern in ignored:
        bare = pattern[3:] if pattern.startswith("**/") else pattern
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, bare) for p in parts):
            return True
    return False


with tempfile.TemporaryDirectory(prefix="loadsense-docker-") as work:
    work = Path(work)
    context = work / "src"
    app = work / "app"
    # COPY . . : the build context without what .dockerignore leaves out.
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames if not is_ignored(os.path.normpath(os.path.join(rel_dir, d)))]
        for name in filenames:
            relative = os.path.normpath(os.path.join(rel_dir, name))
            if not is_ignored(relative):
                target = context / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(os.path.join(dirpath, name), target)

    runs = re.findall(r"(?m)^RUN\s+(.+)$", build)
    if not runs:
        sys.exit("check_dockerfile: the build stage runs nothing")
    for command in runs:
        command = re.sub(r"(?<![\w./])/app\b", str(app), re.sub(r"(?<![\w./])/src\b", str(context), command))
        print(f"check_dockerfile: build stage: {command}", flush=True)
        if subprocess.run(command, shell=True, cwd=context).returncode != 0:
            sys.exit(f"check_dockerfile: the build stage's command failed: {command}")

    entrypoint = json.loads(re.search(r"(?m)^ENTRYPOINT\s+(\[.*\])\s*$", runtime).group(1))
    if not re.search(r"(?m)^COPY --from=build /app \.", runtime):
        sys.exit("check_dockerfile: the runtime stage does not copy /app from the build stage")
    entrypoint = [re.sub(r"^/app\b", str(app), part) for part in entrypoint]
    for arguments in (["--version"], ["status"]):
        environment = dict(os.environ, LOADSENSE_Sqlite__Path=str(work / "data" / "loadsense.db"))
        result = subprocess.run(entrypoint + arguments, cwd=app, env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"check_dockerfile: the runtime entrypoint with {arguments} exited {result.returncode}: {result.stderr.strip()}")

print("Dockerfile: build stage and entrypoint run as plain commands: ok")
