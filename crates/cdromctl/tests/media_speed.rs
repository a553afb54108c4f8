//! Media and speed commands on the built-in disc.

mod common;

use common::json;

#[test]
fn eject_then_load() {
    assert_eq!(json(&["eject"], 0)["command"], "eject");
    assert_eq!(json(&["load"], 0)["command"], "load");
}

#[test]
fn speed_8x() {
    let v = json(&["speed", "8x"], 0);
    assert_eq!(v["read_kbps"], 1408);
    assert_eq!(v["write_kbps"], 0xFFFF);
}

#[test]
fn performance_nominal_read() {
    let v = json(&["performance"], 0);
    let d = v["descriptors"].as_array().unwrap();
    assert!(!d.is_empty(), "{v}");
    assert_eq!(d[0]["start_lba"], 0);
}

#[test]
fn performance_write_speeds() {
    let v = json(&["performance", "--write-speeds"], 0);
    assert!(v["descriptors"].is_array());
}

#[test]
fn streaming_on_and_off() {
    assert_eq!(json(&["streaming", "on"], 0)["streaming"], "on for reads");
    assert_eq!(json(&["streaming", "off"], 0)["streaming"], "off");
}

#[test]
fn opc_on_a_drive_that_does_not_write_is_refused() {
    let v = json(&["opc"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_DEVICE_REQUEST");
    assert_eq!(
        v["error"]["meaning"],
        "the drive refused power calibration (it does not write)"
    );
}
