//! MODE SENSE(6)/(10) and MODE SELECT(10).

mod sim_support;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::sim::{Profile, SimConfig};
use sim_support::*;

fn sense10(dbd: bool, pc: u8, page: u8) -> [u8; 10] {
    let b1 = if dbd { 0x08 } else { 0 };
    [0x5A, b1, pc << 6 | page, 0, 0, 0, 0, 0x00, 0xFF, 0]
}

fn sense6(dbd: bool, pc: u8, page: u8) -> [u8; 6] {
    let b1 = if dbd { 0x08 } else { 0 };
    [0x1A, b1, pc << 6 | page, 0, 0xFF, 0]
}

/// Page 0x2A of the default CD-ROM drive.
const CAPABILITIES: [u8; 32] = [
    0x2A, 0x1E, 0x07, 0x00, 0x71, 0x7F, 0x29, 0x03, //
    0x1B, 0x90, 0x01, 0x00, 0x08, 0x00, 0x1B, 0x90, //
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

#[test]
fn capabilities_page_with_mode_sense10() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense10(true, 0, 0x2A), 255);

    let expected = [&[0x00, 0x26, 0, 0, 0, 0, 0x00, 0x00][..], &CAPABILITIES].concat();
    assert_eq!(data, expected);
}

#[test]
fn capabilities_page_follows_c2_subcode_and_lock() {
    let config = SimConfig {
        c2_pointers: false,
        subchannel: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));
    no_data(&mut d, &[0x1E, 0, 0, 0, 1, 0]);

    let data = answer(&mut d, &sense10(true, 0, 0x2A), 255);

    assert_eq!(data[8 + 5], 0x63);
    assert_eq!(data[8 + 6], 0x2B);
}

#[test]
fn capabilities_page_of_a_cd_rw_writer_has_write_speeds() {
    let config = SimConfig {
        profile: Profile::CdRw,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let data = answer(&mut d, &sense10(true, 0, 0x2A), 255);
    let page = &data[8..];

    assert_eq!(page[..4], [0x2A, 0x2E, 0x07, 0x07]);
    assert_eq!(page[18..22], [0x1B, 0x90, 0x1B, 0x90]);
    assert_eq!(page[28..32], [0x1B, 0x90, 0x00, 0x04]);
    assert_eq!(
        page[32..],
        [0, 0, 0x1B, 0x90, 0, 0, 0x10, 0x8A, 0, 0, 0x0B, 0x06, 0, 0, 0x02, 0xC2]
    );
}

#[test]
fn error_recovery_page_with_mode_sense6_has_a_block_descriptor() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense6(false, 0, 0x01), 255);

    assert_eq!(
        data,
        [
            0x17, 0x00, 0x00, 0x08, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, //
            0x01, 0x0A, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
        ]
    );
}

#[test]
fn mode_sense6_with_dbd_has_no_block_descriptor() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense6(true, 0, 0x01), 255);

    assert_eq!(data[..6], [0x0F, 0x00, 0x00, 0x00, 0x01, 0x0A]);
}

#[test]
fn mode_sense10_without_dbd_has_no_block_descriptor_by_default() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense10(false, 0, 0x0E), 255);

    assert_eq!(data[..10], [0x00, 0x16, 0, 0, 0, 0, 0x00, 0x00, 0x0E, 0x0E]);
}

#[test]
fn mode_sense10_block_descriptor_is_configurable() {
    let config = SimConfig {
        mode_sense10_block_descriptor: true,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let without_dbd = answer(&mut d, &sense10(false, 0, 0x0E), 255);
    let with_dbd = answer(&mut d, &sense10(true, 0, 0x0E), 255);

    assert_eq!(without_dbd[..8], [0x00, 0x1E, 0, 0, 0, 0, 0x00, 0x08]);
    assert_eq!(without_dbd[16..18], [0x0E, 0x0E]);
    assert_eq!(with_dbd[..8], [0x00, 0x16, 0, 0, 0, 0, 0x00, 0x00]);
}

#[test]
fn all_pages_in_order() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense10(true, 0, 0x3F), 255);

    assert_eq!(data[..2], [0x00, 0x42]);
    assert_eq!([data[8], data[20], data[36]], [0x01, 0x0E, 0x2A]);
    assert_eq!(data.len(), 8 + 12 + 16 + 32);
}

