//! Speed, performance, streaming and OPC IOCTLs.

use crate::device::{Device, Platform};
use crate::dispatch::{Completion, IoctlRequest};
use crate::status::NtStatus;

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn set_speed<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn get_performance<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn enable_streaming<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}

/// Not implemented yet: answers STATUS_NOT_IMPLEMENTED truthfully.
pub fn send_opc_information<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let _ = (dev, req);
    Completion::error(NtStatus::NOT_IMPLEMENTED)
}
