//! The source layer against real repositories built in temporary folders:
//! with git2 for most, with the `git` command where a user would (shallow
//! clones, linked worktrees, submodules, hooks). Commit times are explicit so
//! nothing depends on the day the tests run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use planlint::source::{find_root, Mode, PathFilter, Snapshot, SourceError};
use tempfile::TempDir;

const T0: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

/// A folder standing in for `$HOME`: the machine's git configuration must
/// not leak into the tests, for libgit2 or the `git` command. Its XDG
/// `git/ignore` is the "global excludes" file.
fn home() -> &'static Path {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| {
        // Under cargo's scratch folder for tests: reused, never littering /tmp.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("source-git-home");
        let xdg = dir.join(".config/git");
        fs::create_dir_all(&xdg).expect("create fake home");
        fs::write(xdg.join("ignore"), "*.globally-ignored\n").expect("write global ignore");
        // SAFETY: runs once, before any test touches libgit2 (every test
        // calls `home()` first, and OnceLock makes the others wait).
        unsafe {
            git2::opts::set_search_path(git2::ConfigLevel::Global, &dir).expect("global");
            git2::opts::set_search_path(git2::ConfigLevel::XDG, &xdg).expect("xdg");
            git2::opts::set_search_path(git2::ConfigLevel::System, dir.join("none"))
                .expect("system");
        }
        dir
    })
}

/// Runs `git` in `dir` with commits dated `time`, isolated from the
/// machine's configuration. Returns stdout.
fn git_at(dir: &Path, time: i64, args: &[&str]) -> String {
    let date = format!("@{time} +0000");
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", home())
        .env("XDG_CONFIG_HOME", home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, T0, args)
}

/// A temporary folder, canonicalized (so `/tmp` symlinks do not matter).
fn temp() -> (TempDir, PathBuf) {
    home();
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().canonicalize().expect("canonicalize");
    (dir, path)
}

fn init(path: &Path) -> Repository {
    let repo = Repository::init(path).expect("init");
    let mut config = repo.config().expect("config");
    config.set_str("user.name", "Test").expect("user.name");
    config
        .set_str("user.email", "test@example.com")
        .expect("user.email");
    repo
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

/// The index as on disk now (`git` commands may have changed it since
/// `repo` loaded it).
fn index(repo: &Repository) -> git2::Index {
    let mut index = repo.index().expect("index");
    index.read(true).expect("reload index");
    index
}

/// Stages every change (adds, edits, deletions; ignored files stay out).
fn stage_all(repo: &Repository) {
    let mut index = index(repo);
    index
        .add_all(["*"], IndexAddOption::DEFAULT, None)
        .expect("add_all");
    index.update_all(["*"], None).expect("update_all");
    index.write().expect("write index");
}

/// Commits what is staged on HEAD, at `time`.
fn commit_staged(repo: &Repository, message: &str, time: i64) -> Oid {
    let mut index = index(repo);
    let tree = repo
        .find_tree(index.write_tree().expect("write_tree"))
        .expect("tree");
    let sig = Signature::new("Test", "test@example.com", &Time::new(time, 0)).expect("sig");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .expect("commit")
}

fn commit_all(repo: &Repository, message: &str, time: i64) -> Oid {
    stage_all(repo);
    commit_staged(repo, message, time)
}

fn stage(repo: &Repository, rel: &str) {
    let mut index = index(repo);
    index.add_path(Path::new(rel)).expect("add_path");
    index.write().expect("write index");
}

/// `work`'s result, run on a separate thread: what could block for ever
/// fails the test after 20 s instead of hanging the suite.
fn returns<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sent.send(work());
    });
    match received.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(result) => result,
        Err(_) => panic!("{what} did not return within 20 s"),
    }
}

fn open(root: &Path, mode: Mode) -> Snapshot {
    match Snapshot::open(root, mode) {
        Ok(snapshot) => snapshot,
        Err(e) => panic!("open failed: {} ({:?})", e.message, e.help),
    }
}

fn text(snapshot: &Snapshot, path: &str) -> String {
    match snapshot.read(path) {
        Ok(bytes) => String::from_utf8(bytes).expect("utf-8"),
        Err(e) => panic!("read {path} failed: {}", e.message),
    }
}

fn open_err(root: &Path, mode: Mode) -> SourceError {
    match Snapshot::open(root, mode) {
        Ok(s) => panic!("expected an error, listed {:?}", s.paths),
        Err(e) => e,
    }
}

#[test]
fn worktree_lists_tracked_and_untracked_files_but_never_ignored_ones() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, ".gitignore", "ignored/\n*.log\n");
    write(&root, "planning/teams/growth.md", "tracked");
    write(
        &root,
        "planning/goals/old.md",
        "tracked, then deleted from disk",
    );
    write(&root, "build.log", "ignored by .gitignore");
    commit_all(&repo, "first", T0);
    // A tracked file that matches .gitignore stays tracked, as in git.
    write(&root, "kept.log", "tracked despite the pattern");
    stage(&repo, "kept.log");
    commit_staged(&repo, "second", T0 + DAY);

    fs::remove_file(root.join("planning/goals/old.md")).expect("rm");
    write(&root, "planning/goals/new.md", "untracked");
    write(
        &root,
        "planning/goals/q4/deep.md",
        "untracked in a new folder",
    );
    write(&root, "ignored/x.md", "ignored folder");
    write(&root, "planning/debug.log", "ignored pattern");
    write(&root, "secret.md", "ignored by info/exclude");
    write(&root, ".git/info/exclude", "secret.md\n");
    write(
        &root,
        "notes.globally-ignored",
        "ignored by the global excludes file",
    );

    let snapshot = open(&root, Mode::Worktree);
    assert_eq!(
        snapshot.paths,
        [
            ".gitignore",
            "kept.log",
            "planning/goals/new.md",
            "planning/goals/q4/deep.md",
            "planning/teams/growth.md",
        ]
    );
    assert_eq!(snapshot.root, root);
    assert_eq!(snapshot.now, Some(T0 + DAY));
    assert_eq!(text(&snapshot, "planning/goals/new.md"), "untracked");
    assert!(
        snapshot.read("secret.md").is_err(),
        "unlisted files are not readable"
    );
    assert_eq!(snapshot.size("planning/teams/growth.md"), Some(7));
}

