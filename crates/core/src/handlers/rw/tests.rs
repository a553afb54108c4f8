//! IRP_MJ_READ / IRP_MJ_WRITE: the gate order, the sector and capacity
//! checks, and the streaming path (CDB bytes, zero copy, splitting, the
//! fallback of spec/ioctls.md §2.7).

use std::vec::Vec;

use core::sync::atomic::Ordering;

use crate::device::{streaming, Capacity, FileContext};
use crate::port::{Command, Port, PortResult, SrbStatus};
use crate::status::NtStatus;
use crate::testing::{
    assert_script_done, device, device_on, done, file, ok, state, Step, TestDevice, TestPlatform,
};
use crate::{Device, Outcome};

/// A pressed CD of 1000 blocks.
fn with_rom_disc(dev: &TestDevice) {
    state(dev, |s| {
        s.capacity = Some(Capacity::from_read_capacity(999, 2048));
        s.caps.current_profile = 0x0008;
    });
}

fn streaming_file(flags: u8) -> FileContext {
    let f = file(1);
    f.streaming.store(flags, Ordering::Relaxed);
    f
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn read(dev: &TestDevice, f: Option<&FileContext>, offset: u64, len: usize) -> (Outcome, Vec<u8>) {
    let mut buf = std::vec![0xA5u8; len];
    let o = dev.read(f, offset, &mut buf);
    (o, buf)
}

// ---- gate order ----

#[test]
fn verify_required_comes_first() {
    let dev = device([]);
    dev.shared.verify_volume.store(true, Ordering::Relaxed);
    dev.shared.play_active.store(true, Ordering::Relaxed);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    let (o, _) = read(&dev, Some(&file(1)), 1, 0);
    let w = dev.write(Some(&file(1)), 1, &[]);
    assert_eq!(o, done(NtStatus::VERIFY_REQUIRED, 0));
    assert_eq!(w, done(NtStatus::VERIFY_REQUIRED, 0));
}

#[test]
fn busy_playing_comes_before_the_exclusive_lock() {
    // Locked out: the raw flag decides, no command on the handle's behalf.
    let dev = device([]);
    dev.shared.play_active.store(true, Ordering::Relaxed);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    let (o, _) = read(&dev, Some(&file(1)), 0, 2048);
    assert_eq!(o, done(NtStatus::DEVICE_BUSY, 0));
}

#[test]
fn another_handles_lock_denies_reads_and_writes() {
    let dev = device([]);
    dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
    let (o, _) = read(&dev, Some(&file(1)), 0, 2048);
    let w = dev.write(None, 0, &[0; 2048]);
    assert_eq!(o, done(NtStatus::ACCESS_DENIED, 0));
    assert_eq!(w, done(NtStatus::ACCESS_DENIED, 0));
}

#[test]
fn the_lock_owner_reads() {
    let dev = device([]);
    dev.shared.exclusive_owner.store(1, Ordering::Relaxed);
    let (o, _) = read(&dev, Some(&file(1)), 0, 2048);
    assert_eq!(o, Outcome::PassDown);
}

#[test]
fn zero_length_succeeds_before_the_sector_checks() {
    let dev = device([]);
    let (o, _) = read(&dev, Some(&file(1)), 1, 0);
    assert_eq!(o, ok(0));
}

#[test]
fn unaligned_offsets_and_lengths_are_invalid() {
    let dev = device([]);
    let f = file(1);
    let (o1, _) = read(&dev, Some(&f), 512, 2048);
    let (o2, _) = read(&dev, Some(&f), 2048, 2047);
    let w = dev.write(Some(&f), 100, &[0; 2048]);
    assert_eq!(o1, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(o2, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(w, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

#[test]
fn reads_past_a_read_only_disc_are_invalid() {
    let dev = device([]);
    with_rom_disc(&dev);
    let f = file(1);
    let (last, _) = read(&dev, Some(&f), 999 * 2048, 2048);
    let (past, _) = read(&dev, Some(&f), 999 * 2048, 4096);
    let (wrap, _) = read(&dev, Some(&f), !2047, 2048);
    assert_eq!(last, Outcome::PassDown);
    assert_eq!(past, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
    assert_eq!(wrap, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}

#[test]
fn a_writable_disc_leaves_the_bounds_to_the_drive() {
    let dev = device([]);
    with_rom_disc(&dev);
    state(&dev, |s| s.caps.current_profile = 0x000A);
    let (o, _) = read(&dev, Some(&file(1)), 999 * 2048, 4096);
    assert_eq!(o, Outcome::PassDown);
}

#[test]
fn without_a_cached_capacity_the_drive_judges() {
    let dev = device([]);
    let (o, _) = read(&dev, Some(&file(1)), 1 << 40, 2048);
    assert_eq!(o, Outcome::PassDown);
}

#[test]
fn plain_reads_and_writes_pass_down() {
    let dev = device([]);
    with_rom_disc(&dev);
    let (o1, _) = read(&dev, Some(&file(1)), 0, 4096);
    let (o2, _) = read(&dev, None, 0, 4096);
    let w = dev.write(Some(&file(1)), 0, &[0; 2048]);
    assert_eq!(
        (o1, o2, w),
        (Outcome::PassDown, Outcome::PassDown, Outcome::PassDown)
    );
}

/// A drive whose READ SUB-CHANNEL (current position) answers audio status
/// `0`; any other command is a test failure.
struct QChannel(u8);

impl Port for QChannel {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        assert_eq!(cmd.cdb.opcode(), 0x42, "only the play-state probe");
        let answer = [
            0x00, self.0, 0x00, 0x0C, // header: audio status, data length 12
            0x01, 0x10, 0x01, 0x01, // format 1, ADR 1 / audio, track 1, index 1
            0x00, 0x00, 0x02, 0x00, // absolute address
            0x00, 0x00, 0x01, 0x00, // relative address
        ];
        let crate::DataPhase::In(buf) = cmd.data else {
            panic!("READ SUB-CHANNEL reads data");
        };
        let n = buf.len().min(answer.len());
        buf[..n].copy_from_slice(&answer[..n]);
        PortResult::good(n as u32)
    }

    fn max_transfer_bytes(&self) -> u32 {
        65536
    }
}

fn playing_device(audio_status: u8) -> Device<TestPlatform<QChannel>> {
    let dev = device_on(QChannel(audio_status));
    dev.shared.play_active.store(true, Ordering::Relaxed);
    dev
}

#[test]
fn a_read_while_playing_is_busy() {
    let dev = playing_device(0x11);
    let mut buf = [0u8; 2048];
    let o = dev.read(Some(&file(1)), 0, &mut buf);
    assert_eq!(o, done(NtStatus::DEVICE_BUSY, 0));
    assert!(dev.shared.play_active.load(Ordering::Relaxed));
}

#[test]
fn a_read_after_play_ended_by_itself_passes_down() {
    // Audio status 0x13: play operation successfully completed.
    let dev = playing_device(0x13);
    let mut buf = [0u8; 2048];
    let o = dev.read(Some(&file(1)), 0, &mut buf);
    assert_eq!(o, Outcome::PassDown);
    assert!(!dev.shared.play_active.load(Ordering::Relaxed));
}

// ---- streaming ----

const READ12_LBA16_2: [u8; 12] = [0xA8, 0, 0, 0, 0, 0x10, 0, 0, 0, 2, 0x80, 0];
const PLAIN_READ12_LBA16_2: [u8; 12] = [0xA8, 0, 0, 0, 0, 0x10, 0, 0, 0, 2, 0x00, 0];

#[test]
fn a_streaming_handle_reads_with_read12_into_its_own_buffer() {
    let data = pattern(4096);
    let dev = device([Step::ok(&READ12_LBA16_2, &data)]);
    with_rom_disc(&dev);
    let f = streaming_file(streaming::READ);
    let mut buf = std::vec![0xA5u8; 4096];
    let o = dev.read(Some(&f), 16 * 2048, &mut buf);
    assert_eq!(o, ok(4096));
    assert_eq!(buf, data);
    let unit = dev.platform.unit.borrow();
    assert_eq!(unit.port.buffers, [(buf.as_ptr() as usize, 4096)]);
    assert_eq!(unit.state.bytes_copied, 0);
    drop(unit);
    assert_script_done(&dev);
}

#[test]
fn streaming_reads_are_split_at_the_transfer_limit() {
    let data = pattern(3 * 2048);
    let dev = device([
        Step::ok(&[0xA8, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x80, 0], &data[..4096]),
        Step::ok(&[0xA8, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0x80, 0], &data[4096..]),
    ]);
    dev.platform.unit.borrow_mut().port.max_transfer = 5000;
    let f = streaming_file(streaming::READ);
    let mut buf = std::vec![0u8; 3 * 2048];
    let o = dev.read(Some(&f), 0, &mut buf);
    assert_eq!(o, ok(3 * 2048));
    assert_eq!(buf, data);
    let p = buf.as_ptr() as usize;
    assert_eq!(
        dev.platform.unit.borrow().port.buffers,
        [(p, 4096), (p + 4096, 2048)]
    );
    assert_script_done(&dev);
}

#[test]
fn an_illegal_request_falls_back_to_a_plain_read_and_stops_streaming() {
    let data = pattern(4096);
    let dev = device([
        Step::check(&READ12_LBA16_2, 0x05, 0x24, 0x00),
        Step::ok(&PLAIN_READ12_LBA16_2, &data),
    ]);
    let f = streaming_file(streaming::READ);
    let (o, buf) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, ok(4096));
    assert_eq!(buf, data);
    assert!(state(&dev, |s| s.media.streaming_refused));
    let (next, _) = read(&dev, Some(&f), 0, 2048);
    assert_eq!(next, Outcome::PassDown);
    assert_script_done(&dev);
}

#[test]
fn a_timeout_falls_back_at_once() {
    let mut timeout = Step::ok(&READ12_LBA16_2, &[]);
    timeout.result = PortResult::srb_error(SrbStatus::TIMEOUT);
    let dev = device([timeout, Step::ok(&PLAIN_READ12_LBA16_2, &pattern(4096))]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, ok(4096));
    assert!(state(&dev, |s| s.media.streaming_refused));
    assert_script_done(&dev);
}

#[test]
fn a_reset_unit_attention_falls_back() {
    let dev = device([
        Step::check(&READ12_LBA16_2, 0x06, 0x29, 0x00),
        Step::ok(&PLAIN_READ12_LBA16_2, &pattern(4096)),
    ]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, ok(4096));
    assert!(state(&dev, |s| s.media.streaming_refused));
}

#[test]
fn lba_out_of_range_is_not_a_streaming_problem() {
    let dev = device([Step::check(&READ12_LBA16_2, 0x05, 0x21, 0x00)]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, done(NtStatus::NONEXISTENT_SECTOR, 0));
    assert!(!state(&dev, |s| s.media.streaming_refused));
    assert_script_done(&dev);
}

#[test]
fn retryable_errors_are_retried_with_streaming() {
    let dev = device([
        Step::check(&READ12_LBA16_2, 0x04, 0x44, 0x00),
        Step::ok(&READ12_LBA16_2, &pattern(4096)),
    ]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, ok(4096));
    assert!(!state(&dev, |s| s.media.streaming_refused));
    assert_script_done(&dev);
}

#[test]
fn retries_of_a_streaming_read_stop_at_the_opcode_cap() {
    let hw = || Step::check(&READ12_LBA16_2, 0x04, 0x44, 0x00);
    let dev = device([hw(), hw(), hw(), hw(), hw(), hw()]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 16 * 2048, 4096);
    assert_eq!(o, done(NtStatus::IO_DEVICE_ERROR, 0));
    assert_script_done(&dev);
}

#[test]
fn a_failing_second_piece_reports_the_bytes_of_the_first() {
    let dev = device([
        Step::ok(&[0xA8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x80, 0], &pattern(2048)),
        Step::check(
            &[0xA8, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0x80, 0],
            0x03,
            0x11,
            0x00,
        ),
    ]);
    dev.platform.unit.borrow_mut().port.max_transfer = 2048;
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 0, 4096);
    assert_eq!(o, done(NtStatus::DEVICE_DATA_ERROR, 2048));
    assert_script_done(&dev);
}

#[test]
fn a_streaming_handle_writes_with_write12_from_its_own_buffer() {
    let data = pattern(2048);
    let dev = device([Step::out(
        &[0xAA, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0x80, 0],
        &data,
    )]);
    state(&dev, |s| s.caps.current_profile = 0x000A);
    let f = streaming_file(streaming::WRITE);
    let o = dev.write(Some(&f), 5 * 2048, &data);
    assert_eq!(o, ok(2048));
    assert_script_done(&dev);
}

#[test]
fn read_streaming_does_not_stream_writes() {
    let dev = device([]);
    let f = streaming_file(streaming::READ);
    assert_eq!(dev.write(Some(&f), 0, &[0; 2048]), Outcome::PassDown);
}

#[test]
fn a_streaming_offset_past_32_bit_lbas_is_invalid() {
    let dev = device([]);
    let f = streaming_file(streaming::READ);
    let (o, _) = read(&dev, Some(&f), 1 << 44, 2048);
    assert_eq!(o, done(NtStatus::INVALID_DEVICE_REQUEST, 0));
}
