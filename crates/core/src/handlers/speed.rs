//! Speed, performance, streaming and OPC IOCTLs (spec/ioctls.md §2.5–2.8),
//! and the "restore default speed after a medium change" rule.

use core::sync::atomic::Ordering;

use zerocopy::{FromBytes, IntoBytes};

use crate::abi::speed::{
    CdromOpcInfoType, CdromPerformanceExceptionType, CdromPerformanceRequest,
    CdromPerformanceRequestType, CdromPerformanceToleranceType, CdromPerformanceType,
    CdromSetSpeed, CdromSetStreaming, CdromSimpleOpcInfo, CdromSpeedRequest, CdromStreamingControl,
    CdromWriteSpeedRequest, StreamingControlRequestType,
};
use crate::device::{streaming, Ctx, Device, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::handlers::media::serialized;
use crate::port::{Cdb, DataPhase, Port};
use crate::scsi::speed::{
    get_performance as get_performance_cdb, send_opc, set_cd_speed, PerformanceDescriptor,
    GET_PERFORMANCE_TOLERANCE_10, GET_PERFORMANCE_TYPE_PERFORMANCE,
    GET_PERFORMANCE_TYPE_WRITE_SPEED, SET_STREAMING,
};
use crate::status::NtStatus;

/// `CDROM_PERFORMANCE_HEADER`: the smallest useful GET_PERFORMANCE output.
const PERFORMANCE_HEADER_LEN: usize = 8;

/// The class driver raises the timeout of drives that can write to at least
/// 260 s; OPC is a writer-only command.
const OPC_TIMEOUT_SECS: u32 = 260;

/// SET STREAMING with the caller's descriptor or a RestoreDefaults one.
fn send_set_streaming<P: Port>(
    ctx: &mut Ctx<'_, P>,
    descriptor: &PerformanceDescriptor,
) -> Result<usize, crate::device::CmdError> {
    ctx.send(
        Cdb::twelve(SET_STREAMING),
        DataPhase::Out(descriptor.as_bytes()),
        SendOpts::default(),
    )
}

/// The caller's CDROM_SET_STREAMING as SET STREAMING's descriptor.
fn descriptor_of(s: &CdromSetStreaming) -> PerformanceDescriptor {
    let flag = |b: u8, bit: u8| if b != 0 { bit } else { 0 };
    PerformanceDescriptor {
        flags: flag(s.random_access, PerformanceDescriptor::RANDOM_ACCESS)
            | flag(s.set_exact, PerformanceDescriptor::EXACT)
            | flag(s.restore_defaults, PerformanceDescriptor::RESTORE_DEFAULTS)
            | ((s.rotation_control & 0x03) as u8) << PerformanceDescriptor::WRC_SHIFT,
        start_lba: s.start_lba.into(),
        end_lba: s.end_lba.into(),
        read_size: s.read_size.into(),
        read_time: s.read_time.into(),
        write_size: s.write_size.into(),
        write_time: s.write_time.into(),
        ..PerformanceDescriptor::default()
    }
}

/// IOCTL_CDROM_SET_SPEED (§2.5): SET CD SPEED for `CdromSetSpeed`, SET
/// STREAMING for `CdromSetStreaming` (MMC drives, 36-byte input).
///
/// A non-persistent SET STREAMING arms "restore the defaults at the next
/// medium change"; any failure of the command disarms it.
pub fn set_speed<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((head, _)) = CdromSetSpeed::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let kind = CdromSpeedRequest(head.request_type);
    if kind != CdromSpeedRequest::SET_SPEED && kind != CdromSpeedRequest::SET_STREAMING {
        return NtStatus::INVALID_PARAMETER.into();
    }
    let input = req.input;
    serialized(dev, req.file, |ctx| {
        let sent = if kind == CdromSpeedRequest::SET_SPEED {
            let cdb = set_cd_speed(
                head.read_speed,
                head.write_speed,
                (head.rotation_control & 0x03) as u8,
            );
            ctx.send(Cdb::twelve(cdb), DataPhase::None, SendOpts::default())
                .map(|_| None)
        } else {
            // The two validation steps that need the unit state (the MMC
            // flag), in the class driver's order.
            if !ctx.state.caps.mmc {
                return NtStatus::INVALID_DEVICE_REQUEST.into();
            }
            let Ok((s, _)) = CdromSetStreaming::read_from_prefix(input) else {
                return NtStatus::INFO_LENGTH_MISMATCH.into();
            };
            send_set_streaming(ctx, &descriptor_of(&s)).map(|_| Some(s.persistent == 0))
        };
        match sent {
            Ok(restore) => {
                if let Some(restore) = restore {
                    ctx.state.restore_speed_on_change = restore;
                    ctx.state.media.restore_speed_baseline =
                        ctx.shared.media_change_count.load(Ordering::Relaxed);
                }
                Completion::ok(0)
            }
            Err(e) => {
                ctx.state.restore_speed_on_change = false;
                e.into()
            }
        }
    })
}

/// Sends SET STREAMING RestoreDefaults once after a medium change that
/// followed a non-persistent SET STREAMING.
///
/// The class driver does this from a work item when it sees UNIT ATTENTION
/// 28/xx. The filter sees every medium change as a move of the media-change
/// count (UNIT ATTENTION of any command, its own polls), so the media poll
/// calls this after each poll: restoring the defaults after a reset (29/xx)
/// too is harmless. If the command itself meets the pending UNIT ATTENTION
/// with a mounted volume (VERIFY_REQUIRED) the next poll tries again; any
/// other answer disarms it (once means once).
pub(crate) fn restore_speed_after_change<P: Port>(ctx: &mut Ctx<'_, P>) {
    if !ctx.state.restore_speed_on_change
        || ctx.shared.media_change_count.load(Ordering::Relaxed)
            == ctx.state.media.restore_speed_baseline
    {
        return;
    }
    match send_set_streaming(ctx, &PerformanceDescriptor::restore_defaults()) {
        Err(e) if e.status == NtStatus::VERIFY_REQUIRED => {}
        _ => ctx.state.restore_speed_on_change = false,
    }
}

