#!/usr/bin/env python3
"""Writes the committed seed corpus (fuzz/corpus/<target>/) from the project's
real examples plus hand-made hostile inputs. Run from the repository root;
it only adds or overwrites files named `seed-*`, so inputs the fuzzer found
and that `cargo fuzz cmin` kept stay untouched."""

import glob
import hashlib
import json
import os

ROOT = os.getcwd()
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

# Pipeline seeds start with a byte choosing the planning file's path
# (see `PATHS` in fuzz/targets.rs).
GOAL_MD, TEAM_MD, PLAN_TOML, PLAN_YAML, ISSUES_JSON, ISSUE_MD, GOAL_TOML, TEAM_YAML = range(8)


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as out:
        out.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


# Text that has broken, or could break, byte-offset arithmetic and output.
HOSTILE_TEXT = [
    "é", "🚀", "👩‍👩‍👧", "e\u0301\u0301\u0301", "\u202e\u2066abc\u2069", "\u200b\u200d",
    "\r", "\r\n", "\u2028", "\x1b[2J\x1b]52;c;aGk=\x07", "::error file=x::y", "##[group]",
    "<script>", "</details>", "\ufeff", "Qé123", "2026-Qé", "\U0010ffff",
]

HUGE_NUMBERS = ["99999999999999999999999999", "-9223372036854775809", "1e999", "0x7fffffffffffffffff", "NaN", "-0"]

# --- markdown: goal and team documents ------------------------------------
markdown_files = (
    glob.glob("examples/demo/planning/**/*.md", recursive=True)
    + glob.glob("tests/fixtures/**/*.md", recursive=True)
    + glob.glob("tests/corpus/**/*.md", recursive=True)
    + glob.glob("tests/corpus/**/*.mdx", recursive=True)
)
markdown_files = [f for f in markdown_files if not f.endswith("SOURCE.md")]
for path in sorted(markdown_files):
    write("markdown", read(path))
    role = TEAM_MD if "/teams/" in path else GOAL_MD
    write("pipeline", bytes([role]) + read(path))

FRONTMATTER_GOAL = """---
id: G-1
team: growth
owner: "@bob"
status: in-progress
quarter: {quarter}
---
# {title}

## Why
{why}

## Done when
- [ ] {task}
- [x] done
"""
for text in HOSTILE_TEXT:
    doc = FRONTMATTER_GOAL.format(quarter="2026-Q4" if text != "Qé123" else text, title=text, why=text * 3, task=text)
    write("markdown", doc)
for quarter in ["Qé123", "2026-Qé", "é", "Q", "2026-Q99999999999999999999", "\u0301Q1", "2026‐Q4"]:
    write("markdown", FRONTMATTER_GOAL.format(quarter=quarter, title="t", why="w", task="x"))
    write("pipeline", bytes([GOAL_MD]) + FRONTMATTER_GOAL.format(quarter=quarter, title="t", why="w", task="x").encode())

extra_markdown = [
    "+++\nid = \"G-2\"\nowner = \"@a\"\nquarter = \"2026-Q4\"\n+++\n# TOML frontmatter\n",
    "---\nowner: [\"@a\", \"@b\"]\nmembers: [a, b, c]\n---\n# Team\n<!-- planlint-disable goal-owner -->\n<!-- planlint-enable -->\n",
    "# Roadmap\n## Ship it (Owner: @bob)\n- Owner: @bob, @carol\n- Status: at-risk\n**Team:** growth\n| Point of contact | @x |\n| --- | --- |\n",
    "---\n&a [*a, *a]\n---\n",
    "---\na: &x [*x]\n---\n",
    "---\nowner: \0\n---\n",
    "---\r\nowner: \"@a\"\r\n---\r\n# CRLF\r\n## Done when\r\n- [ ] x\r\n",
    "---\nowner: \"@a\"\n---\r# CR only\r## Why\rbecause\r",
    "\ufeff---\nowner: \"@bob\"\n---\n# BOM\n",
    "---\n" + "a:\n" + "".join("  " * i + "- \n" for i in range(1, 80)) + "---\n",
    "---\na: " + "[" * 200 + "]" * 200 + "\n---\n",
    "+++\na = " + "[" * 200 + "]" * 200 + "\n+++\n",
    "> " * 300 + "x\n",
    "".join("  " * i + "- x\n" for i in range(120)),
    "[" * 2000 + "]" * 2000,
    "*" * 2000 + "x" + "*" * 2000,
    "---\nquarter: " + HUGE_NUMBERS[0] + "\nid: " + HUGE_NUMBERS[2] + "\n---\n",
    "<!-- planlint-disable-next-line -->\n# planlint-ignore goal-owner\n<TeamMember name=\"x\" />\n",
    "# \u202e\u0301\n## \u0301\n- \u0301: \u0301\n",
    "---\nowner: \"@a\n---\n# unterminated\n",
    "---\n---\n---\n",
    "---",
    "+++",
]
for text in extra_markdown:
    write("markdown", text)
    write("pipeline", bytes([GOAL_MD]) + text.encode())

