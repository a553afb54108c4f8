//! IRP_MJ_READ / IRP_MJ_WRITE: gated by the verify flag, the play state and
//! the exclusive lock, then passed down.

use core::sync::atomic::Ordering;

use crate::device::{Device, FileContext, Platform};
use crate::dispatch::{Completion, Outcome};
use crate::status::NtStatus;

/// IRP_MJ_READ of `len` bytes at byte `offset`, in the class driver's order:
/// verify required, then busy playing, then the exclusive lock, then a zero
/// length succeeds; everything else goes down.
pub fn read<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    offset: u64,
    out: &mut [u8],
) -> Outcome {
    let _ = offset;
    gate(dev, file, out.len())
}

/// IRP_MJ_WRITE, gated like a read.
pub fn write<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    offset: u64,
    data: &[u8],
) -> Outcome {
    let _ = offset;
    gate(dev, file, data.len())
}

fn gate<P: Platform>(dev: &Device<P>, file: Option<&FileContext>, len: usize) -> Outcome {
    if dev.shared.verify_volume.load(Ordering::Relaxed) {
        return Outcome::Complete(Completion::error(NtStatus::VERIFY_REQUIRED));
    }
    if dev.shared.play_active.load(Ordering::Relaxed) {
        return Outcome::Complete(Completion::error(NtStatus::DEVICE_BUSY));
    }
    if !super::exclusive::may_access(&dev.shared, file) {
        return Outcome::Complete(Completion::error(NtStatus::ACCESS_DENIED));
    }
    if len == 0 {
        return Outcome::Complete(Completion::ok(0));
    }
    Outcome::PassDown
}
