//! Puts the commit Respite was built from into `respite --version`, as
//! `RESPITE_COMMIT`. A build outside git (a source tarball, a distribution's
//! builder) can set `RESPITE_COMMIT` itself; with neither, the version says
//! the commit is unknown instead of failing the build.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=RESPITE_COMMIT");
    let commit = match std::env::var("RESPITE_COMMIT") {
        Ok(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => git_commit().unwrap_or_else(|| "unknown".to_string()),
    };
    println!("cargo:rustc-env=RESPITE_COMMIT={commit}");
}

/// The short hash of HEAD, and asks cargo to run this again when HEAD moves.
fn git_commit() -> Option<String> {
    let hash = git(&["rev-parse", "--short=12", "HEAD"])?;
    // HEAD names the branch; the branch's file (or packed-refs) holds the
    // commit. Watch whichever exist: watching a missing file would rerun
    // this script on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", branch.as_str()]));
    }
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().map(PathBuf::from).filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    Some(hash)
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
