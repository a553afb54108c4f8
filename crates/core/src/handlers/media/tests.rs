//! Media family: every IOCTL, size check and error status, the removal-lock
//! counting across handles and cleanup, and the media-change poll. Codes,
//! CDBs and answers are literal bytes from spec/ioctls.md §2.11–2.14.

use std::vec::Vec;

use core::sync::atomic::Ordering;

use crate::device::{Capacity, Event};
use crate::port::{PortResult, SrbStatus};
use crate::status::NtStatus;
use crate::testing::{
    assert_script_done, device, done, events, file, ioctl, ok, state, Step, TestDevice,
};

use super::{poll_media, poll_media_in, release_handle};

const CHECK_VERIFY: u32 = 0x2D4800;
const CHECK_VERIFY2: u32 = 0x2D0800;
const CDROM_CHECK_VERIFY: u32 = 0x24800;
const DISK_CHECK_VERIFY: u32 = 0x74800;
const MEDIA_REMOVAL: u32 = 0x2D4804;
const CDROM_MEDIA_REMOVAL: u32 = 0x24804;
const EJECT_MEDIA: u32 = 0x2D4808;
const CDROM_EJECT_MEDIA: u32 = 0x24808;
const LOAD_MEDIA: u32 = 0x2D480C;
const CDROM_LOAD_MEDIA: u32 = 0x2480C;
const LOAD_MEDIA2: u32 = 0x2D080C;
const RESERVE: u32 = 0x2D4810;
const RELEASE: u32 = 0x2D4814;
const CDROM_RESERVE: u32 = 0x24810;
const EJECTION_CONTROL: u32 = 0x2D0940;
const MCN_CONTROL: u32 = 0x2D0944;
const GET_MEDIA_TYPES_EX: u32 = 0x2D0C04;

const TUR: [u8; 6] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
const PREVENT: [u8; 6] = [0x1E, 0x00, 0x00, 0x00, 0x01, 0x00];
const ALLOW: [u8; 6] = [0x1E, 0x00, 0x00, 0x00, 0x00, 0x00];
const EJECT: [u8; 6] = [0x1B, 0x00, 0x00, 0x00, 0x02, 0x00];
const LOAD: [u8; 6] = [0x1B, 0x00, 0x00, 0x00, 0x03, 0x00];
const GESN: [u8; 10] = [0x4A, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00];

const LOCK: &[u8] = &[1];
const UNLOCK: &[u8] = &[0];

fn counts(dev: &TestDevice) -> (u32, u32) {
    state(dev, |s| (s.lock_count, s.protected_lock_count))
}

/// A started device's caches: capacity known, capabilities fresh.
fn with_medium(dev: &TestDevice) {
    state(dev, |s| {
        s.capacity = Some(Capacity::from_read_capacity(999, 2048));
        s.caps.stale = false;
    });
}

// ---- CHECK_VERIFY (§2.11) ----

#[test]
fn check_verify_returns_the_media_change_count() {
    let dev = device([Step::ok(&TUR, &[])]);
    dev.shared.media_change_count.store(7, Ordering::Relaxed);
    let (o, out) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 4);
    assert_eq!(o, ok(4));
    assert_eq!(out, [7, 0, 0, 0]);
    assert_script_done(&dev);
}

#[test]
fn check_verify_aliases_return_the_count() {
    let dev = device([Step::ok(&TUR, &[]), Step::ok(&TUR, &[])]);
    dev.shared.media_change_count.store(3, Ordering::Relaxed);
    let (o1, out1) = ioctl(&dev, Some(&file(1)), CDROM_CHECK_VERIFY, &[], 8);
    let (o2, out2) = ioctl(&dev, Some(&file(1)), DISK_CHECK_VERIFY, &[], 4);
    assert_eq!((o1, o2), (ok(4), ok(4)));
    assert_eq!(out1, [3, 0, 0, 0, 0xA5, 0xA5, 0xA5, 0xA5]);
    assert_eq!(out2, [3, 0, 0, 0]);
}

