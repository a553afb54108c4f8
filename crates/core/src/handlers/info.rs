//! Configuration, inquiry, geometry and capacity IOCTLs.

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_configuration<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_inquiry_data<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_drive_geometry<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_drive_geometry_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_length_info<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn read_capacity<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Sends INQUIRY and caches the answer for GET_INQUIRY_DATA (device start).
/// Not implemented yet: caches nothing.
pub fn cache_inquiry<P: Platform>(dev: &mut Device<P>) -> Result<(), NtStatus> {
    let _ = dev;
    Ok(())
}
