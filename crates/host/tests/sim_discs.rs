//! The drive over the disc model's real images: the built-in disc, an ISO
//! and BIN/CUE sets (exported and hand-written).

mod sim_support;

use std::fs;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::disc::sector::{encode_mode1, encode_mode2_form1, write_header, RAW_LEN};
use cdfilter_host::disc::Disc;
use cdfilter_host::sim::{SimConfig, SimDrive};
use sim_support::*;

const TOC_LBA: [u8; 10] = [0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0];

fn raw(disc: &Disc, lba: u32) -> Vec<u8> {
    let mut out = [0u8; RAW_LEN];
    disc.read_main(lba, &mut out).expect("sector");
    out.to_vec()
}

#[test]
fn builtin_disc_toc() {
    let mut d = SimDrive::with_builtin_disc();

    let toc = answer(&mut d, &TOC_LBA, 804);

    assert_eq!(
        toc,
        [
            0x00, 0x2A, 0x01, 0x04, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x01, 0xC2, //
            0x00, 0x11, 0x03, 0x00, 0x00, 0x00, 0x02, 0xEE, //
            0x00, 0x10, 0x04, 0x00, 0x00, 0x00, 0x04, 0x1A, //
            0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x05, 0x46,
        ]
    );
}

#[test]
fn builtin_disc_capacity() {
    let mut d = SimDrive::with_builtin_disc();

    let data = answer(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8);

    assert_eq!(data, [0x00, 0x00, 0x05, 0x45, 0x00, 0x00, 0x08, 0x00]);
}

#[test]
fn builtin_disc_primary_volume_descriptor_by_read10() {
    let mut d = SimDrive::with_builtin_disc();

    let pvd = answer(&mut d, &read10(16, 1), 2048);

    assert_eq!(pvd[..6], *b"\x01CD001");
}

#[test]
fn builtin_disc_raw_data_and_audio_sectors_are_the_disc_main_channel() {
    let mut d = SimDrive::with_builtin_disc();
    let disc = Disc::builtin();

    let data = answer(&mut d, &read_cd(16, 1, 2, 0xF8, 0), 2352);
    let audio = answer(&mut d, &read_cd(500, 1, 1, 0xF0, 0), 2352);

    assert_eq!(data, raw(&disc, 16));
    assert_eq!(audio, raw(&disc, 500));
}

#[test]
fn builtin_disc_raw_subchannel_is_the_disc_p_to_w() {
    let mut d = SimDrive::with_builtin_disc();
    let disc = Disc::builtin();

    // LBA 310: track 2's pregap (P set); 460: MCN frame slot (460 + 150
    // ends in 10); 860: the ISRC slot of track 3.
    let got: Vec<Vec<u8>> = [310u32, 460, 860]
        .iter()
        .map(|&lba| answer(&mut d, &read_cd(lba, 1, 1, 0xF0, 0x01), 2448)[2352..].to_vec())
        .collect();

    let want: Vec<Vec<u8>> = [310u32, 460, 860]
        .iter()
        .map(|&lba| disc.subchannel_pw(lba).to_vec())
        .collect();
    assert_eq!(got, want);
}

#[test]
fn builtin_disc_formatted_q_at_the_start_of_track_2() {
    let mut d = SimDrive::with_builtin_disc();

    let q = answer(&mut d, &read_cd(450, 1, 1, 0x00, 0x02), 16);

    // Control DCP / ADR 1 (as recorded: control in the high nibble),
    // track 02, index 01, relative 00:00:00, absolute 00:08:00 (BCD), CRC,
    // four pad bytes.
    assert_eq!(
        q[..10],
        [0x21, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00]
    );
    assert_eq!(q[12..], [0, 0, 0, 0]);
    assert_eq!(q[..12], Disc::builtin().q_channel(450));
}

#[test]
fn builtin_disc_formatted_q_carries_the_mcn_frame() {
    let mut d = SimDrive::with_builtin_disc();

    let q = answer(&mut d, &read_cd(460, 1, 1, 0x00, 0x02), 16);

    assert_eq!(q[0] & 0x0F, 0x02);
    assert_eq!(q[..12], Disc::builtin().q_channel_recorded(460));
}

