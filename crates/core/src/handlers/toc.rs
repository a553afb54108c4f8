//! TOC, session and last-session IOCTLs (READ TOC/PMA/ATIP, 0x43).
//!
//! Validation that does not need the port runs in the caller's context, in
//! the class driver's order; the alignment check needs the adapter's
//! alignment mask, which the port owns, so it runs first thing inside the
//! serialised section. Every check after it fails with the same
//! STATUS_INVALID_PARAMETER, so moving it behind them changes no answer.
//!
//! Then, in the serialised section: while the driver believes audio is
//! playing, the play state is refreshed from the drive and a playing drive
//! answers STATUS_DEVICE_BUSY; otherwise one READ TOC is sent. An under-run
//! (`SRB_STATUS_DATA_OVERRUN`) is success for all three IOCTLs, and
//! Information is the byte count the device returned.
//!
//! The class driver's zero-power-ODD short-cut (STATUS_NO_MEDIA_IN_DEVICE
//! without waking a powered-off drive) is not modelled: the core has no
//! zero-power state.

use core::sync::atomic::Ordering;

use zerocopy::FromBytes;

use crate::abi::toc::{
    CdromReadTocEx, CdromTocSessionData, TocFormat, MAXIMUM_CDROM_SIZE,
    MINIMUM_CDROM_READ_TOC_EX_SIZE,
};
use crate::device::{Ctx, Device, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::handlers::audio;
use crate::port::{DataPhase, Port};
use crate::scsi::toc::read_toc as read_toc_cdb;
use crate::status::NtStatus;

/// Largest output READ_TOC_EX accepts (the CDB's 16-bit allocation length).
const READ_TOC_EX_MAX_OUTPUT: usize = 0xFFFF;

/// IOCTL_CDROM_READ_TOC: the formatted TOC with MSF addresses into a full
/// 804-byte `CDROM_TOC`.
pub fn read_toc<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    // The whole CDROM_TOC is mandatory; partial reads are READ_TOC_EX's job.
    if req.output.len() < MAXIMUM_CDROM_SIZE {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, MAXIMUM_CDROM_SIZE);
    }
    read_into_scratch(dev, req, TocFormat::TOC, true)
}

/// IOCTL_CDROM_GET_LAST_SESSION: READ TOC format 1 with LBA addresses into a
/// `CDROM_TOC_SESSION_DATA`.
pub fn get_last_session<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let needed = size_of::<CdromTocSessionData>();
    if req.output.len() < needed {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, needed);
    }
    read_into_scratch(dev, req, TocFormat::SESSION, false)
}

/// IOCTL_CDROM_READ_TOC_EX: any of the formats 0–5, with the caller's MSF
/// flag and track/session, straight into the caller's buffer.
pub fn read_toc_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((input, _)) = CdromReadTocEx::read_from_prefix(req.input) else {
        return Completion::error(NtStatus::INFO_LENGTH_MISMATCH);
    };
    let out_len = req.output.len();
    if out_len < MINIMUM_CDROM_READ_TOC_EX_SIZE {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, MINIMUM_CDROM_READ_TOC_EX_SIZE);
    }
    if out_len > READ_TOC_EX_MAX_OUTPUT {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    }
    if !input_is_valid(&input) {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    }
    let output = req.output;
    dev.run(req.file, true, |ctx| {
        if let Err(status) = ready_for_toc(ctx, out_len) {
            return Completion::error(status);
        }
        let len = transfer_len(ctx, out_len);
        let cdb = read_toc_cdb(input.format(), input.msf(), input.session_track, alloc(len));
        let Some(buf) = output.get_mut(..len) else {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        };
        match ctx.send(cdb, DataPhase::In(buf), overrun_ok()) {
            Ok(n) if n < MINIMUM_CDROM_READ_TOC_EX_SIZE => {
                Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
            }
            Ok(n) => Completion::ok(n),
            Err(e) => e.into(),
        }
    })
    .unwrap_or_else(Completion::error)
}

/// The reserved fields are zero, the format is one of 0–5, and the session
/// and PMA/ATIP formats carry no track/session number.
fn input_is_valid(input: &CdromReadTocEx) -> bool {
    let format = input.format();
    input.reserved1() == 0
        && input.reserved2 == 0
        && input.reserved3 == 0
        && format.is_defined()
        && (format.uses_session_track() || input.session_track == 0)
}

