//! The real binary in a pseudo-terminal against an in-process sandbox: prefilled flags → Enter →
//! y → SUCCESS with the RequestId, the row in History, and Ctrl-C leaves the terminal restored.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tceni::sandbox::{DEFAULT_TASK_DELAY, DEMO_SECRET_ID, DEMO_SECRET_KEY, Sandbox, SandboxConfig};

const ROWS: u16 = 30;
const COLS: u16 = 120;

struct Screen(Arc<Mutex<vt100::Parser>>);

impl Screen {
    fn text(&self) -> String {
        self.0.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows every one of `needles`; fail with the screen if it does not.
    fn wait_for(&self, needles: &[&str], within: Duration) -> Duration {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_end_to_end_in_a_pty() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
        .unwrap();

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
    cmd.args(["--region", "ap-guangzhou", "--eni", "eni-free0001", "--instance", "ins-web00001"]);
    cmd.args(["--endpoint", &sandbox.url()]);
    cmd.env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID);
    cmd.env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    cmd.env("TCENI_KEYRING", "off");
    cmd.env("HOME", home.path());
    for (var, sub) in
        [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
    {
        cmd.env(var, home.path().join(sub));
    }
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(home.path());
    let mut child = pty.slave.spawn_command(cmd).expect("spawn tceni");
    drop(pty.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let feed = parser.clone();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    let mut keys = pty.master.take_writer().unwrap();
    let mut press = |bytes: &[u8]| {
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    };
    let screen = Screen(parser.clone());

    screen.wait_for(&["Review and confirm", "eni-free0001", "ins-web00001"], Duration::from_secs(10));
    assert!(parser.lock().unwrap().screen().alternate_screen(), "the app runs in the alternate screen");
    press(b"\r");
    screen.wait_for(&["ClientToken", "y/Enter send"], Duration::from_secs(5));
    press(b"y");
    let took = screen.wait_for(&["SUCCESS", "RequestId"], DEFAULT_TASK_DELAY + Duration::from_secs(2));
    eprintln!("y → SUCCESS on screen in {took:?}");

    press(b"\t"); // Progress → History
    screen.wait_for(&["History", "succeeded", "eni-free0001"], Duration::from_secs(5));

    press(b"\x03"); // Ctrl-C
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "tceni did not exit on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(pty.master);
    let _ = reading.join();
    assert!(status.success(), "exit status {status:?}");
    let parser = parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen(), "left the alternate screen");
    assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
}

/// SIGTERM (a closing terminal tab, `kill`) goes through the same exit path as `q`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_restores_the_terminal() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.expect("sandbox");
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tceni"));
    cmd.args(["--region", "ap-guangzhou", "--endpoint", &sandbox.url()]);
    cmd.env("TENCENTCLOUD_SECRET_ID", DEMO_SECRET_ID);
    cmd.env("TENCENTCLOUD_SECRET_KEY", DEMO_SECRET_KEY);
    cmd.env("TCENI_KEYRING", "off");
    cmd.env("HOME", home.path());
    for (var, sub) in
        [("TCENI_DATA_DIR", "data"), ("TCENI_STATE_DIR", "state"), ("TCENI_CONFIG_DIR", "config")]
    {
        cmd.env(var, home.path().join(sub));
    }
    let mut child = pty.slave.spawn_command(cmd).expect("spawn tceni");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let feed = parser.clone();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    Screen(parser.clone()).wait_for(&["Review and confirm"], Duration::from_secs(10));
    let pid = child.process_id().expect("a pid").to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "tceni did not exit on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(pty.master);
    let _ = reading.join();
    let parser = parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen() && !parser.screen().hide_cursor());
}