#[test]
fn staged_reads_the_index_never_the_disk() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goal.md", "committed");
    write(&root, "gone.md", "committed, then removed from the index");
    commit_all(&repo, "first", T0);

    write(&root, "goal.md", "staged");
    stage(&repo, "goal.md");
    write(&root, "goal.md", "on disk only");
    write(&root, "new.md", "staged new file");
    stage(&repo, "new.md");
    write(&root, "new.md", "new file, edited after staging");
    write(&root, "untracked.md", "not staged");
    let mut index = index(&repo);
    index
        .remove_path(Path::new("gone.md"))
        .expect("rm --cached");
    index.write().expect("write index");

    let staged = open(&root, Mode::Staged);
    assert_eq!(staged.paths, ["goal.md", "new.md"]);
    assert_eq!(text(&staged, "goal.md"), "staged");
    assert_eq!(text(&staged, "new.md"), "staged new file");
    assert_eq!(staged.size("new.md"), Some("staged new file".len() as u64));
    assert_eq!(staged.now, Some(T0));

    let worktree = open(&root, Mode::Worktree);
    assert_eq!(
        worktree.paths,
        ["goal.md", "gone.md", "new.md", "untracked.md"]
    );
    assert_eq!(text(&worktree, "goal.md"), "on disk only");
}

#[test]
fn rev_reads_old_commits_from_the_object_database() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goal.md", "v1");
    let c1 = commit_all(&repo, "one", T0);
    repo.tag_lightweight("v1", &repo.find_object(c1, None).expect("obj"), false)
        .expect("tag");
    write(&root, "goal.md", "v2");
    write(&root, "added.md", "added in two");
    let c2 = commit_all(&repo, "two", T0 + DAY);
    let sig = Signature::new("Test", "test@example.com", &Time::new(T0, 0)).expect("sig");
    repo.tag(
        "release",
        &repo.find_object(c2, None).expect("obj"),
        &sig,
        "annotated",
        false,
    )
    .expect("annotated tag");
    write(&root, "goal.md", "v3");
    commit_all(&repo, "three", T0 + 2 * DAY);
    write(&root, "goal.md", "uncommitted");

    let previous = open(&root, Mode::Rev("HEAD~1".into()));
    assert_eq!(previous.paths, ["added.md", "goal.md"]);
    assert_eq!(text(&previous, "goal.md"), "v2");
    assert_eq!(previous.now, Some(T0 + DAY));

    let tagged = open(&root, Mode::Rev("v1".into()));
    assert_eq!(tagged.paths, ["goal.md"]);
    assert_eq!(text(&tagged, "goal.md"), "v1");
    assert_eq!(tagged.now, Some(T0));

    let annotated = open(&root, Mode::Rev("release".into()));
    assert_eq!(text(&annotated, "goal.md"), "v2");

    let short = c1.to_string()[..10].to_string();
    assert_eq!(text(&open(&root, Mode::Rev(short)), "goal.md"), "v1");
    assert_eq!(
        text(&open(&root, Mode::Rev(c2.to_string())), "goal.md"),
        "v2"
    );
    assert_eq!(
        text(&open(&root, Mode::Rev("HEAD".into())), "goal.md"),
        "v3"
    );

    // Nothing was checked out.
    assert_eq!(
        fs::read_to_string(root.join("goal.md")).expect("read"),
        "uncommitted"
    );
}

#[test]
fn unknown_revisions_are_errors_with_help() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goal.md", "v1");
    commit_all(&repo, "one", T0);

    let error = open_err(&root, Mode::Rev("no-such-branch".into()));
    assert_eq!(error.message, "unknown revision `no-such-branch`");
    assert!(error.help.is_some());

    let snapshot = open(&root, Mode::Worktree);
    let error = snapshot.changed_paths("origin/main").err().expect("error");
    assert_eq!(error.message, "unknown revision `origin/main`");

    let error = open_err(&root, Mode::Rev("HEAD~5".into()));
    assert_eq!(error.message, "unknown revision `HEAD~5`");

    let blob = repo.blob(b"x").expect("blob").to_string();
    let error = open_err(&root, Mode::Rev(blob.clone()));
    assert_eq!(error.message, format!("`{blob}` does not name a commit"));
}

#[test]
fn a_bare_repository_is_read_with_rev_only() {
    let (_tmp, dir) = temp();
    let source = dir.join("source");
    let repo = init(&source);
    write(&source, "planning/goals/a.md", "in the bare repo");
    commit_all(&repo, "one", T0);
    git(&dir, &["clone", "--bare", "source", "bare.git"]);
    let bare = dir.join("bare.git");

    let root = find_root(&bare).expect("root");
    assert_eq!(root.dir, bare);
    assert_eq!(root.config, None);

    let snapshot = open(&bare, Mode::Rev("HEAD".into()));
    assert_eq!(snapshot.paths, ["planning/goals/a.md"]);
    assert_eq!(text(&snapshot, "planning/goals/a.md"), "in the bare repo");
    assert_eq!(snapshot.now, Some(T0));

    let error = open_err(&bare, Mode::Worktree);
    assert!(
        error.message.contains("bare repository"),
        "{}",
        error.message
    );
    assert!(error.help.unwrap_or_default().contains("--rev"));
    let error = open_err(&bare, Mode::Staged);
    assert!(
        error.message.contains("bare repository"),
        "{}",
        error.message
    );
}

