//! Shared by the host tests that run real disc tools (cdrdao, genisoimage,
//! sox, bchunk, isoinfo): whether a tool is installed, running one, and the
//! CD-DA tone every such test makes with sox.

#![allow(dead_code, reason = "each test crate uses a part of this module")]

use std::path::Path;
use std::process::Command;

/// The packages the tools come from.
const INSTALL: &str = "apt-get install cdrdao genisoimage sox bchunk";

/// True when every tool is on PATH. A missing tool fails loudly under
/// CI=true and skips the test with a message otherwise.
pub fn require_tools(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!("missing tools {missing:?} ({INSTALL}; isoinfo is in genisoimage)");
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{msg}");
    eprintln!("skipped: {msg}");
    false
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// Runs `cmd` and returns its standard output; fails the test (with the
/// tool's standard error) when it cannot start or exits unsuccessfully.
#[track_caller]
pub fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Writes `out` with sox: a sine tone of `hz` Hz lasting `seconds`, as
/// CD-DA holds it (44.1 kHz, 16-bit signed, stereo, little-endian, raw).
#[track_caller]
pub fn sox_tone(out: &Path, seconds: &str, hz: &str) {
    run(Command::new("sox")
        .args([
            "-n",
            "-r",
            "44100",
            "-c",
            "2",
            "-b",
            "16",
            "-e",
            "signed-integer",
            "-L",
            "-t",
            "raw",
        ])
        .arg(out)
        .args(["synth", seconds, "sine", hz]));
}
