//! GET CONFIGURATION: header, feature descriptors and request types.

mod sim_support;

use cdfilter_host::sim::{Profile, SimConfig};
use sim_support::*;

fn get_config(rt: u8, feature: u16) -> [u8; 10] {
    let f = feature.to_be_bytes();
    [0x46, rt, f[0], f[1], 0, 0, 0, 0xFF, 0xFE, 0]
}

/// The feature codes of an answer, after the 8-byte header.
fn codes(answer: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let mut at = 8;
    while at + 4 <= answer.len() {
        out.push(u16::from_be_bytes([answer[at], answer[at + 1]]));
        at += 4 + answer[at + 3] as usize;
    }
    out
}

/// The descriptor of `code` in an answer.
fn descriptor(answer: &[u8], code: u16) -> Vec<u8> {
    let mut at = 8;
    while at + 4 <= answer.len() {
        let len = 4 + answer[at + 3] as usize;
        if u16::from_be_bytes([answer[at], answer[at + 1]]) == code {
            return answer[at..at + len].to_vec();
        }
        at += len;
    }
    Vec::new()
}

#[test]
fn all_features_of_a_cd_rom_drive_with_a_disc() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    let expected: Vec<u8> = [
        &[0x00, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x08][..],
        &[0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x01, 0x00],
        &[
            0x00, 0x01, 0x0B, 0x08, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00,
        ],
        &[0x00, 0x02, 0x07, 0x04, 0x02, 0x00, 0x00, 0x00],
        &[0x00, 0x03, 0x03, 0x04, 0x29, 0x00, 0x00, 0x00],
        &[
            0x00, 0x10, 0x01, 0x08, 0x00, 0x00, 0x08, 0x00, 0x00, 0x01, 0x01, 0x00,
        ],
        &[0x00, 0x1D, 0x01, 0x00],
        &[0x00, 0x1E, 0x09, 0x04, 0x03, 0x00, 0x00, 0x00],
        &[0x01, 0x00, 0x03, 0x00],
        &[0x01, 0x03, 0x01, 0x04, 0x03, 0x00, 0x01, 0x00],
        &[0x01, 0x07, 0x0D, 0x04, 0x18, 0x00, 0x00, 0x00],
    ]
    .concat();
    assert_eq!(data, expected);
}

#[test]
fn without_medium_the_current_profile_is_zero() {
    let mut d = empty();

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    assert_eq!(data[4..8], [0, 0, 0, 0]);
    assert_eq!(
        descriptor(&data, 0x0000),
        [0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x00, 0x00]
    );
    assert_eq!(descriptor(&data, 0x001E)[2], 0x08);
}

#[test]
fn during_spin_up_no_profile_is_current() {
    let mut d = empty();
    d.insert(iso(100));

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    assert_eq!(data[6..8], [0, 0]);
}

#[test]
fn current_request_lists_only_current_features() {
    let mut empty = empty();
    let mut loaded = drive(iso(100));

    let none = answer(&mut empty, &get_config(1, 0), 0xFFFE);
    let some = answer(&mut loaded, &get_config(1, 0), 0xFFFE);

    assert_eq!(codes(&none), [0x0000, 0x0001, 0x0002, 0x0003, 0x0100]);
    assert_eq!(
        codes(&some),
        [0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001D, 0x001E, 0x0100, 0x0103, 0x0107]
    );
}

#[test]
fn one_request_returns_that_feature() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_config(2, 0x001E), 0xFFFE);

    assert_eq!(
        data,
        [
            0x00, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x08, 0x00, 0x1E, 0x09, 0x04, 0x03, 0x00,
            0x00, 0x00
        ]
    );
}

#[test]
fn one_request_for_a_missing_feature_is_the_header() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_config(2, 0x0050), 0xFFFE);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x08]);
}

#[test]
fn all_request_starts_at_the_starting_feature() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_config(0, 0x0100), 0xFFFE);

    assert_eq!(codes(&data), [0x0100, 0x0103, 0x0107]);
    assert_eq!(data[..4], [0, 0, 0, 24]);
}

#[test]
fn reserved_request_type_is_invalid_field() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &get_config(3, 0), 0xFFFE);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn allocation_length_keeps_the_full_data_length() {
    let mut d = drive(iso(100));
    let mut cdb = get_config(0, 0);
    cdb[7..9].copy_from_slice(&[0, 8]);

    let data = answer(&mut d, &cdb, 8);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x54, 0x00, 0x00, 0x00, 0x08]);
}

#[test]
fn cd_rw_writer_lists_three_profiles_and_write_features() {
    let config = SimConfig {
        profile: Profile::CdRw,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    assert_eq!(data[6..8], [0x00, 0x0A]);
    assert_eq!(
        descriptor(&data, 0x0000),
        [
            0x00, 0x00, 0x03, 0x0C, 0x00, 0x0A, 0x01, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x00
        ]
    );
    assert_eq!(
        descriptor(&data, 0x002D),
        [0x00, 0x2D, 0x08, 0x04, 0x07, 0x00, 0xFF, 0xFF]
    );
    assert_eq!(
        descriptor(&data, 0x002E),
        [0x00, 0x2E, 0x00, 0x04, 0x7E, 0x01, 0x00, 0x00]
    );
    assert_eq!(
        descriptor(&data, 0x0037),
        [0x00, 0x37, 0x00, 0x04, 0x00, 0x03, 0x00, 0x00]
    );
    assert_eq!(
        descriptor(&data, 0x0107),
        [0x01, 0x07, 0x0D, 0x04, 0x1B, 0x00, 0x00, 0x00]
    );
}

#[test]
fn cd_r_writer_has_no_cd_rw_media_feature() {
    let config = SimConfig {
        profile: Profile::CdR,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    assert_eq!(
        codes(&data),
        [
            0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001D, 0x001E, 0x002D, 0x002E, 0x0100, 0x0103,
            0x0107
        ]
    );
}

#[test]
fn capabilities_switch_cd_read_bits_and_streaming() {
    let config = SimConfig {
        c2_pointers: false,
        cd_text: false,
        streaming: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let data = answer(&mut d, &get_config(0, 0), 0xFFFE);

    assert_eq!(
        descriptor(&data, 0x001E),
        [0x00, 0x1E, 0x09, 0x04, 0x00, 0x00, 0x00, 0x00]
    );
    assert!(!codes(&data).contains(&0x0107));
}
