//! Puts the commit into `tceni --version` (`0.1.0 (3f2a9c1d0b7e, dirty)`), so a bug report can
//! be pinned to the source it was built from. Without git, or outside a checkout (a source
//! tarball, `cargo install` from a registry), the version says `commit unknown` instead.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).filter(|c| !c.is_empty());
    let described = match commit {
        None => "commit unknown".to_owned(),
        Some(commit) => {
            // Tracked files changed since the commit; untracked ones (a local config) do not count.
            let dirty =
                git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
            if dirty { format!("{commit}, dirty") } else { commit }
        }
    };
    println!("cargo:rustc-env=TCENI_BUILD_COMMIT={described}");
    // Rerun when the commit or the tracked files may have changed: HEAD, the branch it points
    // to, the index, and the sources that go into the binary.
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    for path in ["HEAD", "index"].into_iter().map(str::to_owned).chain(branch) {
        if let Some(file) = git(&["rev-parse", "--git-path", &path]) {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    for path in ["src", "assets", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
}
