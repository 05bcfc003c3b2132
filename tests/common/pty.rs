//! The real binary in a pseudo-terminal, its screen parsed by vt100: the driver the screen tests
//! share (included with `#[path]` by the test files that drive the terminal app).
// Each test file uses the part it needs.
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The demo credential and the sandbox's address, as the app reads them from the environment.
pub fn demo_env(sandbox_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("TENCENTCLOUD_SECRET_ID", tceni::sandbox::DEMO_SECRET_ID.to_string()),
        ("TENCENTCLOUD_SECRET_KEY", tceni::sandbox::DEMO_SECRET_KEY.to_string()),
        ("TCENI_ENDPOINT", sandbox_url.to_string()),
    ]
}

/// `env` as [`PtyApp::start`] takes it.
pub fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub const ROWS: u16 = 30;
pub const COLS: u16 = 120;

/// One run of the binary in a pty, its screen parsed by vt100, everything it printed kept.
pub struct PtyApp {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    keys: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reading: Option<std::thread::JoinHandle<()>>,
}

impl PtyApp {
    pub fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> PtyApp {
        let pty = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
        cmd.args(args);
        cmd.env("TCENI_KEYRING", "off");
        cmd.env("TCENI_LOG", "debug");
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        for (var, sub) in
            [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
        {
            cmd.env(var, home.join(sub));
        }
        for (var, value) in env {
            cmd.env(var, value);
        }
        cmd.cwd(home);
        let child = pty.slave.spawn_command(cmd).expect("spawn tceni");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (feed, keep) = (parser.clone(), raw.clone());
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
                keep.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let keys = pty.master.take_writer().unwrap();
        PtyApp { child, master: Some(pty.master), keys, parser, raw, reading: Some(reading) }
    }

    /// The app on `sandbox` with its demo credential.
    pub fn on(sandbox: &tceni::sandbox::Sandbox, home: &Path, args: &[&str]) -> PtyApp {
        PtyApp::start(home, args, &as_refs(&demo_env(&sandbox.url())))
    }

    pub fn press(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
    }

    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows every one of `needles`; fail with the screen if it does not.
    pub fn wait_for(&self, needles: &[&str], within: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let text = self.text();
            if needles.iter().all(|n| text.contains(n)) {
                return started.elapsed();
            }
            assert!(started.elapsed() < within, "waited {within:?} for {needles:?}; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the screen no longer shows `needle`; fail with the screen if it still does.
    pub fn wait_gone(&self, needle: &str, within: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let text = self.text();
            if !text.contains(needle) {
                return started.elapsed();
            }
            assert!(started.elapsed() < within, "waited {within:?} for {needle:?} to go; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until no run is live (the progress pane's " working · " is gone): a run that shows
    /// its code or its SUCCESS may still be verifying, and Ctrl-C during a run asks first.
    pub fn wait_until_idle(&self, within: Duration) -> Duration {
        self.wait_gone(" working · ", within)
    }

    /// Whether the app is drawing in the alternate screen.
    pub fn in_alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Wait for the process to end, then for all its output; return its exit status.
    pub fn finish(&mut self, what: &str) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "tceni did not exit on {what}");
            std::thread::sleep(Duration::from_millis(20));
        };
        drop(self.master.take());
        if let Some(reading) = self.reading.take() {
            let _ = reading.join();
        }
        status
    }

    /// Ctrl-C once no run is live: the app exits 0 and gives the terminal back as it found it.
    /// It waits for a run to end first: SUCCESS is drawn while the run still verifies, and
    /// Ctrl-C during a run asks instead of quitting.
    pub fn quit(&mut self) {
        self.wait_until_idle(Duration::from_secs(15));
        self.press(b"\x03");
        assert!(self.finish("Ctrl-C").success(), "Ctrl-C ends the app with 0");
        self.assert_terminal_restored();
    }

    pub fn assert_terminal_restored(&self) {
        let parser = self.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen(), "left the alternate screen");
        assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
    }

    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).to_string()
    }
}
