"""Differential run of `schemagen validate` against Prisma's own validator (`oracle validate`).

Mutates schemas of the corpus (Prisma's validation suite, the realworld schemas below 60 KB, our
oracle cases): switches the provider, adds or removes attributes, changes types and arities, adds
preview features; validates each mutant with both and keeps those whose errors differ, with both
lists beside them (`cN.prisma` + `cN.prisma.json`).

    cargo build --release -p schemagen
    python3 tests/tools/oracle_diff.py OUT_DIR CASES [SEED]

Prints one line per differing case and the counts: `verdict` (one says valid, the other not),
`first` (first error differs), `rest` (later errors differ). Known deliberate differences (unknown
preview features are warnings; `url` accepted) show up too: see README, "Deliberate differences".
Needs the oracle (`../shared/oracle/oracle`) and python3; about four cases a second on two cores.
"""
import json, os, random, re, subprocess, sys, glob
from multiprocessing import Pool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
ORACLE = os.path.join(SHARED, "oracle", "oracle")
SG = os.path.join(ROOT, "target", "release", "schemagen")
OUT = sys.argv[1]
N = int(sys.argv[2])
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1
os.makedirs(OUT, exist_ok=True)

srcs = []
for f in glob.glob(os.path.join(SHARED, "corpus/prisma-engines/psl/psl/tests/validation/**/*.prisma"), recursive=True):
    srcs.append(f)
for f in glob.glob(os.path.join(SHARED, "corpus/realworld/**/*.prisma"), recursive=True):
    if os.path.getsize(f) < 60000: srcs.append(f)
for f in glob.glob(os.path.join(ROOT, "tests/fixtures/prisma-cases/*.prisma")):
    srcs.append(f)
texts = []
for f in srcs:
    t = open(f, encoding="utf-8", errors="replace").read()
    if "mongodb" in t: continue
    t = re.sub(r'^\s*(url|directUrl|shadowDatabaseUrl)\s*=.*$', '', t, flags=re.M)
    texts.append(t)

