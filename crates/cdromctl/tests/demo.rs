//! `cdromctl` without arguments: the tour of the built-in disc.

mod common;

use common::{cdromctl, json_lines, run};

#[test]
#[ignore = "needs the simulated drive's audio player in main"]
fn no_arguments_tours_the_builtin_disc_and_exits_0() {
    let out = run(&[], 0);
    for section in [
        "1. Device",
        "2. Table of contents",
        "3. A short rip",
        "4. Audio play and the Q channel",
        "5. The exclusive lock, seen from two handles",
        "6. Driver-Verifier-style checks",
    ] {
        assert!(out.contains(section), "missing {section}:\n{out}");
    }
    assert!(!out.contains('✗'), "{out}");
    assert!(out.contains("0 violations"), "{out}");
    assert!(out.contains("Every step did what it should."), "{out}");
}

#[test]
#[ignore = "needs the simulated drive's audio player in main"]
fn demo_json_reports_each_lock_step() {
    let out = cdromctl(["--json", "demo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sections = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(sections.len(), 6);
    let lock = &sections[4]["result"]["steps"];
    let got: Vec<(&str, &str)> = lock
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["handle"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("A", "STATUS_SUCCESS"),
            ("A", "STATUS_SUCCESS"),
            ("B", "STATUS_ACCESS_DENIED"),
            ("B", "STATUS_SUCCESS"),
            ("B", "STATUS_ACCESS_DENIED"),
            ("A", "STATUS_SUCCESS"),
            ("B", "STATUS_SUCCESS"),
        ]
    );
    let verifier = &sections[5]["result"];
    assert!(verifier["requests_checked"].as_u64().unwrap() > 10);
    assert_eq!(verifier["violations"].as_array().unwrap().len(), 0);
}
