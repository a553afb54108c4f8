//! Primary commands of the simulated drive: INQUIRY, REQUEST SENSE, START
//! STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, RESERVE/RELEASE, SYNCHRONIZE
//! CACHE, MECHANISM STATUS, unknown opcodes.

mod sim_support;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::sim::SimConfig;
use sim_support::*;

const INQUIRY_36: [u8; 6] = [0x12, 0, 0, 0, 36, 0];

#[test]
fn inquiry_standard_data_is_the_36_byte_fixture() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &INQUIRY_36, 36);

    let mut expected = vec![0x05, 0x80, 0x05, 0x02, 31, 0, 0, 0];
    expected.extend_from_slice(b"CDFILTER");
    expected.extend_from_slice(b"SIMULATED CD-RW ");
    expected.extend_from_slice(b"1.0 ");
    assert_eq!(data, expected);
}

#[test]
fn inquiry_answers_without_medium() {
    let mut d = empty();

    let (r, _) = data_in(&mut d, &INQUIRY_36, 36);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 36));
}

#[test]
fn inquiry_strings_are_configurable_and_padded() {
    let config = SimConfig {
        vendor: "ACME".into(),
        product: "CD-9000".into(),
        revision: "2".into(),
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(10));

    let data = answer(&mut d, &INQUIRY_36, 36);

    assert_eq!(&data[8..36], b"ACME    CD-9000         2   ");
}

#[test]
fn inquiry_96_bytes_reports_additional_length_91() {
    let config = SimConfig {
        inquiry_length: 96,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(10));

    let short = answer(&mut d, &INQUIRY_36, 36);
    let (r, full) = data_in(&mut d, &[0x12, 0, 0, 0, 96, 0], 96);

    assert_eq!(short[4], 91);
    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 96));
    assert_eq!(full[..36], short[..]);
}

#[test]
fn inquiry_allocation_length_is_honoured() {
    let mut d = drive(iso(10));

    let (r, buf) = data_in(&mut d, &[0x12, 0, 0, 0, 5, 0], 36);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::DATA_OVERRUN, 5));
    assert_eq!(&buf[..6], &[0x05, 0x80, 0x05, 0x02, 31, 0xA5]);
}

#[test]
fn inquiry_vpd_supported_pages() {
    let mut d = drive(iso(10));

    let data = answer(&mut d, &[0x12, 0x01, 0x00, 0, 255, 0], 6);

    assert_eq!(data, [0x05, 0x00, 0x00, 0x02, 0x00, 0x80]);
}

#[test]
fn inquiry_vpd_serial_number() {
    let mut d = drive(iso(10));

    let data = answer(&mut d, &[0x12, 0x01, 0x80, 0, 255, 0], 14);

    assert_eq!(data, b"\x05\x80\x00\x0ASIM0000001");
}

#[test]
fn inquiry_unknown_vpd_page_is_invalid_field() {
    let mut d = drive(iso(10));

    let (r, _) = data_in(&mut d, &[0x12, 0x01, 0x83, 0, 255, 0], 255);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn inquiry_page_code_without_evpd_is_invalid_field() {
    let mut d = drive(iso(10));

    let (r, _) = data_in(&mut d, &[0x12, 0x00, 0x80, 0, 36, 0], 36);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn unknown_opcode_is_invalid_command_operation_code() {
    let mut d = drive(iso(10));

    let r = no_data(&mut d, &[0xF7, 0, 0, 0, 0, 0]);

    assert_eq!(sense(&r), (5, 0x20, 0));
    assert_eq!(
        &r.sense_bytes()[..14],
        &[0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0]
    );
}

#[test]
fn request_sense_returns_the_last_check_condition_once() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0xF7, 0, 0, 0, 0, 0]);

    let first = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);
    let second = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);

    assert_eq!(
        first,
        [0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0]
    );
    assert_eq!(
        second,
        [0x70, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
}

#[test]
fn request_sense_is_cleared_by_a_good_command() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0xF7, 0, 0, 0, 0, 0]);
    no_data(&mut d, &TUR);

    let s = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);

    assert_eq!((s[2], s[12], s[13]), (0, 0, 0));
}

#[test]
fn request_sense_reports_no_medium_without_failing() {
    let mut d = empty();

    let (r, s) = data_in(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!((s[2], s[12], s[13]), (2, 0x3A, 0));
}

#[test]
fn request_sense_descriptor_format_is_invalid_field() {
    let mut d = drive(iso(10));

    let (r, _) = data_in(&mut d, &[0x03, 0x01, 0, 0, 18, 0], 18);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn eject_while_prevented_is_medium_removal_prevented() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0x1E, 0, 0, 0, 0x01, 0]);

    let r = no_data(&mut d, &[0x1B, 0, 0, 0, 0x02, 0]);

    assert_eq!(sense(&r), (5, 0x53, 0x02));
    assert!(!d.is_tray_open());
}

#[test]
fn eject_after_allow_opens_the_tray() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0x1E, 0, 0, 0, 0x01, 0]);
    no_data(&mut d, &[0x1E, 0, 0, 0, 0x00, 0]);

    let r = no_data(&mut d, &[0x1B, 0, 0, 0, 0x02, 0]);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert!(d.is_tray_open());
    assert_eq!(sense(&no_data(&mut d, &TUR)), (2, 0x3A, 0x02));
}

#[test]
fn persistent_prevent_also_blocks_eject() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0x1E, 0, 0, 0, 0x03, 0]);

    let r = no_data(&mut d, &[0x1B, 0, 0, 0, 0x02, 0]);

    assert_eq!(sense(&r), (5, 0x53, 0x02));
}

#[test]
fn load_closes_the_tray_and_spins_up() {
    let mut d = drive(iso(10));
    no_data(&mut d, &[0x1B, 0, 0, 0, 0x02, 0]);

    let r = no_data(&mut d, &[0x1B, 0, 0, 0, 0x03, 0]);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!(sense(&no_data(&mut d, &TUR)), (2, 0x04, 0x01));
}

#[test]
fn stop_unit_keeps_the_medium() {
    let mut d = drive(iso(10));

    let r = no_data(&mut d, &[0x1B, 0x01, 0, 0, 0x00, 0]);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!(no_data(&mut d, &TUR).srb_status, SrbStatus::SUCCESS);
}

#[test]
fn start_unit_without_medium_is_not_ready() {
    let mut d = empty();

    let r = no_data(&mut d, &[0x1B, 0, 0, 0, 0x01, 0]);

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

#[test]
fn reserve_release_and_synchronize_cache_succeed() {
    let mut d = drive(iso(10));

    let results = [
        no_data(&mut d, &[0x16, 0, 0, 0, 0, 0]).srb_status,
        no_data(&mut d, &[0x17, 0, 0, 0, 0, 0]).srb_status,
        no_data(&mut d, &[0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0]).srb_status,
        no_data(&mut d, &[0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0]).srb_status,
        no_data(&mut d, &[0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0]).srb_status,
    ];

    assert_eq!(results, [SrbStatus::SUCCESS; 5]);
}

#[test]
fn mechanism_status_reports_an_open_door() {
    let mut d = drive(iso(10));
    d.open_tray();

    let data = answer(&mut d, &[0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0], 8);

    assert_eq!(data, [0, 0x10, 0, 0, 0, 0, 0, 0]);
}
