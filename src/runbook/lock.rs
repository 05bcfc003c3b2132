//! One apply of a runbook at a time: an exclusive lock on a file named by the runbook's digest
//! (the file's bytes and its variables), held for the whole apply and released by the OS when
//! the process ends however it ends, so a crash never leaves a stale lock.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{}", crate::tr!("runbook-lock-held", path = .path.display().to_string()))]
    Held { path: PathBuf },
    #[error("{}", crate::tr!("runbook-lock-failed", path = .path.display().to_string(), error = .source.to_string()))]
    Io { path: PathBuf, source: std::io::Error },
}

/// Held while it lives.
#[derive(Debug)]
pub struct ApplyLock {
    _file: File,
    pub path: PathBuf,
}

impl ApplyLock {
    /// Take the lock of the runbook with `digest` under `dir` (created 0700), or say who holds it.
    pub fn take(dir: &Path, digest: &str) -> Result<ApplyLock, LockError> {
        let dir = dir.join("runbook-locks");
        let path = dir.join(format!("{digest}.lock"));
        let io = |source| LockError::Io { path: path.clone(), source };
        crate::paths::create_private_dir(&dir).map_err(io)?;
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(ApplyLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Held { path }),
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_apply_of_the_same_runbook_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = ApplyLock::take(dir.path(), "d1").unwrap();
        assert!(matches!(ApplyLock::take(dir.path(), "d1"), Err(LockError::Held { .. })));
        let other = ApplyLock::take(dir.path(), "d2").expect("another runbook is not held");
        drop(first);
        ApplyLock::take(dir.path(), "d1").expect("free once the first is gone");
        drop(other);
    }
}
