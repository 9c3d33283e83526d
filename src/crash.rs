//! The last line of defence: a panic (a bug, since no input may cause one)
//! becomes an internal error that names the file being worked on, exit
//! code 2 and a request to file a bug, instead of Rust's default message
//! and exit code 101.
//!
//! The pipeline stages say which file they are on with [`working_on`]; the
//! panic hook runs on the panicking thread (a rayon worker, say), reads that
//! thread's file and keeps it for [`catch`], which reports once the panic has
//! reached the top.

use crate::text;
use std::cell::RefCell;
use std::ffi::OsString;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, OnceLock};

/// Where to report a bug.
pub const ISSUE_TRACKER: &str = "https://github.com/planlint/planlint/issues";

/// Exit code of an internal error (the same as a usage or config error).
const INTERNAL_ERROR: i32 = 2;

/// Set in the environment (to a path), makes the pipeline panic when it
/// starts on that file: the only way to test, through the binary, that a
/// panic is caught. Undocumented on purpose; it only ever ends a run early.
pub const FORCE_PANIC_ENV: &str = "PLANLINT_INTERNAL_TEST_PANIC_ON";

thread_local! {
    /// The file this thread is working on, empty when none.
    static CURRENT_FILE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// What the panic hook saw: the panic's message and the file, if any.
static PANIC: Mutex<Option<(String, Option<String>)>> = Mutex::new(None);

/// Records that this thread now works on `path` (a path relative to the
/// plan's root). Reuses the thread's buffer, so calling it per entity is cheap.
pub fn working_on(path: &str) {
    CURRENT_FILE.with(|current| {
        if let Ok(mut current) = current.try_borrow_mut() {
            current.clear();
            current.push_str(path);
        }
    });
    static FORCED: OnceLock<Option<OsString>> = OnceLock::new();
    let forced = FORCED.get_or_init(|| std::env::var_os(FORCE_PANIC_ENV));
    if forced.as_deref().is_some_and(|target| target == path) {
        panic!("forced by {FORCE_PANIC_ENV}");
    }
}

/// Records that this thread has finished with its file.
pub fn finished() {
    CURRENT_FILE.with(|current| {
        if let Ok(mut current) = current.try_borrow_mut() {
            current.clear();
        }
    });
}

/// Runs `cli` (which returns an exit code), turning a panic into an internal
/// error on stderr and exit code 2.
pub fn catch(cli: impl FnOnce() -> i32) -> i32 {
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        let message = match info.location() {
            Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
            None => message,
        };
        let file = CURRENT_FILE
            .with(|current| current.try_borrow().ok().map(|c| c.clone()))
            .filter(|file| !file.is_empty());
        if let Ok(mut slot) = PANIC.lock() {
            // The first panic is the cause; later ones are its echoes.
            slot.get_or_insert((message, file));
        }
    }));
    match panic::catch_unwind(AssertUnwindSafe(cli)) {
        Ok(code) => code,
        Err(_) => {
            let seen = PANIC.lock().ok().and_then(|mut slot| slot.take());
            eprint!("{}", internal_error(seen));
            INTERNAL_ERROR
        }
    }
}

/// The text of an internal error, terminal-safe (the message may quote input).
fn internal_error(seen: Option<(String, Option<String>)>) -> String {
    let (message, file) = seen.unwrap_or_else(|| ("unknown panic".to_string(), None));
    let place = match file {
        Some(file) => format!(" while checking `{}`", text::visible(&file)),
        None => String::new(),
    };
    let out = format!(
        "error: internal error{place}: {}\n  \
         help: this is a bug in planlint {}; please report it at {ISSUE_TRACKER} \
         (with the file, if you can share it)\n",
        text::visible(&message),
        env!("CARGO_PKG_VERSION"),
    );
    text::guard_text(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_names_the_file_and_escapes_it() {
        let text = internal_error(Some(("boom".into(), Some("planning/\u{1b}[2Jx.md".into()))));
        assert_eq!(
            text,
            format!(
                "error: internal error while checking `planning/\\u{{1b}}[2Jx.md`: boom\n  \
                 help: this is a bug in planlint {}; please report it at {ISSUE_TRACKER} \
                 (with the file, if you can share it)\n",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(internal_error(None).starts_with("error: internal error: unknown panic\n"));
    }
}
