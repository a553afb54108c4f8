//! The stable test interface (README): `ioctl`, `script`, `ioctls`, JSON
//! shapes and exit codes.

mod common;

use common::{cdromctl, json, json_lines, run};
use serde_json::Value;

#[test]
fn ioctl_json_has_exactly_the_documented_fields() {
    let v = json(&["ioctl", "IOCTL_CDROM_READ_TOC", "--out-len", "804"], 0);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cdbs",
            "code",
            "information",
            "ioctl",
            "ntstatus",
            "out",
            "status"
        ]
    );
    assert_eq!(v["ioctl"], "IOCTL_CDROM_READ_TOC");
    assert_eq!(v["code"], 0x24000);
    assert_eq!(v["status"], "STATUS_SUCCESS");
    assert_eq!(v["ntstatus"], 0);
    // 4-byte header + 5 entries (4 tracks and the lead-out).
    assert_eq!(v["information"], 44);
    let out = v["out"].as_str().unwrap();
    assert_eq!(out.len(), 88);
    assert_eq!(&out[..8], "002a0104");
    assert!(out
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    let cdbs = v["cdbs"].as_array().unwrap();
    assert_eq!(cdbs.len(), 1);
    assert_eq!(cdbs[0], "43020000000000032400");
}

#[test]
fn ioctl_by_code_with_input() {
    // READ_TOC_EX, format 1 (session), LBA: CDROM_TOC_SESSION_DATA.
    let v = json(
        &["ioctl", "0x24054", "--in", "01000000", "--out-len", "12"],
        0,
    );
    assert_eq!(v["ioctl"], "IOCTL_CDROM_READ_TOC_EX");
    assert_eq!(v["information"], 12);
    assert_eq!(v["out"], "000a01010014010000000000");
}

#[test]
fn ioctl_failure_exits_1_with_status_and_information() {
    let v = json(&["ioctl", "IOCTL_CDROM_READ_TOC", "--out-len", "10"], 1);
    assert_eq!(v["status"], "STATUS_BUFFER_TOO_SMALL");
    assert_eq!(v["ntstatus"], 0xC000_0023_u32);
    assert_eq!(v["information"], 804);
    assert_eq!(v["out"], "");
    assert_eq!(v["cdbs"], Value::Array(vec![]));
}

#[test]
fn ioctl_out_len_0_is_valid() {
    let v = json(
        &["ioctl", "IOCTL_STORAGE_CHECK_VERIFY", "--out-len", "0"],
        0,
    );
    assert_eq!(v["information"], 0);
    assert_eq!(v["cdbs"][0], "000000000000");
}

#[test]
fn ioctl_human_output_names_status_value_and_meaning() {
    let out = run(&["ioctl", "IOCTL_CDROM_READ_TOC", "--out-len", "10"], 1);
    assert!(out.contains("IOCTL_CDROM_READ_TOC (0x00024000)"), "{out}");
    assert!(
        out.contains("STATUS_BUFFER_TOO_SMALL (0xc0000023): buffer too small: needs 804 bytes"),
        "{out}"
    );
    assert!(out.contains("information  804"), "{out}");
}

#[test]
fn ioctls_table_lists_every_code() {
    let v = json(&["ioctls"], 0);
    let rows = v.as_array().unwrap();
    assert!(rows.len() > 70);
    let toc = rows
        .iter()
        .find(|r| r["name"] == "IOCTL_CDROM_READ_TOC")
        .unwrap();
    assert_eq!(toc["code"], 0x24000);
    assert_eq!(toc["method"], "Buffered");
    assert_eq!(toc["access"], "Read");
    assert_eq!(toc["handling"], "translated");
    assert_eq!(toc["detail"][0], "0x43");
}

/// Lock by A; A's TOC succeeds; B's TOC is denied; B's INQUIRY passes; B's
/// read is refused; A closes; B's TOC succeeds.
const LOCK_SCRIPT: &str = "\
open A
open B
# lock by A (CDROM_EXCLUSIVE_LOCK, name \"demo\")
A ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in LOCK --out-len 0
A ioctl IOCTL_CDROM_READ_TOC --out-len 804
B ioctl IOCTL_CDROM_READ_TOC --out-len 804
B ioctl IOCTL_CDROM_GET_INQUIRY_DATA --out-len 8
B read --offset 32768 --len 2048
B ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in 0000000000000000 --out-len 65
close A
B ioctl IOCTL_CDROM_READ_TOC --out-len 804
close B
";

fn lock_input_hex() -> String {
    let mut b = vec![1, 0, 0, 0, 0, 0, 0, 0];
    b.extend_from_slice(b"demo");
    b.resize(72, 0);
    common::hex(&b)
}

