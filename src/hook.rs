//! `planlint install-hook`: a git pre-commit hook that runs
//! `planlint check --staged`, so a commit that breaks the plan is stopped
//! before it is made.
//!
//! The hooks folder is found as git finds it: `core.hooksPath` (a relative
//! value is relative to the work tree's root, where git runs hooks), else
//! `hooks/` in the repository's common folder, which linked worktrees share.
//!
//! planlint never overwrites a hook that is not its own. Its own hook carries
//! [`MARKER`]; any other file is left alone (exit 2, with what to do), unless
//! `--chain` adds planlint's lines to it, between [`CHAIN_START`] and
//! [`CHAIN_END`], right after its `#!` line, so they run even when the hook
//! ends in `exec` or `exit`. `--uninstall` removes only what planlint wrote.
//!
//! The hook runs `planlint` from PATH and nothing else: no file of the
//! repository is executed.

use git2::{ErrorCode, Repository};
use std::path::{Path, PathBuf};

/// Marks a hook file as planlint's own.
pub const MARKER: &str = "# planlint-managed pre-commit hook";
/// First line of the block `--chain` adds to someone else's hook.
pub const CHAIN_START: &str = "# >>> planlint install-hook --chain >>>";
/// Last line of that block.
pub const CHAIN_END: &str = "# <<< planlint install-hook --chain <<<";

/// `--diff-base HEAD` when the repository has a commit; the unquoted
/// substitution splits into the two words, or into none.
pub const DIFF_BASE_HEAD: &str =
    " $(git rev-parse -q --verify HEAD >/dev/null 2>&1 && echo --diff-base HEAD)";

const NOT_FOUND: &str =
    "planlint: not found on PATH, so the plan was not checked: install planlint \
(https://github.com/planlint/planlint) or skip the check once with \\`git commit --no-verify\\`";

/// What `planlint install-hook` was asked to do.
#[derive(Clone, Debug)]
pub struct HookOptions {
    /// A path inside the plan to check; the hook checks the plan holding it.
    pub path: PathBuf,
    /// Add planlint's check to a pre-commit hook that is not planlint's
    /// instead of refusing.
    pub chain: bool,
    /// Remove planlint's hook, or the lines `--chain` added; nothing else.
    pub uninstall: bool,
    /// Block a commit for any finding in the plan, old ones included.
    pub whole_plan: bool,
}

/// Why the hook was not installed or removed: ends the run with exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookError {
    pub message: String,
    pub help: Option<String>,
}

impl HookError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> HookError {
        HookError {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

/// Runs `install-hook`; returns what it did, for the user.
pub fn run(args: &HookOptions) -> Result<String, HookError> {
    let repo = open(&args.path)?;
    let workdir = repo
        .workdir()
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            HookError::new(
                format!(
                    "`{}` is a bare repository: commits are not made there, so a pre-commit hook never runs",
                    repo.path().display()
                ),
                "run `planlint install-hook` in a clone with a work tree",
            )
        })?;
    let dir = hooks_dir(&repo, &workdir)?;
    let file = dir.join("pre-commit");
    let existing = read_existing(&file)?;
    if args.uninstall {
        return uninstall(&file, existing.as_deref());
    }
    let command = check_command(&args.path, &workdir, args.whole_plan)?;
    let (text, message) = match existing.as_deref() {
        None => (
            own_hook(&command),
            format!(
                "planlint: installed the pre-commit hook {}: each commit now runs `{command}`",
                file.display()
            ),
        ),
        Some(text) if is_own(text) => {
            if text == own_hook(&command) {
                return Ok(format!(
                    "planlint: the pre-commit hook {} is already installed",
                    file.display()
                ));
            }
            (
                own_hook(&command),
                format!(
                    "planlint: updated the pre-commit hook {}: each commit now runs `{command}`",
                    file.display()
                ),
            )
        }
        Some(text) if args.chain => {
            let chained = chain(text, &command).map_err(|why| {
                HookError::new(
                    format!("cannot add planlint to the pre-commit hook {}: {why}", file.display()),
                    format!("add `{command}` to it by hand, or use the pre-commit framework (see planlint's README)"),
                )
            })?;
            if chained == text {
                return Ok(format!(
                    "planlint: the pre-commit hook {} already runs planlint",
                    file.display()
                ));
            }
            (
                chained,
                format!(
                    "planlint: added `{command}` to the pre-commit hook {}; `planlint install-hook --uninstall` takes it out again",
                    file.display()
                ),
            )
        }
        Some(_) => {
            return Err(HookError::new(
                format!(
                    "a pre-commit hook that is not planlint's exists: {}; planlint never overwrites it",
                    file.display()
                ),
                "`planlint install-hook --chain` adds planlint's check to it; or move it away and run `planlint install-hook` again",
            ))
        }
    };
    write_hook(&dir, &file, &text)?;
    Ok(message)
}