#[test]
fn an_empty_repository_lists_files_and_has_no_now() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "planning/goals/a.md", "not committed");
    write(&root, "planning/goals/b.md", "staged");
    stage(&repo, "planning/goals/b.md");

    let worktree = open(&root, Mode::Worktree);
    assert_eq!(
        worktree.paths,
        ["planning/goals/a.md", "planning/goals/b.md"]
    );
    assert_eq!(worktree.now, None);
    assert!(worktree.last_changed(&worktree.paths).is_empty());

    let staged = open(&root, Mode::Staged);
    assert_eq!(staged.paths, ["planning/goals/b.md"]);
    assert_eq!(staged.now, None);

    let error = open_err(&root, Mode::Rev("HEAD".into()));
    assert_eq!(
        error.message,
        "cannot find `HEAD`: this repository has no commits yet"
    );
    let error = worktree.changed_paths("main").err().expect("error");
    assert!(
        error.message.contains("no commits yet"),
        "{}",
        error.message
    );
    assert_eq!(
        find_root(&root.join("planning/goals")).expect("root").dir,
        root
    );
}

#[test]
fn a_detached_head_is_the_checked_commit() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goal.md", "v1");
    let c1 = commit_all(&repo, "one", T0);
    write(&root, "goal.md", "v2");
    commit_all(&repo, "two", T0 + DAY);
    git(&root, &["checkout", "--quiet", "--detach", &c1.to_string()]);
    assert!(repo.head_detached().expect("detached"));

    let worktree = open(&root, Mode::Worktree);
    assert_eq!(worktree.now, Some(T0));
    assert_eq!(text(&worktree, "goal.md"), "v1");
    let staged = open(&root, Mode::Staged);
    assert_eq!(staged.now, Some(T0));
    let head = open(&root, Mode::Rev("HEAD".into()));
    assert_eq!(text(&head, "goal.md"), "v1");
    assert_eq!(
        worktree.last_changed(&["goal.md"]).get("goal.md"),
        Some(&T0)
    );
}

#[test]
fn the_root_is_found_from_a_subfolder_or_a_file() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "planning/goals/q4/a.md", "goal");
    commit_all(&repo, "one", T0);

    let found = find_root(&root.join("planning/goals/q4")).expect("root");
    assert_eq!(found.dir, root);
    assert_eq!(found.config, None);
    let found = find_root(&root.join("planning/goals/q4/a.md")).expect("root");
    assert_eq!(found.dir, root);

    write(&root, ".planlint.toml", "");
    let found = find_root(&root.join("planning/goals")).expect("root");
    assert_eq!(found.dir, root);
    assert_eq!(found.config, Some(root.join(".planlint.toml")));

    let error = find_root(&root.join("missing")).expect_err("error");
    assert!(error.message.contains("cannot open"), "{}", error.message);
}

#[test]
fn a_config_in_a_subfolder_makes_that_folder_the_root() {
    let (_tmp, repo_dir) = temp();
    let repo = init(&repo_dir);
    write(&repo_dir, "README.md", "outside the plan");
    write(&repo_dir, "org/plan/planlint.toml", "");
    write(&repo_dir, "org/plan/goals/a.md", "a1");
    write(&repo_dir, "org/plan/goals/b.md", "b1");
    write(&repo_dir, "org/other.md", "a sibling of the plan");
    commit_all(&repo, "one", T0);
    write(&repo_dir, "org/plan/goals/a.md", "a2");
    commit_all(&repo, "two", T0 + DAY);
    write(&repo_dir, "org/plan/goals/c.md", "untracked");
    write(&repo_dir, "org/plan/goals/b.md", "b staged");
    stage(&repo, "org/plan/goals/b.md");

    let found = find_root(&repo_dir.join("org/plan/goals")).expect("root");
    let plan = repo_dir.join("org/plan");
    assert_eq!(found.dir, plan);
    assert_eq!(found.config, Some(plan.join("planlint.toml")));

    let worktree = open(&plan, Mode::Worktree);
    assert_eq!(
        worktree.paths,
        ["goals/a.md", "goals/b.md", "goals/c.md", "planlint.toml"]
    );
    let staged = open(&plan, Mode::Staged);
    assert_eq!(staged.paths, ["goals/a.md", "goals/b.md", "planlint.toml"]);
    assert_eq!(text(&staged, "goals/b.md"), "b staged");
    let first = open(&plan, Mode::Rev("HEAD~1".into()));
    assert_eq!(first.paths, ["goals/a.md", "goals/b.md", "planlint.toml"]);
    assert_eq!(text(&first, "goals/a.md"), "a1");

    let ages = worktree.last_changed(&worktree.paths);
    assert_eq!(ages.get("goals/a.md"), Some(&(T0 + DAY)));
    assert_eq!(ages.get("goals/b.md"), Some(&T0));
    assert_eq!(ages.get("goals/c.md"), None);

    let changed = worktree.changed_paths("HEAD~1").expect("changed");
    assert_eq!(
        changed.paths.iter().collect::<Vec<_>>(),
        ["goals/a.md", "goals/b.md", "goals/c.md"]
    );
    assert_eq!(
        changed.read_at_base("goals/a.md").as_deref(),
        Some(&b"a1"[..])
    );
}

