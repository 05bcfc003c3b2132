//! The files tceni leaves on disk, as real files: private modes, a history that stays readable
//! when it cannot be written, and checkpoints that put finished attempts in the main file.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use tceni::api::EndpointRule;
use tceni::history::{Caller, HistoryError, HistoryQuery, Store};
use tceni::plan::{Kind, Plan, PlanInput};

/// The read-only checks run in a child process as this user when the tests run as root (root
/// ignores file modes, so a chmod alone proves nothing).
const NOBODY: u32 = 65534;
const CHILD_ENV: &str = "TCENI_TEST_READ_ONLY_HISTORY";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Record attempt `n` (an attach of `eni-0000000n`) as the workflow does, through a plan.
fn insert(store: &Store, n: u32) -> Result<i64, HistoryError> {
    let input = PlanInput::new(Kind::Attach, "ap-guangzhou", &format!("eni-{n:08}"), &format!("ins-{n:08}"));
    let plan = Plan::new(&input, &EndpointRule::default()).unwrap();
    let caller = Caller {
        profile: "default".into(),
        secret_id_masked: "AKID****abcd".into(),
        account_id: None,
        ..Default::default()
    };
    store.insert(&plan, &caller, 1_700_000_000_000 + i64::from(n))
}

fn rows(store: &Store) -> usize {
    store.page(&HistoryQuery { limit: 100, ..HistoryQuery::default() }).unwrap().len()
}

#[test]
fn the_history_its_wal_and_its_directories_are_private() {
    let root = tempfile::tempdir().unwrap();
    chmod(root.path(), 0o755);
    let path = root.path().join("data/tceni/history.sqlite3");
    let store = Store::open(&path).unwrap();
    insert(&store, 1).unwrap();
    for dir in ["data", "data/tceni"] {
        assert_eq!(mode(&root.path().join(dir)), 0o700, "{dir}");
    }
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        assert_eq!(mode(&file), 0o600, "history.sqlite3{suffix}");
    }
}

#[test]
fn an_existing_world_readable_history_is_narrowed_to_its_owner() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("history.sqlite3");
    insert(&Store::open(&path).unwrap(), 1).unwrap();
    chmod(&path, 0o644);
    let store = Store::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(rows(&store), 1);
}

#[test]
fn the_log_file_is_private() {
    let root = tempfile::tempdir().unwrap();
    let state = root.path().join("state/tceni");
    let log = tceni::logging::init(&state).expect("logging starts");
    assert_eq!((mode(&root.path().join("state")), mode(&state)), (0o700, 0o700));
    assert_eq!(mode(&log.path), 0o600);
}

#[test]
fn a_checkpoint_puts_finished_attempts_in_the_main_file() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("history.sqlite3");
    let store = Store::open(&path).unwrap();
    insert(&store, 1).unwrap();
    // A copy of the main file alone holds only what has left the WAL.
    let copy = |name: &str| {
        let dir = root.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::copy(&path, dir.join("history.sqlite3")).unwrap();
        rows(&Store::open(dir.join("history.sqlite3")).unwrap())
    };
    assert_eq!(copy("before"), 0, "the attempt is still only in the WAL");
    store.checkpoint().unwrap();
    assert_eq!(copy("after"), 1);
}

fn running_as_root(dir: &Path) -> bool {
    let probe = dir.join(".owner-probe");
    std::fs::write(&probe, b"").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(&probe).unwrap();
    uid == 0
}

/// A history with two finished rows, closed cleanly (its WAL folded into the main file), then
/// made unwritable in the way `how` says; returns the file.
fn unwritable_history(root: &Path, how: &str, as_root: bool) -> PathBuf {
    chmod(root, 0o755);
    let dir = root.join(how);
    let path = dir.join("history.sqlite3");
    let store = Store::open(&path).unwrap();
    insert(&store, 1).unwrap();
    insert(&store, 2).unwrap();
    drop(store);
    if as_root {
        std::os::unix::fs::chown(&dir, Some(NOBODY), Some(NOBODY)).unwrap();
        std::os::unix::fs::chown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
    }
    match how {
        "read-only-dir" => chmod(&dir, 0o500),
        _ => chmod(&path, 0o400),
    }
    path
}

#[test]
fn an_unwritable_history_is_listed_and_refuses_writes_with_a_typed_error() {
    let root = tempfile::tempdir().unwrap();
    let as_root = running_as_root(root.path());
    for how in ["read-only-dir", "read-only-file"] {
        let path = unwritable_history(root.path(), how, as_root);
        let mut child = Command::new(std::env::current_exe().unwrap());
        child.args(["--exact", "read_only_child", "--nocapture", "--test-threads=1"]).env(CHILD_ENV, &path);
        if as_root {
            child.uid(NOBODY).gid(NOBODY);
        }
        let out = child.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{how}: {stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("1 passed"), "{how}: the child ran the checks: {stdout}");
    }
}

/// The half of the test above that runs as the unprivileged user; a no-op on its own.
#[test]
fn read_only_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else { return };
    let store = Store::open(&path).expect("an unwritable history still opens");
    assert!(store.is_read_only());
    assert_eq!(rows(&store), 2);
    assert!(matches!(insert(&store, 3), Err(HistoryError::ReadOnly { .. })));
    store.checkpoint().unwrap();
}
