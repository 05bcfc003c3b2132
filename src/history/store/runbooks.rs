//! Runbook runs: one row per apply (resumed by the next apply of the same file while it is
//! unfinished), and each step's attempts, found by the run and step they carry out.

use super::{Store, attempt_from_row};
use crate::attempt::Outcome;
use crate::history::error::{Result, db};
use crate::history::model::{Row, RunbookRun};
use crate::history::search::ATTEMPT_COLUMNS;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Record that a run of a runbook starts.
    pub fn start_runbook_run(&self, run: &RunbookRun) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "INSERT INTO runbook_runs (id, digest, name, file, started_at, finished_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
                params![run.id, run.digest, run.name, run.file, run.started_at],
            )
            .map_err(db)?;
        Ok(())
    }

    /// Record that a run reached its end (every step ended, was skipped or was cancelled).
    pub fn finish_runbook_run(&self, id: &str, finished_at: i64) -> Result<()> {
        self.writable()?;
        self.conn
            .execute("UPDATE runbook_runs SET finished_at = ?2 WHERE id = ?1", params![id, finished_at])
            .map_err(db)?;
        Ok(())
    }

    /// The newest run of the runbook with this digest.
    pub fn latest_runbook_run(&self, digest: &str) -> Result<Option<RunbookRun>> {
        self.conn
            .query_row(
                "SELECT id, digest, name, file, started_at, finished_at FROM runbook_runs \
                 WHERE digest = ?1 ORDER BY started_at DESC, rowid DESC LIMIT 1",
                [digest],
                |row| {
                    Ok(RunbookRun {
                        id: row.get(0)?,
                        digest: row.get(1)?,
                        name: row.get(2)?,
                        file: row.get(3)?,
                        started_at: row.get(4)?,
                        finished_at: row.get(5)?,
                    })
                },
            )
            .optional()
            .map_err(db)
    }

    /// Every attempt of a run, with its step, oldest first.
    pub fn runbook_attempts(&self, run: &str) -> Result<Vec<(u32, Row)>> {
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS}, a.runbook_step FROM attempts a \
             WHERE a.runbook_run = ?1 ORDER BY a.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(db)?;
        let rows = stmt
            .query_map([run], |row| {
                // The step comes after the attempt's own columns.
                let step: u32 = row.get(ATTEMPT_COLUMN_COUNT)?;
                Ok((step, attempt_from_row(row)?))
            })
            .map_err(db)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(db)
    }

    /// The steps of a run with an attempt that ended `outcome` (each once, in order): what the
    /// undo runbook needs, without reading the rows.
    pub fn runbook_steps_ended(&self, run: &str, outcome: Outcome) -> Result<Vec<u32>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT runbook_step FROM attempts \
                 WHERE runbook_run = ?1 AND outcome = ?2 ORDER BY runbook_step",
            )
            .map_err(db)?;
        let steps = stmt.query_map(params![run, outcome.as_str()], |row| row.get(0)).map_err(db)?;
        steps.collect::<rusqlite::Result<Vec<u32>>>().map_err(db)
    }
}

/// How many columns [`ATTEMPT_COLUMNS`] names.
const ATTEMPT_COLUMN_COUNT: usize = 30;

#[cfg(test)]
mod tests {
    use crate::api::EndpointRule;
    use crate::history::{Caller, HistoryQuery, Outcome, RunbookLink, RunbookRun, Store};
    use crate::plan::{Kind, Plan, PlanInput};

    #[test]
    fn a_runs_rows_are_found_by_its_id_and_the_newest_run_by_its_digest() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("h.sqlite3")).unwrap();
        let caller =
            Caller { profile: "default".into(), secret_id_masked: "…0000".into(), ..Default::default() };
        let plan = |eni: &str| {
            let input = PlanInput::new(Kind::Attach, "ap-guangzhou", eni, "ins-web00001");
            Plan::new(&input, &EndpointRule::default()).unwrap()
        };
        for (id, at) in [("rb-old", 1), ("rb-new", 2)] {
            let run = RunbookRun {
                id: id.into(),
                digest: "d1".into(),
                name: "n".into(),
                file: "f.toml".into(),
                started_at: at,
                finished_at: None,
            };
            store.start_runbook_run(&run).unwrap();
        }
        store.finish_runbook_run("rb-new", 3).unwrap();
        let link = |step| RunbookLink { run: "rb-new".into(), step };
        store.insert_linked(&plan("eni-aaaa0001"), &caller, 10, Some(&link(1))).unwrap();
        store.insert_linked(&plan("eni-bbbb0001"), &caller, 11, Some(&link(2))).unwrap();
        store.insert(&plan("eni-cccc0001"), &caller, 12).unwrap();

        let latest = store.latest_runbook_run("d1").unwrap().unwrap();
        assert_eq!((latest.id.as_str(), latest.finished_at), ("rb-new", Some(3)));
        assert_eq!(store.latest_runbook_run("other").unwrap(), None);
        let steps: Vec<(u32, String)> =
            store.runbook_attempts("rb-new").unwrap().into_iter().map(|(s, a)| (s, a.eni_id)).collect();
        assert_eq!(steps, [(1, "eni-aaaa0001".to_string()), (2, "eni-bbbb0001".to_string())]);
        assert_eq!(store.runbook_steps_ended("rb-new", Outcome::Pending).unwrap(), [1, 2]);
        assert_eq!(store.runbook_steps_ended("rb-new", Outcome::Succeeded).unwrap(), Vec::<u32>::new());
        assert_eq!(store.count(&HistoryQuery::search("runbook:rb-new")).unwrap(), 2);
        assert_eq!(store.count(&HistoryQuery::search("runbook:rb-old")).unwrap(), 0);
    }
}