# --- data files -----------------------------------------------------------
TOML_DATA = [
    "[[goal]]\nid = \"G-2\"\nteam = \"growth\"\nowner = \"@alice\"\nstatus = \"proposed\"\nwhy = \"x\"\ndone_when = [\"y ships\"]\nadoption = \"z\"\n\n[[goal]]\nid = \"G-3\"\nteam = \"growth\"\nowner = \"TBD\"\nstatus = \"proposed\"\n",
    "# planlint-ignore goal-owner -- hiring\n[[team]]\nid = \"growth\"\nmembers = [\"@a\", \"@b\"]\nfocus = [\"G-1\"]\n[[goal]]\nid = \"G-1\"\nteam = \"growth\"\nquarter = \"2026-Q4\"\n",
    "team = \"growth\"\nowner = \"@a\"\n",
    "[[goal]]\nid = " + HUGE_NUMBERS[0] + "\n",
    "[[goal]]\nid = 1e999\nquarter = 2026-01-02\nowner = 1979-05-27T07:32:00Z\n",
    "[[goal]]\nid = \"\u202e\u0301é🚀\"\nowner = \"\\u0000\\r\"\nquarter = \"Qé123\"\n",
    "a = " + "[" * 300 + "]" * 300 + "\n",
    "a = " + "{b = " * 100 + "1" + "}" * 100 + "\n",
    "[[goal]]\n" + "".join(f"x{i} = \"{i}\"\n" for i in range(50)),
    "[goal]\nid = \"G-1\"\n[goal.sub]\nx = [[1], [\"a\"], [{y = 2}]]\n",
    "[[goal]]\r\nid = \"G-1\"\r\nowner = '''\r\nmulti\r\nline'''\r\n",
]
for text in TOML_DATA:
    write("data_toml", text)
    write("pipeline", bytes([PLAN_TOML]) + text.encode())
write("pipeline", bytes([GOAL_TOML]) + TOML_DATA[2].encode())

YAML_DATA = [
    "goals:\n  - id: a\n    owner: \"@a\"\n    status: in-progress\n  - id: b\n",
    "team:\n  - id: growth\n    members: [\"@a\", \"@b\"]\ngoal:\n  - id: G-1\n    team: growth\n    quarter: 2026-Q4\n    done_when:\n      - \"[ ] ships\"\n",
    "%YAML 1.2\n---\ngoals:\n  - &g {id: G-1, owner: '@a'}\n  - *g\n  - <<: *g\n    id: G-2\n",
    "a: &a [*a, *a]\n",
    "a: &a\n  b: *a\n",
    "goals:\n  - id: !!str 0x1F\n    owner: !!binary aGk=\n    quarter: ? complex\n",
    "goals:\n  - id: " + HUGE_NUMBERS[0] + "\n    owner: .inf\n    quarter: Qé123\n",
    "goals:\n  - id: \"\\u202e\\u0301\\0\\r\"\n    owner: \"🚀\"\n",
    "a: " + "[" * 300 + "]" * 300 + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 100)),
    "---\ngoals: []\n...\n---\nteams: []\n",
    "goals:\r\n  - id: a\r\n    owner: |\r\n      multi\r\n      line\r\n",
    "\ufeffgoals:\n  - id: x\n",
    "team: growth\nowner: \"@a\"\n",
]
for text in YAML_DATA:
    write("data_yaml", text)
    write("pipeline", bytes([PLAN_YAML]) + text.encode())