#[test]
fn builtin_disc_r_to_w_is_empty() {
    let mut d = SimDrive::with_builtin_disc();

    let rw = answer(&mut d, &read_cd(500, 1, 1, 0x00, 0x04), 96);

    assert_eq!(rw, [0u8; 96]);
}

#[test]
fn builtin_disc_cd_text_packs() {
    let mut d = SimDrive::with_builtin_disc();
    let packs = Disc::builtin().cdtext_packs();

    let text = answer(&mut d, &[0x43, 0, 5, 0, 0, 0, 0, 0xFF, 0xFE, 0], 0xFFFE);

    let length = (packs.len() * 18 + 2) as u16;
    assert!(!packs.is_empty());
    assert_eq!(text[..4], [(length >> 8) as u8, length as u8, 0, 0]);
    assert_eq!(text[4..], packs.concat());
}

#[test]
fn builtin_disc_full_toc_points() {
    let mut d = SimDrive::with_builtin_disc();

    let toc = answer(&mut d, &[0x43, 0, 2, 0, 0, 0, 1, 0x03, 0x24, 0], 804);

    let points: Vec<u8> = toc[4..].chunks(11).map(|c| c[3]).collect();
    assert_eq!(points, [0xA0, 0xA1, 0xA2, 1, 2, 3, 4]);
    // A2: lead-out 1350 + 150 = 1500 frames = 00:20:00.
    assert_eq!(toc[4 + 2 * 11 + 8..4 + 3 * 11], [0x00, 0x14, 0x00]);
}

#[test]
fn builtin_disc_audio_is_not_cooked_readable() {
    let mut d = SimDrive::with_builtin_disc();

    let (r, _) = data_in(&mut d, &read10(450, 1), 2048);

    assert_eq!(sense(&r), (5, 0x64, 0));
}

#[test]
fn iso_image_raw_sector_is_a_real_mode1_sector() {
    let mut bytes = vec![0u8; 100 * 2048];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (i / 7) as u8;
    }
    let user: [u8; 2048] = bytes[20 * 2048..21 * 2048].try_into().unwrap();
    let mut expected = [0u8; RAW_LEN];
    encode_mode1(20, &user, &mut expected);
    let mut d = drive(Disc::from_iso_bytes(bytes).unwrap());

    let sector = answer(&mut d, &read_cd(20, 1, 2, 0xF8, 0), 2352);
    let cooked = answer(&mut d, &read10(20, 1), 2048);
    let toc = answer(&mut d, &TOC_LBA, 804);

    assert_eq!(sector, expected);
    assert_eq!(cooked, user);
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
fn exported_bin_cue_of_the_builtin_disc_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (bin, cue) = (dir.path().join("disc.bin"), dir.path().join("disc.cue"));
    Disc::builtin().export_bin_cue(&bin, &cue).unwrap();
    let mut from_cue = drive(Disc::open(&cue).unwrap());
    let mut builtin = SimDrive::with_builtin_disc();

    let cdbs: [&[u8]; 4] = [
        &TOC_LBA,
        &[0x43, 0, 2, 0, 0, 0, 1, 0x03, 0x24, 0],
        &read_cd(16, 2, 0, 0xF8, 0x01),
        &read_cd(449, 3, 1, 0xF8, 0x01),
    ];

    for cdb in cdbs {
        assert_eq!(
            answer(&mut from_cue, cdb, 8000),
            answer(&mut builtin, cdb, 8000),
            "{cdb:02X?}"
        );
    }
}

