//! Media state machine, unit attention, event notification and the
//! port-driver behaviour (transfer limits, under-/over-runs, zero copy).

mod sim_support;

use cdfilter_core::port::{Cdb, Command, DataPhase, Port, SrbStatus};
use cdfilter_host::record::Recorder;
use cdfilter_host::sim::{MediaEvent, SimConfig, SimDrive};
use sim_support::*;

/// GET EVENT STATUS NOTIFICATION, polled, media class, 8 bytes.
const GESN_MEDIA: [u8; 10] = [0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0];

fn tur_senses(d: &mut SimDrive, n: usize) -> Vec<Option<(u8, u8, u8)>> {
    (0..n)
        .map(|_| {
            let r = no_data(d, &TUR);
            (r.srb_status != SrbStatus::SUCCESS).then(|| sense(&r))
        })
        .collect()
}

#[test]
fn no_medium_tray_closed_is_3a_00() {
    let mut d = empty();

    assert_eq!(sense(&no_data(&mut d, &TUR)), (2, 0x3A, 0x00));
}

#[test]
fn no_medium_tray_open_is_3a_02() {
    let mut d = empty();
    d.open_tray();

    assert_eq!(sense(&no_data(&mut d, &TUR)), (2, 0x3A, 0x02));
}

#[test]
fn insert_becomes_ready_then_reports_medium_changed_once() {
    let mut d = empty();

    d.insert(iso(100));
    let seq = tur_senses(&mut d, 5);

    assert_eq!(
        seq,
        [
            Some((2, 0x04, 0x01)),
            Some((2, 0x04, 0x01)),
            Some((6, 0x28, 0x00)),
            None,
            None
        ]
    );
}

#[test]
fn becoming_ready_count_is_configurable() {
    let config = SimConfig {
        becoming_ready_turs: 0,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, None);

    d.insert(iso(100));
    let seq = tur_senses(&mut d, 2);

    assert_eq!(seq, [Some((6, 0x28, 0x00)), None]);
}

#[test]
fn media_change_sequence_matches_a_real_drive() {
    // QEMU's ATAPI drive after eject + change medium: 2/3A/00, then
    // 6/28/00, then GOOD (peers.md §1), here with spin-up in between.
    let mut d = drive(iso(100));

    d.eject();
    d.close_tray();
    let empty = tur_senses(&mut d, 1);
    d.insert(cue());
    let loaded = tur_senses(&mut d, 4);

    assert_eq!(empty, [Some((2, 0x3A, 0x00))]);
    assert_eq!(
        loaded,
        [
            Some((2, 0x04, 0x01)),
            Some((2, 0x04, 0x01)),
            Some((6, 0x28, 0x00)),
            None
        ]
    );
}

#[test]
fn unit_attention_fails_any_command_but_inquiry_request_sense_config_and_events() {
    let config = SimConfig {
        becoming_ready_turs: 0,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, None);
    d.insert(iso(100));

    let inquiry = data_in(&mut d, &[0x12, 0, 0, 0, 36, 0], 36).0.srb_status;
    let config = data_in(&mut d, &[0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0], 8)
        .0
        .srb_status;
    let events = data_in(&mut d, &GESN_MEDIA, 8).0.srb_status;
    let capacity = data_in(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8).0;
    let again = data_in(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8).0;

    assert_eq!([inquiry, config, events], [SrbStatus::SUCCESS; 3]);
    assert_eq!(sense(&capacity), (6, 0x28, 0));
    assert_eq!(again.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn request_sense_reports_and_clears_a_pending_unit_attention() {
    let config = SimConfig {
        becoming_ready_turs: 0,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, None);
    d.insert(iso(100));

    let s = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);
    let r = no_data(&mut d, &TUR);

    assert_eq!((s[2], s[12], s[13]), (6, 0x28, 0));
    assert_eq!(r.srb_status, SrbStatus::SUCCESS);
}

#[test]
fn request_sense_during_spin_up_is_becoming_ready() {
    let mut d = empty();
    d.insert(iso(100));

    let s = answer(&mut d, &[0x03, 0, 0, 0, 18, 0], 18);

    assert_eq!((s[2], s[12], s[13]), (2, 0x04, 0x01));
}

#[test]
fn only_test_unit_ready_counts_down_the_spin_up() {
    let mut d = empty();
    d.insert(iso(100));

    let reads: Vec<_> = (0..3)
        .map(|_| sense(&data_in(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8).0))
        .collect();
    let turs = tur_senses(&mut d, 3);

    assert_eq!(reads, [(2, 0x04, 0x01); 3]);
    assert_eq!(turs, [Some((2, 4, 1)), Some((2, 4, 1)), Some((6, 0x28, 0))]);
}

#[test]
fn power_on_unit_attention_is_configurable() {
    let config = SimConfig {
        power_on_unit_attention: true,
        ..SimConfig::default()
    };
    let mut d = SimDrive::new(config, Some(iso(10)));

    let seq = tur_senses(&mut d, 2);

    assert_eq!(seq, [Some((6, 0x29, 0)), None]);
}

#[test]
fn gesn_reports_new_media_once() {
    let mut d = empty();
    d.insert(iso(100));

    let first = answer(&mut d, &GESN_MEDIA, 8);
    let second = answer(&mut d, &GESN_MEDIA, 8);

    assert_eq!(first, [0, 6, 0x04, 0x12, 0x02, 0x02, 0, 0]);
    assert_eq!(second, [0, 6, 0x04, 0x12, 0x00, 0x02, 0, 0]);
}

#[test]
fn gesn_reports_removal_with_tray_open() {
    let mut d = drive(iso(100));

    d.open_tray();
    let data = answer(&mut d, &GESN_MEDIA, 8);

    assert_eq!(data, [0, 6, 0x04, 0x12, 0x03, 0x01, 0, 0]);
}

#[test]
fn gesn_eject_button_while_prevented_is_an_eject_request() {
    let mut d = drive(iso(100));
    no_data(&mut d, &[0x1E, 0, 0, 0, 1, 0]);

    d.press_eject_button();
    let data = answer(&mut d, &GESN_MEDIA, 8);

    assert!(!d.is_tray_open());
    assert_eq!(data, [0, 6, 0x04, 0x12, 0x01, 0x02, 0, 0]);
}

#[test]
fn gesn_eject_button_without_prevent_opens_the_tray() {
    let mut d = drive(iso(100));

    d.press_eject_button();

    assert!(d.is_tray_open());
    assert_eq!(d.pending_media_events(), [MediaEvent::MediaRemoval]);
}

#[test]
fn gesn_operational_class_reports_no_change() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &[0x4A, 0x01, 0, 0, 0x02, 0, 0, 0, 8, 0], 8);

    assert_eq!(data, [0, 6, 0x01, 0x12, 0, 0, 0, 0]);
}