/// READ_TOC and GET_LAST_SESSION: the device writes into a zeroed local
/// buffer of `min(out, 804)` bytes, like the class driver's scratch buffer,
/// and the bytes it returned are copied out. A port that reports more bytes
/// than the device sent then hands the caller zeros, never stale memory, and
/// nothing past Information is written.
fn read_into_scratch<P: Platform>(
    dev: &Device<P>,
    req: IoctlRequest<'_>,
    format: TocFormat,
    msf: bool,
) -> Completion {
    let output = req.output;
    let out_len = output.len();
    dev.run(req.file, true, |ctx| {
        if let Err(status) = ready_for_toc(ctx, out_len) {
            return Completion::error(status);
        }
        let len = transfer_len(ctx, out_len.min(MAXIMUM_CDROM_SIZE));
        let mut scratch = [0u8; MAXIMUM_CDROM_SIZE];
        let Some(buf) = scratch.get_mut(..len) else {
            return Completion::error(NtStatus::INVALID_PARAMETER);
        };
        match ctx.send(
            read_toc_cdb(format, msf, 0, alloc(len)),
            DataPhase::In(buf),
            overrun_ok(),
        ) {
            Ok(n) => Completion::ok(ctx.copy_out(output, scratch.get(..n).unwrap_or(&[]))),
            Err(e) => e.into(),
        }
    })
    .unwrap_or_else(Completion::error)
}

/// The serialised pre-checks shared by the three IOCTLs: the output length
/// against the adapter's alignment mask, then the play state.
fn ready_for_toc<P: Port>(ctx: &mut Ctx<'_, P>, out_len: usize) -> Result<(), NtStatus> {
    if out_len & ctx.port.alignment_mask() as usize != 0 {
        return Err(NtStatus::INVALID_PARAMETER);
    }
    if ctx.shared.play_active.load(Ordering::Relaxed) && audio::refresh_play_state(ctx) {
        return Err(NtStatus::DEVICE_BUSY);
    }
    Ok(())
}

/// Bytes the device may transfer: the request's allocation, clipped to the
/// port's largest transfer.
///
/// Pitfall of the sample: it put the unclipped allocation length in the CDB
/// and only clipped the SRB's DataTransferLength to its scratch buffer, so a
/// device could be invited to send more than the buffer holds. Here the CDB
/// announces exactly the buffer that is handed down.
fn transfer_len<P: Port>(ctx: &Ctx<'_, P>, wanted: usize) -> usize {
    wanted.min(ctx.port.max_transfer_bytes() as usize)
}

/// A transfer length as the CDB's 16-bit allocation length (callers keep it
/// at or below 0xFFFF).
fn alloc(len: usize) -> u16 {
    u16::try_from(len).unwrap_or(u16::MAX)
}