#[test]
fn a_linked_worktree_is_its_own_work_tree() {
    let (_tmp, dir) = temp();
    let main = dir.join("main");
    let repo = init(&main);
    write(&main, "planning/goals/a.md", "main");
    commit_all(&repo, "one", T0);
    git(
        &main,
        &["worktree", "add", "--quiet", "-b", "feature", "../linked"],
    );
    let linked = dir.join("linked");
    write(&linked, "planning/goals/a.md", "feature");
    git_at(
        &linked,
        T0 + DAY,
        &["commit", "--quiet", "-am", "on the feature"],
    );
    write(&linked, "planning/goals/b.md", "untracked in linked");
    write(&linked, "planning/goals/a.md", "edited in linked");

    let found = find_root(&linked.join("planning/goals")).expect("root");
    assert_eq!(found.dir, linked);
    let worktree = open(&linked, Mode::Worktree);
    assert_eq!(
        worktree.paths,
        ["planning/goals/a.md", "planning/goals/b.md"]
    );
    assert_eq!(worktree.now, Some(T0 + DAY));
    assert_eq!(text(&worktree, "planning/goals/a.md"), "edited in linked");
    let staged = open(&linked, Mode::Staged);
    assert_eq!(text(&staged, "planning/goals/a.md"), "feature");
    let changed = worktree.changed_paths("master").expect("changed");
    assert_eq!(
        changed.paths.iter().collect::<Vec<_>>(),
        ["planning/goals/a.md", "planning/goals/b.md"]
    );
    // The main work tree is untouched.
    assert_eq!(
        text(&open(&main, Mode::Worktree), "planning/goals/a.md"),
        "main"
    );
}

#[test]
fn submodules_and_nested_repositories_are_not_descended_into() {
    let (_tmp, dir) = temp();
    let lib = dir.join("lib");
    let lib_repo = init(&lib);
    write(&lib, "goals/foreign.md", "in the submodule");
    commit_all(&lib_repo, "lib", T0);
    let main = dir.join("main");
    let repo = init(&main);
    write(&main, "planning/goals/a.md", "ours");
    commit_all(&repo, "one", T0);
    git(
        &main,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "--quiet",
            "add",
            "../lib",
            "vendor/lib",
        ],
    );
    git_at(
        &main,
        T0 + DAY,
        &["commit", "--quiet", "-m", "add the submodule"],
    );
    let nested = main.join("nested");
    let nested_repo = init(&nested);
    write(&nested, "goal.md", "in an untracked nested repository");
    commit_all(&nested_repo, "nested", T0);

    let expected = [".gitmodules", "planning/goals/a.md"];
    assert_eq!(open(&main, Mode::Worktree).paths, expected);
    assert_eq!(open(&main, Mode::Staged).paths, expected);
    assert_eq!(open(&main, Mode::Rev("HEAD".into())).paths, expected);
    // Starting inside the submodule checks the submodule's own plan.
    let found = find_root(&main.join("vendor/lib/goals")).expect("root");
    assert_eq!(found.dir, main.join("vendor/lib"));
}

