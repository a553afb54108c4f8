//! The friendly commands on a BIN/CUE made in the test and on an ISO.

mod common;

use common::{json, Image, LEADOUT, TRACK2, TRACK3};

#[test]
fn toc_of_the_bin_cue() {
    let img = Image::new();
    let v = json(&["--image", &img.cue_str(), "toc"], 0);
    let t = v["tracks"].as_array().unwrap();
    assert_eq!(t.len(), 3);
    assert_eq!(
        (t[0]["lba"].as_u64(), t[0]["type"].as_str()),
        (Some(0), Some("data"))
    );
    assert_eq!(t[1]["lba"], TRACK2);
    assert_eq!(t[1]["msf"], "00:05:25");
    assert_eq!(t[1]["copy_permitted"], true);
    assert_eq!(t[2]["lba"], TRACK3);
    assert_eq!(t[2]["pre_emphasis"], true);
    assert_eq!(t[2]["sectors"], LEADOUT - TRACK3);
    assert_eq!(v["leadout"]["lba"], LEADOUT);
}

#[test]
fn raw_read_of_the_bin_cue_audio() {
    let img = Image::new();
    let v = json(
        &[
            "--image",
            &img.cue_str(),
            "raw-read",
            "--lba",
            &TRACK2.to_string(),
            "--count",
            "1",
        ],
        0,
    );
    let bin = std::fs::read(img.path("audio.bin")).unwrap();
    assert_eq!(v["data"], common::hex(&bin[..2352]));
}

#[test]
fn geometry_of_the_bin_cue() {
    let img = Image::new();
    let v = json(&["--image", &img.cue_str(), "info"], 0);
    assert_eq!(v["geometry"]["disk_size"], u64::from(LEADOUT) * 2048);
}

#[test]
fn iso_image_is_one_data_track() {
    let dir = tempfile::tempdir().unwrap();
    let iso = dir.path().join("small.iso");
    let bytes: Vec<u8> = (0..40u8)
        .flat_map(|k| std::iter::repeat_n(k, 2048))
        .collect();
    std::fs::write(&iso, &bytes).unwrap();
    let iso = iso.to_str().unwrap();
    let v = json(&["--image", iso, "toc"], 0);
    assert_eq!(v["tracks"].as_array().unwrap().len(), 1);
    assert_eq!(v["leadout"]["lba"], 40);
    let r = json(
        &[
            "--image", iso, "raw-read", "--lba", "7", "--mode", "raw-sub",
        ],
        0,
    );
    let data = r["data"].as_str().unwrap();
    assert_eq!(&data[32..36], "0707");
}

#[test]
fn an_image_that_cannot_be_read_is_an_internal_error() {
    let v = json(&["--image", "/nonexistent/disc.cue", "toc"], 3);
    assert_eq!(v["error"]["kind"], "internal");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read the image"));
}
