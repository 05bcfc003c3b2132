//! The async side of the store: one shared connection whose every use runs off the async threads,
//! so neither the terminal app's loop nor a workflow ever waits on the disk.

use super::error::HistoryError;
use super::store::Store;
use std::sync::{Arc, Mutex};

/// The history store, shared by workflows.
#[derive(Clone)]
pub struct History(Arc<Mutex<Store>>);

impl History {
    pub fn new(store: Store) -> Self {
        History(Arc::new(Mutex::new(store)))
    }

    pub async fn with<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store) -> Result<T, HistoryError> + Send + 'static,
    ) -> Result<T, HistoryError> {
        let store = self.0.clone();
        tokio::task::spawn_blocking(move || job(&mut store.lock().unwrap_or_else(|p| p.into_inner())))
            .await
            .expect("history job does not panic")
    }
}