fn open(path: &Path) -> Result<Repository, HookError> {
    Repository::discover(path).map_err(|e| match e.code() {
        ErrorCode::NotFound => HookError::new(
            format!("`{}` is not inside a git repository", path.display()),
            "run `planlint install-hook` inside the repository that holds the plan (`git init` makes one)",
        ),
        ErrorCode::Owner => HookError::new(
            format!(
                "git refuses to open the repository at `{}`: it is owned by another user",
                path.display()
            ),
            "if you trust it, mark it safe: `git config --global --add safe.directory <its path>`",
        ),
        _ => HookError {
            message: format!(
                "cannot open the git repository at `{}`: {}",
                path.display(),
                e.message()
            ),
            help: None,
        },
    })
}

/// The folder git runs hooks from: `core.hooksPath` (relative to the work
/// tree's root, `~/` expanded), else the common folder's `hooks/` (shared by
/// every linked worktree).
pub fn hooks_dir(repo: &Repository, workdir: &Path) -> Result<PathBuf, HookError> {
    let config = repo.config().map_err(|e| HookError {
        message: format!("cannot read the repository's git config: {}", e.message()),
        help: None,
    })?;
    match config.get_path("core.hooksPath") {
        Ok(path) if !path.as_os_str().is_empty() => Ok(workdir.join(path)),
        Ok(_) => Ok(repo.commondir().join("hooks")),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(repo.commondir().join("hooks")),
        Err(e) => Err(HookError::new(
            format!("cannot read `core.hooksPath`: {}", e.message()),
            "check the value with `git config core.hooksPath`",
        )),
    }
}

/// The hook's command: `planlint check --staged`, plus the plan's folder
/// when the plan's root is not the work tree's root (git runs hooks there).
/// Unless `whole_plan`, it reports only what the commit introduces
/// (`--diff-base HEAD` on the index): a commit that stages no planning file
/// or config passes at once, without reading the plan, whatever old
/// findings the plan has (see `change::staged_leaves_plan_unchanged`); one
/// that does is checked against HEAD. Before the first
/// commit there is no HEAD, and everything staged is new: the shell leaves
/// the flag out then.
fn check_command(path: &Path, workdir: &Path, whole_plan: bool) -> Result<String, HookError> {
    let root = crate::source::find_root(path)
        .map_err(|e| HookError {
            message: e.message,
            help: e.help,
        })?
        .dir;
    let relative = match (root.canonicalize(), workdir.canonicalize()) {
        (Ok(root), Ok(workdir)) => root.strip_prefix(&workdir).ok().map(Path::to_path_buf),
        _ => None,
    };
    let Some(relative) = relative else {
        return Err(HookError::new(
            format!(
                "the plan's root `{}` is outside the repository `{}`",
                root.display(),
                workdir.display()
            ),
            "pass a path inside the repository",
        ));
    };
    let mut parts = Vec::new();
    for part in relative.components() {
        let Some(part) = part.as_os_str().to_str() else {
            return Err(HookError::new(
                format!(
                    "the plan's folder `{}` is not valid UTF-8",
                    relative.display()
                ),
                "rename the folder, or install the hook by hand",
            ));
        };
        if part.contains(['\n', '\r']) {
            return Err(HookError::new(
                "the plan's folder name holds a line break",
                "rename the folder, or install the hook by hand",
            ));
        }
        parts.push(part);
    }
    let base = if whole_plan { "" } else { DIFF_BASE_HEAD };
    if parts.is_empty() {
        Ok(format!("planlint check --staged{base}"))
    } else {
        Ok(format!(
            "planlint check --staged{base} -- {}",
            shell_quote(&parts.join("/"))
        ))
    }
}

/// `'text'`, with each `'` written `'\''`: one word to `sh`, expanded never.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// planlint's own hook.
pub fn own_hook(command: &str) -> String {
    format!(
        "#!/bin/sh\n\
         {MARKER}\n\
         # Written by `planlint install-hook`; `planlint install-hook --uninstall` removes it.\n\
         # Checks the plan as staged for this commit; `git commit --no-verify` skips it once.\n\
         if ! command -v planlint >/dev/null 2>&1; then\n    \
             echo \"{NOT_FOUND}\" >&2\n    \
             exit 1\n\
         fi\n\
         exec {command}\n"
    )
}

