//! Every file the tool writes goes through here: a temporary file in the target folder,
//! renamed into place, so a crash or a kill never leaves a truncated workbook behind.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::i18n::{Describe, Message};

/// Temporary files older than this are left over from a killed run and are removed.
const STALE_TEMP_AGE: Duration = Duration::from_secs(15 * 60);
const TEMP_SUFFIX: &str = ".aftersales-tmp";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    Write {
        path: String,
        reason: Message,
    },
    /// `user` is who the lock file names, when it names someone.
    Locked {
        path: String,
        app: &'static str,
        user: Option<String>,
        lock: String,
    },
    InPlaceFormat {
        path: String,
    },
    ChangedMeanwhile {
        path: String,
        annotated: String,
        backup: String,
    },
}

impl OutputError {
    /// `path` could not be written, for `reason` (an `&io::Error`, an `&XlsxError`, or a
    /// message of its own).
    pub fn write(path: &Path, reason: impl Into<Message>) -> OutputError {
        OutputError::Write {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

impl Describe for OutputError {
    fn message(&self) -> Message {
        match self {
            OutputError::Write { path, reason } => Message::new("output-write")
                .arg("path", path)
                .with("reason", reason.clone()),
            OutputError::Locked {
                path,
                app,
                user,
                lock,
            } => {
                let message = match user {
                    Some(user) => Message::new("output-locked_by").arg("user", user),
                    None => Message::new("output-locked"),
                };
                message.arg("path", path).arg("app", app).arg("lock", lock)
            }
            OutputError::InPlaceFormat { path } => {
                Message::new("output-in_place_format").arg("path", path)
            }
            OutputError::ChangedMeanwhile {
                path,
                annotated,
                backup,
            } => Message::new("output-changed_meanwhile")
                .arg("path", path)
                .arg("annotated", annotated)
                .arg("backup", backup),
        }
    }
}

crate::display_by_message!(OutputError);

/// Why rust_xlsxwriter could not make or save a workbook: a file problem in the team's
/// words; the limits a generated workbook can meet; the library's own words for the rest,
/// which only a bug of ours can cause.
impl From<&XlsxError> for Message {
    fn from(e: &XlsxError) -> Message {
        match e {
            XlsxError::IoError(e) => Message::io(e),
            XlsxError::TempFileError(_, e) => {
                Message::new("output-temp_file").with("reason", Message::io(e))
            }
            XlsxError::MaxStringLengthExceeded => Message::new("output-text_too_long"),
            XlsxError::RowColumnLimitError => Message::new("output-too_large"),
            e => Message::new("output-library").arg("detail", e),
        }
    }
}

/// Writes `contents` to `target` through a temporary file and a rename.
pub fn write_atomically(
    target: &Path,
    contents: impl FnOnce(&mut fs::File) -> Result<(), Message>,
) -> Result<(), OutputError> {
    let dir = parent_dir(target);
    remove_stale_temps(&dir, target);
    let name = target
        .file_name()
        .map_or("output".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| OutputError::write(target, folder_problem(&dir, &e)))?;
    contents(temp.as_file_mut()).map_err(|e| OutputError::write(target, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| OutputError::write(target, &e))?;
    // A temporary file is private (0600); the output gets the permissions of the file it
    // replaces, or the usual ones for a new document.
    if let Some(permissions) = fs::metadata(target)
        .ok()
        .map(|m| m.permissions())
        .or_else(new_file_permissions)
    {
        let _ = temp.as_file().set_permissions(permissions);
    }
    temp.persist(target)
        .map_err(|e| OutputError::write(target, &e.error))?;
    Ok(())
}

/// Saves a workbook to `target` atomically.
pub fn save_workbook(workbook: &mut Workbook, target: &Path) -> Result<(), OutputError> {
    write_atomically(target, |file| {
        let mut writer = BufWriter::new(file);
        workbook
            .save_to_writer(&mut writer)
            .map_err(|e| Message::from(&e))?;
        writer.flush().map_err(|e| Message::io(&e))
    })
}

#[cfg(unix)]
fn new_file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<fs::Permissions> {
    None
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Why nothing can be written in `dir`, in words (the io error would name the temporary
/// file, which means nothing to the person who asked for the output).
fn folder_problem(dir: &Path, e: &std::io::Error) -> Message {
    let id = match e.kind() {
        std::io::ErrorKind::NotFound => "output-folder_missing",
        std::io::ErrorKind::PermissionDenied => "output-folder_denied",
        _ => {
            return Message::new("output-folder_other")
                .arg("folder", dir.display())
                .with("reason", e)
        }
    };
    Message::new(id).arg("folder", dir.display())
}

/// Removes temporary files a killed run left for this target.
fn remove_stale_temps(dir: &Path, target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !(file_name.starts_with(&prefix) && file_name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP_AGE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Refuses when Excel or LibreOffice says someone has the workbook open.
pub fn check_not_locked(path: &Path) -> Result<(), OutputError> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let locks = [
        (dir.join(format!("~${name}")), "Excel"),
        (dir.join(format!(".~lock.{name}#")), "LibreOffice"),
    ];
    for (lock, app) in locks {
        if let Ok(bytes) = fs::read(&lock) {
            return Err(OutputError::Locked {
                path: path.display().to_string(),
                app,
                user: lock_owner(&bytes, app),
                lock: lock.display().to_string(),
            });
        }
    }
    Ok(())
}

/// The user named in a lock file: LibreOffice writes `,user,host,date,…`; Excel writes a
/// length byte and the user name at the start of its owner file.
fn lock_owner(bytes: &[u8], app: &str) -> Option<String> {
    let name = if app == "LibreOffice" {
        let text = String::from_utf8_lossy(bytes);
        text.split(',').nth(1).map(str::to_string)?
    } else {
        let len = *bytes.first()? as usize;
        let raw = bytes.get(1..1 + len)?;
        String::from_utf8_lossy(raw).into_owned()
    };
    let name = name.trim().to_string();
    (!name.is_empty() && name.chars().all(|c| !c.is_control())).then_some(name)
}

/// `--in-place`: the input's backup, `<stem>.backup-<timestamp>.xlsx` (`.xlsm` for an
/// `.xlsm` input), or with `-2`, `-3`, … after the stamp when that name is taken.
fn backup_path(input: &Path, stamp: &str, attempt: u32) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or("workbook".into(), |s| s.to_string_lossy().into_owned());
    let ext = match input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
    {
        Some(e) if e == "xlsm" => "xlsm",
        _ => "xlsx",
    };
    let counter = match attempt {
        0 | 1 => String::new(),
        n => format!("-{n}"),
    };
    parent_dir(input).join(format!("{stem}.backup-{stamp}{counter}.{ext}"))
}

/// Copies the input to a backup before it is replaced, under a name no other file has: an
/// existing backup (say, of a run in the same second) is never overwritten. Returns its path.
pub fn write_backup(input: &Path, stamp: &str) -> Result<PathBuf, OutputError> {
    let first = backup_path(input, stamp, 1);
    let bytes = fs::read(input).map_err(|e| OutputError::write(&first, &e))?;
    let dir = parent_dir(input);
    let mut temp = tempfile::Builder::new()
        .prefix(".backup.")
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| OutputError::write(&first, &e))?;
    temp.write_all(&bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| OutputError::write(&first, &e))?;
    if let Some(permissions) = new_file_permissions() {
        let _ = temp.as_file().set_permissions(permissions);
    }
    for attempt in 1.. {
        let backup = backup_path(input, stamp, attempt);
        match temp.persist_noclobber(&backup) {
            Ok(_) => return Ok(backup),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(OutputError::write(&backup, &e.error)),
        }
    }
    unreachable!("the attempts never run out")
}

/// What a file was when it was read: `--in-place` replaces it only if it still is.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    sha256: String,
}

impl Seen {
    pub fn of(path: &Path, sha256: &str) -> Seen {
        let meta = fs::metadata(path).ok();
        Seen {
            len: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
            sha256: sha256.to_string(),
        }
    }
}

pub fn ensure_in_place_format(input: &Path) -> Result<(), OutputError> {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("xlsx" | "xlsm") => Ok(()),
        _ => Err(OutputError::InPlaceFormat {
            path: input.display().to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_saved_meanwhile_is_seen_as_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cases.xlsx");
        fs::write(&path, "abc").unwrap();
        let seen = Seen::of(&path, "sha-of-abc");
        assert_eq!(Seen::of(&path, "sha-of-abc"), seen);
        // Same size, same time (set back), other content: the checksum tells.
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, "abd").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_ne!(Seen::of(&path, "sha-of-abd"), seen);
        // Same content, saved again later: the time tells.
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified + Duration::from_secs(5))
            .unwrap();
        assert_ne!(Seen::of(&path, "sha-of-abc"), seen);
    }

    #[test]
    fn backup_names_keep_the_macro_extension_and_count_up() {
        let xlsm = Path::new("/t/cases.xlsm");
        assert_eq!(
            backup_path(xlsm, "20261123-090000", 1),
            Path::new("/t/cases.backup-20261123-090000.xlsm")
        );
        let xlsx = Path::new("/t/cases.xlsx");
        assert_eq!(
            backup_path(xlsx, "20261123-090000", 3),
            Path::new("/t/cases.backup-20261123-090000-3.xlsx")
        );
    }

    #[test]
    fn lock_owner_reads_both_formats() {
        assert_eq!(
            lock_owner(
                b",Zhang Wei,host,24.11.2026 09:00,file:///x;",
                "LibreOffice"
            )
            .as_deref(),
            Some("Zhang Wei")
        );
        assert_eq!(
            lock_owner(b"\x04Anna\x00\x00", "Excel").as_deref(),
            Some("Anna")
        );
        assert_eq!(lock_owner(b"", "Excel"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_output_is_readable_by_others_like_any_document() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new.xlsx");
        write_atomically(&target, |w| w.write_all(b"x").map_err(|e| Message::io(&e))).unwrap();
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        fs::write(&target, "old").unwrap();
        write_atomically(&target, |w| {
            w.write_all(b"new").map_err(|e| Message::io(&e))
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let failed = write_atomically(&target, |_| Err(Message::new("io-storage_full")));
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
