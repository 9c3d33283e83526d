//! Containment: nothing outside the repository is read through it, nothing
//! is written through a symlink, and the config comes from the checked mode.

use crate::common::{check_in_every_mode, Repo, Run, CLEAN_GOAL, CLEAN_TEAM};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// A secret outside the repository, as a CI runner's environment would be.
const SECRET: &str = "ghp_SECRETTOKEN0123456789";

/// A folder outside the repository holding a secret file and an innocent one.
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("secret.toml"),
            format!("token = \"{SECRET}\"\n"),
        )
        .expect("write");
        std::fs::create_dir(dir.path().join("rules")).expect("mkdir");
        std::fs::write(
            dir.path().join("rules/leak.toml"),
            format!("id = \"leak\"\non = \"goal\"\nfield = \"{SECRET}\"\nrequired = true\n"),
        )
        .expect("write");
        std::fs::write(dir.path().join("victim.txt"), "precious\n").expect("write");
        Outside { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn victim_untouched(&self) {
        assert_eq!(
            std::fs::read_to_string(self.path("victim.txt")).expect("read victim"),
            "precious\n",
            "a file outside the repository changed"
        );
    }
}

fn plan() -> Repo {
    let repo = Repo::git();
    repo.write("planning/teams/growth.md", CLEAN_TEAM)
        .write("planning/goals/g-107.md", CLEAN_GOAL);
    repo
}

fn assert_no_secret(run: &Run) {
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "the secret leaked:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
    symlink(target, at).expect("symlink");
}

