#!/usr/bin/env bash
# Layer check (docs/ARCHITECTURE.md, "Layers"): every `#include "…"` (and
# every <…> include that names a file of src/) in src/ must follow an edge of
# the table below, from the layer of the including file to the layer of the
# included one. Anything else fails with file:line, the include and the rule.
# Includes resolve as the compiler does: beside the including file first, then
# from src/. A short allowlist names the decided exceptions (api holds the
# request's connection; the version routes read the schema version); an entry that no longer matches fails too, so
# the list can only shrink. Python 3 (already a dependency: scripts/deps.sh).
# Usage: scripts/check-layers.sh [SRC_DIR]   (default: src of this checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "${1:-src}" <<'PY'
import os, re, sys

SRC = sys.argv[1]

# Allowed edges: layer -> layers it may include. A layer is a folder of src/
# (app/ is split into its modules); main is src/main.c. Nothing else passes.
APP = ['app/access', 'app/alloc', 'app/recruit', 'app/plan', 'app/governance', 'app/committee', 'app/campaign']
# mail: outbox, SMTP/SMS senders, signed links; account: self-registration and password reset
APP += ['app/mail', 'app/account']
APP += ['app/geo', 'app/estab']  # geo: communes and areas; establishments (which stand on geo)
APP += ['app/train']  # training (issue 12)
APP += ['app/intern']  # internships (issue 12)
APP += ['app/offer']  # offer: issue 11's offers and acceptance
APP += ['app/dash']  # dash: issue 11's recruitment dashboards
ALLOWED = {
    'main':           ['cmd', 'base'],
    # one file per subcommand: options, opening the database, calling app/
    'cmd':            ['cmd', 'api', 'http', *APP, 'db', 'base'],
    # handlers: parse, validate, call app/, serialise (no store/, no db/)
    'api':            ['api', 'http', *APP, 'base'],
    'http':           ['http', 'base'],
    # app modules: each its own folder; alloc is the pure engine (no store,
    # no db, no other module); module edges go one way (no cycles)
    'app/access':     ['app/access', 'store', 'fmt', 'base'],
    'app/alloc':      ['app/alloc', 'base'],
    # recruit: the pure engine (recruit.h, recruit_bundle/rank/rules/result/
    # time.c include only recruit.h and base) and the stored side
    # (recruit_app.h: candidates, pools, needs, the index and the ranking)
    'app/recruit':    ['app/recruit', 'app/mail', 'app/access', 'store', 'fmt', 'base'],
    'app/plan':       ['app/plan', 'app/access', 'store', 'fmt', 'base'],
    'app/governance': ['app/governance', 'app/plan', 'app/access', 'store', 'fmt', 'base'],
    'app/committee':  ['app/committee', 'app/plan', 'app/access', 'store', 'fmt', 'base'],
    'app/campaign':   ['app/campaign', 'app/alloc', 'app/access', 'store', 'fmt', 'base'],
    # offer: waves, acceptance (uses the recruitment engine)
    'app/offer':      ['app/offer', 'app/recruit', 'app/mail', 'app/access', 'store', 'fmt', 'base'],
    # mail module: outbox, senders, signed links
    'app/mail':       ['app/mail', 'app/access', 'store', 'fmt', 'base'],
    'app/account':    ['app/account', 'app/mail', 'app/access', 'store', 'fmt', 'base'],
    'app/geo':        ['app/geo', 'app/access', 'store', 'fmt', 'base'],
    'app/estab':      ['app/estab', 'app/geo', 'app/access', 'store', 'fmt', 'base'],
    # training (issue 12): proposes the plan's measurements through the plan's path; its dropout
    # lines name internship sites, whose dropouts alert rule it has judged after each such write
    'app/train':      ['app/train', 'app/intern', 'app/plan', 'app/access', 'store', 'fmt', 'base'],
    # internships (issue 12): posts through the campaign, measurements through the plan
    'app/intern':     ['app/intern', 'app/campaign', 'app/plan', 'app/access', 'store', 'fmt', 'base'],
    # dash (issue 11): recruitment dashboards; measurements through the plan's path
    'app/dash':       ['app/dash', 'app/recruit', 'app/plan', 'app/access', 'store', 'fmt', 'base'],
    # all SQL; never app/
    'store':          ['store', 'db', 'base'],
    'db':             ['db', 'base'],
    # generic formats: base only
    'fmt':            ['fmt', 'base'],
    'base':           ['base'],
}

