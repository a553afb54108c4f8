//! `cdromctl rip`: the WAV's samples are the disc's bytes.

mod common;

use cdfilter_host::disc::Disc;
use common::{json, wav_bytes, Image, TRACK2, TRACK3};

#[test]
fn rip_of_builtin_track_2_equals_the_disc() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t2.wav");
    let v = json(&["rip", "--track", "2", "--out", path.to_str().unwrap()], 0);
    assert_eq!(v["track"], 2);
    assert_eq!(v["lba"], 450);
    assert_eq!(v["sectors"], 300);
    assert_eq!(v["bytes"], 300 * 2352);
    assert_eq!(v["retries"], 0);
    assert_eq!(v["checked"], true);
    let pcm = wav_bytes(&path);
    let disc = Disc::builtin();
    let mut expected = Vec::new();
    let mut sector = [0u8; 2352];
    for lba in 450..750 {
        disc.read_main(lba, &mut sector).unwrap();
        expected.extend_from_slice(&sector);
    }
    assert_eq!(pcm.len(), expected.len());
    assert!(pcm == expected, "samples differ from the disc");
    let crc = v["crc32"].as_str().unwrap();
    assert_eq!(crc.len(), 8);
}

#[test]
fn rip_of_a_bin_cue_track_equals_the_bin_file() {
    let img = Image::new();
    let cue = img.cue_str();
    let wav = img.path("t3.wav");
    let v = json(
        &[
            "--image",
            &cue,
            "rip",
            "--track",
            "3",
            "--chunk",
            "7",
            "--out",
            wav.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(v["lba"], TRACK3);
    assert_eq!(v["sectors"], 75);
    let bin = std::fs::read(img.path("audio.bin")).unwrap();
    assert!(
        wav_bytes(&wav) == bin[75 * 2352..],
        "track 3 differs from audio.bin"
    );
}

#[test]
fn rip_of_part_of_a_track() {
    let img = Image::new();
    let cue = img.cue_str();
    let wav = img.path("t2.wav");
    let v = json(
        &[
            "--image",
            &cue,
            "rip",
            "--track",
            "2",
            "--sectors",
            "10",
            "--out",
            wav.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(v["lba"], TRACK2);
    assert_eq!(v["sectors"], 10);
    let bin = std::fs::read(img.path("audio.bin")).unwrap();
    assert!(wav_bytes(&wav) == bin[..10 * 2352]);
}

#[test]
fn rip_of_a_data_track_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t1.wav");
    let v = json(&["rip", "--track", "1", "--out", path.to_str().unwrap()], 2);
    assert_eq!(v["error"]["kind"], "usage");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("data track"));
}

#[test]
fn rip_of_a_missing_track_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t9.wav");
    json(&["rip", "--track", "9", "--out", path.to_str().unwrap()], 2);
}
