//! The exclusive lock and MCN disables through the glue: cdrom.sys, below
//! the filter, runs the media-change polling on Windows, so the glue must
//! tell it (IOCTL_STORAGE_MCN_CONTROL, the filter's own kernel-mode request)
//! when to stop and when to resume. The lower stack here is cdfilter-host's
//! class-driver model, which counts those requests in its kernel-mode MCN
//! context and refuses an enable without a disable.
#![cfg(not(windows))]

mod glue_common;

use cdfilter::srb;
use cdfilter::wdk::host::{self, Dev};
use glue_common::{started, status, Seen, ToyDrive};

const IOCTL_CDROM_EXCLUSIVE_ACCESS: u32 = 0x0002_C05C;
const IOCTL_CDROM_READ_TOC: u32 = 0x0002_4000;
const IOCTL_STORAGE_MCN_CONTROL: u32 = 0x002D_0944;

/// CDROM_EXCLUSIVE_LOCK: RequestType 1 (lock), Flags 0, CallerName.
fn lock_input(name: &[u8]) -> [u8; 72] {
    let mut b = [0u8; 72];
    b[0] = 1;
    b[8..8 + name.len()].copy_from_slice(name);
    b
}

/// CDROM_EXCLUSIVE_ACCESS: RequestType 2 (unlock), Flags 0.
const UNLOCK: [u8; 8] = [2, 0, 0, 0, 0, 0, 0, 0];

/// The MCN_CONTROL requests that reached cdrom.sys, as their one input byte
/// (PREVENT_MEDIA_REMOVAL: 1 stops the polling, 0 resumes it).
fn mcn_sent(seen: &Seen) -> Vec<Vec<u8>> {
    seen.ioctl_inputs()
        .into_iter()
        .filter(|(code, _)| *code == IOCTL_STORAGE_MCN_CONTROL)
        .map(|(_, input)| input)
        .collect()
}

#[track_caller]
fn succeeds(dev: &Dev, h: host::Handle, code: u32, input: &[u8]) {
    let done = dev.ioctl(Some(h), code, input, 0);
    assert_eq!(done.status, status::SUCCESS, "{code:#x} {input:?}");
    assert!(done.violations.is_empty(), "{:?}", done.violations);
}

#[test]
fn the_lock_stops_cdrom_sys_polling_until_the_unlock() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let (a, b) = (dev.open().expect("open"), dev.open().expect("open"));

    succeeds(
        &dev,
        a,
        IOCTL_CDROM_EXCLUSIVE_ACCESS,
        &lock_input(b"burner"),
    );
    assert_eq!(mcn_sent(&seen), [[1]]);

    let refused = dev.ioctl(Some(b), IOCTL_CDROM_READ_TOC, &[], 804);
    assert_eq!(refused.status, status::ACCESS_DENIED);
    assert_eq!(mcn_sent(&seen), [[1]], "a refusal changes nothing below");

    succeeds(&dev, a, IOCTL_CDROM_EXCLUSIVE_ACCESS, &UNLOCK);
    assert_eq!(mcn_sent(&seen), [[1], [0]]);
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn the_holders_cleanup_resumes_cdrom_sys_polling_once() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let a = dev.open().expect("open");
    succeeds(
        &dev,
        a,
        IOCTL_CDROM_EXCLUSIVE_ACCESS,
        &lock_input(b"burner"),
    );

    dev.cleanup(a);
    assert_eq!(mcn_sent(&seen), [[1], [0]]);
    // The close releases again (a lock taken after the cleanup), finds
    // nothing held, and sends nothing.
    dev.close_only(a);
    assert_eq!(mcn_sent(&seen), [[1], [0]]);
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn user_mcn_disables_reach_cdrom_sys_as_one_disable() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let (a, b) = (dev.open().expect("open"), dev.open().expect("open"));

    succeeds(&dev, a, IOCTL_STORAGE_MCN_CONTROL, &[1]);
    succeeds(&dev, b, IOCTL_STORAGE_MCN_CONTROL, &[1]);
    succeeds(
        &dev,
        b,
        IOCTL_CDROM_EXCLUSIVE_ACCESS,
        &lock_input(b"burner"),
    );
    assert_eq!(mcn_sent(&seen), [[1]]);

    dev.close(a);
    succeeds(&dev, b, IOCTL_CDROM_EXCLUSIVE_ACCESS, &UNLOCK);
    assert_eq!(mcn_sent(&seen), [[1]], "b's own disable remains");

    dev.close(b);
    assert_eq!(mcn_sent(&seen), [[1], [0]]);
    assert_eq!(host::take_violations(), Vec::<String>::new());
}

