#!/usr/bin/python3
"""Runs one golden case (tests/golden/cases/NAME.test) against the frontline binary.

    /usr/bin/python3 tests/golden/run_golden.py --frontline BIN --data tests/data/golden \
        --repo-data data [--work DIR] [--keep] [--show] CASE.test [CASE.test ...]

The case format is documented in tests/golden/README.md. Exit status: 0 when every case
passes, 1 when any fails (each failure is explained on stdout), 2 on a malformed case file.
Standard library only.
"""
import argparse
import difflib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

COMMAND_TIMEOUT = 240  # seconds, per frontline invocation


class CaseError(Exception):
    """The case file itself is malformed."""


class Step:
    def __init__(self):
        self.args = None        # list of tokens (placeholders not yet substituted)
        self.exit = 0
        self.stdout = None      # expected text, or None: not checked
        self.stderr = None      # list of regexes, or None: not checked
        self.files = []         # (path, kind, expected lines)
        self.line = 0


class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.setup = []         # list of (line, program, tokens): program "frontline" or "python"
        self.steps = []


SECTION_RE = re.compile(r"^--- (stdout|stderr|geojson|json|then)(?:\s+(\S+))?\s*$")


def parse_case(path):
    case = Case(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    step = None
    section = None  # (kind, arg, buffer)

    def close_section():
        nonlocal section
        if section is None:
            return
        kind, arg, buf = section
        if kind == "stdout":
            step.stdout = "".join(l + "\n" for l in buf)
        elif kind == "stderr":
            step.stderr = [l for l in buf if l.strip()]
        elif kind in ("geojson", "json"):
            step.files.append((arg, kind, buf))
        section = None

    for n, line in enumerate(lines, 1):
        m = SECTION_RE.match(line)
        if m:
            if step is None or step.args is None:
                raise CaseError(f"{path}:{n}: a section before any 'args:' line")
            close_section()
            kind, arg = m.group(1), m.group(2)
            if kind == "then":
                step = None
                continue
            if kind in ("geojson", "json") and not arg:
                raise CaseError(f"{path}:{n}: '--- {kind}' needs a file path")
            section = (kind, arg, [])
            continue
        if section is not None:
            section[2].append(line)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        if not sep:
            raise CaseError(f"{path}:{n}: expected 'key: value', a '--- section' or a comment")
        value = value.strip()
        if key in ("setup", "python"):
            if case.steps:
                raise CaseError(f"{path}:{n}: '{key}:' lines come before the first 'args:'")
            case.setup.append((n, "frontline" if key == "setup" else "python", shlex.split(value)))
        elif key == "args":
            if step is not None and step.args is not None:
                raise CaseError(f"{path}:{n}: a second 'args:' in one step; separate steps with '--- then'")
            step = Step()
            step.args = shlex.split(value)
            step.line = n
            case.steps.append(step)
        elif key == "exit":
            if step is None:
                raise CaseError(f"{path}:{n}: 'exit:' before 'args:'")
            step.exit = int(value)
        else:
            raise CaseError(f"{path}:{n}: unknown key '{key}'")
    if step is not None:
        close_section()
    if not case.steps:
        raise CaseError(f"{path}: no 'args:' line")
    return case


# ---- placeholders ----

def substitute(text, env):
    for k, v in env.items():
        text = text.replace(f"@{k}@", v)
    return text


NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
PATTERN_RE = re.compile(r"@(NUM|ANY|APPROX:[^@:]+:[^@:]+)@")


def match_text(expected, actual):
    """Matches actual text against expected text with @NUM@, @ANY@ and @APPROX:v:tol@ patterns.
    Returns None on a match, or a reason."""
    regex = []
    approx = []
    pos = 0
    for m in PATTERN_RE.finditer(expected):
        regex.append(re.escape(expected[pos:m.start()]))
        token = m.group(1)
        if token == "NUM":
            regex.append(NUMBER)
        elif token == "ANY":
            regex.append(r"[^\n]*")
        else:
            _, value, tol = token.split(":")
            approx.append((float(value), tol))
            regex.append(f"({NUMBER})")
        pos = m.end()
    regex.append(re.escape(expected[pos:]))
    m = re.fullmatch("".join(regex), actual, re.S)
    if m is None:
        return "text differs"
    for (value, tol), got in zip(approx, m.groups()):
        got = float(got)
        limit = abs(value) * float(tol[:-1]) / 100 if tol.endswith("%") else float(tol)
        if abs(got - value) > limit:
            return f"{got} is not within {tol} of {value}"
    return None


def fmt_coord(x):
    s = f"{round(x, 7):.7f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def summarize_geojson(path):
    """One line per feature: change, statuses, area and the bounding box of its coordinates
    (of a MultiPolygon's rings, whether each is closed; of a LineString's points)."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return ["not a FeatureCollection"]
    out = [f"features={len(doc['features'])}"]
    for feat in doc["features"]:
        props = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        xs, ys = [], []
        closed = True
        if geom.get("type") == "MultiPolygon":
            for poly in geom["coordinates"]:
                for ring in poly:
                    closed = closed and len(ring) >= 4 and ring[0] == ring[-1]
                    xs += [p[0] for p in ring]
                    ys += [p[1] for p in ring]
        elif geom.get("type") == "LineString":
            closed = None  # a line is neither
            xs = [p[0] for p in geom["coordinates"]]
            ys = [p[1] for p in geom["coordinates"]]
        bbox = ",".join(fmt_coord(v) for v in (min(xs), min(ys), max(xs), max(ys))) if xs else "none"
        area = props.get("area_km2")
        out.append(f"change={props.get('change')} before={props.get('status_before')} "
                   f"after={props.get('status_after')} area_km2={area!r} geometry={geom.get('type')} "
                   f"closed={'-' if closed is None else 'yes' if closed else 'no'} bbox={bbox}")
    return out


# ---- running ----

def run(binary, tokens, env, cwd, program="frontline"):
    argv = [binary if program == "frontline" else sys.executable] + [substitute(t, env) for t in tokens]
    proc_env = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
    try:
        p = subprocess.run(argv, cwd=cwd, env=proc_env, capture_output=True, timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        return argv, None, "", f"timed out after {COMMAND_TIMEOUT} s"
    return argv, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def describe_rc(rc):
    if rc is None:
        return "no exit status (timeout)"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit {rc}"


def run_case(case, args):
    tmp = tempfile.mkdtemp(prefix=f"{case.name}.", dir=args.work)
    env = {
        "DATA": os.path.abspath(args.data),
        "REPO_DATA": os.path.abspath(args.repo_data),
        "TMP": tmp,
        "STORE": os.path.join(tmp, "store.sqlite"),
    }
    failures = []
    for line, program, tokens in case.setup:
        argv, rc, out, err = run(args.frontline, tokens, env, tmp, program)
        if rc != 0:
            failures.append(f"{case.path}:{line}: setup `{shlex.join(argv)}` failed ({describe_rc(rc)})\n{err}")
            break
    if not failures:
        for i, step in enumerate(case.steps, 1):
            argv, rc, out, err = run(args.frontline, step.args, env, tmp)
            where = f"{case.path}:{step.line}: step {i} `{shlex.join(argv)}`"
            if args.show:
                print(f"=== {where}\n{describe_rc(rc)}\n--- stdout\n{out}--- stderr\n{err}")
            problems = []
            if rc is None or rc < 0 or rc != step.exit:
                problems.append(f"expected exit {step.exit}, got {describe_rc(rc)}")
            if step.stdout is not None:
                expected = substitute(step.stdout, env)
                why = match_text(expected, out)
                if why:
                    diff = "".join(difflib.unified_diff(expected.splitlines(True), out.splitlines(True),
                                                        "expected stdout", "actual stdout"))
                    problems.append(f"stdout: {why}\n{diff}")
            if step.stderr is not None:
                if not step.stderr and err:
                    problems.append(f"stderr should be empty, got:\n{err}")
                for pattern in step.stderr:
                    pat = substitute(pattern, {k: re.escape(v) for k, v in env.items()})
                    if not re.search(pat, err, re.M):
                        problems.append(f"stderr does not match /{pat}/; stderr was:\n{err}")
            for path, kind, lines in step.files:
                fpath = substitute(path, env)
                if not os.path.exists(fpath):
                    problems.append(f"{fpath} was not written")
                    continue
                try:
                    if kind == "geojson":
                        actual = "".join(l + "\n" for l in summarize_geojson(fpath))
                    else:
                        with open(fpath, encoding="utf-8") as f:
                            actual = json.dumps(json.load(f), indent=2, ensure_ascii=False) + "\n"
                except (OSError, ValueError) as e:
                    problems.append(f"{fpath}: cannot read it as JSON: {e}")
                    continue
                expected = substitute("".join(l + "\n" for l in lines), env)
                why = match_text(expected, actual)
                if why:
                    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                        f"expected {kind} {path}", "actual"))
                    problems.append(f"{kind} {path}: {why}\n{diff}")
            if problems:
                failures.append(f"{where}\n  " + "\n  ".join(problems))
                if args.show:
                    continue
                break  # later steps depend on this one
    if failures:
        print(f"FAIL {case.name} (work dir kept: {tmp})")
        for f in failures:
            print(f)
        return False
    print(f"PASS {case.name} ({len(case.steps)} steps)")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True, help="the frontline binary")
    ap.add_argument("--data", required=True, help="tests/data/golden (@DATA@)")
    ap.add_argument("--repo-data", required=True, help="the repository's data/ folder (@REPO_DATA@)")
    ap.add_argument("--work", default=None, help="where per-case temporary folders go")
    ap.add_argument("--keep", action="store_true", help="keep work folders of passing cases too")
    ap.add_argument("--show", action="store_true",
                    help="print every step's actual output (to help write a case; review it by hand, "
                         "never paste it as the expectation unchecked)")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    if not os.access(args.frontline, os.X_OK):
        print(f"FAIL: {args.frontline} is not an executable")
        return 1
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    ok = True
    for path in args.cases:
        try:
            case = parse_case(path)
        except (CaseError, ValueError) as e:
            print(f"FAIL: malformed case: {e}")
            return 2
        ok = run_case(case, args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
