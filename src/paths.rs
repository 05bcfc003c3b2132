//! Where tceni keeps its files: XDG data, state and config dirs, each overridable.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// History lives here: `$TCENI_DATA_DIR`, else `$XDG_DATA_HOME/tceni`, else the platform's data dir.
pub fn data_dir() -> PathBuf {
    dir_from("TCENI_DATA_DIR", "XDG_DATA_HOME", dirs::data_dir)
}

/// Logs live here: `$TCENI_STATE_DIR`, else `$XDG_STATE_HOME/tceni`, else the platform's state dir.
pub fn state_dir() -> PathBuf {
    dir_from("TCENI_STATE_DIR", "XDG_STATE_HOME", || dirs::state_dir().or_else(dirs::data_local_dir))
}

/// The config file lives here: `$TCENI_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tceni`, else the platform's.
pub fn config_dir() -> PathBuf {
    dir_from("TCENI_CONFIG_DIR", "XDG_CONFIG_HOME", dirs::config_dir)
}

fn dir_from(own: &str, xdg: &str, platform: impl FnOnce() -> Option<PathBuf>) -> PathBuf {
    if let Some(dir) = non_empty_env(own) {
        return PathBuf::from(dir);
    }
    let base = xdg_base(non_empty_env(xdg)).or_else(platform).unwrap_or_else(|| PathBuf::from("."));
    base.join("tceni")
}

/// An `XDG_*_HOME` value, if usable: the XDG spec says a relative path is invalid and must be
/// ignored (it would put the history wherever the command happens to run).
fn xdg_base(value: Option<String>) -> Option<PathBuf> {
    value.map(PathBuf::from).filter(|path| path.is_absolute())
}

/// Where tccli keeps `<profile>.credential` and `<profile>.configure`, and how to name it:
/// `$TENCENTCLOUD_SHARED_CREDENTIALS_DIR` (Terraform's), else `~/.tccli`.
pub fn tccli_dir(env: &dyn Fn(&str) -> Option<String>, home: Option<&Path>) -> Option<(PathBuf, String)> {
    match env(SHARED_CREDENTIALS_DIR_VAR).filter(|v| !v.is_empty()) {
        Some(dir) => Some((PathBuf::from(dir), format!("${SHARED_CREDENTIALS_DIR_VAR}"))),
        None => home.map(|home| (home.join(".tccli"), "~/.tccli".to_owned())),
    }
}

/// Terraform's directory of tccli files.
pub const SHARED_CREDENTIALS_DIR_VAR: &str = "TENCENTCLOUD_SHARED_CREDENTIALS_DIR";

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Directories tceni creates are 0700 and files 0600: the history and the log name accounts,
/// ENIs and instances, which are nobody else's business on a shared host.
#[cfg(unix)]
const PRIVATE_DIR_MODE: u32 = 0o700;
#[cfg(unix)]
const PRIVATE_FILE_MODE: u32 = 0o600;

/// Create `dir` and any missing parents, each new one 0700 (existing ones are left as they are:
/// they may be shared, like `~/.local/share`).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
    builder.create(dir)
}

/// Open `path` for appending, creating it 0600 if it is new; an existing file that others can
/// read is narrowed to 0600 (best effort: it may not be ours to change).
pub fn open_private_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
    let file = options.open(path)?;
    narrow_to_private(&file);
    Ok(file)
}

/// Create `path` empty and 0600 if it does not exist, so that whatever fills it later (SQLite)
/// inherits the mode; narrow an existing one that others can read. Never truncates.
pub fn ensure_private_file(path: &Path) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE_MODE);
    narrow_to_private(&options.open(path)?);
    Ok(())
}

fn narrow_to_private(file: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = file.metadata()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE_MODE));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_relative_xdg_dir_is_ignored() {
        assert_eq!(xdg_base(Some("rel/data".into())), None);
        assert_eq!(xdg_base(Some("/abs".into())), Some(PathBuf::from("/abs")));
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn new_dirs_are_0700_and_new_files_0600_whatever_the_umask_allows() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!((mode(&root.path().join("a")), mode(&dir)), (0o700, 0o700));
        let log = dir.join("x.log");
        open_private_append(&log).unwrap();
        assert_eq!(mode(&log), 0o600);
    }

    #[test]
    fn an_existing_world_readable_file_is_narrowed_and_kept() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("h");
        std::fs::write(&path, b"keep").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_private_file(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"keep");
    }
}
