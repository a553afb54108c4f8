//! The bench's own tests: every path once (quick mode), so the bench runs
//! under `cargo test --workspace` and cannot rot; and the recogniser of
//! the free-lock check's code (`--check-lock`) on literal listings. No
//! timing assertions.

use crate::measure;
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

fn listing(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| (*l).to_owned()).collect()
}

/// The head of the release entry point as objdump printed it.
const ENTRY: [&str; 14] = [
    "62bf0:\tpush   rbp",
    "62bf1:\tpush   r15",
    "62bf3:\tpush   r14",
    "62bf5:\tpush   r13",
    "62bf7:\tpush   r12",
    "62bf9:\tpush   rbx",
    "62bfa:\tsub    rsp,0x98",
    "62c01:\tmov    r15,rdx",
    "62c04:\tmov    r14,rsi",
    "62c07:\tmov    rbx,rdi",
    "62c0a:\tmov    rax,QWORD PTR [rsi]",
    "62c0d:\ttest   rax,rax",
    "62c10:\tje     62c42 <+0x52>",
    "62c26:\tcall   QWORD PTR [rip+0x612c4]",
];

#[test]
fn the_free_lock_check_is_found_as_one_load_a_test_and_a_branch() {
    let found = measure::one_load_then_branch(&listing(&ENTRY)).expect("the pattern");
    assert_eq!(
        found,
        [
            "mov    rax,QWORD PTR [rsi]",
            "test   rax,rax",
            "je     62c42 <+0x52>"
        ]
    );
}

#[test]
fn a_call_before_the_load_fails_the_check() {
    let mut lines = ENTRY.to_vec();
    lines.insert(
        7,
        "62c00:\tcall   5a000 <cdfilter_core::handlers::exclusive::may_access>",
    );
    let err = measure::one_load_then_branch(&listing(&lines)).expect_err("a call first");
    assert!(err.contains("call"), "{err}");
}

#[test]
fn a_locked_instruction_or_a_different_register_fails_the_check() {
    let mut locked = ENTRY.to_vec();
    locked[10] = "62c0a:\tlock cmpxchg QWORD PTR [rsi],rcx";
    assert!(measure::one_load_then_branch(&listing(&locked)).is_err());
    let mut other = ENTRY.to_vec();
    other[11] = "62c0d:\ttest   rcx,rcx";
    assert!(measure::one_load_then_branch(&listing(&other)).is_err());
}