#[test]
fn check_verify_with_no_output_succeeds_with_information_0() {
    let dev = device([Step::ok(&TUR, &[])]);
    let (o, _) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn check_verify_output_of_1_to_3_bytes_is_too_small() {
    let dev = device([]);
    let f = file(1);
    let (o1, out1) = ioctl(&dev, Some(&f), CHECK_VERIFY, &[], 1);
    let (o3, _) = ioctl(&dev, Some(&f), CHECK_VERIFY, &[], 3);
    let (o2, _) = ioctl(&dev, Some(&f), CHECK_VERIFY2, &[], 2);
    assert_eq!(o1, done(NtStatus::BUFFER_TOO_SMALL, 4));
    assert_eq!(o3, done(NtStatus::BUFFER_TOO_SMALL, 4));
    assert_eq!(o2, done(NtStatus::BUFFER_TOO_SMALL, 4));
    assert_eq!(out1, [0xA5]);
}

#[test]
fn check_verify2_never_returns_the_count() {
    let dev = device([Step::ok(&TUR, &[])]);
    dev.shared.media_change_count.store(9, Ordering::Relaxed);
    let (o, out) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY2, &[], 4);
    assert_eq!(o, ok(0));
    assert_eq!(out, [0xA5; 4]);
}

#[test]
fn check_verify_without_a_disc_is_no_media() {
    let dev = device([Step::check(&TUR, 0x02, 0x3A, 0x00)]);
    let (o, _) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 4);
    assert_eq!(o, done(NtStatus::NO_MEDIA_IN_DEVICE, 0));
    assert_script_done(&dev);
}

#[test]
fn check_verify_after_a_change_with_a_mounted_volume_is_verify_required() {
    let dev = device([Step::check(&TUR, 0x06, 0x28, 0x00)]);
    dev.shared.volume_mounted.store(true, Ordering::Relaxed);
    let (o, _) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 4);
    assert_eq!(o, done(NtStatus::VERIFY_REQUIRED, 0));
    assert!(dev.shared.verify_volume.load(Ordering::Relaxed));
    assert_eq!(dev.shared.media_change_count.load(Ordering::Relaxed), 1);
}

#[test]
fn check_verify_after_a_change_without_a_volume_retries_and_counts_it() {
    let dev = device([Step::check(&TUR, 0x06, 0x28, 0x00), Step::ok(&TUR, &[])]);
    let (o, out) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 4);
    assert_eq!(o, ok(4));
    assert_eq!(out, [1, 0, 0, 0]);
    assert_script_done(&dev);
}

#[test]
fn check_verify_of_a_locked_out_handle_is_denied_without_a_command() {
    let dev = device([]);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    let (o, _) = ioctl(&dev, Some(&file(1)), CHECK_VERIFY, &[], 4);
    assert_eq!(o, done(NtStatus::ACCESS_DENIED, 0));
}

// ---- EJECT / LOAD (§2.12) ----

#[test]
fn eject_sends_start_stop_unit_and_forgets_the_medium() {
    let dev = device([Step::ok(&EJECT, &[])]);
    with_medium(&dev);
    dev.shared.play_active.store(true, Ordering::Relaxed);
    let (o, _) = ioctl(&dev, Some(&file(1)), EJECT_MEDIA, &[], 0);
    assert_eq!(o, ok(0));
    assert!(!dev.shared.play_active.load(Ordering::Relaxed));
    assert_eq!(state(&dev, |s| (s.capacity, s.caps.stale)), (None, true));
    assert_script_done(&dev);
}

