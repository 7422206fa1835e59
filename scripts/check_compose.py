#!/usr/bin/env python3
"""Static checks of docker-compose.yml, .env.example, the Dockerfile, deploy/grafana and deploy/systemd
(no Docker engine runs here).

Run: /usr/bin/python3 scripts/check_compose.py   (needs Debian's python3-yaml)
"""
import json
import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
compose = yaml.safe_load((root / "docker-compose.yml").read_text())
dockerfile = (root / "Dockerfile").read_text()
csproj = (root / "src/LoadSense.Cli/LoadSense.Cli.csproj").read_text()
program = "\n".join(p.read_text() for p in (root / "src/LoadSense.Cli").rglob("*.cs"))
sources = {p: p.read_text() for p in (root / "src").rglob("*.cs") if "/obj/" not in str(p) and "/bin/" not in str(p)}
env_example_text = (root / ".env.example").read_text() if (root / ".env.example").is_file() else None
errors = []

services = compose.get("services") or {}
declared_volumes = compose.get("volumes") or {}
for required in ("influxdb", "grafana", "loadsense"):
    if required not in services:
        errors.append(f"docker-compose.yml has no '{required}' service")


def environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def settings_class(type_name):
    for text in sources.values():
        if re.search(rf"\bclass {re.escape(type_name)}\b", text):
            return text
    return None


def check_setting(where, key):
    """A LOADSENSE_A__B variable must name a property path of LoadSenseSettings (case-insensitive, like .NET configuration)."""
    if not key.startswith("LOADSENSE_"):
        return
    parts = key[len("LOADSENSE_"):].split("__")
    text = settings_class("LoadSenseSettings")
    for i, part in enumerate(parts):
        match = text and re.search(rf"public\s+([\w.?<>]+)\s+{re.escape(part)}\s*\{{\s*get;\s*set;", text, re.IGNORECASE)
        if not match:
            errors.append(f"{where}: {key} names no setting ('{part}' is not a property)")
            return
        if i < len(parts) - 1:
            text = settings_class(match.group(1).split(".")[-1])


# Every service: a pinned image or a build, a healthcheck, declared named volumes, existing bind sources.
for name, service in services.items():
    image = service.get("image")
    if "build" in service:
        context = root / (service["build"] if isinstance(service["build"], str) else service["build"].get("context", "."))
        if not (context / "Dockerfile").is_file():
            errors.append(f"{name}: build context {context} has no Dockerfile")
    elif not image:
        errors.append(f"{name}: neither image nor build")
    elif ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest"):
        errors.append(f"{name}: image '{image}' is not pinned to a version tag")
    test = (service.get("healthcheck") or {}).get("test")
    if not test or test == ["NONE"]:
        errors.append(f"{name}: no healthcheck")
    for volume in service.get("volumes", []):
        source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith("."):
            if not (root / source).exists():
                errors.append(f"{name}: bind mount source '{source}' does not exist")
        elif not source.startswith("/") and source not in declared_volumes:
            errors.append(f"{name}: volume '{source}' is not declared under volumes:")
    for dependency, condition in (service.get("depends_on") or {}).items() if isinstance(service.get("depends_on"), dict) else []:
        if dependency not in services:
            errors.append(f"{name}: depends on unknown service '{dependency}'")

# Variables the file takes from .env: each either has a default or is documented in .env.example.
used = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}", (root / "docker-compose.yml").read_text()))
with_default = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*):-", (root / "docker-compose.yml").read_text()))
if env_example_text is None:
    errors.append(".env.example is missing")
else:
    documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", env_example_text, re.M))
    for variable in sorted(used - documented - with_default):
        errors.append(f"docker-compose.yml uses ${{{variable}}}, which .env.example does not set")
if ".env" not in (root / ".gitignore").read_text().split():
    errors.append(".gitignore does not ignore .env (secrets)")

# InfluxDB 2.7 is set up from env.
influx = services.get("influxdb")
if influx:
    env = environment(influx)
    if influx.get("image") != "influxdb:2.7":
        errors.append("influxdb: image must be influxdb:2.7")
    for key in ("MODE", "USERNAME", "PASSWORD", "ORG", "BUCKET", "ADMIN_TOKEN"):
        if f"DOCKER_INFLUXDB_INIT_{key}" not in env:
            errors.append(f"influxdb: DOCKER_INFLUXDB_INIT_{key} is not set")

