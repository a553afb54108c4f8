//! The audio commands on the built-in disc.

mod common;

use common::{json, json_lines, run};
use serde_json::json;

#[test]
fn mcn_of_the_builtin_disc() {
    let v = json(&["mcn"], 0);
    assert_eq!(v["valid"], true);
    assert_eq!(v["mcn"], "1234567890128");
}

#[test]
fn isrc_of_every_audio_track() {
    let v = json(&["isrc"], 0);
    assert_eq!(
        v["tracks"],
        json!([
            {"track": 2, "valid": true, "isrc": "XYCDF2500002"},
            {"track": 3, "valid": true, "isrc": "XYCDF2500003"},
            {"track": 4, "valid": true, "isrc": "XYCDF2500004"},
        ])
    );
}

#[test]
fn isrc_of_a_bin_cue_track() {
    let img = common::Image::new();
    let v = json(&["--image", &img.cue_str(), "isrc", "--track", "2"], 0);
    assert_eq!(v["tracks"][0]["isrc"], "XYCDF2500042");
}

#[test]
fn mcn_of_a_bin_cue() {
    let img = common::Image::new();
    let v = json(&["--image", &img.cue_str(), "mcn"], 0);
    assert_eq!(v["mcn"], "0123456789012");
}

#[test]
fn volume_get_and_set() {
    let v = json(&["volume"], 0);
    assert!(v["left"].is_u64() && v["right"].is_u64());
    let v = json(&["volume", "--set", "200,100"], 0);
    assert_eq!(
        (v["left"].as_u64(), v["right"].as_u64()),
        (Some(200), Some(100))
    );
}

#[test]
fn play_track_2_and_follow_the_position() {
    let out = run(
        &[
            "--json",
            "play",
            "--track",
            "2",
            "--follow",
            "--interval",
            "75",
        ],
        0,
    );
    let lines = json_lines(&out);
    assert_eq!(lines[0]["from"], "00:08:00");
    assert_eq!(lines[0]["to"], "00:12:00");
    let positions = &lines[1..];
    // 300 frames at 75 per poll: playing at +0, +1, +2, +3 s, then complete.
    assert_eq!(positions.len(), 5, "{positions:?}");
    for (i, p) in positions.iter().take(4).enumerate() {
        assert_eq!(p["audio_status"], "playing");
        assert_eq!(p["track"], 2);
        assert_eq!(p["index"], 1);
        assert_eq!(p["relative"], format!("00:{i:02}:00"));
        assert_eq!(p["absolute"], format!("00:{:02}:00", 8 + i));
    }
    assert_eq!(positions[4]["audio_status"], "play complete");
}

#[test]
fn position_with_nothing_playing() {
    let v = json(&["position"], 0);
    assert_ne!(v["audio_status"], "playing");
}

#[test]
fn play_a_range_then_pause_and_resume_in_one_script() {
    let v = json(&["play", "--from", "00:12:00", "--to", "1050"], 0);
    assert_eq!(v["from"], "00:12:00");
    assert_eq!(v["to"], "00:16:00");
}

#[test]
fn stop_with_nothing_playing_says_so() {
    let v = json(&["stop"], 1);
    assert_eq!(v["error"]["status"], "STATUS_INVALID_DEVICE_REQUEST");
    assert_eq!(v["error"]["meaning"], "nothing is playing");
}

#[test]
fn seek_to_an_address() {
    let v = json(&["seek", "00:10:00"], 0);
    assert_eq!(v["to"], "00:10:00");
}

#[test]
fn play_of_a_data_track_is_a_usage_error() {
    json(&["play", "--track", "1"], 2);
}
