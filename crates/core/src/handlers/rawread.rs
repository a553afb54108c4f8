//! IOCTL_CDROM_RAW_READ: READ CD straight into the caller's buffer.
//!
//! Flow (spec rawread-exclusive-audio.md §2):
//! 1. [`validate`], in the caller's context, in the class driver's order and
//!    with its statuses: empty input → BUFFER_TOO_SMALL (Information 0);
//!    input shorter than RAW_READ_INFO → BUFFER_TOO_SMALL (Information 16);
//!    then INVALID_PARAMETER (Information 0) for a zero count, an unknown
//!    track mode, a negative or misaligned DiskOffset, a 64-bit wrap, and an
//!    output buffer shorter than count × bytes per sector.
//! 2. Serialised ([`Device::run`], which re-checks the exclusive lock):
//!    DO_VERIFY_VOLUME → VERIFY_REQUIRED; the end-of-disc check against
//!    READ CAPACITY ([`ensure_capacity`]); buffer alignment; the C2 and
//!    sub-channel gate (re-probing stale capabilities first); then READ CD
//!    in pieces of whole sectors that the port can carry.
//!
//! Decisions where the sample is silent, lax or wrong:
//! - **DiskOffset not a multiple of 2048 → INVALID_PARAMETER** (the sample
//!   truncates silently, pitfall 5). The IOCTL defines DiskOffset as sector
//!   × 2048; a caller that computed it as sector × 2352 (an easy mistake for
//!   a "raw" read) gets an offset that is almost never a multiple of 2048,
//!   and truncation would hand it the wrong sectors without a word. A
//!   refusal turns that silent corruption into an error.
//! - **Negative DiskOffset → INVALID_PARAMETER**, checked explicitly (the
//!   sample relies on its wrap and end-of-disc checks to catch it). With
//!   negatives refused the end offset cannot wrap; it is still computed with
//!   checked arithmetic.
//! - The LBA is DiskOffset / 2048 (READ CD addresses 2048-byte CD sectors),
//!   not `DiskOffset >> SectorShift`, and it must fit the CDB's 32 bits
//!   together with the count (the sample casts it to 32 bits).
//! - **Large requests are split, not refused** (pitfall 8): a request larger
//!   than the port's maximum transfer becomes several READ CDs of whole
//!   sectors at consecutive LBAs, each into the next window of the caller's
//!   buffer. A failing piece fails the request with its status and
//!   Information 0.
//! - The data never passes through the driver: each READ CD's data-in
//!   buffer is a window of the caller's output buffer (`DataPhase::In`), so
//!   `copy_out` is never called and `bytes_copied` does not move.
//! - A short transfer fails with STATUS_DATA_OVERRUN, also when the port
//!   reports success with fewer bytes: no partial data is claimed.
//! - The raw-mode READ CD flags set EDC/ECC (see
//!   [`crate::scsi::readcd::format_for`], pitfall 6).

use core::sync::atomic::Ordering;

use zerocopy::FromBytes;

use crate::abi::rawread::{RawReadInfo, TrackModeType, COOKED_SECTOR_SIZE};
use crate::device::{Capacity, Ctx, Device, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::handlers::info::update_capacity;
use crate::handlers::probe::probe_capabilities;
use crate::port::{DataPhase, Port};
use crate::scsi::readcd::{format_for, read_cd, ReadCdFormat, MAX_SECTORS_PER_READ_CD};
use crate::status::NtStatus;

/// `sizeof(RAW_READ_INFO)`.
pub const RAW_READ_INFO_LEN: usize = size_of::<RawReadInfo>();

/// A request that passed validation in the caller's context.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RawReadPlan {
    /// The track mode.
    pub mode: TrackModeType,
    /// The READ CD fields of the mode.
    pub format: ReadCdFormat,
    /// First LBA (DiskOffset / 2048).
    pub lba: u64,
    /// Sectors to read (≥ 1).
    pub count: u32,
    /// Bytes the caller receives: count × bytes per sector.
    pub transfer_bytes: usize,
    /// DiskOffset + count × 2048, for the end-of-disc check.
    pub end_offset: u64,
}