# Grafana: admin password from env, no anonymous access, provisioning and dashboards mounted.
grafana = services.get("grafana")
provisioning = root / "deploy/grafana/provisioning"
if grafana:
    env = environment(grafana)
    if not env.get("GF_SECURITY_ADMIN_PASSWORD", "").startswith("${"):
        errors.append("grafana: GF_SECURITY_ADMIN_PASSWORD must come from the environment (.env)")
    if env.get("GF_AUTH_ANONYMOUS_ENABLED", "").lower() != "false":
        errors.append("grafana: GF_AUTH_ANONYMOUS_ENABLED must be \"false\"")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in grafana.get("volumes", []) if isinstance(v, str)}
    if mounts.get("/etc/grafana/provisioning") != "./deploy/grafana/provisioning":
        errors.append("grafana: ./deploy/grafana/provisioning is not mounted at /etc/grafana/provisioning")
    providers = [p for f in sorted((provisioning / "dashboards").glob("*.yaml")) for p in yaml.safe_load(f.read_text()).get("providers", [])]
    if not providers:
        errors.append("deploy/grafana/provisioning/dashboards has no dashboard provider")
    for provider in providers:
        path = provider.get("options", {}).get("path")
        if mounts.get(path) != "./deploy/grafana/dashboards":
            errors.append(f"grafana: the provider's path {path} is not where ./deploy/grafana/dashboards is mounted")
        if provider.get("allowUiUpdates") is not False:
            errors.append("dashboard provider: allowUiUpdates must be false")
    for variable in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", "".join(re.sub(r"(?m)^\s*#.*$", "", f.read_text()) for f in provisioning.rglob("*.yaml"))):
        if variable not in env:
            errors.append(f"grafana: provisioning uses ${{{variable}}}, which the service's environment does not set")

# Data source and dashboards: every dashboard parses, is read-only and uses the provisioned uid.
uids = [d.get("uid") for f in sorted((provisioning / "datasources").glob("*.yaml")) for d in yaml.safe_load(f.read_text()).get("datasources", [])]
dashboards = sorted((root / "deploy/grafana/dashboards").glob("*.json"))
if not uids or not dashboards:
    errors.append("deploy/grafana needs a provisioned data source with a uid and dashboards")
for f in dashboards:
    dashboard = json.loads(f.read_text())
    if dashboard.get("editable") is not False:
        errors.append(f"{f.name}: editable must be false")
    for panel in dashboard.get("panels", []):
        for target in panel.get("targets", []):
            uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid")
            if uid not in uids:
                errors.append(f"{f.name} / {panel.get('title')}: data source uid '{uid}' is not provisioned")

# loadsense: a real command, InfluxDB healthy first, and every LOADSENSE_ variable names a setting.
service = services.get("loadsense")
if service:
    command = service.get("command", [None])[0]
    if f'new Command("{command}"' not in program:
        errors.append(f"service command '{command}' is not a loadsense command")
    if (service.get("depends_on") or {}).get("influxdb", {}).get("condition") != "service_healthy":
        errors.append("loadsense: must depend on influxdb with condition service_healthy")
    if "demo" not in (service.get("profiles") or []) and not any("demo" in (s.get("profiles") or []) for s in services.values()):
        errors.append("no service in the 'demo' profile")

    for key in environment(service):
        check_setting("loadsense", key)

# The gateway's systemd units: a real command, the settings file names real settings, hardening on.
systemd = root / "deploy/systemd"
for unit in sorted(systemd.glob("*.service")):
    text = unit.read_text()
    exec_start = re.search(r"^ExecStart=/opt/loadsense/loadsense (\w+)", text, re.M)
    if not exec_start or f'new Command("{exec_start.group(1)}"' not in program:
        errors.append(f"{unit.name}: ExecStart does not run a loadsense command")
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "User=loadsense", "SupplementaryGroups=bluetooth"):
        if option not in text:
            errors.append(f"{unit.name}: {option} is missing")
service_unit = systemd / "loadsense.service"
if not service_unit.is_file():
    errors.append("deploy/systemd/loadsense.service is missing")
else:
    for option in ("Type=notify", "Restart=on-failure", "ExecStart=/opt/loadsense/loadsense run"):
        if option not in service_unit.read_text():
            errors.append(f"loadsense.service: {option} is missing")
env_file = systemd / "loadsense.env.example"
if env_file.is_file():
    for key in re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)=", env_file.read_text(), re.M):
        check_setting(env_file.name, key)
else:
    errors.append("deploy/systemd/loadsense.env.example is missing")

assembly = re.search(r"<AssemblyName>(.+?)</AssemblyName>", csproj).group(1)
if f"/app/{assembly}.dll" not in dockerfile:
    errors.append(f"Dockerfile ENTRYPOINT does not run /app/{assembly}.dll")
if not re.search(r"^USER (?!root)\S+", dockerfile, re.M):
    errors.append("Dockerfile does not switch to a non-root user")

for e in errors:
    print("check_compose:", e, file=sys.stderr)
print("docker-compose.yml, Dockerfile, deploy/grafana and deploy/systemd: " + ("ok" if not errors else f"{len(errors)} problems"))
sys.exit(1 if errors else 0)
