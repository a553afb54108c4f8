//! The glue end to end over the WDF facade: DriverEntry, device add,
//! start-up, file objects, IOCTL/read dispatch, forwarding, completion.
#![cfg(not(windows))]

mod glue_common;

use std::sync::atomic::Ordering;

use cdfilter::srb;
use cdfilter::wdk::host;
use cdfilter_core::device::{Event, Platform};
use cdfilter_core::port::PortResult;
use glue_common::{started, status, TestLower, ToyDrive};

const IOCTL_CDROM_READ_TOC: u32 = 0x0002_4000;
const IOCTL_STORAGE_GET_MEDIA_TYPES: u32 = 0x002D_0C00;
const IOCTL_STORAGE_QUERY_PROPERTY: u32 = 0x002D_1400;
const UNKNOWN_BUFFERED: u32 = 0x0022_0000;
const UNKNOWN_NEITHER: u32 = 0x0022_0003;

#[test]
fn device_add_makes_a_filter_with_a_parallel_passive_default_queue() {
    let (_driver, dev, _) = started(ToyDrive::default());

    let queue = dev.queue_settings().expect("a default queue");

    assert!(dev.is_filter());
    assert!(queue.parallel);
    assert!(queue.passive);
    assert_eq!(queue.presented, u32::MAX);
}

#[test]
fn file_objects_are_optional_and_cleanup_close_are_forwarded_by_default() {
    let (_driver, dev, _) = started(ToyDrive::default());

    let (class, forward) = dev.file_object_config().expect("a file-object config");

    assert_eq!(
        class as u32, 0x8000_0004,
        "CannotUseFsContexts | CanBeOptional"
    );
    assert_eq!(forward, 2, "WdfUseDefault");
}

