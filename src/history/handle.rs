//! The async side of the store: one shared connection whose every use runs off the async threads,
//! so neither the terminal app's loop nor a workflow ever waits on the disk.

use super::error::HistoryError;
use super::live::{self, Holder, Live};
use super::model::Row;
use super::store::{BUSY_TIMEOUT, Store};
use crate::blocking::InTurn;
use std::path::PathBuf;
use std::time::Duration;

/// The history store, shared by workflows.
#[derive(Clone)]
pub struct History {
    store: InTurn<Store>,
    path: PathBuf,
}

impl History {
    pub fn new(store: Store) -> Self {
        let path = store.path().to_path_buf();
        History { store: InTurn::new(store), path }
    }

    /// Run `job` on the store off the async threads, once the jobs asked before it have run.
    pub async fn with<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store) -> Result<T, HistoryError> + Send + 'static,
    ) -> Result<T, HistoryError> {
        self.store.run(job).await
    }

    /// [`History::with`], waiting at most `wait` for another process's lock instead of the
    /// usual [`BUSY_TIMEOUT`]: an operation under way does not sit behind a held file.
    pub async fn with_wait<T: Send + 'static>(
        &self,
        wait: Duration,
        job: impl FnOnce(&mut Store) -> Result<T, HistoryError> + Send + 'static,
    ) -> Result<T, HistoryError> {
        self.with(move |store| {
            store.set_busy_timeout(wait)?;
            let result = job(store);
            let _ = store.set_busy_timeout(BUSY_TIMEOUT);
            result
        })
        .await
    }

    /// Lock a marker for the row this process is about to write with `started_at` (see [`live`]).
    pub fn claim(&self, started_at: i64) -> std::io::Result<Live> {
        Live::claim(&self.path, started_at)
    }

    /// The marker takes the name of the row just written.
    pub fn assign(&self, live: &mut Live, id: i64) -> std::io::Result<()> {
        live.assign(&self.path, id)
    }

    /// Whether a process still works on `row`.
    pub fn holder(&self, row: &Row) -> Holder {
        live::holder(&self.path, row.id, row.started_at)
    }

    /// `row` is settled: the markers its dead process left go.
    pub fn forget(&self, row: &Row) {
        live::forget(&self.path, row.id, row.started_at)
    }
}
