//! IRP_MJ_READ / IRP_MJ_WRITE: gated in the class driver's order, then
//! passed down — or, for a handle with streaming enabled, issued by the
//! filter itself as READ(12)/WRITE(12) with the Streaming bit straight
//! into (out of) the caller's buffer.
//!
//! Order (rawread-exclusive-audio.md §3.5, §7 item 18; ioctls.md §4.4):
//! 1. DO_VERIFY_VOLUME → STATUS_VERIFY_REQUIRED;
//! 2. playing → STATUS_DEVICE_BUSY;
//! 3. another handle's exclusive lock → STATUS_ACCESS_DENIED;
//! 4. zero length → success;
//! 5. offset or length not a multiple of 2048 → STATUS_INVALID_DEVICE_REQUEST;
//! 6. past the capacity of a read-only medium → STATUS_INVALID_DEVICE_REQUEST.
//!
//! Pitfall of the class driver (§7 item 13): it checks the raw PlayActive
//! flag, so once playback ends by itself every read fails with DEVICE_BUSY
//! until something refreshes the flag. Here a set flag is refreshed from
//! the drive inside the serialised section before it refuses a read. For a
//! handle locked out by another handle's exclusive lock no command is sent
//! on its behalf: the raw flag decides, and the request fails either way.

use core::sync::atomic::Ordering;

use crate::device::{streaming, CmdError, Ctx, Device, FileContext, Platform, SendOpts};
use crate::dispatch::{Completion, Outcome};
use crate::handlers::exclusive::may_access;
use crate::port::{Cdb, DataPhase, Port, PortResult, SrbStatus};
use crate::scsi::media::writable_profile;
use crate::scsi::opcode;
use crate::scsi::speed::rw12;
use crate::sense::{self, key, Sense};
use crate::status::NtStatus;

/// The cooked sector size reads and writes are counted in.
pub const SECTOR: usize = 2048;

/// The caller's buffer of a read or a write.
enum Data<'a> {
    Read(&'a mut [u8]),
    Write(&'a [u8]),
}

impl Data<'_> {
    fn len(&self) -> usize {
        match self {
            Self::Read(b) => b.len(),
            Self::Write(b) => b.len(),
        }
    }

    const fn is_write(&self) -> bool {
        matches!(self, Self::Write(_))
    }

    /// `len` bytes at `at` as a data phase (a window of the caller's
    /// buffer: the device transfers straight into or out of it).
    fn window(&mut self, at: usize, len: usize) -> Option<DataPhase<'_>> {
        let end = at.checked_add(len)?;
        match self {
            Self::Read(b) => b.get_mut(at..end).map(DataPhase::In),
            Self::Write(b) => b.get(at..end).map(DataPhase::Out),
        }
    }
}

/// IRP_MJ_READ of `out.len()` bytes at byte `offset`.
pub fn read<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    offset: u64,
    out: &mut [u8],
) -> Outcome {
    transfer(dev, file, offset, Data::Read(out))
}

/// IRP_MJ_WRITE of `data` at byte `offset`, gated like a read.
pub fn write<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    offset: u64,
    data: &[u8],
) -> Outcome {
    transfer(dev, file, offset, Data::Write(data))
}

fn transfer<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    offset: u64,
    data: Data<'_>,
) -> Outcome {
    if dev.shared.verify_volume.load(Ordering::Relaxed) {
        return Outcome::Complete(NtStatus::VERIFY_REQUIRED.into());
    }
    // The lock is checked inside, after the play state, in the class
    // driver's order.
    dev.run(file, false, |ctx| gate_and_issue(ctx, offset, data))
        .unwrap_or_else(|s| Outcome::Complete(s.into()))
}

fn gate_and_issue<P: Port>(ctx: &mut Ctx<'_, P>, offset: u64, data: Data<'_>) -> Outcome {
    let allowed = may_access(ctx.shared, ctx.file);
    if ctx.shared.play_active.load(Ordering::Relaxed) {
        let playing = if allowed {
            super::audio::refresh_play_state(ctx)
        } else {
            true
        };
        if playing {
            return Outcome::Complete(NtStatus::DEVICE_BUSY.into());
        }
    }
    if !allowed {
        return Outcome::Complete(NtStatus::ACCESS_DENIED.into());
    }
    let len = data.len();
    if len == 0 {
        return Outcome::Complete(Completion::ok(0));
    }
    if offset % SECTOR as u64 != 0 || len % SECTOR != 0 {
        return Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into());
    }
    if beyond_read_only_medium(ctx, offset, len) {
        return Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into());
    }
    let wanted = if data.is_write() {
        streaming::WRITE
    } else {
        streaming::READ
    };
    let streams = ctx
        .file
        .is_some_and(|f| f.streaming.load(Ordering::Relaxed) & wanted != 0);
    if !streams || ctx.state.media.streaming_refused {
        return Outcome::PassDown;
    }
    let Ok(lba) = u32::try_from(offset / SECTOR as u64) else {
        return Outcome::Complete(NtStatus::INVALID_DEVICE_REQUEST.into());
    };
    Outcome::Complete(stream(ctx, lba, data))
}

