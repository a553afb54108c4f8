//! READ CAPACITY, READ(10), READ(12) and SEEK(10).

mod sim_support;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::disc::SectorKind;
use cdfilter_host::sim::SimConfig;
use sim_support::*;

const READ_CAPACITY: [u8; 10] = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];

fn read12(lba: u32, count: u32, streaming: bool) -> [u8; 12] {
    let l = lba.to_be_bytes();
    let c = count.to_be_bytes();
    let s = if streaming { 0x80 } else { 0 };
    [
        0xA8, 0, l[0], l[1], l[2], l[3], c[0], c[1], c[2], c[3], s, 0,
    ]
}

#[test]
fn read_capacity_of_an_iso() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &READ_CAPACITY, 8);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x08, 0x00]);
}

#[test]
fn read_capacity_of_two_sessions_ends_at_the_last_lead_out() {
    let mut d = drive(multisession());

    let data = answer(&mut d, &READ_CAPACITY, 8);

    assert_eq!(data, [0x00, 0x00, 0x2D, 0xB3, 0x00, 0x00, 0x08, 0x00]);
}

#[test]
fn read_capacity_lba_without_pmi_is_invalid_field() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &[0x25, 0, 0, 0, 0, 1, 0, 0, 0, 0], 8);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn read_capacity_without_medium_is_not_ready() {
    let mut d = empty();

    let (r, _) = data_in(&mut d, &READ_CAPACITY, 8);

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

#[test]
fn read10_returns_cooked_user_data() {
    let mut d = drive(iso(100));

    let (r, buf) = data_in(&mut d, &read10(7, 2), 4096);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 4096));
    assert_eq!(buf[..3], [7, 8, 9]);
    assert_eq!(buf[2047], (7 + 2047) as u8);
    assert_eq!(buf[2048..2051], [8, 9, 10]);
}

#[test]
fn read10_of_form1_sectors_skips_the_subheader() {
    let mut d = drive(every_kind());

    let data = answer(&mut d, &read10(30, 1), 2048);

    assert_eq!(data[..2], [30, 31]);
}

#[test]
fn read10_of_audio_is_illegal_mode_for_this_track() {
    let mut d = drive(cue());

    let (r, _) = data_in(&mut d, &read10(450, 1), 2048);

    assert_eq!(sense(&r), (5, 0x64, 0));
}

#[test]
fn read10_of_form2_and_formless_sectors_is_illegal_mode() {
    let mut d = drive(every_kind());

    let form2 = data_in(&mut d, &read10(40, 1), 2048).0;
    let formless = data_in(&mut d, &read10(20, 1), 2048).0;

    assert_eq!(sense(&form2), (5, 0x64, 0));
    assert_eq!(sense(&formless), (5, 0x64, 0));
}

#[test]
fn read10_across_into_audio_fails_on_the_audio_sector() {
    let mut d = drive(cue());

    let (r, _) = data_in(&mut d, &read10(299, 2), 4096);

    assert_eq!(sense(&r), (5, 0x64, 0));
}

#[test]
fn read10_past_the_end_is_lba_out_of_range() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &read10(99, 2), 4096);

    assert_eq!(sense(&r), (5, 0x21, 0));
}

#[test]
fn read10_outside_every_track_is_lba_out_of_range() {
    let mut d = drive(disc(
        vec![
            track(1, 1, SectorKind::Mode1, 0, 0, 10),
            track(2, 1, SectorKind::Mode1, 20, 20, 30),
        ],
        30,
        Synth::default(),
    ));

    let (r, _) = data_in(&mut d, &read10(12, 1), 2048);

    assert_eq!(sense(&r), (5, 0x21, 0));
}

#[test]
fn read10_of_the_last_sector_succeeds() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &read10(99, 1), 2048);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 2048));
}

#[test]
fn read10_into_a_shorter_buffer_is_an_overrun() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &read10(0, 2), 3000);

    assert_eq!(
        (r.srb_status, r.transferred),
        (SrbStatus::DATA_OVERRUN, 3000)
    );
}

#[test]
fn read12_reads_like_read10() {
    let mut d = drive(iso(100));

    let (r, buf) = data_in(&mut d, &read12(3, 1, false), 2048);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 2048));
    assert_eq!(buf[0], 3);
}

#[test]
fn read12_streaming_bit_is_accepted_with_streaming() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &read12(3, 1, true), 2048);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn read12_streaming_bit_without_streaming_is_invalid_field() {
    let config = SimConfig {
        streaming: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let (r, _) = data_in(&mut d, &read12(3, 1, true), 2048);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn read_during_spin_up_is_becoming_ready() {
    let mut d = empty();
    d.insert(iso(100));

    let (r, _) = data_in(&mut d, &read10(0, 1), 2048);

    assert_eq!(sense(&r), (2, 0x04, 0x01));
}

#[test]
fn seek_on_the_disc_succeeds_and_past_it_fails() {
    let mut d = drive(iso(100));

    let inside = no_data(&mut d, &[0x2B, 0, 0, 0, 0, 0x10, 0, 0, 0, 0]);
    let wrapped = no_data(&mut d, &[0x2B, 0, 0xFF, 0xFF, 0xFF, 0x6A, 0, 0, 0, 0]);

    assert_eq!(inside.srb_status, SrbStatus::SUCCESS);
    assert_eq!(sense(&wrapped), (5, 0x21, 0));
}