#[test]
fn extend_to_an_absolute_path_is_refused_without_reading_it() {
    let outside = Outside::new();
    let repo = plan();
    let target = outside.path("secret.toml");
    repo.write(
        "planlint.toml",
        &format!("extend = \"{}\"\n", target.display()),
    )
    .commit("plan");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("names a file outside the repository"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run);
    // /proc/self/environ holds the CI step's tokens.
    repo.write("planlint.toml", "extend = \"/proc/self/environ\"\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("names a file outside the repository"));
    assert!(!run.stderr.contains("PATH="), "{}", run.stderr);
}

#[test]
fn extend_climbing_out_of_the_repository_is_refused() {
    let outside = Outside::new();
    let repo = plan();
    // From the repository's root up to the outside folder, by `..`.
    let ups = "../".repeat(repo.path().components().count() + 2);
    let target = format!("{ups}{}", outside.path("secret.toml").display());
    repo.write("planlint.toml", &format!("extend = \"{target}\"\n"));
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the repository"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run);
}

#[test]
fn extend_inside_the_repository_still_works() {
    let repo = plan();
    repo.write("org/base.toml", "[rules.team-size]\nmax = 2\n")
        .write("plan/planlint.toml", "extend = \"../org/base.toml\"\n")
        .write("plan/planning/teams/growth.md", CLEAN_TEAM)
        .commit("plan");
    let run = repo.planlint(&["check", "plan", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("team `growth` has 3 members; the limit is 2"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_config_that_is_a_symlink_out_of_the_repository_is_not_read() {
    let outside = Outside::new();
    let repo = plan();
    link(
        &outside.path("secret.toml"),
        &repo.path().join("planlint.toml"),
    );
    repo.commit("plan");
    for args in [
        vec!["check"],
        vec!["check", "--staged"],
        vec!["check", "--rev", "HEAD"],
    ] {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("symlink points outside the repository"),
            "{args:?}: {}",
            run.stderr
        );
        assert_no_secret(&run);
    }
}

#[test]
fn rule_dirs_outside_the_root_or_through_symlinks_are_not_read() {
    let outside = Outside::new();
    let repo = plan();
    let absolute = outside.path("rules");
    repo.write(
        "planlint.toml",
        &format!("rule-dirs = [\"{}\"]\n", absolute.display()),
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is outside the plan's root"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run);

    repo.write("planlint.toml", "rule-dirs = [\"../rules\"]\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("is outside the plan's root"),
        "{}",
        run.stderr
    );

    // A symlinked folder: its files are not the repository's.
    link(&absolute, &repo.path().join("planning/rules"));
    repo.write("planlint.toml", "rule-dirs = [\"planning/rules\"]\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds no files"), "{}", run.stderr);
    assert_no_secret(&run);

    // A symlinked rule file inside a real folder.
    std::fs::remove_file(repo.path().join("planning/rules")).expect("rm");
    link(
        &outside.path("rules/leak.toml"),
        &repo.path().join("planning/rules/leak.toml"),
    );
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("symlink points outside the repository"),
        "{}",
        run.stderr
    );
    assert_no_secret(&run);
}

#[test]
fn command_line_inputs_inside_the_repository_do_not_follow_symlinks_out() {
    let outside = Outside::new();
    let repo = plan();
    link(
        Path::new("/dev/zero"),
        &repo.path().join("planning/zero.json"),
    );
    link(
        &outside.path("secret.toml"),
        &repo.path().join("planning/leak.json"),
    );
    repo.commit("plan");
    for flag in ["--issues", "--event", "--baseline"] {
        for file in ["planning/zero.json", "planning/leak.json"] {
            let run = repo.planlint(&["check", flag, file]);
            assert_eq!(run.code, 2, "{flag} {file}: {}", run.stderr);
            assert!(
                run.stderr.contains("symlink points outside the repository"),
                "{flag} {file}: {}",
                run.stderr
            );
            assert_no_secret(&run);
        }
    }
}

/// The folder a workflow checks (`planlint check plans`, the Action's
/// `path`) may be a symlink the pull request committed: it must not move
/// the plan out of the repository, for reading or for writing.
#[test]
fn a_path_argument_that_is_a_symlink_out_of_the_repository_is_refused() {
    let outside = Outside::new();
    std::fs::create_dir_all(outside.path("planning/goals")).expect("mkdir");
    std::fs::write(
        outside.path("planning/goals/private.md"),
        format!("---\nid: private\nstatus: {SECRET}\n---\n# Private\n"),
    )
    .expect("write");
    let repo = plan();
    // Absolute, and relative (both temporary folders share a parent).
    link(outside.dir.path(), &repo.path().join("plans"));
    link(
        &PathBuf::from("..").join(outside.dir.path().file_name().expect("name")),
        &repo.path().join("relative"),
    );
    link(Path::new("planning"), &repo.path().join("inside"));
    repo.commit("plan");
    for path in ["plans", "relative", "plans/planning", "./relative/../plans"] {
        for args in [
            vec!["check", path],
            vec!["check", "--format", "json", path],
            vec!["entities", path],
            vec!["report", path],
            vec!["init", path],
            vec!["new", "goal", "Pwn", "--path", path],
        ] {
            let run = repo.planlint(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
            assert!(
                run.stderr
                    .contains("is a symlink that leads out of its repository"),
                "{args:?}: {}",
                run.stderr
            );
            assert_no_secret(&run);
        }
    }
    assert!(!outside.path("planlint.toml").exists());
    assert!(!outside.path("planning/goals/pwn.md").exists());
    // A symlink to a folder of the repository itself is followed.
    let run = repo.planlint(&["check", "inside"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn outputs_and_baselines_are_never_written_through_a_symlink() {
    let outside = Outside::new();
    let repo = plan();
    link(
        &outside.path("victim.txt"),
        &repo.path().join("report.sarif"),
    );
    link(outside.dir.path(), &repo.path().join("out"));
    repo.commit("plan");
    for args in [
        vec!["check", "--output", "sarif:report.sarif"],
        vec!["check", "--write-baseline", "report.sarif"],
        vec!["check", "--output", "json:out/victim.txt"],
        vec!["check", "--write-baseline", "out/victim.txt"],
    ] {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("planlint never writes through a symlink"),
            "{args:?}: {}",
            run.stderr
        );
        outside.victim_untouched();
    }
    // A `..` before the symlinked folder: the system resolves it where the
    // walk really is, and the folder after it is still a symlink.
    repo.write("docs/README.md", "# Docs\n");
    for (folder, args) in [
        ("docs", vec!["check", "--output", "json:../out/victim.txt"]),
        (
            "docs",
            vec!["check", "--write-baseline", "../out/victim.txt"],
        ),
        (
            "docs",
            vec!["check", "--output", "json:./../out/new/x.json"],
        ),
        (
            ".",
            vec!["check", "--output", "json:docs/../out/victim.txt"],
        ),
        (
            "docs",
            vec!["check", "--output", "json:../out/../out/y.json"],
        ),
    ] {
        let run = crate::common::planlint_in(&repo.path().join(folder), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("planlint never writes through a symlink"),
            "{args:?}: {}",
            run.stderr
        );
        outside.victim_untouched();
    }
    assert!(!outside.path("new").exists());
    assert!(!outside.path("y.json").exists());
    // A `..` that stays on real folders is written where it leads.
    let run = crate::common::planlint_in(
        &repo.path().join("docs"),
        &["check", "--write-baseline", "../docs/../base.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("base.json").is_file());
    // A plain path is written, through a temporary file and a rename.
    let run = repo.planlint(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("baseline.json").is_file());
}

#[test]
fn new_and_init_never_write_into_a_symlinked_folder() {
    let outside = Outside::new();
    let repo = Repo::git();
    link(outside.dir.path(), &repo.path().join("planning"));
    let run = repo.planlint(&["new", "goal", "g-1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("never writes through a symlink"),
        "{}",
        run.stderr
    );
    assert!(!outside.path("goals").exists());
    let run = repo.planlint(&["init"]);
    assert!(!outside.path("teams").exists(), "{}", run.stderr);
    outside.victim_untouched();
}

#[test]
fn install_hook_refuses_a_symlinked_hooks_folder() {
    let outside = Outside::new();
    let repo = plan();
    link(outside.dir.path(), &repo.path().join("githooks"));
    repo.git_cmd(&["config", "core.hooksPath", "githooks"]);
    let run = repo.planlint(&["install-hook"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("never writes through a symlink"),
        "{}",
        run.stderr
    );
    assert!(!outside.path("pre-commit").exists());
    let leftovers: Vec<_> = std::fs::read_dir(outside.dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("planlint"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn staged_and_rev_use_the_config_they_check_not_the_one_on_disk() {
    let repo = plan();
    repo.write("planlint.toml", "[rules.team-size]\nmax = 2\n")
        .commit("strict");
    // An unstaged edit that would switch the rule off.
    repo.write("planlint.toml", "[rules.team-size]\nlevel = \"off\"\n");
    let worktree = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(worktree.code, 0, "{}", worktree.stdout);
    for args in [
        vec!["check", "--staged", "--format", "concise"],
        vec!["check", "--rev", "HEAD", "--format", "concise"],
    ] {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 1, "{args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout
                .contains("team `growth` has 3 members; the limit is 2"),
            "{args:?}: {}",
            run.stdout
        );
    }
    // A config only on disk (never staged) does not count for --staged.
    std::fs::remove_file(repo.path().join("planlint.toml")).expect("rm");
    repo.git_cmd(&["rm", "-q", "--cached", "planlint.toml"]);
    repo.write("planlint.toml", "[rules.team-size]\nmax = 2\n");
    let run = repo.planlint(&["check", "--staged", "--format", "concise"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn oversized_files_are_refused_before_reading_in_every_mode() {
    let repo = plan();
    let big = "x".repeat(11 * 1024 * 1024);
    repo.write("planning/goals/huge.md", &big).commit("plan");
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains(
                "planning/goals/huge.md:1:1: error[parse-error] cannot read the file: `planning/goals/huge.md` is too large (11534336 bytes; the limit is 10 MiB)\n"
            ),
            "{args:?}: {}",
            run.stdout
        );
    }
}

/// An issue export grows with the organisation: the export of a plan of
/// 100,000 goals (200,000 issues) is tens of MB. It is allowed GitHub's own
/// limit on a file, 100 MiB, where a document is allowed 10 MiB; a limit
/// of 10 MiB for every file refused it.
#[test]
fn an_issue_export_over_ten_mib_is_read_in_every_mode() {
    let repo = plan();
    let body = "Part of the goal. ".repeat(12 * 1024 * 1024 / 18);
    let export = format!(
        "[{{\"number\":1,\"title\":\"Step\",\"body\":\"{body}\\n\\nGoal: g-107\",\"labels\":[],\
         \"assignees\":[{{\"login\":\"ana\"}}],\"state\":\"OPEN\"}}]\n"
    );
    assert!(export.len() > 12 * 1024 * 1024);
    repo.write("planning/issues.json", &export).commit("plan");
    for args in check_in_every_mode("json") {
        let run = repo.planlint(&args);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        assert_eq!(json["summary"]["issues"], 1, "{args:?}: {}", run.stdout);
        assert!(
            !run.stdout.contains("parse-error"),
            "{args:?}: {}",
            run.stdout
        );
    }
    // The same export named on the command line, from outside the repository.
    let outside = Outside::new();
    let given = outside.path("issues.json");
    std::fs::write(&given, export.replace("\"number\":1", "\"number\":2")).expect("write");
    let given = given.to_str().expect("utf-8 path");
    let run = repo.planlint(&["check", "--format", "json", "--issues", given]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["summary"]["issues"], 2, "{}", run.stdout);
}

/// Commits a tree nested 20,000 folders deep at `folder/deep` (`folder`
/// must exist in HEAD's tree).
fn commit_deep_tree(repo: &Repo, folder: &str) {
    let git = git2::Repository::open(repo.path()).expect("open");
    let blob = git.blob(b"deep\n").expect("blob");
    let mut builder = git.treebuilder(None).expect("builder");
    builder.insert("leaf.md", blob, 0o100644).expect("insert");
    let mut tree = builder.write().expect("tree");
    for _ in 0..20_000 {
        let mut builder = git.treebuilder(None).expect("builder");
        builder.insert("d", tree, 0o040000).expect("insert");
        tree = builder.write().expect("tree");
    }
    let head = git.head().expect("head").peel_to_commit().expect("commit");
    let head_tree = head.tree().expect("tree");
    let parent = head_tree
        .get_path(std::path::Path::new(folder))
        .expect("folder in HEAD")
        .to_object(&git)
        .expect("object")
        .peel_to_tree()
        .expect("folder tree");
    let mut inner = git.treebuilder(Some(&parent)).expect("builder");
    inner.insert("deep", tree, 0o040000).expect("insert");
    let inner = inner.write().expect("tree");
    let mut root = git.treebuilder(Some(&head_tree)).expect("builder");
    root.insert(folder, inner, 0o040000).expect("insert");
    let root = git.find_tree(root.write().expect("tree")).expect("tree");
    let sig = git2::Signature::now("Test", "test@example.com").expect("sig");
    git.commit(Some("HEAD"), &sig, &sig, "deep", &root, &[&head])
        .expect("commit");
}

#[test]
fn a_commit_tree_nested_twenty_thousand_folders_deep_is_a_diagnostic() {
    let repo = plan();
    repo.commit("plan");
    commit_deep_tree(&repo, "planning");
    let run = repo.planlint(&["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "\"message\": \"folders nest deeper than 256 levels here; nothing below was read\""
        ),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
}

#[test]
fn a_deep_tree_no_glob_can_reach_is_never_opened() {
    let repo = plan();
    repo.write("vendor/readme.txt", "not a plan\n");
    repo.commit("plan");
    commit_deep_tree(&repo, "vendor");
    let run = repo.planlint(&["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("nest deeper"), "{}", run.stdout);
}

/// CI keeps the checkout's token in `.git/config` (actions/checkout's
/// `http.extraheader`): a symlink a pull request adds to it, or an
/// `extend` or a data file reached through one, must not print it.
#[test]
fn nothing_is_read_from_the_git_folder_through_a_symlink() {
    let repo = plan();
    repo.commit("plan");
    let config = repo.path().join(".git/config");
    let mut text = std::fs::read_to_string(&config).expect("git config");
    text.push_str(&format!(
        "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"
    ));
    std::fs::write(&config, text).expect("write git config");
    link(
        Path::new("../.git/config"),
        &repo.path().join("planning/x.csv"),
    );
    link(Path::new("../.git"), &repo.path().join("planning/git"));
    repo.write(
        "planlint.toml",
        "[[source]]\nkind = \"goal\"\nmode = \"data\"\nselect = \"[*]\"\npaths = [\"planning/*.csv\", \"planning/git/*\"]\n\n[[rule]]\nid = \"leak\"\non = \"goal\"\nfield = \"[core]\"\nmatches = '^$'\nmessage = \"{value}\"\n",
    )
    .commit("a pull request");
    for args in [
        &["check", "--format", "github"][..],
        &["check", "--diff-base", "HEAD~1", "--format", "json"],
        &["entities", "--format", "json"],
    ] {
        let run = repo.planlint(args);
        assert_no_secret(&run);
    }
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert!(
        run.stdout.contains(
            "planning/x.csv:1:1: error[parse-error] cannot read the file: symlink leads into `.git`, which planlint never reads: `planning/x.csv` -> `../.git/config`"
        ),
        "{}",
        run.stdout
    );
    // Through `extend` too.
    repo.write("planlint.toml", "extend = \"planning/x.csv\"\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_no_secret(&run);
    // And named straight, with no symlink: said as it is.
    repo.write("planlint.toml", "extend = \".git/config\"\n");
    let run = repo.planlint(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_no_secret(&run);
    assert!(
        run.stderr.contains(
            "cannot read `.git/config`, named by `extend`: `.git/config` is inside `.git`, which planlint\n  │ never reads\n"
        ),
        "{}",
        run.stderr
    );
}

/// Writes a tree object of `entries` (mode, name, object id) as a crafted
/// commit would hold it: git's own commands refuse names such as `..`.
fn crafted_tree(repo: &crate::common::Repo, entries: &[(&str, &[u8], &str)]) -> String {
    use std::io::Write;
    let mut data = Vec::new();
    for (mode, name, id) in entries {
        data.extend_from_slice(mode.as_bytes());
        data.push(b' ');
        data.extend_from_slice(name);
        data.push(0);
        let bytes: Vec<u8> = (0..id.len() / 2)
            .map(|at| u8::from_str_radix(&id[2 * at..2 * at + 2], 16).expect("hex"))
            .collect();
        data.extend_from_slice(&bytes);
    }
    let mut child = std::process::Command::new("git")
        .args(["hash-object", "-t", "tree", "-w", "--literally", "--stdin"])
        .current_dir(repo.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("git hash-object");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&data)
        .expect("write tree");
    let out = child.wait_with_output().expect("tree id");
    String::from_utf8(out.stdout)
        .expect("id")
        .trim()
        .to_string()
}

/// A crafted commit whose tree names a file `../../../../etc/passwd.md`
/// or `a/b.md`: no checkout can hold it, so it is not read, and it is
/// reported under its name escaped, never at a path outside its folder.
#[test]
fn tree_entries_no_checkout_can_hold_are_reported_escaped() {
    let repo = plan();
    repo.commit("plan");
    let blob = String::from_utf8(
        repo.git_cmd(&["rev-parse", "HEAD:planning/goals/g-107.md"])
            .stdout,
    )
    .expect("id");
    let blob = blob.trim();
    let goals = crafted_tree(
        &repo,
        &[
            ("100644", b"../../../../etc/passwd.md", blob),
            ("100644", b"g-1/x.md", blob),
            ("100644", b"g-2.md", blob),
        ],
    );
    let planning = crafted_tree(&repo, &[("40000", b"goals", &goals)]);
    let root = crafted_tree(&repo, &[("40000", b"planning", &planning)]);
    let commit = repo
        .git_cmd(&["commit-tree", &root, "-m", "crafted"])
        .stdout;
    let commit = String::from_utf8(commit).expect("id");
    let run = repo.planlint(&["check", "--rev", commit.trim(), "--format", "concise"]);
    let refused: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("parse-error"))
        .collect();
    assert_eq!(
        refused,
        [
            "planning/goals/..%2F..%2F..%2F..%2Fetc%2Fpasswd.md:1:1: error[parse-error] cannot read the file: the revision holds a file named `../../../../etc/passwd.md`, which no checkout can hold; it is not read",
            "planning/goals/g-1%2Fx.md:1:1: error[parse-error] cannot read the file: the revision holds a file named `g-1/x.md`, which no checkout can hold; it is not read",
        ],
        "{}",
        run.stdout
    );
    let sarif = repo.planlint(&["check", "--rev", commit.trim(), "--format", "sarif"]);
    let uris: Vec<&str> = (sarif.stdout.lines())
        .filter(|line| line.contains("\"uri\""))
        .collect();
    assert!(
        !uris.is_empty() && uris.iter().all(|uri| !uri.contains("../")),
        "{uris:?}"
    );
}

/// A file whose name is not UTF-8 is read and named with `\xNN` escapes;
/// it cannot take the place of a file whose name, read lossily, is the
/// same: each goal's findings are reported, in every mode. A `\` in a name
/// is doubled, so no name can be written like another's escape.
#[test]
fn names_that_are_not_utf8_never_hide_another_file() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::git();
    let goals = repo.path().join("planning/goals");
    std::fs::create_dir_all(&goals).expect("mkdir");
    let write = |name: &[u8], text: &str| {
        std::fs::write(goals.join(std::ffi::OsStr::from_bytes(name)), text).expect("write")
    };
    let goal = |id: &str| format!("---\nid: {id}\nowner: TBD\n---\n# Goal\n");
    write("a\u{fffd}.md".as_bytes(), &goal("replacement"));
    write(b"a\xff.md", &goal("invalid"));
    write(b"a\\xFF.md", &goal("backslash"));
    write(b"b\xff\xfe.md", &goal("beside"));
    write(b"pipe|b.md", &goal("pipe"));
    repo.commit("plan");
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        let owners: Vec<&str> = run
            .stdout
            .lines()
            .filter(|line| line.contains("[goal-owner]"))
            .map(|line| line.split(": error").next().unwrap_or(line))
            .collect();
        assert_eq!(
            owners,
            [
                "planning/goals/a\\\\xFF.md:3:8",
                "planning/goals/a\\xFF.md:3:8",
                "planning/goals/a\u{fffd}.md:3:8",
                "planning/goals/b\\xFF\\xFE.md:3:8",
                "planning/goals/pipe|b.md:3:8",
            ],
            "{args:?}\n{}{}",
            run.stdout,
            run.stderr
        );
    }
}

/// Folders past the depth limit are reported the same way in every mode:
/// the work tree and the index list what a commit lists, so `--diff-base`
/// sees no change where there is none.
#[test]
fn every_mode_stops_at_the_same_depth() {
    let repo = plan();
    let deep = format!("planning/goals/{}g.md", "d/".repeat(300));
    repo.write(&deep, &CLEAN_GOAL.replace("owner: \"@bob\"", "owner: TBD"))
        .commit("a deep goal");
    let folder = format!("planning/goals/{}", "d/".repeat(254));
    for args in check_in_every_mode("concise").into_iter().chain([vec![
        "check",
        "--diff-base",
        "HEAD",
        "--format",
        "concise",
    ]]) {
        let run = repo.planlint(&args);
        assert_eq!(
            run.stdout,
            format!(
                "{folder}:1:1: error[parse-error] folders nest deeper than 256 levels here; nothing below was read\n"
            ),
            "{args:?} {}",
            run.stderr
        );
    }
}

/// Before anything is staged there is no index file: that is an empty
/// index, and the work tree is walked as usual (libgit2's status pass
/// stopped at folders 100 deep and failed the check).
#[test]
fn a_repository_with_nothing_staged_is_walked_like_any_other() {
    let repo = Repo::git();
    repo.write(
        "planning/goals/g.md",
        &CLEAN_GOAL.replace("owner: \"@bob\"", "owner: TBD"),
    )
    .write(&format!("planning/junk/{}x.md", "d/".repeat(150)), "# x\n");
    assert!(!repo.path().join(".git/index").exists());
    let run = repo.planlint(&["check", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("planning/goals/g.md:4:8: error[goal-owner] goal `G-107` has no owner"),
        "{}",
        run.stdout
    );
}

/// Two symlinks to each other are a loop in every mode (the work tree
/// called it a broken symlink).
#[test]
fn a_symlink_loop_is_named_so_in_every_mode() {
    let repo = plan();
    let goals = repo.path().join("planning/goals");
    symlink("y.md", goals.join("x.md")).expect("symlink");
    symlink("x.md", goals.join("y.md")).expect("symlink");
    repo.commit("a loop");
    for args in check_in_every_mode("concise") {
        let run = repo.planlint(&args);
        assert!(
            run.stdout.contains(
                "planning/goals/x.md:1:1: error[parse-error] cannot read the file: `planning/goals/x.md` is a symlink loop\n"
            ),
            "{args:?}\n{}",
            run.stdout
        );
    }
}
