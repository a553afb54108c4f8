//! Project tasks.
//!
//! `cargo xtask test` is the one command that checks everything CI checks:
//! formatting, clippy with the workspace lints, and every test of the
//! workspace (unit, integration, the ABI comparison with mingw-w64, the
//! conformance suite against QEMU and tgt, the fuzz smoke run when a nightly
//! toolchain with cargo-fuzz is present), and clippy on cdromctl built for
//! Windows (its DeviceIoControl backend), when the target is installed, and
//! the release build's free-lock check (one load, a test, a branch).

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
    // The fuzz crate is outside the workspace (cargo-fuzz's layout); its
    // harness code gets the same lints.
    step(
        "clippy fuzz",
        &cargo,
        &[
            "clippy",
            "--manifest-path",
            "crates/fuzz/Cargo.toml",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step("tests", &cargo, &["test", "--workspace", "--no-fail-fast"])?;
    // Issue 4's "a single atomic read": the release build's entry point,
    // checked in its generated code (objdump).
    step(
        "lock fast path",
        &cargo,
        &[
            "run",
            "--release",
            "--quiet",
            "-p",
            "cdfilter-bench",
            "--",
            "--check-lock",
        ],
    )?;
    windows_tool(&cargo)?;
    fuzz_smoke()?;
    Ok(())
}

/// The Rust target cdromctl's Windows backend is checked for (mingw-w64's
/// import libraries; the MSVC target needs the Windows SDK).
const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

/// cdromctl's `--device` backend (CreateFileW, DeviceIoControl, ReadFile)
/// only exists on Windows: clippy with the workspace lints type-checks it,
/// and everything else of cdromctl, for the Windows target. Skipped with a
/// message when the target is not installed, except on CI (`CI=true`),
/// where that is an error.
fn windows_tool(cargo: &str) -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == WINDOWS_TARGET)
        });
    if !installed {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(format!(
                "windows-tool: the {WINDOWS_TARGET} target is not installed on CI (see .ci/run)"
            ));
        }
        eprintln!(
            "==> windows-tool: skipped: `rustup target add {WINDOWS_TARGET}` to check \
             cdromctl's Windows backend"
        );
        return Ok(());
    }
    step(
        "windows-tool",
        cargo,
        &[
            "clippy",
            "-p",
            "cdromctl",
            "--target",
            WINDOWS_TARGET,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )
}

/// Seconds each fuzz target runs in the smoke step.
const FUZZ_SMOKE_SECS: u32 = 15;

/// The fuzz smoke run: builds the cargo-fuzz targets (crates/fuzz, nightly
/// toolchain) and runs each for [`FUZZ_SMOKE_SECS`] over its committed
/// seeds and its local corpus, so a regression that a seed or a short run
/// reaches fails the test run. Without `cargo +nightly fuzz` the step is
/// skipped with a message, except on CI (`CI=true`), where that is an error.
fn fuzz_smoke() -> Result<(), String> {
    // The rustup proxy, not $CARGO (the stable toolchain's own binary,
    // which does not understand `+nightly`).
    let cargo = "cargo";
    let available = Command::new(cargo)
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            return Err(
                "fuzz-smoke: `cargo +nightly fuzz` is not available on CI (see .ci/run)".to_owned(),
            );
        }
        eprintln!(
            "==> fuzz-smoke: skipped: `cargo +nightly fuzz` is not available \
             (rustup toolchain install nightly; cargo install cargo-fuzz --locked)"
        );
        return Ok(());
    }
    let dir = "crates/fuzz";
    step(
        "fuzz-smoke build",
        cargo,
        &["+nightly", "fuzz", "build", "--fuzz-dir", dir],
    )?;
    let list = Command::new(cargo)
        .args(["+nightly", "fuzz", "list", "--fuzz-dir", dir])
        .output()
        .map_err(|e| format!("fuzz-smoke: cannot list the targets: {e}"))?;
    let targets = String::from_utf8_lossy(&list.stdout).into_owned();
    if !list.status.success() || targets.split_whitespace().next().is_none() {
        return Err("fuzz-smoke: `cargo fuzz list` found no targets".to_owned());
    }
    let time = format!("-max_total_time={FUZZ_SMOKE_SECS}");
    for target in targets.split_whitespace() {
        let corpus = format!("{dir}/corpus/{target}");
        let seeds = format!("{dir}/seeds/{target}");
        std::fs::create_dir_all(&corpus).map_err(|e| format!("fuzz-smoke: {corpus}: {e}"))?;
        step(
            &format!("fuzz-smoke {target}"),
            cargo,
            &[
                "+nightly",
                "fuzz",
                "run",
                "--fuzz-dir",
                dir,
                target,
                &corpus,
                &seeds,
                "--",
                &time,
                "-timeout=10",
                "-print_final_stats=1",
            ],
        )?;
    }
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
