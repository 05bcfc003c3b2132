//! The official Python SDK (from PyPI) against `tceni sandbox`: the sandbox verifies signatures
//! the way the service does, so the official client must succeed with the right key and get
//! `AuthFailure.SignatureFailure` with a wrong one. Needs python3 and PyPI; if PyPI cannot be
//! reached the test fails and says so. It never skips.

use std::process::Command;

#[test]
fn the_official_python_sdk_talks_to_the_sandbox() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peer/run.sh");
    let venv = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("peer-venv");
    let out = Command::new("bash")
        .arg(script)
        .env("TCENI_BIN", env!("CARGO_BIN_EXE_tceni"))
        .env("TCENI_PEER_VENV", &venv)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "peer test failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    assert!(stdout.contains("AuthFailure.SignatureFailure"), "the wrong-key case must run: {stdout}");
    for sts in [
        "PASS AssumeRole answers",
        "PASS AssumeRoleWithWebIdentity",
        "PASS GetCallerIdentity",
        "PASS the SDK's CVMRoleCredential",
    ] {
        assert!(stdout.contains(sts), "the sts checks must run ({sts}): {stdout}");
    }
}