#[test]
fn gesn_unsupported_class_is_header_only_with_nea() {
    let mut d = drive(iso(100));

    let data = answer(&mut d, &[0x4A, 0x01, 0, 0, 0x40, 0, 0, 0, 8, 0], 8);

    assert_eq!(data, [0, 2, 0x80, 0x12]);
}

#[test]
fn gesn_asynchronous_is_invalid_field() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &[0x4A, 0x00, 0, 0, 0x10, 0, 0, 0, 8, 0], 8);

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn transfer_longer_than_max_is_an_invalid_request() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &[0x28, 0, 0, 0, 0, 0, 0, 0, 33, 0], 33 * 2048);

    assert_eq!(r.srb_status, SrbStatus::INVALID_REQUEST);
    assert_eq!(r.sense_len, 0);
}

#[test]
fn misaligned_buffer_is_an_invalid_request() {
    let config = SimConfig {
        alignment_mask: 3,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));
    let mut backing = vec![0u8; 2048 + 4];
    let off = (1 + 4 - backing.as_ptr() as usize % 4) % 4;

    let r = d.execute(Command {
        cdb: Cdb::ten([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
        data: DataPhase::In(&mut backing[off..off + 2048]),
        timeout_secs: 10,
    });

    assert_eq!(r.srb_status, SrbStatus::INVALID_REQUEST);
}

#[test]
fn short_answer_is_an_underrun_reported_as_overrun() {
    let mut d = drive(iso(100));

    let (r, _) = data_in(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::DATA_OVERRUN, 8));
}

#[test]
fn short_answer_is_success_when_underruns_are_not_overruns() {
    let config = SimConfig {
        underrun_as_overrun: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, iso(100));

    let (r, _) = data_in(&mut d, &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 8));
}

#[test]
fn answer_longer_than_the_buffer_is_an_overrun_that_stops_at_the_end() {
    let mut d = drive(iso(100));

    let (r, buf) = data_in(&mut d, &[0x12, 0, 0, 0, 36, 0], 10);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::DATA_OVERRUN, 10));
    assert_eq!(buf.len(), 10);
}

#[test]
fn data_lands_in_the_buffer_the_port_received() {
    let mut rec = Recorder::new(drive(iso(100)));
    let mut buf = vec![0xA5u8; 2048];
    let address = buf.as_ptr() as usize;

    let r = rec.execute(Command {
        cdb: Cdb::ten([0x28, 0, 0, 0, 0, 5, 0, 0, 1, 0]),
        data: DataPhase::In(&mut buf),
        timeout_secs: 10,
    });

    assert_eq!(r.transferred, 2048);
    assert_eq!(rec.log()[0].data_addr, address);
    assert_eq!(buf[..4], [5, 6, 7, 8]);
}

#[test]
fn delay_advances_the_virtual_clock_in_frames() {
    let mut d = drive(iso(100));

    d.delay(10_000_000);
    d.delay(66_667);
    d.delay(66_667);
    d.advance_frames(5);

    assert_eq!(d.clock_frames(), 75 + 1 + 5);
}

#[test]
fn eject_returns_the_disc_and_empties_the_drive() {
    let mut d = drive(iso(100));

    let disc = d.eject();

    assert_eq!(disc.map(|x| x.leadout()), Some(100));
    assert!(d.disc().is_none());
}
