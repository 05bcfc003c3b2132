//! Logs go to files in the state dir, never to stdout or stderr (they would corrupt the TUI and
//! the JSON output). No secret ever reaches a log line: only masked IDs are logged anywhere.
//!
//! One file a day (`tceni.YYYY-MM-DD.log`, UTC), the last [`KEEP_FILES`] kept, `tceni.log` a
//! link to today's, all through `tracing-appender`. Lines are handed to a writer thread, so the
//! UI thread never waits on the disk.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// How many daily files are kept; older ones are deleted when a new day starts.
pub const KEEP_FILES: usize = 7;
const PREFIX: &str = "tceni";
const SUFFIX: &str = "log";
/// The stable name operators look for: a link to today's file.
const LATEST: &str = "tceni.log";
/// Where a `tceni.log` written before rolling files existed is kept (pruned like the others).
const BEFORE_ROLLING: &str = "tceni.before-rolling.log";

/// Logging that runs while this is alive; drop it before the process exits so that the lines
/// still queued for the writer thread reach the file.
pub struct Log {
    /// Where today's lines go (the `tceni.log` link when it could be made).
    pub path: PathBuf,
    _guard: WorkerGuard,
}

/// Lines queued for the log's writer thread before a logging call waits for it.
const LOG_QUEUE_LINES: usize = 4096;

/// Start logging to the state dir at the level in `TCENI_LOG` (default `info`).
/// Logging is best-effort and never stops the app: `None` when it cannot start.
pub fn init(state_dir: &Path) -> Option<Log> {
    let writer = PrivateDaily::open(state_dir).ok()?;
    let path = writer.path();
    // A bounded queue of lines for the writer thread. The default holds 128,000 lines, whose
    // allocation alone cost every short-lived `tceni attach` about 2 ms of its ~15; tceni logs
    // a handful of lines per operation. Still lossy when full (as by default): no thread, the
    // UI's included, ever waits for the disk to log.
    let (non_blocking, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LOG_QUEUE_LINES)
        .finish(writer);
    let filter = tracing_subscriber::EnvFilter::try_from_env("TCENI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(non_blocking)
        .with_ansi(false)
        .event_format(English(tracing_subscriber::fmt::format()))
        .try_init()
        .ok()?;
    Some(Log { path, _guard: guard })
}

/// Log lines are English whatever the run's language: an error or a reason given to a line as
/// a value (`error = %e`) is formatted here, under en-US, so its text comes from the English
/// catalog. What a person reads on the screen goes through the catalogs in the run's language.
pub struct English<F>(pub F);

impl<S, N, F> tracing_subscriber::fmt::FormatEvent<S, N> for English<F>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'w> tracing_subscriber::fmt::FormatFields<'w> + 'static,
    F: tracing_subscriber::fmt::FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        let _english = crate::i18n::scoped(crate::i18n::Language::EnUs);
        self.0.format_event(ctx, writer, event)
    }
}

/// The name of the file for `day`, as `tracing-appender` names it for a daily rotation.
fn file_name(day: NaiveDate) -> String {
    format!("{PREFIX}.{}.{SUFFIX}", day.format("%Y-%m-%d"))
}

/// The first second of the UTC day after `now`, when the appender opens a new file.
fn next_day_start(now: DateTime<Utc>) -> i64 {
    const DAY: i64 = 24 * 60 * 60;
    (now.timestamp().div_euclid(DAY) + 1) * DAY
}

/// The rolling appender, with each day's file created 0600 before the appender opens it (the
/// appender itself would create it with the umask's mode).
struct PrivateDaily {
    dir: PathBuf,
    inner: RollingFileAppender,
    linked: bool,
    next_day: i64,
}

impl PrivateDaily {
    fn open(dir: &Path) -> io::Result<Self> {
        crate::paths::create_private_dir(dir)?;
        keep_unrolled_log(dir)?;
        let now = Utc::now();
        crate::paths::ensure_private_file(&dir.join(file_name(now.date_naive())))?;
        let builder = || {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix(PREFIX)
                .filename_suffix(SUFFIX)
                // The appender leaves room for a file it is about to create; ours exists
                // already (made 0600 just above), so one more makes it keep KEEP_FILES.
                .max_log_files(KEEP_FILES + 1)
        };
        // Without symlinks (some file systems) the dated files are still written.
        let (inner, linked) = match builder().latest_symlink(LATEST).build(dir) {
            Ok(inner) => (inner, true),
            Err(_) => (builder().build(dir).map_err(io::Error::other)?, false),
        };
        Ok(Self { dir: dir.to_path_buf(), inner, linked, next_day: next_day_start(now) })
    }