write("pipeline", bytes([TEAM_YAML]) + YAML_DATA[-1].encode())

JSON_DATA = [
    json.dumps({"goals": [{"id": "G-1", "owner": "@a", "status": "in-progress", "done_when": ["x"]}]}, indent=2),
    json.dumps({"team": [{"id": "growth", "members": ["@a"]}], "goal": [{"id": "G-1", "team": "growth"}]}),
    '{"goals": [{"id": 99999999999999999999999999, "owner": 1e999, "quarter": "Q\\u00e9123"}]}',
    '{"goals": [{"id": "\\u202e\\u0301\\u0000", "owner": "\\ud83d\\ude80"}]}',
    '{"a": ' + "[" * 300 + "]" * 300 + "}",
    '{"goals": [{"id": "a", "id": "b"}]}',
    '{"goals": [',
    "[]",
]
for text in JSON_DATA:
    write("data_json", text)

# --- gh issue list --json export -------------------------------------------
ISSUES = [
    r'''[{"assignees":[{"id":"MDQ6","login":"alice","name":"Alice"}],"body":"Ships the new flow.\r\n\r\nGoal: G-107\r\n\r\n## Done when\r\n- [ ] 40% activate\r\n- [x] emails \"switched\"","labels":[{"id":"LA_1","name":"goal:G-108","description":"","color":"ededed"},{"id":"LA_2","name":"epic","description":"","color":"ededed"}],"milestone":{"number":3,"title":"2026-Q4","description":"","dueOn":null},"number":12,"state":"OPEN","title":"Onboarding — nouvelle étape 🚀","url":"https://github.com/acme/plan/issues/12"},{"assignees":[],"body":"","labels":[],"milestone":null,"number":13,"state":"CLOSED","title":"Fix","url":"https://github.com/acme/plan/issues/13"}]''',
    r'''[{"number": 1, "title": "say \"hi\" \\ \u00e9\ud83d\ude80", "assignees": [{"login": "b\u006fb"}], "body": "**Goal:** `G-9`, [G-10](https://x) and G-11 (later)"}]''',
    r'''[{"number": 1, "labels": [{"name": "goal:G-1"}, {"name": "Objective/G-2"}]}]''',
    '[\n{"number": 1, "labels": ["epic"]},\n{"number": 2, "assignees": {"login": "a"}},\n{"title": "No number"},\n{"number": "4"},\n{"number": 5.5},\n{"number": 7, "milestone": "2026-Q4"},\n{"number": 8, "labels": [{"color": "fff"}]},\n{"number": 9, "title": 9},\n{"number": 10, "assignees": [{"login": "ok"}], "state": "OPEN"}\n]',
    r'''[{"number": 1, "title": "\ud800"}, {"number": 2}]''',
    r'''[{"number": 1, "title": "a"}, {"number": 2, "title": "b"}, {"number": 3, "title": "cu''',
    '[{"number": 99999999999999999999999999}, {"number": -1}, {"number": 1e999}, {"number": 0}]',
    '[{"number": 3, "title": "\\u202e\\u0301\\u0000\\r\\u001b[2J", "body": "Goal: G-\\u00e9\\n::error file=x::y\\n##[group]", "milestone": {"title": "Q\\u00e9123"}}]',
    "[" * 300 + "]" * 300,
    '[{"number": 1, "body": ' + json.dumps("- [ ] x\n" * 50 + "Goal: G-1 " * 20) + "}]",
    "\ufeff[]",
    "{}",
    '[{"number": 1, "number": 2}]',
]
for text in ISSUES:
    write("issue_export", text)
    write("pipeline", bytes([ISSUES_JSON]) + text.encode())
write("pipeline", bytes([ISSUE_MD]) + b"---\nnumber: 4\nstate: open\nlabels: [goal:G-1]\n---\n# Issue \xc3\xa9\n\nGoal: G-1\n")

# --- pull_request event payload --------------------------------------------
def event(pr):
    return json.dumps({"action": "opened", "number": 12, "pull_request": pr,
                       "repository": {"full_name": "acme/plan", "owner": {"login": "acme"}},
                       "sender": {"login": "alice"}})

