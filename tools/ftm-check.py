"""
Checks FollowTheMoney JSON lines (stdin) against the reference implementation, strictly: every
schema known and concrete, every property the schema's, every value one FtM keeps unchanged when it
cleans it (`ftm validate` drops bad values silently; this says which), fragments of one id of one
schema, required properties present once fragments are merged, and every entity reference pointing
at an entity in the file whose schema its range accepts. Prints each problem; exits 1 if any.

Usage: python tools/ftm-check.py < entities.jsonl   (with followthemoney installed: tools/ftm-requirements.txt)
"""
import json
import sys

from followthemoney import model
from followthemoney.exc import InvalidData

problems = []
schemas = {}
properties = {}
references = []

for number, line in enumerate(sys.stdin, 1):
    if not line.strip():
        continue
    data = json.loads(line)
    where = f"line {number} ({data.get('id')})"
    schema = model.get(data.get("schema"))
    if schema is None or schema.abstract:
        problems.append(f"{where}: {data.get('schema')!r} is not a concrete FtM schema")
        continue
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except InvalidData as error:
        problems.append(f"{where}: {error}")
        continue
    kept = proxy.to_dict()["properties"]
    for name, values in data.get("properties", {}).items():
        lost = [v for v in values if v not in kept.get(name, [])]
        if lost:
            problems.append(f"{where}: {schema.name}.{name} does not keep {lost!r}")
    if schemas.setdefault(proxy.id, schema) != schema:
        problems.append(f"{where}: fragments of {proxy.id} disagree on the schema ({schemas[proxy.id].name}, {schema.name})")
    merged = properties.setdefault(proxy.id, {})
    for name, values in kept.items():
        merged.setdefault(name, set()).update(values)
        prop = schema.get(name)
        if prop.type.name == "entity":
            references.extend((where, f"{schema.name}.{name}", value, prop.range) for value in values)

for entity_id, schema in schemas.items():
    for name in schema.required:
        if not properties[entity_id].get(name):
            problems.append(f"{entity_id}: {schema.name} requires {name}")
for where, prop, value, expected in references:
    target = schemas.get(value)
    if target is None:
        problems.append(f"{where}: {prop} points at {value}, which is not in the file")
    elif expected is not None and not target.is_a(expected):
        problems.append(f"{where}: {prop} points at a {target.name}, not a {expected.name}")

for problem in problems:
    print(problem)
print(f"{len(schemas)} entities checked, {len(problems)} problems", file=sys.stderr)
sys.exit(1 if problems else 0)
