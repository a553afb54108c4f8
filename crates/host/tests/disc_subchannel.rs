//! Q channel and raw P–W of the built-in disc, from literal frames.
//!
//! The CRC bytes of every fixture are also re-checked here with a CRC
//! written from IEC 60908's definition (generator x^16 + x^12 + x^5 + 1
//! over bytes 0..10, remainder inverted, MSB first).

use cdfilter_host::disc::{builtin, Area, Disc};

fn crc_from_spec(bytes: &[u8]) -> [u8; 2] {
    let generator: u32 = (1 << 16) | (1 << 12) | (1 << 5) | 1;
    let mut reg: u32 = 0;
    for bit in bytes
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| u32::from(b >> i & 1)))
    {
        reg = (reg << 1) | bit;
        if reg & (1 << 16) != 0 {
            reg ^= generator;
        }
    }
    for _ in 0..16 {
        reg <<= 1;
        if reg & (1 << 16) != 0 {
            reg ^= generator;
        }
    }
    (!(reg as u16)).to_be_bytes()
}

#[track_caller]
fn assert_q(lba: u32, expected: [u8; 12]) {
    let disc = Disc::builtin();

    let q = disc.q_channel(lba);

    assert_eq!(q, expected, "LBA {lba}");
    assert_eq!(q[10..], crc_from_spec(&q[..10]), "CRC at LBA {lba}");
}

#[test]
fn pregap_start_of_track_2_counts_down_from_two_seconds() {
    // Control 2 (DCP), ADR 1; track 02 index 00; relative 00:02:00;
    // absolute 00:06:00.
    assert_q(
        300,
        [
            0x21, 0x02, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x00, 0x4E, 0x36,
        ],
    );
}

#[test]
fn last_pregap_sector_of_track_2_is_one_frame_before_index_1() {
    assert_q(
        449,
        [
            0x21, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x07, 0x74, 0x62, 0x05,
        ],
    );
}

#[test]
fn index_1_of_track_2_starts_at_relative_zero() {
    assert_q(
        450,
        [
            0x21, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0xA1, 0xAA,
        ],
    );
}

#[test]
fn ten_frames_into_track_2() {
    assert_q(
        460,
        [
            0x21, 0x02, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x08, 0x10, 0xB7, 0xC1,
        ],
    );
}

#[test]
fn index_2_of_track_3_with_pre_emphasis() {
    assert_q(
        825,
        [
            0x11, 0x03, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x13, 0x00, 0xB5, 0x4E,
        ],
    );
}

#[test]
fn lead_out_is_track_aa_index_01() {
    assert_q(
        1350,
        [
            0x01, 0xAA, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x26, 0x59,
        ],
    );
}

#[test]
fn data_track_has_control_4() {
    let q = Disc::builtin().q_channel(16);

    assert_eq!(
        q[..10],
        [0x41, 0x01, 0x01, 0x00, 0x00, 0x16, 0x00, 0x00, 0x02, 0x16]
    );
    assert_eq!(q[10..], crc_from_spec(&q[..10]));
}

#[test]
fn mcn_frame_is_recorded_at_absolute_frame_10_of_each_hundred() {
    // LBA 560 = 00:09:35 = absolute frame 710.
    let q = Disc::builtin().q_channel_recorded(560);

    assert_eq!(
        q,
        [0x22, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x80, 0x00, 0x35, 0x4A, 0xD5]
    );
    assert_eq!(q[10..], crc_from_spec(&q[..10]));
}

#[test]
fn isrc_frame_is_recorded_at_absolute_frame_60_of_each_hundred() {
    // XYCDF2500002: X=0x28 Y=0x29 C=0x13 D=0x14 F=0x16 in 6 bits, 00,
    // then 2 5 0 0 0 0 2 in BCD, 0000, AFRAME 60.
    let q = Disc::builtin().q_channel_recorded(510);

    assert_eq!(
        q,
        [0x23, 0xA2, 0x94, 0xD4, 0x58, 0x25, 0x00, 0x00, 0x20, 0x60, 0xDA, 0x91]
    );
    assert_eq!(q[10..], crc_from_spec(&q[..10]));
}

#[test]
fn no_isrc_frame_in_a_pregap() {
    // LBA 410 is absolute frame 560, in track 2's pregap.
    let disc = Disc::builtin();

    assert_eq!(disc.q_channel_recorded(410), disc.q_channel(410));
}

#[test]
fn raw_pw_carries_p_in_the_pregap_and_q_bit_by_bit() {
    let disc = Disc::builtin();

    let pw = disc.subchannel_pw(300);

    let q = disc.q_channel_recorded(300);
    assert!(pw.iter().all(|b| b >> 7 == 1), "P");
    assert!(pw.iter().map(|b| b & 0x3F).all(|rw| rw == 0), "R-W");
    let rebuilt: Vec<u8> = pw
        .chunks(8)
        .map(|c| c.iter().fold(0, |acc, b| (acc << 1) | (b >> 6 & 1)))
        .collect();
    assert_eq!(rebuilt, q);
}

#[test]
fn raw_pw_has_p_clear_inside_a_track() {
    let pw = Disc::builtin().subchannel_pw(builtin::TRACK2_START + 1);

    assert!(pw.iter().all(|b| b & 0x80 == 0));
}

#[test]
fn raw_pw_has_p_set_in_the_lead_out() {
    let pw = Disc::builtin().subchannel_pw(builtin::LEADOUT + 5);

    assert!(pw.iter().all(|b| b & 0x80 == 0x80));
}

#[test]
fn areas_of_the_builtin_disc() {
    let disc = Disc::builtin();

    assert_eq!(disc.area(0), Area::Program { track: 1, index: 1 });
    assert_eq!(disc.area(300), Area::Program { track: 2, index: 0 });
    assert_eq!(disc.area(824), Area::Program { track: 3, index: 1 });
    assert_eq!(disc.area(825), Area::Program { track: 3, index: 2 });
    assert_eq!(disc.area(1000), Area::Program { track: 4, index: 0 });
    assert_eq!(
        disc.area(1400),
        Area::LeadOut {
            session: 1,
            offset: 50
        }
    );
}
