//! The bench's own test: every path once (quick mode), so the bench runs
//! under `cargo test --workspace` and cannot rot. No timing assertions.

use crate::report::{self, Mode};

#[test]
fn every_path_answers_as_planned_without_allocating_or_copying() {
    let report = report::run(Mode::Quick).expect("every case answers as planned");
    assert_eq!(
        report.problems(),
        Vec::<String>::new(),
        "{}",
        report.markdown()
    );
}