    fn path(&self) -> PathBuf {
        match self.linked {
            true => self.dir.join(LATEST),
            false => self.dir.join(file_name(Utc::now().date_naive())),
        }
    }

    /// When a new day has started, create its file 0600 so the appender only appends to it.
    fn prepare(&mut self, now: DateTime<Utc>) {
        if now.timestamp() < self.next_day {
            return;
        }
        // Best effort: a failure here leaves the file to the appender, inside a 0700 dir.
        let _ = crate::paths::ensure_private_file(&self.dir.join(file_name(now.date_naive())));
        self.next_day = next_day_start(now);
    }
}

impl Write for PrivateDaily {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.prepare(Utc::now());
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A plain `tceni.log` from before rolling files would be deleted to make room for the link:
/// keep it under another name instead (it is pruned with the daily files).
fn keep_unrolled_log(dir: &Path) -> io::Result<()> {
    let old = dir.join(LATEST);
    match std::fs::symlink_metadata(&old) {
        Ok(meta) if meta.is_file() => std::fs::rename(old, dir.join(BEFORE_ROLLING)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the log's lines were written into.
    #[derive(Clone, Default)]
    struct Lines(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A Chinese run's error given to a log line is written in English: log lines do not
    /// change with the language, while the screen says the same error in Chinese.
    #[test]
    fn log_lines_are_english_in_a_chinese_run() {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .event_format(English(tracing_subscriber::fmt::format()))
            .finish();
        let _zh = crate::i18n::scoped(crate::i18n::Language::ZhCn);
        let error = crate::catalog::RegionError::Unknown("gzz".into());
        assert!(error.to_string().contains("未知地域"), "the screen's text is Chinese");
        tracing::subscriber::with_default(subscriber, || tracing::warn!(error = %error, "a bad region"));
        let written = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        assert!(
            written.contains("error=unknown region 'gzz'") && written.contains("a bad region"),
            "{written}"
        );
        assert!(!written.contains("未知"), "{written}");
        assert_eq!(
            crate::i18n::Language::current(),
            crate::i18n::Language::ZhCn,
            "the run's language is back"
        );
    }
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn names_match_the_appenders_daily_files() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(file_name(day), "tceni.2026-03-07.log");
        let late = day.and_hms_opt(23, 59, 59).unwrap().and_utc();
        assert_eq!(next_day_start(late), late.timestamp() + 1);
    }

    #[test]
    fn todays_file_is_written_through_the_link() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("state");
        let mut writer = PrivateDaily::open(&dir).unwrap();
        writer.write_all(b"one line\n").unwrap();
        writer.flush().unwrap();
        let today = dir.join(file_name(Utc::now().date_naive()));
        assert_eq!(std::fs::read_to_string(&today).unwrap(), "one line\n");
        assert_eq!(std::fs::read_to_string(writer.path()).unwrap(), "one line\n");
        #[cfg(unix)]
        assert_eq!((mode(&dir), mode(&today)), (0o700, 0o600));
    }

    #[test]
    fn a_new_days_file_is_private_before_the_appender_opens_it() {
        let root = tempfile::tempdir().unwrap();
        let mut writer = PrivateDaily::open(root.path()).unwrap();
        let tomorrow = Utc::now() + chrono::Duration::days(1);
        writer.prepare(tomorrow);
        let file = root.path().join(file_name(tomorrow.date_naive()));
        assert!(file.exists(), "tomorrow's file is made when tomorrow comes");
        #[cfg(unix)]
        assert_eq!(mode(&file), 0o600);
        assert_eq!(writer.next_day, next_day_start(tomorrow));
    }

    #[test]
    fn a_log_from_before_rolling_files_is_kept() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(LATEST), "old line\n").unwrap();
        let _writer = PrivateDaily::open(root.path()).unwrap();
        let kept = root.path().join(BEFORE_ROLLING);
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "old line\n");
    }

    #[test]
    fn only_the_last_files_are_kept() {
        let root = tempfile::tempdir().unwrap();
        let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        for day in first.iter_days().take(KEEP_FILES + 3) {
            std::fs::write(root.path().join(file_name(day)), "old\n").unwrap();
        }
        let _writer = PrivateDaily::open(root.path()).unwrap();
        let logs = std::fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_type().unwrap().is_file())
            .count();
        assert_eq!(logs, KEEP_FILES, "today's file and the {} newest before it", KEEP_FILES - 1);
    }
}