fn chain_block(command: &str) -> String {
    format!(
        "{CHAIN_START}\n\
         # Added by `planlint install-hook --chain`; `planlint install-hook --uninstall` removes it.\n\
         if command -v planlint >/dev/null 2>&1; then\n    \
             {command} || exit $?\n\
         else\n    \
             echo \"{NOT_FOUND}\" >&2\n    \
             exit 1\n\
         fi\n\
         {CHAIN_END}\n"
    )
}

/// Whether `text` is planlint's own hook.
pub fn is_own(text: &str) -> bool {
    text.lines().any(|line| line.trim_end() == MARKER)
}

/// Line index range of the chained block (start..=end), if there is one.
fn block_lines(lines: &[&str]) -> Result<Option<(usize, usize)>, String> {
    let start = lines.iter().position(|l| l.trim_end() == CHAIN_START);
    let end = lines.iter().position(|l| l.trim_end() == CHAIN_END);
    match (start, end) {
        (None, None) => Ok(None),
        (Some(start), Some(end)) if start < end => Ok(Some((start, end))),
        _ => Err("its planlint lines are incomplete (one of the `# >>> planlint` / `# <<< planlint` lines is missing)".into()),
    }
}

/// `text` with planlint's block added after the `#!` line (or replaced, if
/// there is one). Refuses a hook written for another interpreter.
pub fn chain(text: &str, command: &str) -> Result<String, String> {
    let first = text.lines().next().unwrap_or("");
    if let Some(interpreter) = first.strip_prefix("#!") {
        if !is_shell(interpreter) {
            return Err(format!("it is not a shell script (`{}`)", first.trim_end()));
        }
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let block = chain_block(command);
    let mut out = String::with_capacity(text.len() + block.len());
    match block_lines(&lines)? {
        Some((start, end)) => {
            lines[..start].iter().for_each(|l| out.push_str(l));
            out.push_str(&block);
            lines[end + 1..].iter().for_each(|l| out.push_str(l));
        }
        None => {
            let after = usize::from(first.starts_with("#!"));
            lines[..after].iter().for_each(|l| out.push_str(l));
            if after == 1 && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&block);
            lines[after..].iter().for_each(|l| out.push_str(l));
        }
    }
    Ok(out)
}

/// `text` without planlint's block; `None` when it has none.
pub fn unchain(text: &str) -> Result<Option<String>, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    Ok(block_lines(&lines)?.map(|(start, end)| {
        lines[..start]
            .iter()
            .chain(&lines[end + 1..])
            .copied()
            .collect()
    }))
}

/// `sh`, `bash`, `/usr/bin/env bash`, `/bin/dash -e`, ...
fn is_shell(interpreter: &str) -> bool {
    let mut words = interpreter.split_whitespace();
    let mut program = words.next().unwrap_or("");
    if program.rsplit('/').next() == Some("env") {
        program = words.find(|w| !w.starts_with('-')).unwrap_or("");
    }
    matches!(
        program.rsplit('/').next(),
        Some("sh" | "bash" | "dash" | "zsh" | "ksh" | "ash" | "mksh")
    )
}

fn read_existing(file: &Path) -> Result<Option<String>, HookError> {
    match std::fs::symlink_metadata(file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(HookError {
                message: format!("cannot read `{}`: {e}", file.display()),
                help: None,
            })
        }
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::read_link(file)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(HookError::new(
                format!(
                    "the pre-commit hook {} is a symbolic link to `{target}`; planlint does not change it",
                    file.display()
                ),
                "add `planlint check --staged` to the file it points at by hand, or use the pre-commit framework",
            ));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(HookError::new(
                format!("the pre-commit hook {} is not a file", file.display()),
                "move it away and run `planlint install-hook` again",
            ))
        }
        Ok(_) => {}
    }
    let bytes = std::fs::read(file).map_err(|e| HookError {
        message: format!("cannot read `{}`: {e}", file.display()),
        help: None,
    })?;
    String::from_utf8(bytes).map(Some).map_err(|_| {
        HookError::new(
            format!(
                "the pre-commit hook {} is not text (UTF-8); planlint does not change it",
                file.display()
            ),
            "move it away and run `planlint install-hook` again",
        )
    })
}