#[test]
fn cdrom_eject_alias_ejects() {
    let dev = device([Step::ok(&EJECT, &[])]);
    let (o, _) = ioctl(&dev, Some(&file(1)), CDROM_EJECT_MEDIA, &[], 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn load_media_and_its_aliases_close_the_tray() {
    let dev = device([
        Step::ok(&LOAD, &[]),
        Step::ok(&LOAD, &[]),
        Step::ok(&LOAD, &[]),
    ]);
    let f = file(1);
    let results = [
        ioctl(&dev, Some(&f), LOAD_MEDIA, &[], 0).0,
        ioctl(&dev, Some(&f), LOAD_MEDIA2, &[], 0).0,
        ioctl(&dev, Some(&f), CDROM_LOAD_MEDIA, &[], 0).0,
    ];
    assert_eq!(results, [ok(0), ok(0), ok(0)]);
    assert_script_done(&dev);
}

#[test]
fn load_clears_the_play_state() {
    let dev = device([Step::ok(&LOAD, &[])]);
    dev.shared.play_active.store(true, Ordering::Relaxed);
    ioctl(&dev, Some(&file(1)), LOAD_MEDIA, &[], 0);
    assert!(!dev.shared.play_active.load(Ordering::Relaxed));
}

#[test]
fn eject_is_busy_while_a_secure_lock_is_held() {
    let dev = device([Step::ok(&PREVENT, &[])]);
    let f = file(1);
    ioctl(&dev, Some(&f), EJECTION_CONTROL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&file(2)), EJECT_MEDIA, &[], 0);
    assert_eq!(o, done(NtStatus::DEVICE_BUSY, 0));
    assert_script_done(&dev);
}

#[test]
fn load_is_busy_while_a_secure_lock_is_held() {
    let dev = device([]);
    state(&dev, |s| s.protected_lock_count = 1);
    let (o, _) = ioctl(&dev, Some(&file(1)), LOAD_MEDIA, &[], 0);
    assert_eq!(o, done(NtStatus::DEVICE_BUSY, 0));
}

#[test]
fn eject_under_a_simple_lock_is_refused_by_the_drive() {
    let dev = device([Step::check(&EJECT, 0x05, 0x53, 0x02)]);
    state(&dev, |s| s.lock_count = 1);
    with_medium(&dev);
    let (o, _) = ioctl(&dev, Some(&file(1)), EJECT_MEDIA, &[], 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert!(state(&dev, |s| s.capacity.is_some()));
    assert_script_done(&dev);
}

// ---- MEDIA_REMOVAL / EJECTION_CONTROL (§2.13) ----

#[test]
fn removal_without_input_is_info_length_mismatch() {
    let dev = device([]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), MEDIA_REMOVAL, &[], 0);
    let (o2, _) = ioctl(&dev, Some(&f), EJECTION_CONTROL, &[], 0);
    let (o3, _) = ioctl(&dev, Some(&f), MCN_CONTROL, &[], 0);
    assert_eq!(o1, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
    assert_eq!(o2, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
    assert_eq!(o3, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
}

#[test]
fn only_the_first_lock_sends_prevent() {
    let dev = device([Step::ok(&PREVENT, &[])]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    let (o2, _) = ioctl(&dev, Some(&f), CDROM_MEDIA_REMOVAL, &[0xFF], 0);
    assert_eq!((o1, o2), (ok(0), ok(0)));
    assert_eq!(counts(&dev), (2, 0));
    assert_eq!(f.removal_locks.load(Ordering::Relaxed), 2);
    assert_script_done(&dev);
}

#[test]
fn allow_is_sent_when_the_last_lock_of_any_handle_goes() {
    let dev = device([Step::ok(&PREVENT, &[]), Step::ok(&ALLOW, &[])]);
    let (a, b) = (file(1), file(2));
    ioctl(&dev, Some(&a), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&b), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&a), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(counts(&dev), (1, 0));
    let (o, _) = ioctl(&dev, Some(&b), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(o, ok(0));
    assert_eq!(counts(&dev), (0, 0));
    assert_script_done(&dev);
}

#[test]
fn unlocking_without_a_lock_is_a_silent_success() {
    let dev = device([]);
    let (o, _) = ioctl(&dev, Some(&file(1)), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(o, ok(0));
    assert_eq!(counts(&dev), (0, 0));
}

#[test]
fn a_handle_cannot_release_another_handles_simple_lock() {
    let dev = device([Step::ok(&PREVENT, &[])]);
    let (a, b) = (file(1), file(2));
    ioctl(&dev, Some(&a), MEDIA_REMOVAL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&b), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(o, ok(0));
    assert_eq!(counts(&dev), (1, 0));
    assert_eq!(a.removal_locks.load(Ordering::Relaxed), 1);
    assert_script_done(&dev);
}

#[test]
fn a_failed_prevent_stores_no_count() {
    let dev = device([Step::check(&PREVENT, 0x05, 0x24, 0x00)]);
    let f = file(1);
    let (o, _) = ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(counts(&dev), (0, 0));
    assert_eq!(f.removal_locks.load(Ordering::Relaxed), 0);
}

#[test]
fn a_failed_allow_keeps_the_lock() {
    let dev = device([
        Step::ok(&PREVENT, &[]),
        Step::check(&ALLOW, 0x05, 0x24, 0x00),
    ]);
    let f = file(1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&f), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(counts(&dev), (1, 0));
    assert_eq!(f.removal_locks.load(Ordering::Relaxed), 1);
}

#[test]
fn an_unlock_is_retried_up_to_four_times() {
    let not_ready = || Step::check(&ALLOW, 0x02, 0x04, 0x00);
    let dev = device([
        Step::ok(&PREVENT, &[]),
        not_ready(),
        not_ready(),
        not_ready(),
        not_ready(),
        not_ready(),
    ]);
    let f = file(1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&f), MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!(o, done(NtStatus::DEVICE_NOT_READY, 0));
    assert_script_done(&dev);
}

#[test]
fn a_lock_is_retried_twice() {
    let not_ready = || Step::check(&PREVENT, 0x02, 0x04, 0x00);
    let dev = device([not_ready(), not_ready(), not_ready()]);
    let (o, _) = ioctl(&dev, Some(&file(1)), MEDIA_REMOVAL, LOCK, 0);
    assert_eq!(o, done(NtStatus::DEVICE_NOT_READY, 0));
    assert_script_done(&dev);
}

#[test]
fn kernel_callers_use_the_device_wide_simple_count() {
    let dev = device([Step::ok(&PREVENT, &[]), Step::ok(&ALLOW, &[])]);
    let (o1, _) = ioctl(&dev, None, MEDIA_REMOVAL, LOCK, 0);
    let (o2, _) = ioctl(&dev, None, MEDIA_REMOVAL, UNLOCK, 0);
    assert_eq!((o1, o2), (ok(0), ok(0)));
    assert_eq!(counts(&dev), (0, 0));
    assert_script_done(&dev);
}

#[test]
fn a_secure_lock_needs_a_handle() {
    let dev = device([]);
    let (o, _) = ioctl(&dev, None, EJECTION_CONTROL, LOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_HANDLE, 0));
}

#[test]
fn a_secure_unlock_without_a_lock_is_invalid_device_state() {
    let dev = device([]);
    let (o, _) = ioctl(&dev, Some(&file(1)), EJECTION_CONTROL, UNLOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_STATE, 0));
}

#[test]
fn a_secure_unlock_by_another_handle_is_invalid_device_state() {
    let dev = device([Step::ok(&PREVENT, &[])]);
    ioctl(&dev, Some(&file(1)), EJECTION_CONTROL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&file(2)), EJECTION_CONTROL, UNLOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_STATE, 0));
    assert_eq!(counts(&dev), (0, 1));
}

#[test]
fn simple_and_secure_locks_share_one_prevent() {
    let dev = device([Step::ok(&PREVENT, &[]), Step::ok(&ALLOW, &[])]);
    let f = file(1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&f), EJECTION_CONTROL, LOCK, 0);
    assert_eq!(counts(&dev), (1, 1));
    assert_eq!(f.secure_locks.load(Ordering::Relaxed), 1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, UNLOCK, 0);
    let (o, _) = ioctl(&dev, Some(&f), EJECTION_CONTROL, UNLOCK, 0);
    assert_eq!(o, ok(0));
    assert_eq!(counts(&dev), (0, 0));
    assert_script_done(&dev);
}

// ---- cleanup ----

#[test]
fn cleanup_releases_the_handles_simple_and_secure_locks() {
    let dev = device([Step::ok(&PREVENT, &[]), Step::ok(&ALLOW, &[])]);
    let f = file(1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&f), EJECTION_CONTROL, LOCK, 0);
    dev.cleanup(&f);
    assert_eq!(counts(&dev), (0, 0));
    assert_eq!(f.removal_locks.load(Ordering::Relaxed), 0);
    assert_eq!(f.secure_locks.load(Ordering::Relaxed), 0);
    assert_script_done(&dev);
}

