//! `cdromctl lock NAME`, `unlock` and `lock-state`: IOCTL_CDROM_EXCLUSIVE_ACCESS.
//!
//! The lock belongs to the handle that took it and is released when that
//! handle closes, so on the host stack (one process, one handle) `lock`
//! shows the lock being taken and released; `script` and `demo` keep
//! handles open across requests.

use serde_json::json;

use cdfilter_core::abi::exclusive::{
    CdromExclusiveAccess, CdromExclusiveLock, ExclusiveAccessRequestType,
    CDROM_EXCLUSIVE_CALLER_LENGTH, CDROM_LOCK_IGNORE_VOLUME, CDROM_NO_MEDIA_NOTIFICATIONS,
};
use cdfilter_core::ioctl::Ioctl;

use crate::error::{usage, Error};
use crate::render::Out;
use crate::session::{c_string, Session};

/// The lock input for `name`: 1–63 bytes, NUL-terminated in 64.
pub fn lock_input(name: &str, ignore_volume: bool) -> Result<CdromExclusiveLock, Error> {
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() >= CDROM_EXCLUSIVE_CALLER_LENGTH {
        return Err(usage(format!(
            "the lock name must have 1 to {} characters",
            CDROM_EXCLUSIVE_CALLER_LENGTH - 1
        )));
    }
    let mut caller_name = [0u8; CDROM_EXCLUSIVE_CALLER_LENGTH];
    caller_name[..bytes.len()].copy_from_slice(bytes);
    Ok(CdromExclusiveLock {
        access: CdromExclusiveAccess {
            request_type: ExclusiveAccessRequestType::LOCK_DEVICE,
            flags: if ignore_volume {
                CDROM_LOCK_IGNORE_VOLUME
            } else {
                0
            },
        },
        caller_name,
    })
}

/// Locks the device for this handle.
pub fn lock(s: &Session<'_>, name: &str, ignore_volume: bool) -> Result<(), Error> {
    s.call(
        Ioctl::CdromExclusiveAccess,
        &lock_input(name, ignore_volume)?,
        0,
    )
    .map(drop)
}

/// Unlocks the device (this handle must hold the lock).
pub fn unlock(s: &Session<'_>, no_notifications: bool) -> Result<(), Error> {
    let input = CdromExclusiveAccess {
        request_type: ExclusiveAccessRequestType::UNLOCK_DEVICE,
        flags: if no_notifications {
            CDROM_NO_MEDIA_NOTIFICATIONS
        } else {
            0
        },
    };
    s.call(Ioctl::CdromExclusiveAccess, &input, 0).map(drop)
}

/// `(locked, holder's name)`.
pub fn state(s: &Session<'_>) -> Result<(bool, String), Error> {
    let st = s.lock_state()?;
    Ok((st.lock_state != 0, c_string(&st.caller_name)))
}

/// Prints the lock state.
pub fn show_state(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let (locked, name) = state(s)?;
    let text = if locked {
        format!("  lock         held by \"{name}\"\n")
    } else {
        "  lock         not locked\n".to_owned()
    };
    out.emit(
        &text,
        &json!({"locked": locked, "caller_name": locked.then_some(name)}),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use zerocopy::IntoBytes;

    #[test]
    fn lock_input_bytes() {
        let i = lock_input("demo A", true).unwrap();
        let b = i.as_bytes();
        assert_eq!(b.len(), 72);
        assert_eq!(&b[..8], &[1, 0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(&b[8..15], b"demo A\0");
    }

    #[test]
    fn names_must_fit() {
        assert_eq!(lock_input("", false).unwrap_err().exit_code(), 2);
        assert!(lock_input(&"x".repeat(64), false).is_err());
        assert!(lock_input(&"x".repeat(63), false).is_ok());
    }
}
