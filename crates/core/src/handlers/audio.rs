//! The legacy audio IOCTLs and the play state.

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn play_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn seek_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn pause_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn resume_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn stop_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn read_q_channel<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn set_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}
/// The play state, refreshed from the drive: used by reads and the TOC
/// family before they answer STATUS_DEVICE_BUSY. Not implemented yet:
/// returns the cached flag.
pub fn refresh_play_state<P: crate::port::Port>(ctx: &mut crate::device::Ctx<'_, P>) -> bool {
    ctx.shared
        .play_active
        .load(core::sync::atomic::Ordering::Relaxed)
}
