//! Speed family: SET_SPEED (both request types), the restore-on-change
//! rule, GET_PERFORMANCE, ENABLE_STREAMING and SEND_OPC_INFORMATION; every
//! size check and status of spec/ioctls.md §2.5–2.8, from literal bytes.

use std::vec::Vec;

use core::sync::atomic::Ordering;

use crate::device::streaming;
use crate::handlers::media::poll_media;
use crate::status::NtStatus;
use crate::testing::{assert_script_done, device, done, file, ioctl, ok, state, Step, TestDevice};

const SET_SPEED: u32 = 0x24060;
const GET_PERFORMANCE: u32 = 0x24070;
const ENABLE_STREAMING: u32 = 0x24068;
const SEND_OPC_INFORMATION: u32 = 0x2C06C;

const SET_STREAMING_CDB: [u8; 12] = [0xB6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1C, 0];
const GESN: [u8; 10] = [0x4A, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x00];
const NEW_MEDIA: [u8; 8] = [0x00, 0x06, 0x04, 0x10, 0x02, 0x02, 0x00, 0x00];
const NO_EVENT: [u8; 4] = [0x00, 0x02, 0x84, 0x10];

fn mmc(dev: &TestDevice) {
    state(dev, |s| {
        s.caps.mmc = true;
        s.caps.stale = false;
    });
}

/// CDROM_SET_STREAMING: ReadSize 1024, ReadTime 1000, EndLba 0x57E3F,
/// SetExact, and `persistent`.
fn set_streaming_input(persistent: u8) -> [u8; 36] {
    let mut b = [0u8; 36];
    b[0] = 1;
    b[4..8].copy_from_slice(&1024u32.to_le_bytes());
    b[8..12].copy_from_slice(&1000u32.to_le_bytes());
    b[24..28].copy_from_slice(&0x0005_7E3Fu32.to_le_bytes());
    b[33] = 1;
    b[35] = persistent;
    b
}

/// The PERFORMANCE_DESCRIPTOR that input becomes.
const STREAMING_DESCRIPTOR: [u8; 28] = [
    0x02, 0, 0, 0, // Exact
    0x00, 0x00, 0x00, 0x00, // StartLba
    0x00, 0x05, 0x7E, 0x3F, // EndLba
    0x00, 0x00, 0x04, 0x00, // ReadSize
    0x00, 0x00, 0x03, 0xE8, // ReadTime
    0x00, 0x00, 0x00, 0x00, // WriteSize
    0x00, 0x00, 0x00, 0x00, // WriteTime
];

fn restore_descriptor() -> [u8; 28] {
    let mut d = [0u8; 28];
    d[0] = 0x04;
    d
}

// ---- SET_SPEED (§2.5) ----

#[test]
fn set_speed_sends_set_cd_speed() {
    let dev = device([Step::ok(
        &[0xBB, 0x01, 0x02, 0xC2, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0],
        &[],
    )]);
    let input = [0, 0, 0, 0, 0xC2, 0x02, 0xFF, 0xFF, 1, 0, 0, 0];
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &input, 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn set_speed_input_shorter_than_12_is_info_length_mismatch() {
    let dev = device([]);
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &[0; 11], 0);
    assert_eq!(o, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
}

#[test]
fn set_speed_unknown_request_type_is_invalid_parameter() {
    let dev = device([]);
    let input = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &input, 0);
    assert_eq!(o, done(NtStatus::INVALID_PARAMETER, 0));
}

#[test]
fn set_streaming_on_a_non_mmc_drive_is_invalid_device_request() {
    let dev = device([]);
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(1), 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

#[test]
fn set_streaming_input_shorter_than_36_is_info_length_mismatch() {
    let dev = device([]);
    mmc(&dev);
    let input = set_streaming_input(1);
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &input[..35], 0);
    assert_eq!(o, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
}

#[test]
fn set_streaming_sends_the_performance_descriptor() {
    let dev = device([Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR)]);
    mmc(&dev);
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(1), 0);
    assert_eq!(o, ok(0));
    assert!(!state(&dev, |s| s.restore_speed_on_change));
    assert_script_done(&dev);
}