/// A folder whose files are tracked is this repository's even when a
/// `.git` appears in it (git itself looks for another repository only in
/// untracked folders): the work tree lists its tracked files, as the index
/// and the commit do, whether the walk reads the folder or looks its files
/// up by name. The `.git` itself is never listed.
#[test]
fn a_tracked_folder_holding_a_git_entry_is_still_listed() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "teams/a/goals.md", "a");
    write(&root, "teams/b/goals.md", "b");
    commit_all(&repo, "pages", T0);
    // A file (a linked worktree's pointer) in one, a folder in the other.
    write(&root, "teams/a/.git", "gitdir: /elsewhere");
    fs::create_dir_all(root.join("teams/b/.git")).expect("mkdir");
    // An untracked folder with a `.git` is another repository.
    write(&root, "teams/c/goals.md", "c");
    write(&root, "teams/c/.git", "gitdir: /elsewhere");

    let expected = ["teams/a/goals.md", "teams/b/goals.md"];
    let by_name = PathFilter::new(["teams/*/goals.md", "teams/*/.git"], [], []);
    let everything = PathFilter::new(["**"], [], []);
    for filter in [&by_name, &everything] {
        for mode in [Mode::Worktree, Mode::Staged, Mode::Rev("HEAD".into())] {
            let listed = Snapshot::open_filtered(&root, mode.clone(), filter).expect("open");
            assert_eq!(listed.paths, expected, "{mode:?}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_tracked_file_replaced_by_a_fifo_is_refused_without_waiting_for_a_writer() {
    let (_tmp, dir) = temp();
    let root = dir.join("repo");
    let repo = init(&root);
    write(&root, "planning/goals/pipe.md", "tracked");
    write(&root, "planning/goals/plain.md", "plain");
    commit_all(&repo, "files", T0);
    let fifo = root.join("planning/goals/pipe.md");
    fs::remove_file(&fifo).expect("rm");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());

    let snapshot = open(&root, Mode::Worktree);
    // Opening a FIFO to read blocks until a writer comes.
    let read = returns("reading a FIFO", move || {
        snapshot.read("planning/goals/pipe.md").map(|_| ())
    });
    let error = read.expect_err("a FIFO is refused");
    assert!(
        error.message.contains("is not a regular file"),
        "{}",
        error.message
    );
    assert_eq!(
        text(&open(&root, Mode::Worktree), "planning/goals/plain.md"),
        "plain"
    );
}

/// An index without end (`.git/index` linked to `/dev/zero`) is refused
/// at its first bytes, not read until memory runs out.
#[cfg(unix)]
#[test]
fn an_endless_index_file_is_refused_without_reading_it_whole() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "planning/goals/a.md", "a");
    commit_all(&repo, "one", T0);
    let index = root.join(".git/index");
    fs::remove_file(&index).expect("rm index");
    std::os::unix::fs::symlink("/dev/zero", &index).expect("link");
    let opened = root.clone();
    let outcome = returns("opening the repository", move || {
        Snapshot::open(&opened, Mode::Worktree).map(|_| ())
    });
    let error = outcome.expect_err("the index cannot be read");
    assert!(
        error.message.contains("cannot read the git index"),
        "{}",
        error.message
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_out_of_the_root() {
    use std::os::unix::fs::symlink;

    let (_tmp, dir) = temp();
    let root = dir.join("repo");
    write(&dir, "outside/secret.md", "outside the repository");
    write(&dir, "outside/folder/x.md", "outside, in a folder");
    let repo = init(&root);
    write(&root, "planning/real.md", "inside");
    write(&root, "planning/folder/y.md", "in a folder");
    fs::create_dir_all(root.join("planning/goals")).expect("mkdir");
    symlink("../real.md", root.join("planning/goals/alias.md")).expect("link");
    symlink(
        dir.join("outside/secret.md"),
        root.join("planning/goals/absolute.md"),
    )
    .expect("link");
    symlink(
        "../../../outside/secret.md",
        root.join("planning/goals/relative.md"),
    )
    .expect("link");
    symlink("missing.md", root.join("planning/goals/broken.md")).expect("link");
    // Inside the root, but by an absolute path: another clone's differs.
    symlink(
        root.join("planning/real.md"),
        root.join("planning/goals/pinned.md"),
    )
    .expect("link");
    symlink("../../.git/HEAD", root.join("planning/goals/head.md")).expect("link");
    symlink("../../outside/folder", root.join("planning/outdir")).expect("link");
    symlink("folder", root.join("planning/indir")).expect("link");
    commit_all(&repo, "links", T0);

    let expected = [
        "planning/folder/y.md",
        "planning/goals/absolute.md",
        "planning/goals/alias.md",
        "planning/goals/broken.md",
        "planning/goals/head.md",
        "planning/goals/pinned.md",
        "planning/goals/relative.md",
        // A symlink leaving the root is listed (and refused), whatever it
        // points to; one to a folder inside the root is left out.
        "planning/outdir",
        "planning/real.md",
    ];
    for mode in [Mode::Worktree, Mode::Staged, Mode::Rev("HEAD".into())] {
        let snapshot = open(&root, mode.clone());
        assert_eq!(snapshot.paths, expected, "{mode:?}");
        assert_eq!(
            text(&snapshot, "planning/goals/alias.md"),
            "inside",
            "{mode:?}"
        );
        for path in [
            "planning/goals/absolute.md",
            "planning/goals/pinned.md",
            "planning/goals/relative.md",
            "planning/outdir",
        ] {
            let error = snapshot.read(path).expect_err("refused");
            assert!(
                error
                    .message
                    .starts_with("symlink points outside the repository"),
                "{mode:?}: {}",
                error.message
            );
        }
        let error = snapshot
            .read("planning/goals/head.md")
            .expect_err("into .git");
        assert_eq!(
            error.message,
            "symlink leads into `.git`, which planlint never reads: `planning/goals/head.md` -> `../../.git/HEAD`",
            "{mode:?}"
        );
        let error = snapshot
            .read("planning/goals/broken.md")
            .expect_err("broken");
        assert!(
            error.message.contains("broken symlink"),
            "{mode:?}: {}",
            error.message
        );
    }

    // Outside git: the same rules.
    fs::remove_dir_all(root.join(".git")).expect("rm .git");
    let plain = open(&root, Mode::Worktree);
    assert_eq!(plain.paths, expected);
    let error = plain
        .read("planning/goals/relative.md")
        .expect_err("refused");
    assert!(
        error.message.starts_with("symlink points outside"),
        "{}",
        error.message
    );
    assert_eq!(text(&plain, "planning/goals/alias.md"), "inside");
}

#[test]
fn outside_git_the_folder_is_walked_plainly() {
    let (_tmp, root) = temp();
    write(&root, "planning/goals/a.md", "a");
    write(
        &root,
        ".git/HEAD",
        "not really a repository, but skipped all the same",
    );
    write(&root, "target/x.md", "listed: only .git is skipped");
    fs::remove_dir_all(root.join(".git")).expect("rm");
    write(&root, "sub/.git/config", "skipped");

    let found = find_root(&root.join("planning")).expect("root");
    assert_eq!(found.dir, root.join("planning"));
    let snapshot = open(&root, Mode::Worktree);
    assert_eq!(snapshot.paths, ["planning/goals/a.md", "target/x.md"]);
    assert_eq!(snapshot.now, None);
    assert!(snapshot.last_changed(&snapshot.paths).is_empty());
    let error = open_err(&root, Mode::Staged);
    assert!(
        error.message.contains("not inside a git repository"),
        "{}",
        error.message
    );
    let error = open_err(&root, Mode::Rev("HEAD".into()));
    assert!(
        error.message.contains("not inside a git repository"),
        "{}",
        error.message
    );
    let error = snapshot.changed_paths("main").err().expect("error");
    assert!(
        error.message.contains("not inside a git repository"),
        "{}",
        error.message
    );
}

#[test]
fn last_changed_walks_history_once_for_all_files() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goals/a.md", "a1");
    write(&root, "goals/b.md", "b1");
    write(&root, "goals/deep/c.md", "c1");
    write(&root, "teams/t.md", "t1");
    commit_all(&repo, "one", T0);
    write(&root, "goals/a.md", "a2");
    commit_all(&repo, "two", T0 + 10 * DAY);
    write(&root, "goals/deep/d.md", "d1");
    commit_all(&repo, "three", T0 + 20 * DAY);
    write(&root, "goals/b.md", "b2");
    write(&root, "unrelated.txt", "x");
    commit_all(&repo, "four", T0 + 30 * DAY);
    // Changed and changed back: the content at HEAD dates from "five".
    write(&root, "goals/a.md", "a3");
    commit_all(&repo, "five", T0 + 40 * DAY);
    write(&root, "goals/a.md", "a2");
    commit_all(&repo, "six", T0 + 50 * DAY);
    // A side branch merged into the mainline: its change dates from the merge.
    git(&root, &["branch", "side", "HEAD"]);
    git(&root, &["checkout", "--quiet", "side"]);
    write(&root, "teams/t.md", "t2");
    git_at(
        &root,
        T0 + 55 * DAY,
        &["commit", "--quiet", "-am", "on the side"],
    );
    git(&root, &["checkout", "--quiet", "master"]);
    write(&root, "unrelated.txt", "y");
    git_at(
        &root,
        T0 + 56 * DAY,
        &["commit", "--quiet", "-am", "mainline moves on"],
    );
    git_at(
        &root,
        T0 + 60 * DAY,
        &["merge", "--quiet", "--no-ff", "-m", "merge", "side"],
    );
    write(&root, "goals/new.md", "untracked");
    write(&root, "goals/staged.md", "staged");
    stage(&repo, "goals/staged.md");
    write(&root, "goals/b.md", "edited, not committed");

    let snapshot = open(&root, Mode::Worktree);
    assert_eq!(snapshot.now, Some(T0 + 60 * DAY));
    let ages = snapshot.last_changed(&snapshot.paths);
    let mut ages: Vec<_> = ages.into_iter().collect();
    ages.sort();
    assert_eq!(
        ages,
        [
            ("goals/a.md".to_string(), T0 + 50 * DAY),
            ("goals/b.md".to_string(), T0 + 30 * DAY),
            ("goals/deep/c.md".to_string(), T0),
            ("goals/deep/d.md".to_string(), T0 + 20 * DAY),
            ("teams/t.md".to_string(), T0 + 60 * DAY),
            ("unrelated.txt".to_string(), T0 + 56 * DAY),
        ]
    );

    // From an older commit, the history before it counts.
    let old = open(&root, Mode::Rev("HEAD~4".into()));
    assert_eq!(old.now, Some(T0 + 30 * DAY));
    let ages = old.last_changed(&["goals/a.md", "goals/b.md", "teams/t.md", "missing.md"]);
    assert_eq!(ages.get("goals/a.md"), Some(&(T0 + 10 * DAY)));
    assert_eq!(ages.get("goals/b.md"), Some(&(T0 + 30 * DAY)));
    assert_eq!(ages.get("teams/t.md"), Some(&T0));
    assert_eq!(ages.len(), 3);
}