fn invalid() -> Completion {
    Completion::error(NtStatus::INVALID_PARAMETER)
}

/// Validation in the caller's context (spec §2.3, in order). `output_len`
/// is the caller's OutputBufferLength.
pub fn validate(input: &[u8], output_len: usize) -> Result<RawReadPlan, Completion> {
    if input.is_empty() {
        return Err(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 0));
    }
    let Ok((info, _)) = RawReadInfo::read_from_prefix(input) else {
        return Err(Completion::with_info(
            NtStatus::BUFFER_TOO_SMALL,
            RAW_READ_INFO_LEN,
        ));
    };
    if info.sector_count == 0 {
        return Err(invalid());
    }
    // Pitfall 2: an unknown mode is refused explicitly, with the status the
    // sample reaches indirectly.
    let Some(format) = format_for(info.track_mode) else {
        return Err(invalid());
    };
    let Ok(offset) = u64::try_from(info.disk_offset) else {
        return Err(invalid());
    };
    let Some(end_offset) = u64::from(info.sector_count)
        .checked_mul(COOKED_SECTOR_SIZE)
        .and_then(|b| b.checked_add(offset))
    else {
        return Err(invalid());
    };
    if offset % COOKED_SECTOR_SIZE != 0 {
        return Err(invalid());
    }
    let transfer = u64::from(info.sector_count).checked_mul(u64::from(format.bytes_per_sector));
    let Some(transfer_bytes) = transfer.and_then(|t| usize::try_from(t).ok()) else {
        return Err(invalid());
    };
    if output_len < transfer_bytes {
        return Err(invalid());
    }
    Ok(RawReadPlan {
        mode: info.track_mode,
        format,
        lba: offset / COOKED_SECTOR_SIZE,
        count: info.sector_count,
        transfer_bytes,
        end_offset,
    })
}

/// IOCTL_CDROM_RAW_READ.
pub fn raw_read<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let plan = match validate(req.input, req.output.len()) {
        Ok(plan) => plan,
        Err(c) => return c,
    };
    let IoctlRequest { output, file, .. } = req;
    dev.run(file, true, |ctx| execute(ctx, &plan, output))
        .unwrap_or_else(Completion::error)
}

/// The serialised part: verify, end of disc, alignment, capabilities, then
/// the reads.
fn execute<P: Port>(ctx: &mut Ctx<'_, P>, plan: &RawReadPlan, output: &mut [u8]) -> Completion {
    // §2.4 step 1: the volume must be verified first. READ CAPACITY is sent
    // for its side effect (fresh capacity for the verify that follows); its
    // own outcome does not change the answer.
    if ctx.shared.verify_volume.load(Ordering::Relaxed) {
        let _ = update_capacity(ctx);
        return Completion::error(NtStatus::VERIFY_REQUIRED);
    }
    let capacity = match ensure_capacity(ctx) {
        Ok(c) => c,
        Err(e) => return e.into(),
    };
    // Pitfall 4: the end of the disc in 2048-byte units, as READ CAPACITY
    // reports it.
    if plan.end_offset > capacity.partition_len {
        return invalid();
    }
    let Ok(first_lba) = u32::try_from(plan.lba) else {
        return invalid();
    };
    if first_lba.checked_add(plan.count).is_none() {
        return invalid();
    }
    let Some(window) = output.get_mut(..plan.transfer_bytes) else {
        return invalid();
    };
    let mask = u64::from(ctx.port.alignment_mask());
    if window.as_ptr().addr() as u64 & mask != 0 {
        return invalid();
    }
    let Some(per_piece) = sectors_per_piece(
        plan.count,
        plan.format.bytes_per_sector,
        ctx.port.max_transfer_bytes(),
        mask,
    ) else {
        return invalid();
    };
    if let Some(status) = capability_gate(ctx, plan.mode) {
        return Completion::error(status);
    }
    match read_pieces(ctx, plan, first_lba, per_piece, window) {
        Ok(()) => Completion::ok(plan.transfer_bytes),
        Err(status) => Completion::error(status),
    }
}

