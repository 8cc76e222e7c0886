#!/usr/bin/env python3
"""Validates sitrep.event/1 JSON lines against the JSON schema.
usage: validate-events.py SCHEMA.json EVENTS.jsonl...   (exit 1 on any invalid line)"""
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding='utf-8'))
validator = jsonschema.Draft202012Validator(schema) if hasattr(jsonschema, 'Draft202012Validator') \
    else jsonschema.Draft7Validator(schema)
bad = total = 0
for path in sys.argv[2:]:
    for no, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.strip()
        if not line:
            continue
        total += 1
        try:
            ev = json.loads(line)
        except json.JSONDecodeError as e:
            print(f'{path}:{no}: not JSON: {e}')
            bad += 1
            continue
        errs = sorted(validator.iter_errors(ev), key=lambda e: list(e.path))
        for e in errs[:3]:
            print(f'{path}:{no}: {"/".join(map(str, e.path))}: {e.message}')
        bad += bool(errs)
print(f'schema: {total - bad}/{total} events valid')
sys.exit(1 if bad else 0)