/// With every change committed by git (which records in the index the tree
/// it wrote), which files HEAD holds is read from the index rather than from
/// a tree per folder: the ages are the same as reading the trees gives.
#[test]
fn last_changed_reads_the_committed_files_from_a_clean_index_as_from_the_trees() {
    let (_tmp, root) = temp();
    init(&root);
    for team in ["core", "data", "web"] {
        write(&root, &format!("teams/{team}/objectives.md"), "v1");
    }
    write(&root, "teams/gone/objectives.md", "v1");
    write(&root, "teams/moved.md", "a file, later a folder");
    git_at(&root, T0, &["add", "-A"]);
    git_at(&root, T0, &["commit", "--quiet", "-m", "one"]);
    write(&root, "teams/data/objectives.md", "v2");
    git_at(
        &root,
        T0 + 10 * DAY,
        &["rm", "--quiet", "-r", "teams/gone", "teams/moved.md"],
    );
    write(&root, "teams/moved.md/objectives.md", "now in a folder");
    git_at(&root, T0 + 10 * DAY, &["add", "-A"]);
    git_at(&root, T0 + 10 * DAY, &["commit", "--quiet", "-m", "two"]);
    write(&root, "teams/web/objectives.md", "v2");
    git_at(&root, T0 + 20 * DAY, &["commit", "--quiet", "-am", "three"]);
    // Not committed: an untracked page and an edit in the work tree.
    write(&root, "teams/new/objectives.md", "untracked");
    write(&root, "teams/core/objectives.md", "edited, not staged");

    let asked = [
        "teams/core/objectives.md",
        "teams/data/objectives.md",
        "teams/web/objectives.md",
        "teams/moved.md/objectives.md",
        "teams/new/objectives.md",
        "teams/gone/objectives.md",
        "teams/data",
    ];
    let expected = vec![
        ("teams/core/objectives.md".to_string(), T0),
        ("teams/data/objectives.md".to_string(), T0 + 10 * DAY),
        ("teams/moved.md/objectives.md".to_string(), T0 + 10 * DAY),
        ("teams/web/objectives.md".to_string(), T0 + 20 * DAY),
    ];
    let sorted = |ages: std::collections::HashMap<String, i64>| {
        let mut ages: Vec<_> = ages.into_iter().collect();
        ages.sort();
        ages
    };
    let worktree = open(&root, Mode::Worktree);
    assert_eq!(sorted(worktree.last_changed(&asked)), expected);
    let staged = open(&root, Mode::Staged);
    assert_eq!(sorted(staged.last_changed(&asked)), expected);
    // `--rev` reads the commit's trees.
    let rev = open(&root, Mode::Rev("HEAD".into()));
    assert_eq!(sorted(rev.last_changed(&asked)), expected);
}

