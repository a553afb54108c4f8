//! SET CD SPEED, SET STREAMING, GET PERFORMANCE, SEND OPC INFORMATION, and
//! the medium gate in front of the audio commands.

mod sim_support;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::sim::{Profile, SimConfig, SimDrive};
use sim_support::*;

/// GET PERFORMANCE as the Windows driver builds it: tolerance 10b, the
/// given except/write bits, starting LBA, max descriptors, type.
fn get_performance(b1: u8, lba: u32, max: u16, kind: u8) -> [u8; 12] {
    let l = lba.to_be_bytes();
    let m = max.to_be_bytes();
    [0xAC, b1, l[0], l[1], l[2], l[3], 0, 0, m[0], m[1], kind, 0]
}

fn set_speed(rotation: u8, read: u16, write: u16) -> [u8; 12] {
    let r = read.to_be_bytes();
    let w = write.to_be_bytes();
    [0xBB, rotation, r[0], r[1], w[0], w[1], 0, 0, 0, 0, 0, 0]
}

const SET_STREAMING: [u8; 12] = [0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 28, 0];

/// A performance descriptor: flags byte, LBA range, read size/time.
fn performance(flags: u8, start: u32, end: u32, read_size: u32, read_time: u32) -> [u8; 28] {
    let mut d = [0u8; 28];
    d[0] = flags;
    d[4..8].copy_from_slice(&start.to_be_bytes());
    d[8..12].copy_from_slice(&end.to_be_bytes());
    d[12..16].copy_from_slice(&read_size.to_be_bytes());
    d[16..20].copy_from_slice(&read_time.to_be_bytes());
    d
}

#[test]
fn nominal_read_performance_of_an_iso() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_performance(0x10, 0, 1, 0), 24);

    assert_eq!(
        data,
        [
            0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1B, 0x90, //
            0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x1B, 0x90,
        ]
    );
}

#[test]
fn performance_exceptions_list_is_empty() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_performance(0x12, 0, 10, 0), 68);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00]);
}

#[test]
fn zero_max_descriptors_returns_the_header() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_performance(0x10, 0, 0, 0), 24);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00]);
}

#[test]
fn bad_performance_fields_are_invalid_fields() {
    let cdbs = [
        get_performance(0x00, 0, 1, 0), // tolerance 00b
        get_performance(0x13, 0, 1, 0), // except 11b
        get_performance(0x14, 0, 1, 0), // write performance on a reader
        get_performance(0x10, 0, 1, 1), // type 1 (unusable area)
        get_performance(0x10, 0, 1, 7), // reserved type
    ];

    let senses: Vec<_> = cdbs
        .iter()
        .map(|cdb| {
            let mut d = drive(iso(100));
            sense(&data_in(&mut d, cdb, 24).0)
        })
        .collect();

    assert_eq!(senses, [(5, 0x24, 0); 5]);
}

#[test]
fn performance_past_the_end_is_lba_out_of_range() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &get_performance(0x10, 100, 1, 0), 24);

    assert_eq!(sense(&r), (5, 0x21, 0));
}

#[test]
fn performance_without_medium_is_not_ready() {
    let mut d = empty();

    let (r, _) = data_in(&mut d, &get_performance(0x10, 0, 1, 0), 24);

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

#[test]
fn write_speed_descriptors_of_a_cd_r_writer() {
    let mut d = writer(Profile::CdR, iso(100));

    let data = answer(&mut d, &get_performance(0, 0, 2, 3), 40);

    assert_eq!(
        data,
        [
            0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, //
            0x00, 0x00, 0x1B, 0x90, 0x00, 0x00, 0x1B, 0x90, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, //
            0x00, 0x00, 0x1B, 0x90, 0x00, 0x00, 0x10, 0x8A,
        ]
    );
}

#[test]
fn write_speed_descriptors_of_a_reader_are_none() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &get_performance(0, 0, 4, 3), 72);

    assert_eq!(data, [0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00]);
}

#[test]
fn write_performance_of_a_writer_uses_the_write_speed() {
    let mut d = writer(Profile::CdRw, iso(100));
    no_data(&mut d, &set_speed(0, 0xFFFF, 2822));

    let data = answer(&mut d, &get_performance(0x14, 0, 1, 0), 24);

    assert_eq!(data[4], 0x02);
    assert_eq!(data[12..16], [0x00, 0x00, 0x0B, 0x06]);
}

#[test]
fn set_cd_speed_selects_the_read_speed() {
    let mut d = drive(iso(100));

    let r = no_data(&mut d, &set_speed(0, 706, 0xFFFF));
    let data = answer(&mut d, &get_performance(0x10, 0, 1, 0), 24);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!(d.read_speed(), 706);
    assert_eq!(data[12..16], [0x00, 0x00, 0x02, 0xC2]);
}

#[test]
fn set_cd_speed_clamps_to_what_the_drive_can_do() {
    let mut d = drive(iso(100));

    no_data(&mut d, &set_speed(0, 0xFFFF, 0));
    let fastest = d.read_speed();
    no_data(&mut d, &set_speed(1, 0, 0));
    let slowest = d.read_speed();
    no_data(&mut d, &set_speed(0, 60000, 0));
    let too_fast = d.read_speed();

    assert_eq!([fastest, slowest, too_fast], [7056, 176, 7056]);
}