#[test]
fn cleanup_keeps_the_tray_locked_for_other_handles() {
    let dev = device([Step::ok(&PREVENT, &[])]);
    let (a, b) = (file(1), file(2));
    ioctl(&dev, Some(&a), MEDIA_REMOVAL, LOCK, 0);
    ioctl(&dev, Some(&b), EJECTION_CONTROL, LOCK, 0);
    dev.cleanup(&a);
    assert_eq!(counts(&dev), (0, 1));
    assert_script_done(&dev);
}

#[test]
fn cleanup_without_locks_sends_nothing() {
    let dev = device([]);
    release_handle(&dev, &file(1));
    assert_eq!(counts(&dev), (0, 0));
}

#[test]
fn cleanup_releases_even_under_another_handles_exclusive_lock() {
    let dev = device([Step::ok(&PREVENT, &[]), Step::ok(&ALLOW, &[])]);
    let f = file(1);
    ioctl(&dev, Some(&f), MEDIA_REMOVAL, LOCK, 0);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    release_handle(&dev, &f);
    assert_eq!(counts(&dev), (0, 0));
    assert_script_done(&dev);
}

#[test]
fn cleanup_drops_the_counts_even_when_allow_fails() {
    let dev = device([
        Step::ok(&PREVENT, &[]),
        Step::check(&ALLOW, 0x05, 0x24, 0x00),
    ]);
    let f = file(1);
    ioctl(&dev, Some(&f), EJECTION_CONTROL, LOCK, 0);
    release_handle(&dev, &f);
    assert_eq!(counts(&dev), (0, 0));
    assert_eq!(f.secure_locks.load(Ordering::Relaxed), 0);
}

