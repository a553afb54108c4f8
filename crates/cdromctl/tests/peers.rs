//! `--qemu` and `--iscsi`: the same commands over MMC implementations this
//! project did not write. Without QEMU or tgt/libiscsi installed the tests
//! skip loudly; with CI=true they fail instead.
#![cfg(unix)]

mod common;

use cdfilter_peers::{PeerError, TgtTarget};
use common::{json, run};

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

fn skip(what: &str, why: &str) {
    assert!(!ci(), "{what} cannot run: {why}");
    eprintln!("\n*** SKIPPED {what}: {why} (this fails when CI=true) ***\n");
}

/// An ISO-sized image: 40 sectors, sector k filled with byte k.
fn iso(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("small.iso");
    let bytes: Vec<u8> = (0..40u8)
        .flat_map(|k| std::iter::repeat_n(k, 2048))
        .collect();
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn qemu_toc_info_and_an_unsupported_audio_command() {
    if !cdfilter_peers::have_program("qemu-system-x86_64") {
        skip("cdromctl --qemu", "qemu-system-x86_64 is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let iso = iso(&dir);
    let toc = json(&["--qemu", &iso, "toc"], 0);
    assert_eq!(toc["tracks"][0]["type"], "data");
    assert_eq!(toc["leadout"]["lba"], 40);
    let info = json(&["--qemu", &iso, "info"], 0);
    assert_eq!(info["inquiry"]["vendor"], "QEMU");
    assert_eq!(info["geometry"]["disk_size"], 40 * 2048);
    // QEMU has no CD audio: READ SUB-CHANNEL ends in 5/20/00.
    let pos = json(&["--qemu", &iso, "position"], 1);
    assert_eq!(pos["error"]["status"], "STATUS_INVALID_DEVICE_REQUEST");
    let out = run(
        &[
            "--qemu",
            &iso,
            "--json",
            "ioctl",
            "IOCTL_CDROM_GET_DRIVE_GEOMETRY",
            "--out-len",
            "24",
        ],
        0,
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["cdbs"][0], "25000000000000000000");
}

#[test]
fn iscsi_toc_and_info() {
    let dir = tempfile::tempdir().unwrap();
    let iso = iso(&dir);
    let target = match TgtTarget::start(std::path::Path::new(&iso)) {
        Ok(t) => t,
        Err(e @ PeerError::Missing { .. }) => {
            skip("cdromctl --iscsi", &e.to_string());
            return;
        }
        Err(e) => panic!("tgt: {e}"),
    };
    let url = target.url();
    let info = json(&["--iscsi", &url, "info"], 0);
    assert_eq!(info["inquiry"]["device_type"], 5);
    assert_eq!(info["geometry"]["disk_size"], 40 * 2048);
    // tgt cuts the format-0 TOC two bytes short: the lead-out comes from
    // the capacity.
    let toc = json(&["--iscsi", &url, "toc"], 0);
    assert_eq!(toc["tracks"][0]["lba"], 0);
    assert_eq!(toc["tracks"][0]["sectors"], 40);
    assert_eq!(toc["leadout"]["lba"], 40);
    assert_eq!(toc["leadout"]["source"], "capacity");
}

#[test]
fn a_peer_that_cannot_start_is_an_internal_error() {
    let v = json(&["--qemu", "/nonexistent/x.iso", "toc"], 3);
    assert_eq!(v["error"]["kind"], "internal");
}