#[test]
fn set_streaming_maps_every_flag() {
    let mut input = set_streaming_input(1);
    input[28] = 1; // CAV
    input[32] = 1; // RestoreDefaults
    input[34] = 7; // RandomAccess (any non-zero BOOLEAN)
    let mut want = STREAMING_DESCRIPTOR;
    want[0] = 0x01 | 0x02 | 0x04 | 0x08;
    let dev = device([Step::out(&SET_STREAMING_CDB, &want)]);
    mmc(&dev);
    let (o, _) = ioctl(&dev, Some(&file(1)), SET_SPEED, &input, 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn non_persistent_streaming_restores_the_defaults_once_after_a_change() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::ok(&GESN, &NEW_MEDIA),
        Step::out(&SET_STREAMING_CDB, &restore_descriptor()),
        Step::ok(&GESN, &NEW_MEDIA),
    ]);
    mmc(&dev);
    ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(0), 0);
    assert!(state(&dev, |s| s.restore_speed_on_change));
    poll_media(&dev);
    assert!(!state(&dev, |s| s.restore_speed_on_change));
    poll_media(&dev);
    assert_script_done(&dev);
}

#[test]
fn no_restore_without_a_medium_change() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::short(&GESN, &NO_EVENT),
    ]);
    mmc(&dev);
    ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(0), 0);
    poll_media(&dev);
    assert!(state(&dev, |s| s.restore_speed_on_change));
    assert_script_done(&dev);
}

#[test]
fn a_change_seen_by_any_command_triggers_the_restore() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::short(&GESN, &NO_EVENT),
        Step::out(&SET_STREAMING_CDB, &restore_descriptor()),
    ]);
    mmc(&dev);
    ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(0), 0);
    // A UNIT ATTENTION of some other command moved the count.
    dev.shared
        .media_change_count
        .fetch_add(1, Ordering::Relaxed);
    poll_media(&dev);
    assert!(!state(&dev, |s| s.restore_speed_on_change));
    assert_script_done(&dev);
}

#[test]
fn a_restore_that_meets_verify_required_is_retried_at_the_next_poll() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::ok(&GESN, &NEW_MEDIA),
        Step::check(&SET_STREAMING_CDB, 0x06, 0x28, 0x00),
        Step::short(&GESN, &NO_EVENT),
        Step::out(&SET_STREAMING_CDB, &restore_descriptor()),
    ]);
    mmc(&dev);
    dev.shared.volume_mounted.store(true, Ordering::Relaxed);
    ioctl(&dev, Some(&file(1)), SET_SPEED, &set_streaming_input(0), 0);
    poll_media(&dev);
    assert!(state(&dev, |s| s.restore_speed_on_change));
    poll_media(&dev);
    assert!(!state(&dev, |s| s.restore_speed_on_change));
    assert_script_done(&dev);
}

#[test]
fn persistent_streaming_disarms_a_pending_restore() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
    ]);
    mmc(&dev);
    let f = file(1);
    ioctl(&dev, Some(&f), SET_SPEED, &set_streaming_input(0), 0);
    ioctl(&dev, Some(&f), SET_SPEED, &set_streaming_input(1), 0);
    assert!(!state(&dev, |s| s.restore_speed_on_change));
}

