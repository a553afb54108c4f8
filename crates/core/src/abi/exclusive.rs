//! Windows structures of IOCTL_CDROM_EXCLUSIVE_ACCESS (`ntddcdrm.h`).

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `CDROM_EXCLUSIVE_CALLER_LENGTH`: bytes of the caller-name field.
pub const CDROM_EXCLUSIVE_CALLER_LENGTH: usize = 64;

/// `CDROM_LOCK_IGNORE_VOLUME`: lock even though a file system is mounted.
pub const CDROM_LOCK_IGNORE_VOLUME: u32 = 0x1;

/// `CDROM_NO_MEDIA_NOTIFICATIONS`: on unlock, send no synthetic removal and
/// arrival notifications.
pub const CDROM_NO_MEDIA_NOTIFICATIONS: u32 = 0x2;

/// `CDROM_NOT_IN_EXCLUSIVE_MODE`: LockState of an unlocked device.
pub const CDROM_NOT_IN_EXCLUSIVE_MODE: u8 = 0;

/// `CDROM_IN_EXCLUSIVE_MODE`: LockState of a locked device.
pub const CDROM_IN_EXCLUSIVE_MODE: u8 = 1;

/// `EXCLUSIVE_ACCESS_REQUEST_TYPE`, an int-sized enum. Open: an unknown
/// value fits and is refused with STATUS_INVALID_PARAMETER.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(transparent)]
pub struct ExclusiveAccessRequestType(pub u32);

impl ExclusiveAccessRequestType {
    /// `ExclusiveAccessQueryState`.
    pub const QUERY_STATE: Self = Self(0);
    /// `ExclusiveAccessLockDevice`.
    pub const LOCK_DEVICE: Self = Self(1);
    /// `ExclusiveAccessUnlockDevice`.
    pub const UNLOCK_DEVICE: Self = Self(2);
}

/// `CDROM_EXCLUSIVE_ACCESS` (8 bytes): the input of query and unlock, and
/// the head of the lock input.
#[derive(Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(C)]
pub struct CdromExclusiveAccess {
    /// Query, lock or unlock.
    pub request_type: ExclusiveAccessRequestType,
    /// `CDROM_LOCK_IGNORE_VOLUME`, `CDROM_NO_MEDIA_NOTIFICATIONS`.
    pub flags: u32,
}

/// `CDROM_EXCLUSIVE_LOCK` (72 bytes): the input of the lock request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(C)]
pub struct CdromExclusiveLock {
    /// Request type and flags.
    pub access: CdromExclusiveAccess,
    /// NUL-terminated caller name, 1–63 characters.
    pub caller_name: [u8; CDROM_EXCLUSIVE_CALLER_LENGTH],
}

/// `CDROM_EXCLUSIVE_LOCK_STATE` (65 bytes, alignment 1): the output of the
/// query.
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout, Unaligned,
)]
#[repr(C)]
pub struct CdromExclusiveLockState {
    /// BOOLEAN: 1 when some handle holds the lock.
    pub lock_state: u8,
    /// The holder's name, zero padded; all zero when unlocked.
    pub caller_name: [u8; CDROM_EXCLUSIVE_CALLER_LENGTH],
}

const _: () = assert!(size_of::<CdromExclusiveAccess>() == 8);
const _: () = assert!(size_of::<CdromExclusiveLock>() == 72);
const _: () = assert!(core::mem::offset_of!(CdromExclusiveLock, caller_name) == 8);
const _: () = assert!(size_of::<CdromExclusiveLockState>() == 65);
const _: () = assert!(align_of::<CdromExclusiveLockState>() == 1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_input_puts_the_name_at_offset_8() {
        let mut bytes = [0u8; 72];
        bytes[..8].copy_from_slice(&[1, 0, 0, 0, 3, 0, 0, 0]);
        bytes[8..11].copy_from_slice(b"abc");
        let (lock, _) = CdromExclusiveLock::read_from_prefix(&bytes).expect("72 bytes");
        assert_eq!(
            lock.access.request_type,
            ExclusiveAccessRequestType::LOCK_DEVICE
        );
        assert_eq!(
            lock.access.flags,
            CDROM_LOCK_IGNORE_VOLUME | CDROM_NO_MEDIA_NOTIFICATIONS
        );
        assert_eq!(&lock.caller_name[..4], b"abc\0");
    }
}
