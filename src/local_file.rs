//! Reading the small local files tceni is pointed at (config, tccli and SDK credential files,
//! the TKE token file, a CA bundle): regular files only, at most a known size. `/dev/zero`
//! would otherwise fill the memory and a FIFO would block forever, whatever `--timeout` says.

use std::io::Read;
use std::path::Path;

/// Caps, by what the file holds: a few keys, a config, a bundle of certificates.
pub const SECRET_FILE_CAP: u64 = 64 * 1024;
pub const CONFIG_FILE_CAP: u64 = 1024 * 1024;
pub const CA_BUNDLE_CAP: u64 = 4 * 1024 * 1024;

/// Why a local file was not read. The caller names the file; these say what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum LocalFileError {
    #[error("{}", crate::tr!("err-file-missing"))]
    Missing,
    #[error("{}", crate::tr!("err-file-not-regular", kind = *kind))]
    NotRegular { kind: &'static str },
    #[error("{}", crate::tr!("err-file-too-large", cap = *cap))]
    TooLarge { cap: u64 },
    #[error("{0}")]
    Io(std::io::Error),
}

impl LocalFileError {
    pub fn is_missing(&self) -> bool {
        matches!(self, LocalFileError::Missing)
    }
}

fn from_io(error: std::io::Error) -> LocalFileError {
    match error.kind() {
        std::io::ErrorKind::NotFound => LocalFileError::Missing,
        _ => LocalFileError::Io(error),
    }
}

/// The file's bytes, if it is a regular file of at most `cap` bytes. The type is checked
/// before opening (opening a FIFO blocks until a writer comes) and again on the open file;
/// the read stops at `cap + 1` bytes in case the file grows meanwhile.
pub fn read(path: &Path, cap: u64) -> Result<Vec<u8>, LocalFileError> {
    check_kind(&std::fs::metadata(path).map_err(from_io)?, cap)?;
    let file = std::fs::File::open(path).map_err(from_io)?;
    check_kind(&file.metadata().map_err(from_io)?, cap)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes).map_err(from_io)?;
    if bytes.len() as u64 > cap {
        return Err(LocalFileError::TooLarge { cap });
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text.
pub fn read_text(path: &Path, cap: u64) -> Result<String, LocalFileError> {
    let bytes = read(path, cap)?;
    String::from_utf8(bytes).map_err(|_| {
        LocalFileError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
    })
}

fn check_kind(meta: &std::fs::Metadata, cap: u64) -> Result<(), LocalFileError> {
    if !meta.is_file() {
        return Err(LocalFileError::NotRegular { kind: kind_of(meta) });
    }
    if meta.len() > cap {
        return Err(LocalFileError::TooLarge { cap });
    }
    Ok(())
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a directory" } else { "not a regular file" }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_fifos_and_directories_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let kind = |path: &Path| match read(path, 10) {
            Err(LocalFileError::NotRegular { kind }) => kind,
            other => panic!("{path:?}: {other:?}"),
        };
        assert_eq!(kind(&fifo), "a FIFO");
        assert_eq!(kind(Path::new("/dev/zero")), "a device");
        assert_eq!(kind(dir.path()), "a directory");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_and_a_missing_one_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 11]).unwrap();
        assert!(matches!(read(&path, 10), Err(LocalFileError::TooLarge { cap: 10 })));
        assert_eq!(read(&path, 11).unwrap().len(), 11);
        assert!(read(&dir.path().join("none"), 10).unwrap_err().is_missing());
    }
}