#[test]
fn changeable_capabilities_are_all_zero() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &sense10(true, 1, 0x2A), 255);

    assert_eq!(data[8..10], [0x2A, 0x1E]);
    assert_eq!(data[10..], [0u8; 30]);
}

#[test]
fn default_values_equal_current_values() {
    let mut d = drive(iso(100));

    let current = answer(&mut d, &sense10(true, 0, 0x2A), 255);
    let default = answer(&mut d, &sense10(true, 2, 0x2A), 255);

    assert_eq!(current, default);
}

#[test]
fn saved_values_are_not_supported() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &sense10(true, 3, 0x2A), 255);

    assert_eq!(sense(&r), (5, 0x39, 0));
}

#[test]
fn unknown_page_and_subpage_are_invalid_fields() {
    let mut d = drive(iso(100));
    let mut subpage = sense10(true, 0, 0x2A);
    subpage[3] = 1;

    let page = data_in(&mut d, &sense6(true, 0, 0x08), 255).0;
    let sub = data_in(&mut d, &subpage, 255).0;

    assert_eq!(sense(&page), (5, 0x24, 0));
    assert_eq!(sense(&sub), (5, 0x24, 0));
}

#[test]
fn mode_sense_works_without_medium() {
    let mut d = empty();

    let (r, _) = data_in(&mut d, &sense10(true, 0, 0x2A), 40);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 40));
}

#[test]
fn mode_sense_allocation_length_is_honoured() {
    let mut d = drive(iso(100));
    let mut cdb = sense10(true, 0, 0x2A);
    cdb[8] = 10;

    let data = answer(&mut d, &cdb, 10);

    assert_eq!(data, [0x00, 0x26, 0, 0, 0, 0, 0, 0, 0x2A, 0x1E]);
}

/// The MODE SELECT(10) the Windows driver sends for SET_VOLUME, with a
/// zeroed header.
const SELECT: [u8; 10] = [0x55, 0x10, 0, 0, 0, 0, 0, 0, 0x18, 0];

fn volume_list(header_length: u8) -> Vec<u8> {
    let mut v = vec![0, header_length, 0, 0, 0, 0, 0, 0];
    v.extend_from_slice(&[
        0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0, 0x01, 0x80, 0x02, 0x80, 0, 0, 0, 0,
    ]);
    v
}

#[test]
fn mode_select_of_the_audio_page_succeeds() {
    let mut d = drive(iso(100));

    let r = data_out(&mut d, &SELECT, &volume_list(0));

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn mode_select_with_a_mode_data_length_is_invalid_parameter() {
    // The sample's SET_VOLUME pitfall: the MODE SENSE header is sent back
    // unmodified, mode data length included.
    let mut d = drive(iso(100));

    let r = data_out(&mut d, &SELECT, &volume_list(0x16));

    assert_eq!(sense(&r), (5, 0x26, 0));
}

#[test]
fn mode_select_of_another_page_is_invalid_parameter() {
    let mut d = drive(iso(100));
    let mut list = vec![0u8; 8];
    list.extend_from_slice(&[0x01, 0x0A, 0, 5, 0, 0, 0, 0, 5, 0, 0, 0]);

    let r = data_out(&mut d, &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 20, 0], &list);

    assert_eq!(sense(&r), (5, 0x26, 0));
}

#[test]
fn mode_select_short_parameter_list_is_a_length_error() {
    let mut d = drive(iso(100));

    let r = data_out(&mut d, &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 4, 0], &[0; 4]);

    assert_eq!(sense(&r), (5, 0x1A, 0));
}

#[test]
fn mode_select_saving_pages_is_invalid_field() {
    let mut d = drive(iso(100));

    let r = data_out(
        &mut d,
        &[0x55, 0x11, 0, 0, 0, 0, 0, 0, 0x18, 0],
        &volume_list(0),
    );

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn mode_select_without_parameters_does_nothing() {
    let mut d = drive(iso(100));

    let r = no_data(&mut d, &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 0, 0]);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
}
