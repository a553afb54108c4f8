//! `cdfilter-bench`: runs every benchmark and prints the tables.
//!
//! ```text
//! cdfilter-bench            full run (callgrind when valgrind is installed)
//! cdfilter-bench --quick    every path once, no callgrind (CI smoke run)
//! ```
//!
//! `--callgrind-case KEY N` and `--callgrind-empty N` are the processes the
//! full run starts under valgrind.

use std::process::ExitCode;

use cdfilter_bench::measure;
use cdfilter_bench::report::{self, Mode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    let number = |i: usize| arg(i).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let result = match arg(0) {
        Some("--callgrind-case") => measure::callgrind_child(arg(1).unwrap_or(""), number(2)),
        Some("--callgrind-empty") => {
            measure::callgrind_empty_child(number(1));
            Ok(())
        }
        Some("--quick") => print(Mode::Quick),
        None => print(Mode::Full),
        Some(other) => Err(format!("unknown argument {other}; use --quick or nothing")),
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
