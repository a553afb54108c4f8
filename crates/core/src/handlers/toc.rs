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
