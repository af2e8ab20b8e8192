#!/usr/bin/env python3
"""Writes the starter's Spring configuration metadata (what IDEs complete under spring.datasource.cistern.*)
from the property tables in docs/configuration.md and the value kinds in PoolConfigProperties.java.

Run it after a property is added or its description changes:
    python3 cistern-spring-boot-starter/src/build/metadata-from-docs.py
ConfigurationMetadataTest (cistern-spring-boot-tests) fails when the file and PoolConfig's names differ.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "configuration.md"
SOURCE = ROOT / "cistern-core" / "src" / "main" / "java" / "dev" / "cistern" / "PoolConfigProperties.java"
OUT = ROOT / "cistern-spring-boot-starter" / "src" / "main" / "resources" / "META-INF" / "spring-configuration-metadata.json"
PREFIX = "spring.datasource.cistern"

TYPES = {"text": "java.lang.String", "whole": "java.lang.Integer", "flag": "java.lang.Boolean",
         "duration": "java.time.Duration", "fraction": "java.lang.Double"}


def kinds():
    found = {}
    source = SOURCE.read_text()
    for kind, name in re.findall(r'\b(text|whole|flag|duration|fraction)\("([A-Za-z.]+)"', source):
        found[name] = TYPES[kind]
    for name in re.findall(r'SETTERS\.put\("([A-Za-z.]+)"', source):
        found.setdefault(name, "java.lang.String")
    return found


def plain(markdown):
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    return text.replace("`", "").replace("**", "").strip()


def kebab(name):
    special = {"dataSourceJNDI": "data-source-jndi"}
    if name in special:
        return special[name]
    return ".".join(re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), part) for part in name.split("."))


def rows():
    table = {}
    for line in DOCS.read_text().splitlines():
        match = re.match(r"^\| `([A-Za-z.]+)` \| ([^|]*) \| ([^|]*) \| (.*) \|$", line)
        if match:
            name, default, allowed, meaning = match.groups()
            table.setdefault(name, (plain(default), plain(allowed), plain(meaning)))
    return table


def default_value(type_name, default):
    simple = re.match(r"^(-?[0-9.]+(ms|s|m|h|d)?%?|true|false)$", default)
    if not simple:
        return None
    if type_name == "java.lang.Boolean":
        return default == "true"
    if type_name == "java.lang.Integer":
        return int(default) if default.lstrip("-").isdigit() else None
    if type_name == "java.lang.Double":
        return float(default[:-1]) / 100 if default.endswith("%") else float(default)
    return default


def main():
    table = rows()
    properties = []
    for name, type_name in kinds().items():
        if name not in table:
            raise SystemExit(f"{name} has no row in {DOCS.name}")
        default, allowed, meaning = table[name]
        entry = {"name": f"{PREFIX}.{kebab(name)}", "type": type_name,
                 "description": f"{meaning} Allowed: {allowed}. Default: {default}.",
                 "sourceType": "dev.cistern.PoolConfig"}
        value = default_value(type_name, default)
        if value is not None:
            entry["defaultValue"] = value
        properties.append(entry)
    properties.append({"name": f"{PREFIX}.data-source-properties", "type": "java.util.Map<java.lang.String,java.lang.String>",
                       "description": "Driver properties (or, with data-source-class-name, the data source's"
                                      " bean properties), e.g. sslmode=require. HikariCP's dataSource.* keys.",
                       "sourceType": "dev.cistern.PoolConfig"})
    properties += [
        {"name": "cistern.micrometer.enabled", "type": "java.lang.Boolean", "defaultValue": True,
         "description": "Bind Cistern's Micrometer meters (db.client.connection.*, cistern.connections.*) for every"
                        " Cistern pool in the context to Boot's meter registries."},
        {"name": "cistern.micrometer.hikari-names", "type": "java.lang.Boolean", "defaultValue": False,
         "description": "Also publish HikariCP's meter names (hikaricp.connections.*), so dashboards and alerts"
                        " built for HikariCP keep working."},
        {"name": "management.health.cistern.enabled", "type": "java.lang.Boolean", "defaultValue": True,
         "description": "Whether to enable the Cistern pools' health indicator (DOWN while a pool's circuit"
                        " breaker is open)."},
    ]
    metadata = {"groups": [{"name": PREFIX, "type": "dev.cistern.PoolConfig",
                            "description": "Cistern connection pool settings (every PoolConfig property)."}],
                "properties": properties, "hints": []}
    OUT.write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(properties)} properties to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