#[test]
fn set_cd_speed_reserved_rotation_is_invalid_field() {
    let mut d = drive(iso(100));

    let r = no_data(&mut d, &set_speed(2, 0xFFFF, 0xFFFF));

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn set_streaming_stores_the_descriptor_and_sets_the_read_speed() {
    let mut d = drive(iso(100));
    let desc = performance(0, 0, 99, 1411, 1000);

    let r = data_out(&mut d, &SET_STREAMING, &desc);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!(d.streaming_descriptor(), Some(desc));
    assert_eq!(d.read_speed(), 1411);
}

#[test]
fn set_streaming_restore_defaults_forgets_the_descriptor() {
    let mut d = drive(iso(100));
    data_out(&mut d, &SET_STREAMING, &performance(0, 0, 99, 1411, 1000));

    let r = data_out(&mut d, &SET_STREAMING, &performance(0x04, 0, 0, 0, 0));

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
    assert_eq!(d.streaming_descriptor(), None);
    assert_eq!(d.read_speed(), 7056);
}

#[test]
fn set_streaming_is_forgotten_on_a_medium_change() {
    let mut d = drive(iso(100));
    data_out(&mut d, &SET_STREAMING, &performance(0, 0, 99, 1411, 1000));

    d.insert(iso(50));

    assert_eq!(d.streaming_descriptor(), None);
}

#[test]
fn set_streaming_bad_descriptors_are_invalid_parameters() {
    let descriptors = [
        performance(0x80, 0, 99, 1411, 1000), // reserved bit
        performance(0x10, 0, 99, 1411, 1000), // rotation control 10b
        performance(0, 50, 10, 1411, 1000),   // end before start
        performance(0, 0, 100, 1411, 1000),   // end past the last LBA
        performance(0, 0, 99, 1411, 0),       // size without time
    ];

    let senses: Vec<_> = descriptors
        .iter()
        .map(|desc| {
            let mut d = drive(iso(100));
            sense(&data_out(&mut d, &SET_STREAMING, desc))
        })
        .collect();

    assert_eq!(senses, [(5, 0x26, 0); 5]);
}

#[test]
fn set_streaming_short_parameter_list_is_a_length_error() {
    let mut d = drive(iso(100));
    let mut cdb = SET_STREAMING;
    cdb[10] = 8;

    let r = data_out(&mut d, &cdb, &[0; 8]);

    assert_eq!(sense(&r), (5, 0x1A, 0));
}

#[test]
fn set_streaming_other_types_are_invalid_fields() {
    let mut d = drive(iso(100));
    let mut cdb = SET_STREAMING;
    cdb[8] = 5;

    let r = data_out(&mut d, &cdb, &performance(0, 0, 99, 1411, 1000));

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn set_streaming_without_the_feature_is_an_invalid_opcode() {
    let config = SimConfig {
        streaming: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let r = data_out(&mut d, &SET_STREAMING, &performance(0, 0, 99, 1411, 1000));

    assert_eq!(sense(&r), (5, 0x20, 0));
}

const SEND_OPC: [u8; 10] = [0x54, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];

#[test]
fn send_opc_on_a_writer_succeeds() {
    let mut d = writer(Profile::CdR, iso(100));

    let r = no_data(&mut d, &SEND_OPC);

    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn send_opc_on_a_reader_is_an_invalid_opcode() {
    let mut d = drive(iso(100));

    let r = no_data(&mut d, &SEND_OPC);

    assert_eq!(sense(&r), (5, 0x20, 0));
}

#[test]
fn send_opc_without_medium_is_not_ready() {
    let config = SimConfig {
        profile: Profile::CdRw,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, None);

    let r = no_data(&mut d, &SEND_OPC);

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

#[test]
fn send_opc_table_must_be_whole_entries() {
    let mut d = writer(Profile::CdR, iso(100));

    let r = data_out(&mut d, &[0x54, 0x01, 0, 0, 0, 0, 0, 0, 4, 0], &[0; 4]);

    assert_eq!(sense(&r), (5, 0x1A, 0));
}

#[test]
fn audio_commands_need_a_medium() {
    let cdbs: [&[u8]; 5] = [
        &[0x47, 0, 0, 0, 2, 0, 0, 4, 0, 0],
        &[0x4B, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        &[0x4E, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        &[0x45, 0, 0, 0, 0, 0, 0, 0, 75, 0],
        &[0xA5, 0, 0, 0, 0, 0, 0, 0, 0, 75, 0, 0],
    ];

    let senses: Vec<_> = cdbs
        .iter()
        .map(|cdb| {
            let mut d = empty();
            sense(&no_data(&mut d, cdb))
        })
        .collect();

    assert_eq!(senses, [(2, 0x3A, 0); 5]);
}

#[test]
fn read_sub_channel_needs_a_medium() {
    let mut d = empty();
    d.open_tray();

    let (r, _) = data_in(&mut d, &[0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0], 16);

    assert_eq!(sense(&r), (2, 0x3A, 0x02));
}
