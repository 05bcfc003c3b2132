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

/// A marker not yet named after its row: `new-<started_at>-<pid>`.
const NEW: &str = "new-";

/// The markers of row `id` started at `started_at`: its own, or one its process took before
/// the row had an id (it died between the two).
fn markers_of(history: &Path, id: i64, started_at: i64) -> Vec<PathBuf> {
    let named = marker(history, id);
    if named.exists() {
        return vec![named];
    }
    let prefix = format!("{NEW}{started_at}-");
    let Ok(entries) = std::fs::read_dir(dir_of(history)) else { return Vec::new() };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

impl Live {
    /// Create and lock the marker of a row about to be written with `started_at`: taken before
    /// the row exists, so no moment of the row's life is without one. [`Live::assign`] names it
    /// after the row once its id is known; the lock goes with it.
    pub fn claim(history: &Path, started_at: i64) -> std::io::Result<Live> {
        crate::paths::create_private_dir(&dir_of(history))?;
        let path = dir_of(history).join(format!("{NEW}{started_at}-{}", std::process::id()));
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

    /// The row is written as `id`: the marker takes its name (a rename keeps the lock).
    pub fn assign(&mut self, history: &Path, id: i64) -> std::io::Result<()> {
        let named = marker(history, id);
        std::fs::rename(&self.path, &named)?;
        self.path = named;
        Ok(())
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

/// Who holds row `id` (started at `started_at`) of the history at `history`.
pub fn holder(history: &Path, id: i64, started_at: i64) -> Holder {
    let mut found = Holder::Unmarked;
    for path in markers_of(history, id, started_at) {
        match holder_of(&path) {
            Holder::Running => return Holder::Running,
            gone @ Holder::Gone { .. } => found = gone,
            Holder::Unmarked => {}
        }
    }
    found
}

fn holder_of(path: &Path) -> Holder {
    let Ok(mut file) = File::open(path) else { return Holder::Unmarked };
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

/// Row `id` is settled: the markers its dead process left go.
pub fn forget(history: &Path, id: i64, started_at: i64) {
    for path in markers_of(history, id, started_at) {
        if holder_of(&path) != Holder::Running {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_marker_is_running_and_a_dropped_one_is_gone_with_its_last_step() {
        let dir = tempfile::tempdir().unwrap();
        let history = dir.path().join("history.sqlite3");
        assert_eq!(holder(&history, 7, 100), Holder::Unmarked);
        let mut live = Live::claim(&history, 100).unwrap();
        assert_eq!(holder(&history, 7, 100), Holder::Running, "held before the row has its id");
        live.assign(&history, 7).unwrap();
        assert_eq!(holder(&history, 7, 100), Holder::Running, "the lock moves with the name");
        live.step(&Step::Sent { request_id: "req-1".into() }).unwrap();
        drop(live);
        assert_eq!(
            holder(&history, 7, 100),
            Holder::Gone { step: Some(Step::Sent { request_id: "req-1".into() }) }
        );
        forget(&history, 7, 100);
        assert_eq!(holder(&history, 7, 100), Holder::Unmarked);
        drop(Live::claim(&history, 200).unwrap());
        assert_eq!(holder(&history, 8, 200), Holder::Gone { step: None }, "died before its row had an id");
        forget(&history, 8, 200);
        assert_eq!(holder(&history, 8, 200), Holder::Unmarked);
        Live::claim(&history, 300).unwrap().release();
        assert_eq!(holder(&history, 9, 300), Holder::Unmarked);
    }
}