/// IOCTL_CDROM_GET_PERFORMANCE (§2.6): GET PERFORMANCE straight into the
/// caller's buffer (the answer is the Windows structure).
///
/// The class driver rounds the transfer length up to the adapter alignment
/// inside its own scratch buffer; here the device writes into the caller's
/// buffer, which cannot grow, and the descriptor count in the CDB already
/// bounds the answer to the buffer.
pub fn get_performance<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((head, _)) = CdromWriteSpeedRequest::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    // (CDB byte 1, starting LBA, descriptor size, CDB type)
    let (byte1, lba, descriptor_len, kind) = match CdromPerformanceRequestType(head.request_type) {
        CdromPerformanceRequestType::PERFORMANCE => {
            let Ok((r, _)) = CdromPerformanceRequest::read_from_prefix(req.input) else {
                return NtStatus::INFO_LENGTH_MISMATCH.into();
            };
            let write = match CdromPerformanceType(r.performance_type) {
                CdromPerformanceType::READ => 0,
                CdromPerformanceType::WRITE => 1,
                _ => return NtStatus::INVALID_PARAMETER.into(),
            };
            let (except, size) = match CdromPerformanceExceptionType(r.exceptions) {
                CdromPerformanceExceptionType::NOMINAL => (0, 16),
                CdromPerformanceExceptionType::ENTIRE_LIST => (1, 16),
                CdromPerformanceExceptionType::EXCEPTIONS_ONLY => (2, 6),
                _ => return NtStatus::INVALID_PARAMETER.into(),
            };
            if CdromPerformanceToleranceType(r.tolerance)
                != CdromPerformanceToleranceType::TEN_NOMINAL_20_EXCEPTIONS
            {
                return NtStatus::INVALID_PARAMETER.into();
            }
            let byte1 = GET_PERFORMANCE_TOLERANCE_10 << 3 | write << 2 | except;
            (byte1, r.staring_lba, size, GET_PERFORMANCE_TYPE_PERFORMANCE)
        }
        CdromPerformanceRequestType::WRITE_SPEED => (0, 0, 16, GET_PERFORMANCE_TYPE_WRITE_SPEED),
        _ => return NtStatus::INVALID_PARAMETER.into(),
    };
    let out = req.output;
    let Some(room) = out.len().checked_sub(PERFORMANCE_HEADER_LEN) else {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, PERFORMANCE_HEADER_LEN);
    };
    let Ok(_) = u16::try_from(out.len()) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    // out ≤ 0xFFFF, so the count fits too.
    let max_descriptors = (room / descriptor_len) as u16;
    let cdb = get_performance_cdb(byte1, lba, max_descriptors, kind);
    serialized(dev, req.file, |ctx| {
        match ctx.send(Cdb::twelve(cdb), DataPhase::In(out), SendOpts::default()) {
            Ok(n) if n < PERFORMANCE_HEADER_LEN => NtStatus::INVALID_DEVICE_REQUEST.into(),
            Ok(n) => Completion::ok(n),
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_ENABLE_STREAMING (§2.7): per-handle streaming flags; no CDB.
pub fn enable_streaming<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((c, _)) = CdromStreamingControl::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let flags = match StreamingControlRequestType(c.request_type) {
        StreamingControlRequestType::DISABLE => 0,
        StreamingControlRequestType::ENABLE_FOR_READ_ONLY => streaming::READ,
        StreamingControlRequestType::ENABLE_FOR_WRITE_ONLY => streaming::WRITE,
        StreamingControlRequestType::ENABLE_FOR_READ_WRITE => streaming::READ | streaming::WRITE,
        _ => return NtStatus::INVALID_PARAMETER.into(),
    };
    // Serialised so reads and writes issued before it finish under the old
    // setting.
    serialized(dev, req.file, |ctx| {
        let Some(file) = ctx.file else {
            return NtStatus::INVALID_HANDLE.into();
        };
        if flags != 0 && ctx.state.caps.stale {
            super::probe::probe_capabilities(ctx);
        }
        let caps = ctx.state.caps;
        let refused = ctx.state.media.streaming_refused;
        if flags & streaming::READ != 0 && (!caps.streaming_read || refused) {
            return NtStatus::INVALID_DEVICE_REQUEST.into();
        }
        if flags & streaming::WRITE != 0 && (!caps.streaming_write || refused) {
            return NtStatus::INVALID_DEVICE_REQUEST.into();
        }
        file.streaming.store(flags, Ordering::Relaxed);
        Completion::ok(0)
    })
}

/// IOCTL_CDROM_SEND_OPC_INFORMATION (§2.8): SEND OPC INFORMATION with
/// DoOpc = 1 and the caller's exclusions.
pub fn send_opc_information<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((o, _)) = CdromSimpleOpcInfo::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    if CdromOpcInfoType(o.request_type) != CdromOpcInfoType::SIMPLE_OPC_INFO {
        return NtStatus::INVALID_PARAMETER.into();
    }
    let cdb = send_opc(o.exclude0 != 0, o.exclude1 != 0);
    serialized(dev, req.file, |ctx| {
        let opts = SendOpts {
            timeout_secs: Some(ctx.shared.default_timeout_secs.max(OPC_TIMEOUT_SECS)),
            ..SendOpts::default()
        };
        match ctx.send(Cdb::ten(cdb), DataPhase::None, opts) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

#[cfg(test)]
mod tests;