#[test]
fn cleanup_gives_back_the_handles_mcn_disables() {
    let dev = device([]);
    let (a, b) = (file(1), file(2));
    ioctl(&dev, Some(&a), MCN_CONTROL, LOCK, 0);
    ioctl(&dev, Some(&a), MCN_CONTROL, LOCK, 0);
    ioctl(&dev, Some(&b), MCN_CONTROL, LOCK, 0);
    release_handle(&dev, &a);
    assert_eq!(state(&dev, |s| s.media.mcn_disable_count), 1);
    assert_eq!(a.mcn_disables.load(Ordering::Relaxed), 0);
}

// ---- RESERVE / RELEASE ----

#[test]
fn reserve_and_release_use_the_6_byte_forms() {
    let dev = device([
        Step::ok(&[0x16, 0, 0, 0, 0, 0], &[]),
        Step::ok(&[0x17, 0, 0, 0, 0, 0], &[]),
    ]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), RESERVE, &[], 0);
    let (o2, _) = ioctl(&dev, Some(&f), RELEASE, &[], 0);
    assert_eq!((o1, o2), (ok(0), ok(0)));
    assert_script_done(&dev);
}

#[test]
fn reserve_falls_back_to_the_10_byte_form_and_remembers_it() {
    let dev = device([
        Step::check(&[0x16, 0, 0, 0, 0, 0], 0x05, 0x20, 0x00),
        Step::ok(&[0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0], &[]),
        Step::ok(&[0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0], &[]),
    ]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), CDROM_RESERVE, &[], 0);
    let (o2, _) = ioctl(&dev, Some(&f), RELEASE, &[], 0);
    assert_eq!((o1, o2), (ok(0), ok(0)));
    assert!(state(&dev, |s| s.media.reserve_uses_10));
    assert_script_done(&dev);
}

#[test]
fn a_reservation_conflict_is_device_busy() {
    let mut conflict = Step::ok(&[0x16, 0, 0, 0, 0, 0], &[]);
    conflict.result = PortResult {
        scsi_status: 0x18,
        ..PortResult::srb_error(SrbStatus::ERROR)
    };
    let dev = device([conflict]);
    let (o, _) = ioctl(&dev, Some(&file(1)), RESERVE, &[], 0);
    assert_eq!(o, done(NtStatus::DEVICE_BUSY, 0));
    assert!(!state(&dev, |s| s.media.reserve_uses_10));
}

// ---- GET_MEDIA_TYPES_EX (§2.14) ----

/// DEVICE_MEDIA_INFO bytes: Cylinders, MediaType, 64, 32, BytesPerSector,
/// 1 side, characteristics.
fn entry(cylinders: u64, media_type: u32, bps: u32, flags: u32) -> Vec<u8> {
    let mut e = Vec::new();
    e.extend_from_slice(&cylinders.to_le_bytes());
    e.extend_from_slice(&media_type.to_le_bytes());
    e.extend_from_slice(&64u32.to_le_bytes());
    e.extend_from_slice(&32u32.to_le_bytes());
    e.extend_from_slice(&bps.to_le_bytes());
    e.extend_from_slice(&1u32.to_le_bytes());
    e.extend_from_slice(&flags.to_le_bytes());
    e
}

#[test]
fn media_types_of_a_non_mmc_drive_with_a_disc() {
    let dev = device([Step::ok(&TUR, &[])]);
    state(&dev, |s| {
        s.capacity = Some(Capacity::from_read_capacity(0x0004_4E2F, 2048));
    });
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 40);
    let mut want = std::vec![2, 0, 0, 0, 1, 0, 0, 0];
    // 0x44E30 blocks / 2048 = 137 cylinders; READ_ONLY | CURRENTLY_MOUNTED.
    want.extend(entry(137, 0x33, 2048, 0x8000_0004));
    assert_eq!(o, ok(40));
    assert_eq!(out, want);
    assert_script_done(&dev);
}

