//! Blocking work on one shared resource (the history's connection, a rate limit's slot file),
//! one job at a time, off the async threads. A job waits for its turn as a task, in the order
//! it asked, and only then takes a blocking thread: 64 runbook steps saving at once hold one
//! thread and a queue, not 64 threads each parked on a lock (each thread's stack and malloc
//! arena stay in the process's memory long after).

use std::sync::Arc;
use tokio::sync::Mutex;

/// A resource whose blocking jobs run in turn.
#[derive(Debug)]
pub struct InTurn<T> {
    resource: Arc<Mutex<T>>,
}

impl<T> Clone for InTurn<T> {
    fn clone(&self) -> Self {
        InTurn { resource: self.resource.clone() }
    }
}

impl<T: Send + 'static> InTurn<T> {
    pub fn new(resource: T) -> Self {
        InTurn { resource: Arc::new(Mutex::new(resource)) }
    }

    /// Run `job` on a blocking thread once the jobs asked before it have run.
    pub async fn run<R: Send + 'static>(&self, job: impl FnOnce(&mut T) -> R + Send + 'static) -> R {
        let mut resource = self.resource.clone().lock_owned().await;
        match tokio::task::spawn_blocking(move || job(&mut resource)).await {
            Ok(answer) => answer,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::InTurn;
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// Many jobs asked at once run one after another on a thread or two, in the order asked;
    /// a blocking thread per waiting job (as with a lock taken on the blocking thread) would
    /// show as many threads as jobs.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn jobs_asked_at_once_wait_as_tasks_and_run_in_turn() {
        let turns = InTurn::new(Vec::new());
        let threads = Arc::new(Mutex::new(HashSet::new()));
        let jobs = (0..32).map(|i| {
            let (turns, threads) = (turns.clone(), threads.clone());
            async move {
                turns
                    .run(move |order: &mut Vec<usize>| {
                        threads.lock().unwrap().insert(std::thread::current().id());
                        std::thread::sleep(Duration::from_millis(2));
                        order.push(i);
                    })
                    .await
            }
        });
        // Asked in order: each is polled (and queues) before the next.
        futures::future::join_all(jobs).await;
        let order = turns.run(|order| order.clone()).await;
        assert_eq!(order, (0..32).collect::<Vec<_>>());
        let threads = threads.lock().unwrap().len();
        assert!(threads <= 4, "{threads} blocking threads for 32 jobs");
    }
}