#[test]
fn start_asks_the_adapter_for_its_descriptor_then_starts_the_core() {
    let (_driver, dev, seen) = started(ToyDrive::default());

    assert_eq!(
        seen.ioctl_inputs().first(),
        Some(&(
            IOCTL_STORAGE_QUERY_PROPERTY,
            vec![1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        ))
    );
    assert!(dev.core().is_some());
    assert_eq!(host::live_mdls(), 0);
}

#[test]
fn before_start_every_ioctl_is_forwarded_unchanged() {
    let driver = host::load().expect("DriverEntry");
    let (lower, seen) = TestLower::new(ToyDrive::default());
    let dev = driver.add_device(Box::new(lower)).expect("device add");

    let done = dev.ioctl(None, IOCTL_CDROM_READ_TOC, &[], 804);

    assert_eq!(done.status, status::INVALID_DEVICE_REQUEST);
    assert_eq!(seen.ioctl_codes(), vec![IOCTL_CDROM_READ_TOC]);
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn unknown_ioctl_is_forwarded_and_completed_once_with_the_lower_status() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let h = dev.open().expect("open");

    let done = dev.ioctl(Some(h), UNKNOWN_BUFFERED, &[1, 2, 3], 16);

    assert_eq!(done.status, status::INVALID_DEVICE_REQUEST);
    assert_eq!(
        seen.ioctl_inputs().last(),
        Some(&(UNKNOWN_BUFFERED, vec![1, 2, 3]))
    );
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn long_buffered_input_reaches_the_lower_driver_intact() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let input: Vec<u8> = (0..1000).map(|i| (i % 251) as u8).collect();

    let with_output = dev.ioctl(None, UNKNOWN_BUFFERED, &input, 16);
    let without_output = dev.ioctl(None, UNKNOWN_BUFFERED, &input, 0);

    let inputs = seen.ioctl_inputs();
    assert_eq!(inputs[inputs.len() - 2], (UNKNOWN_BUFFERED, input.clone()));
    assert_eq!(inputs[inputs.len() - 1], (UNKNOWN_BUFFERED, input));
    assert!(with_output.violations.is_empty() && without_output.violations.is_empty());
}

#[test]
fn method_neither_ioctl_is_forwarded_without_touching_its_buffers() {
    let (_driver, dev, seen) = started(ToyDrive::default());

    let done = dev.ioctl(None, UNKNOWN_NEITHER, &[9; 8], 8);

    assert_eq!(done.status, status::INVALID_DEVICE_REQUEST);
    assert_eq!(seen.ioctl_codes().last(), Some(&UNKNOWN_NEITHER));
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn a_translated_ioctl_sends_its_cdb_as_a_data_in_srb_through_the_bounce_buffer() {
    let (_driver, dev, _) = started(ToyDrive::default());
    host::take_srbs();

    let done = dev.ioctl(None, IOCTL_CDROM_READ_TOC, &[], 804);

    let srbs = host::take_srbs();
    assert!(done.violations.is_empty(), "{:?}", done.violations);
    assert_eq!(srbs.len(), 1);
    assert_eq!(srbs[0].cdb[0], 0x43);
    assert_eq!(srbs[0].ioctl, srb::IOCTL_SCSI_EXECUTE_IN);
    assert_eq!(
        srbs[0].flags,
        srb::FLAGS_DATA_IN | srb::FLAGS_NO_QUEUE_FREEZE | srb::FLAGS_DISABLE_SYNCH_TRANSFER
    );
    assert!(!srbs[0].user_buffer && !srbs[0].partial_mdl);
    assert_eq!(host::live_mdls(), 0);
}

#[test]
fn sense_data_reaches_the_core_through_the_srb() {
    let mut drive = ToyDrive::default();
    drive
        .script
        .push_back((0x43, PortResult::check_condition(2, 0x3A, 0)));
    let (_driver, dev, _) = started(drive);

    let done = dev.ioctl(None, IOCTL_CDROM_READ_TOC, &[], 804);

    assert_eq!(done.status, status::NO_MEDIA_IN_DEVICE);
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn retry_delays_are_relative_kernel_waits() {
    let mut drive = ToyDrive::default();
    drive
        .script
        .push_back((0x43, PortResult::check_condition(2, 0x04, 0x01)));
    drive
        .script
        .push_back((0x43, PortResult::check_condition(2, 0x04, 0x01)));
    let (_driver, dev, _) = started(drive);
    host::take_delays();

    let done = dev.ioctl(None, IOCTL_CDROM_READ_TOC, &[], 804);

    assert_eq!(host::take_delays(), vec![-100_000_000, -100_000_000]);
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn another_handles_exclusive_lock_denies_a_storage_ioctl_before_it_goes_down() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let (owner, other) = (dev.open().expect("open"), dev.open().expect("open"));
    let core = dev.core().expect("started");
    core.shared
        .exclusive_owner
        .store(owner.raw(), Ordering::Release);

    let denied = dev.ioctl(Some(other), IOCTL_STORAGE_GET_MEDIA_TYPES, &[], 40);
    let allowed = dev.ioctl(Some(owner), IOCTL_STORAGE_GET_MEDIA_TYPES, &[], 40);

    assert_eq!(denied.status, status::ACCESS_DENIED);
    assert_eq!(allowed.status, status::INVALID_DEVICE_REQUEST);
    assert_eq!(
        seen.ioctl_codes()
            .iter()
            .filter(|&&c| c == IOCTL_STORAGE_GET_MEDIA_TYPES)
            .count(),
        1
    );
}

#[test]
fn cleanup_releases_the_handles_exclusive_lock() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let h = dev.open().expect("open");
    let core = dev.core().expect("started");
    core.shared
        .exclusive_owner
        .store(h.raw(), Ordering::Release);

    dev.cleanup(h);

    assert_eq!(core.shared.exclusive_owner(), None);
}

#[test]
fn close_releases_a_lock_taken_after_cleanup() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let h = dev.open().expect("open");
    let core = dev.core().expect("started");
    dev.cleanup(h);
    // A lock request of the handle that was still running at cleanup.
    core.shared
        .exclusive_owner
        .store(h.raw(), Ordering::Release);

    dev.close_only(h);

    assert_eq!(core.shared.exclusive_owner(), None);
}

#[test]
fn a_failed_create_below_fails_the_open() {
    let driver = host::load().expect("DriverEntry");
    let (mut lower, _) = TestLower::new(ToyDrive::default());
    lower.create_status = status::ACCESS_DENIED;
    let dev = driver.add_device(Box::new(lower)).expect("device add");
    assert_eq!(dev.start(), 0);

    let opened = dev.open();

    assert_eq!(opened, Err(status::ACCESS_DENIED));
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn events_become_pnp_custom_notifications() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let core = dev.core().expect("started");

    for e in [
        Event::MediaRemoval,
        Event::MediaArrival,
        Event::ExclusiveLock,
        Event::ExclusiveUnlock,
        Event::BecomingReady,
    ] {
        core.platform.notify(e);
    }

    assert_eq!(
        dev.events(),
        vec![
            srb::GUID_IO_MEDIA_REMOVAL,
            srb::GUID_IO_MEDIA_ARRIVAL,
            srb::GUID_IO_CDROM_EXCLUSIVE_LOCK,
            srb::GUID_IO_CDROM_EXCLUSIVE_UNLOCK,
        ]
    );
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn a_read_is_passed_down_and_returns_the_drives_data() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let h = dev.open().expect("open");
    host::take_srbs();

    let done = dev.read(Some(h), 2048, 4096);

    // The lower driver's READ(10) answer, not a command of the filter's own.
    assert_eq!((done.status, done.information), (status::SUCCESS, 4096));
    assert!(done
        .output
        .iter()
        .enumerate()
        .all(|(i, &b)| b == ToyDrive::pattern(0x28, i)));
    assert_eq!(host::take_srbs(), vec![]);
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn a_read_while_the_volume_must_be_verified_completes_without_going_down() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let core = dev.core().expect("started");
    core.shared.verify_volume.store(true, Ordering::Relaxed);
    let before = seen.cdbs().len();

    let done = dev.read(None, 0, 2048);

    assert_eq!(
        (done.status, done.information),
        (status::VERIFY_REQUIRED, 0)
    );
    assert_eq!(seen.cdbs().len(), before);
}

#[test]
fn concurrent_requests_each_complete_exactly_once() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let expected = dev.ioctl(None, IOCTL_CDROM_READ_TOC, &[], 804);

    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let h = dev.open().expect("open");
                for _ in 0..25 {
                    let done = dev.ioctl(Some(h), IOCTL_CDROM_READ_TOC, &[], 804);
                    assert_eq!(
                        (done.status, done.data()),
                        (expected.status, expected.data())
                    );
                    assert!(done.violations.is_empty(), "{:?}", done.violations);
                    let forwarded = dev.ioctl(Some(h), UNKNOWN_BUFFERED, &[], 4);
                    assert!(
                        forwarded.violations.is_empty(),
                        "{:?}",
                        forwarded.violations
                    );
                }
                dev.close(h);
                assert_eq!(host::live_mdls(), 0);
            });
        }
    });
}