#[test]
fn a_failed_set_speed_disarms_the_restore() {
    let dev = device([
        Step::out(&SET_STREAMING_CDB, &STREAMING_DESCRIPTOR),
        Step::check(&[0xBB, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0x05, 0x24, 0x00),
    ]);
    mmc(&dev);
    let f = file(1);
    ioctl(&dev, Some(&f), SET_SPEED, &set_streaming_input(0), 0);
    let (o, _) = ioctl(&dev, Some(&f), SET_SPEED, &[0; 12], 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert!(!state(&dev, |s| s.restore_speed_on_change));
}

// ---- GET_PERFORMANCE (§2.6) ----

/// CDROM_PERFORMANCE_REQUEST: performance, `kind`, `exceptions`, tolerance
/// 1, StaringLba.
fn performance_request(kind: u32, exceptions: u32, tolerance: u32, lba: u32) -> Vec<u8> {
    [1, kind, exceptions, tolerance, lba]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect()
}

/// Header (DataLength 20) + one nominal descriptor.
const NOMINAL_ANSWER: [u8; 24] = [
    0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, // header
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1B, 0x90, // StartLba, StartPerformance
    0x00, 0x05, 0x7E, 0x3F, 0x00, 0x00, 0x2B, 0x20, // EndLba, EndPerformance
];

#[test]
fn nominal_read_performance() {
    let dev = device([Step::ok(
        &[0xAC, 0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0x00, 0],
        &NOMINAL_ANSWER,
    )]);
    let (o, out) = ioctl(
        &dev,
        Some(&file(1)),
        GET_PERFORMANCE,
        &performance_request(1, 1, 1, 0),
        40,
    );
    assert_eq!(o, ok(24));
    assert_eq!(&out[..24], &NOMINAL_ANSWER);
    // The rest of the window the device was given is zeroed before the
    // transfer (`Ctx::send`), never left stale.
    assert_eq!(&out[24..], &[0; 16]);
    assert_script_done(&dev);
}

#[test]
fn an_under_run_of_get_performance_is_success() {
    let dev = device([Step::short(
        &[0xAC, 0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x02, 0x00, 0],
        &NOMINAL_ANSWER,
    )]);
    let (o, _) = ioctl(
        &dev,
        Some(&file(1)),
        GET_PERFORMANCE,
        &performance_request(1, 1, 1, 0),
        40,
    );
    assert_eq!(o, ok(24));
}

#[test]
fn write_exceptions_from_an_lba() {
    let dev = device([Step::ok(
        &[
            0xAC, 0x16, 0x00, 0x00, 0x12, 0x34, 0, 0, 0x00, 0x02, 0x00, 0,
        ],
        &[0, 0, 0, 4, 3, 0, 0, 0],
    )]);
    let (o, _) = ioctl(
        &dev,
        Some(&file(1)),
        GET_PERFORMANCE,
        &performance_request(2, 3, 1, 0x1234),
        20,
    );
    assert_eq!(o, ok(8));
    assert_script_done(&dev);
}

#[test]
fn entire_performance_list() {
    let dev = device([Step::ok(
        &[0xAC, 0x11, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0],
        &NOMINAL_ANSWER,
    )]);
    let (o, _) = ioctl(
        &dev,
        Some(&file(1)),
        GET_PERFORMANCE,
        &performance_request(1, 2, 1, 0),
        24,
    );
    assert_eq!(o, ok(24));
    assert_script_done(&dev);
}

#[test]
fn write_speed_descriptors() {
    let answer = [
        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, // header
        0x02, 0x00, 0x00, 0x00, 0x00, 0x05, 0x7E, 0x3F, // Exact, EndLba
        0x00, 0x00, 0x1B, 0x90, 0x00, 0x00, 0x1B, 0x90, // ReadSpeed, WriteSpeed
    ];
    let dev = device([Step::ok(
        &[0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x03, 0],
        &answer,
    )]);
    let (o, out) = ioctl(&dev, Some(&file(1)), GET_PERFORMANCE, &[2, 0, 0, 0], 24);
    assert_eq!(o, ok(24));
    assert_eq!(out, answer);
}

#[test]
fn the_largest_output_asks_for_4095_descriptors() {
    let dev = device([Step::ok(
        &[0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x0F, 0xFF, 0x03, 0],
        &[0, 0, 0, 4, 0, 0, 0, 0],
    )]);
    let (o, _) = ioctl(&dev, Some(&file(1)), GET_PERFORMANCE, &[2, 0, 0, 0], 0xFFFF);
    assert_eq!(o, ok(8));
    assert_script_done(&dev);
}

#[test]
fn an_answer_shorter_than_the_header_is_invalid_device_request() {
    let dev = device([Step::short(
        &[0xAC, 0x00, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0x03, 0],
        &[0, 0, 0, 0],
    )]);
    let (o, _) = ioctl(&dev, Some(&file(1)), GET_PERFORMANCE, &[2, 0, 0, 0], 24);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

#[test]
fn get_performance_input_checks() {
    let dev = device([]);
    let f = file(1);
    let call = |input: &[u8], out: usize| ioctl(&dev, Some(&f), GET_PERFORMANCE, input, out).0;
    let ilm = done(NtStatus::INFO_LENGTH_MISMATCH, 0);
    let ip = done(NtStatus::INVALID_PARAMETER, 0);
    assert_eq!(call(&[2, 0, 0], 24), ilm);
    assert_eq!(call(&performance_request(1, 1, 1, 0)[..19], 24), ilm);
    // The SDK's request types start at 1.
    assert_eq!(call(&[0, 0, 0, 0], 24), ip);
    assert_eq!(call(&[3, 0, 0, 0], 24), ip);
    assert_eq!(call(&performance_request(0, 1, 1, 0), 24), ip);
    assert_eq!(call(&performance_request(3, 1, 1, 0), 24), ip);
    assert_eq!(call(&performance_request(1, 0, 1, 0), 24), ip);
    assert_eq!(call(&performance_request(1, 4, 1, 0), 24), ip);
    assert_eq!(call(&performance_request(1, 1, 0, 0), 24), ip);
    assert_eq!(call(&performance_request(1, 1, 2, 0), 24), ip);
    // Input errors come before output errors.
    assert_eq!(call(&[3, 0, 0, 0], 0), ip);
}

#[test]
fn get_performance_output_checks() {
    let dev = device([]);
    let f = file(1);
    let (o1, out1) = ioctl(&dev, Some(&f), GET_PERFORMANCE, &[2, 0, 0, 0], 7);
    let (o2, _) = ioctl(&dev, Some(&f), GET_PERFORMANCE, &[2, 0, 0, 0], 0x1_0000);
    assert_eq!(o1, done(NtStatus::BUFFER_TOO_SMALL, 8));
    assert_eq!(out1, [0xA5; 7]);
    assert_eq!(o2, done(NtStatus::INVALID_PARAMETER, 0));
}

// ---- ENABLE_STREAMING (§2.7) ----

fn streaming_caps(dev: &TestDevice, read: bool, write: bool) {
    state(dev, |s| {
        s.caps.stale = false;
        s.caps.streaming_read = read;
        s.caps.streaming_write = write;
    });
}

#[test]
fn enable_streaming_input_checks() {
    let dev = device([]);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[2, 0, 0], 0);
    let (o2, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[0, 0, 0, 0], 0);
    let (o3, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[5, 0, 0, 0], 0);
    assert_eq!(o1, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
    assert_eq!(o2, done(NtStatus::INVALID_PARAMETER, 0));
    assert_eq!(o3, done(NtStatus::INVALID_PARAMETER, 0));
}

#[test]
fn enable_streaming_needs_a_handle() {
    let dev = device([]);
    streaming_caps(&dev, true, true);
    let (o, _) = ioctl(&dev, None, ENABLE_STREAMING, &[2, 0, 0, 0], 0);
    assert_eq!(o, done(NtStatus::INVALID_HANDLE, 0));
}

#[test]
fn read_streaming_needs_the_capability() {
    let dev = device([]);
    streaming_caps(&dev, false, true);
    let f = file(1);
    let (o, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[2, 0, 0, 0], 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(f.streaming.load(Ordering::Relaxed), 0);
}

#[test]
fn write_streaming_needs_the_capability() {
    let dev = device([]);
    streaming_caps(&dev, true, false);
    let f = file(1);
    let (o1, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[3, 0, 0, 0], 0);
    let (o2, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[4, 0, 0, 0], 0);
    assert_eq!(o1, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(o2, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

#[test]
fn streaming_flags_are_per_handle() {
    let dev = device([]);
    streaming_caps(&dev, true, true);
    let (a, b, c) = (file(1), file(2), file(3));
    let results = [
        ioctl(&dev, Some(&a), ENABLE_STREAMING, &[2, 0, 0, 0], 0).0,
        ioctl(&dev, Some(&b), ENABLE_STREAMING, &[3, 0, 0, 0], 0).0,
        ioctl(&dev, Some(&c), ENABLE_STREAMING, &[4, 0, 0, 0], 0).0,
    ];
    assert_eq!(results, [ok(0), ok(0), ok(0)]);
    assert_eq!(a.streaming.load(Ordering::Relaxed), streaming::READ);
    assert_eq!(b.streaming.load(Ordering::Relaxed), streaming::WRITE);
    assert_eq!(
        c.streaming.load(Ordering::Relaxed),
        streaming::READ | streaming::WRITE
    );
}

#[test]
fn disabling_streaming_needs_no_capability() {
    let dev = device([]);
    streaming_caps(&dev, false, false);
    let f = file(1);
    f.streaming.store(streaming::READ, Ordering::Relaxed);
    let (o, _) = ioctl(&dev, Some(&f), ENABLE_STREAMING, &[1, 0, 0, 0], 0);
    assert_eq!(o, ok(0));
    assert_eq!(f.streaming.load(Ordering::Relaxed), 0);
}

#[test]
fn a_drive_that_refused_streaming_cannot_enable_it() {
    let dev = device([]);
    streaming_caps(&dev, true, true);
    state(&dev, |s| s.media.streaming_refused = true);
    let (o, _) = ioctl(&dev, Some(&file(1)), ENABLE_STREAMING, &[2, 0, 0, 0], 0);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

// ---- SEND_OPC_INFORMATION (§2.8) ----

#[test]
fn send_opc_with_both_exclusions() {
    let dev = device([Step::ok(&[0x54, 0x01, 0x03, 0, 0, 0, 0, 0, 0, 0], &[])]);
    let input = [1, 0, 0, 0, 1, 1, 0, 0];
    let (o, _) = ioctl(&dev, Some(&file(1)), SEND_OPC_INFORMATION, &input, 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn send_opc_with_exclude0_only() {
    let dev = device([Step::ok(&[0x54, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0], &[])]);
    let input = [1, 0, 0, 0, 1, 0, 0, 0];
    let (o, _) = ioctl(&dev, Some(&file(1)), SEND_OPC_INFORMATION, &input, 0);
    assert_eq!(o, ok(0));
    assert_script_done(&dev);
}

#[test]
fn send_opc_input_checks() {
    let dev = device([]);
    let f = file(1);
    let (o1, _) = ioctl(
        &dev,
        Some(&f),
        SEND_OPC_INFORMATION,
        &[1, 0, 0, 0, 0, 0, 0],
        0,
    );
    let (o2, _) = ioctl(
        &dev,
        Some(&f),
        SEND_OPC_INFORMATION,
        &[2, 0, 0, 0, 0, 0, 0, 0],
        0,
    );
    assert_eq!(o1, done(NtStatus::INFO_LENGTH_MISMATCH, 0));
    assert_eq!(o2, done(NtStatus::INVALID_PARAMETER, 0));
}

#[test]
fn send_opc_failure_is_the_sense_status() {
    let dev = device([Step::check(
        &[0x54, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0],
        0x05,
        0x20,
        0x00,
    )]);
    let (o, _) = ioctl(
        &dev,
        Some(&file(1)),
        SEND_OPC_INFORMATION,
        &[1, 0, 0, 0, 0, 0, 0, 0],
        0,
    );
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}
