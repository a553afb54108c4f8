//! READ TOC/PMA/ATIP, READ DISC INFORMATION and READ TRACK INFORMATION
//! from literal byte fixtures.

mod sim_support;

use cdfilter_host::sim::{Profile, SimConfig};
use sim_support::*;

/// READ TOC with MSF bit, format, track/session number, allocation 804.
fn read_toc(msf: bool, format: u8, number: u8) -> [u8; 10] {
    [
        0x43,
        if msf { 0x02 } else { 0 },
        format,
        0,
        0,
        0,
        number,
        0x03,
        0x24,
        0,
    ]
}

#[test]
fn toc_of_an_iso_in_lba() {
    let mut d = drive(iso(100));

    let toc = answer(&mut d, &read_toc(false, 0, 0), 804);

    assert_eq!(
        toc,
        [
            0x00, 0x12, 0x01, 0x01, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x14, 0xAA, 0x00, 0x00, 0x00, 0x00, 0x64,
        ]
    );
}

#[test]
fn toc_of_an_iso_in_msf() {
    let mut d = drive(iso(100));

    let toc = answer(&mut d, &read_toc(true, 0, 0), 804);

    assert_eq!(
        toc,
        [
            0x00, 0x12, 0x01, 0x01, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, //
            0x00, 0x14, 0xAA, 0x00, 0x00, 0x00, 0x03, 0x19,
        ]
    );
}

#[test]
fn toc_of_a_cue_with_pregap_and_flags_in_lba() {
    let mut d = drive(cue());

    let toc = answer(&mut d, &read_toc(false, 0, 0), 804);

    assert_eq!(
        toc,
        [
            0x00, 0x22, 0x01, 0x03, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x13, 0x02, 0x00, 0x00, 0x00, 0x01, 0xC2, //
            0x00, 0x10, 0x03, 0x00, 0x00, 0x00, 0x02, 0xEE, //
            0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x04, 0x1A,
        ]
    );
}

#[test]
fn toc_of_a_cue_in_msf() {
    let mut d = drive(cue());

    let toc = answer(&mut d, &read_toc(true, 0, 0), 804);

    assert_eq!(
        toc[4..],
        [
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, //
            0x00, 0x13, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, //
            0x00, 0x10, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00, //
            0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x10, 0x00,
        ]
    );
}

#[test]
fn toc_from_a_starting_track_keeps_the_disc_first_and_last() {
    let mut d = drive(cue());

    let toc = answer(&mut d, &read_toc(false, 0, 2), 804);

    assert_eq!(toc[..4], [0x00, 0x1A, 0x01, 0x03]);
    assert_eq!(toc[6], 0x02);
    assert_eq!(toc.len(), 28);
}

#[test]
fn toc_from_track_aa_is_the_lead_out_only() {
    let mut d = drive(cue());

    let toc = answer(&mut d, &read_toc(false, 0, 0xAA), 804);

    assert_eq!(
        toc,
        [0x00, 0x0A, 0x01, 0x03, 0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x04, 0x1A]
    );
}