/// The class driver bounds-checks only on drives that cannot write; the
/// probe records the current profile, not the drive's write capability,
/// so the check applies whenever the medium is not a writable one. Without
/// a cached capacity the drive judges.
fn beyond_read_only_medium<P: Port>(ctx: &Ctx<'_, P>, offset: u64, len: usize) -> bool {
    let Some(capacity) = ctx.state.capacity else {
        return false;
    };
    if writable_profile(ctx.state.caps.current_profile) {
        return false;
    }
    offset
        .checked_add(len as u64)
        .is_none_or(|end| end > capacity.partition_len)
}

/// A streaming read or write, split at the port's transfer limit, each
/// piece straight into (out of) the caller's buffer. Information is the
/// bytes transferred, also when a later piece fails.
fn stream<P: Port>(ctx: &mut Ctx<'_, P>, first_lba: u32, mut data: Data<'_>) -> Completion {
    let total = data.len();
    let limit = (ctx.port.max_transfer_bytes() as usize / SECTOR).max(1) * SECTOR;
    let write = data.is_write();
    let mut done = 0usize;
    let mut lba = first_lba;
    while done < total {
        let piece = limit.min(total - done);
        let blocks = (piece / SECTOR) as u32;
        let Some(window) = data.window(done, piece) else {
            break;
        };
        match send_piece(ctx, write, lba, blocks, window) {
            Ok(n) => {
                done += n;
                if n < piece {
                    break;
                }
            }
            Err(e) => return Completion::with_info(e.status, done),
        }
        let Some(next) = lba.checked_add(blocks) else {
            break;
        };
        lba = next;
    }
    Completion::ok(done)
}

/// True when a streaming command's failure shows the drive cannot stream
/// (§2.7): a timeout, a selection timeout, a bus reset, UNIT ATTENTION
/// 29h/2Eh, or ILLEGAL REQUEST other than 21h (LBA out of range).
fn refuses_streaming(r: &PortResult) -> bool {
    if matches!(
        r.srb_status,
        SrbStatus::TIMEOUT
            | SrbStatus::COMMAND_TIMEOUT
            | SrbStatus::SELECTION_TIMEOUT
            | SrbStatus::BUS_RESET
    ) {
        return true;
    }
    let sense = if r.sense_len >= 8 {
        Sense::parse(r.sense_bytes())
    } else {
        None
    };
    match sense {
        Some(Sense {
            key: key::UNIT_ATTENTION,
            asc: Some(0x29 | 0x2E),
            ..
        }) => true,
        Some(Sense {
            key: key::ILLEGAL_REQUEST,
            asc,
            ..
        }) => asc != Some(0x21),
        _ => false,
    }
}

/// One piece: READ(12)/WRITE(12) with Streaming, one try at a time so the
/// first answer that shows the drive cannot stream switches the device to
/// "no streaming" and the piece is sent again at once without the bit
/// (later requests of the handle then pass down). Other failures follow
/// the opcode's retry policy.
fn send_piece<P: Port>(
    ctx: &mut Ctx<'_, P>,
    write: bool,
    lba: u32,
    blocks: u32,
    mut data: DataPhase<'_>,
) -> Result<usize, CmdError> {
    let op = if write {
        opcode::WRITE12
    } else {
        opcode::READ12
    };
    // A read's pages are the caller's (direct I/O): see
    // `SendOpts::caller_memory`.
    let caller = SendOpts {
        caller_memory: true,
        ..SendOpts::default()
    };
    let one_try = SendOpts {
        max_retries: Some(0),
        ..caller
    };
    let max_retries = sense::policy(op).max_retries;
    let mut retried = 0u32;
    while !ctx.state.media.streaming_refused {
        let cdb = Cdb::twelve(rw12(write, lba, blocks, true));
        let err = match ctx.send(cdb, data.reborrow(), one_try) {
            Ok(n) => return Ok(n),
            Err(e) => e,
        };
        let Some(raw) = ctx.last_failure().copied() else {
            return Err(err);
        };
        if refuses_streaming(&raw) {
            ctx.state.media.streaming_refused = true;
            break;
        }
        let mounted = ctx.shared.volume_mounted.load(Ordering::Relaxed);
        let verdict = sense::interpret(op, &raw, mounted);
        if !verdict.retry || retried >= max_retries {
            return Err(err);
        }
        retried += 1;
        ctx.port.delay(verdict.delay_100ns);
    }
    ctx.send(Cdb::twelve(rw12(write, lba, blocks, false)), data, caller)
}

#[cfg(test)]
mod tests;
