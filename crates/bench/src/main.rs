//! `cdfilter-bench`: runs every benchmark and prints the tables.
//!
//! ```text
//! cdfilter-bench            full run (callgrind when valgrind is installed)
//! cdfilter-bench --quick    every path once, no callgrind (CI smoke run)
//! cdfilter-bench --disassembly   the lock check's generated code only
//! cdfilter-bench --check-lock    fails unless the free-lock check is one
//!                                load, a test and a branch (release build)
//! ```
//!
//! `--callgrind-case KEY N`, `--callgrind-empty N` and
//! `--callgrind-serialize N` are the processes the full run starts under
//! valgrind.

use std::process::ExitCode;

use cdfilter_bench::measure::{self, Calibration};
use cdfilter_bench::report::{self, Mode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let number = |i: usize| arg(i).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let result = match arg(0) {
        Some("--callgrind-case") => measure::callgrind_child(arg(1).unwrap_or(""), number(2)),
        Some("--callgrind-empty") => measure::calibration_child(Calibration::Empty, number(1)),
        Some("--callgrind-serialize") => {
            measure::calibration_child(Calibration::Serialize, number(1))
        }
        Some("--quick") => print(Mode::Quick),
        Some("--disassembly") => std::env::current_exe()
            .map_err(|e| e.to_string())
            .and_then(|exe| measure::disassembly(&exe))
            .map(|text| print!("{text}")),
        Some("--check-lock") => std::env::current_exe()
            .map_err(|e| e.to_string())
            .and_then(|exe| measure::check_free_lock_path(&exe))
            .map(|ins| println!("free-lock check: {ins}")),
        None => print(Mode::Full),
        Some(other) => Err(format!(
            "unknown argument {other}; use nothing, --quick, --disassembly or --check-lock"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cdfilter-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn print(mode: Mode) -> Result<(), String> {
    let report = report::run(mode)?;
    print!("{}", report.markdown());
    if report.problems().is_empty() {
        Ok(())
    } else {
        Err("targets missed (see the Targets section)".to_owned())
    }
}