#[test]
fn toc_from_a_track_past_the_last_is_invalid_field() {
    let mut d = drive(cue());

    let (r, _) = data_in(&mut d, &read_toc(false, 0, 4), 804);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn toc_allocation_length_cuts_the_answer_but_not_its_length_field() {
    let mut d = drive(cue());
    let mut cdb = read_toc(false, 0, 0);
    cdb[7..9].copy_from_slice(&[0, 12]);

    let toc = answer(&mut d, &cdb, 804);

    assert_eq!(
        toc,
        [0x00, 0x22, 0x01, 0x03, 0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]
    );
}

#[test]
fn toc_of_two_sessions_ends_with_the_last_lead_out() {
    let mut d = drive(multisession());

    let toc = answer(&mut d, &read_toc(false, 0, 0), 804);

    assert_eq!(toc[..4], [0x00, 0x22, 0x01, 0x03]);
    assert_eq!(
        toc[20..28],
        [0x00, 0x14, 0x03, 0x00, 0x00, 0x00, 0x2C, 0x88]
    );
    assert_eq!(toc[28..], [0x00, 0x14, 0xAA, 0x00, 0x00, 0x00, 0x2D, 0xB4]);
}

#[test]
fn session_info_of_a_single_session_disc() {
    let mut d = drive(cue());

    let info = answer(&mut d, &read_toc(false, 1, 0), 804);

    assert_eq!(
        info,
        [0x00, 0x0A, 0x01, 0x01, 0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]
    );
}

#[test]
fn session_info_names_the_first_track_of_the_last_session() {
    let mut d = drive(multisession());

    let lba = answer(&mut d, &read_toc(false, 1, 0), 804);
    let msf = answer(&mut d, &read_toc(true, 1, 0), 804);

    assert_eq!(
        lba,
        [0x00, 0x0A, 0x01, 0x02, 0x00, 0x14, 0x03, 0x00, 0x00, 0x00, 0x2C, 0x88]
    );
    // LBA 11400 + 150 = 11550 frames = 02:34:00.
    assert_eq!(msf[8..], [0x00, 0x02, 0x22, 0x00]);
}

#[test]
fn full_toc_of_a_cue() {
    let mut d = drive(cue());

    let toc = answer(&mut d, &read_toc(false, 2, 1), 804);

    assert_eq!(
        toc,
        [
            0x00, 0x44, 0x01, 0x01, //
            0x01, 0x14, 0x00, 0xA0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, //
            0x01, 0x10, 0x00, 0xA1, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, //
            0x01, 0x10, 0x00, 0xA2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, //
            0x01, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, //
            0x01, 0x13, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, //
            0x01, 0x10, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x00,
        ]
    );
}

#[test]
fn full_toc_of_two_sessions_has_points_per_session() {
    let mut d = drive(multisession());

    let toc = answer(&mut d, &read_toc(false, 2, 0), 804);

    let points: Vec<(u8, u8)> = toc[4..].chunks(11).map(|c| (c[0], c[3])).collect();
    assert_eq!(toc[..4], [0x00, 0x65, 0x01, 0x02]);
    assert_eq!(
        points,
        [
            (1, 0xA0),
            (1, 0xA1),
            (1, 0xA2),
            (1, 1),
            (1, 2),
            (2, 0xA0),
            (2, 0xA1),
            (2, 0xA2),
            (2, 3)
        ]
    );
    // Session 1 lead-out at LBA 600 = 00:10:00; session 2 A0: first track
    // 3, disc type CD-ROM XA.
    assert_eq!(toc[4 + 2 * 11 + 8..4 + 3 * 11], [0x00, 0x0A, 0x00]);
    assert_eq!(toc[4 + 5 * 11 + 8..4 + 6 * 11], [0x03, 0x20, 0x00]);
}

#[test]
fn full_toc_from_session_two() {
    let mut d = drive(multisession());

    let toc = answer(&mut d, &read_toc(false, 2, 2), 804);

    assert_eq!(toc.len(), 4 + 4 * 11);
    assert_eq!(toc[4], 2);
}

#[test]
fn full_toc_from_a_missing_session_is_invalid_field() {
    let mut d = drive(multisession());

    let (r, _) = data_in(&mut d, &read_toc(false, 2, 3), 804);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn pma_and_atip_need_a_recordable_profile() {
    let mut d = drive(cue());

    let pma = data_in(&mut d, &read_toc(false, 3, 0), 804).0;
    let atip = data_in(&mut d, &read_toc(false, 4, 0), 804).0;

    assert_eq!(sense(&pma), (5, 0x24, 0));
    assert_eq!(sense(&atip), (5, 0x24, 0));
}

#[test]
fn pma_of_a_finalised_cd_r_is_empty() {
    let mut d = writer(Profile::CdR, cue());

    let pma = answer(&mut d, &read_toc(false, 3, 0), 804);

    assert_eq!(pma, [0x00, 0x02, 0x00, 0x00]);
}

#[test]
fn atip_of_a_cd_rw() {
    let mut d = writer(Profile::CdRw, cue());

    let atip = answer(&mut d, &read_toc(false, 4, 0), 804);

    let mut expected = vec![0x00, 0x1A, 0x00, 0x00];
    expected.extend_from_slice(&[0x85, 0x40, 0xC0, 0x00]);
    expected.extend_from_slice(&[0x61, 0x1A, 0x42, 0x00, 0x4F, 0x3B, 0x4A, 0x00]);
    expected.extend_from_slice(&[0; 12]);
    assert_eq!(atip, expected);
}

#[test]
fn cd_text_of_a_disc_without_text_is_the_header() {
    let mut d = drive(iso(100));

    let text = answer(&mut d, &read_toc(false, 5, 0), 804);

    assert_eq!(text, [0x00, 0x02, 0x00, 0x00]);
}

#[test]
fn cd_text_without_the_capability_is_invalid_field() {
    let config = SimConfig {
        cd_text: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let (r, _) = data_in(&mut d, &read_toc(false, 5, 0), 804);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn unknown_toc_format_is_invalid_field() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &read_toc(false, 6, 0), 804);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn toc_without_medium_is_not_ready() {
    let mut d = empty();

    let (r, _) = data_in(&mut d, &read_toc(false, 0, 0), 804);

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

const DISC_INFO: [u8; 10] = [0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0];

#[test]
fn disc_information_of_a_pressed_cd() {
    let mut d = drive(cue());

    let info = answer(&mut d, &DISC_INFO, 34);

    let mut expected = vec![0x00, 0x20, 0x0E, 0x01, 0x01, 0x01, 0x03, 0x00];
    expected.extend_from_slice(&[0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0]);
    expected.extend_from_slice(&[0xFF; 8]);
    expected.extend_from_slice(&[0; 10]);
    assert_eq!(info, expected);
}

#[test]
fn disc_information_of_a_multisession_cd_rw() {
    let mut d = writer(Profile::CdRw, multisession());

    let info = answer(&mut d, &DISC_INFO, 34);

    assert_eq!(
        info[..12],
        [0x00, 0x20, 0x1E, 0x01, 0x02, 0x03, 0x03, 0x20, 0x20, 0x00, 0x00, 0x00]
    );
}

#[test]
fn disc_information_other_data_types_are_invalid_field() {
    let mut d = drive(cue());

    let (r, _) = data_in(&mut d, &[0x51, 0x01, 0, 0, 0, 0, 0, 0, 34, 0], 34);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

/// READ TRACK INFORMATION by type and value, allocation 36.
fn track_info(kind: u8, value: u32) -> [u8; 10] {
    let v = value.to_be_bytes();
    [0x52, kind, v[0], v[1], v[2], v[3], 0, 0, 36, 0]
}

#[test]
fn track_information_of_an_audio_track() {
    let mut d = drive(cue());

    let info = answer(&mut d, &track_info(1, 2), 36);

    assert_eq!(
        info,
        [
            0x00, 0x22, 0x02, 0x01, 0x00, 0x03, 0x0F, 0x00, //
            0x00, 0x00, 0x01, 0xC2, 0, 0, 0, 0, //
            0, 0, 0, 0, 0, 0, 0, 0, //
            0x00, 0x00, 0x01, 0x2C, 0x00, 0x00, 0x02, 0xED, //
            0, 0, 0, 0,
        ]
    );
}

#[test]
fn track_information_by_lba_and_by_session() {
    let mut d = drive(multisession());

    let by_lba = answer(&mut d, &track_info(0, 11500), 36);
    let by_session = answer(&mut d, &track_info(2, 2), 36);

    assert_eq!(by_lba[2..7], [3, 2, 0, 0x04, 0x02]);
    assert_eq!(by_lba, by_session);
}

#[test]
fn track_information_of_a_missing_track_is_invalid_field() {
    let mut d = drive(cue());

    let missing = data_in(&mut d, &track_info(1, 9), 36).0;
    let reserved = data_in(&mut d, &track_info(3, 1), 36).0;

    assert_eq!(sense(&missing), (5, 0x24, 0));
    assert_eq!(sense(&reserved), (5, 0x24, 0));
}