#[test]
fn media_types_of_an_mmc_drive_mark_a_writable_disc_on_the_second_entry() {
    let dev = device([Step::ok(&TUR, &[])]);
    state(&dev, |s| {
        s.caps.mmc = true;
        s.caps.current_profile = 0x000A;
    });
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 80);
    let mut want = std::vec![2, 0, 0, 0, 2, 0, 0, 0];
    want.extend(entry(0, 0x33, 0, 0x4));
    want.extend(entry(0, 11, 0, 0x8000_0008));
    want.extend([0xA5; 8]);
    assert_eq!(o, ok(72));
    assert_eq!(out, want);
}

#[test]
fn media_types_of_an_mmc_drive_mark_a_pressed_disc_on_the_first_entry() {
    let dev = device([Step::ok(&TUR, &[])]);
    state(&dev, |s| {
        s.caps.mmc = true;
        s.caps.current_profile = 0x0008;
    });
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 72);
    assert_eq!(o, ok(72));
    assert_eq!(&out[36..40], &[4, 0, 0, 0x80]);
    assert_eq!(&out[68..72], &[8, 0, 0, 0]);
}

#[test]
fn media_types_report_a_dvd_drive_for_a_dvd_profile() {
    let dev = device([Step::ok(&TUR, &[])]);
    state(&dev, |s| {
        s.caps.mmc = true;
        s.caps.current_profile = 0x0010;
    });
    let (_, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 72);
    assert_eq!(&out[..4], &[0x33, 0, 0, 0]);
}

#[test]
fn media_types_too_small_report_the_needed_size() {
    let dev = device([]);
    let f = file(1);
    let (o1, out1) = ioctl(&dev, Some(&f), GET_MEDIA_TYPES_EX, &[], 39);
    state(&dev, |s| s.caps.mmc = true);
    let (o2, _) = ioctl(&dev, Some(&f), GET_MEDIA_TYPES_EX, &[], 40);
    assert_eq!(o1, done(NtStatus::BUFFER_TOO_SMALL, 40));
    assert_eq!(o2, done(NtStatus::BUFFER_TOO_SMALL, 72));
    assert_eq!(out1, [0xA5; 39]);
}

#[test]
fn media_types_without_a_disc_succeed_unmounted() {
    let dev = device([Step::check(&TUR, 0x02, 0x3A, 0x01)]);
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 40);
    assert_eq!(o, ok(40));
    assert_eq!(&out[36..40], &[4, 0, 0, 0]);
}

#[test]
fn media_types_under_another_handles_lock_skip_the_tur() {
    let dev = device([]);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 40);
    assert_eq!(o, ok(40));
    assert_eq!(&out[36..40], &[4, 0, 0, 0]);
}

#[test]
fn media_types_of_the_lock_owner_send_the_tur() {
    let dev = device([Step::ok(&TUR, &[])]);
    dev.shared.exclusive_owner.store(1, Ordering::Relaxed);
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_MEDIA_TYPES_EX, &[], 40);
    assert_eq!(o, ok(40));
    assert_eq!(&out[36..40], &[4, 0, 0, 0x80]);
    assert_script_done(&dev);
}

// ---- MCN_CONTROL ----

#[test]
fn mcn_disables_count_per_handle() {
    let dev = device([]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), MCN_CONTROL, LOCK, 0);
    let (o2, _) = ioctl(&dev, Some(&f), MCN_CONTROL, LOCK, 0);
    let (o3, _) = ioctl(&dev, Some(&f), MCN_CONTROL, UNLOCK, 0);
    assert_eq!((o1, o2, o3), (ok(0), ok(0), ok(0)));
    assert_eq!(f.mcn_disables.load(Ordering::Relaxed), 1);
    assert_eq!(state(&dev, |s| s.media.mcn_disable_count), 1);
}

#[test]
fn mcn_enable_without_a_disable_is_invalid_device_state() {
    let dev = device([]);
    ioctl(&dev, Some(&file(2)), MCN_CONTROL, LOCK, 0);
    let (o, _) = ioctl(&dev, Some(&file(1)), MCN_CONTROL, UNLOCK, 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_STATE, 0));
    assert_eq!(state(&dev, |s| s.media.mcn_disable_count), 1);
}