/// A hand-written cue: track 1 MODE2/2352 of 20 sectors (10 Form 1, then
/// 10 Form 2), track 2 AUDIO with FLAGS DCP and a 2-second PREGAP, 30
/// sectors from the file.
fn xa_cue() -> (tempfile::TempDir, Disc) {
    let dir = tempfile::tempdir().unwrap();
    let mut bin = Vec::new();
    for lba in 0..20u32 {
        let mut s = [0u8; RAW_LEN];
        if lba < 10 {
            encode_mode2_form1(lba, [1, 0, 0x08, 0], &[lba as u8; 2048], &mut s);
        } else {
            write_header(&mut s, lba, 2);
            s[16..24].copy_from_slice(&[1, 0, 0x20, 0, 1, 0, 0x20, 0]);
            s[24..2348].fill(lba as u8);
        }
        bin.extend_from_slice(&s);
    }
    bin.extend((0..30 * RAW_LEN).map(|i| (i % 251) as u8));
    fs::write(dir.path().join("XA.BIN"), bin).unwrap();
    let cue = "FILE \"XA.BIN\" BINARY\n\
               \x20 TRACK 01 MODE2/2352\n\
               \x20   INDEX 01 00:00:00\n\
               \x20 TRACK 02 AUDIO\n\
               \x20   FLAGS DCP\n\
               \x20   PREGAP 00:02:00\n\
               \x20   INDEX 01 00:00:20\n";
    let path = dir.path().join("xa.cue");
    fs::write(&path, cue).unwrap();
    let disc = Disc::open(&path).unwrap();
    (dir, disc)
}

#[test]
fn hand_written_cue_toc() {
    let (_dir, disc) = xa_cue();
    let mut d = drive(disc);

    let toc = answer(&mut d, &TOC_LBA, 804);

    assert_eq!(
        toc,
        [
            0x00, 0x1A, 0x01, 0x02, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x00, 0xAA, //
            0x00, 0x12, 0xAA, 0x00, 0x00, 0x00, 0x00, 0xC8,
        ]
    );
}

#[test]
fn hand_written_cue_xa_forms_come_from_the_sectors() {
    let (_dir, disc) = xa_cue();
    let mut d = drive(disc);

    let form1 = data_in(&mut d, &read_cd(5, 1, 4, 0x10, 0), 2352).0;
    let form2 = data_in(&mut d, &read_cd(15, 1, 5, 0x10, 0), 2352).0;
    let form1_on_form2 = data_in(&mut d, &read_cd(15, 1, 4, 0x10, 0), 2352).0;
    let cooked_form1 = answer(&mut d, &read10(5, 1), 2048);
    let cooked_form2 = data_in(&mut d, &read10(15, 1), 2048).0;

    assert_eq!(form1.transferred, 2048);
    assert_eq!(form2.transferred, 2328);
    assert_eq!(sense(&form1_on_form2), (5, 0x64, 0));
    assert_eq!(cooked_form1, [5u8; 2048]);
    assert_eq!(sense(&cooked_form2), (5, 0x64, 0));
}

#[test]
fn hand_written_cue_is_an_xa_disc() {
    let (_dir, disc) = xa_cue();
    let mut d = drive(disc);

    let info = answer(&mut d, &[0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0], 34);
    let full = answer(&mut d, &[0x43, 0, 2, 0, 0, 0, 1, 0x03, 0x24, 0], 804);

    assert_eq!(info[8], 0x20);
    assert_eq!(full[4 + 8..4 + 11], [0x01, 0x20, 0x00]);
}

#[test]
fn hand_written_cue_pregap_is_audio_silence_readable_by_read_cd() {
    let (_dir, disc) = xa_cue();
    let mut d = drive(disc);

    let (r, _) = data_in(&mut d, &read_cd(20, 150, 1, 0x10, 0), 65535);

    assert_eq!(
        (r.srb_status, r.transferred),
        (SrbStatus::DATA_OVERRUN, 65535)
    );
}

#[test]
fn media_change_to_a_real_image_runs_the_full_sequence() {
    let config = SimConfig {
        becoming_ready_turs: 1,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, None);

    d.insert(Disc::builtin());
    let first = sense(&no_data(&mut d, &TUR));
    let second = sense(&no_data(&mut d, &TUR));
    let third = no_data(&mut d, &TUR);

    assert_eq!(first, (2, 0x04, 0x01));
    assert_eq!(second, (6, 0x28, 0x00));
    assert_eq!(third.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn default_drive_holds_the_built_in_disc_ready() {
    let mut d = SimDrive::default();

    let tur = no_data(&mut d, &TUR);
    let capacity = answer(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8);

    assert_eq!(tur.srb_status, SrbStatus::SUCCESS);
    assert_eq!(capacity[..4], [0x00, 0x00, 0x05, 0x45]);
}
