//! Media IOCTLs: check-verify, eject/load, removal locks, reserve/release, media types, MCN control.

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn check_verify<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn media_removal<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn ejection_control<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn eject_media<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn load_media<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn reserve<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn release<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_media_types_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn mcn_control<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Drops the removal locks `file` holds (IRP_MJ_CLEANUP). Not implemented yet.
pub fn release_handle<P: Platform>(dev: &Device<P>, file: &crate::device::FileContext) {
    let _ = (dev, file);
}
/// One media-change poll (the glue's timer, the host's tests): suspended
/// while an exclusive lock is held. Not implemented yet.
pub fn poll_media<P: Platform>(dev: &Device<P>) {
    let _ = dev;
}