#[test]
fn script_with_two_handles_and_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lock.txt");
    std::fs::write(&path, LOCK_SCRIPT.replace("LOCK", &lock_input_hex())).unwrap();
    let out = run(&["--json", "script", path.to_str().unwrap()], 0);
    let steps = json_lines(&out);
    let brief: Vec<(u64, &str, &str, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["step"].as_u64().unwrap(),
                s["handle"].as_str().unwrap(),
                s.get("ioctl")
                    .or_else(|| s.get("action"))
                    .and_then(Value::as_str)
                    .unwrap(),
                s.get("status").and_then(Value::as_str).unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        brief,
        [
            (1, "A", "open", "-"),
            (2, "B", "open", "-"),
            (4, "A", "IOCTL_CDROM_EXCLUSIVE_ACCESS", "STATUS_SUCCESS"),
            (5, "A", "IOCTL_CDROM_READ_TOC", "STATUS_SUCCESS"),
            (6, "B", "IOCTL_CDROM_READ_TOC", "STATUS_ACCESS_DENIED"),
            (
                7,
                "B",
                "IOCTL_CDROM_GET_INQUIRY_DATA",
                "STATUS_BUFFER_OVERFLOW"
            ),
            (8, "B", "read", "STATUS_ACCESS_DENIED"),
            (9, "B", "IOCTL_CDROM_EXCLUSIVE_ACCESS", "STATUS_SUCCESS"),
            (10, "A", "close", "-"),
            (11, "B", "IOCTL_CDROM_READ_TOC", "STATUS_SUCCESS"),
            (12, "B", "close", "-"),
        ]
    );
    // A's TOC went to the drive; B's denied TOC and read did not.
    assert_eq!(steps[3]["cdbs"].as_array().unwrap().len(), 1);
    assert_eq!(steps[4]["cdbs"].as_array().unwrap().len(), 0);
    assert_eq!(steps[4]["ntstatus"], 0xC000_0022_u32);
    // The exempt INQUIRY copies what fits: a warning, 8 bytes delivered.
    assert_eq!(steps[5]["information"], 8);
    assert_eq!(steps[6]["information"], 0);
    assert_eq!(steps[6]["cdbs"].as_array().unwrap().len(), 0);
    // B's query sees A's lock and name.
    let state = steps[7]["out"].as_str().unwrap();
    assert_eq!(state.len(), 130);
    assert_eq!(&state[..10], "0164656d6f");
    assert_eq!(steps[9]["information"], 44);
}

#[test]
fn script_wait_keeps_the_handles_open_for_its_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wait.txt");
    let script = format!(
        "open A\nA ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in {} --out-len 0\nwait 1\n\
         open B\nB ioctl IOCTL_CDROM_READ_TOC --out-len 804\n",
        lock_input_hex()
    );
    std::fs::write(&path, script).unwrap();
    let out = run(&["--json", "script", path.to_str().unwrap()], 0);
    let steps = json_lines(&out);
    assert_eq!(steps[2]["action"], "wait 1 s");
    // A still holds the lock after the wait.
    assert_eq!(steps[4]["status"], "STATUS_ACCESS_DENIED");
}

#[test]
fn script_wait_longer_than_an_hour_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wait.txt");
    std::fs::write(&path, "wait 3601\n").unwrap();
    let out = cdromctl(["script", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 1") && err.contains("3600"), "{err}");
}

#[test]
fn script_usage_error_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, "open A\nA frobnicate\n").unwrap();
    let out = cdromctl(["script", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn script_file_that_cannot_be_read_is_internal() {
    let out = cdromctl(["script", "/nonexistent/script.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["ioctl", "IOCTL_NOPE"],
        &["ioctl", "IOCTL_CDROM_READ_TOC", "--in", "123"],
        &["seek", "00:60:00"],
        &["volume", "--set", "1"],
        &["raw-read", "--lba", "0", "--mode", "mp3"],
        &["speed", "warp"],
        &["--image", "a.cue", "--qemu", "b.iso", "toc"],
        &["lock", ""],
    ] {
        let out = cdromctl(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn device_on_linux_is_a_usage_error() {
    let out = cdromctl(["--device", r"\\.\CdRom0", "toc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("needs Windows"), "{err}");
}

#[test]
fn every_command_has_help_with_an_example() {
    for cmd in [
        "demo",
        "info",
        "toc",
        "session",
        "raw-read",
        "rip",
        "play",
        "pause",
        "resume",
        "stop",
        "seek",
        "position",
        "mcn",
        "isrc",
        "volume",
        "lock",
        "unlock",
        "lock-state",
        "speed",
        "performance",
        "eject",
        "load",
        "verify",
        "streaming",
        "opc",
        "ioctl",
        "script",
        "ioctls",
    ] {
        let out = run(&[cmd, "--help"], 0);
        assert!(
            out.contains("Example"),
            "{cmd} --help has no example:\n{out}"
        );
    }
}

#[test]
fn device_errors_print_name_value_and_meaning_on_stderr() {
    let out = cdromctl(["raw-read", "--lba", "16", "--mode", "cdda"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("IOCTL_CDROM_RAW_READ: STATUS_INVALID_DEVICE_REQUEST (0xc0000010): the drive refused the read"),
        "{err}"
    );
}

#[test]
fn script_human_output_explains_each_status() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eject.txt");
    std::fs::write(
        &path,
        "open A\nA ioctl IOCTL_STORAGE_EJECT_MEDIA\nA ioctl IOCTL_CDROM_READ_TOC --out-len 804\nclose A\n",
    )
    .unwrap();
    let out = run(&["script", path.to_str().unwrap()], 0);
    assert!(out.contains("[2] A: IOCTL_STORAGE_EJECT_MEDIA"), "{out}");
    assert!(
        out.contains(
            "STATUS_NO_MEDIA_IN_DEVICE (0xc0000013): no medium: the tray is empty or open"
        ),
        "{out}"
    );
    assert!(out.contains("[4] A: close"), "{out}");
}