/// In a wide folder the walk looks a few pending names up instead of
/// reading every entry: asked for a few files, the ages are those asked for
/// every file (where every entry is read), and git's own.
#[test]
fn last_changed_in_a_wide_folder_looks_names_up_as_the_walk_reads_them() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    for n in 0..100 {
        write(&root, &format!("f{n:03}.md"), "v1");
    }
    write(&root, "becomes-folder.md", "a file");
    write(&root, "sub/goal.md", "v1");
    commit_all(&repo, "one", T0);
    write(&root, "f050.md", "v2");
    commit_all(&repo, "two", T0 + DAY);
    fs::remove_file(root.join("becomes-folder.md")).expect("rm");
    write(&root, "becomes-folder.md/goal.md", "now a folder");
    write(&root, "sub/goal.md", "v2");
    commit_all(&repo, "three", T0 + 2 * DAY);
    write(&root, "f007.md", "v2");
    commit_all(&repo, "four", T0 + 3 * DAY);
    write(&root, "f007.md", "v1");
    commit_all(&repo, "five", T0 + 4 * DAY);
    for n in 0..5 {
        write(&root, "x.txt", &n.to_string());
        commit_all(&repo, "noise", T0 + (5 + n) * DAY);
    }

    let snapshot = open(&root, Mode::Rev("HEAD".into()));
    let few = [
        "f000.md",
        "f007.md",
        "f050.md",
        "becomes-folder.md/goal.md",
        "sub/goal.md",
    ];
    let every = snapshot.last_changed(&snapshot.paths);
    let asked = snapshot.last_changed(&few);
    for path in few {
        let git_says: i64 = String::from_utf8(
            Command::new("git")
                .args(["log", "-1", "--format=%ct", "--", path])
                .current_dir(&root)
                .output()
                .expect("git log")
                .stdout,
        )
        .expect("utf-8")
        .trim()
        .parse()
        .expect("a time");
        assert_eq!(asked.get(path), Some(&git_says), "{path}");
        assert_eq!(every.get(path), Some(&git_says), "{path}");
    }
}

#[test]
fn changed_paths_compares_with_the_merge_base() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "goals/a.md", "status: in-progress");
    write(
        &root,
        "goals/b.md",
        "a goal long enough for rename detection to find it again\n",
    );
    write(&root, "goals/c.md", "c");
    write(&root, "goals/old.md", "an old violation, untouched");
    commit_all(&repo, "base", T0);
    git(&root, &["checkout", "--quiet", "-b", "feature"]);
    write(&root, "goals/a.md", "status: done");
    write(&root, "goals/n.md", "new goal");
    git(&root, &["add", "goals/n.md"]);
    git(&root, &["mv", "goals/b.md", "goals/b2.md"]);
    git(&root, &["rm", "--quiet", "goals/c.md"]);
    git_at(
        &root,
        T0 + DAY,
        &["commit", "--quiet", "-am", "feature work"],
    );
    // The target branch moves on after the fork: not part of the change.
    git(&root, &["checkout", "--quiet", "master"]);
    write(&root, "goals/old.md", "changed on master after the fork");
    git_at(
        &root,
        T0 + 2 * DAY,
        &["commit", "--quiet", "-am", "master work"],
    );
    git(&root, &["checkout", "--quiet", "feature"]);
    write(&root, "goals/u.md", "untracked");
    write(&root, "goals/s.md", "staged");
    stage(&repo, "goals/s.md");
    write(&root, "goals/ignored.md", "ignored");
    write(&root, ".git/info/exclude", "goals/ignored.md\n");

    let base = repo
        .revparse_single("master~1")
        .expect("base")
        .id()
        .to_string();
    let worktree = open(&root, Mode::Worktree);
    let changed = worktree.changed_paths("master").expect("changed");
    assert_eq!(changed.merge_base, base);
    assert_eq!(
        changed.paths.iter().collect::<Vec<_>>(),
        [
            "goals/a.md",
            "goals/b2.md",
            "goals/n.md",
            "goals/s.md",
            "goals/u.md"
        ]
    );
    assert!(changed.contains("goals/a.md"));
    assert!(!changed.contains("goals/old.md"));
    assert_eq!(
        changed.read_at_base("goals/a.md").as_deref(),
        Some(&b"status: in-progress"[..])
    );
    assert_eq!(
        changed.read_at_base("goals/b2.md").as_deref(),
        Some(&b"a goal long enough for rename detection to find it again\n"[..])
    );
    assert_eq!(changed.read_at_base("goals/n.md"), None);
    assert_eq!(
        changed.read_at_base("goals/old.md").as_deref(),
        Some(&b"an old violation, untouched"[..])
    );

    let staged = open(&root, Mode::Staged)
        .changed_paths("master")
        .expect("staged");
    assert_eq!(
        staged.paths.iter().collect::<Vec<_>>(),
        ["goals/a.md", "goals/b2.md", "goals/n.md", "goals/s.md"]
    );
    let rev = open(&root, Mode::Rev("feature".into()))
        .changed_paths("master")
        .expect("rev");
    assert_eq!(rev.merge_base, base);
    assert_eq!(
        rev.paths.iter().collect::<Vec<_>>(),
        ["goals/a.md", "goals/b2.md", "goals/n.md"]
    );
    // Against itself, nothing changed.
    let none = open(&root, Mode::Rev("feature".into()))
        .changed_paths("feature")
        .expect("same");
    assert!(none.paths.is_empty());
}

