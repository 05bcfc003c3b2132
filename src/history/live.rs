//! Which open rows a process is still working on, and how far a process got that died or could
//! not write the history: one small file per running attempt beside the history file
//! (`history.sqlite3.live/<row id>`), locked by its process from the Pending row until the end
//! is recorded. The kernel drops the lock however the process ends (SIGKILL included), so an
//! unlocked file is a row nobody will finish, and reconciliation need not wait for its age to
//! say so. The file's text is the last step the run reached, written before the history is:
//! a held or read-only history still leaves "sending" or the RequestId behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// How far a run got, as far as its marker says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The request was about to leave (it may have been sent).
    Sending,
    /// The service accepted it under this RequestId.
    Sent { request_id: String },
}

impl Step {
    fn text(&self) -> String {
        match self {
            Step::Sending => "sending\n".into(),
            Step::Sent { request_id } => format!("sent {request_id}\n"),
        }
    }

    /// The first line of a marker; anything else (an empty file: Pending) is None.
    fn parse(text: &str) -> Option<Step> {
        let line = text.lines().next()?.trim();
        match line.split_once(' ') {
            Some(("sent", id)) if !id.is_empty() => Some(Step::Sent { request_id: id.to_string() }),
            _ if line == "sending" => Some(Step::Sending),
            _ => None,
        }
    }
}

/// Who holds an open row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// A process is still working on it: leave it to that process.
    Running,
    /// Its process is gone; this is the last step it reached (None: it never began sending).
    Gone { step: Option<Step> },
    /// No marker: a row of an older build, or one whose marker could not be made. Only its age
    /// says whether a process may still be working on it.
    Unmarked,
}

/// The held marker of one running attempt. Dropping it (the process ending) unlocks it and
/// leaves it for reconciliation; [`Live::release`] removes it once the end is recorded.
#[derive(Debug)]
pub struct Live {
    file: File,
    path: PathBuf,
}

/// The directory of markers beside `history`.
fn dir_of(history: &Path) -> PathBuf {
    let mut name = history.file_name().unwrap_or_default().to_os_string();
    name.push(".live");
    history.with_file_name(name)
}

fn marker(history: &Path, id: i64) -> PathBuf {
    dir_of(history).join(id.to_string())
}

impl Live {
    /// Create and lock row `id`'s marker.
    pub fn claim(history: &Path, id: i64) -> std::io::Result<Live> {
        crate::paths::create_private_dir(&dir_of(history))?;
        let path = marker(history, id);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        file.try_lock().map_err(|e| match e {
            TryLockError::Error(e) => e,
            TryLockError::WouldBlock => std::io::Error::other("the marker is held by another process"),
        })?;
        Ok(Live { file, path })
    }

    /// Record how far the run got: written before the history row is, so it holds even when
    /// the history cannot be written.
    pub fn step(&mut self, step: &Step) -> std::io::Result<()> {
        // Overwritten, then cut to length: never empty in between, which would read as "never
        // began sending" if the process died there (each step is longer than the one before).
        let text = step.text();
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(text.as_bytes())?;
        self.file.set_len(text.len() as u64)
    }

    /// The end is recorded in the history: the marker has nothing left to say.
    pub fn release(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Who holds row `id` of the history at `history`.
pub fn holder(history: &Path, id: i64) -> Holder {
    let Ok(mut file) = File::open(marker(history, id)) else { return Holder::Unmarked };
    match file.try_lock_shared() {
        Err(TryLockError::WouldBlock) => Holder::Running,
        Err(TryLockError::Error(_)) => Holder::Unmarked,
        Ok(()) => {
            let mut text = String::new();
            // A marker is one short line; anything longer is not ours.
            let _ = (&mut file).take(256).read_to_string(&mut text);
            Holder::Gone { step: Step::parse(&text) }
        }
    }
}

/// Row `id` is settled: its dead process's marker goes.
pub fn forget(history: &Path, id: i64) {
    let _ = std::fs::remove_file(marker(history, id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_marker_is_running_and_a_dropped_one_is_gone_with_its_last_step() {
        let dir = tempfile::tempdir().unwrap();
        let history = dir.path().join("history.sqlite3");
        assert_eq!(holder(&history, 7), Holder::Unmarked);
        let mut live = Live::claim(&history, 7).unwrap();
        assert_eq!(holder(&history, 7), Holder::Running);
        live.step(&Step::Sent { request_id: "req-1".into() }).unwrap();
        drop(live);
        assert_eq!(
            holder(&history, 7),
            Holder::Gone { step: Some(Step::Sent { request_id: "req-1".into() }) }
        );
        forget(&history, 7);
        assert_eq!(holder(&history, 7), Holder::Unmarked);
        let live = Live::claim(&history, 8).unwrap();
        drop(live);
        assert_eq!(holder(&history, 8), Holder::Gone { step: None }, "it never began sending");
        Live::claim(&history, 9).unwrap().release();
        assert_eq!(holder(&history, 9), Holder::Unmarked);
    }
}
