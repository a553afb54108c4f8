//! The glue's port: SRBs, the raw-read window (a partial MDL of the caller's
//! buffer), the bounce buffer, the adapter's limits.
#![cfg(not(windows))]

mod glue_common;

use cdfilter::srb;
use cdfilter::wdk::host;
use cdfilter_core::device::Platform;
use cdfilter_core::port::{DataPhase, Port, PortResult, SrbStatus};
use glue_common::{started, TestLower, ToyDrive};

/// READ CD, one sector, all of its 2352 bytes.
const READ_CD: [u8; 12] = [0xBE, 0, 0, 0, 0, 16, 0, 0, 1, 0xF8, 0, 0];

#[test]
fn a_window_of_the_callers_buffer_is_transferred_through_a_partial_mdl() {
    let (_driver, dev, _) = started(ToyDrive::default());
    host::take_srbs();

    let (result, caller) = dev.command_into_caller_buffer(&READ_CD, 3 * 2352, 2352, 2352);

    let srbs = host::take_srbs();
    assert_eq!(result, PortResult::good(2352));
    assert_eq!(srbs.len(), 1);
    assert!(
        srbs[0].user_buffer,
        "DataBuffer is the caller's own address"
    );
    assert!(srbs[0].partial_mdl);
    assert_eq!(
        (srbs[0].ioctl, srbs[0].length),
        (srb::IOCTL_SCSI_EXECUTE_IN, 2352)
    );
    assert!(caller[..2352].iter().all(|&b| b == 0xA5));
    assert!(caller[2352..4704]
        .iter()
        .enumerate()
        .all(|(i, &b)| b == ToyDrive::pattern(0xBE, i)));
    assert!(caller[4704..].iter().all(|&b| b == 0xA5));
    assert_eq!(host::live_mdls(), 0);
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn a_buffer_outside_the_window_goes_through_the_bounce_buffer() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let mut own = [0u8; 96];
    host::take_srbs();

    let result = dev.command(&[0x12, 0, 0, 0, 96, 0], DataPhase::In(&mut own));

    let srbs = host::take_srbs();
    assert_eq!(result, PortResult::good(36));
    assert_eq!(&own[..36], &ToyDrive::INQUIRY);
    assert!(!srbs[0].user_buffer && !srbs[0].partial_mdl);
    assert_eq!(host::live_mdls(), 0);
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn data_out_is_copied_to_the_bounce_buffer_and_sent_as_execute_out() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let payload = [0u8, 0x0E, 0, 0, 0, 0, 0, 0];
    host::take_srbs();

    let result = dev.command(
        &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 8, 0],
        DataPhase::Out(&payload),
    );

    let srbs = host::take_srbs();
    assert_eq!(result, PortResult::good(8));
    assert_eq!(srbs[0].ioctl, srb::IOCTL_SCSI_EXECUTE_OUT);
    assert_eq!(
        srbs[0].flags & (srb::FLAGS_DATA_IN | srb::FLAGS_DATA_OUT),
        srb::FLAGS_DATA_OUT
    );
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn a_command_without_data_carries_no_mdl() {
    let (_driver, dev, _) = started(ToyDrive::default());
    host::take_srbs();

    let result = dev.command(&[0, 0, 0, 0, 0, 0], DataPhase::None);

    let srbs = host::take_srbs();
    assert_eq!(result, PortResult::good(0));
    assert_eq!(
        (srbs[0].ioctl, srbs[0].length),
        (srb::IOCTL_SCSI_EXECUTE_NONE, 0)
    );
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn a_transfer_beyond_the_adapter_limit_is_refused_before_an_srb_is_built() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let mut big = vec![0u8; 64 * 1024 + 1];
    host::take_srbs();

    let result = dev.command(&READ_CD, DataPhase::In(&mut big));

    assert_eq!(result.srb_status, SrbStatus::INVALID_REQUEST);
    assert_eq!(host::take_srbs(), vec![]);
}

#[test]
fn check_condition_sense_is_returned_with_its_length() {
    let mut drive = ToyDrive::default();
    drive
        .script
        .push_back((0x00, PortResult::check_condition(6, 0x28, 0)));
    let (_driver, dev, _) = started(drive);

    let result = dev.command(&[0, 0, 0, 0, 0, 0], DataPhase::None);

    assert_eq!(result, PortResult::check_condition(6, 0x28, 0));
}

#[test]
fn the_adapter_descriptor_sets_the_transfer_limit_for_any_alignment() {
    let driver = host::load().expect("DriverEntry");
    let (mut lower, _) = TestLower::new(ToyDrive::default());
    let mut descriptor = [0u8; 32];
    descriptor[..4].copy_from_slice(&32u32.to_le_bytes());
    descriptor[4..8].copy_from_slice(&32u32.to_le_bytes());
    descriptor[8..12].copy_from_slice(&0x2_0000u32.to_le_bytes()); // MaximumTransferLength
    descriptor[12..16].copy_from_slice(&9u32.to_le_bytes()); // MaximumPhysicalPages
    descriptor[16..20].copy_from_slice(&3u32.to_le_bytes()); // AlignmentMask
    lower.adapter = Some(descriptor);
    let dev = driver.add_device(Box::new(lower)).expect("device add");

    assert_eq!(dev.start(), 0);

    let core = dev.core().expect("started");
    let limits = core
        .platform
        .serialize(|unit| (unit.port.max_transfer_bytes(), unit.port.alignment_mask()));
    assert_eq!(limits, (8 * 4096, 3));
}
