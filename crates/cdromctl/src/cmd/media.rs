//! `cdromctl eject`, `load` and `verify` (CHECK_VERIFY with the
//! media-change count).

use serde_json::json;

use cdfilter_core::ioctl::Ioctl;

use crate::error::Error;
use crate::render::Out;
use crate::session::{Session, NO_INPUT};

/// IOCTL_STORAGE_CHECK_VERIFY: the media-change count.
pub fn verify(s: &Session<'_>) -> Result<u32, Error> {
    s.query(Ioctl::StorageCheckVerify, NO_INPUT, size_of::<u32>())
}

/// `cdromctl verify`.
pub fn run_verify(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let count = verify(s)?;
    out.emit(
        &format!("  medium       present and unchanged since the last check; media-change count {count}\n"),
        &json!({"ready": true, "media_change_count": count}),
    );
    Ok(())
}
