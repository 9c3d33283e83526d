//! Writing files without trusting the repository: a committed symlink can
//! stand where planlint writes (`--output`, `--write-baseline`, the hook,
//! `init` and `new`), so nothing is ever written through a symlink, every
//! write goes to a temporary file in the same folder and is then renamed into
//! place, and a file that must not be replaced never is.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub message: String,
    pub help: Option<String>,
}

/// Whether an existing file may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (a report, a baseline, planlint's own hook).
    Replace,
    /// Never replace it: fail with [`std::io::ErrorKind::AlreadyExists`]'s
    /// message instead (`init`, `new`).
    Keep,
}

/// Writes `bytes` to `path` through a temporary file and a rename.
///
/// Refused when `path`, or any folder between `within` and it, is a
/// symlink: a folder the repository supplies must not send the write
/// elsewhere. Outside `within` only the file itself is checked (the folders
/// there are the caller's). Missing folders are created (with the same
/// check). With [`Existing::Keep`], an existing file is left alone and
/// `Ok(false)` is returned.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    within: &Path,
    existing: Existing,
    executable: bool,
) -> Result<bool, WriteError> {
    let given = std::path::absolute(path).map_err(|e| io_error(path, &e))?;
    let absolute = refuse_symlinks(&given, within)?;
    if let Some(kind) = std::fs::symlink_metadata(&absolute)
        .ok()
        .map(|m| m.file_type())
    {
        if !kind.is_file() {
            return write_in_place(&absolute, kind, bytes, existing);
        }
    }
    let folder = absolute.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(folder).map_err(|e| io_error(folder, &e))?;
    // Creating folders may have raced with a symlink; look again.
    if refuse_symlinks(&given, within)? != absolute {
        return Err(WriteError {
            message: format!("`{}` changed while planlint wrote it", path.display()),
            help: Some("write to a path nothing else is changing".into()),
        });
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".planlint-").suffix(".tmp");
    // A new file gets the mode any program's would (0666, or 0777 for the
    // hook, less the umask), not a temporary file's 0600: a SARIF file or a
    // report is read by the next step of a job, maybe as another user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(match executable {
            true => 0o777,
            false => 0o666,
        }));
    }
    #[cfg(not(unix))]
    let _ = executable;
    let mut temporary = builder
        .tempfile_in(folder)
        .map_err(|e| io_error(folder, &e))?;
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.flush())
        .map_err(|e| io_error(path, &e))?;
    // A file replaced keeps its mode (a report its owner made readable).
    let replaced = std::fs::symlink_metadata(&absolute)
        .ok()
        .filter(|m| m.is_file());
    if let (Existing::Replace, false, Some(replaced)) = (existing, executable, replaced) {
        std::fs::set_permissions(temporary.path(), replaced.permissions())
            .map_err(|e| io_error(path, &e))?;
    }
    match existing {
        // `rename` replaces a symlink itself, never its target.
        Existing::Replace => temporary
            .persist(&absolute)
            .map(|_| true)
            .map_err(|e| io_error(path, &e.error)),
        Existing::Keep => match temporary.persist_noclobber(&absolute) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(io_error(path, &e.error)),
        },
    }
}

/// Writes to what stands at `absolute` and is no file (nor a symlink,
/// refused before): a character device or a named pipe (`--output
/// json:/dev/null`, a pipe another step reads) is written to as it is, as
/// a shell's redirection would; a rename would have replaced it with a
/// file. A folder or any other kind is refused, and kept with
/// [`Existing::Keep`].
fn write_in_place(
    absolute: &Path,
    kind: std::fs::FileType,
    bytes: &[u8],
    existing: Existing,
) -> Result<bool, WriteError> {
    if existing == Existing::Keep {
        return Ok(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            let mut device = std::fs::OpenOptions::new()
                .write(true)
                .open(absolute)
                .map_err(|e| io_error(absolute, &e))?;
            device
                .write_all(bytes)
                .and_then(|()| device.flush())
                .map_err(|e| io_error(absolute, &e))?;
            return Ok(true);
        }
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    };
    Err(WriteError {
        message: format!(
            "`{}` is {what}; planlint writes only files",
            absolute.display()
        ),
        help: Some("give the path of a file to write".into()),
    })
}

/// Where the system would write `absolute` ([`crate::paths::resolve`]):
/// `docs/../reports/x` is looked at in `reports`. Fails when the file
/// itself, or a folder on the way that is inside `within`, is a symlink.
fn refuse_symlinks(absolute: &Path, within: &Path) -> Result<PathBuf, WriteError> {
    let within = within
        .canonicalize()
        .unwrap_or_else(|_| within.to_path_buf());
    crate::paths::resolve(absolute, |link, last| {
        if last || link.starts_with(&within) {
            return Err(WriteError {
                message: format!(
                    "`{}` is a symlink; planlint never writes through a symlink",
                    link.display()
                ),
                help: Some("write to a path that is not a symlink".into()),
            });
        }
        // A folder of the caller's, outside the repository: where it leads.
        link.canonicalize().map_err(|e| io_error(link, &e))
    })
}

fn io_error(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError {
        message: format!("cannot write `{}`: {e}", path.display()),
        help: Some("check that the folder exists and is writable".into()),
    }
}