PROVIDERS = ["postgresql", "mysql", "sqlite", "sqlserver", "cockroachdb"]
SCALARS = ["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]
FATTRS = ['@unique', '@id', '@default(autoincrement())', '@default(now())', '@default(uuid())', '@default(cuid())',
          '@updatedAt', '@db.Text', '@db.VarChar(10)', '@db.Uuid', '@map("x")', '@ignore', '@default("x")',
          '@default(1)', '@default(dbgenerated("x"))', '@default(true)', '@default([])', '@db.Decimal(10, 2)',
          '@db.Timestamptz(3)', '@db.Int', '@db.BigInt', '@db.SmallInt', '@db.Char(3)', '@unique(map: "u")',
          '@id(map: "pk")', '@default(1.5)', '@default(sequence())', '@db.Date', '@db.JsonB', '@db.Bit(1)',
          '@db.TinyInt', '@db.Money', '@db.Xml', '@db.Inet', '@db.Real', '@db.DoublePrecision',
          '@unique(sort: Desc)', '@unique(length: 10)', '@id(sort: Desc)', '@default(nanoid(5))', '@default(ulid())',
          '@default(uuid(7))', '@default(cuid(2))', '@relation(fields: [id], references: [id])', '@shardKey']
ACTIONS = ["Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"]
FEATURES = ["views", "multiSchema", "fullTextIndex", "fullTextSearch", "postgresqlExtensions", "shardKeys", "relationJoins", "strictUndefinedChecks", "nativeDistinct"]

ATTR_RE = re.compile(r'@@?[A-Za-z_][\w.]*(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?')
FIELD_RE = re.compile(r'^(\s+)([A-Za-z_]\w*)(\s+)([A-Za-z_]\w*)(\?|\[\])?', re.M)

def blocks(t):
    return [m for m in re.finditer(r'^(model|view)\s+(\w+)\s*\{(.*?)^\}', t, re.M | re.S)]

def field_names(body):
    return [m.group(2) for m in FIELD_RE.finditer(body)]

def mutate(t, r):
    k = r.randrange(12)
    if k == 0:
        p = r.choice(PROVIDERS)
        if re.search(r'provider\s*=\s*"(postgresql|postgres|mysql|sqlite|sqlserver|cockroachdb)"', t):
            return re.sub(r'(datasource\s+\w+\s*\{[^}]*provider\s*=\s*)"[^"]*"', r'\1"%s"' % p, t, count=1)
        return 'datasource db {\n  provider = "%s"\n}\n\n' % p + t
    if k == 1:
        ms = list(ATTR_RE.finditer(t))
        if not ms: return t
        m = r.choice(ms)
        return t[:m.start()] + t[m.end():]
    fs = list(FIELD_RE.finditer(t))
    if k == 2 and fs:
        m = r.choice(fs)
        tops = re.findall(r'^(?:model|enum|view|type)\s+(\w+)', t, re.M)
        ty = r.choice(SCALARS + tops) if tops else r.choice(SCALARS)
        return t[:m.start(4)] + ty + t[m.end(4):]
    if k == 3 and fs:
        m = r.choice(fs)
        ar = r.choice(["", "?", "[]"])
        return t[:m.end(4)] + ar + t[m.end():]
    lines = t.split("\n")
    if k == 4:
        i = r.randrange(len(lines)); del lines[i]; return "\n".join(lines)
    if k == 5 and fs:
        m = r.choice(fs)
        e = t.find("\n", m.start() + 1)
        line = t[m.start():e]
        return t[:e] + line + t[e:]
    if k in (6, 7) and fs:
        m = r.choice(fs)
        e = t.find("\n", m.start() + 1)
        if e < 0: e = len(t)
        return t[:e] + " " + r.choice(FATTRS) + t[e:]
    bs = blocks(t)
    if k in (8, 9) and bs:
        b = r.choice(bs)
        names = field_names(b.group(3)) or ["id"]
        a = r.choice([
            '@@index([%s])', '@@unique([%s, %s])', '@@id([%s])', '@@map("t")', '@@ignore', '@@schema("x")',
            '@@fulltext([%s])', '@@index([%s], type: Hash)', '@@unique([%s(sort: Desc)])', '@@index([%s(ops: raw("x"))], type: Gin)',
            '@@id([%s, %s], map: "pk")', '@@index([%s], map: "idx")', '@@unique([%s], name: "%s")', '@@index([%s(length: 5)])',
            '@@index([%s], clustered: true)', '@@id([%s], clustered: false)', '@@shardKey([%s])'])
        a = a.replace("%s", r.choice(names), 1).replace("%s", r.choice(names), 1)
        end = b.end() - 1
        return t[:end] + "  " + a + "\n" + t[end:]
    if k == 10 and "@relation(" in t:
        ms = [m for m in re.finditer(r'@relation\(', t)]
        m = r.choice(ms)
        return t[:m.end()] + "%s: %s, " % (r.choice(["onDelete", "onUpdate"]), r.choice(ACTIONS)) + t[m.end():]
    if k == 11:
        f = r.choice(FEATURES)
        if re.search(r'generator\s+\w+\s*\{', t):
            if "previewFeatures" in t:
                return re.sub(r'previewFeatures\s*=\s*\[', 'previewFeatures = ["%s", ' % f, t, count=1)
            return re.sub(r'(generator\s+\w+\s*\{)', r'\1\n  previewFeatures = ["%s"]' % f, t, count=1)
        return 'generator client {\n  provider = "prisma-client-js"\n  previewFeatures = ["%s"]\n}\n\n' % f + t
    return t

def errs_oracle(path):
    for _ in range(3):
        try:
            o = subprocess.run([ORACLE, "validate", path], capture_output=True, text=True, timeout=60).stdout
            d = json.loads(o)
            return [(e["message"], e["startLine"]) for e in d["errors"]]
        except Exception:
            pass
    return None

def errs_ours(path):
    p = subprocess.run([SG, "validate", "--schema", path, "--format", "json"], capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        return ("CRASH", p.returncode, p.stderr[-500:])
    d = json.loads(p.stdout)
    return [(e["message"], e["line"]) for e in d["diagnostics"] if e["severity"] == "error"]

def one(i):
    r = random.Random(SEED * 1000003 + i)
    t = r.choice(texts)
    for _ in range(r.choice([1, 1, 2, 3])):
        t = mutate(t, r)
    path = "%s/c%d.prisma" % (OUT, i)
    open(path, "w").write(t)
    P = errs_oracle(path)
    S = errs_ours(path)
    if P is None:
        os.remove(path); return ("oracle-fail", i)
    if isinstance(S, tuple):
        return ("CRASH", i, S)
    if P == [(m, l) for m, l in S]:
        os.remove(path); return ("same", i)
    kind = "verdict" if bool(P) != bool(S) else ("first" if (P[:1] != S[:1]) else "rest")
    json.dump({"kind": kind, "prisma": P, "ours": S}, open(path + ".json", "w"), indent=1)
    return (kind, i)

if __name__ == "__main__":
    counts = {}
    with Pool(2) as pool:
        for res in pool.imap_unordered(one, range(N)):
            counts[res[0]] = counts.get(res[0], 0) + 1
            if res[0] not in ("same",):
                print(res, flush=True)
    print("COUNTS", counts, flush=True)