/// Sectors per READ CD: as many whole sectors as one transfer carries, at
/// most the CDB's 24-bit count, and — when the request is split — a number
/// whose byte size keeps every following window as aligned as the first.
/// `None` when not even one sector fits.
fn sectors_per_piece(count: u32, per_sector: u32, max_transfer: u32, mask: u64) -> Option<u32> {
    let fit = (max_transfer / per_sector).min(MAX_SECTORS_PER_READ_CD);
    if count <= fit {
        return Some(count);
    }
    (1..=fit)
        .rev()
        .find(|&n| (u64::from(n) * u64::from(per_sector)) & mask == 0)
}

/// §2.4 step 3: the C2 and sub-channel modes need the drive's support.
/// Stale capabilities (after a medium change or an unlock) are probed again
/// first; the ungated modes never wait for a probe.
fn capability_gate<P: Port>(ctx: &mut Ctx<'_, P>, mode: TrackModeType) -> Option<NtStatus> {
    if !mode.needs_c2() && !mode.needs_subcode() {
        return None;
    }
    if ctx.state.caps.stale {
        probe_capabilities(ctx);
    }
    let caps = ctx.state.caps;
    let missing = (mode.needs_c2() && !caps.c2) || (mode.needs_subcode() && !caps.subcode);
    missing.then_some(NtStatus::INVALID_DEVICE_REQUEST)
}

/// READ CD of `plan.count` sectors from `first_lba`, `per_piece` at a time,
/// each straight into its window of `window`.
fn read_pieces<P: Port>(
    ctx: &mut Ctx<'_, P>,
    plan: &RawReadPlan,
    first_lba: u32,
    per_piece: u32,
    window: &mut [u8],
) -> Result<(), NtStatus> {
    let per_sector = plan.format.bytes_per_sector as usize;
    let mut rest = window;
    let mut lba = first_lba;
    let mut left = plan.count;
    while left > 0 {
        let n = left.min(per_piece);
        let Some((piece, tail)) = rest.split_at_mut_checked(n as usize * per_sector) else {
            return Err(NtStatus::INVALID_PARAMETER);
        };
        let Some(cdb) = read_cd(lba, n, &plan.format) else {
            return Err(NtStatus::INVALID_PARAMETER);
        };
        let expected = piece.len();
        // The caller's pages (the request's MDL): see `SendOpts::caller_memory`.
        let opts = SendOpts {
            caller_memory: true,
            ..SendOpts::default()
        };
        match ctx.send(cdb, DataPhase::In(piece), opts) {
            Ok(got) if got == expected => {}
            Ok(_) => return Err(NtStatus::DATA_OVERRUN),
            Err(e) => return Err(e.status),
        }
        rest = tail;
        lba = lba.saturating_add(n);
        left -= n;
    }
    Ok(())
}