#[test]
fn under_the_lock_another_handles_reads_and_writes_complete_denied_in_the_glue() {
    let (_driver, dev, seen) = started(ToyDrive::default());
    let (a, b) = (dev.open().expect("open"), dev.open().expect("open"));
    succeeds(
        &dev,
        a,
        IOCTL_CDROM_EXCLUSIVE_ACCESS,
        &lock_input(b"burner"),
    );
    host::take_srbs();
    let cdbs_before = seen.cdbs().len();

    let b_read = dev.read(Some(b), 0, 2048);
    let b_write = dev.write(Some(b), 0, &[0x5A; 2048]);
    // The holder's write goes down to cdrom.sys (whose model here refuses
    // writes with INVALID_DEVICE_REQUEST): not the filter's refusal.
    let a_write = dev.write(Some(a), 0, &[0x5A; 2048]);

    assert_eq!(
        (b_read.status, b_read.information),
        (status::ACCESS_DENIED, 0)
    );
    assert_eq!(
        (b_write.status, b_write.information),
        (status::ACCESS_DENIED, 0)
    );
    assert_eq!(a_write.status, status::INVALID_DEVICE_REQUEST);
    assert!(host::take_srbs().is_empty(), "no command reached the drive");
    assert_eq!(seen.cdbs().len(), cdbs_before);
    for done in [&b_read, &b_write, &a_write] {
        assert!(done.violations.is_empty(), "{:?}", done.violations);
    }
}

#[test]
fn the_two_handle_scenario_through_the_glue() {
    const IOCTL_CDROM_GET_INQUIRY_DATA: u32 = 0x0002_4064;
    let (_driver, dev, _) = started(ToyDrive::default());
    let (a, b) = (dev.open().expect("open"), dev.open().expect("open"));

    succeeds(
        &dev,
        a,
        IOCTL_CDROM_EXCLUSIVE_ACCESS,
        &lock_input(b"burner"),
    );
    let a_toc = dev.ioctl(Some(a), IOCTL_CDROM_READ_TOC, &[], 804);
    let b_toc = dev.ioctl(Some(b), IOCTL_CDROM_READ_TOC, &[], 804);
    let b_inquiry = dev.ioctl(Some(b), IOCTL_CDROM_GET_INQUIRY_DATA, &[], 36);
    let b_query = dev.ioctl(Some(b), IOCTL_CDROM_EXCLUSIVE_ACCESS, &[0; 8], 65);
    let b_read = dev.read(Some(b), 0, 2048);
    dev.close(a);
    let b_toc_after = dev.ioctl(Some(b), IOCTL_CDROM_READ_TOC, &[], 804);

    assert_eq!(a_toc.status, status::SUCCESS);
    assert_eq!(
        (b_toc.status, b_toc.information),
        (status::ACCESS_DENIED, 0)
    );
    assert_eq!(
        (b_inquiry.status, b_inquiry.data()),
        (status::SUCCESS, &ToyDrive::INQUIRY[..])
    );
    let mut state = vec![1u8];
    state.extend_from_slice(b"burner");
    state.resize(65, 0);
    assert_eq!(
        (b_query.status, b_query.data()),
        (status::SUCCESS, &state[..])
    );
    assert_eq!(
        (b_read.status, b_read.information),
        (status::ACCESS_DENIED, 0)
    );
    assert_eq!(b_toc_after.status, status::SUCCESS);
    // Lock, then the holder's cleanup: removal, arrival, unlock.
    assert_eq!(
        dev.events(),
        vec![
            srb::GUID_IO_CDROM_EXCLUSIVE_LOCK,
            srb::GUID_IO_MEDIA_REMOVAL,
            srb::GUID_IO_MEDIA_ARRIVAL,
            srb::GUID_IO_CDROM_EXCLUSIVE_UNLOCK,
        ]
    );
    for done in [&a_toc, &b_toc, &b_inquiry, &b_query, &b_read, &b_toc_after] {
        assert!(done.violations.is_empty(), "{:?}", done.violations);
    }
    assert_eq!(host::take_violations(), Vec::<String>::new());
}