EVENTS = [
    event({"number": 12, "title": "Raise activation:\nphase 2", "body": "Does the thing.\r\n\r\n**Goal:** G-107\r\n\r\n- [x] tests",
           "labels": [{"id": 1, "name": "goal:G-108"}, {"name": "planning"}], "user": {"login": "alice", "id": 7},
           "draft": False, "state": "open", "html_url": "https://github.com/acme/plan/pull/12", "base": {"sha": "aaa"}, "head": {"sha": "bbb"}}),
    event({"number": 1, "title": "", "body": None, "labels": [], "user": None}),
    event({"number": 2, "title": "\u202e\u0301é🚀\0\r", "body": "Goal: G-\u00e9\n::error file=x::y\n##[group]\x1b[2J", "labels": [{"name": "goal:Qé123"}]}),
    event({"number": 99999999999999999999999999, "title": 1, "labels": "x"}),
    '{"pull_request": ' + "[" * 300 + "]" * 300 + "}",
    '{"pull_request": {"number": 4}}',
    '{"action": "closed"}',
    '{"pull_request": {"number": 4, "title": "\\ud800"}}',
    "",
]
for text in EVENTS:
    write("event", text)

# --- planlint.toml ------------------------------------------------------------
CONFIGS = [read("examples/demo/planlint.toml").decode()]
CONFIGS += [
    '[files]\nteams = ["org/teams/*.md"]\ngoals = ["org/goals/**/*.{md,toml}"]\ndata = []\nissues = ["planning/issues.json"]\n[[files.headings]]\npaths = ["ROADMAP.md"]\nkind = "goal"\nlevel = 2\n',
    '[fields]\nowner = ["point of contact", "dri", "\u00e9\u0301"]\nwhy = ["motivation"]\n[plan]\nactive-statuses = ["in-progress"]\nplaceholders = ["tbd"]\n',
    '[issues]\ngoal-label-prefix = "goal:"\n[rules.team-size]\nmax = 99999999999999999999\nlevel = "error"\n[rules.owner-load]\nmax = -1\n',
    '[[rule]]\nid = "quarter-format"\non = "goal"\nlevel = "error"\nfield = "quarter"\nmatches = \'^\\d{4}-Q[1-4]$\'\nmessage = "quarter must look like 2026-Q4"\nhelp = "write the quarter as YEAR-QN"\n',
    '[[rule]]\nid = "focus"\non = ["goal", "issue"]\nwhen = { status = { not-one-of = ["dropped"] }, owner = { count = 1 }, title = { matches = "(a+)+$" } }\nfield = "team"\nreferences = "team"\ngroup-by = "team"\nmax-per-group = "$limit"\nmessage = "{id} {kind} {field} {value} {values} {count} {limit} {nope"\n[rule.options]\nlimit = 3\n[rules.focus]\nlimit = 99999999999999999999\n',
    '[[rule]]\nid = "ahead"\non = "goal"\nfield = "quarter"\nmin-quarters-ahead = -9223372036854775808\nmax-quarters-ahead = 9223372036854775807\nmax-age-days = 0\nin-field = "team.members"\nnot-contains = ["\u0301", ""]\none-of = []\n',
    '[[rule]]\nid = "x"\n[[rule]]\nid = "x"\n',
    '[[ignore]]\npaths = ["planning/legacy/**", "[", "{a,{b,{c}}}"]\nrules = ["goal-owner"]\nreason = "\u202e"\n',
    'extend = "base.toml"\n',
    'extend = "planlint.toml"\n',
    'rule-dirs = ["rules"]\n',
    '[files]\nteams = ["' + "*" * 200 + '"]\n',
    'a = ' + "[" * 200 + "]" * 200 + "\n",
    '[rules.team-size]\nlevel = "\x1b]52;c;aGk=\x07"\n',
    '[unknown]\nteems = 1\n',
    '\ufeff[files]\n',
    '[[rule]]\nid = "big"\non = "goal"\nfield = "why"\nmessage = "x"\nmatches = "' + "(a|b)" * 80 + '{1000}"\n',
]
for text in CONFIGS:
    write("config", text)