# Exceptions, each with its reason: FILE INCLUDE REASON-KEY. Only these two
# remain, both decided (docs/ARCHITECTURE.md, Layers); an entry that no longer
# matches an include fails the check, so the list can only shrink.
REASONS = {
    'pool': 'the dispatcher takes the worker thread\'s connection from the pool (api_ctx, api_db): '
            'the connection is the request\'s, as the arena is; handlers pass it to app/ without using it',
    'version': '/api/version and /healthz report the schema version of the migrations (db/migrate.h)',
}
ALLOWLIST = '''
src/api/api.h                     db/db.h        pool
src/api/public_api.c              db/migrate.h   version
'''
allow = {}
for line in ALLOWLIST.strip().splitlines():
    f, inc, why = line.split()
    allow[(os.path.normpath(f), inc)] = why

# The recruitment engine stays pure inside its module: these files include
# only each other and base/ (the stored side of the module may use store/).
RECRUIT_PURE = {'app/recruit/recruit.h', 'app/recruit/recruit_bundle.c', 'app/recruit/recruit_rank.c',
                'app/recruit/recruit_rules.c', 'app/recruit/recruit_result.c', 'app/recruit/recruit_time.c'}

LAYER_DIRS = {'cmd', 'api', 'http', 'store', 'db', 'fmt', 'base'}

def layer_of(path):
    """Layer of a file given relative to SRC, or None."""
    parts = path.split(os.sep)
    if parts == ['main.c']:
        return 'main'
    if parts[0] == 'app' and len(parts) > 2 and 'app/' + parts[1] in ALLOWED:
        return 'app/' + parts[1]
    if parts[0] in LAYER_DIRS and len(parts) > 1:
        return parts[0]
    return None

ENGINE_HEADERS = {'sqlite3.h', 'libpq-fe.h'}
INCLUDE = re.compile(r'^\s*#\s*include\s*(["<])([^">]+)[">]')
problems, used = [], set()
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(SRC) for f in fs if f.endswith(('.c', '.h')))
for path in files:
    rel = os.path.relpath(path, SRC)
    shown = os.path.normpath(os.path.join('src', rel))
    src_layer = layer_of(rel)
    if src_layer is None:
        problems.append(f'{shown}: file outside every layer (src/main.c or a folder: '
                        f'{", ".join(k for k in ALLOWED if k != "main")})')
        continue
    with open(path, encoding='utf-8', errors='replace') as fh:
        for n, text in enumerate(fh, 1):
            m = INCLUDE.match(text)
            if not m:
                continue
            quote, inc = m.groups()
            beside = os.path.normpath(os.path.join(os.path.dirname(rel), inc))
            if quote == '"' and os.path.isfile(os.path.join(SRC, beside)):
                target = beside
            elif os.path.isfile(os.path.join(SRC, inc)):
                target = os.path.normpath(inc)
            elif quote == '"':
                problems.append(f'{shown}:{n}: #include "{inc}": not found in src/ (write paths from src/)')
                continue
            else:  # a system header: the database engines' own only in src/db/
                if inc in ENGINE_HEADERS and src_layer != 'db':
                    problems.append(f'{shown}:{n}: #include <{inc}>: only src/db/ includes a database engine\'s header '
                                    f'({", ".join(sorted(ENGINE_HEADERS))}); the layers above use db/db.h')
                continue
            dst_layer = layer_of(target)
            if rel in RECRUIT_PURE and dst_layer is not None and dst_layer != 'base' and target not in RECRUIT_PURE:
                problems.append(f'{shown}:{n}: #include "{inc}": the recruitment engine is pure '
                                f'(it includes only recruit.h and base/)')
                continue
            if dst_layer is None or dst_layer in ALLOWED[src_layer]:
                continue
            key = (shown, inc)
            if key in allow:
                used.add(key)
                continue
            problems.append(f'{shown}:{n}: #include {quote}{inc}{">" if quote == "<" else quote}: '
                            f'{src_layer} may not include {dst_layer} '
                            f'({src_layer} may include: {", ".join(ALLOWED[src_layer])})')

for key, why in allow.items():
    if why not in REASONS:
        problems.append(f'allowlist: {key[0]} {key[1]}: unknown reason "{why}"')
    elif key not in used:
        problems.append(f'allowlist: {key[0]} {key[1]} is no longer a leak: remove it from scripts/check-layers.sh')

for p in problems:
    print(p)
if problems:
    print(f'layers: {len(problems)} problem(s) (rules: scripts/check-layers.sh, docs/ARCHITECTURE.md "Layers")')
    sys.exit(1)
print(f'layers: ok ({len(files)} files, {len(allow)} allowlisted leaks: '
      + ', '.join(f'{k} {sum(1 for v in allow.values() if v == k)}' for k in REASONS if k in allow.values()) + ')')
PY