/// GET_CONFIGURATION_IOCTL_INPUT32 as a 32-bit process sends it: Feature
/// 0x107 (CD Read), RequestType 2 (one), two 32-bit NULL pointers.
const CONFIG_INPUT32: [u8; 16] = [0x07, 0x01, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const IOCTL_CDROM_GET_CONFIGURATION: u32 = 0x0002_4058;

#[test]
fn a_wow64_callers_16_byte_get_configuration_input_is_read_with_the_32_bit_layout() {
    let (_driver, dev, _) = started(ToyDrive::default());
    let (native, wow64) = (dev.open().expect("open"), dev.open_wow64().expect("open"));
    host::take_srbs();

    let refused = dev.ioctl(
        Some(native),
        IOCTL_CDROM_GET_CONFIGURATION,
        &CONFIG_INPUT32,
        64,
    );
    assert_eq!(
        refused.status, 0xC000_0004_u32 as i32,
        "INFO_LENGTH_MISMATCH"
    );
    assert!(host::take_srbs().is_empty());

    let done = dev.ioctl(
        Some(wow64),
        IOCTL_CDROM_GET_CONFIGURATION,
        &CONFIG_INPUT32,
        64,
    );
    assert_eq!(done.status, status::SUCCESS);
    let srbs = host::take_srbs();
    assert_eq!(srbs.len(), 1);
    assert_eq!(
        srbs[0].cdb,
        [0x46, 0x02, 0x01, 0x07, 0, 0, 0, 0x00, 0x40, 0]
    );
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}