fn uninstall(file: &Path, existing: Option<&str>) -> Result<String, HookError> {
    let Some(text) = existing else {
        return Ok(format!(
            "planlint: there is no pre-commit hook {}; nothing to remove",
            file.display()
        ));
    };
    if is_own(text) {
        std::fs::remove_file(file).map_err(|e| HookError {
            message: format!("cannot remove `{}`: {e}", file.display()),
            help: None,
        })?;
        return Ok(format!(
            "planlint: removed the pre-commit hook {}",
            file.display()
        ));
    }
    let unchained = unchain(text).map_err(|why| {
        HookError::new(
            format!(
                "cannot take planlint out of the pre-commit hook {}: {why}",
                file.display()
            ),
            "edit the hook by hand",
        )
    })?;
    match unchained {
        Some(rest) => {
            let dir = file.parent().unwrap_or(Path::new("."));
            write_hook(dir, file, &rest)?;
            Ok(format!(
                "planlint: took planlint's lines out of the pre-commit hook {}; the rest is unchanged",
                file.display()
            ))
        }
        None => Ok(format!(
            "planlint: the pre-commit hook {} is not planlint's and does not run it; left unchanged",
            file.display()
        )),
    }
}

/// Writes the hook through a temporary file in the same folder, renamed over
/// the old one, so a failure never leaves half a hook; executable. A hooks
/// folder or hook that is a symlink (a tracked `core.hooksPath` can hold
/// one) is refused rather than written through.
fn write_hook(dir: &Path, file: &Path, text: &str) -> Result<(), HookError> {
    let within = dir
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .unwrap_or(dir);
    crate::write::write_file(
        file,
        text.as_bytes(),
        within,
        crate::write::Existing::Replace,
        true,
    )
    .map(|_| ())
    .map_err(|e| HookError {
        message: e.message,
        help: e
            .help
            .or_else(|| Some("check that the hooks folder is writable".into())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOREIGN: &str = "#!/usr/bin/env bash\nset -e\nnpm test\nexec lint-staged\n";

    #[test]
    fn own_hook_is_recognised_and_foreign_is_not() {
        assert!(is_own(&own_hook("planlint check --staged")));
        assert!(!is_own(FOREIGN));
        let chained = chain(FOREIGN, "planlint check --staged").unwrap();
        assert!(!is_own(&chained));
    }

    #[test]
    fn chain_goes_after_the_shebang_is_idempotent_and_comes_out_again() {
        let command = "planlint check --staged";
        let once = chain(FOREIGN, command).unwrap();
        assert!(once.starts_with(&format!("#!/usr/bin/env bash\n{CHAIN_START}\n")));
        assert!(once.ends_with(&format!(
            "{CHAIN_END}\nset -e\nnpm test\nexec lint-staged\n"
        )));
        assert_eq!(chain(&once, command).unwrap(), once);
        // A new command replaces the block in place.
        let moved = chain(&once, "planlint check --staged -- 'plan'").unwrap();
        assert_eq!(moved.matches(CHAIN_START).count(), 1);
        assert!(moved.contains("planlint check --staged -- 'plan' || exit $?"));
        assert_eq!(unchain(&once).unwrap().as_deref(), Some(FOREIGN));
        assert_eq!(unchain(FOREIGN).unwrap(), None);
    }

    #[test]
    fn chain_without_a_shebang_goes_first_and_refuses_other_interpreters() {
        let plain = "echo hi\n";
        let chained = chain(plain, "planlint check --staged").unwrap();
        assert!(chained.starts_with(CHAIN_START));
        assert!(chained.ends_with("echo hi\n"));
        assert_eq!(unchain(&chained).unwrap().as_deref(), Some(plain));
        let shebang_only = chain("#!/bin/sh", "planlint check --staged").unwrap();
        assert!(shebang_only.starts_with(&format!("#!/bin/sh\n{CHAIN_START}\n")));
        for script in ["#!/usr/bin/env python3\nprint(1)\n", "#!/usr/bin/perl\n"] {
            assert!(
                chain(script, "planlint check --staged").is_err(),
                "{script}"
            );
        }
        for shell in [
            "/bin/sh",
            "/usr/bin/env bash",
            "/bin/bash -e",
            "/usr/bin/env -S zsh",
        ] {
            assert!(is_shell(shell), "{shell}");
        }
    }

    #[test]
    fn a_broken_block_is_not_touched() {
        let broken = format!("#!/bin/sh\n{CHAIN_START}\necho\n");
        assert!(chain(&broken, "planlint check --staged").is_err());
        assert!(unchain(&broken).is_err());
    }

    #[test]
    fn folder_names_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("plan"), "'plan'");
        assert_eq!(shell_quote("it's $(x)"), r"'it'\''s $(x)'");
    }
}