/// An under-run is success for the TOC IOCTLs (spec §3.7).
fn overrun_ok() -> SendOpts {
    SendOpts {
        overrun_ok: true,
        ..SendOpts::default()
    }
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use crate::device::Device;
    use crate::dispatch::{Completion, IoctlRequest, Outcome};
    use crate::ioctl::Ioctl;
    use crate::port::PortResult;
    use crate::status::NtStatus;
    use crate::testing::{
        assert_script_done, completion, device, file, ioctl, masked_device, masked_done, Step,
        TestDevice,
    };

    const READ_TOC: u32 = Ioctl::CdromReadToc.code();
    const READ_TOC_EX: u32 = Ioctl::CdromReadTocEx.code();
    const GET_LAST_SESSION: u32 = Ioctl::CdromGetLastSession.code();

    /// READ TOC format 0, MSF, track 0, allocation 804.
    const CDB_TOC_MSF_804: [u8; 10] = [0x43, 0x02, 0, 0, 0, 0, 0, 0x03, 0x24, 0];
    /// READ TOC format 1, LBA, allocation 12.
    const CDB_SESSION_12: [u8; 10] = [0x43, 0, 0x01, 0, 0, 0, 0, 0, 0x0C, 0];

    /// A formatted TOC in MSF form: data track 1 at 00:02:00, audio track 2
    /// (copy permitted, pre-emphasis) at 00:06:25, lead-out at 00:13:25.
    const TOC: [u8; 28] = [
        0x00, 0x1A, 1, 2, //
        0, 0x14, 1, 0, 0, 0, 2, 0, //
        0, 0x13, 2, 0, 0, 0, 6, 25, //
        0, 0x10, 0xAA, 0, 0, 0, 13, 25,
    ];

    /// Session data: sessions 1..1, first track of the last session is
    /// track 1 at LBA 0.
    const SESSION: [u8; 12] = [0x00, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0];

    /// A full TOC (format 2) with the A2 (lead-out) entry only.
    /// READ SUB-CHANNEL, current position, MSF, 16 bytes: how the play
    /// state is refreshed.
    const CDB_CURRENT_POSITION: [u8; 10] = [0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0];

    /// A current-position answer with audio status `status` (0x11 playing,
    /// 0x13 play complete) in track 2.
    fn position(status: u8) -> [u8; 16] {
        [0, status, 0, 12, 0x01, 0x10, 2, 1, 0, 0, 6, 30, 0, 0, 0, 5]
    }

    /// A device whose play flag is set and whose drive answers the
    /// refresh with audio status `status`, then plays `steps`.
    fn playing_device(status: u8, steps: impl IntoIterator<Item = Step>) -> TestDevice {
        let script =
            core::iter::once(Step::ok(&CDB_CURRENT_POSITION, &position(status))).chain(steps);
        let dev = device(script);
        dev.shared.play_active.store(true, Ordering::Relaxed);
        dev
    }

    const FULL_TOC: [u8; 15] = [
        0x00, 0x0D, 1, 1, //
        1, 0x14, 0, 0xA2, 0, 0, 0, 0, 0, 13, 25,
    ];

    fn toc_ex_input(format_msf: u8, session_track: u8) -> [u8; 4] {
        [format_msf, session_track, 0, 0]
    }

    #[track_caller]
    fn assert_untouched(out: &[u8]) {
        assert!(out.iter().all(|&b| b == 0xA5), "output written: {out:02x?}");
    }

    // ---- IOCTL_CDROM_READ_TOC ----

    #[test]
    fn read_toc_output_below_804_is_buffer_too_small_with_info_804() {
        let dev = device([]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 803);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 804))
        );
        assert_untouched(&out);
    }

    #[test]
    fn read_toc_sends_msf_format_0_and_returns_what_the_device_sent() {
        let dev = device([Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_eq!(out[..28], TOC);
        assert_untouched(&out[28..]);
        assert_script_done(&dev);
    }

    #[test]
    fn read_toc_allocation_is_capped_at_804() {
        let dev = device([Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 4096);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_script_done(&dev);
    }

    #[test]
    fn read_toc_misaligned_output_is_invalid_parameter() {
        let dev = masked_device(3, []);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 806);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
        assert_untouched(&out);
    }

    #[test]
    fn read_toc_aligned_output_passes_the_alignment_check() {
        let dev = masked_device(3, [Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 808);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert!(masked_done(&dev));
    }

    #[test]
    fn read_toc_size_check_precedes_the_alignment_check() {
        let dev = masked_device(3, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 801);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 804))
        );
    }

    #[test]
    fn read_toc_under_run_is_success_with_the_real_count() {
        let dev = device([Step::short(&CDB_TOC_MSF_804, &TOC[..20])]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(20)));
        assert_eq!(out[..20], TOC[..20]);
        assert_untouched(&out[20..]);
    }

    #[test]
    fn read_toc_device_error_fails_with_its_status_and_info_0() {
        let dev = device([Step::check(&CDB_TOC_MSF_804, 2, 0x3A, 0)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::NO_MEDIA_IN_DEVICE.into()));
        assert_untouched(&out);
    }

    #[test]
    fn read_toc_bytes_a_port_claims_but_did_not_send_are_zero() {
        let step = Step {
            result: PortResult::good(804),
            ..Step::ok(&CDB_TOC_MSF_804, &TOC)
        };
        let dev = device([step]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(804)));
        assert_eq!(out[..28], TOC);
        assert!(out[28..].iter().all(|&b| b == 0));
    }

    #[test]
    fn read_toc_while_the_drive_plays_is_device_busy_without_read_toc() {
        let dev = playing_device(0x11, []);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::DEVICE_BUSY.into()));
        assert_untouched(&out);
        assert_script_done(&dev);
    }

    #[test]
    fn read_toc_after_the_play_ended_reads_the_toc_and_clears_the_flag() {
        let dev = playing_device(0x13, [Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert!(!dev.shared.play_active.load(Ordering::Relaxed));
        assert_script_done(&dev);
    }

    #[test]
    fn read_toc_without_the_play_flag_sends_no_refresh() {
        let dev = device([Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_script_done(&dev);
    }

    #[test]
    fn read_toc_allocation_follows_a_smaller_port_transfer_limit() {
        let dev = device([Step::ok(&[0x43, 0x02, 0, 0, 0, 0, 0, 0x02, 0x00, 0], &TOC)]);
        dev.platform.unit.borrow_mut().port.max_transfer = 512;
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_eq!(dev.platform.unit.borrow().port.buffers[0].1, 512);
    }

    // ---- IOCTL_CDROM_GET_LAST_SESSION ----

    #[test]
    fn last_session_output_below_12_is_buffer_too_small_with_info_12() {
        let dev = device([]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 11);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 12))
        );
        assert_untouched(&out);
    }

    #[test]
    fn last_session_sends_lba_format_1() {
        let dev = device([Step::ok(&CDB_SESSION_12, &SESSION)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 12);
        assert_eq!(o, Outcome::Complete(Completion::ok(12)));
        assert_eq!(out, SESSION);
        assert_script_done(&dev);
    }

    #[test]
    fn last_session_allocation_is_capped_at_804() {
        let cdb = [0x43, 0, 0x01, 0, 0, 0, 0, 0x03, 0x24, 0];
        let dev = device([Step::ok(&cdb, &SESSION)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 2000);
        assert_eq!(o, Outcome::Complete(Completion::ok(12)));
        assert_untouched(&out[12..]);
        assert_script_done(&dev);
    }

    #[test]
    fn last_session_misaligned_output_is_invalid_parameter() {
        let dev = masked_device(1, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 13);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn last_session_under_run_is_success() {
        let dev = device([Step::short(&CDB_SESSION_12, &SESSION[..10])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 12);
        assert_eq!(o, Outcome::Complete(Completion::ok(10)));
    }

    #[test]
    fn last_session_while_the_drive_plays_is_device_busy() {
        let dev = playing_device(0x11, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_LAST_SESSION, &[], 12);
        assert_eq!(o, Outcome::Complete(NtStatus::DEVICE_BUSY.into()));
        assert_script_done(&dev);
    }

    // ---- IOCTL_CDROM_READ_TOC_EX: validation ----

    #[test]
    fn toc_ex_input_below_4_is_info_length_mismatch() {
        let dev = device([]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &[0, 0, 0], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INFO_LENGTH_MISMATCH.into()));
        assert_untouched(&out);
    }

    #[test]
    fn toc_ex_input_check_precedes_the_output_check() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &[], 0);
        assert_eq!(o, Outcome::Complete(NtStatus::INFO_LENGTH_MISMATCH.into()));
    }

    #[test]
    fn toc_ex_output_below_2_is_buffer_too_small_with_info_2() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(0, 0), 1);
        assert_eq!(
            o,
            Outcome::Complete(Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 2))
        );
    }

    #[test]
    fn toc_ex_output_above_0xffff_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0, 0),
            0x1_0000,
        );
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_misaligned_output_is_invalid_parameter() {
        let dev = masked_device(1, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(0, 0), 3);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_reserved1_bits_are_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x10, 0),
            804,
        );
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_reserved2_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &[0, 0, 1, 0], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_reserved3_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &[0, 0, 0, 1], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_format_6_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(6, 0), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_session_format_with_a_session_number_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(1, 1), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_pma_format_with_a_track_number_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(3, 1), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_atip_format_with_a_track_number_is_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(4, 1), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    #[test]
    fn toc_ex_while_the_drive_plays_is_device_busy() {
        let dev = playing_device(0x11, []);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(0, 0), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::DEVICE_BUSY.into()));
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_validation_precedes_the_play_refresh() {
        let dev = device([]);
        dev.shared.play_active.store(true, Ordering::Relaxed);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(6, 0), 804);
        assert_eq!(o, Outcome::Complete(NtStatus::INVALID_PARAMETER.into()));
    }

    // ---- IOCTL_CDROM_READ_TOC_EX: commands ----

    #[test]
    fn toc_ex_format_0_lba_from_track_2() {
        let cdb = [0x43, 0, 0, 0, 0, 0, 2, 0x01, 0x00, 0];
        let dev = device([Step::ok(&cdb, &TOC[..20])]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x00, 2),
            256,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(20)));
        assert_eq!(out[..20], TOC[..20]);
        // The rest of the window the device was given is zeroed before the
        // transfer (`Ctx::send`), never left stale.
        assert!(out[20..].iter().all(|&b| b == 0));
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_full_toc_msf_of_session_1_with_the_largest_output() {
        let cdb = [0x43, 0x02, 0x02, 0, 0, 0, 1, 0xFF, 0xFF, 0];
        let dev = device([Step::ok(&cdb, &FULL_TOC)]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x82, 1),
            0xFFFF,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(15)));
        assert_eq!(out[..15], FULL_TOC);
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_session_format() {
        let cdb = [0x43, 0, 0x01, 0, 0, 0, 0, 0, 0x0C, 0];
        let dev = device([Step::ok(&cdb, &SESSION)]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x01, 0),
            12,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(12)));
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_pma_format() {
        let cdb = [0x43, 0, 0x03, 0, 0, 0, 0, 0, 0x40, 0];
        let dev = device([Step::ok(&cdb, &[0, 2, 0, 0])]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x03, 0),
            64,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(4)));
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_atip_format() {
        let cdb = [0x43, 0x02, 0x04, 0, 0, 0, 0, 0, 0x1C, 0];
        let mut atip = [0u8; 28];
        atip[1] = 26;
        let dev = device([Step::ok(&cdb, &atip)]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x84, 0),
            28,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_eq!(out, atip);
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_cd_text_format_from_pack_3() {
        let cdb = [0x43, 0, 0x05, 0, 0, 0, 3, 0x00, 0x64, 0];
        let dev = device([Step::ok(&cdb, &[0, 2, 0, 0])]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x05, 3),
            100,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(4)));
        assert_script_done(&dev);
    }

    #[test]
    fn toc_ex_fewer_than_2_bytes_back_is_invalid_device_request() {
        let cdb = [0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0];
        let dev = device([Step::short(&cdb, &[0])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(0, 0), 804);
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
    }

    #[test]
    fn toc_ex_exactly_2_bytes_back_is_success() {
        let cdb = [0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0];
        let dev = device([Step::short(&cdb, &[0, 0])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &toc_ex_input(0, 0), 804);
        assert_eq!(o, Outcome::Complete(Completion::ok(2)));
    }

    #[test]
    fn toc_ex_device_error_fails_with_its_status() {
        let cdb = [0x43, 0, 0x04, 0, 0, 0, 0, 0x03, 0x24, 0];
        let dev = device([Step::check(&cdb, 5, 0x24, 0)]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0x04, 0),
            804,
        );
        assert_eq!(
            o,
            Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into())
        );
    }

    #[test]
    fn toc_ex_allocation_follows_a_smaller_port_transfer_limit() {
        let cdb = [0x43, 0, 0, 0, 0, 0, 0, 0x10, 0x00, 0];
        let dev = device([Step::ok(&cdb, &TOC)]);
        dev.platform.unit.borrow_mut().port.max_transfer = 4096;
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            READ_TOC_EX,
            &toc_ex_input(0, 0),
            0xFFFF,
        );
        assert_eq!(o, Outcome::Complete(Completion::ok(28)));
        assert_script_done(&dev);
    }

    /// READ_TOC_EX lets the device write into the caller's buffer; READ_TOC
    /// goes through a zeroed local buffer.
    #[test]
    fn toc_ex_reads_straight_into_the_callers_buffer() {
        let cdb = [0x43, 0, 0, 0, 0, 0, 0, 0x03, 0x24, 0];
        let dev: TestDevice = device([Step::ok(&cdb, &TOC)]);
        let f = file(1);
        let mut out = [0u8; 804];
        let o = dev.device_control(IoctlRequest {
            code: READ_TOC_EX,
            input: &toc_ex_input(0, 0),
            output: &mut out,
            file: Some(&f),
            caller: crate::dispatch::CallerWidth::Bits64,
        });
        assert_eq!(completion(o), Completion::ok(28));
        let given = dev.platform.unit.borrow().port.buffers[0];
        assert_eq!(given, (out.as_ptr() as usize, 804));
    }

    #[test]
    fn read_toc_goes_through_a_local_buffer() {
        let dev: TestDevice = device([Step::ok(&CDB_TOC_MSF_804, &TOC)]);
        let f = file(1);
        let mut out = [0u8; 804];
        let o = dev.device_control(IoctlRequest {
            code: READ_TOC,
            input: &[],
            output: &mut out,
            file: Some(&f),
            caller: crate::dispatch::CallerWidth::Bits64,
        });
        assert_eq!(completion(o), Completion::ok(28));
        let given = dev.platform.unit.borrow().port.buffers[0];
        assert_ne!(given.0, out.as_ptr() as usize);
        assert_eq!(dev.platform.unit.borrow().state.bytes_copied, 28);
    }

    #[test]
    fn another_handles_exclusive_lock_denies_read_toc() {
        let dev = device([]);
        dev.shared.exclusive_owner.store(2, Ordering::Release);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC, &[], 804);
        assert_eq!(o, Outcome::Complete(NtStatus::ACCESS_DENIED.into()));
    }

    // ---- properties ----

    /// A drive that answers any command with the same bytes.
    #[derive(Debug)]
    struct AnyAnswer(std::vec::Vec<u8>);

    impl crate::port::Port for AnyAnswer {
        fn execute(&mut self, cmd: crate::port::Command<'_>) -> PortResult {
            let crate::port::DataPhase::In(buf) = cmd.data else {
                return PortResult::good(0);
            };
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            PortResult::good(n as u32)
        }
        fn max_transfer_bytes(&self) -> u32 {
            64 * 1024
        }
    }

    fn any_answer_device(
        answer: std::vec::Vec<u8>,
    ) -> Device<crate::testing::TestPlatform<AnyAnswer>> {
        crate::testing::device_on(AnyAnswer(answer))
    }

    proptest::proptest! {
        /// READ_TOC_EX refuses exactly the inputs the spec's rules refuse
        /// (§2.2), and a success never reports more than the output holds.
        #[test]
        fn toc_ex_validation_is_the_spec_rule(
            input in proptest::array::uniform4(proptest::num::u8::ANY),
            out_len in 2usize..2048,
            answer in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
        ) {
            let [format_msf, session_track, r2, r3] = input;
            let format = format_msf & 0x0F;
            let valid = format_msf & 0x70 == 0
                && r2 == 0
                && r3 == 0
                && format <= 5
                && (matches!(format, 0 | 2 | 5) || session_track == 0);
            let answer_len = answer.len();
            let dev = any_answer_device(answer);
            let (o, _) = ioctl(&dev, Some(&file(1)), READ_TOC_EX, &input, out_len);
            let c = completion(o);
            if valid && answer_len >= 2 {
                proptest::prop_assert_eq!(c, Completion::ok(answer_len.min(out_len)));
            } else if valid {
                proptest::prop_assert_eq!(c, NtStatus::INVALID_DEVICE_REQUEST.into());
            } else {
                proptest::prop_assert_eq!(c, NtStatus::INVALID_PARAMETER.into());
            }
        }

        /// READ_TOC and GET_LAST_SESSION deliver the device's bytes and
        /// never write past Information.
        #[test]
        fn scratch_answers_are_copied_exactly(
            out_len in 0usize..1200,
            session in proptest::bool::ANY,
            answer in proptest::collection::vec(proptest::num::u8::ANY, 0..900),
        ) {
            let (code, needed) = if session { (GET_LAST_SESSION, 12) } else { (READ_TOC, 804) };
            let dev = any_answer_device(answer.clone());
            let (o, out) = ioctl(&dev, Some(&file(1)), code, &[], out_len);
            let c = completion(o);
            if out_len < needed {
                proptest::prop_assert_eq!(c, Completion::with_info(NtStatus::BUFFER_TOO_SMALL, needed));
            } else {
                let n = answer.len().min(out_len).min(804);
                proptest::prop_assert_eq!(c, Completion::ok(n));
                proptest::prop_assert_eq!(&out[..n], &answer[..n]);
                proptest::prop_assert!(out[n..].iter().all(|&b| b == 0xA5));
            }
        }
    }
}
