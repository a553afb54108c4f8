//! `cdromctl` without arguments: the tour of the built-in disc.

mod common;

use common::{cdromctl, json_lines, run};

#[test]
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
    // The class driver's polling: paused under the lock, running after.
    let polled: Vec<bool> = sections[4]["result"]["class_driver_polling"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["paused"].as_bool().unwrap())
        .collect();
    assert_eq!(polled, [true, false]);
    let verifier = &sections[5]["result"];
    assert!(verifier["requests_checked"].as_u64().unwrap() > 10);
    assert_eq!(verifier["violations"].as_array().unwrap().len(), 0);
}

#[test]
fn demo_plays_pauses_and_resumes_track_2() {
    let out = run(&["demo"], 0);
    assert!(!out.contains("skipped"), "{out}");
    for line in [
        "✓ position after 1 s         playing  track 2 index 1  absolute 00:09:00  relative 00:01:00",
        "✓ pause, 1 s later           paused   track 2 index 1  absolute 00:09:00  relative 00:01:00",
        "✓ resume, 1 s later          playing  track 2 index 1  absolute 00:10:00  relative 00:02:00",
    ] {
        assert!(out.contains(line), "missing {line}:\n{out}");
    }
}

#[test]
fn demo_of_an_iso_skips_rip_and_audio() {
    let dir = tempfile::tempdir().unwrap();
    let iso = dir.path().join("d.iso");
    std::fs::write(&iso, vec![0u8; 20 * 2048]).unwrap();
    let out = run(&["--image", iso.to_str().unwrap()], 0);
    assert_eq!(
        out.matches("skipped: the disc has no audio track 2")
            .count(),
        2,
        "{out}"
    );
    assert!(out.contains("0 violations"), "{out}");
}