#[test]
fn a_shallow_clone_without_the_base_says_how_to_fix_it() {
    let (_tmp, dir) = temp();
    let source = dir.join("source");
    let repo = init(&source);
    write(&source, "goals/a.md", "a1");
    write(&source, "goals/b.md", "b1");
    let c1 = commit_all(&repo, "one", T0);
    git(&source, &["branch", "base"]);
    write(&source, "goals/a.md", "a2");
    commit_all(&repo, "two", T0 + DAY);
    write(&source, "goals/c.md", "c1");
    commit_all(&repo, "three", T0 + 2 * DAY);
    let url = format!("file://{}", source.display());
    git(&dir, &["clone", "--quiet", "--depth", "1", &url, "shallow"]);
    let shallow = dir.join("shallow");

    let snapshot = open(&shallow, Mode::Worktree);
    assert_eq!(snapshot.now, Some(T0 + 2 * DAY));
    let expected_help =
        "fetch the full history: set `fetch-depth: 0` on actions/checkout, or run `git fetch --unshallow`";
    for base in ["origin/base", &c1.to_string()] {
        let error = snapshot.changed_paths(base).err().expect("shallow error");
        assert_eq!(
            error.message,
            format!(
                "cannot find `{base}` in this repository: it is a shallow clone \
                 (only the most recent commits were fetched)"
            )
        );
        assert_eq!(error.help.as_deref(), Some(expected_help));
    }
    let error = open_err(&shallow, Mode::Rev("HEAD~1".into()));
    assert_eq!(
        error.message,
        "cannot find `HEAD~1` in this repository: it is a shallow clone \
         (only the most recent commits were fetched)"
    );
    // History ends at the boundary: everything counts as changed there.
    let ages = snapshot.last_changed(&snapshot.paths);
    assert_eq!(ages.get("goals/a.md"), Some(&(T0 + 2 * DAY)));
    assert_eq!(ages.get("goals/b.md"), Some(&(T0 + 2 * DAY)));

    // Both tips fetched, but not the history that joins them.
    git(
        &dir,
        &[
            "clone",
            "--quiet",
            "--depth",
            "1",
            "--no-single-branch",
            &url,
            "tips",
        ],
    );
    let tips = open(&dir.join("tips"), Mode::Worktree);
    let error = tips
        .changed_paths("origin/base")
        .err()
        .expect("no merge base");
    assert_eq!(
        error.message,
        "cannot find the merge base of `origin/base` and HEAD: it is a shallow clone \
         (only the most recent commits were fetched)"
    );
    assert_eq!(error.help.as_deref(), Some(expected_help));

    // After fetching the history, it works.
    git(&dir.join("tips"), &["fetch", "--quiet", "--unshallow"]);
    let tips = open(&dir.join("tips"), Mode::Worktree);
    let changed = tips.changed_paths("origin/base").expect("changed");
    assert_eq!(
        changed.paths.iter().collect::<Vec<_>>(),
        ["goals/a.md", "goals/c.md"]
    );
}

#[test]
fn unrelated_histories_have_no_merge_base() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "a.md", "a");
    commit_all(&repo, "one", T0);
    git(&root, &["checkout", "--quiet", "--orphan", "other"]);
    commit_all(&repo, "unrelated", T0 + DAY);
    let error = open(&root, Mode::Worktree)
        .changed_paths("master")
        .err()
        .expect("error");
    assert_eq!(error.message, "`master` and HEAD have no common history");
}

#[cfg(unix)]
#[test]
fn a_repository_owned_by_another_user_gets_the_safe_directory_fix() {
    use std::os::unix::fs::{chown, MetadataExt};

    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "a.md", "a");
    commit_all(&repo, "one", T0);
    drop(repo);
    if fs::metadata(&root).expect("meta").uid() != 0 {
        // Only root can hand the folder to another user.
        return;
    }
    chown(&root, Some(65534), Some(65534)).expect("chown");
    chown(root.join(".git"), Some(65534), Some(65534)).expect("chown");
    let error = find_root(&root).expect_err("owner error");
    assert!(
        error.message.contains("owned by another user"),
        "{}",
        error.message
    );
    let help = error.help.unwrap_or_default();
    assert!(
        help.contains(&format!(
            "git config --global --add safe.directory {}",
            root.display()
        )),
        "{help}"
    );
    let error = open_err(&root, Mode::Worktree);
    assert!(
        error.message.contains("owned by another user"),
        "{}",
        error.message
    );
}

/// Run by the pre-commit hook of the test below (as a child process, with the
/// environment git gives hooks); does nothing when run on its own.
#[test]
#[ignore = "run as a git hook by staged_in_a_pre_commit_hook_sees_what_git_commits"]
fn hook_child() {
    let Ok(out) = std::env::var("PLANLINT_HOOK_OUT") else {
        return;
    };
    home();
    let cwd = std::env::current_dir().expect("cwd");
    let snapshot = open(&cwd, Mode::Staged);
    let report: Vec<String> = snapshot
        .paths
        .iter()
        .map(|p| format!("{p}={}", text(&snapshot, p)))
        .collect();
    fs::write(out, report.join("\n")).expect("write report");
}

#[cfg(unix)]
#[test]
fn staged_in_a_pre_commit_hook_sees_what_git_commits() {
    use std::os::unix::fs::PermissionsExt;

    let (_tmp, dir) = temp();
    let root = dir.join("repo");
    let repo = init(&root);
    write(&root, "goal.md", "v1");
    commit_all(&repo, "one", T0);
    let exe = std::env::current_exe().expect("test binary");
    let out = dir.join("hook-report");
    let hook = root.join(".git/hooks/pre-commit");
    write(
        &root,
        ".git/hooks/pre-commit",
        &format!(
            "#!/bin/sh\nPLANLINT_HOOK_OUT='{}' exec '{}' --exact hook_child --ignored --quiet >/dev/null\n",
            out.display(),
            exe.display()
        ),
    );
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).expect("chmod");

    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the
    // hook must see the edit even though the real index does not have it yet.
    write(&root, "goal.md", "v2");
    git_at(&root, T0 + DAY, &["commit", "--quiet", "-am", "two"]);
    assert_eq!(fs::read_to_string(&out).expect("report"), "goal.md=v2");
}

#[test]
fn sparse_checkouts_and_intent_to_add_follow_git() {
    let (_tmp, root) = temp();
    let repo = init(&root);
    write(&root, "keep/a.md", "a");
    write(&root, "other/b.md", "b");
    commit_all(&repo, "one", T0);
    git(&root, &["sparse-checkout", "set", "keep"]);
    assert!(!root.join("other/b.md").exists());
    write(&root, "keep/later.md", "announced with git add -N");
    git(&root, &["add", "-N", "keep/later.md"]);

    // Off the disk, so not in the work tree; still in the next commit.
    let worktree = open(&root, Mode::Worktree);
    assert_eq!(worktree.paths, ["keep/a.md", "keep/later.md"]);
    // `git add -N` stages nothing the next commit would contain.
    let staged = open(&root, Mode::Staged);
    assert_eq!(staged.paths, ["keep/a.md", "other/b.md"]);
    assert_eq!(text(&staged, "other/b.md"), "b");
}
