//! The friendly commands on the built-in disc: JSON checked field by field.

mod common;

use common::{json, run};
use serde_json::json;

#[test]
fn toc_lists_tracks_with_msf_lba_types_and_flags() {
    let v = json(&["toc"], 0);
    assert_eq!(v["first_track"], 1);
    assert_eq!(v["last_track"], 4);
    let t = v["tracks"].as_array().unwrap();
    assert_eq!(t.len(), 4);
    let want = [
        (1, "data", 4, "00:02:00", 0, 450),
        (2, "audio", 2, "00:08:00", 450, 300),
        (3, "audio", 1, "00:12:00", 750, 300),
        (4, "audio", 0, "00:16:00", 1050, 300),
    ];
    for (t, (n, kind, control, msf, lba, sectors)) in t.iter().zip(want) {
        assert_eq!(t["number"], n);
        assert_eq!(t["type"], kind);
        assert_eq!(t["control"], control);
        assert_eq!(t["adr"], 1);
        assert_eq!(t["msf"], msf);
        assert_eq!(t["lba"], lba);
        assert_eq!(t["sectors"], sectors);
    }
    assert_eq!(t[1]["copy_permitted"], true);
    assert_eq!(t[1]["pre_emphasis"], false);
    assert_eq!(t[2]["pre_emphasis"], true);
    assert_eq!(t[3]["four_channel"], false);
    assert_eq!(
        v["leadout"],
        json!({"msf": "00:20:00", "lba": 1350, "source": "toc"})
    );
}

#[test]
fn toc_table_for_people() {
    let out = run(&["toc"], 0);
    assert!(out.contains("tracks 1-4"), "{out}");
    assert!(
        out.lines().any(|l| l.split_whitespace().collect::<Vec<_>>()
            == [
                "2",
                "audio",
                "00:08:00",
                "450",
                "00:04:00",
                "300",
                "1",
                "0x2",
                "copy",
                "permitted"
            ]),
        "{out}"
    );
    assert!(out.contains("lead-out"), "{out}");
}

#[test]
fn session_of_a_single_session_disc() {
    let v = json(&["session"], 0);
    assert_eq!(v["first_complete_session"], 1);
    assert_eq!(v["last_complete_session"], 1);
    assert_eq!(v["first_track_of_last_session"], 1);
    assert_eq!(v["lba"], 0);
    assert_eq!(v["msf"], "00:02:00");
}

#[test]
fn info_has_inquiry_profile_capabilities_and_geometry() {
    let v = json(&["info"], 0);
    assert_eq!(v["inquiry"]["device_type"], 5);
    assert_eq!(v["inquiry"]["removable"], true);
    assert!(!v["inquiry"]["vendor"].as_str().unwrap().is_empty());
    assert_eq!(v["configuration"]["current_profile"], 8);
    assert_eq!(v["configuration"]["current_profile_name"], "CD-ROM");
    let features = v["configuration"]["features"].as_array().unwrap();
    assert_eq!(features[0]["code"], 0);
    assert_eq!(features[0]["name"], "Profile List");
    assert!(features
        .iter()
        .any(|f| f["code"] == 0x1E && f["current"] == true));
    assert_eq!(v["capabilities"]["eject"], true);
    assert_eq!(v["geometry"]["bytes_per_sector"], 2048);
    assert_eq!(v["geometry"]["disk_size"], 1350 * 2048);
    assert_eq!(v["geometry"]["media_type"], 11);
    assert_eq!(v["geometry"]["tracks_per_cylinder"], 64);
    assert_eq!(v["geometry"]["sectors_per_track"], 32);
}

#[test]
fn verify_reports_the_media_change_count() {
    let v = json(&["verify"], 0);
    assert_eq!(v["ready"], true);
    assert!(v["media_change_count"].is_u64());
}

#[test]
fn lock_state_of_a_fresh_device() {
    let v = json(&["lock-state"], 0);
    assert_eq!(v, json!({"locked": false, "caller_name": null}));
}

#[test]
fn lock_takes_the_lock_for_this_handle() {
    let v = json(&["lock", "ripper 1"], 0);
    assert_eq!(v, json!({"locked": true, "caller_name": "ripper 1"}));
}

#[test]
fn unlock_without_a_lock_is_a_device_error() {
    let v = json(&["unlock"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_DEVICE_REQUEST");
    assert_eq!(v["error"]["meaning"], "the device is not locked");
}

#[test]
fn an_invalid_lock_name_is_refused_by_the_driver() {
    let v = json(&["lock", "bad/name"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_PARAMETER");
}

#[test]
fn raw_read_of_the_data_track_with_subcode() {
    let v = json(
        &[
            "raw-read", "--lba", "16", "--count", "1", "--mode", "raw-sub",
        ],
        0,
    );
    assert_eq!(v["bytes"], 2448);
    assert_eq!(v["mode"], "RawWithSubCode");
    let data = v["data"].as_str().unwrap();
    // Sync pattern, then the header 00:02:16 mode 1, then "\x01CD001".
    assert_eq!(&data[..24], "00ffffffffffffffffffff00");
    assert_eq!(&data[24..32], "00021601");
    assert_eq!(&data[32..44], "014344303031");
}

#[test]
fn raw_read_as_cdda_of_a_data_track_is_refused() {
    let v = json(&["raw-read", "--lba", "16", "--mode", "cdda"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_DEVICE_REQUEST");
    assert!(v["error"]["meaning"]
        .as_str()
        .unwrap()
        .contains("sector type does not match"));
}

#[test]
fn raw_read_past_the_end_names_the_range() {
    let v = json(&["raw-read", "--lba", "1349", "--count", "2"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_PARAMETER");
    assert!(v["error"]["meaning"]
        .as_str()
        .unwrap()
        .contains("past the end"));
}

#[test]
fn raw_read_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.raw");
    let p = path.to_str().unwrap();
    let v = json(&["raw-read", "--lba", "450", "--count", "3", "--out", p], 0);
    assert_eq!(v["bytes"], 3 * 2352);
    let bytes = std::fs::read(&path).unwrap();
    let disc = cdfilter_host::disc::Disc::builtin();
    let mut sector = [0u8; 2352];
    for (i, chunk) in bytes.chunks(2352).enumerate() {
        disc.read_main(450 + i as u32, &mut sector).unwrap();
        assert_eq!(chunk, sector);
    }
}