#[test]
fn kernel_mcn_disables_have_their_own_count() {
    let dev = device([]);
    let (o1, _) = ioctl(&dev, None, MCN_CONTROL, LOCK, 0);
    let (o2, _) = ioctl(&dev, None, MCN_CONTROL, UNLOCK, 0);
    let (o3, _) = ioctl(&dev, None, MCN_CONTROL, UNLOCK, 0);
    assert_eq!((o1, o2), (ok(0), ok(0)));
    assert_eq!(o3, done(NtStatus::INVALID_DEVICE_STATE, 0));
    assert_eq!(state(&dev, |s| s.media.mcn_disable_count), 0);
}

/// The `suspend_media_polling` calls the port saw.
fn lower_polling(dev: &TestDevice) -> Vec<bool> {
    dev.platform.unit.borrow().port.polling.clone()
}

#[test]
fn the_lower_polling_stops_at_the_first_mcn_disable_and_resumes_after_the_last() {
    let dev = device([]);
    let (a, b) = (file(1), file(2));
    ioctl(&dev, Some(&a), MCN_CONTROL, LOCK, 0);
    ioctl(&dev, Some(&b), MCN_CONTROL, LOCK, 0);
    ioctl(&dev, None, MCN_CONTROL, LOCK, 0);
    assert_eq!(lower_polling(&dev), [true]);
    ioctl(&dev, Some(&a), MCN_CONTROL, UNLOCK, 0);
    ioctl(&dev, None, MCN_CONTROL, UNLOCK, 0);
    assert_eq!(lower_polling(&dev), [true]);
    release_handle(&dev, &b);
    assert_eq!(lower_polling(&dev), [true, false]);
}

#[test]
fn a_refused_mcn_enable_does_not_touch_the_lower_polling() {
    let dev = device([]);
    ioctl(&dev, Some(&file(1)), MCN_CONTROL, UNLOCK, 0);
    ioctl(&dev, Some(&file(1)), MCN_CONTROL, &[], 0);
    assert!(lower_polling(&dev).is_empty());
}

#[test]
fn the_lower_polling_stays_off_while_a_lock_or_a_disable_remains() {
    let dev = device([]);
    let f = file(1);
    let lock = |request_type: u32| {
        let mut b = [0u8; 72];
        b[..4].copy_from_slice(&request_type.to_le_bytes());
        b[8..12].copy_from_slice(b"burn");
        b
    };
    ioctl(&dev, Some(&f), 0x2C05C, &lock(1), 0);
    ioctl(&dev, Some(&f), MCN_CONTROL, LOCK, 0);
    ioctl(&dev, Some(&f), 0x2C05C, &lock(2)[..8], 0);
    assert_eq!(lower_polling(&dev), [true], "still disabled by MCN");
    ioctl(&dev, Some(&f), MCN_CONTROL, UNLOCK, 0);
    assert_eq!(lower_polling(&dev), [true, false]);
}

// ---- media-change poll ----

/// GESN media-class answer: header (length 6, class 4, media supported),
/// then the descriptor.
fn gesn_event(code: u8, status: u8) -> [u8; 8] {
    [0x00, 0x06, 0x04, 0x10, code, status, 0x00, 0x00]
}

#[test]
fn poll_is_suspended_under_an_exclusive_lock() {
    let dev = device([]);
    dev.shared.exclusive_owner.store(1, Ordering::Relaxed);
    poll_media(&dev);
    assert!(state(&dev, |s| s.event_pending));
    assert_eq!(events(&dev), []);
}

#[test]
fn poll_is_suspended_while_mcn_is_disabled() {
    let dev = device([]);
    ioctl(&dev, Some(&file(1)), MCN_CONTROL, LOCK, 0);
    poll_media(&dev);
    assert_eq!(events(&dev), []);
    assert!(!state(&dev, |s| s.event_pending));
}

#[test]
fn poll_reports_new_media() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x02, 0x02))]);
    with_medium(&dev);
    dev.shared.play_active.store(true, Ordering::Relaxed);
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::MediaArrival]);
    assert_eq!(dev.shared.media_change_count.load(Ordering::Relaxed), 1);
    assert_eq!(state(&dev, |s| (s.capacity, s.caps.stale)), (None, true));
    assert!(!dev.shared.play_active.load(Ordering::Relaxed));
    assert_eq!(state(&dev, |s| s.media.present), Some(true));
    assert_script_done(&dev);
}