/// The capacity of the medium: the cached READ CAPACITY, or a fresh one
/// ([`update_capacity`], the geometry IOCTLs' READ CAPACITY(10), which
/// stores it in `ctx.state.capacity`).
pub fn ensure_capacity<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<Capacity, NtStatus> {
    match ctx.state.capacity {
        Some(c) => Ok(c),
        None => update_capacity(ctx),
    }
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use super::*;
    use crate::device::Capabilities;
    use crate::testing::{
        assert_script_done, completion, device, file, ioctl, masked_device, masked_done, Step,
        TestDevice,
    };

    const RAW_READ: u32 = 0x0002_403E;
    const READ_CAPACITY: [u8; 10] = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    /// Last LBA 999, 2048-byte blocks: 1000 sectors.
    const CAPACITY_1000: [u8; 8] = [0, 0, 0x03, 0xE7, 0, 0, 0x08, 0];
    const CDDA_16_10: [u8; 12] = [0xBE, 0x04, 0, 0, 0, 0x10, 0, 0, 0x0A, 0xF0, 0, 0];

    fn input(offset: i64, count: u32, mode: u32) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&offset.to_le_bytes());
        b[8..12].copy_from_slice(&count.to_le_bytes());
        b[12..].copy_from_slice(&mode.to_le_bytes());
        b
    }

    fn all_caps() -> Capabilities {
        Capabilities {
            mmc: true,
            c2: true,
            subcode: true,
            stale: false,
            ..Capabilities::default()
        }
    }

    /// A device that knows its capacity (1000 sectors) and capabilities.
    fn ready(steps: Vec<Step>, caps: Capabilities) -> TestDevice {
        let dev = device(steps);
        {
            let mut unit = dev.platform.unit.borrow_mut();
            unit.state.capacity = Some(Capacity::from_read_capacity(999, 2048));
            unit.state.caps = caps;
        }
        dev
    }

    fn sector_bytes(n: usize, seed: u8) -> Vec<u8> {
        (0..n).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect()
    }

    /// Sends a raw read that must fail in validation (no command reaches the
    /// drive).
    #[track_caller]
    fn refused(input: &[u8], out_len: usize) -> Completion {
        let dev = ready(vec![], all_caps());
        let (o, out) = ioctl(&dev, Some(&file(1)), RAW_READ, input, out_len);
        assert!(out.iter().all(|&b| b == 0xA5), "output touched");
        assert_script_done(&dev);
        completion(o)
    }

    // --- validation -------------------------------------------------------

    #[test]
    fn empty_input_is_buffer_too_small_with_information_0() {
        assert_eq!(
            refused(&[], 2352),
            Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 0)
        );
    }

    #[test]
    fn short_input_is_buffer_too_small_with_information_16() {
        assert_eq!(
            refused(&input(0, 1, 2)[..15], 2352),
            Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 16)
        );
    }

    #[test]
    fn zero_sector_count_is_invalid_parameter() {
        assert_eq!(
            refused(&input(0, 0, 2), 2352),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn unknown_track_mode_is_invalid_parameter() {
        assert_eq!(
            refused(&input(0, 1, 6), 4096),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn negative_disk_offset_is_invalid_parameter() {
        // The sample's 64-bit wrap case: -2048 + 1 × 2048 wraps to 0.
        assert_eq!(
            refused(&input(-2048, 1, 2), 2352),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn most_negative_disk_offset_is_invalid_parameter() {
        assert_eq!(
            refused(&input(i64::MIN, u32::MAX, 5), 2448),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    /// The documented choice: a DiskOffset that is not sector × 2048 is
    /// refused, where the sample truncates it to the sector below.
    #[test]
    fn disk_offset_not_a_multiple_of_2048_is_invalid_parameter() {
        assert_eq!(
            refused(&input(16 * 2048 + 1, 1, 2), 2352),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    /// sector × 2352 (a plausible caller bug) is not sector × 2048.
    #[test]
    fn disk_offset_in_raw_units_is_invalid_parameter() {
        assert_eq!(
            refused(&input(3 * 2352, 1, 2), 2352),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn output_one_byte_short_is_invalid_parameter() {
        assert_eq!(
            refused(&input(0, 2, 3), 2 * 2744 - 1),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn validate_computes_lba_bytes_and_end_in_u64() {
        let plan = validate(&input(0x7FFF_FFFF_FFFF_F800, u32::MAX, 3), usize::MAX).expect("ok");
        assert_eq!(plan.lba, 0x7FFF_FFFF_FFFF_F800 / 2048);
        assert_eq!(plan.transfer_bytes as u64, u64::from(u32::MAX) * 2744);
        assert_eq!(
            plan.end_offset,
            0x7FFF_FFFF_FFFF_F800 + u64::from(u32::MAX) * 2048
        );
    }

    #[test]
    fn input_longer_than_raw_read_info_is_accepted() {
        let mut long = input(0, 1, 2).to_vec();
        long.extend_from_slice(&[0xFF; 8]);
        assert!(validate(&long, 2352).is_ok());
    }

    // --- end of disc ------------------------------------------------------

    #[test]
    fn past_the_end_of_the_disc_is_invalid_parameter_without_read_cd() {
        let dev = ready(vec![], all_caps());
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(999 * 2048, 2, 2),
            4704,
        );
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
        assert_script_done(&dev);
    }

    #[test]
    fn the_last_sector_is_readable() {
        let dev = ready(
            vec![Step::ok(
                &[0xBE, 0x04, 0, 0, 0x03, 0xE7, 0, 0, 1, 0xF0, 0, 0],
                &[0x11; 2352],
            )],
            all_caps(),
        );
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(999 * 2048, 1, 2),
            2352,
        );
        assert_eq!(completion(o), Completion::ok(2352));
        assert_script_done(&dev);
    }

    #[test]
    fn unknown_capacity_is_read_first_and_kept() {
        let dev = device(vec![
            Step::ok(&READ_CAPACITY, &CAPACITY_1000),
            Step::ok(&CDDA_16_10, &vec![0; 23520]),
        ]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::ok(23520));
        assert_eq!(
            dev.platform.unit.borrow().state.capacity,
            Some(Capacity::from_read_capacity(999, 2048))
        );
        assert_script_done(&dev);
    }

    #[test]
    fn unknown_capacity_past_the_end_stops_after_read_capacity() {
        let dev = device(vec![Step::ok(&READ_CAPACITY, &CAPACITY_1000)]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(1000 * 2048, 1, 2),
            2352,
        );
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
        assert_script_done(&dev);
    }

    #[test]
    fn read_capacity_failure_is_the_answer() {
        let dev = device(vec![Step::check(&READ_CAPACITY, 2, 0x3A, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::NO_MEDIA_IN_DEVICE)
        );
        assert_script_done(&dev);
    }

    /// The geometry IOCTLs' rule: GOOD with fewer than the 8 data bytes is
    /// no capacity at all.
    #[test]
    fn short_read_capacity_data_is_a_protocol_error() {
        let dev = device(vec![Step::ok(&READ_CAPACITY, &CAPACITY_1000[..4])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::DEVICE_PROTOCOL_ERROR)
        );
        assert_eq!(dev.platform.unit.borrow().state.capacity, None);
        assert_script_done(&dev);
    }

    #[test]
    fn lba_beyond_32_bits_is_invalid_parameter() {
        let dev = device(vec![]);
        dev.platform.unit.borrow_mut().state.capacity =
            Some(Capacity::from_read_capacity(u32::MAX, 1 << 20));
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(1 << 43, 1, 2), 2352);
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
        assert_script_done(&dev);
    }

    // --- verify volume ----------------------------------------------------

    #[test]
    fn verify_volume_reads_capacity_and_answers_verify_required() {
        let dev = ready(vec![Step::ok(&READ_CAPACITY, &CAPACITY_1000)], all_caps());
        dev.shared.verify_volume.store(true, Ordering::Relaxed);
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(completion(o), Completion::error(NtStatus::VERIFY_REQUIRED));
        assert_script_done(&dev);
    }

    // --- READ CD per mode -------------------------------------------------

    /// Reads 2 sectors at LBA 5 in `mode` and checks the CDB and that all
    /// `per_sector` × 2 bytes arrived.
    #[track_caller]
    fn reads_two_sectors(mode: u32, cdb: [u8; 12], per_sector: usize) {
        let data = sector_bytes(2 * per_sector, mode as u8);
        let dev = ready(vec![Step::ok(&cdb, &data)], all_caps());
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(5 * 2048, 2, mode),
            2 * per_sector,
        );
        assert_eq!(completion(o), Completion::ok(2 * per_sector));
        assert_eq!(out, data);
        assert_script_done(&dev);
    }

    #[test]
    fn yellow_mode2_reads_2352_byte_formless_sectors() {
        reads_two_sectors(0, [0xBE, 0x0C, 0, 0, 0, 5, 0, 0, 2, 0xB0, 0, 0], 2352);
    }

    #[test]
    fn xa_form2_reads_2352_bytes_with_edc() {
        reads_two_sectors(1, [0xBE, 0x14, 0, 0, 0, 5, 0, 0, 2, 0xF8, 0, 0], 2352);
    }

    #[test]
    fn cdda_reads_2352_byte_audio_sectors() {
        reads_two_sectors(2, [0xBE, 0x04, 0, 0, 0, 5, 0, 0, 2, 0xF0, 0, 0], 2352);
    }

    #[test]
    fn raw_with_c2_and_subcode_reads_2744_bytes() {
        reads_two_sectors(3, [0xBE, 0x00, 0, 0, 0, 5, 0, 0, 2, 0xFC, 0x01, 0], 2744);
    }

    #[test]
    fn raw_with_c2_reads_2648_bytes() {
        reads_two_sectors(4, [0xBE, 0x00, 0, 0, 0, 5, 0, 0, 2, 0xFC, 0x00, 0], 2648);
    }

    #[test]
    fn raw_with_subcode_reads_2448_bytes() {
        reads_two_sectors(5, [0xBE, 0x00, 0, 0, 0, 5, 0, 0, 2, 0xF8, 0x01, 0], 2448);
    }

    #[test]
    fn cdda_example_from_the_spec_is_sent_byte_for_byte() {
        let dev = ready(vec![Step::ok(&CDDA_16_10, &vec![0x5A; 23520])], all_caps());
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::ok(23520));
        assert!(out.iter().all(|&b| b == 0x5A));
        assert_script_done(&dev);
    }

    // --- zero copy --------------------------------------------------------

    #[test]
    fn the_drive_writes_straight_into_the_callers_buffer() {
        let dev = ready(vec![Step::ok(&CDDA_16_10, &vec![0x5A; 23520])], all_caps());
        let (_, out) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            30000,
        );
        let unit = dev.platform.unit.borrow();
        assert_eq!(unit.port.buffers, [(out.as_ptr() as usize, 23520)]);
        assert_eq!(unit.state.bytes_copied, 0);
        assert!(out[23520..].iter().all(|&b| b == 0xA5));
    }

    // --- splitting --------------------------------------------------------

    /// A port limit of 3 sectors and 100 bytes: 7 CDDA sectors at LBA 16
    /// become 3 + 3 + 1 sectors at LBAs 16, 19, 22, each into the next
    /// window of the caller's buffer.
    #[test]
    fn large_requests_are_split_into_whole_sector_pieces() {
        let dev = ready(
            vec![
                Step::ok(
                    &[0xBE, 0x04, 0, 0, 0, 16, 0, 0, 3, 0xF0, 0, 0],
                    &vec![1; 7056],
                ),
                Step::ok(
                    &[0xBE, 0x04, 0, 0, 0, 19, 0, 0, 3, 0xF0, 0, 0],
                    &vec![2; 7056],
                ),
                Step::ok(&[0xBE, 0x04, 0, 0, 0, 22, 0, 0, 1, 0xF0, 0, 0], &[3; 2352]),
            ],
            all_caps(),
        );
        dev.platform.unit.borrow_mut().port.max_transfer = 3 * 2352 + 100;
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 7, 2),
            7 * 2352,
        );
        assert_eq!(completion(o), Completion::ok(7 * 2352));
        let base = out.as_ptr() as usize;
        let unit = dev.platform.unit.borrow();
        assert_eq!(
            unit.port.buffers,
            [(base, 7056), (base + 7056, 7056), (base + 14112, 2352)]
        );
        assert_eq!(unit.state.bytes_copied, 0);
        assert!(out[..7056].iter().all(|&b| b == 1));
        assert!(out[7056..14112].iter().all(|&b| b == 2));
        assert!(out[14112..].iter().all(|&b| b == 3));
        drop(unit);
        assert_script_done(&dev);
    }

    #[test]
    fn a_failing_piece_fails_the_request_with_information_0() {
        let dev = ready(
            vec![
                Step::ok(
                    &[0xBE, 0x00, 0, 0, 0, 0, 0, 0, 2, 0xF8, 0x01, 0],
                    &vec![1; 4896],
                ),
                Step::check(
                    &[0xBE, 0x00, 0, 0, 0, 2, 0, 0, 1, 0xF8, 0x01, 0],
                    5,
                    0x21,
                    0,
                ),
            ],
            all_caps(),
        );
        dev.platform.unit.borrow_mut().port.max_transfer = 2 * 2448;
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 3, 5), 3 * 2448);
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::NONEXISTENT_SECTOR)
        );
        assert_script_done(&dev);
    }

    #[test]
    fn a_port_that_cannot_carry_one_sector_is_invalid_parameter() {
        let dev = ready(vec![], all_caps());
        dev.platform.unit.borrow_mut().port.max_transfer = 2047;
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(
            completion(o),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
        assert_script_done(&dev);
    }

    #[test]
    fn pieces_keep_later_windows_aligned() {
        // 2352 = 16 × 147: with a 64-byte alignment four sectors (9408 =
        // 64 × 147) is the largest aligned piece under a 6-sector limit.
        assert_eq!(sectors_per_piece(10, 2352, 6 * 2352, 63), Some(4));
        assert_eq!(sectors_per_piece(10, 2352, 6 * 2352, 0), Some(6));
        assert_eq!(sectors_per_piece(5, 2352, 6 * 2352, 63), Some(5));
        assert_eq!(sectors_per_piece(10, 2352, 3 * 2352, 4095), None);
    }

    #[test]
    fn a_misaligned_buffer_is_invalid_parameter() {
        let dev = masked_device(3, []);
        dev.platform.unit.borrow_mut().state.capacity =
            Some(Capacity::from_read_capacity(999, 2048));
        let mut buf = vec![0u8; 2352 + 4];
        // The offset whose address is 1 modulo 4.
        let misaligned = (5 - buf.as_ptr() as usize % 4) % 4;
        let c = raw_read(
            &dev,
            IoctlRequest {
                code: RAW_READ,
                input: &input(0, 1, 2),
                output: &mut buf[misaligned..misaligned + 2352],
                file: None,
                caller: crate::dispatch::CallerWidth::Bits64,
            },
        );
        assert_eq!(c, Completion::error(NtStatus::INVALID_PARAMETER));
        assert!(masked_done(&dev));
    }

    // --- errors -----------------------------------------------------------

    #[track_caller]
    fn fails_with(step: Step, mode: u32) -> Completion {
        let dev = ready(vec![step], all_caps());
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, mode),
            30000,
        );
        assert_script_done(&dev);
        completion(o)
    }

    #[test]
    fn wrong_sector_type_is_invalid_device_request() {
        assert_eq!(
            fails_with(Step::check(&CDDA_16_10, 5, 0x64, 0), 2),
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        );
    }

    #[test]
    fn lba_out_of_range_at_the_drive_is_nonexistent_sector() {
        assert_eq!(
            fails_with(Step::check(&CDDA_16_10, 5, 0x21, 0), 2),
            Completion::error(NtStatus::NONEXISTENT_SECTOR)
        );
    }

    #[test]
    fn an_under_run_is_data_overrun_with_information_0() {
        assert_eq!(
            fails_with(Step::short(&CDDA_16_10, &[0; 4704]), 2),
            Completion::error(NtStatus::DATA_OVERRUN)
        );
    }

    #[test]
    fn success_with_fewer_bytes_is_data_overrun() {
        assert_eq!(
            fails_with(Step::ok(&CDDA_16_10, &vec![0; 23519]), 2),
            Completion::error(NtStatus::DATA_OVERRUN)
        );
    }

    #[test]
    fn medium_change_with_a_mounted_volume_is_verify_required() {
        let dev = ready(vec![Step::check(&CDDA_16_10, 6, 0x28, 0)], all_caps());
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::error(NtStatus::VERIFY_REQUIRED));
        assert!(dev.shared.verify_volume.load(Ordering::Relaxed));
        assert_script_done(&dev);
    }

    #[test]
    fn becoming_ready_is_retried_and_then_succeeds() {
        let dev = ready(
            vec![
                Step::check(&CDDA_16_10, 2, 0x04, 0x01),
                Step::ok(&CDDA_16_10, &vec![7; 23520]),
            ],
            all_caps(),
        );
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::ok(23520));
        assert_eq!(dev.platform.unit.borrow().port.delays.len(), 1);
        assert_script_done(&dev);
    }

    #[test]
    fn retries_stop_at_the_cap() {
        // READ CD: up to 5 retries, 6 tries in all.
        let dev = ready(vec![Step::check(&CDDA_16_10, 2, 0x04, 0x01); 6], all_caps());
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::error(NtStatus::DEVICE_NOT_READY));
        assert_eq!(dev.platform.unit.borrow().port.delays.len(), 5);
        assert_script_done(&dev);
    }

    // --- capability gate --------------------------------------------------

    #[track_caller]
    fn gated(mode: u32, caps: Capabilities) -> Completion {
        let dev = ready(vec![], caps);
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, mode), 2744);
        assert_script_done(&dev);
        completion(o)
    }

    #[test]
    fn raw_with_c2_needs_c2() {
        let caps = Capabilities {
            c2: false,
            ..all_caps()
        };
        assert_eq!(
            gated(4, caps),
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        );
    }

    #[test]
    fn raw_with_subcode_needs_subcode() {
        let caps = Capabilities {
            subcode: false,
            ..all_caps()
        };
        assert_eq!(
            gated(5, caps),
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        );
    }

    #[test]
    fn raw_with_c2_and_subcode_needs_both() {
        let caps = Capabilities {
            subcode: false,
            ..all_caps()
        };
        assert_eq!(
            gated(3, caps),
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        );
    }

    #[test]
    fn cdda_is_not_gated() {
        let dev = ready(
            vec![Step::ok(
                &[0xBE, 0x04, 0, 0, 0, 0, 0, 0, 1, 0xF0, 0, 0],
                &[0; 2352],
            )],
            Capabilities::default(),
        );
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(completion(o), Completion::ok(2352));
        assert_script_done(&dev);
    }

    #[test]
    fn stale_capabilities_are_probed_before_a_gated_mode() {
        let mut page = vec![0, 28, 0x70, 0, 0, 0, 0, 0, 0x2A, 0x14, 0, 0, 0, 0x14];
        page.resize(30, 0);
        let dev = ready(
            vec![
                Step::ok(
                    &[0x46, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0],
                    &[0, 0, 0, 4, 0, 0, 0, 8],
                ),
                Step::ok(&[0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 0x40, 0], &page),
                Step::ok(
                    &[0xBE, 0x00, 0, 0, 0, 0, 0, 0, 1, 0xFC, 0x01, 0],
                    &[0; 2744],
                ),
            ],
            Capabilities {
                stale: true,
                ..Capabilities::default()
            },
        );
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 3), 2744);
        assert_eq!(completion(o), Completion::ok(2744));
        assert_script_done(&dev);
    }

    #[test]
    fn stale_capabilities_do_not_delay_an_ungated_mode() {
        let dev = ready(
            vec![Step::ok(
                &[0xBE, 0x04, 0, 0, 0, 0, 0, 0, 1, 0xF0, 0, 0],
                &[0; 2352],
            )],
            Capabilities {
                stale: true,
                ..Capabilities::default()
            },
        );
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &input(0, 1, 2), 2352);
        assert_eq!(completion(o), Completion::ok(2352));
        assert_script_done(&dev);
    }

    // --- exclusive lock ---------------------------------------------------

    #[test]
    fn another_handles_lock_refuses_the_raw_read_before_validation() {
        let dev = ready(vec![], all_caps());
        dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
        let (o, _) = ioctl(&dev, Some(&file(1)), RAW_READ, &[], 0);
        assert_eq!(completion(o), Completion::error(NtStatus::ACCESS_DENIED));
        assert_script_done(&dev);
    }

    #[test]
    fn the_lock_holder_reads() {
        let dev = ready(vec![Step::ok(&CDDA_16_10, &vec![0; 23520])], all_caps());
        dev.shared.exclusive_owner.store(1, Ordering::Relaxed);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            RAW_READ,
            &input(16 * 2048, 10, 2),
            23520,
        );
        assert_eq!(completion(o), Completion::ok(23520));
        assert_script_done(&dev);
    }
}