#[test]
fn poll_flags_a_mounted_volume_on_new_media() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x02, 0x02))]);
    dev.shared.volume_mounted.store(true, Ordering::Relaxed);
    poll_media(&dev);
    assert!(dev.shared.verify_volume.load(Ordering::Relaxed));
}

#[test]
fn poll_reports_a_media_change_as_arrival() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x04, 0x02))]);
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::MediaArrival]);
}

#[test]
fn poll_reports_media_removal() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x03, 0x01))]);
    with_medium(&dev);
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::MediaRemoval]);
    assert_eq!(dev.shared.media_change_count.load(Ordering::Relaxed), 1);
    assert_eq!(
        state(&dev, |s| (s.capacity, s.media.present)),
        (None, Some(false))
    );
}

#[test]
fn poll_reports_an_eject_request() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x01, 0x02))]);
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::EjectRequest]);
    assert_eq!(dev.shared.media_change_count.load(Ordering::Relaxed), 0);
}

#[test]
fn poll_without_an_event_changes_nothing() {
    let dev = device([Step::short(&GESN, &[0x00, 0x02, 0x84, 0x10])]);
    with_medium(&dev);
    poll_media(&dev);
    assert_eq!(events(&dev), []);
    assert!(state(&dev, |s| s.capacity.is_some()));
    assert_script_done(&dev);
}

#[test]
fn poll_clears_a_pending_event() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x00, 0x02))]);
    state(&dev, |s| s.event_pending = true);
    poll_media(&dev);
    assert!(!state(&dev, |s| s.event_pending));
}

#[test]
fn poll_falls_back_to_tur_when_gesn_is_refused() {
    let dev = device([
        Step::check(&GESN, 0x05, 0x20, 0x00),
        Step::ok(&TUR, &[]),
        Step::ok(&TUR, &[]),
    ]);
    poll_media(&dev);
    poll_media(&dev);
    assert!(state(&dev, |s| s.media.gesn_unsupported));
    assert_eq!(events(&dev), []);
    assert_script_done(&dev);
}

#[test]
fn poll_falls_back_to_tur_when_gesn_has_no_media_class() {
    let dev = device([
        Step::short(&GESN, &[0x00, 0x02, 0x80, 0x02]),
        Step::ok(&TUR, &[]),
    ]);
    poll_media(&dev);
    assert!(state(&dev, |s| s.media.gesn_unsupported));
    assert_eq!(state(&dev, |s| s.media.present), Some(true));
    assert_script_done(&dev);
}

#[test]
fn tur_polling_reports_transitions_after_the_first_answer() {
    let dev = device([
        Step::ok(&TUR, &[]),
        Step::check(&TUR, 0x02, 0x3A, 0x01),
        Step::check(&TUR, 0x02, 0x3A, 0x01),
        Step::ok(&TUR, &[]),
    ]);
    state(&dev, |s| s.media.gesn_unsupported = true);
    poll_media(&dev);
    assert_eq!(events(&dev), []);
    poll_media(&dev);
    poll_media(&dev);
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::MediaRemoval, Event::MediaArrival]);
    assert_eq!(dev.shared.media_change_count.load(Ordering::Relaxed), 2);
    assert_script_done(&dev);
}

#[test]
fn tur_polling_ignores_a_drive_becoming_ready() {
    let becoming = || Step::check(&TUR, 0x02, 0x04, 0x01);
    let dev = device([
        becoming(),
        becoming(),
        becoming(),
        becoming(),
        becoming(),
        becoming(),
    ]);
    state(&dev, |s| {
        s.media.gesn_unsupported = true;
        s.media.present = Some(false);
    });
    poll_media(&dev);
    assert_eq!(events(&dev), [Event::BecomingReady; 6]);
    assert_eq!(state(&dev, |s| s.media.present), Some(false));
    assert_script_done(&dev);
}

#[test]
fn a_poll_can_run_inside_the_serialised_section() {
    let dev = device([Step::ok(&GESN, &gesn_event(0x02, 0x02))]);
    let ran = dev.run(None, false, poll_media_in);
    assert_eq!(ran, Ok(()));
    assert_eq!(events(&dev), [Event::MediaArrival]);
}
